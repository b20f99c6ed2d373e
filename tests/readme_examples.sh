#!/usr/bin/env bash
# Every example of the README (the `kg ...` lines of its ```sh blocks) and of
# `kg --help` / `kg COMMAND --help` (the lines after "Example:" /
# "Examples:") is run on the seeds' graph and must succeed (exit 0).
# Examples that draw (--svg) need Graphviz's dot, `kg eval --gold ../shared/...`
# needs ../shared; without them they are listed as skipped.
# usage: readme_examples.sh KG_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kg-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0 ran=0

# The examples run in a folder laid out as a checkout: seeds/, tests/ and
# ../shared beside it, and the graph of the seeds in out/ (the default).
w="$tmp/repo"
mkdir -p "$w"
for d in seeds tests schema extract; do ln -s "$src/$d" "$w/$d"; done
[ -d "$src/../shared" ] && ln -s "$(cd "$src/../shared" && pwd)" "$tmp/shared"
(cd "$w" && "$bin" build seeds -q) || { echo "FAIL: kg build seeds"; exit 1; }

{
  # README: ```sh blocks.
  awk '/^```/ { inblock = !inblock; sh = ($0 ~ /^```sh/); next } inblock && sh && /^kg / { print }' "$src/README.md" |
    sed 's/[[:space:]]\+#.*$//' | sed 's/^/README: /'
  # --help of kg and of every command.
  for c in "" build extract eval path neighbors show stats find; do
    "$bin" $c --help | awk -v c="kg $c --help" '
      /Examples?:[[:space:]]+kg / { sub(/.*Examples?:[[:space:]]+/, ""); print c ": " $0; more = 1; next }
      more && /^[[:space:]]+kg / { sub(/^[[:space:]]+/, ""); print c ": " $0; next }
      { more = 0 }'
  done
} | sed 's/[[:space:]][[:space:]]\+(.*$//' >"$tmp/examples"

[ -s "$tmp/examples" ] || { echo "FAIL: no examples found"; exit 1; }
kg() { "$bin" "$@"; }
while IFS= read -r line; do
  where=${line%%: kg *}
  cmd=kg${line#*: kg}
  if [[ $cmd == *--svg* ]] && ! command -v dot >/dev/null; then
    echo "skipped (no dot): $cmd"
    continue
  fi
  if [[ $cmd == *../shared* ]] && [ ! -d "$tmp/shared" ]; then
    echo "skipped (no ../shared): $cmd"
    continue
  fi
  ran=$((ran + 1))
  if (cd "$w" && eval "$cmd") >"$tmp/out" 2>"$tmp/err" </dev/null; then
    echo "ok: [$where] $cmd"
  else
    echo "FAIL: [$where] $cmd: exit $?"
    head -5 "$tmp/err" "$tmp/out" | sed 's/^/    /'
    fails=$((fails + 1))
  fi
done <"$tmp/examples"

echo "examples: $ran run, $fails failed"
[ $fails -eq 0 ]
