#!/usr/bin/env bash
# scripts/setup.sh on a machine that lacks a package and whose `npm ci` fails,
# with apt-get, dpkg-query, sudo and npm replaced by stand-ins on PATH: it says
# what it installs and how much, shows each package fetched, prints npm's
# reason once and does not retry npm on the next run.
# usage: setup_output.sh SOURCE_DIR
set -u
src=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kg-setup.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

mkdir -p "$tmp/bin" "$tmp/tools" "$tmp/build"
echo '{"lockfileVersion": 3}' >"$tmp/tools/package-lock.json"
# Every package installed except bc (and node/npm are found on PATH).
cat >"$tmp/bin/dpkg-query" <<'EOF'
#!/bin/sh
for p; do :; done
[ "$p" = bc ] && exit 1
echo "install ok installed"
EOF
cat >"$tmp/bin/apt-get" <<'EOF'
#!/bin/sh
case "$*" in
  *update*) exit 0 ;;
  *--assume-no*) echo "The following NEW packages will be installed:"; echo "  bc"
                 echo "Need to get 108 kB of archives."; echo "After this operation, 226 kB of additional disk space will be used."
                 echo "Abort."; exit 1 ;;
  *install*) echo "Get:1 http://deb.debian.org/debian bookworm/main amd64 bc amd64 1.07.1-3 [108 kB]"
             echo "Unpacking bc (1.07.1-3) ..."; echo "Setting up bc (1.07.1-3) ..."; exit 0 ;;
esac
EOF
cat >"$tmp/bin/npm" <<EOF
#!/bin/sh
echo ran >>"$tmp/npm-calls"
echo "npm ERR! code ETIMEDOUT" >&2
echo "npm ERR! network request to https://registry.npmjs.org/jsonld failed, reason: connect ETIMEDOUT" >&2
exit 1
EOF
printf '#!/bin/sh\nexec "$@"\n' >"$tmp/bin/sudo"
printf '#!/bin/sh\nexit 0\n' >"$tmp/bin/node"
chmod +x "$tmp/bin"/*

run() { PATH="$tmp/bin:$PATH" KG_SHARED_TOOLS="$tmp/tools" KG_BUILD_DIR="$tmp/build" "$src/scripts/setup.sh" --deps; }
run >"$tmp/out1" 2>&1 || fail "setup.sh --deps failed: $(cat "$tmp/out1")"
grep -q "setup: .*bc" "$tmp/out1" || fail "setup does not name the package it installs"
grep -q "Need to get 108 kB" "$tmp/out1" || fail "setup does not say how much it downloads"
grep -q "Get:1 .* bc " "$tmp/out1" || fail "setup shows no progress"
grep -q "ETIMEDOUT" "$tmp/out1" || fail "setup hides npm's reason"
run >"$tmp/out2" 2>&1 || fail "second setup.sh --deps failed"
[ "$(wc -l <"$tmp/npm-calls")" -eq 1 ] || fail "npm ci was retried on the second run"
grep -q "failed before" "$tmp/out2" || fail "the second run does not say npm ci failed before"
grep -q "ETIMEDOUT" "$tmp/out2" && fail "the second run prints npm's reason again"
rm "$tmp/build/npm-ci.log"
run >"$tmp/out3" 2>&1
[ "$(wc -l <"$tmp/npm-calls")" -eq 2 ] || fail "removing build/npm-ci.log does not retry npm ci"

echo "--- first run:"; cat "$tmp/out1"
[ $fails -eq 0 ] && echo "setup_output: all passed" || echo "setup_output: $fails failure(s)"
[ $fails -eq 0 ]
