#!/usr/bin/env bash
# `kill -9` at random moments of `kg build`, including while the exports are
# written: afterwards every export file is whole, either the previous one or the
# complete new one, byte for byte. The next build removes the killed run's
# temporaries.
# usage: kill_during_write.sh KG_BINARY SOURCE_DIR [ROUNDS]
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
kg=$1
src=$2
rounds=${3:-12}
make_tmp kill
files="graph.graphml graph.jsonld graph.gexf nodes.csv edges.csv"

python3 "$src/bench/gen_corpus.py" "$tmp/corpus" 400 --seed 7 >/dev/null || { echo "corpus generation failed"; exit 1; }
"$kg" build "$src/seeds" -o "$tmp/old" -q --jobs 1 || { echo "old build failed"; exit 1; }
start=$(date +%s%N)
"$kg" build "$tmp/corpus" -o "$tmp/new" -q --jobs 1 || { echo "new build failed"; exit 1; }
took=$(( ($(date +%s%N) - start) / 1000000 ))  # milliseconds
for f in $files; do cmp -s "$tmp/old/$f" "$tmp/new/$f" && { echo "old and new $f are the same; the test would prove nothing"; exit 1; }; done

mixed=0 finished=0
for r in $(seq 1 "$rounds"); do
  rm -rf "$tmp/out" && cp -r "$tmp/old" "$tmp/out"
  # Spread the kills over the whole run, the late ones landing in the export writes.
  delay=$(( took * (40 + 60 * r / rounds) / 100 ))
  "$kg" build "$tmp/corpus" -o "$tmp/out" -q --jobs 1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  new=0 old=0
  for f in $files; do
    if cmp -s "$tmp/out/$f" "$tmp/new/$f"; then new=$((new + 1))
    elif cmp -s "$tmp/out/$f" "$tmp/old/$f"; then old=$((old + 1))
    else fail "round $r (kill after ${delay} ms): $f is neither the old nor the new export"; fi
  done
  [ $new -gt 0 ] && [ $old -gt 0 ] && mixed=$((mixed + 1))
  [ $new -eq 5 ] && finished=$((finished + 1))
done
# The killed runs' temporaries are cleaned up by the next build.
"$kg" build "$tmp/corpus" -o "$tmp/out" -q --jobs 1 || fail "build after kills failed"
leftover=$(ls -a "$tmp/out" | grep -c '\.tmp\.' || true)
[ "$leftover" -eq 0 ] || fail "$leftover temporary file(s) left after a complete build"
for f in $files; do cmp -s "$tmp/out/$f" "$tmp/new/$f" || fail "$f differs after the rebuild"; done

echo "full build ${took} ms; $rounds kills: $mixed between two export files, $finished after the last write"
[ $fails -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "every export whole after every kill"
