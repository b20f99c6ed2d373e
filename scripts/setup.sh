#!/usr/bin/env bash
# Install what kg needs from Debian's packages (only what is missing), then
# configure and build in Release under build/.
#
#   scripts/setup.sh            build + test dependencies, then build
#   scripts/setup.sh --deps     dependencies only
#   scripts/setup.sh --deps --fuzz   also clang and libFuzzer (for `make fuzz`)
#   KG_BUILD_DIR=dir            build somewhere other than build/
#   KG_SHARED_TOOLS=dir         the export checks' tools (default ../shared/tools)
#
# Runs as root, or through sudo when not root. Exits non-zero on failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${KG_BUILD_DIR:-$here/build}

# Build dependencies. OpenCC (libopencc-dev; its dictionaries come with it, its
# command-line tool, used by scripts/common_word_candidates.py, in opencc)
# converts between simplified and traditional characters for the gazetteer.
# libssl-dev: OpenSSL's libcrypto, for the SHA-256 of every document.
build_pkgs=(cmake make g++ pkg-config libboost-graph-dev rapidjson-dev libicu-dev libfmt-dev
            doctest-dev libcli11-dev libopencc-dev opencc libssl-dev)
# Test and tooling dependencies: the export checks read our files as networkx,
# igraph, rdflib and jsonld.js do; graphviz draws --svg pictures with a Korean font.
test_pkgs=(python3 python3-networkx python3-igraph python3-rdflib libxml2-utils
           libjgrapht-java graphviz fonts-nanum nodejs npm time bc)

# Fuzzing (`make fuzz`) only: clang with its libFuzzer and sanitizer runtimes.
fuzz_pkgs=()
for a in "$@"; do [ "$a" = --fuzz ] && fuzz_pkgs=(clang libclang-rt-dev); done

missing=()
for p in "${build_pkgs[@]}" "${test_pkgs[@]}" "${fuzz_pkgs[@]}"; do
  if [ "$p" = nodejs ] || [ "$p" = npm ]; then
    # A Node.js from another source (nodesource) is fine when it is new enough.
    if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then continue; fi
  fi
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$status" in *"install ok installed"*) ;; *) missing+=("$p") ;; esac
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  echo "setup: ${#missing[@]} Debian package(s) missing: ${missing[*]}" >&2
  echo "setup: apt-get update ..." >&2
  $sudo apt-get update -qq
  # What it will cost, as apt says it ("Need to get 213 MB of archives"), before it starts.
  $sudo apt-get install --no-install-recommends --assume-no "${missing[@]}" 2>/dev/null |
    awk '/^(Need to get|After this operation)/ { print "setup: " $0 }' >&2 || true
  # Progress: one line per package fetched and set up.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" 2>&1 |
    awk '/^(Get:|Setting up|E:|W:)/ { print "setup: " $0; fflush() }' >&2
  echo "setup: Debian packages installed" >&2
fi

# jsonld.js for the export checks, pinned by ../shared/tools/package-lock.json.
# When `npm ci` fails its reason is printed once and kept in build/npm-ci.log;
# later runs do not retry (about a minute each) until that file is removed or
# the lock file changes.
tools=${KG_SHARED_TOOLS:-$here/../shared/tools}
npm_log="$build_dir/npm-ci.log"
if [ -f "$tools/package-lock.json" ] && [ ! -d "$tools/node_modules/jsonld" ] && [ -w "$tools" ]; then
  lock_sum=$(sha256sum "$tools/package-lock.json" | cut -d' ' -f1)
  if [ -f "$npm_log" ] && grep -q "^lock $lock_sum\$" "$npm_log"; then
    echo "setup: npm ci failed before (see $npm_log; remove it to retry); JSON-LD checks will be skipped" >&2
  else
    echo "setup: npm ci in $tools (jsonld.js for the export checks) ..." >&2
    mkdir -p "$build_dir"
    if ! out=$(cd "$tools" && npm ci --no-audit --no-fund --loglevel=error 2>&1); then
      { echo "lock $lock_sum"; echo "$out"; } >"$npm_log"
      echo "setup: npm ci in $tools failed; JSON-LD checks will be skipped. npm said:" >&2
      echo "$out" | grep -v '^\s*$' | tail -n 15 | sed 's/^/setup:   /' >&2
      echo "setup: (kept in $npm_log; not retried until it is removed or the lock file changes)" >&2
    else
      rm -f "$npm_log"
    fi
  fi
fi

[ "${1:-}" = "--deps" ] && exit 0

cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DKG_BUILD_TESTS=ON >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
