// kg path / neighbors / show / stats / find: questions to a built graph.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cctype>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <sstream>

#include <filesystem>

#include <fmt/core.h>

#include "commands.h"
#include "kg/error.h"
#include "kg/exports.h"
#include "kg/export_set.h"
#include "kg/graph_file.h"
#include "kg/lexicon.h"
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

// The width output is laid out for: COLUMNS when set, else the terminal's,
// else 80 (piped).
size_t terminalWidth() {
  if (const char* c = std::getenv("COLUMNS")) {
    char* end = nullptr;
    long v = std::strtol(c, &end, 10);
    if (end != c && *end == '\0' && v > 0) return std::max<long>(v, 20);
  }
  struct winsize ws {};
  if (::isatty(1) && ::ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return std::max<size_t>(ws.ws_col, 20);
  return 80;
}

// Splits text into lines of at most `cols` display columns, at spaces when it
// can (a word longer than a line is cut).
std::vector<std::string> wrap(std::string_view text, size_t cols) {
  std::vector<std::string> lines;
  std::string line;
  size_t lineW = 0;
  auto flush = [&] {
    if (!line.empty()) lines.push_back(line);
    line.clear();
    lineW = 0;
  };
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')) ++i;
    size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\n' && text[j] != '\t') ++j;
    if (j == i) break;
    std::string_view word = text.substr(i, j - i);
    size_t w = displayWidth(word);
    if (lineW && lineW + 1 + w > cols) flush();
    while (w > cols) {  // a word longer than a line: cut it
      size_t k = 0, kw = 0;
      while (k < word.size()) {
        unsigned char c = static_cast<unsigned char>(word[k]);
        int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        size_t cw = displayWidth(word.substr(k, len));
        if (kw + cw > cols) break;
        kw += cw;
        k += len;
      }
      lines.emplace_back(word.substr(0, k));
      word.remove_prefix(k);
      w = displayWidth(word);
    }
    if (!word.empty()) {
      if (lineW) {
        line += ' ';
        ++lineW;
      }
      line += word;
      lineW += w;
    }
    i = j;
  }
  flush();
  return lines;
}

// Prints rows as an aligned table no wider than the terminal: the widest
// columns give way first, and cells cut are marked with "…".
void printTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(header.size());
  for (size_t c = 0; c < header.size(); ++c) widths[c] = displayWidth(header[c]);
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], displayWidth(r[c]));
  const size_t total = terminalWidth();
  auto used = [&] {
    size_t u = 0;
    for (size_t w : widths) u += w;
    return u + 2 * (widths.empty() ? 0 : widths.size() - 1);
  };
  while (used() > total) {
    auto widest = std::max_element(widths.begin(), widths.end());
    if (*widest <= 4) break;  // cannot shrink further
    --*widest;
  }
  auto line = [&](const std::vector<std::string>& r) {
    std::string out;
    for (size_t c = 0; c < r.size() && c < widths.size(); ++c) {
      std::string cell = fit(r[c], widths[c]);
      out += c + 1 < r.size() ? pad(cell, widths[c]) + "  " : cell;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    fmt::print("{}\n", out);
  };
  line(header);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& r : rows) line(r);
}

const std::string& docPath(const Graph& g, uint32_t document) { return g.documents.at(document).path; }

struct Loaded {
  std::unique_ptr<ExportSetLock> lock;  // held while the graph is read: no build renames files meanwhile
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
    // The export set it belongs to (kg/export_set.h): read under the
    // folder's shared lock, and only when it matches the folder's manifest.
    // Only a regular file is read (a FIFO or a device would block or never end).
    std::error_code ec;
    auto kind = std::filesystem::status(path, ec).type();
    if (!ec && kind != std::filesystem::file_type::regular && kind != std::filesystem::file_type::not_found)
      throw IoError(path + ": not a regular file");
    std::string dir = std::filesystem::path(path).parent_path().string();
    out.lock = std::make_unique<ExportSetLock>(dir.empty() ? "." : dir, false);
    std::string note = checkExportSet(path);
    if (!note.empty()) fmt::print(stderr, "kg: note: {}\n", note);
    out.file = std::make_unique<GraphFile>(path);
  } catch (const Error& e) {
    fmt::print(stderr, "kg: {}\n", e.what());
    return kOutput;
  }
  if (!out.file->indexNote().empty()) fmt::print(stderr, "kg: {}\n", out.file->indexNote());
  out.index = std::make_unique<GraphIndex>(out.file->graph());
  return kOk;
}

