#!/usr/bin/env bash
# Checks against ../shared (the scorer, the gold files, the export validators).
# Exit 77 (skipped) when ../shared or a tool it needs is missing.
# usage: shared_checks.sh score|dev|exports KG_BINARY SOURCE_DIR
set -u
what=$1
kg=$2
src=$3
shared="$src/../shared"
py=/usr/bin/python3
[ -d "$shared/gold" ] && [ -x "$py" ] || { echo "skipped: $shared not present"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kg-shared.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

case "$what" in
score)
  # score.py on each seed's own export, and the project's own evaluator on all of them.
  fails=0
  for gold in "$shared"/gold/*.json; do
    doc=$(basename "$gold" .json)
    "$kg" build "$src/seeds/$doc.txt" -o "$tmp/$doc" -q --formats jsonld || { echo "build of $doc failed"; exit 1; }
    "$py" "$shared/tools/score.py" "$gold" "$tmp/$doc/graph.jsonld" | tail -1 | tee "$tmp/$doc.score"
    grep -q "entities P=" "$tmp/$doc.score" || fails=$((fails + 1))
  done
  "$kg" eval --gold "$shared/gold" "$src/seeds" --json >"$tmp/eval.json" || { echo "kg eval failed"; exit 1; }
  # Floors the seeds must keep (regressions fail the test; see README for the current figures).
  # The issue's target, 0.95 / 0.90 (today 0.956 / 0.904).
  "$py" - "$tmp/eval.json" 0.95 0.90 <<'PY' || fails=$((fails + 1))
import json, sys
r = json.load(open(sys.argv[1]))
e, rel = r["entities"]["f1"], r["relations"]["f1"]
print(f"kg eval: entity F1 {e:.3f}, relation F1 {rel:.3f}")
ok = e >= float(sys.argv[2]) and rel >= float(sys.argv[3])
sys.exit(0 if ok else 1)
PY
  [ $fails -eq 0 ]
  ;;
dev)
  # The 45 documents of ../shared/dev, each built alone: the extraction issue's targets,
  # 0.90 / 0.75 (today 0.930 / 0.776; README, "Quality"), so a rule or lexicon change that
  # loses ground fails.
  [ -d "$shared/dev/gold" ] || { echo "skipped: $shared/dev not present"; exit 77; }
  "$kg" eval --gold "$shared/dev/gold" "$shared/dev/docs" --json >"$tmp/dev.json" || { echo "kg eval failed"; exit 1; }
  "$py" - "$tmp/dev.json" 0.90 0.75 <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
e, rel = r["entities"]["f1"], r["relations"]["f1"]
print(f"dev: entity F1 {e:.3f}, relation F1 {rel:.3f} (floors {sys.argv[2]} / {sys.argv[3]})")
sys.exit(0 if e >= float(sys.argv[2]) and rel >= float(sys.argv[3]) else 1)
PY
  ;;
exports)
  [ -d "$shared/tools/node_modules/jsonld" ] || { echo "skipped: jsonld.js not installed (scripts/setup.sh)"; exit 77; }
  "$kg" build "$src/seeds" -o "$tmp/out" -q || exit 1
  "$shared/tools/check_exports.sh" "$tmp/out/graph.graphml" "$tmp/out/graph.jsonld" | tail -3
  exit "${PIPESTATUS[0]}"
  ;;
esac
