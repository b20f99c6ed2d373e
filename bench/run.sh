#!/usr/bin/env bash
# Extraction speed side by side, in one run (issue 22). Prints figures, asserts nothing.
#   bench/run.sh [--repeat N] [--docs N] [--seeds-copies N] [--long-mb N]
# Defaults: 3 repeats (the median of each figure is printed, with its range), a synthetic
# corpus of 1000 documents (bench/gen_corpus.py --seed 7), the seeds ×300, 4 MB of text.
#   1. extraction MB/s per core, in memory (kg_extract_bench, thread CPU time): synthetic, seeds ×N,
#      with the front end's stages (decode, NFKC + offset map, segmentation) beside it;
#   2. read + extract CPU seconds (kg_extract_bench --whole-only: each file read and extracted)
#      against the grep -F floor (all lexicon names, grep -rFc, user + system CPU) and their ratio;
#      the whole `kg build --jobs 1` (lexicon load, extraction, merge, four exports) beside it;
#   3. the same text (bench/rechunk.py) as 16 KB documents and as 4 MB documents: extraction
#      CPU seconds and the ratio of the two;
#   4. the lexicon (issue 17): the seed-era lexicon (bench/data/seed_lexicon, 467 lines) beside
#      today's, load time in ms and automaton scan MB/s over the synthetic corpus
#      (kg_extract_bench --lexicons; one run, its own medians of 5 loads).
# Build-time scaling, --update, memory and query figures: bench/scale.sh.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kg=${KG:-$here/build/kg}
bench=${KG_EXTRACT_BENCH:-$here/build/bench/kg_extract_bench}
out=$here/bench/out
repeat=3 docs=1000 copies=300 long_mb=4
while [ $# -gt 0 ]; do
  case $1 in
    --repeat) repeat=$2; shift 2 ;;
    --docs) docs=$2; shift 2 ;;
    --seeds-copies) copies=$2; shift 2 ;;
    --long-mb) long_mb=$2; shift 2 ;;
    *) echo "usage: $0 [--repeat N] [--docs N] [--seeds-copies N] [--long-mb N]" >&2; exit 2 ;;
  esac
