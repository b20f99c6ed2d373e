#!/usr/bin/env bash
# The command line as a new user meets it (issue #20, #19 item 6): a typo never
# destroys a graph, name resolution says what it did, evidence fits the
# terminal, find ranks partial and English matches, the small things.
# usage: cli_questions.sh KG_BINARY SOURCE_DIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
kg=$1
src=$2
make_tmp cliq
sums() { (cd "$1" && sha256sum graph.* nodes.csv edges.csv .kg-cache.jsonl 2>/dev/null); }

# A working folder as a user has it: seeds/ beside the default output folder.
w="$tmp/w"
mkdir -p "$w" && ln -s "$src/seeds" "$w/seeds"
(cd "$w" && "$kg" build -q) || fail "kg build (defaults) failed"
# #19 item 6: the default output folder is out/, never the exporters' source folder.
[ -s "$w/out/graph.jsonld" ] && [ ! -e "$w/exports" ] || fail "kg build did not write its default output to out/"
grep -qx '/out/' "$src/.gitignore" || fail "out/ is not git-ignored"
make -s -n -C "$src" -o build run | grep -q -- "-o out" || fail "make run does not write to out/"
g="$w/out/graph.jsonld"
sums "$w/out" >"$tmp/before"
nodes=$(python3 -c "import json,sys; print(sum(1 for x in json.load(open(sys.argv[1]))['@graph'] if x.get('@type') not in ('Statement','Document')))" "$g")
[ "$nodes" -gt 100 ] || fail "the seeds' graph has only $nodes nodes"
ok "default output folder"

# 1. A typo never replaces a graph: exit 2 with the path, the exports as they were.
(cd "$w" && "$kg" build seedz -o out) >"$tmp/o" 2>"$tmp/e"
rc=$?
[ $rc -eq 2 ] || fail "kg build seedz -o out: exit $rc, want 2"
grep -q "seedz" "$tmp/e" || fail "kg build seedz does not name the missing input: $(cat "$tmp/e")"
(cd "$w" && "$kg" build seedz --update out) >"$tmp/o" 2>"$tmp/e"
rc=$?
[ $rc -eq 2 ] || fail "kg build seedz --update out: exit $rc, want 2"
grep -q "removed" "$tmp/o" && fail "--update over a typo reported removals: $(cat "$tmp/o")"
mkdir -p "$tmp/elsewhere" && cp -r "$w/out" "$tmp/elsewhere/out"
(cd "$tmp/elsewhere" && "$kg" build) >"$tmp/o" 2>"$tmp/e"
rc=$?
[ $rc -eq 2 ] && grep -q "seeds" "$tmp/e" || fail "a bare kg build without seeds/: exit $rc, $(cat "$tmp/e")"
sums "$tmp/elsewhere/out" | cmp -s - "$tmp/before" || fail "a bare kg build without seeds/ changed the graph"
# Inputs without one readable document: nothing written unless --allow-empty.
mkdir -p "$tmp/none" "$tmp/bin"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >"$tmp/bin/image.txt"
(cd "$w" && "$kg" build "$tmp/none" --update out) >"$tmp/o" 2>"$tmp/e"
rc=$?
[ $rc -eq 2 ] && grep -q -- "--allow-empty" "$tmp/e" || fail "--update dropping every document: exit $rc, $(cat "$tmp/e")"
(cd "$w" && "$kg" build "$tmp/bin" -o out -q) 2>"$tmp/e"
rc=$?
[ $rc -eq 2 ] && grep -q "image.txt" "$tmp/e" || fail "only unreadable inputs: exit $rc, $(cat "$tmp/e")"
sums "$w/out" | cmp -s - "$tmp/before" || fail "a failed build changed the graph"
cp -r "$w/out" "$tmp/empty"
"$kg" build "$tmp/none" --update "$tmp/empty" --allow-empty -q || fail "--allow-empty did not write the empty graph"
[ "$(wc -l <"$tmp/empty/nodes.csv")" -eq 1 ] ||
  fail "--allow-empty did not write an empty graph"
ok "no lost graphs"

