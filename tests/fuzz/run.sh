#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time (`make fuzz`).
# usage: tests/fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET] [TARGET...]
# Each target starts from its kept corpus (tests/fuzz/corpus/TARGET, copied so
# the repository is not written to) and the project's inputs of its kind. A
# crash stops the run with the input's path: copy it into
# tests/fuzz/corpus/TARGET/ so the ctest replay keeps it as a regression test.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$1
secs=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_text fuzz_extract fuzz_lexicon fuzz_jsonld fuzz_cache fuzz_index)
status=0
for t in "${targets[@]}"; do
  bin=$build/tests/fuzz/$t
  [ -x "$bin" ] || { echo "fuzz: $bin not built (make fuzz builds it)" >&2; exit 2; }
  work=$build/fuzz-work/$t
  art=$build/fuzz-artifacts/$t/
  mkdir -p "$work" "$art"
  cp -n "$here/corpus/$t"/* "$work"/ 2>/dev/null || true
  mapfile -t extra < "$build/tests/fuzz/$t.dirs"
  echo "fuzz: $t for ${secs}s"
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=1048576 \
      -artifact_prefix="$art" -print_final_stats=1 "$work" "${extra[@]}" >"$build/fuzz-work/$t.log" 2>&1; then
    echo "fuzz: $t FAILED; log: $build/fuzz-work/$t.log; inputs:" >&2
    ls "$art" >&2
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$build/fuzz-work/$t.log" | tail -3
done
exit $status
