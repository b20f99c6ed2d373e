#!/usr/bin/env bash
# The bad-input suite (tests/data/bad/README.md): every hostile file gets a
# clear message and its documented exit code, the good documents next to it
# still build, nothing crashes or hangs, and no export is left half-written.
# usage: bad_input.sh KG_BINARY SOURCE_DIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
kg=$1
src=$2
bad=$src/tests/data/bad
make_tmp bad
# expect CODE PATTERN FILE: the last run exited CODE and FILE holds PATTERN (grep -E).
expect() {
  local got=$1 want=$2 pattern=$3 file=$4 what=$5
  [ "$got" -eq "$want" ] || fail "$what: exit $got, want $want ($(head -c 300 "$file"))"
  grep -Eq -- "$pattern" "$file" || fail "$what: no '$pattern' in: $(head -c 300 "$file")"
}

seed=$src/seeds/002_f8c36edb7488f8b4.txt
timeout 120 "$kg" build "$seed" -o "$tmp/ref" -q --jobs 1 || fail "reference build failed"

# Every committed bad document next to a good seed: refused ones are skipped with
# path and reason, damaged-but-readable ones are read with warnings, exit 1.
timeout 120 "$kg" build "$seed" "$bad" -o "$tmp/mixed" --jobs 2 >"$tmp/mixed.out" 2>"$tmp/mixed.err"
rc=$?
expect $rc 1 "empty.txt: empty file \(0 bytes\)" "$tmp/mixed.err" "empty file"
expect $rc 1 "image_png.txt: binary data: NUL byte at offset 8" "$tmp/mixed.err" "PNG"
expect $rc 1 "program_elf.txt: binary data" "$tmp/mixed.err" "ELF"
expect $rc 1 "mostly_invalid.txt: not text in UTF-8, UTF-16 or CP949/EUC-KR: invalid UTF-8 byte 0x80 at offset 0" \
  "$tmp/mixed.err" "bytes in no encoding"
expect $rc 1 "warning: .*invalid_utf8.txt: byte [0-9]+: 2 byte\(s\) of invalid UTF-8 \(0xff 0xfe\) replaced by U\+FFFD" \
  "$tmp/mixed.err" "stray bytes"
expect $rc 1 "warning: .*truncated_multibyte.txt: byte [0-9]+: .*replaced by U\+FFFD" "$tmp/mixed.err" "cut sequence"
expect $rc 1 "warning: .*nul_bytes.txt: byte [0-9]+: 2 byte\(s\) of NUL \(0x00 0x00\) dropped" "$tmp/mixed.err" "NUL bytes"
expect $rc 1 "4 input\(s\) skipped" "$tmp/mixed.err" "skip count"
expect $rc 1 "documents read: 10 of 14" "$tmp/mixed.out" "documents read"
grep -q "skipped.*cp949.txt\|skipped.*cp949_damaged.txt\|skipped.*utf16\|skipped.*utf32\|skipped.*punctuation" "$tmp/mixed.err" &&
  fail "a readable document was skipped"
# Issue 21, kind 8: damage in CP949 is read past and warned about like damage in UTF-8,
# naming the encoding and the offset; the trailing DOS end-of-file mark is no reason to refuse.
expect $rc 1 "warning: .*cp949_damaged.txt: byte 9: 1 byte\(s\) of invalid windows-949 \(0xc9\) replaced by U\+FFFD" \
  "$tmp/mixed.err" "damaged CP949"
# The good documents' entities are all there.
for f in nodes.csv; do
  tail -n +2 "$tmp/ref/$f" | cut -d, -f1 | sort >"$tmp/ref.ids"
  tail -n +2 "$tmp/mixed/$f" | cut -d, -f1 | sort >"$tmp/mixed.ids"
  [ -z "$(comm -23 "$tmp/ref.ids" "$tmp/mixed.ids")" ] || fail "entities of the good seed are missing next to bad input"
done
# Encodings: the CP949 and UTF-16 files yield the same entities as UTF-8.
grep -q "푸둥신구" "$tmp/mixed/nodes.csv" || fail "CP949 document not read"
ok "bad documents next to a good one"

# Punctuation only: read, no entities, exit 0.
"$kg" extract "$bad/punctuation.txt" >"$tmp/p.json" 2>"$tmp/p.err"
expect $? 0 '"entities": \[\]' "$tmp/p.json" "punctuation only"
ok "punctuation only"

