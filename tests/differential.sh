#!/usr/bin/env bash
# Differential test of the extraction (issue 22): the whole DocumentResult of a fixed corpus,
# as tests/extract_dump.cpp prints it, against a reference recorded from an earlier build.
#
#   differential.sh record  DUMP_BINARY SOURCE_DIR REF_DIR   write REF_DIR/reference.txt
#   differential.sh compare DUMP_BINARY SOURCE_DIR REF_DIR   compare with it (exit 77 when absent)
#
# Record with the binary of the code before a change (e.g. a copy of build/tests/kg_extract_dump
# built from the commit you start from), then every later build compares against it:
#   cp build/tests/kg_extract_dump /tmp/dump-before
#   tests/differential.sh record /tmp/dump-before . build/differential   (any paths: made absolute)
#   ... change the code, rebuild ...
#   cd build && ctest -R differential
# The corpus: seeds/, ../shared/dev/docs (when present), tests/data/bad, tests/data/heldout/docs,
# the fuzz corpora of fuzz_extract and fuzz_text, a synthetic corpus of 120 documents (bench/gen_corpus.py,
# 10% CP949) and the same synthetic text joined into one 0.5 MB document (the long-document paths).
set -u
mode=$1 dump=$2 src=$3 ref=$4
mkdir -p "$ref"
# Absolute paths, as ctest passes them: the dump's file order and its SRC/REF prefixes then do
# not depend on how the script was called ('.' as SOURCE_DIR used to mangle every path).
src=$(cd "$src" && pwd) ref=$(cd "$ref" && pwd)
corpus=$ref/corpus
if [ ! -f "$corpus/.complete" ]; then
  rm -rf "$corpus"
  mkdir -p "$corpus/synthetic" "$corpus/long"
  python3 "$src/bench/gen_corpus.py" "$corpus/synthetic" 120 --seed 22 --cp949-share 0.1 >/dev/null || exit 1
  # UTF-8 documents only, joined in name order, to about 0.5 MB
  for f in $(cd "$corpus/synthetic" && find . -name '*.txt' | LC_ALL=C sort); do
    iconv -f UTF-8 -t UTF-8 "$corpus/synthetic/$f" >/dev/null 2>&1 && cat "$corpus/synthetic/$f"
  done | head -c 500000 >"$corpus/long/joined.txt"
  # cut at a line end so the last character is whole
  python3 - "$corpus/long/joined.txt" <<'EOF'
import sys
p = sys.argv[1]
b = open(p, "rb").read()
open(p, "wb").write(b[: b.rfind(b"\n") + 1])
EOF
  touch "$corpus/.complete"
fi
inputs=("$src/seeds" "$src/tests/data/bad" "$src/tests/data/heldout/docs" "$src/tests/fuzz/corpus/fuzz_extract"
        "$src/tests/fuzz/corpus/fuzz_text" "$corpus/synthetic" "$corpus/long")
[ -d "$src/../shared/dev/docs" ] && inputs+=("$src/../shared/dev/docs")

# Paths are printed as SRC/... and REF/..., so the reference does not depend on where the checkout is.
run() { "$dump" "${inputs[@]}" | sed -e "s#$ref/#REF/#g" -e "s#$src/#SRC/#g"; }

case $mode in
  record)
    run >"$ref/reference.txt" || exit 1
    echo "recorded $(grep -c '^===' "$ref/reference.txt") documents, $(wc -l <"$ref/reference.txt") lines in $ref/reference.txt"
    ;;
  compare)
    if [ ! -f "$ref/reference.txt" ]; then
      echo "skipped: no reference in $ref (record one: tests/differential.sh record DUMP_BINARY SOURCE_DIR $ref)"
      exit 77
    fi
    run >"$ref/current.txt" || { echo "FAIL: $dump exited non-zero"; exit 1; }
    if ! cmp -s "$ref/reference.txt" "$ref/current.txt"; then
      echo "FAIL: the DocumentResults differ from the reference ($(grep -c '^===' "$ref/reference.txt") documents):"
      diff "$ref/reference.txt" "$ref/current.txt" | head -n 40
      exit 1
    fi
    echo "ok: $(grep -c '^===' "$ref/current.txt") documents, $(wc -l <"$ref/current.txt") lines identical to the reference"
    ;;
  *)
    echo "usage: $0 record|compare DUMP_BINARY SOURCE_DIR REF_DIR" >&2
    exit 2
    ;;
esac
