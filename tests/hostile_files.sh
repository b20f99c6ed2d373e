#!/usr/bin/env bash
# Issue 21, kinds 1, 2, 6, 9 and 10: kg's own files made hostile (the JSON-LD,
# its query index, the build cache) and the numeric options at their limits.
# Each check fails on the code before the issue (a crash, a silent wrong
# answer, exit 0 where an error is due). tests/data/bad/README.md lists them.
# usage: hostile_files.sh KG_BINARY SOURCE_DIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
kg=$1
src=$2
bad=$src/tests/data/bad
make_tmp hostile
# expect GOT WANT PATTERN FILE WHAT: exit code WANT, and FILE holds PATTERN (grep -E).
rc_is() {  # rc_is GOT WANT FILE WHAT: exit code only
  [ "$1" -eq "$2" ] || fail "$4: exit $1, want $2 ($(head -c 300 "$3"))"
}
expect() {
  local got=$1 want=$2 pattern=$3 file=$4 what=$5
  [ "$got" -eq "$want" ] || fail "$what: exit $got, want $want ($(head -c 300 "$file"))"
  grep -Eq -- "$pattern" "$file" || fail "$what: no '$pattern' in: $(head -c 300 "$file")"
}
seeds=$src/seeds
timeout 300 "$kg" build "$seeds" -o "$tmp/ref" -q --no-progress || fail "reference build failed"
sums() { (cd "$1" && sha256sum graph.graphml graph.jsonld graph.gexf nodes.csv edges.csv); }

# 1. Deep nesting: an error with file:line, never a crash; a damaged cache
#    line costs that document a re-read, not every later --update.
timeout 60 "$kg" stats --graph "$bad/deep.jsonld" >/dev/null 2>"$tmp/deep.err"
expect $? 4 "deep.jsonld: line 1 \(byte [0-9]+\): nested more than 64 levels deep" "$tmp/deep.err" "deep JSON-LD"
cp -r "$tmp/ref" "$tmp/u1"
python3 - "$tmp/u1/.kg-cache.jsonl" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
lines[2] = lines[2][:-1] + ',"x":' + "[" * 200000 + "]" * 200000 + "}"
open(p, "w", encoding="utf-8").write("\n".join(lines))
PY
timeout 300 "$kg" build "$seeds" --update "$tmp/u1" --no-progress >"$tmp/u1.out" 2>"$tmp/u1.err"
expect $? 0 "warning: .*\.kg-cache\.jsonl:3: damaged line: its checksum does not match its content; the document is read again" \
  "$tmp/u1.err" "deep cache line"
[ "$(sums "$tmp/u1")" = "$(sums "$tmp/ref")" ] || fail "--update over a deep cache line differs from a full build"
timeout 300 "$kg" build "$seeds" --update "$tmp/u1" -q --no-progress 2>"$tmp/u1b.err"
rc_is $? 0 "$tmp/u1b.err" "the next --update"
grep -q "damaged" "$tmp/u1b.err" && fail "the next --update still meets the damaged line"
# a gold file of kg eval nested 10^6 levels (before: SIGSEGV in the recursive parser)
mkdir -p "$tmp/gold"
{ printf '{"document": "a.txt",\n "entities": '; head -c 1000000 /dev/zero | tr '\0' '['; } >"$tmp/gold/deep.json"
timeout 60 "$kg" eval --gold "$tmp/gold" "$(ls "$seeds"/*.txt | head -n 1)" >/dev/null 2>"$tmp/gold.err"
expect $? 1 "gold/deep\.json: line 2 \(byte [0-9]+\): nested more than 64 levels deep" "$tmp/gold.err" "deep gold file"
ok "deep nesting"

