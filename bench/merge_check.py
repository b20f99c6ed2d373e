#!/usr/bin/env python3
"""Counts nodes of ONE graph that carry the names of two different gold entities.

usage: merge_check.py GRAPH.jsonld GOLD_DIR [--max N] [--verbose]

The graph is built from many documents together (kg build DOCS -o OUT); GOLD_DIR
holds one gold file per document (../shared/ANNOTATION.md). For every entity node
and every document it is mentioned in, the node "carries" a gold entity of that
document when one of the node's names (name or alternateName, compared as the
scorer compares them: NFKC, no white space or quote marks, case-folded) is a name
of that gold entity and of no other gold entity of the document, and the gold
never uses that name for things of two types or two countries (베이징시 names the
government and the place; 과학기술부 Korea's and China's ministries): such a name
says nothing about which of them a node is. (So a document whose only name for
Korea's ministry is the bare 과학기술부 cannot show that ministry merged into
China's: the check sees conflations by names, not every wrong merge.)

A node is counted when it carries two gold entities that are different things:
  - of different types, or
  - of different countries (CN / KR, read from the gold id's words, e.g. most-cn,
    kor-most, china-mobile, and from a country word before the name, e.g.
    "중국 과학기술부"; unknown on either side: not counted), or
  - two different entities of one document (reported on their own line).

Prints one line per counted node and a summary; exits 1 when the count of
type/country conflations is over --max (default 0), 2 on bad input.
"""
import glob
import json
import os
import sys
import unicodedata

QUOTES = "'\"‘’“”「」『』《》〈〉«»`´"
CN_WORDS = {"cn", "chn", "china", "chinese"}
KR_WORDS = {"kr", "kor", "korea", "korean", "rok"}
CN_PREFIXES = ("중국", "中國", "中国", "中")
KR_PREFIXES = ("한국", "韓國", "韩国", "韓")


def norm(s):
    s = unicodedata.normalize("NFKC", str(s))
    s = "".join(ch for ch in s if not ch.isspace() and ch not in QUOTES)
    return s.casefold()


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def text_values(v):
    out = []
    for x in as_list(v):
        if isinstance(x, dict):
            x = x.get("@value")
        if isinstance(x, str):
            out.append(x)
    return out


def country_of(entity):
    words = set(entity["id"].lower().replace("_", "-").split("-"))
    found = set()
    if words & CN_WORDS:
        found.add("CN")
    if words & KR_WORDS:
        found.add("KR")
    for name in entity["names"]:
        n = unicodedata.normalize("NFKC", name)
        # A country word written before the name, as its own word ("중국 과학기술부", "中 과기부").
        head = n.split(" ", 1)[0] if " " in n else ""
        if head in CN_PREFIXES:
            found.add("CN")
        if head in KR_PREFIXES:
            found.add("KR")
    return found.pop() if len(found) == 1 else ""


def doc_key(path):
    return os.path.splitext(os.path.basename(path))[0]


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in argv
    limit = 0
    if "--max" in argv:
        limit = int(argv[argv.index("--max") + 1])
        args.remove(str(limit))
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    graph_path, gold_dir = args
    with open(graph_path, encoding="utf-8") as f:
        graph = json.load(f)["@graph"]

    # Gold: per document, name -> the entities carrying it.
    gold = {}
    for path in sorted(glob.glob(os.path.join(gold_dir, "*.json"))):
        with open(path, encoding="utf-8") as f:
            g = json.load(f)
        names = {}
        for e in g["entities"]:
            info = (e["id"], e["type"], country_of(e), e["names"][0])
            for n in e["names"]:
                names.setdefault(norm(n), set()).add(info)
        gold[doc_key(g.get("document", path))] = names
    if not gold:
        print(f"no gold files in {gold_dir}", file=sys.stderr)
        return 2

    # Across the gold: the types and the countries each name is used for. A name the gold
    # gives to things of several types (베이징시: the government and the place) or countries
    # (과학기술부) is no evidence of which one a node carries, and is not counted.
    types_of, countries_of = {}, {}
    for names in gold.values():
        for n, owners in names.items():
            for (_, gtype, country, _) in owners:
                types_of.setdefault(n, set()).add(gtype)
                countries_of.setdefault(n, set()).add(country or "?")

    docs = {}
    for obj in graph:
        if obj.get("@type") == "Document":
            docs[obj["@id"]] = doc_key(obj.get("path", ""))

    conflated = 0
    same_doc = 0
    nodes = 0
    for obj in graph:
        if obj.get("@type") in ("Document", "Statement", "Class", "Property") or "name" not in obj:
            continue
        if "mentionedIn" not in obj:
            continue
        nodes += 1
        names = {norm(n) for n in text_values(obj.get("name")) + text_values(obj.get("alternateName"))}
        carried = []  # (doc, id, type, country, canonical)
        for ref in as_list(obj.get("mentionedIn")):
            d = docs.get(ref.get("@id") if isinstance(ref, dict) else ref)
            if d not in gold:
                continue
            for n in sorted(names):
                owners = gold[d].get(n, set())
                if len(owners) == 1 and len(types_of[n]) == 1 and len(countries_of[n] - {"?"}) <= 1:
                    gid, gtype, country, canonical = next(iter(owners))
                    carried.append((d, gid, gtype, country, canonical))
        carried = sorted(set(carried))
        reasons = set()
        for i in range(len(carried)):
            for j in range(i + 1, len(carried)):
                a, b = carried[i], carried[j]
                if a[2] != b[2]:
                    reasons.add("types")
                if a[3] and b[3] and a[3] != b[3]:
                    reasons.add("countries")
                if a[0] == b[0] and a[1] != b[1]:
                    reasons.add("same document")
        if not reasons:
            continue
        what = ", ".join(f"{c[0]}:{c[1]} {c[2]}{'/' + c[3] if c[3] else ''} {c[4]}" for c in carried)
        label = text_values(obj.get("name"))[0]
        if reasons & {"types", "countries"}:
            conflated += 1
            print(f"CONFLATED ({', '.join(sorted(reasons))}) {obj.get('@id')} {label}: {what}")
        else:
            same_doc += 1
            if verbose:
                print(f"two entities of one document: {obj.get('@id')} {label}: {what}")
    print(f"{nodes} entity nodes over {len(docs)} documents; {conflated} carry names of gold entities of "
          f"different types or countries; {same_doc} more carry two entities of one document")
    return 1 if conflated > limit else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
