#!/usr/bin/env python3
"""Writes schema/data/gazetteer/bodies_cn_provinces.tsv: the departments of the people's
governments of China's 31 provincial-level units (the 27 provinces and autonomous regions
and the four municipalities), in the gazetteer format.

    scripts/gen_cn_province_depts.py > schema/data/gazetteer/bodies_cn_provinces.tsv

The provinces (id, Korean name, Han name) are read from cn_places.tsv: the Place lines
whose parent is `china`, Hong Kong and Macau left out (they have no such departments).
Each department's entry has the id `<province id>-<dept key>`, type Agency, country CN,
the Korean name `<province's Korean name> <department's Korean name>` (허베이성
발전개혁위원회, as bodies.tsv writes 허베이성 과학기술청), the Han name
`<province's Han name><department>`, the English name, the usual short Han form as an alias
(河北省发改委), and the province's government (`<province id>-government` of bodies.tsv)
as parent.

The department lists follow the 2018 provincial institutional reform plans (the standard
set of 厅/委员会/局 every province adopted); the municipalities name the same departments
局 or 委员会, and where their names differ from one municipality to another the department
is given only where the name is known (MUNICIPAL_NAMES). A department a hand-written file
already holds (the science and technology and commerce departments are in bodies.tsv) is
not written again: its Han name is looked up in every gazetteer file.
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
gazetteer = os.path.join(here, "..", "schema", "data", "gazetteer")
OUT = "bodies_cn_provinces.tsv"
SOURCE = "2018 provincial institutional reform plans; provincial government department lists"

# key, Han ending for provinces, Korean ending, English name (format with the province),
# short Han ending (alias) or "".
PROVINCE_DEPTS = [
    ("drc", "发展和改革委员会", "발전개혁위원회", "{} Development and Reform Commission", "发改委"),
    ("miit", "工业和信息化厅", "공업정보화청", "{} Department of Industry and Information Technology", "工信厅"),
    ("edu", "教育厅", "교육청", "{} Department of Education", ""),
    ("finance", "财政厅", "재정청", "{} Department of Finance", ""),
    ("hrss", "人力资源和社会保障厅", "인력자원사회보장청", "{} Department of Human Resources and Social Security", "人社厅"),
    ("nr", "自然资源厅", "자연자원청", "{} Department of Natural Resources", ""),
    ("ee", "生态环境厅", "생태환경청", "{} Department of Ecology and Environment", ""),
    ("housing", "住房和城乡建设厅", "주택도농건설청", "{} Department of Housing and Urban-Rural Development", "住建厅"),
    ("transport", "交通运输厅", "교통운수청", "{} Department of Transport", "交通厅"),
    ("water", "水利厅", "수리청", "{} Department of Water Resources", ""),
    ("agri", "农业农村厅", "농업농촌청", "{} Department of Agriculture and Rural Affairs", "农业厅"),
    ("culture", "文化和旅游厅", "문화여유청", "{} Department of Culture and Tourism", "文旅厅"),
    ("health", "卫生健康委员会", "위생건강위원회", "{} Health Commission", "卫健委"),
    ("civil", "民政厅", "민정청", "{} Department of Civil Affairs", ""),
    ("justice", "司法厅", "사법청", "{} Department of Justice", ""),
    ("police", "公安厅", "공안청", "{} Department of Public Security", ""),
    ("audit", "审计厅", "심계청", "{} Audit Office", ""),
    ("emergency", "应急管理厅", "응급관리청", "{} Department of Emergency Management", "应急厅"),
    ("samr", "市场监督管理局", "시장감독관리국", "{} Administration for Market Regulation", "市场监管局"),
    ("stats", "统计局", "통계국", "{} Bureau of Statistics", ""),
    ("ipa", "知识产权局", "지식산권국", "{} Intellectual Property Administration", ""),
    ("sasac", "人民政府国有资产监督管理委员会", "국유자산감독관리위원회",
     "{} State-owned Assets Supervision and Administration Commission", "国资委"),
    ("fao", "人民政府外事办公室", "외사판공실", "{} Foreign Affairs Office", "外办"),
]

# Where a department's Han ending differs from the provinces' (key -> ending, Korean).
# Exceptions of provinces: the economy-and-IT departments of four provinces.
PROVINCE_EXCEPTIONS = {
    ("zhejiang", "miit"): ("经济和信息化厅", "경제정보화청", "经信厅"),
    ("hubei", "miit"): ("经济和信息化厅", "경제정보화청", "经信厅"),
    ("sichuan", "miit"): ("经济和信息化厅", "경제정보화청", "经信厅"),
    ("anhui", "miit"): ("经济和信息化厅", "경제정보화청", "经信厅"),
    ("tibet", "miit"): ("经济和信息化厅", "경제정보화청", "经信厅"),
}

# The municipalities: the departments whose name is known for each; a key missing here is
# not written for that municipality.
MUNICIPAL = {
    "drc": ("发展和改革委员会", "발전개혁위원회", "发改委"),
    "edu": ("教育委员会", "교육위원회", "教委"),
    "finance": ("财政局", "재정국", ""),
    "hrss": ("人力资源和社会保障局", "인력자원사회보장국", "人社局"),
    "ee": ("生态环境局", "생태환경국", ""),
    "health": ("卫生健康委员会", "위생건강위원회", "卫健委"),
    "civil": ("民政局", "민정국", ""),
    "justice": ("司法局", "사법국", ""),
    "police": ("公安局", "공안국", ""),
    "audit": ("审计局", "심계국", ""),
    "emergency": ("应急管理局", "응급관리국", ""),
    "samr": ("市场监督管理局", "시장감독관리국", "市场监管局"),
    "stats": ("统计局", "통계국", ""),
    "ipa": ("知识产权局", "지식산권국", ""),
    "sasac": ("人民政府国有资产监督管理委员会", "국유자산감독관리위원회", "国资委"),
    "fao": ("人民政府外事办公室", "외사판공실", "外办"),
}
MUNICIPAL_NAMES = {
    ("beijing", "miit"): ("经济和信息化局", "경제정보화국", "经信局"),
    ("shanghai", "miit"): ("经济和信息化委员会", "경제정보화위원회", "经信委"),
    ("tianjin", "miit"): ("工业和信息化局", "공업정보화국", "工信局"),
    ("chongqing", "miit"): ("经济和信息化委员会", "경제정보화위원회", "经信委"),
    ("beijing", "culture"): ("文化和旅游局", "문화여유국", "文旅局"),
    ("shanghai", "culture"): ("文化和旅游局", "문화여유국", "文旅局"),
    ("tianjin", "culture"): ("文化和旅游局", "문화여유국", "文旅局"),
    ("beijing", "agri"): ("农业农村局", "농업농촌국", ""),
    ("shanghai", "agri"): ("农业农村委员会", "농업농촌위원회", "农委"),
    ("tianjin", "agri"): ("农业农村委员会", "농업농촌위원회", "农委"),
    ("chongqing", "agri"): ("农业农村委员会", "농업농촌위원회", "农委"),
    ("beijing", "water"): ("水务局", "수무국", ""),
    ("shanghai", "water"): ("水务局", "수무국", ""),
    ("tianjin", "water"): ("水务局", "수무국", ""),
    ("chongqing", "water"): ("水利局", "수리국", ""),
}
MUNICIPALITIES = {"beijing", "tianjin", "shanghai", "chongqing"}
ENGLISH_NAME = {"inner-mongolia": "Inner Mongolia", "guangxi": "Guangxi", "tibet": "Tibet",
                "ningxia": "Ningxia", "xinjiang": "Xinjiang", "shaanxi": "Shaanxi"}


def rows(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line.split("\t")


def main():
    provinces = [c for c in rows(os.path.join(gazetteer, "cn_places.tsv"))
                 if c[1] == "Place" and c[8] == "china" and c[0] not in ("hong-kong", "macau")]
    ids, han = set(), set()
    for f in sorted(os.listdir(gazetteer)):
        if f.endswith(".tsv") and f != OUT:
            for c in rows(os.path.join(gazetteer, f)):
                ids.add(c[0])
                han.add(c[4])
                han.update(c[7].split("|"))
    out = sys.stdout
    out.write("# The departments of the people's governments of China's 31 provincial-level units.\n"
              "# Generated by scripts/gen_cn_province_depts.py from cn_places.tsv: do not edit.\n"
              "# id\ttype\tcountry\tko\tzh\tpinyin\ten\taliases\tparent\tyears\tsource\n")
    count = 0
    for p in provinces:
        pid, pko, pzh = p[0], p[3], p[4]
        pen = ENGLISH_NAME.get(pid, p[6].split("|")[0])
        parent = pid + "-government"
        if parent not in ids:
            parent = ""
        for key, zh_end, ko_end, en_fmt, short in PROVINCE_DEPTS:
            if pid in MUNICIPALITIES:
                name = MUNICIPAL_NAMES.get((pid, key)) or MUNICIPAL.get(key)
                if name is None:
                    continue
                zh_end, ko_end, short = name
            elif (pid, key) in PROVINCE_EXCEPTIONS:
                zh_end, ko_end, short = PROVINCE_EXCEPTIONS[(pid, key)]
            zh = pzh + zh_end
            if zh in han:
                continue
            did = "%s-%s" % (pid, key)
            if did in ids:
                continue
            aliases = []
            if short:
                aliases.append(pzh + short)
            if zh_end.startswith("人民政府"):
                aliases.append(pzh + zh_end[len("人民政府"):])
            if pid in MUNICIPALITIES:
                en = en_fmt.format(pen + " Municipal")
                if zh_end.endswith("局"):
                    en = en.replace("Department of", "Bureau of")
                elif zh_end.endswith("委员会"):
                    en = en.replace("Department of", "Commission of")
            else:
                en = en_fmt.format(pen)
            if zh_end.startswith("经济和信息化"):
                en = en.replace("Industry and", "Economy and")
            out.write("\t".join([did, "Agency", "CN", "%s %s" % (pko, ko_end), zh, "", en,
                                 "|".join(aliases), parent, "", SOURCE]) + "\n")
            count += 1
    sys.stderr.write("%d departments\n" % count)


if __name__ == "__main__":
    main()