# 2. Honest name resolution: a loose match says so, in the text and in --json;
# a name several nodes carry is ambiguous unless the command's filters decide.
"$kg" show 미래창조과학브 --graph "$g" >"$tmp/o" 2>/dev/null || fail "kg show with a typo failed"
grep -q "미래창조과학브.*미래창조과학부.*edit distance 1" "$tmp/o" || fail "a typo is not said on stdout: $(head -2 "$tmp/o")"
"$kg" show 미래창조과학브 --graph "$g" --json >"$tmp/o.json" 2>/dev/null
python3 - "$tmp/o.json" <<'EOF' || fail "kg show --json does not say how the name was resolved"
import json, sys
r = json.load(open(sys.argv[1]))["resolved"][0]
assert r["query"] == "미래창조과학브" and r["how"] == "edit distance 1" and r["as"] == "agency:msip", r
EOF
"$kg" path 미래창조과학브 중국 --graph "$g" --json 2>/dev/null | grep -q '"how":"edit distance 1"' ||
  fail "kg path --json does not say how a name was resolved"
"$kg" path 한중기술산업타운 뤄양 --graph "$g" >"$tmp/o" 2>"$tmp/e"
rc=$?
[ $rc -eq 2 ] && grep -q "program:" "$tmp/e" && grep -q "zone:" "$tmp/e" ||
  fail "a name a Program and a Zone carry is not ambiguous: exit $rc, $(cat "$tmp/e" "$tmp/o")"
"$kg" path 한중기술산업타운 뤄양 --graph "$g" --types Zone,Place --json >"$tmp/o.json" 2>"$tmp/e" ||
  fail "--types Zone,Place does not decide between the Program and the Zone: $(cat "$tmp/e")"
grep -q '"from":"zone:' "$tmp/o.json" || fail "--types Zone,Place did not pick the Zone"
"$kg" show 산동 --graph "$g" --json >"$tmp/o.json" 2>/dev/null
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['error'] and d['candidates']" "$tmp/o.json" ||
  fail "kg show 산동 --json prints no JSON on stdout"
# a candidate is a match as find gives it, without the score (one writer for both, writeMatch)
python3 -c "import json,sys; d=json.load(open(sys.argv[1]))
assert all(list(c) == ['id', 'name', 'type', 'match'] for c in d['candidates']), d" "$tmp/o.json" ||
  fail "kg show 산동 --json: candidates are not {id, name, type, match}"
ok "name resolution"

