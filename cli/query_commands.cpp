// kg path / neighbors / show / stats / find: questions to a built graph.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include <fmt/core.h>

#include "commands.h"
#include "kg/error.h"
#include "kg/exports.h"
#include "kg/graph_file.h"
#include "kg/picture.h"
#include "kg/query.h"

namespace kg::cli {

namespace {

using JWriter = rapidjson::Writer<rapidjson::StringBuffer>;
void jstr(JWriter& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

// Terminal columns a string takes: East Asian wide characters count two.
size_t displayWidth(std::string_view s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                (cp >= 0xFFE0 && cp <= 0xFFE6);
    w += wide ? 2 : 1;
    i += len;
  }
  return w;
}

// Cuts a string to at most `cols` display columns, marking the cut with "…".
std::string fit(std::string_view s, size_t cols) {
  if (displayWidth(s) <= cols) return std::string(s);
  std::string out;
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    size_t cw = displayWidth(s.substr(i, len));
    if (w + cw + 1 > cols) break;
    out.append(s.substr(i, len));
    w += cw;
    i += len;
  }
  return out + "…";
}

std::string pad(std::string_view s, size_t cols) {
  std::string out(s);
  size_t w = displayWidth(s);
  if (w < cols) out.append(cols - w, ' ');
  return out;
}

size_t terminalWidth() {
  struct winsize ws {};
  if (::isatty(1) && ::ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) return ws.ws_col;
  return 100;
}

// Prints rows as an aligned table that fits the terminal; the last column is cut.
void printTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(header.size());
  for (size_t c = 0; c < header.size(); ++c) widths[c] = displayWidth(header[c]);
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], displayWidth(r[c]));
  size_t total = terminalWidth(), used = 0;
  for (size_t c = 0; c + 1 < widths.size(); ++c) {
    widths[c] = std::min<size_t>(widths[c], 28);
    used += widths[c] + 2;
  }
  if (!widths.empty()) widths.back() = total > used + 10 ? total - used : 10;
  auto line = [&](const std::vector<std::string>& r) {
    std::string out;
    for (size_t c = 0; c < r.size() && c < widths.size(); ++c) {
      std::string cell = fit(r[c], widths[c]);
      out += c + 1 < r.size() ? pad(cell, widths[c]) + "  " : cell;
    }
    fmt::print("{}\n", out);
  };
  line(header);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.push_back(std::string(std::min<size_t>(w, 60), '-'));
  line(rule);
  for (const auto& r : rows) line(r);
}

const std::string& docPath(const Graph& g, uint32_t document) { return g.documents.at(document).path; }

struct Loaded {
  std::unique_ptr<GraphFile> file;
  std::unique_ptr<GraphIndex> index;
  const Graph& graph() const { return file->graph(); }
  // Reads the evidence of the edges about to be printed; returns the exit code.
  int evidence(const std::vector<uint32_t>& edges) const {
    try {
      file->loadEvidence(edges);
    } catch (const Error& e) {
      fmt::print(stderr, "kg: {}\n", e.what());
      return kOutput;
    }
    return kOk;
  }
};

// Opens the graph (through its query index when it matches, see
// kg/graph_file.h) and indexes it for name lookup and paths.
int load(const std::string& path, Loaded& out) {
  try {
    out.file = std::make_unique<GraphFile>(path);
  } catch (const Error& e) {
    fmt::print(stderr, "kg: {}\n", e.what());
    return kOutput;
  }
  if (!out.file->indexNote().empty()) fmt::print(stderr, "kg: {}\n", out.file->indexNote());
  out.index = std::make_unique<GraphIndex>(out.file->graph());
  return kOk;
}

