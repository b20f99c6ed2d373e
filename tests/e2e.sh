#!/usr/bin/env bash
# End-to-end checks of the kg CLI: usage, the seeds build, determinism across
# input order and thread count, golden output, bad input, exit codes.
# usage: e2e.sh KG_BINARY SOURCE_DIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
kg=$1
src=$2
make_tmp e2e

# --help teaches every command.
"$kg" --help >"$tmp/help" 2>&1 || fail "kg --help exited non-zero"
for c in build extract eval; do grep -q "$c" "$tmp/help" || fail "--help does not mention $c"; done
"$kg" build --help | grep -q -- "--output" || fail "kg build --help lacks --output"
"$kg" frobnicate >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown command should exit 2"

# The seeds build; both exports written; summary printed.
(cd "$src" && "$kg" build seeds -o "$tmp/a" --jobs 1) >"$tmp/summary" || fail "kg build seeds exited non-zero"
for f in graph.graphml graph.jsonld graph.gexf nodes.csv edges.csv; do
  [ -s "$tmp/a/$f" ] || fail "missing $f"
done
grep -q "documents read: 3 of 3" "$tmp/summary" || fail "summary lacks the document count"
grep -q "files written" "$tmp/summary" || fail "summary lacks the files written"
ok "seeds build"

# kg build names nodes by what the text writes, as a graph built in one process does
# (the mentions reach the graph): the place of "제주" is not named by the lexicon's
# 제주특별자치도, and 상하이시 inside "상하이시 인민정부" is no alias of the place 상하이.
mkdir -p "$tmp/written"
printf '%s\n' "상하이시 인민정부는 '인공지능 발전 실시의견'을 발표했다. 상하이 푸둥신구에 연구센터가 설립됐다." \
  "국제자유도시 제주의 경험을 참고하겠다고 밝혔다." >"$tmp/written/a.txt"
"$kg" build "$tmp/written" -o "$tmp/written-out" -q --formats jsonld || fail "kg build of written names failed"
python3 - "$tmp/written-out/graph.jsonld" <<'PY' || fail "kg build names a node by a form the text does not write"
import json, sys
places = {n["@id"]: n for n in json.load(open(sys.argv[1]))["@graph"] if n.get("@type") == "Place"}
assert places["kgr:place:kr-jeju"]["name"] == "제주", places["kgr:place:kr-jeju"]
assert "상하이시" not in places["kgr:place:shanghai"].get("alternateName", []), places["kgr:place:shanghai"]
PY
ok "names as written"

