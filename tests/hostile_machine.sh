#!/usr/bin/env bash
# Issue 21, the machine and the walk (kinds 3, 4, 5, 7): a failure of the
# machine never replaces a good graph; the export set is one unit with a
# manifest the queries check; only regular files are read; the input walk
# names what it passes over. Cases that need what this machine cannot give
# (a non-root user for unreadable folders, mkfifo) are skipped with a note;
# the whole script exits 77 only when none could run.
# usage: hostile_machine.sh KG_BINARY SOURCE_DIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
kg=$1
src=$2
make_tmp hostile
ran=0 seen=0
# ok WHAT: closes a case, "ok" only when it added no failure.
ok() {
  if [ $fails -eq $seen ]; then echo "ok: $*"; else echo "not ok: $*"; fi
  seen=$fails ran=$((ran + 1))
}
skip() { echo "skip: $*"; }
seeds=$src/seeds
set_files="graph.graphml graph.jsonld graph.jsonld.idx graph.gexf nodes.csv edges.csv .kg-cache.jsonl"
# snapshot DIR: the hashes of the export set, to compare before and after.
snapshot() { (cd "$1" && sha256sum $set_files 2>/dev/null); }

# A good graph of one seed: the "previous" set every failing run must keep.
one=$(ls "$seeds"/*.txt | head -1)
"$kg" build "$one" -o "$tmp/good" -q --jobs 1 || { echo "reference build failed"; exit 1; }
snapshot "$tmp/good" >"$tmp/good.sums"

# The graph of all seeds, for the sizes the file-size limits below are set from.
"$kg" build "$seeds" -o "$tmp/all" -q --jobs 2 || { echo "build of the seeds failed"; exit 1; }
kb() { echo $(( $(stat -c %s "$1") / 1024 )); }

# --- kind 4: $TMPDIR fills while documents are read (RLIMIT_FSIZE with SIGXFSZ
# ignored: writes past the limit fail with EFBIG, as on a full disk). The build
# cache's spool in $TMPDIR cannot grow: the machine's failure, not the documents'.
rm -rf "$tmp/tfull" && cp -r "$tmp/good" "$tmp/tfull"
(trap '' XFSZ; ulimit -f $(( $(kb "$tmp/good/.kg-cache.jsonl") + 2 )) && exec "$kg" build "$seeds" -o "$tmp/tfull" --jobs 2) \
  >/dev/null 2>"$tmp/tfull.err"
rc=$?
[ $rc -eq 4 ] || fail "\$TMPDIR full while reading: exit $rc, want 4 ($(cat "$tmp/tfull.err"))"
grep -q "skipped" "$tmp/tfull.err" && fail "\$TMPDIR full: documents reported as skipped: $(cat "$tmp/tfull.err")"
grep -q "File too large" "$tmp/tfull.err" || fail "\$TMPDIR full: the reason is not named: $(cat "$tmp/tfull.err")"
snapshot "$tmp/tfull" | cmp -s - "$tmp/good.sums" || fail "\$TMPDIR full: the previous export set was replaced"
ok "\$TMPDIR full while reading: exit 4, nothing skipped, the previous set kept"

# --- kind 4/5: the disk fills while the exports are written: the cache and the
# CSVs fit under the limit, the GraphML, GEXF and JSON-LD do not.
limit=$(( $(kb "$tmp/all/.kg-cache.jsonl") + 20 ))
[ "$limit" -lt "$(kb "$tmp/all/graph.gexf")" ] || { echo "the seeds' exports are too small for this test"; exit 1; }
rm -rf "$tmp/full" && cp -r "$tmp/good" "$tmp/full"
(trap '' XFSZ; ulimit -f "$limit" && exec "$kg" build "$seeds" -o "$tmp/full" -q --jobs 2) 2>"$tmp/full.err"
rc=$?
[ $rc -eq 4 ] || fail "disk full while writing: exit $rc, want 4 ($(cat "$tmp/full.err"))"
grep -q "write failed: File too large" "$tmp/full.err" || fail "disk full: the reason is not named: $(cat "$tmp/full.err")"
snapshot "$tmp/full" | cmp -s - "$tmp/good.sums" || fail "disk full: the previous export set was not kept whole"
ls -a "$tmp/full" | grep -q "\.tmp\." && fail "disk full: temporaries left: $(ls -a "$tmp/full")"
"$kg" stats --graph "$tmp/full/graph.jsonld" >/dev/null 2>"$tmp/full.q" || fail "the kept graph does not load: $(cat "$tmp/full.q")"
ok "disk full while writing the exports: exit 4, the previous set kept whole"

# --- kind 4: $TMPDIR unusable: exit 4 naming it, the previous set kept.
rm -rf "$tmp/tmpdir" && cp -r "$tmp/good" "$tmp/tmpdir"
TMPDIR="$tmp/no/such/dir" "$kg" build "$seeds" -o "$tmp/tmpdir" --text-memory 0 --jobs 2 >"$tmp/td.out" 2>"$tmp/td.err"
rc=$?
[ $rc -eq 4 ] || fail "unusable \$TMPDIR: exit $rc, want 4 ($(cat "$tmp/td.err"))"
grep -q "skipped" "$tmp/td.err" && fail "unusable \$TMPDIR: documents reported as skipped: $(cat "$tmp/td.err")"
grep -q "cannot create a temporary file in \$TMPDIR" "$tmp/td.err" || fail "unusable \$TMPDIR: not named: $(cat "$tmp/td.err")"
snapshot "$tmp/tmpdir" | cmp -s - "$tmp/good.sums" || fail "unusable \$TMPDIR: the previous export set was replaced"
ok "unusable \$TMPDIR: exit 4, the previous set kept"

# --- kind 5: the manifest names every file with its size and SHA-256; a mixed set is refused.
cp -r "$tmp/all" "$tmp/set"
python3 - "$tmp/set" <<'PY' || fail "manifest does not match the files"
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "kg-manifest.json")))
names = {f["name"] for f in m["files"]}
want = {"graph.graphml", "graph.jsonld", "graph.jsonld.idx", "graph.gexf", "nodes.csv", "edges.csv", ".kg-cache.jsonl"}
assert names == want, names
for f in m["files"]:
    b = open(os.path.join(d, f["name"]), "rb").read()
    assert len(b) == f["bytes"] and hashlib.sha256(b).hexdigest() == f["sha256"], f["name"]
PY
cp "$tmp/good/graph.jsonld" "$tmp/set/graph.jsonld"  # an older file among the new ones
"$kg" stats --graph "$tmp/set/graph.jsonld" >/dev/null 2>"$tmp/mix.err"
rc=$?
[ $rc -eq 4 ] || fail "mixed set: exit $rc, want 4"
grep -q "different builds" "$tmp/mix.err" || fail "mixed set: not said: $(cat "$tmp/mix.err")"
ok "manifest written and checked"

# Two builds into one folder at once: the set that stays is one build's, whole.
for round in 1 2 3; do
  rm -rf "$tmp/race"
  "$kg" build "$one" -o "$tmp/race" -q --jobs 1 &
  p1=$!
  "$kg" build "$seeds" -o "$tmp/race" -q --jobs 1 &
  p2=$!
  wait $p1; wait $p2
  "$kg" stats --graph "$tmp/race/graph.jsonld" >/dev/null 2>"$tmp/race.err" || fail "round $round: two builds at once left a set the queries refuse: $(cat "$tmp/race.err")"
  (cd "$tmp/race" && python3 -c '
import hashlib, json
m = json.load(open("kg-manifest.json"))
for f in m["files"]:
    assert hashlib.sha256(open(f["name"], "rb").read()).hexdigest() == f["sha256"], f["name"]
') || fail "round $round: two builds at once mixed their sets"
done
ok "two builds into one folder"

# --- kind 3: only regular files are read; nothing blocks or reads without bound.
if mkfifo "$tmp/fifo.txt" 2>/dev/null; then
  mkdir -p "$tmp/withfifo" && cp "$one" "$tmp/withfifo/good.txt" && mkfifo "$tmp/withfifo/pipe.txt"
  timeout 30 "$kg" build "$tmp/fifo.txt" "$tmp/withfifo" -o "$tmp/ff" >"$tmp/ff.out" 2>"$tmp/ff.err"
  rc=$?
  [ $rc -eq 1 ] || fail "FIFOs: exit $rc, want 1 (124: it hung) $(cat "$tmp/ff.err")"
  grep -q "fifo.txt: not a regular file: a FIFO" "$tmp/ff.err" || fail "FIFO input not reported: $(cat "$tmp/ff.err")"
  grep -q "pipe.txt: not a regular file: a FIFO" "$tmp/ff.err" || fail "FIFO in a folder not reported: $(cat "$tmp/ff.err")"
  grep -q "documents read: 1 of 3" "$tmp/ff.out" || fail "FIFOs: the good document: $(cat "$tmp/ff.out")"
  timeout 30 "$kg" extract "$tmp/fifo.txt" >/dev/null 2>"$tmp/fx.err"
  [ $? -ne 124 ] || fail "kg extract on a FIFO hangs"
  # A FIFO as --graph, and in the build cache's place for --update.
  timeout 30 "$kg" stats --graph "$tmp/fifo.txt" >/dev/null 2>"$tmp/fg.err"
  rc=$?
  [ $rc -eq 4 ] || fail "FIFO as --graph: exit $rc, want 4 (124: it hung)"
  grep -q "fifo.txt: not a regular file" "$tmp/fg.err" || fail "FIFO as --graph: $(cat "$tmp/fg.err")"
  rm -rf "$tmp/fc" && cp -r "$tmp/good" "$tmp/fc" && rm "$tmp/fc/.kg-cache.jsonl" && mkfifo "$tmp/fc/.kg-cache.jsonl"
  timeout 30 "$kg" build "$one" --update "$tmp/fc" -q >/dev/null 2>"$tmp/fc.err"
  rc=$?
  [ $rc -eq 0 ] || fail "FIFO as the build cache: exit $rc, want 0 (124: it hung) $(cat "$tmp/fc.err")"
  grep -q "kg-cache.jsonl: not a regular file; rebuilding everything" "$tmp/fc.err" || fail "FIFO as the cache: $(cat "$tmp/fc.err")"
  ok "FIFOs (inputs, --graph, the cache) reported, no hang"
else
  skip "mkfifo not available"
fi
# A cap on the address space guards against a read that never ends; AddressSanitizer
# (make test-asan sets ASAN_OPTIONS) reserves terabytes of shadow memory and cannot run
# under one, so there the timeout alone guards.
vcap="ulimit -v 2000000;"
[ -n "${ASAN_OPTIONS:-}" ] && vcap=""
if [ -c /dev/zero ]; then
  timeout 30 bash -c "$vcap exec \"$kg\" build /dev/zero \"$one\" -o \"$tmp/zero\"" >/dev/null 2>"$tmp/z.err"
  rc=$?
  [ $rc -eq 1 ] || fail "/dev/zero: exit $rc, want 1 $(cat "$tmp/z.err")"
  grep -q "/dev/zero: not a regular file: a character device" "$tmp/z.err" || fail "/dev/zero not reported: $(cat "$tmp/z.err")"
  ok "/dev/zero reported, not read"
fi
# A sparse file over the limit is refused before it is read (no memory, no time).
truncate -s 3G "$tmp/sparse.txt"
timeout 30 bash -c "$vcap exec \"$kg\" build \"$tmp/sparse.txt\" \"$one\" -o \"$tmp/sp\" --max-document-bytes 100000" >/dev/null 2>"$tmp/sp.err"
rc=$?
[ $rc -eq 1 ] || fail "sparse 3 GB: exit $rc, want 1 $(cat "$tmp/sp.err")"
grep -q "sparse.txt: 3221225472 bytes, over the limit of 100000 (--max-document-bytes)" "$tmp/sp.err" || fail "sparse: $(cat "$tmp/sp.err")"
ok "a 3 GB file over the limit is refused before reading"
# With the limit raised, its leading NULs (over 1% of it) refuse it as binary after a probe of
# that run alone, not after a read of 3 GB (under the 2 GB address-space cap that read fails).
timeout 30 bash -c "$vcap exec \"$kg\" build \"$tmp/sparse.txt\" \"$one\" -o \"$tmp/sp2\" --max-document-bytes 4000000000" >/dev/null 2>"$tmp/sp2.err"
rc=$?
[ $rc -eq 1 ] || fail "sparse 3 GB, limit raised: exit $rc, want 1 $(cat "$tmp/sp2.err")"
grep -q "sparse.txt: binary data: NUL byte at offset 0 (the first [0-9]* bytes at least are NUL" "$tmp/sp2.err" ||
  fail "sparse, limit raised: $(cat "$tmp/sp2.err")"
ok "a 3 GB sparse file under a raised limit is refused as binary from its first bytes"

# --- kind 7: walking the inputs.
# The same folder named twice is read once (by file identity).
(cd "$src" && "$kg" build seeds ./seeds "$src/seeds" -o "$tmp/twice" --jobs 1 >"$tmp/tw.out" 2>"$tmp/tw.err")
n=$(ls "$seeds"/*.txt | wc -l)
grep -q "documents read: $n of $n" "$tmp/tw.out" || fail "seeds named three ways: $(cat "$tmp/tw.out" "$tmp/tw.err")"
# A link to a file already read is read once too.
mkdir -p "$tmp/links" && cp "$one" "$tmp/links/a.txt" && ln "$tmp/links/a.txt" "$tmp/links/b.txt"
"$kg" build "$tmp/links" -o "$tmp/lk" >"$tmp/lk.out" 2>"$tmp/lk.err"
grep -q "documents read: 1 of 1" "$tmp/lk.out" || fail "hard link read twice: $(cat "$tmp/lk.out" "$tmp/lk.err")"
grep -q "b.txt: the same file as another input; read once" "$tmp/lk.err" || fail "hard link not reported: $(cat "$tmp/lk.err")"
ok "one file reached twice is read once"

# A symlinked sub-folder is reported, not silently skipped.
mkdir -p "$tmp/walk/real" "$tmp/elsewhere" && cp "$one" "$tmp/walk/real/a.txt" && cp "$one" "$tmp/elsewhere/b.txt"
ln -s "$tmp/elsewhere" "$tmp/walk/linked"
"$kg" build "$tmp/walk" -o "$tmp/wk" >"$tmp/wk.out" 2>"$tmp/wk.err"
grep -q "warning: .*walk/linked: a symbolic link to a folder, not followed" "$tmp/wk.err" || fail "symlinked folder not reported: $(cat "$tmp/wk.err")"
ok "symlinked sub-folder reported"

# A symlink loop named as input: said so, not "no such file or directory".
ln -s loop2.txt "$tmp/loop1.txt" && ln -s loop1.txt "$tmp/loop2.txt"
"$kg" build "$tmp/loop1.txt" -o "$tmp/lp" 2>"$tmp/lp.err" >/dev/null
rc=$?
[ $rc -eq 2 ] || fail "symlink loop as input: exit $rc, want 2"
grep -q "loop1.txt: Too many levels of symbolic links" "$tmp/lp.err" || fail "symlink loop as input: $(cat "$tmp/lp.err")"
ok "symlink loop named"

# A file name that is not UTF-8: the exports stay valid XML and UTF-8, the bytes are read.
mkdir -p "$tmp/names"
cp "$one" "$tmp/names/$(printf 'bad\xff\xfename.txt')"
"$kg" build "$tmp/names" -o "$tmp/nm" -q 2>"$tmp/nm.err"
rc=$?
[ $rc -eq 0 ] || fail "invalid UTF-8 file name: exit $rc $(cat "$tmp/nm.err")"
python3 - "$tmp/nm" <<'PY' || fail "invalid UTF-8 file name broke the exports"
import json, sys, xml.dom.minidom
d = sys.argv[1]
xml.dom.minidom.parse(d + "/graph.graphml")
xml.dom.minidom.parse(d + "/graph.gexf")
text = open(d + "/graph.jsonld", "rb").read().decode("utf-8")
assert "bad%FF%FEname.txt" in text, "escaped name missing"
json.loads(text)
PY
ok "invalid UTF-8 file name escaped as %XX"

# Unreadable folders (as the input or below it): exit 2, the graph left as it was.
# Root reads every folder, so as root the case runs as nobody (setpriv), when it can.
unprivileged=()
if [ "$(id -u)" -eq 0 ]; then
  command -v setpriv >/dev/null && chmod 755 "$tmp" &&
    setpriv --reuid=65534 --regid=65534 --clear-groups "$kg" --version >/dev/null 2>&1 &&
    unprivileged=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
if [ "$(id -u)" -ne 0 ] || [ ${#unprivileged[@]} -gt 0 ]; then
  rm -rf "$tmp/ur" && cp -r "$tmp/good" "$tmp/ur" && chmod -R a+rwX "$tmp/ur"
  mkdir -p "$tmp/locked/sub" && cp "$one" "$tmp/locked/a.txt" && cp "$one" "$tmp/locked/sub/b.txt"
  chmod -R a+rX "$tmp/locked" && chmod 000 "$tmp/locked/sub"
  "${unprivileged[@]}" "$kg" build "$tmp/locked" -o "$tmp/ur" 2>"$tmp/ur.err" >/dev/null
  rc=$?
  [ $rc -eq 2 ] || fail "unreadable sub-folder: exit $rc, want 2 ($(cat "$tmp/ur.err"))"
  grep -q "locked/sub: cannot read folder: Permission denied" "$tmp/ur.err" || fail "unreadable sub-folder: $(cat "$tmp/ur.err")"
  snapshot "$tmp/ur" | cmp -s - "$tmp/good.sums" || fail "unreadable sub-folder: the graph was replaced"
  chmod 000 "$tmp/locked"
  "${unprivileged[@]}" "$kg" build "$tmp/locked" -o "$tmp/ur" 2>"$tmp/ur2.err" >/dev/null
  rc=$?
  [ $rc -eq 2 ] || fail "unreadable input folder: exit $rc, want 2 ($(cat "$tmp/ur2.err"))"
  snapshot "$tmp/ur" | cmp -s - "$tmp/good.sums" || fail "unreadable input folder: the graph was replaced"
  ok "unreadable folders: exit 2, nothing replaced"
else
  skip "unreadable folders (root, and no setpriv to run as nobody)"
fi

[ $fails -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
[ $ran -gt 0 ] || exit 77
echo "all hostile machine checks passed"
