#!/usr/bin/env bash
# Benchmarks at scale: prints the figures, never asserts them (see README, "Benchmarks").
# (Extraction speed side by side, issue 22: bench/run.sh.)
#   bench/scale.sh [SIZES...]      default: 1000 10000
# For each size: a deterministic synthetic corpus (bench/gen_corpus.py), then
#   - kg build with --jobs 1 and with all cores: wall time, MB/s, docs/s, peak RSS, and its
#     phases (read + extract, merge, export write time)
#   - the grep -F floor: all lexicon names matched over the same corpus
#   - kg stats on the export (load + Boost.Graph statistics) and one kg path query
#   - kg_query_bench: opening the graph through its query index, 200 path queries
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kg=${KG:-$here/build/kg}
query_bench=${KG_QUERY_BENCH:-$here/build/bench/kg_query_bench}
out=$here/bench/out
mkdir -p "$out"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)
cut -f2,3 "$here"/schema/data/*.tsv | grep -v '^#' | tr '\t|' '\n\n' | grep -v '^$' | sort -u >"$out/names.txt"

measure() {  # measure LABEL CMD... -> prints wall seconds and peak RSS (KiB)
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >/dev/null 2>"$out/err.txt" || true
  read -r secs rss <"$out/time.txt"
  echo "$secs $rss"
}

printf '%-8s %-22s %10s %10s %10s %12s\n' docs what seconds MB/s docs/s "peak RSS MiB"
for n in "${sizes[@]}"; do
  corpus=$out/corpus-$n
  [ -d "$corpus" ] || python3 "$here/bench/gen_corpus.py" "$corpus" "$n" --seed 7
  mb=$(du -sb "$corpus" | awk '{print $1/1e6}')
  for jobs in 1 "$(nproc)"; do
    read -r secs rss < <(measure build "$kg" build "$corpus" -o "$out/graph-$n" --jobs "$jobs" -q --no-progress --timings)
    printf '%-8s %-22s %10.2f %10.2f %10.0f %12.0f\n' "$n" "kg build --jobs $jobs" "$secs" \
      "$(echo "$mb / $secs" | bc -l)" "$(echo "$n / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
    # its phases: read + extract, merge, writing the exports
    grep -o 'timings: .*' "$out/err.txt" | sed "s/^/$n  phases (--jobs $jobs): /" || true
  done
  read -r secs rss < <(measure update "$kg" build "$corpus" --update "$out/graph-$n" -q --no-progress)
  printf '%-8s %-22s %10.2f %10s %10s %12.0f\n' "$n" "--update, no change" "$secs" - - "$(echo "$rss / 1024" | bc -l)"
  read -r secs rss < <(measure grep grep -rFc -f "$out/names.txt" "$corpus")
  printf '%-8s %-22s %10.2f %10.2f %10.0f %12.0f\n' "$n" "grep -F floor" "$secs" "$(echo "$mb / $secs" | bc -l)" \
    "$(echo "$n / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
  read -r secs rss < <(measure stats "$kg" stats --graph "$out/graph-$n/graph.jsonld")
  printf '%-8s %-22s %10.2f %10s %10s %12.0f\n' "$n" "load + stats" "$secs" - - "$(echo "$rss / 1024" | bc -l)"
  read -r secs rss < <(measure path "$kg" path 국무원 미래창조과학부 --graph "$out/graph-$n/graph.jsonld")
  printf '%-8s %-22s %10.2f %10s %10s %12.0f\n' "$n" "load + path" "$secs" - - "$(echo "$rss / 1024" | bc -l)"
  if [ -x "$query_bench" ]; then
    "$query_bench" "$out/graph-$n/graph.jsonld" 200 | sed "s/^/$n  query bench: /"
  fi
done
