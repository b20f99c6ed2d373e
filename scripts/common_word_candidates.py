#!/usr/bin/env python3
"""Prints short forms the gazetteer generates that may be common Korean words.

    scripts/common_word_candidates.py [LEXICON_DIR] [HUNSPELL_DIC]

For every gazetteer line of LEXICON_DIR (default schema/data) with a Han name
and a Chinese country (CN, TW, HK, MO), the script makes the short forms kg
makes (kg::KoreanForms): the Sino-Korean reading of the name and of its stem
without the ending of schema/data/forms/suffixes.tsv, and the Korean name
without that ending; it keeps those of one or two Hangul syllables that the
Korean hunspell dictionary (HUNSPELL_DIC, default Debian's hunspell-ko,
/usr/share/hunspell/ko_KR.dic) lists and that forms/common_words.txt does not,
and prints them, one a line:

    FORM <TAB> id <TAB> how it was made

The list is for review by hand: hunspell-ko also lists the readings the press
does use for Chinese places (북경, 상해, 천진), so its words are candidates for
common_words.txt, not entries of it. Traditional characters come from the
`opencc` command (Debian package opencc), as kg takes them from libopencc.
A candidate list, not a check: it exits 0 whatever it finds.
"""
import glob
import os
import subprocess
import sys
import unicodedata

here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
lexicon = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "schema", "data")
dic = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/hunspell/ko_KR.dic"
forms = os.path.join(lexicon, "forms")
if not os.path.isdir(forms):
    forms = os.path.join(here, "schema", "data", "forms")


def rows(path, columns=None):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if columns is None or len(cols) == columns:
                yield cols


def initial_rule(word):
    if not word or not ("\uac00" <= word[0] <= "\ud7a3"):
        return word
    i = ord(word[0]) - 0xAC00
    l, v, t = i // 588, (i // 28) % 21, i % 28
    i_vowel = v in (2, 3, 6, 7, 12, 17, 20)
    if l == 2 and i_vowel:
        l = 11
    elif l == 5:
        l = 11 if i_vowel else 2
    else:
        return word
    return chr(0xAC00 + (l * 21 + v) * 28 + t) + word[1:]


def syllables(s):
    return sum(1 for c in s if "\uac00" <= c <= "\ud7a3")


hangul = {}
for cols in rows(os.path.join(forms, "hanja.tsv"), 3):
    if cols[2]:
        hangul[cols[0]] = cols[2].split()[0]
suffixes = []  # (zh, types, Korean endings)
for cols in rows(os.path.join(forms, "suffixes.tsv"), 5):
    if cols[0] != "-":
        endings = [e for c in (cols[2], cols[3]) if c != "-" for e in c.split("|")]
        suffixes.append((cols[0], set(cols[1].split(",")), endings))
suffixes.sort(key=lambda r: -len(r[0]))
known = {cols[0] for cols in rows(os.path.join(forms, "common_words.txt"))}
words = set()
with open(dic, encoding="utf-8") as f:
    next(f, None)  # the word count
    for line in f:
        w = unicodedata.normalize("NFC", line.split("/")[0].strip())
        if w and all("\uac00" <= c <= "\ud7a3" for c in w) and len(w) <= 2:
            words.add(w)

lines = []
for path in sorted(glob.glob(os.path.join(lexicon, "gazetteer", "*.tsv"))):
    for cols in rows(path, 11):
        ident, typ, country, ko, zh = cols[:5]
        if zh and country in ("CN", "TW", "HK", "MO"):
            lines.append((ident, typ, ko, zh))
if not lines:
    sys.exit(0)
stems = []
for ident, typ, ko, zh in lines:
    row = next((r for r in suffixes if zh.endswith(r[0]) and len(zh) > len(r[0]) and
                ("*" in r[1] or typ in r[1])), None)
    stem = zh[: len(zh) - len(row[0])] if row else zh
    stems.append((stem, row))
trad = subprocess.run(["opencc", "-c", "s2t.json"], input="\n".join(z for _, _, _, z in lines) + "\n" +
                      "\n".join(s for s, _ in stems) + "\n", capture_output=True, text=True, check=True)
out = trad.stdout.split("\n")
n = len(lines)
for k, (ident, typ, ko, zh) in enumerate(lines):
    stem, row = stems[k]
    found = []
    for how, text in (("Sino-Korean reading", out[k]), ("Sino-Korean stem", out[n + k] if row else "")):
        if text and all(c in hangul for c in text):
            found.append((initial_rule("".join(hangul[c] for c in text)), how))
    if row:
        for e in sorted(row[2], key=len, reverse=True):
            if ko.endswith(e) and len(ko) > len(e):
                found.append((ko[: len(ko) - len(e)].strip(), "Korean name without its ending"))
                break
    for form, how in found:
        if form != ko and 1 <= syllables(form) <= 2 and form in words and form not in known:
            print(f"{form}\t{ident}\t{how}")