// Lower-case ASCII letters and digits of a text ("Lei Jun" -> "leijun").
std::string compactLatin(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

// Matches of Latin text among the lexicon's English names and pinyin of the
// graph's nodes ("Chinese Academy of Sciences" -> organization:cas), which the
// graph itself keeps only when a document wrote them. The lexicon is the one
// kg builds with (kg --version names it); when it cannot be loaded there are
// none.
std::vector<NameMatch> lexiconMatches(const Graph& g, std::string_view text) {
  std::vector<NameMatch> out;
  const std::string q = compactLatin(text);
  if (q.size() < 2 || q.size() * 2 < text.size()) return out;  // not Latin text
  Lexicon lexicon;
  try {
    LexiconBuilder b;
    b.addDirectory(lexiconDirOr(""));
    lexicon = b.build();
  } catch (const Error&) {
    return out;
  }
  for (uint32_t i = 0; i < lexicon.size(); ++i) {
    const LexiconEntry& e = lexicon.entry(i);
    if (e.english.empty() && e.pinyin.empty()) continue;
    std::string type(toString(e.type));
    for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto node = g.findNode(type + ":" + e.id);
    if (!node) continue;
    NameMatch best{*node, "", 0};
    auto offer = [&](const std::string& form, const char* what) {
      std::string f = compactLatin(form);
      if (f.empty()) return;
      if (f == q && best.score < 74) best = {*node, std::string(what) + " (lexicon)", 74};
      else if (q.size() >= 4 && f.rfind(q, 0) == 0 && best.score < 45)
        best = {*node, std::string(what) + " prefix (lexicon)", 45};
      else if (q.size() >= 4 && f.find(q) != std::string::npos && best.score < 25)
        best = {*node, std::string(what) + " part (lexicon)", 25};
    };
    for (const auto& en : e.english) offer(en, "English");
    offer(e.pinyin, "pinyin");
    if (best.score) out.push_back(best);
  }
  return out;
}

// GraphIndex::find, with the lexicon's English names and pinyin for Latin
// text: each node once, with its best match; by score, then id.
std::vector<NameMatch> findNames(const Loaded& L, std::string_view text, size_t limit) {
  const Graph& g = L.graph();
  auto out = L.index->find(text, std::numeric_limits<size_t>::max());
  for (const auto& m : lexiconMatches(g, text)) {
    auto it = std::find_if(out.begin(), out.end(), [&](const NameMatch& x) { return x.node == m.node; });
    if (it == out.end()) out.push_back(m);
    else if (it->score < m.score) *it = m;
  }
  std::sort(out.begin(), out.end(), [&](const NameMatch& a, const NameMatch& b) {
    if (a.score != b.score) return a.score > b.score;
    return g.nodes[a.node].id < g.nodes[b.node].id;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

// How a name given on the command line was resolved; printed with the answer
// when it was not an exact match, and always in --json ("resolved").
struct Resolution {
  std::string query;
  uint32_t node = 0;
  std::string how;  // "id", "name", "alias", or a looser match: "edit distance 1", "prefix" ...
  bool exact() const { return how == "id" || how == "name" || how == "alias"; }
};

// A node's "id", "name" and "type" keys, inside an object --json is writing.
void writeNodeKeys(JWriter& w, const Node& n) {
  w.Key("id");
  jstr(w, n.id);
  w.Key("name");
  jstr(w, n.name);
  w.Key("type");
  jstr(w, toString(n.type));
}

// One name match as --json gives it: {"id", "name", "type", "match"} and, with
// `withScore`, "score" (the candidates of an error document, the answers of `find`).
void writeMatch(JWriter& w, const Graph& g, const NameMatch& m, bool withScore) {
  w.StartObject();
  writeNodeKeys(w, g.nodes[m.node]);
  w.Key("match");
  jstr(w, m.how);
  if (withScore) {
    w.Key("score");
    w.Int(m.score);
  }
  w.EndObject();
}

// Prints a JSON error document on stdout (for --json callers) naming the
// query and the candidates or nearest names.
void jsonError(const Graph& g, std::string_view error, std::string_view query, const std::vector<NameMatch>& ms) {
  rapidjson::StringBuffer sb;
  JWriter w(sb);
  w.StartObject();
  w.Key("error");
  jstr(w, error);
  w.Key("query");
  jstr(w, query);
  w.Key("candidates");
  w.StartArray();
  for (const auto& m : ms) writeMatch(w, g, m, false);
  w.EndArray();
  w.EndObject();
  fmt::print("{}\n", sb.GetString());
}

// Resolves a name to one node. Exact matches (id, name, alias) win; when
// several nodes carry the name it is ambiguous (kUsage, the candidates
// listed) unless `allowed` (the command's own type filter, empty: any) leaves
// one. Without an exact match, one best loose match (a romanised or English
// id, a prefix, a typo) is taken and said so; otherwise the nearest names are
// listed (kPartial). With `json`, failures are also a JSON document on stdout.
int resolve(const Loaded& L, const std::string& name, std::vector<Resolution>& done, bool json,
            const std::vector<NodeType>& allowed = {}, bool typeFilter = false) {
  const Graph& g = L.graph();
  auto matches = findNames(L, name, 1000);
  if (!allowed.empty() && matches.size() > 1 && matches.front().score >= kExactMatch) {
    // The command's type filter rules out some of the nodes carrying the name.
    std::vector<NameMatch> kept;
    for (const auto& m : matches)
      if (std::find(allowed.begin(), allowed.end(), g.nodes[m.node].type) != allowed.end()) kept.push_back(m);
    if (!kept.empty() && kept.front().score >= kExactMatch) matches = std::move(kept);
  }
  if (matches.empty()) {
    fmt::print(stderr, "kg: no node named '{}'.\n", name);
    if (json) jsonError(g, "no such name", name, {});
    return kPartial;
  }
  const int top = matches.front().score;
  std::vector<NameMatch> best;
  if (top >= 100) {
    best.push_back(matches.front());  // a node id names one node
  } else if (top >= kExactMatch) {
    for (const auto& m : matches)
      if (m.score >= kExactMatch) best.push_back(m);
  } else {
    for (const auto& m : matches)
      if (m.score == top) best.push_back(m);
  }
  if (best.size() > 1 && top >= kExactMatch) {
    fmt::print(stderr, "kg: '{}' is ambiguous: {} nodes carry it; say which with its id{}:\n", name, best.size(),
               typeFilter ? " or --types" : "");
    for (const auto& m : best)
      fmt::print(stderr, "  {}  {}  [{}]  ({})\n", g.nodes[m.node].id, g.nodes[m.node].name,
                 toString(g.nodes[m.node].type), m.how);
    if (json) jsonError(g, "ambiguous name", name, best);
    return kUsage;
  }
  if (best.size() > 1 || (top < 70 && matches.size() > 1 && matches[1].score >= top - 5)) {
    if (matches.size() > 10) matches.resize(10);
    fmt::print(stderr, "kg: no node named '{}'. Nearest names:\n", name);
    for (const auto& m : matches)
      fmt::print(stderr, "  {}  {}  [{}]  ({})\n", g.nodes[m.node].id, g.nodes[m.node].name,
                 toString(g.nodes[m.node].type), m.how);
    if (json) jsonError(g, "no such name", name, matches);
    return kPartial;
  }
  Resolution r{name, best.front().node, best.front().how};
  if (!r.exact() && !json)
    fmt::print("note: '{}' is taken as {} [{}] ({})\n", name, g.nodes[r.node].name, toString(g.nodes[r.node].type),
               r.how);
  done.push_back(r);
  return kOk;
}

// The "resolved" member of a --json answer: how each name was read.
void writeResolved(JWriter& w, const Graph& g, const std::vector<Resolution>& rs) {
  w.Key("resolved");
  w.StartArray();
  for (const auto& r : rs) {
    w.StartObject();
    w.Key("query");
    jstr(w, r.query);
    w.Key("as");
    jstr(w, g.nodes[r.node].id);
    w.Key("name");
    jstr(w, g.nodes[r.node].name);
    w.Key("how");
    jstr(w, r.how);
    w.Key("exact");
    w.Bool(r.exact());
    w.EndObject();
  }
  w.EndArray();
}

std::string edgeTypeList() {
  std::string out;
  for (int t = 0; t < kEdgeTypeCount; ++t) out += (t ? ", " : "") + std::string(toString(static_cast<EdgeType>(t)));
  return out;
}
std::string nodeTypeList() {
  std::string out;
  for (int t = 0; t < kNodeTypeCount; ++t) out += (t ? ", " : "") + std::string(toString(static_cast<NodeType>(t)));
  return out;
}

std::vector<EdgeType> parseEdgeTypes(const std::vector<std::string>& names, bool& ok) {
  std::vector<EdgeType> out;
  for (const auto& n : names) {
    auto t = parseEdgeType(n);
    if (!t) {
      fmt::print(stderr, "kg: --edges: unknown edge type '{}'; the edge types are {}\n", n, edgeTypeList());
      ok = false;
    } else {
      out.push_back(*t);
    }
  }
  return out;
}

std::vector<NodeType> parseNodeTypes(const std::vector<std::string>& names, bool& ok) {
  std::vector<NodeType> out;
  for (const auto& n : names) {
    auto t = parseNodeType(n);
    if (!t) {
      fmt::print(stderr, "kg: --types: unknown node type '{}'; the node types are {}\n", n, nodeTypeList());
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
  w.Key("fromName");
  jstr(w, g.nodes[h.from].name);
  w.Key("to");
  jstr(w, g.nodes[h.to].id);
  w.Key("toName");
  jstr(w, g.nodes[h.to].name);
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
    w.Key("date");
    jstr(w, g.documents.at(ev.document).date);
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

// One edge as a block: the ends and the edge on one line, then each evidence
// sentence (at most `maxSentences`) wrapped below it with its document and
// date, indented; nothing is wider than the terminal.
void printEdgeBlock(const Graph& g, const std::string& head, const Edge& e, size_t maxSentences) {
  const size_t width = terminalWidth();
  for (const auto& l : wrap(head, width)) fmt::print("{}\n", l);
  const std::string indent = "    ";
  const size_t inner = width > indent.size() + 10 ? width - indent.size() : 10;
  size_t shown = 0;
  for (const auto& ev : e.evidence) {
    if (shown == maxSentences) break;
    ++shown;
    for (const auto& l : wrap(g.text(ev), inner)) fmt::print("{}{}\n", indent, l);
    const auto& d = g.documents.at(ev.document);
    std::string where = "— " + d.path + (d.date.empty() ? "" : ", " + d.date);
    for (const auto& l : wrap(where, inner)) fmt::print("{}{}\n", indent, l);
  }
  if (e.evidence.size() > shown)
    fmt::print("{}(and {} more sentence(s); --json lists them all)\n", indent, e.evidence.size() - shown);
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
  if (a.all && a.k > 1) {
    fmt::print(stderr, "kg: --all and --k exclude each other\n");
    return kUsage;
  }
  bool ok = true;
  PathOptions o;
  o.directed = a.directed;
  o.maxHops = a.maxHops;
  o.all = a.all;
  o.edgeTypes = parseEdgeTypes(a.edges, ok);
  o.nodeTypes = parseNodeTypes(a.types, ok);
  if (!ok) return kUsage;
  Loaded L;
  if (int rc = load(a.graph, L)) return rc;
  std::vector<Resolution> names;
  if (int rc = resolve(L, a.from, names, a.json, o.nodeTypes, true)) return rc;
  if (int rc = resolve(L, a.to, names, a.json, o.nodeTypes, true)) return rc;
  const uint32_t from = names[0].node, to = names[1].node;
  for (const auto& av : a.avoid) {
    if (int rc = resolve(L, av, names, a.json)) return rc;
    o.avoid.push_back(names.back().node);
  }
  std::vector<Path> paths;
  if (from == to) {
    paths.emplace_back();  // a path of no hops: the two names are one entity
  } else if (!a.via.empty()) {
    if (int rc = resolve(L, a.via, names, a.json, o.nodeTypes, true)) return rc;
    if (auto p = L.index->pathVia(from, names.back().node, to, o)) paths.push_back(*p);
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
    w.Key("fromName");
    jstr(w, g.nodes[from].name);
    w.Key("to");
    jstr(w, g.nodes[to].id);
    w.Key("toName");
    jstr(w, g.nodes[to].name);
    writeResolved(w, g, names);
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
  } else if (from == to) {
    fmt::print("{} and {} are the same entity, {} [{}]: a path of 0 hops\n", a.from, a.to, g.nodes[from].name,
               toString(g.nodes[from].type));
  } else {
    for (size_t i = 0; i < paths.size(); ++i) {
      const Path& p = paths[i];
      fmt::print("{}path {}: {} hop(s)\n", i ? "\n" : "", i + 1, p.size());
      for (size_t k = 0; k < p.size(); ++k) {
        const Hop& h = p[k];
        printEdgeBlock(g,
                       fmt::format("{}. {} {} {}", k + 1, g.nodes[h.from].name, hopArrow(g, h), g.nodes[h.to].name),
                       g.edges[h.edge], 1);
      }
    }
  }
  return paths.empty() ? kPartial : kOk;
}

int runNeighbors(const NeighborsArgs& a) {
  bool ok = true;
  auto types = parseEdgeTypes(a.edges, ok);
  if (!ok) return kUsage;
  Loaded L;
  if (int rc = load(a.graph, L)) return rc;
  std::vector<Resolution> names;
  if (int rc = resolve(L, a.name, names, a.json)) return rc;
  const uint32_t node = names.front().node;
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
    writeResolved(w, g, names);
    w.Key("nodes");
    w.StartArray();
    for (size_t i = 0; i < nb.nodes.size(); ++i) {
      w.StartObject();
      writeNodeKeys(w, g.nodes[nb.nodes[i]]);
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
  std::vector<Resolution> names;
  if (int rc = resolve(L, a.name, names, a.json)) return rc;
  const uint32_t node = names.front().node;
  const Graph& g = L.graph();
  const Node& n = g.nodes[node];
  const auto& edges = L.index->edgesOf(node);
  if (int rc = L.evidence(edges)) return rc;
  if (a.json) {
    rapidjson::StringBuffer sb;
    JWriter w(sb);
    w.StartObject();
    writeNodeKeys(w, n);
    writeResolved(w, g, names);
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
  const size_t width = terminalWidth();
  for (const auto& l : wrap(fmt::format("{}  [{}]  id {}", n.name, toString(n.type), n.id), width))
    fmt::print("{}\n", l);
  std::string aliases, docs;
  for (const auto& x : n.aliases) aliases += (aliases.empty() ? "" : ", ") + x;
  for (const auto& d : n.documents) docs += (docs.empty() ? "" : ", ") + docPath(g, d);
  auto field = [&](const char* label, const std::string& value) {
    auto lines = wrap(value.empty() ? "-" : value, width > 21 ? width - 11 : 10);
    for (size_t i = 0; i < lines.size(); ++i) fmt::print("{:<11}{}\n", i ? "" : label, lines[i]);
  };
  field("aliases:", aliases);
  field("mentions:", std::to_string(n.mentions));
  field("documents:", docs);
  fmt::print("edges:     {}\n", edges.size());
  for (uint32_t e : edges) {
    const Edge& ed = g.edges[e];
    fmt::print("\n");
    printEdgeBlock(g,
                   fmt::format("{} {} {}  (weight {})", g.nodes[ed.source].name,
                               isSymmetric(ed.type) ? "—" + std::string(toString(ed.type)) + "—"
                                                    : "—" + std::string(toString(ed.type)) + "→",
                               g.nodes[ed.target].name, ed.weight()),
                   ed, SIZE_MAX);
  }
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
      w.Key("name");
      jstr(w, g.nodes[n].name);
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
      w.Key("name");
      jstr(w, g.nodes[n].name);
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
  for (const auto& l : wrap(fmt::format("documents {}  nodes {}  edges {}  connected components {}", g.documents.size(),
                                        g.nodes.size(), g.edges.size(), comps),
                            terminalWidth()))
    fmt::print("{}\n", l);
  fmt::print("\n");
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
  if (estimated) {
    fmt::print("\n");
    for (const auto& l : wrap(fmt::format("betweenness estimated from {} of {} nodes as sources (exact up to {} nodes)",
                                          kBetweennessSources, g.nodes.size(), kBetweennessSources),
                              terminalWidth()))
      fmt::print("{}\n", l);
  }
  return kOk;
}

int runFind(const FindArgs& a) {
  Loaded L;
  if (int rc = load(a.graph, L)) return rc;
  auto matches = findNames(L, a.text, a.limit);
  const Graph& g = L.graph();
  if (a.json) {
    rapidjson::StringBuffer sb;
    JWriter w(sb);
    w.StartArray();
    for (const auto& m : matches) writeMatch(w, g, m, true);
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