// Resolves a name to one node; prints candidates or suggestions and returns the exit code otherwise.
int resolve(const Loaded& L, const std::string& name, uint32_t& node) {
  auto matches = L.index->find(name, 10);
  if (matches.empty()) {
    fmt::print(stderr, "kg: no node named '{}'.\n", name);
    return kPartial;
  }
  int top = matches.front().score;
  std::vector<NameMatch> best;
  for (const auto& m : matches)
    if (m.score == top) best.push_back(m);
  if (top < 80 && best.size() == 1 && matches.size() == 1) {
    node = best.front().node;  // one close match: use it, and say so
    fmt::print(stderr, "kg: '{}' taken as {} ({})\n", name, L.graph().nodes[node].name, best.front().how);
    return kOk;
  }
  if (top < 80) {
    fmt::print(stderr, "kg: no node named '{}'. Nearest names:\n", name);
    for (const auto& m : matches)
      fmt::print(stderr, "  {}  [{}]  ({})\n", L.graph().nodes[m.node].name, toString(L.graph().nodes[m.node].type), m.how);
    return kPartial;
  }
  if (best.size() > 1) {
    fmt::print(stderr, "kg: '{}' is ambiguous; say which with its id:\n", name);
    for (const auto& m : best)
      fmt::print(stderr, "  {}  {}  [{}]\n", L.graph().nodes[m.node].id, L.graph().nodes[m.node].name,
                 toString(L.graph().nodes[m.node].type));
    return kUsage;
  }
  node = best.front().node;
  return kOk;
}

std::vector<EdgeType> parseEdgeTypes(const std::vector<std::string>& names, bool& ok) {
  std::vector<EdgeType> out;
  for (const auto& n : names) {
    auto t = parseEdgeType(n);
    if (!t) {
      fmt::print(stderr, "kg: unknown edge type '{}' (issued, locatedIn, cooperatesWith, partOf, leads, participatesIn, targets)\n", n);
      ok = false;
    } else {
      out.push_back(*t);
    }
  }
  return out;
}