# 2. Exceptions nothing caught: a folder as --graph, a folder as the index.
mkdir -p "$tmp/folder.jsonld"
timeout 60 "$kg" stats --graph "$tmp/folder.jsonld" >/dev/null 2>"$tmp/dir.err"
expect $? 4 "folder.jsonld: not a regular file" "$tmp/dir.err" "folder as --graph"
[ "$(wc -l <"$tmp/dir.err")" -eq 1 ] || fail "folder as --graph: more than one line: $(cat "$tmp/dir.err")"
cp -r "$tmp/ref" "$tmp/q"
rm "$tmp/q/graph.jsonld.idx" && mkdir "$tmp/q/graph.jsonld.idx"
timeout 60 "$kg" stats --graph "$tmp/q/graph.jsonld" >"$tmp/q.out" 2>"$tmp/q.err"
expect $? 0 "nodes" "$tmp/q.out" "folder as the query index"
# More --jobs than the process limit allows: the threads that start do the
# work, with a warning (before: SIGABRT). Root is not held to RLIMIT_NPROC, so
# as root the run is made as nobody (setpriv), when that is possible.
mkdir -p "$tmp/many" "$tmp/j"
for i in $(seq 10 29); do cp "$seeds/002_f8c36edb7488f8b4.txt" "$tmp/many/d$i.txt"; done
chmod -R a+rX "$tmp" && chmod a+rwx "$tmp/j"
limited() {  # limited N CMD...: CMD under `ulimit -u N`, as nobody when root
  local n=$1
  shift
  if [ "$(id -u)" -ne 0 ]; then
    (ulimit -u "$n" && "$@")
  elif command -v setpriv >/dev/null; then
    setpriv --reuid=65534 --regid=65534 --clear-groups bash -c 'ulimit -u "$0" && exec "$@"' "$n" "$@"
  else
    return 77
  fi
}
limited 5 timeout 300 "$kg" build "$tmp/many" -o "$tmp/j/o" --jobs 16 --no-progress >"$tmp/j.out" 2>"$tmp/j.err"
rc=$?
if [ $rc -eq 0 ]; then
  expect $rc 0 "warning: --jobs 16: only [0-9]+ thread\(s\) could be started" "$tmp/j.err" "--jobs 16 under ulimit -u 5"
  grep -q "documents read: 20 of 20" "$tmp/j.out" || fail "--jobs under a process limit: $(cat "$tmp/j.out")"
elif [ $rc -ne 77 ]; then
  # On many cores the lexicon loader's own threads may meet the limit first:
  # then one line and exit 4, never an abort.
  expect $rc 4 "^kg: the system refused: " "$tmp/j.err" "--jobs 16 under ulimit -u 5"
fi
ok "uncaught exceptions"

# 6. Damage that stays valid JSON, in the cache and in the query index.
cp -r "$tmp/ref" "$tmp/u6"
python3 - "$tmp/u6/.kg-cache.jsonl" <<'PY'
import re, sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
# the first entity name of line 2 gets one more letter: still valid JSON
lines[1] = re.sub(r'("entities":\[\["[A-Za-z]+",")', r'\1X', lines[1], count=1)
open(p, "w", encoding="utf-8").write("\n".join(lines))
PY
timeout 300 "$kg" build "$seeds" --update "$tmp/u6" --no-progress >"$tmp/u6.out" 2>"$tmp/u6.err"
expect $? 0 "\.kg-cache\.jsonl:2: damaged line" "$tmp/u6.err" "edited cache line"
[ "$(sums "$tmp/u6")" = "$(sums "$tmp/ref")" ] || fail "an edited cache line reached the exports"
cp -r "$tmp/ref" "$tmp/i6"
timeout 60 "$kg" show 중관촌 --graph "$tmp/ref/graph.jsonld" >"$tmp/show.ref" 2>/dev/null
python3 - "$tmp/i6/graph.jsonld.idx" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
at = b.find("중관촌".encode())
b[at + 2] ^= 1  # 중 -> another syllable of the same length
open(p, "wb").write(bytes(b))
PY
timeout 60 "$kg" show 중관촌 --graph "$tmp/i6/graph.jsonld" >"$tmp/show.out" 2>"$tmp/show.err"
expect $? 0 "graph.jsonld.idx not used \(its nodes do not match their checksum\)" "$tmp/show.err" "edited index"
cmp -s "$tmp/show.out" "$tmp/show.ref" || fail "an edited index changed the answer: $(diff "$tmp/show.ref" "$tmp/show.out" | head -5)"
ok "checksums"