# 3. Evidence you can read: blocks, wrapped to COLUMNS; no line wider than it.
widest() { python3 -c "
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
print(max((w(l.rstrip('\n')) for l in open(sys.argv[1], encoding='utf-8')), default=0))" "$1"; }
COLUMNS=60 "$kg" path 포켓모바일 하얼빈창룽그룹 --graph "$g" >"$tmp/p60" || fail "kg path failed"
[ "$(widest "$tmp/p60")" -le 60 ] || fail "kg path is wider than COLUMNS=60: $(widest "$tmp/p60")"
"$kg" path 포켓모바일 하얼빈창룽그룹 --graph "$g" --json >"$tmp/p.json"
python3 - "$tmp/p.json" "$tmp/p60" <<'EOF' || fail "kg path does not print each hop's whole evidence with its document and date"
import json, sys
hops = json.load(open(sys.argv[1]))["paths"][0]
text = " ".join(l.strip() for l in open(sys.argv[2], encoding="utf-8"))
for h in hops:
    ev = h["evidence"][0]
    words = ev["sentence"].split()
    assert " ".join(words) in text, ev["sentence"]
    assert ev["document"] in text and ev["date"] in text, ev
EOF
for c in "show 중관촌" "neighbors 포켓모바일 --depth 2" "stats" "find 중국"; do
  COLUMNS=50 "$kg" $c --graph "$g" >"$tmp/t50" 2>/dev/null
  [ "$(widest "$tmp/t50")" -le 50 ] || fail "kg $c is wider than COLUMNS=50: $(widest "$tmp/t50")"
  "$kg" $c --graph "$g" >"$tmp/t80" 2>/dev/null  # piped, no COLUMNS: 80
  [ "$(widest "$tmp/t80")" -le 80 ] || fail "kg $c piped is wider than 80: $(widest "$tmp/t80")"
done
ok "readable evidence"

# 4. find ranks exact, prefix, part, English and romanised matches.
"$kg" find 중국 --graph "$g" >"$tmp/f" && grep -q "중국 과학기술부" "$tmp/f" || fail "kg find 중국 hides 중국 과학기술부"
head -3 "$tmp/f" | tail -1 | grep -q "^중국 " || fail "kg find 중국: the exact match is not first"
"$kg" find 화웨이 --graph "$g" | grep -q "화웨이 클라우드" || fail "kg find 화웨이 hides 화웨이 클라우드"
"$kg" find Zhongguancun --graph "$g" | grep -q "중관촌" || fail "kg find Zhongguancun finds nothing"
"$kg" find Xiaomi --graph "$g" | grep -q "샤오미" || fail "kg find Xiaomi finds nothing"
for q in "Lei Jun" "lei-jun" "LeiJun"; do
  "$kg" find "$q" --graph "$g" | grep -q "레이쥔" || fail "kg find '$q' finds nothing"
done
# The lexicon's English names, which the graph keeps only when a document wrote them.
"$kg" find "Chinese Academy of Sciences" --graph "$g" | grep -q "중국과학원" ||
  fail "kg find 'Chinese Academy of Sciences' misses the lexicon's English name"
n=$("$kg" find 중국 --graph "$g" --limit 2 --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
[ "$n" = 2 ] || fail "kg find --limit 2 gave $n"
"$kg" find 중국 --graph "$g" --limit 3 --json | python3 -c "import json,sys; d=json.load(sys.stdin)
assert d and all(list(m) == ['id', 'name', 'type', 'match', 'score'] for m in d), d" ||
  fail "kg find --json: matches are not {id, name, type, match, score}"
ok "find"

# 6. --version: the version and the lexicon's fingerprint; make install to PREFIX.
"$kg" --version >"$tmp/v" || fail "kg --version failed"
grep -q "^kg [0-9]" "$tmp/v" && grep -q "^lexicon: .*sha256 [0-9a-f]\{16\}" "$tmp/v" || fail "kg --version: $(cat "$tmp/v")"
make -s -C "$src" -o build install BUILD="$(dirname "$kg")" PREFIX="$tmp/prefix" >/dev/null || fail "make install failed"
[ -x "$tmp/prefix/bin/kg" ] && "$tmp/prefix/bin/kg" --version >/dev/null || fail "make install put no kg in PREFIX/bin"
ok "install and version"

# 7. The smaller things.
"$kg" build --help | grep -q "{false}" && fail "kg build --help shows {false}"
for c in neighbors show stats find path; do
  "$kg" $c --help | grep -q "Example" || fail "kg $c --help has no example"
done
"$kg" path 국무원 베이징 --types Spaceship --graph "$g" >/dev/null 2>"$tmp/e"
[ $? -eq 2 ] && grep -q "Agency" "$tmp/e" && grep -q "Zone" "$tmp/e" || fail "an unknown --types does not list the types"
"$kg" neighbors 포켓모바일 --depth -1 --graph "$g" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--depth -1 accepted"
"$kg" path 국무원 베이징 --max-hops -3 --graph "$g" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--max-hops -3 accepted"
"$kg" path 국무원 國務院 --graph "$g" >"$tmp/o" || fail "kg path X X: not a path of 0 hops"
grep -q "0 hops" "$tmp/o" || fail "kg path X X: $(cat "$tmp/o")"
"$kg" path 국무원 국무원 --graph "$g" --json | python3 -c "import json,sys; assert json.load(sys.stdin)['paths'] == [[]]" ||
  fail "kg path X X --json is not one empty path"
(cd "$w" && "$kg" build seeds --update out) >"$tmp/o" 2>&1
grep -q "read: 3 of 3" "$tmp/o" && fail "the update summary says 3 of 3 read beside 3 unchanged: $(cat "$tmp/o")"
grep -q "3 unchanged (not read)" "$tmp/o" || fail "update summary: $(cat "$tmp/o")"
"$kg" path 포켓모바일 하얼빈창룽그룹 --graph "$g" --json | grep -q '"fromName":"포켓모바일"' || fail "kg path --json lacks names"
"$kg" stats --graph "$g" --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert all(x['name'] for x in d['topDegree'] + d['topBetweenness'])" || fail "kg stats --json lacks names"
ok "smaller things"

[ $fails -eq 0 ] && echo "cli_questions: all passed" || echo "cli_questions: $fails failure(s)"
[ $fails -eq 0 ]