# Deterministic: inputs in another order and several threads give the same bytes.
mkdir -p "$tmp/rev"
files=$(ls "$src"/seeds/*.txt | sort -r)
"$kg" build $files -o "$tmp/b" --jobs 2 -q || fail "build in reverse order failed"
(cd "$src" && "$kg" build seeds/004_cc827a301658546f.txt seeds/002_f8c36edb7488f8b4.txt seeds/003_263747581c6563b7.txt \
  -o "$tmp/c" --jobs 3 -q) || fail "build with 3 jobs failed"
# Evidence text spilled to a temporary file from the first sentence on: the same bytes.
(cd "$src" && TMPDIR="$tmp" "$kg" build seeds -o "$tmp/spill" --jobs 2 -q --text-memory 0) ||
  fail "build with --text-memory 0 failed"
for f in graph.graphml graph.jsonld graph.gexf nodes.csv edges.csv; do
  cmp -s "$tmp/a/$f" "$tmp/c/$f" || fail "$f differs with input order / jobs"
  cmp -s "$tmp/a/$f" "$tmp/spill/$f" || fail "$f differs when the evidence text spills to disk"
done
[ -z "$(ls "$tmp" | grep '^kg-texts-')" ] || fail "the spilled text file was left in TMPDIR"
# Files named one by one by an absolute path outside the working directory are
# named by their file name; entities and edges stay the same.
cmp -s "$tmp/a/nodes.csv" "$tmp/b/nodes.csv" || true
ok "determinism"

# Document ids: the same bytes whether the folder is named seeds, ./seeds/ or by its
# absolute path, from inside the source tree or from elsewhere; no '//', no './',
# no folder of this machine in any export.
(cd "$src" && "$kg" build ./seeds/ -o "$tmp/ids-dot" --jobs 1 -q) || fail "build of ./seeds/ failed"
(cd "$src" && "$kg" build "$src/seeds" -o "$tmp/ids-abs" --jobs 1 -q) || fail "build of an absolute seeds path failed"
(cd "$tmp" && "$kg" build "$src/seeds/" -o "$tmp/ids-out" --jobs 1 -q --lexicon "$src/schema/data" \
  --rules "$src/extract/rules") || fail "build of an absolute seeds path from another folder failed"
for d in ids-dot ids-abs ids-out; do
  for f in graph.graphml graph.jsonld graph.gexf nodes.csv edges.csv; do
    cmp -s "$tmp/a/$f" "$tmp/$d/$f" || fail "$f differs when the seeds are given as in $d"
  done
done
grep -q '"kgr:doc/seeds/002_f8c36edb7488f8b4.txt"' "$tmp/a/graph.jsonld" || fail "document id is not kgr:doc/seeds/..."
for f in graph.graphml graph.jsonld graph.gexf nodes.csv edges.csv; do
  grep -q -e 'doc//' -e 'doc/\./' -e "$src" "$tmp/ids-abs/$f" && fail "$f: a document id holds //, ./ or $src"
done
ok "document ids"

# Golden end-to-end output: a small document of the genre, extracted and exported.
(cd "$src" && "$kg" build tests/data/golden/digest.txt -o "$tmp/g" -q --formats csv) || fail "golden build failed"
if [ "${KG_UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$tmp/g/nodes.csv" "$src/tests/data/golden/nodes.csv"
  cp "$tmp/g/edges.csv" "$src/tests/data/golden/edges.csv"
fi
diff -u "$src/tests/data/golden/nodes.csv" "$tmp/g/nodes.csv" || fail "golden nodes.csv differs (KG_UPDATE_GOLDEN=1 to accept)"
diff -u "$src/tests/data/golden/edges.csv" "$tmp/g/edges.csv" || fail "golden edges.csv differs (KG_UPDATE_GOLDEN=1 to accept)"
ok "golden"

# Bad input: reported with its path, skipped, the rest still built, exit 1.
mkdir -p "$tmp/in"
cp "$src/seeds/002_f8c36edb7488f8b4.txt" "$tmp/in/good.txt"
: >"$tmp/in/empty.txt"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10' >"$tmp/in/image.txt"
"$kg" build "$tmp/in" -o "$tmp/bad" -q 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "bad input should exit 1, got $rc"
grep -q "empty.txt" "$tmp/err" || fail "empty file not reported"
grep -q "image.txt" "$tmp/err" || fail "binary file not reported"
grep -q "pocketmobile\|포켓모바일" "$tmp/bad/graph.jsonld" || fail "the good document was not built"
# An input that does not exist is a bad argument: named, exit 2, nothing written.
"$kg" build "$tmp/in" "$tmp/missing.txt" -o "$tmp/bad2" -q 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "a missing input should exit 2, got $rc"
grep -q "missing.txt" "$tmp/err" || fail "missing input not reported"
[ ! -e "$tmp/bad2" ] || fail "a build with a missing input wrote exports"
ok "bad input"

# A bad lexicon: every bad line with file:line, exit 3.
mkdir -p "$tmp/lex"
printf 'Agency\t국무원\t國務院\nAgnecy\t오타\t\nPlace\n' >"$tmp/lex/bad.tsv"
"$kg" build "$src/seeds" --lexicon "$tmp/lex" -o "$tmp/x" 2>"$tmp/lexerr"
[ $? -eq 3 ] || fail "bad lexicon should exit 3"
grep -q "bad.tsv:2:" "$tmp/lexerr" && grep -q "bad.tsv:3:" "$tmp/lexerr" || fail "lexicon errors lack file:line"
ok "bad lexicon"

# Bad rule data: every bad line with file:line, exit 3, nothing written.
mkdir -p "$tmp/rules"
cp "$src"/extract/rules/*.tsv "$src"/extract/rules/*.txt "$src"/extract/rules/*.rules "$tmp/rules/"
printf 'rule broken\npattern {A:Persn} @no-such-class\nedge leads A A\nfires x => leads a -> b\n' >"$tmp/rules/zz.rules"
"$kg" build "$src/seeds" --rules "$tmp/rules" -o "$tmp/r" 2>"$tmp/ruleerr"
[ $? -eq 3 ] || fail "bad rule data should exit 3"
grep -q "zz.rules:2: '{A:Persn}': unknown type 'Persn'" "$tmp/ruleerr" && grep -q "zz.rules:2: unknown word class '@no-such-class'" "$tmp/ruleerr" ||
  fail "rule data errors lack file:line"
[ ! -e "$tmp/r/graph.jsonld" ] || fail "a build with bad rule data wrote a graph"
ok "bad rule data"

# An unwritable output leaves nothing half-written and exits 4.
if [ "$(id -u)" -ne 0 ]; then
  mkdir -p "$tmp/ro" && chmod 555 "$tmp/ro"
  "$kg" build "$src/seeds" -o "$tmp/ro" -q 2>/dev/null
  [ $? -eq 4 ] || fail "unwritable output should exit 4"
fi
printf 'not a dir' >"$tmp/file"
"$kg" build "$src/seeds" -o "$tmp/file" -q 2>/dev/null
[ $? -eq 4 ] || fail "output path that is a file should exit 4"

# kg extract prints JSON with evidence.
"$kg" extract "$src/seeds/004_cc827a301658546f.txt" >"$tmp/x.json" || fail "kg extract failed"
grep -q '"evidence"' "$tmp/x.json" || fail "kg extract output lacks evidence"

# Questions to the built graph: paths with evidence, ambiguity and unknown names.
g="$tmp/a/graph.jsonld"
"$kg" path 포켓모바일 하얼빈창룽그룹 --graph "$g" >"$tmp/path" || fail "kg path 포켓모바일 하얼빈창룽그룹 failed"
grep -q "^    — seeds/002_f8c36edb7488f8b4.txt, 2015-07-16" "$tmp/path" || fail "kg path prints no evidence with its document and date"
"$kg" path pocketmobile 哈爾賓昌隆集團 --graph "$g" --json | grep -q '"sentence"' || fail "kg path --json lacks sentences"
"$kg" show MOST --graph "$g" | grep -q "중국 과학기술부" || fail "kg show MOST does not find China's science ministry"
"$kg" show 미래부 --graph "$g" | grep -q "미래창조과학부" || fail "kg show 미래부 failed"
"$kg" show 없는이름입니다 --graph "$g" >/dev/null 2>&1; [ $? -eq 1 ] || fail "unknown name should exit 1"
"$kg" stats --graph "$g" --json | grep -q '"components"' || fail "kg stats --json failed"
"$kg" find 浦东 --graph "$g" | grep -q "푸둥신구" || fail "kg find 浦东 should find 푸둥신구"
"$kg" stats --graph "$tmp/nonexistent.jsonld" >/dev/null 2>&1; [ $? -eq 4 ] || fail "missing graph should exit 4"
ok "queries"

# Yen's k shortest paths and pictures.
"$kg" path 국무원 베이징 --graph "$g" --k 3 --json >"$tmp/k.json" || fail "kg path --k 3 failed"
python3 - "$tmp/k.json" <<'EOF2' || fail "kg path --k 3: not 3 distinct simple paths, shortest first"
import json, sys
paths = json.load(open(sys.argv[1]))["paths"]
assert len(paths) == 3, len(paths)
lengths = [len(p) for p in paths]
assert lengths == sorted(lengths), lengths
assert len({json.dumps(p) for p in paths}) == 3
EOF2
if command -v dot >/dev/null; then
  "$kg" path 국무원 베이징 --graph "$g" --k 2 --svg "$tmp/p.svg" >/dev/null 2>"$tmp/svg.err" || fail "kg path --svg failed: $(cat "$tmp/svg.err")"
  xmllint --noout "$tmp/p.svg" 2>/dev/null || python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" "$tmp/p.svg" ||
    fail "kg path --svg wrote no well-formed SVG"
  grep -q "국무원" "$tmp/p.svg" && grep -q "issued" "$tmp/p.svg" || fail "the path picture lacks its labels"
  "$kg" neighbors 포켓모바일 --graph "$g" --svg "$tmp/n.svg" >/dev/null 2>&1 && grep -q "cooperatesWith" "$tmp/n.svg" ||
    fail "kg neighbors --svg failed"
fi
PATH=/nonexistent "$kg" path 국무원 베이징 --graph "$g" --svg "$tmp/q.svg" >/dev/null 2>"$tmp/nodot.err"
[ $? -eq 4 ] && grep -q "graphviz" "$tmp/nodot.err" || fail "--svg without dot should exit 4 naming graphviz"
[ ! -e "$tmp/q.svg" ] || fail "--svg without dot left a file"
ok "k shortest paths and pictures"

# --update: only new or changed documents are read; the files equal a full rebuild.
mkdir -p "$tmp/up"
cp "$src"/seeds/*.txt "$tmp/up/"
python3 "$src/bench/gen_corpus.py" "$tmp/gen" 6 --seed 3 >/dev/null
cp "$tmp"/gen/*/*.txt "$tmp/up/"
"$kg" build "$tmp/up" -o "$tmp/u" -q || fail "build before update failed"
[ -s "$tmp/u/.kg-cache.jsonl" ] || fail "build wrote no .kg-cache.jsonl"
gen=$(ls "$tmp/up"/doc*.txt | sort)
set -- $gen
echo "새 문장: 중국 과학기술부는 상하이 푸둥신구와 협력 계획을 발표했다." >>"$1"   # changed
touch -d '2001-01-01' "$2"                                                   # touched, same bytes
rm "$3"                                                                      # removed
cp "$4" "$tmp/up/zz_new.txt" && echo "추가 문장: 베이징시 정부는 중관촌 지원 방안을 발표했다." >>"$tmp/up/zz_new.txt"  # new
# An unchanged document is not read again: garble it, keeping its size and time.
victim=$5
cp -p "$victim" "$tmp/victim.bak"
head -c "$(stat -c %s "$victim")" /dev/zero | tr '\0' 'x' >"$victim.tmp" && mv "$victim.tmp" "$victim"
touch -r "$tmp/victim.bak" "$victim"
"$kg" build "$tmp/up" --update "$tmp/u" >"$tmp/u.out" 2>"$tmp/u.err" || fail "kg build --update failed: $(cat "$tmp/u.err")"
grep -q "update: 6 unchanged (not read), 1 touched but the same, 2 new or changed, 1 removed" "$tmp/u.out" ||
  fail "update summary: $(grep update: "$tmp/u.out")"
cp -p "$tmp/victim.bak" "$victim"  # restore it for the full rebuild
"$kg" build "$tmp/up" -o "$tmp/full" -q || fail "full rebuild failed"
for f in graph.graphml graph.jsonld graph.gexf nodes.csv edges.csv .kg-cache.jsonl; do
  cmp -s "$tmp/u/$f" "$tmp/full/$f" || fail "--update: $f differs from a full rebuild"
done
# Another lexicon invalidates the cache: everything is extracted again, with a note.
mkdir -p "$tmp/lex2" && cp "$src"/schema/data/*.tsv "$tmp/lex2/" && echo "Place	테스트시	" >>"$tmp/lex2/places.tsv"
"$kg" build "$tmp/up" --update "$tmp/u" --lexicon "$tmp/lex2" >"$tmp/u2.out" 2>"$tmp/u2.err"
grep -q "rebuilding everything" "$tmp/u2.err" || fail "a changed lexicon did not invalidate the cache"
grep -q "update: 0 unchanged" "$tmp/u2.out" || fail "a changed lexicon still reused documents"
# So do a changed gazetteer file and changed rule data (both are part of the cache's fingerprint).
cp -r "$src/schema/data" "$tmp/lex3" && echo "# a comment" >>"$tmp/lex3/gazetteer/countries.tsv"
cp -r "$tmp/full" "$tmp/g3"
"$kg" build "$tmp/up" --update "$tmp/g3" --lexicon "$tmp/lex3" >"$tmp/g3.out" 2>"$tmp/g3.err"
grep -q "update: 0 unchanged" "$tmp/g3.out" || fail "a changed gazetteer file still reused documents"
cp -r "$src/extract/rules" "$tmp/rules3" && echo "# a comment" >>"$tmp/rules3/relations.rules"
cp -r "$tmp/full" "$tmp/r3"
"$kg" build "$tmp/up" --update "$tmp/r3" --rules "$tmp/rules3" >"$tmp/r3.out" 2>"$tmp/r3.err"
grep -q "update: 0 unchanged" "$tmp/r3.out" || fail "changed rule data still reused documents"
# A cache line damaged past its document's identity: that document is read
# again, with a warning naming the line; the result still equals a full rebuild.
cp -r "$tmp/full" "$tmp/dmg"
sed -i '3s/"title"/"title"!/' "$tmp/dmg/.kg-cache.jsonl"
"$kg" build "$tmp/up" --update "$tmp/dmg" >"$tmp/u3.out" 2>"$tmp/u3.err" || fail "--update with a damaged cache line failed"
grep -q "kg-cache.jsonl:3: damaged line.*read again" "$tmp/u3.err" || fail "damaged cache line: $(cat "$tmp/u3.err")"
grep -q "1 new or changed" "$tmp/u3.out" || fail "damaged cache line: $(grep update: "$tmp/u3.out")"
for f in graph.graphml graph.jsonld graph.gexf nodes.csv edges.csv .kg-cache.jsonl; do
  cmp -s "$tmp/dmg/$f" "$tmp/full/$f" || fail "--update over a damaged cache line: $f differs from a full rebuild"
done
ok "update"

[ $fails -eq 0 ] && echo "e2e: all passed" || echo "e2e: $fails failure(s)"
[ $fails -eq 0 ]