# 10. Lenient loading: a statement given twice, data after the top-level object.
python3 - "$tmp/ref/graph.jsonld" "$tmp" <<'PY'
import sys
src, out = sys.argv[1], sys.argv[2]
t = open(src, "rb").read()
open(out + "/trailing.jsonld", "wb").write(t.rstrip() + b"\n{}\n")
i = t.index(b'"kgr:stmt/')
start = t.rindex(b"{", 0, i)
depth, j, s = 0, start, False
while True:
    c = t[j:j + 1]
    if s:
        if c == b"\\": j += 1
        elif c == b'"': s = False
    elif c == b'"': s = True
    elif c == b"{": depth += 1
    elif c == b"}":
        depth -= 1
        if depth == 0: break
    j += 1
open(out + "/twice.jsonld", "wb").write(t[:j + 1] + b", " + t[start:j + 1] + t[j + 1:])
PY
timeout 60 "$kg" stats --graph "$tmp/trailing.jsonld" >/dev/null 2>"$tmp/t.err"
expect $? 4 "trailing.jsonld: line [0-9]+ \(byte [0-9]+\): more data after the end of the top-level object" "$tmp/t.err" "trailing data"
timeout 60 "$kg" stats --graph "$tmp/twice.jsonld" >/dev/null 2>"$tmp/w.err"
expect $? 4 "twice.jsonld: @graph\[[0-9]+\] \(kgr:stmt/[^)]*\): byte [0-9]+: statement id 'kgr:stmt/.*' appears twice \(first @graph\[[0-9]+\], byte [0-9]+\)" \
  "$tmp/w.err" "repeated statement"
ok "strict loading"

# 9. Every numeric option in its documented range, with a clear message.
opt() {  # opt WANT PATTERN ARGS...: kg ARGS exits WANT, stderr holds PATTERN
  local want=$1 pattern=$2
  shift 2
  timeout 300 "$kg" "$@" >"$tmp/o.out" 2>"$tmp/o.err"
  expect $? "$want" "$pattern" "$tmp/o.err" "kg $*"
}
one=$seeds/002_f8c36edb7488f8b4.txt
opt 2 "max-document-seconds.*nan is not in the range 0 to 1000000" build "$one" -o "$tmp/o" --max-document-seconds nan
opt 2 "max-document-seconds.*1e10 is not in the range 0 to 1000000" build "$one" -o "$tmp/o" --max-document-seconds 1e10
opt 2 "max-document-seconds.*inf is not in the range" build "$one" -o "$tmp/o" --max-document-seconds inf
opt 2 "jobs.*100000" build "$one" -o "$tmp/o" --jobs 100000
opt 2 "text-memory.*" build "$one" -o "$tmp/o" --text-memory 99999999999999
opt 2 "max-document-bytes.*" build "$one" -o "$tmp/o" --max-document-bytes 0
opt 2 "min-entity-f1.*nan" eval --gold "$tmp" "$one" --min-entity-f1 nan
opt 2 "k.*1001" path 국무원 베이징 --k 1001 --graph "$tmp/ref/graph.jsonld"
[ ! -e "$tmp/o" ] || fail "an option out of range still wrote $tmp/o"
# A format named twice is written once (before: twice, by two threads at once
# with two or more cores and documents, into one temporary file: exit 4).
timeout 300 "$kg" build "$one" -o "$tmp/f" --formats jsonld,csv,jsonld --no-progress >"$tmp/f.out" 2>"$tmp/f.err"
rc_is $? 0 "$tmp/f.err" "a format named twice"
[ -s "$tmp/f/graph.jsonld" ] && [ -s "$tmp/f/nodes.csv" ] && [ ! -e "$tmp/f/graph.gexf" ] || fail "--formats jsonld,csv,jsonld"
[ "$(grep -c 'graph\.jsonld$' "$tmp/f.out")" -eq 1 ] || fail "a format named twice was written twice: $(cat "$tmp/f.out")"
timeout 300 "$kg" build "$one" -o "$tmp/s" --max-document-seconds 1000000 -q --no-progress 2>"$tmp/s.err"
rc_is $? 0 "$tmp/s.err" "--max-document-seconds at its maximum"
ok "option ranges"

[ $fails -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all hostile-file checks passed"
