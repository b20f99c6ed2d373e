#!/usr/bin/python3
"""Reads kg's exports the way their clients do and compares them with the JSON-LD.

usage: clients_roundtrip.py DIR [XSD]   (DIR holds graph.jsonld, graph.graphml, graph.gexf)

- networkx.read_graphml and networkx.read_gexf: every node with its label, type,
  aliases, mentions, documents, country, jurisdiction (a Place of the graph) and
  first/last dates, every edge (one per
  JSON-LD Statement) with its type, weight, symmetry, documents and dates;
- igraph.Graph.Read_GraphML: the same nodes and (source, type, target) edges;
- the GEXF's own attributes: version 1.3, every edge directed, kind = label = type.

Prints one line per client; exits 1 when anything was lost or differs, 77 when
a client library is missing (scripts/setup.sh installs them).
"""
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter

try:
    import networkx as nx
    import igraph
except ImportError as e:  # pragma: no cover
    print(f"skipped: {e} (scripts/setup.sh installs python3-networkx and python3-igraph)")
    sys.exit(77)

d = sys.argv[1]
problems = []


def problem(msg):
    if len(problems) < 30:
        print("  FAIL:", msg)
    problems.append(msg)


def strip(i):
    return i[4:] if i.startswith("kgr:") else i


# ---- the JSON-LD as the reference
doc = json.load(open(f"{d}/graph.jsonld", encoding="utf-8"))
node_types = {"Agency", "Zone", "Company", "Program", "Place", "Organization", "Person", "Event"}
dates = {}
nodes = {}
edges = Counter()
edge_data = {}
for o in doc["@graph"]:
    t = o.get("@type")
    if t == "Document":
        dates[strip(o["@id"])] = o.get("dateCreated", "")
for o in doc["@graph"]:
    t = o.get("@type")
    if t in node_types:
        docs = [strip(r["@id"]) for r in o.get("mentionedIn", [])]
        ds = sorted(x for x in (dates.get(k, "") for k in docs) if x)
        nodes[strip(o["@id"])] = {
            "label": o["name"], "type": t, "aliases": sorted(o.get("alternateName", [])),
            "mentions": o["mentionCount"], "documents": docs, "country": o.get("country", ""),
            "jurisdiction": strip(o["jurisdiction"]["@id"]) if "jurisdiction" in o else "",
            "first_seen": ds[0] if ds else "", "last_seen": ds[-1] if ds else "",
        }
    elif t == "Statement":
        key = (strip(o["subject"]["@id"] if isinstance(o["subject"], dict) else o["subject"]),
               o["predicate"].split(":")[-1],
               strip(o["object"]["@id"] if isinstance(o["object"], dict) else o["object"]))
        edges[key] += 1
        docs = sorted({strip(e["document"]["@id"] if isinstance(e["document"], dict) else e["document"])
                       for e in o.get("evidence", [])})
        edge_data[key] = {"weight": float(o["weight"]), "first_seen": o.get("firstSeen", ""),
                          "last_seen": o.get("lastSeen", ""), "documents": docs,
                          "symmetric": key[1] == "cooperatesWith"}
statements = sum(edges.values())
if not nodes or not statements:
    problem("the JSON-LD holds no entities or no statements")
for nid, a in nodes.items():
    if a["jurisdiction"] and nodes.get(a["jurisdiction"], {}).get("type") != "Place":
        problem(f"JSON-LD: node {nid}: jurisdiction {a['jurisdiction']!r} is no Place of the graph")


def split(s):
    return [x for x in (s or "").split(";") if x]


def compare(client, got_nodes, got_edges):
    """got_nodes: id -> attribute dict; got_edges: list of (u, type, v, data)."""
    if set(got_nodes) != set(nodes):
        problem(f"{client}: nodes differ: {len(got_nodes)} read, {len(nodes)} in the JSON-LD; "
                f"missing {sorted(set(nodes) - set(got_nodes))[:3]}, extra {sorted(set(got_nodes) - set(nodes))[:3]}")
    for nid, want in nodes.items():
        got = got_nodes.get(nid)
        if got is None:
            continue
        for k, v in want.items():
            g = got.get(k, "")
            if k in ("aliases", "documents"):
                g = sorted(split(g)) if k == "aliases" else split(g)
                v = sorted(v) if k == "aliases" else v
            if k == "mentions":
                g = int(g)
            if g != v:
                problem(f"{client}: node {nid}: {k} is {g!r}, the JSON-LD says {v!r}")
    seen = Counter((u, t, v) for u, t, v, _ in got_edges)
    if seen != edges:
        lost = edges - seen
        extra = seen - edges
        problem(f"{client}: {sum(seen.values())} edges read, {statements} statements in the JSON-LD; "
                f"lost {sum(lost.values())} {list(lost)[:3]}, extra {sum(extra.values())} {list(extra)[:3]}")
    for u, t, v, data in got_edges:
        want = edge_data.get((u, t, v))
        if want is None or data is None:
            continue
        for k, w in want.items():
            g = data.get(k, "")
            if k == "documents":
                g = split(g)
            if k == "weight":
                g = float(g)
            if g != w:
                problem(f"{client}: edge {u} -{t}-> {v}: {k} is {g!r}, the JSON-LD says {w!r}")
                break


