#!/usr/bin/env python3
"""Writes schema/data/forms/hanja.tsv from the Unihan database.

    scripts/gen_hanja_table.py [UNIHAN_READINGS] > schema/data/forms/hanja.tsv

UNIHAN_READINGS is Unihan_Readings.txt, plain or bz2-compressed (default: the
one Debian's `unicode-data` package installs, /usr/share/unicode/
Unihan_Readings.txt.bz2). kg never reads Unihan itself: it reads the small
table this script writes, which is committed.

One line per CJK Unified Ideograph of U+4E00..U+9FFF that has a Mandarin or a
Korean reading:

    CHAR <TAB> kMandarin (its first value, tone marks kept) <TAB> kHangul readings

The Hangul readings are space separated, the one kg uses first:
  - a reading that is only the initial-sound-rule (두음법칙) spelling of
    another reading of the same character is dropped (李 리/이 -> 리; kg applies
    the rule itself, at the start of a word);
  - readings Unihan marks as taught in schools (source letter E) come first;
  - then the order of kKorean (Yale romanisation), which lists the usual
    reading first (北 kHangul 배 북, kKorean PWUK PEY -> 북 배);
  - then Unihan's own order.

A character without a kHangul of its own takes the readings of its Z-variant
(Unihan_Variants.txt, kZVariant: the same character in another glyph shape)
when exactly that variant has them: 研 is read as 硏 (연), 吴 as 吳 (오), 户 as
戶 (호). Unihan records the Korean reading on the shape Korea's sources use, so
without this a name holding 研究 (研究院, 研究所) has no Sino-Korean reading.
Other variant kinds (semantic, specialised) are different characters and are
not followed.
"""
import bz2
import re
import sys

DEFAULT = "/usr/share/unicode/Unihan_Readings.txt.bz2"
VARIANTS = "Unihan_Variants.txt"  # next to the readings file, same compression
FIRST, LAST = 0x4E00, 0x9FFF

# Yale romanisation of the Hangul jamo, to compare kHangul with kKorean.
YALE_L = ["k", "kk", "n", "t", "tt", "l", "m", "p", "pp", "s", "ss", "", "c", "cc", "ch", "kh", "th",
          "ph", "h"]
YALE_V = ["a", "ay", "ya", "yay", "e", "ey", "ye", "yey", "o", "wa", "way", "oy", "yo", "wu", "we",
          "wey", "wi", "yu", "u", "uy", "i"]
YALE_T = ["", "k", "kk", "ks", "n", "nc", "nh", "t", "l", "lk", "lm", "lp", "ls", "lth", "lph", "lh",
          "m", "p", "ps", "s", "ss", "ng", "c", "ch", "kh", "th", "ph", "h"]


def jamo(syllable):
    i = ord(syllable) - 0xAC00
    return i // (21 * 28), (i // 28) % 21, i % 28


def compose(l, v, t):
    return chr(0xAC00 + (l * 21 + v) * 28 + t)


def yale(reading):
    return "".join(YALE_L[l] + YALE_V[v] + YALE_T[t] for l, v, t in map(jamo, reading)).upper()


# Vowels after which initial ㄴ/ㄹ become ㅇ at the start of a word: ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ.
I_VOWELS = {2, 3, 6, 7, 12, 17, 20}
NIEUN, RIEUL, IEUNG = 2, 5, 11


def initial_rule(reading):
    l, v, t = jamo(reading[0])
    if l == NIEUN and v in I_VOWELS:
        l = IEUNG
    elif l == RIEUL:
        l = IEUNG if v in I_VOWELS else NIEUN
    return compose(l, v, t) + reading[1:]


def order(hangul, korean):
    readings = []  # (reading, sources)
    for item in hangul.split():
        r, _, src = item.partition(":")
        readings.append((r, src))
    names = {r for r, _ in readings}
    kept = [(r, s) for r, s in readings
            if "E" in s or not any(o != r and initial_rule(o) == r for o in names)]
    yales = korean.split()

    def rank(item):
        r, s = item
        y = yale(r)
        return ("E" not in s, yales.index(y) if y in yales else len(yales), readings.index(item))

    return [r for r, _ in sorted(kept, key=rank)]


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    opener = bz2.open if path.endswith(".bz2") else open
    fields = {}
    version = date = "?"
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                m = re.match(r"#\s*Unicode version:\s*(\S+)", line)
                if m:
                    version = m.group(1)
                m = re.match(r"#\s*Date:\s*(.+?)\s*$", line)
                if m:
                    date = m.group(1)
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[1] not in ("kMandarin", "kHangul", "kKorean"):
                continue
            cp = int(parts[0][2:], 16)
            if FIRST <= cp <= LAST:
                fields.setdefault(cp, {})[parts[1]] = parts[2]
    variants = {}  # code point -> its Z-variants
    vpath = re.sub(r"Unihan_Readings\.txt", VARIANTS, path)
    with opener(vpath, "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1] == "kZVariant":
                variants[int(parts[0][2:], 16)] = [int(v.split("<")[0][2:], 16)
                                                   for v in parts[2].split()]
    korean_fields = {}  # readings of every code point, for the variants outside the range
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1] in ("kHangul", "kKorean"):
                korean_fields.setdefault(int(parts[0][2:], 16), {})[parts[1]] = parts[2]
    for cp, vs in variants.items():
        if not FIRST <= cp <= LAST or "kHangul" in fields.get(cp, {}):
            continue
        read = [v for v in vs if "kHangul" in korean_fields.get(v, {})]
        if len(read) == 1:
            f = fields.setdefault(cp, {})
            f["kHangul"] = korean_fields[read[0]]["kHangul"]
            f["kKorean"] = korean_fields[read[0]].get("kKorean", "")
    out = sys.stdout
    out.write("# Readings of the CJK Unified Ideographs U+4E00..U+9FFF, extracted by\n"
              "# scripts/gen_hanja_table.py from Unihan_Readings.txt of Unicode %s (%s),\n"
              "# as Debian's unicode-data package ships it. Do not edit: rerun the script.\n"
              "# CHAR <TAB> Mandarin (kMandarin, first value) <TAB> Sino-Korean readings\n"
              "# (kHangul, the usual one first; see the script for the order; a character\n"
              "# without one takes its Z-variant's, from Unihan_Variants.txt)\n" % (version, date))
    for cp in sorted(fields):
        f = fields[cp]
        mandarin = f.get("kMandarin", "").split()
        hangul = order(f.get("kHangul", ""), f.get("kKorean", ""))
        if not mandarin and not hangul:
            continue
        out.write("%s\t%s\t%s\n" % (chr(cp), mandarin[0] if mandarin else "", " ".join(hangul)))


if __name__ == "__main__":
    main()