# UTF-32 (kind 8): decoded by name, not read as UTF-16 full of NULs.
"$kg" extract "$bad/utf32le_bom.txt" >"$tmp/u32.json" 2>"$tmp/u32.err"
expect $? 0 '"encoding": "UTF-32LE"' "$tmp/u32.json" "UTF-32 encoding named"
grep -q "푸둥신구" "$tmp/u32.json" || fail "UTF-32: entities not found: $(head -c 300 "$tmp/u32.json")"
ok "UTF-32"

# A 50 MB single line: refused by the size limit, or bounded in time; never a hang.
python3 - "$tmp/line.txt" <<'EOF'
import sys
unit = "중국 과학기술부는 상하이 푸둥신구와 협력 계획을 발표했다 ".encode()
with open(sys.argv[1], "wb") as f:
    f.write(unit * (50 * 1024 * 1024 // len(unit) + 1))
EOF
timeout 120 "$kg" build "$tmp/line.txt" -o "$tmp/l1" --max-document-bytes 10000000 2>"$tmp/l1.err" >/dev/null
expect $? 1 "line.txt: [0-9]+ bytes, over the limit of 10000000 \(--max-document-bytes\)" "$tmp/l1.err" "50 MB over size limit"
timeout 120 "$kg" build "$tmp/line.txt" -o "$tmp/l2" --max-document-seconds 1 2>"$tmp/l2.err" >/dev/null
expect $? 1 "line.txt: extraction ran over 1 s, at line 1 of 1 \(--max-document-seconds\)" "$tmp/l2.err" "50 MB time bound"
ok "50 MB single line"
# Sentence limit: a long run is split and reported.
python3 -c "print('중국 과학기술부는 ' + '협력 ' * 5000 + '계획을 발표했다.')" >"$tmp/run.txt"
"$kg" build "$tmp/run.txt" -o "$tmp/l3" -q 2>"$tmp/l3.err"
expect $? 0 "warning: .*run.txt: line 1: [0-9]+ bytes without a sentence ending were split into [0-9]+ pieces \(--max-sentence-bytes 4096\)" \
  "$tmp/l3.err" "sentence limit"
ok "over-long sentence"

# A directory with an unreadable file and a symlink loop: both reported, the rest builds.
mkdir -p "$tmp/dir/sub"
cp "$seed" "$tmp/dir/good.txt"
cp "$seed" "$tmp/dir/locked.txt"
chmod 000 "$tmp/dir/locked.txt"
ln -s loop-b.txt "$tmp/dir/loop-a.txt"
ln -s loop-a.txt "$tmp/dir/loop-b.txt"
ln -s .. "$tmp/dir/sub/up"  # a directory loop: not followed
timeout 120 "$kg" build "$tmp/dir" -o "$tmp/d" >"$tmp/d.out" 2>"$tmp/d.err"
rc=$?
expect $rc 1 "loop-a.txt: .*(symbolic links|cannot open)" "$tmp/d.err" "symlink loop"
if [ "$(id -u)" -ne 0 ]; then  # root reads mode-000 files
  expect $rc 1 "locked.txt: cannot open: Permission denied" "$tmp/d.err" "unreadable file"
fi
grep -q "documents read: [12] of" "$tmp/d.out" || fail "good file in a hostile directory not read: $(cat "$tmp/d.out" "$tmp/d.err")"
ok "unreadable file and symlink loop"

# A lexicon with malformed lines: all of them with file:line, exit 3, nothing written.
"$kg" build "$seed" --lexicon "$bad/lexicon" -o "$tmp/lx" 2>"$tmp/lx.err" >/dev/null
rc=$?
for n in 3 4 5 6; do expect $rc 3 "malformed.tsv:$n: " "$tmp/lx.err" "lexicon line $n"; done
[ ! -e "$tmp/lx" ] || fail "a bad lexicon still wrote exports"
ok "malformed lexicon"

# Broken JSON-LD exports: exit 4 with where and what.
"$kg" stats --graph "$bad/truncated.jsonld" >/dev/null 2>"$tmp/j1.err"
expect $? 4 "truncated.jsonld: line [0-9]+ \(byte [0-9]+\): invalid JSON: .*truncated\?" "$tmp/j1.err" "truncated JSON-LD"
"$kg" path 포켓모바일 중관촌 --graph "$bad/wrong_types.jsonld" >/dev/null 2>"$tmp/j2.err"
expect $? 4 "wrong_types.jsonld: @graph\[27\] \(kgr:[^)]*\): unknown @type 'Spaceship'" "$tmp/j2.err" "wrong types"
ok "broken JSON-LD"

[ $fails -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all bad-input checks passed"