# ---- networkx, GraphML
before = len(problems)
G = nx.read_graphml(f"{d}/graph.graphml")
if not G.is_directed():
    problem("networkx GraphML: the graph is not directed")
compare("networkx GraphML", {n: a for n, a in G.nodes(data=True)},
        [(u, a.get("type"), v, a) for u, v, a in G.edges(data=True)])
print(f"networkx {nx.__version__} read_graphml: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges "
      f"({'ok' if len(problems) == before else 'FAIL'})")

# ---- networkx, GEXF
before = len(problems)
gexf_versions = nx.readwrite.gexf.GEXF.versions
backport = ""
if "1.3" not in gexf_versions:
    # networkx before 3.0 (Debian 12 has 2.8.8) knows GEXF 1.1draft and 1.2draft
    # only and cannot find the <graph> of a 1.3 file. Its reader is unchanged for
    # 1.3; networkx 3 adds only this namespace entry, given to it here.
    gexf_versions["1.3"] = {
        "NS_GEXF": "http://gexf.net/1.3", "NS_VIZ": "http://gexf.net/1.3/viz",
        "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
        "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd", "VERSION": "1.3"}
    backport = " (with networkx 3's GEXF 1.3 namespace entry)"
H = nx.read_gexf(f"{d}/graph.gexf", version="1.3")
if not H.is_directed():
    problem("networkx GEXF: the graph is not directed")
gexf_nodes = {}
for n, a in H.nodes(data=True):
    a = dict(a)
    gexf_nodes[n] = a
compare("networkx GEXF", gexf_nodes, [(u, a.get("type"), v, a) for u, v, a in H.edges(data=True)])
for u, v, a in H.edges(data=True):
    if a.get("label") != a.get("type"):
        problem(f"networkx GEXF: edge {u}->{v}: label {a.get('label')!r} is not its type {a.get('type')!r}")
        break
print(f"networkx {nx.__version__} read_gexf{backport}: {H.number_of_nodes()} nodes, {H.number_of_edges()} edges "
      f"({'ok' if len(problems) == before else 'FAIL'})")

# ---- the GEXF as Gephi's importer reads it: version, edge direction and kind
before = len(problems)
ns = {"g": "http://gexf.net/1.3"}
root = ET.parse(f"{d}/graph.gexf").getroot()
if root.tag != "{http://gexf.net/1.3}gexf" or root.get("version") != "1.3":
    problem(f"GEXF: root {root.tag} version {root.get('version')}, not GEXF 1.3")
graph = root.find("g:graph", ns)
if graph is None or graph.get("defaultedgetype") != "directed":
    problem("GEXF: the graph is not declared directed")
n_edges = 0
for e in root.iterfind(".//g:edge", ns):
    n_edges += 1
    if e.get("type", "directed") != "directed":
        problem(f"GEXF: edge {e.get('id')} has type={e.get('type')!r} in a directed graph (Gephi drops it)")
    if not e.get("kind") or e.get("kind") != e.get("label"):
        problem(f"GEXF: edge {e.get('id')}: kind {e.get('kind')!r} is not its type {e.get('label')!r}")
if n_edges != statements:
    problem(f"GEXF: {n_edges} edge elements, {statements} statements")
print(f"GEXF for Gephi: version 1.3, {n_edges} directed edges with kind ({'ok' if len(problems) == before else 'FAIL'})")

# ---- igraph, GraphML
before = len(problems)
I = igraph.Graph.Read_GraphML(f"{d}/graph.graphml")
ids = I.vs["id"]
ig_nodes = {v["id"]: {k: v[k] for k in ("label", "type", "aliases", "mentions", "documents", "country",
                                        "jurisdiction", "first_seen", "last_seen")} for v in I.vs}
for a in ig_nodes.values():
    a["mentions"] = int(a["mentions"])
compare("igraph GraphML", ig_nodes, [(ids[e.source], e["type"], ids[e.target], None) for e in I.es])
print(f"igraph {igraph.__version__} Read_GraphML: {I.vcount()} nodes, {I.ecount()} edges "
      f"({'ok' if len(problems) == before else 'FAIL'})")

print(f"JSON-LD: {len(nodes)} entities ({sum(1 for a in nodes.values() if a['jurisdiction'])} with a jurisdiction), "
      f"{statements} statements "
      f"({sum(1 for k in edges if k[1] == 'cooperatesWith')} cooperatesWith)")
if problems:
    print(f"clients FAIL: {len(problems)} problem(s)")
    sys.exit(1)
print("clients OK")