void writeHopJson(JWriter& w, const Graph& g, const Hop& h) {
  const Edge& e = g.edges[h.edge];
  w.StartObject();
  w.Key("from");
  jstr(w, g.nodes[h.from].id);
  w.Key("to");
  jstr(w, g.nodes[h.to].id);
  w.Key("type");
  jstr(w, toString(e.type));
  w.Key("source");
  jstr(w, g.nodes[e.source].id);
  w.Key("target");
  jstr(w, g.nodes[e.target].id);
  w.Key("weight");
  w.Uint(e.weight());
  w.Key("evidence");
  w.StartArray();
  for (const auto& ev : e.evidence) {
    w.StartObject();
    w.Key("document");
    jstr(w, docPath(g, ev.document));
    w.Key("sentence");
    jstr(w, g.text(ev));
    w.Key("begin");
    w.Uint(ev.span.begin);
    w.Key("end");
    w.Uint(ev.span.end);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

std::string hopArrow(const Graph& g, const Hop& h) {
  const Edge& e = g.edges[h.edge];
  std::string t(toString(e.type));
  if (isSymmetric(e.type)) return "—" + t + "—";
  return h.forward ? "—" + t + "→" : "←" + t + "—";
}

}  // namespace

// Draws the subgraph with Graphviz into `file`; returns kOutput (with the
// message printed) when it cannot.
int drawSvg(const Graph& g, const std::vector<uint32_t>& nodes, const std::vector<uint32_t>& edges,
            const PictureOptions& o, const std::string& file) {
  std::ostringstream dot;
  writeDot(g, nodes, edges, o, dot);
  try {
    renderSvg(dot.str(), file);
  } catch (const Error& e) {
    fmt::print(stderr, "kg: {}\n", e.what());
    return kOutput;
  }
  fmt::print(stderr, "kg: picture written to {}\n", file);
  return kOk;
}

int runPath(const PathArgs& a) {
  Loaded L;
  if (int rc = load(a.graph, L)) return rc;
  uint32_t from = 0, to = 0;
  if (int rc = resolve(L, a.from, from)) return rc;
  if (int rc = resolve(L, a.to, to)) return rc;
  PathOptions o;
  o.directed = a.directed;
  o.maxHops = a.maxHops;
  o.all = a.all;
  if (a.all && a.k > 1) {
    fmt::print(stderr, "kg: --all and --k exclude each other\n");
    return kUsage;
  }
  bool ok = true;
  o.edgeTypes = parseEdgeTypes(a.edges, ok);
  for (const auto& t : a.types) {
    auto nt = parseNodeType(t);
    if (!nt) {
      fmt::print(stderr, "kg: unknown node type '{}'\n", t);
      ok = false;
    } else {
      o.nodeTypes.push_back(*nt);
    }
  }
  for (const auto& av : a.avoid) {
    uint32_t n;
    if (int rc = resolve(L, av, n)) return rc;
    o.avoid.push_back(n);
  }
  if (!ok) return kUsage;
  std::vector<Path> paths;
  if (!a.via.empty()) {
    uint32_t via;
    if (int rc = resolve(L, a.via, via)) return rc;
    if (auto p = L.index->pathVia(from, via, to, o)) paths.push_back(*p);
  } else if (a.k > 1) {
    paths = L.index->kShortestPaths(from, to, a.k, o);
  } else {
    paths = L.index->shortestPaths(from, to, o);
  }
  std::vector<uint32_t> used;
  for (const auto& p : paths)
    for (const auto& h : p) used.push_back(h.edge);
  if (int rc = L.evidence(used)) return rc;
  const Graph& g = L.graph();
  if (!a.svg.empty() && !paths.empty()) {
    PictureOptions po;
    po.title = g.nodes[from].name + " – " + g.nodes[to].name + ": " + std::to_string(paths.size()) + " path(s)";
    po.emphasise = {from, to};
    std::vector<uint32_t> nodes{from};
    for (const auto& p : paths)
      for (const auto& h : p) {
        if (std::find(nodes.begin(), nodes.end(), h.to) == nodes.end()) nodes.push_back(h.to);
        if (std::find(po.highlight.begin(), po.highlight.end(), h.edge) == po.highlight.end())
          po.highlight.push_back(h.edge);
      }
    if (int rc = drawSvg(g, nodes, po.highlight, po, a.svg)) return rc;
  }
  if (a.json) {
    rapidjson::StringBuffer sb;
    JWriter w(sb);
    w.StartObject();
    w.Key("from");
    jstr(w, g.nodes[from].id);
    w.Key("to");
    jstr(w, g.nodes[to].id);
    w.Key("paths");
    w.StartArray();
    for (const auto& p : paths) {
      w.StartArray();
      for (const auto& h : p) writeHopJson(w, g, h);
      w.EndArray();
    }
    w.EndArray();
    w.EndObject();
    fmt::print("{}\n", sb.GetString());
  } else if (paths.empty()) {
    fmt::print("no path from {} to {} within {} hops\n", g.nodes[from].name, g.nodes[to].name, a.maxHops);
  } else {
    for (size_t i = 0; i < paths.size(); ++i) {
      const Path& p = paths[i];
      fmt::print("{}path {}: {} hop(s)\n", i ? "\n" : "", i + 1, p.size());
      std::vector<std::vector<std::string>> rows;
      for (const auto& h : p) {
        const Edge& e = g.edges[h.edge];
        const Evidence* ev = e.evidence.empty() ? nullptr : &e.evidence.front();
        rows.push_back({g.nodes[h.from].name, hopArrow(g, h), g.nodes[h.to].name,
                        ev ? docPath(g, ev->document) : "", ev ? g.text(*ev) : ""});
      }
      printTable({"from", "edge", "to", "document", "evidence"}, rows);
    }
  }
  return paths.empty() ? kPartial : kOk;
}

int runNeighbors(const NeighborsArgs& a) {
  Loaded L;
  if (int rc = load(a.graph, L)) return rc;
  uint32_t node;
  if (int rc = resolve(L, a.name, node)) return rc;
  bool ok = true;
  auto types = parseEdgeTypes(a.edges, ok);
  if (!ok) return kUsage;
  auto nb = L.index->neighbors(node, a.depth, types);
  if (int rc = L.evidence(nb.edges)) return rc;
  const Graph& g = L.graph();
  if (!a.svg.empty()) {
    PictureOptions po;
    po.title = g.nodes[node].name + ": " + std::to_string(a.depth) + " hop(s)";
    po.emphasise = {node};
    if (int rc = drawSvg(g, nb.nodes, nb.edges, po, a.svg)) return rc;
  }
  if (a.json) {
    rapidjson::StringBuffer sb;
    JWriter w(sb);
    w.StartObject();
    w.Key("center");
    jstr(w, g.nodes[node].id);
    w.Key("nodes");
    w.StartArray();
    for (size_t i = 0; i < nb.nodes.size(); ++i) {
      w.StartObject();
      w.Key("id");
      jstr(w, g.nodes[nb.nodes[i]].id);
      w.Key("name");
      jstr(w, g.nodes[nb.nodes[i]].name);
      w.Key("type");
      jstr(w, toString(g.nodes[nb.nodes[i]].type));
      w.Key("distance");
      w.Int(nb.distance[i]);
      w.EndObject();
    }
    w.EndArray();
    w.Key("edges");
    w.StartArray();
    for (uint32_t e : nb.edges) writeHopJson(w, g, Hop{e, g.edges[e].source, g.edges[e].target, true});
    w.EndArray();
    w.EndObject();
    fmt::print("{}\n", sb.GetString());
    return kOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (uint32_t e : nb.edges) {
    const Edge& ed = g.edges[e];
    rows.push_back({g.nodes[ed.source].name, std::string(toString(ed.type)), g.nodes[ed.target].name,
                    std::to_string(ed.weight()), ed.evidence.empty() ? "" : g.text(ed.evidence.front())});
  }
  fmt::print("{} [{}]: {} node(s) within {} hop(s)\n", g.nodes[node].name, toString(g.nodes[node].type),
             nb.nodes.size() - 1, a.depth);
  printTable({"source", "edge", "target", "weight", "evidence"}, rows);
  return kOk;
}

int runShow(const ShowArgs& a) {
  Loaded L;
  if (int rc = load(a.graph, L)) return rc;
  uint32_t node;
  if (int rc = resolve(L, a.name, node)) return rc;
  const Graph& g = L.graph();
  const Node& n = g.nodes[node];
  const auto& edges = L.index->edgesOf(node);
  if (int rc = L.evidence(edges)) return rc;
  if (a.json) {
    rapidjson::StringBuffer sb;
    JWriter w(sb);
    w.StartObject();
    w.Key("id");
    jstr(w, n.id);
    w.Key("name");
    jstr(w, n.name);
    w.Key("type");
    jstr(w, toString(n.type));
    w.Key("aliases");
    w.StartArray();
    for (const auto& x : n.aliases) jstr(w, x);
    w.EndArray();
    w.Key("mentions");
    w.Uint(n.mentions);
    w.Key("documents");
    w.StartArray();
    for (const auto& d : n.documents) jstr(w, docPath(g, d));
    w.EndArray();
    w.Key("edges");
    w.StartArray();
    for (uint32_t e : edges) writeHopJson(w, g, Hop{e, g.edges[e].source, g.edges[e].target, true});
    w.EndArray();
    w.EndObject();
    fmt::print("{}\n", sb.GetString());
    return kOk;
  }
  fmt::print("{}  [{}]  id {}\n", n.name, toString(n.type), n.id);
  std::string aliases;
  for (const auto& x : n.aliases) aliases += (aliases.empty() ? "" : ", ") + x;
  fmt::print("aliases:   {}\nmentions:  {}\ndocuments:", aliases.empty() ? "-" : aliases, n.mentions);
  for (const auto& d : n.documents) fmt::print(" {}", docPath(g, d));
  fmt::print("\n\n");
  std::vector<std::vector<std::string>> rows;
  for (uint32_t e : edges) {
    const Edge& ed = g.edges[e];
    for (const auto& ev : ed.evidence)
      rows.push_back({g.nodes[ed.source].name, std::string(toString(ed.type)), g.nodes[ed.target].name,
                      docPath(g, ev.document), g.text(ev)});
  }
  printTable({"source", "edge", "target", "document", "evidence"}, rows);
  return kOk;
}

int runStats(const StatsArgs& a) {
  Loaded L;
  if (int rc = load(a.graph, L)) return rc;
  const Graph& g = L.graph();
  GraphStats st = statsOf(g);
  size_t comps = L.index->componentCount();
  std::vector<uint32_t> order(g.nodes.size());
  std::iota(order.begin(), order.end(), 0u);
  auto byDegree = order;
  std::stable_sort(byDegree.begin(), byDegree.end(), [&](uint32_t x, uint32_t y) {
    return L.index->edgesOf(x).size() > L.index->edgesOf(y).size();
  });
  // Exact up to 500 nodes; beyond, estimated from 500 sampled sources (a few
  // seconds on a million edges; the top ranks are stable at that sample size).
  constexpr size_t kBetweennessSources = 500;
  auto bc = L.index->betweenness(kBetweennessSources);
  const bool estimated = g.nodes.size() > kBetweennessSources;
  auto byBetween = order;
  std::stable_sort(byBetween.begin(), byBetween.end(), [&](uint32_t x, uint32_t y) { return bc[x] > bc[y]; });
  byDegree.resize(std::min<size_t>(10, byDegree.size()));
  byBetween.resize(std::min<size_t>(10, byBetween.size()));
  if (a.json) {
    rapidjson::StringBuffer sb;
    JWriter w(sb);
    w.StartObject();
    w.Key("documents");
    w.Uint64(g.documents.size());
    w.Key("nodes");
    w.Uint64(g.nodes.size());
    w.Key("edges");
    w.Uint64(g.edges.size());
    w.Key("components");
    w.Uint64(comps);
    w.Key("nodesByType");
    w.StartObject();
    for (int t = 0; t < kNodeTypeCount; ++t) {
      w.Key(std::string(toString(static_cast<NodeType>(t))).c_str());
      w.Uint64(st.nodesByType[t]);
    }
    w.EndObject();
    w.Key("edgesByType");
    w.StartObject();
    for (int t = 0; t < kEdgeTypeCount; ++t) {
      w.Key(std::string(toString(static_cast<EdgeType>(t))).c_str());
      w.Uint64(st.edgesByType[t]);
    }
    w.EndObject();
    w.Key("topDegree");
    w.StartArray();
    for (uint32_t n : byDegree) {
      w.StartObject();
      w.Key("id");
      jstr(w, g.nodes[n].id);
      w.Key("degree");
      w.Uint64(L.index->edgesOf(n).size());
      w.EndObject();
    }
    w.EndArray();
    w.Key("topBetweenness");
    w.StartArray();
    for (uint32_t n : byBetween) {
      w.StartObject();
      w.Key("id");
      jstr(w, g.nodes[n].id);
      w.Key("betweenness");
      w.Double(std::round(bc[n] * 1000) / 1000);
      w.Key("estimated");
      w.Bool(estimated);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    fmt::print("{}\n", sb.GetString());
    return kOk;
  }
  fmt::print("documents {}  nodes {}  edges {}  connected components {}\n\n", g.documents.size(), g.nodes.size(),
             g.edges.size(), comps);
  std::vector<std::vector<std::string>> rows;
  for (int t = 0; t < kNodeTypeCount; ++t)
    rows.push_back({std::string(toString(static_cast<NodeType>(t))), std::to_string(st.nodesByType[t])});
  printTable({"node type", "count"}, rows);
  rows.clear();
  fmt::print("\n");
  for (int t = 0; t < kEdgeTypeCount; ++t)
    rows.push_back({std::string(toString(static_cast<EdgeType>(t))), std::to_string(st.edgesByType[t])});
  printTable({"edge type", "count"}, rows);
  fmt::print("\n");
  rows.clear();
  for (size_t i = 0; i < byDegree.size(); ++i)
    rows.push_back({std::to_string(i + 1), g.nodes[byDegree[i]].name, std::to_string(L.index->edgesOf(byDegree[i]).size()),
                    g.nodes[byBetween[i]].name, fmt::format("{:.1f}", bc[byBetween[i]])});
  printTable({"#", "top by degree", "degree", "top by betweenness",
              estimated ? "betweenness (est.)" : "betweenness"},
             rows);
  if (estimated)
    fmt::print("\nbetweenness estimated from {} of {} nodes as sources (exact up to {} nodes)\n", kBetweennessSources,
               g.nodes.size(), kBetweennessSources);
  return kOk;
}

int runFind(const FindArgs& a) {
  Loaded L;
  if (int rc = load(a.graph, L)) return rc;
  auto matches = L.index->find(a.text, a.limit);
  const Graph& g = L.graph();
  if (a.json) {
    rapidjson::StringBuffer sb;
    JWriter w(sb);
    w.StartArray();
    for (const auto& m : matches) {
      w.StartObject();
      w.Key("id");
      jstr(w, g.nodes[m.node].id);
      w.Key("name");
      jstr(w, g.nodes[m.node].name);
      w.Key("type");
      jstr(w, toString(g.nodes[m.node].type));
      w.Key("match");
      jstr(w, m.how);
      w.Key("score");
      w.Int(m.score);
      w.EndObject();
    }
    w.EndArray();
    fmt::print("{}\n", sb.GetString());
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : matches)
      rows.push_back({g.nodes[m.node].name, std::string(toString(g.nodes[m.node].type)), m.how, g.nodes[m.node].id});
    if (rows.empty()) fmt::print("no match for '{}'\n", a.text);
    else printTable({"name", "type", "match", "id"}, rows);
  }
  return matches.empty() ? kPartial : kOk;
}

}  // namespace kg::cli
