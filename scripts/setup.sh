#!/usr/bin/env bash
# Install what kg needs from Debian's packages (only what is missing), then
# configure and build in Release under build/.
#
#   scripts/setup.sh            build + test dependencies, then build
#   scripts/setup.sh --deps     dependencies only
#   scripts/setup.sh --deps --fuzz   also clang and libFuzzer (for `make fuzz`)
#   KG_BUILD_DIR=dir            build somewhere other than build/
#
# Runs as root, or through sudo when not root. Exits non-zero on failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${KG_BUILD_DIR:-$here/build}

# Build dependencies. OpenCC (libopencc-dev; its dictionaries come with it, its
# command-line tool, used by scripts/common_word_candidates.py, in opencc)
# converts between simplified and traditional characters for the gazetteer.
build_pkgs=(cmake make g++ pkg-config libboost-graph-dev rapidjson-dev libicu-dev libfmt-dev
            doctest-dev libcli11-dev libopencc-dev opencc)
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
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# jsonld.js for the export checks, pinned by ../shared/tools/package-lock.json.
tools="$here/../shared/tools"
if [ -f "$tools/package-lock.json" ] && [ ! -d "$tools/node_modules/jsonld" ] && [ -w "$tools" ]; then
  (cd "$tools" && npm ci --no-audit --no-fund --silent) || echo "setup: npm ci in $tools failed; JSON-LD checks will be skipped" >&2
fi

[ "${1:-}" = "--deps" ] && exit 0

cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DKG_BUILD_TESTS=ON >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