done
for b in "$kg" "$bench"; do [ -x "$b" ] || { echo "bench: $b is missing (make build)" >&2; exit 1; }; done
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kg-bench.XXXXXX")  # this run's own files: runs may share bench/out
trap 'rm -rf "$tmp"' EXIT
cut -f2,3 "$here"/schema/data/*.tsv | grep -v '^#' | tr '\t|' '\n\n' | grep -v '^$' | sort -u >"$tmp/names.txt"

# The corpora (made once, deterministic).
synthetic=$out/corpus-$docs
[ -d "$synthetic" ] || python3 "$here/bench/gen_corpus.py" "$synthetic" "$docs" --seed 7
seeds=$out/seeds-x$copies
if [ ! -f "$seeds/.complete" ]; then
  rm -rf "$seeds" && mkdir -p "$seeds"
  for i in $(seq -w 1 "$copies"); do
    for f in "$here"/seeds/*.txt; do cp "$f" "$seeds/$i-$(basename "$f")"; done
  done
  touch "$seeds/.complete"
fi
long_bytes=$((long_mb * 1000000))
big=$out/text-${long_mb}mb-as-4mb small=$out/text-${long_mb}mb-as-16kb
big_corpus=$out/corpus-$((long_mb * 300))  # about 1.2 MB per 300 documents
[ -d "$big_corpus" ] || python3 "$here/bench/gen_corpus.py" "$big_corpus" $((long_mb * 300)) --seed 7
[ -d "$big" ] || python3 "$here/bench/rechunk.py" "$big_corpus" "$big" "$long_bytes" 4000000
[ -d "$small" ] || python3 "$here/bench/rechunk.py" "$big_corpus" "$small" "$long_bytes" 16384

mb() { du -sb --exclude=.complete "$1" | awk '{printf "%.2f", $1 / 1e6}'; }
# median VALUES... -> "median (min-max)"
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
  printf "%.3f (%.3f-%.3f)", m, v[1], v[NR]}'; }
med() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
stage() {  # stage DIR ROWNAME [--whole-only] -> CPU seconds of that row
  local dir=$1 row=$2
  shift 2
  "$bench" "$dir" 1 "$@" | awk -v r="$row" 'index($0, r) == 1 { print $(NF - 1) }'
}
cpu() {  # cpu CMD... -> user + system CPU seconds (bash's time: milliseconds, finer than time(1)'s 10 ms)
  local TIMEFORMAT='%3U %3S'
  { time "$@" >/dev/null 2>&1 || true; } 2>&1 | awk '{print $1 + $2}'
}

syn_mb=$(mb "$synthetic") seeds_mb=$(mb "$seeds") big_mb=$(mb "$big") small_mb=$(mb "$small")
echo "bench/run.sh: $repeat repeat(s), medians (min-max); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpora: synthetic $docs docs $syn_mb MB; seeds x$copies $seeds_mb MB; ${long_mb} MB of text as" \
     "$(ls "$big" | wc -l) and as $(ls "$small" | wc -l) documents"
declare -A v
for ((r = 1; r <= repeat; r++)); do
  for c in syn seeds; do
    dir=$synthetic
    [ $c = seeds ] && dir=$seeds
    "$bench" "$dir" 1 >"$tmp/stages.txt"
    for row in decode normalize segment "lexicon automaton" "whole extraction"; do
      v[$c.$row]+=" $(awk -v r="$row" 'index($0, r) == 1 { print $(NF - 1) }' "$tmp/stages.txt")"
    done
  done
  v[read]+=" $(stage "$synthetic" "read + extract" --whole-only)"
  v[grep]+=" $(cpu grep -rFc -f "$tmp/names.txt" "$synthetic")"
  v[build]+=" $(cpu "$kg" build "$synthetic" -o "$tmp/graph" --jobs 1 -q --no-progress)"
  v[big]+=" $(stage "$big" "read + extract" --whole-only)"
  v[small]+=" $(stage "$small" "read + extract" --whole-only)"
done

rate() { echo "$1 $2" | awk '{ printf "%.2f", ($2 > 0 ? $1 / $2 : 0) }'; }
printf '\n%-44s %24s %9s\n' "1. extraction, one core (in memory)" "CPU seconds" "MB/s"
for c in syn seeds; do
  size=$syn_mb label="synthetic ($docs docs, $syn_mb MB)"
  [ $c = seeds ] && size=$seeds_mb label="seeds x$copies ($seeds_mb MB)"
  for row in "whole extraction" decode normalize segment "lexicon automaton"; do
    name="  $row"
    [ "$row" = "whole extraction" ] && name="$label"
    read -r -a xs <<<"${v[$c.$row]}"
    printf '%-44s %24s %9s\n' "$name" "$(median "${xs[@]}")" "$(rate "$size" "$(med "${xs[@]}")")"
  done
done
read -r -a rd <<<"${v[read]}"
read -r -a gp <<<"${v[grep]}"
read -r -a bd <<<"${v[build]}"
printf '\n%-44s %24s %9s\n' "2. synthetic $docs docs ($syn_mb MB), one core" "CPU seconds" "x floor"
printf '%-44s %24s %9s\n' "grep -rFc -f <lexicon names> (the floor)" "$(median "${gp[@]}")" "1"
printf '%-44s %24s %9s\n' "read + extract (kg_extract_bench)" "$(median "${rd[@]}")" \
  "$(rate "$(med "${rd[@]}")" "$(med "${gp[@]}")")"
printf '%-44s %24s %9s\n' "kg build --jobs 1, with the exports" "$(median "${bd[@]}")" \
  "$(rate "$(med "${bd[@]}")" "$(med "${gp[@]}")")"
read -r -a bg <<<"${v[big]}"
read -r -a sm <<<"${v[small]}"
printf '\n%-44s %24s %9s\n' "3. the same $big_mb MB of text, one core" "CPU seconds" "MB/s"
printf '%-44s %24s %9s\n' "as $(ls "$small" | wc -l) documents of 16 KB" "$(median "${sm[@]}")" \
  "$(rate "$small_mb" "$(med "${sm[@]}")")"
printf '%-44s %24s %9s\n' "as $(ls "$big" | wc -l) document(s) of up to 4 MB" "$(median "${bg[@]}")" \
  "$(rate "$big_mb" "$(med "${bg[@]}")")"
printf '%-44s %24s\n' "4 MB / 16 KB time per byte" "$(rate "$(med "${bg[@]}")" "$(med "${sm[@]}")")x"

# 4. Issue 17: the seed-era lexicon beside today's (load ms, scan MB/s), on the synthetic corpus.
lexicon_side_by_side() {
  echo
  echo "4. lexicon, seed-era beside today's (one core, thread CPU time)"
  "$bench" "$synthetic" 3 --lexicons "$here/bench/data/seed_lexicon"
}
lexicon_side_by_side
