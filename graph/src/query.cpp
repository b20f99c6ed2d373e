#include "kg/query.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/connected_components.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <set>

#include "kg/eval.h"
#include "kg/names.h"

namespace kg {

namespace {

using UGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

// Levenshtein distance over code points, capped.
int editDistance(const std::u32string& a, const std::u32string& b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::u32string toU32(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

}  // namespace

struct GraphIndex::Impl {
  const Graph& g;
  NameFolder folder;
  std::vector<std::vector<uint32_t>> incident;  // edges per node
  std::vector<std::vector<std::string>> keys;   // folded names per node
  // Romanised name per node: costly (ICU Any-Latin), so made on the first
  // find() that gets past the exact matches.
  mutable std::once_flag romanOnce;
  mutable std::vector<std::string> roman;
  const std::vector<std::string>& romanised() const {
    std::call_once(romanOnce, [&] {
      roman.resize(g.nodes.size());
      for (uint32_t n = 0; n < g.nodes.size(); ++n) roman[n] = folder.romanize(g.nodes[n].name);
    });
    return roman;
  }
  explicit Impl(const Graph& graph) : g(graph) {}
};

GraphIndex::GraphIndex(const Graph& g) : impl_(std::make_unique<Impl>(g)) {
  auto& I = *impl_;
  I.incident.resize(g.nodes.size());
  for (uint32_t e = 0; e < g.edges.size(); ++e) {
    I.incident[g.edges[e].source].push_back(e);
    I.incident[g.edges[e].target].push_back(e);
  }
  I.keys.resize(g.nodes.size());
  for (uint32_t n = 0; n < g.nodes.size(); ++n) {
    I.keys[n].push_back(I.folder.key(g.nodes[n].name));
    for (const auto& a : g.nodes[n].aliases) I.keys[n].push_back(I.folder.key(a));
  }
}
GraphIndex::~GraphIndex() = default;

const std::vector<uint32_t>& GraphIndex::edgesOf(uint32_t node) const { return impl_->incident.at(node); }

namespace {

// Lower-case ASCII letters and digits only: "Lei Jun", "lei-jun" and "LeiJun"
// compare equal. Empty when the text holds none.
std::string compact(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

// The id's last segment ("zone:zhongguancun" -> "zhongguancun"), compacted.
std::string idWord(std::string_view id) {
  auto colon = id.rfind(':');
  return compact(colon == std::string_view::npos ? id : id.substr(colon + 1));
}

}  // namespace

std::vector<NameMatch> GraphIndex::find(std::string_view text, size_t limit) const {
  const auto& I = *impl_;
  std::string key = I.folder.key(text);
  auto byScore = [&](const NameMatch& a, const NameMatch& b) {
    if (a.score != b.score) return a.score > b.score;
    return I.g.nodes[a.node].id < I.g.nodes[b.node].id;
  };
  std::vector<NameMatch> out;
  // Latin text also compares with the ids' last word and the romanised names,
  // without case, hyphens or spaces.
  const std::string latin = compact(text);
  const bool isLatin = !latin.empty() && latin.size() * 2 >= text.size();
  const std::string rom = isLatin ? latin : compact(I.folder.romanize(text));
  const auto& roman = I.romanised();
  std::u32string k32 = toU32(key);
  auto prefixScore = [](size_t longer, size_t shorter) {
    return 60 - static_cast<int>(std::min<size_t>(longer - shorter, 20));
  };
  auto containsScore = [](size_t longer, size_t shorter) {
    return 40 - static_cast<int>(std::min<size_t>(longer - shorter, 20));
  };
  for (uint32_t n = 0; n < I.g.nodes.size(); ++n) {
    const auto& keys = I.keys[n];
    NameMatch m{n, "", 0};
    auto offer = [&](const char* how, int score) {
      if (score > m.score) m = {n, how, score};
    };
    if (I.g.nodes[n].id == text) offer("id", 100);
    if (!key.empty() && keys[0] == key) offer("name", 90);
    if (!key.empty() && std::find(keys.begin() + 1, keys.end(), key) != keys.end()) offer("alias", 80);
    if (m.score < 80 && !rom.empty()) {
      std::string word = idWord(I.g.nodes[n].id), r = compact(roman[n]);
      if (word == rom) offer("English or romanised id", 75);
      else if (r == rom) offer("romanised", 70);
      else if (rom.size() >= 4 && (word.rfind(rom, 0) == 0 || r.rfind(rom, 0) == 0))
        offer("romanised prefix", prefixScore(std::max(word.size(), r.size()), rom.size()) - 5);
      else if (rom.size() >= 4 && (word.find(rom) != std::string::npos || r.find(rom) != std::string::npos))
        offer("romanised part", containsScore(std::max(word.size(), r.size()), rom.size()) - 5);
    }
    // Names that begin with, or hold, the text (the name before its aliases).
    if (m.score < 80 && key.size() >= 3) {
      for (size_t i = 0; i < keys.size(); ++i) {
        const auto& k = keys[i];
        if (k.size() <= key.size()) continue;
        if (k.rfind(key, 0) == 0) offer(i ? "alias prefix" : "prefix", prefixScore(k.size(), key.size()) - (i ? 5 : 0));
        else if (k.find(key) != std::string::npos)
          offer(i ? "alias part" : "part", containsScore(k.size(), key.size()) - (i ? 5 : 0));
      }
    }
    if (!m.score && k32.size() >= 2) {
      int best = 99;
      for (const auto& k : keys) best = std::min(best, editDistance(k32, toU32(k)));
      int allowed = k32.size() >= 6 ? 2 : 1;
      if (best <= allowed) m = {n, "edit distance " + std::to_string(best), 20 - best};
    }
    if (m.score) out.push_back(m);
  }
  std::sort(out.begin(), out.end(), byScore);
  if (out.size() > limit) out.resize(limit);
  return out;
}

namespace {

// The hop from `u` along edge `e` when the options allow it: the edge type is
// wanted, its direction may be walked, and the node reached is neither avoided
// nor of an unwanted type (`to`, the goal, is always allowed).
std::optional<Hop> step(const Graph& g, const PathOptions& o, uint32_t u, uint32_t e, uint32_t to) {
  const Edge& ed = g.edges[e];
  if (!o.edgeTypes.empty() && std::find(o.edgeTypes.begin(), o.edgeTypes.end(), ed.type) == o.edgeTypes.end())
    return std::nullopt;
  bool forward = ed.source == u;
  if (!forward && o.directed && !isSymmetric(ed.type)) return std::nullopt;
  uint32_t v = forward ? ed.target : ed.source;
  if (v != to) {
    if (std::find(o.avoid.begin(), o.avoid.end(), v) != o.avoid.end()) return std::nullopt;
    if (!o.nodeTypes.empty() && std::find(o.nodeTypes.begin(), o.nodeTypes.end(), g.nodes[v].type) == o.nodeTypes.end())
      return std::nullopt;
  }
  return Hop{e, u, v, forward};
}

}  // namespace

std::vector<Path> GraphIndex::shortestPaths(uint32_t from, uint32_t to, const PathOptions& o) const {
  const auto& I = *impl_;
  const Graph& g = I.g;
  std::vector<Path> result;
  if (from == to) return result;
  // BFS keeping every predecessor on a shortest path.
  std::vector<int> dist(g.nodes.size(), -1);
  std::vector<std::vector<Hop>> preds(g.nodes.size());
  std::deque<uint32_t> q{from};
  dist[from] = 0;
  while (!q.empty()) {
    uint32_t u = q.front();
    q.pop_front();
    if (u == to || dist[u] >= o.maxHops) continue;
    for (uint32_t e : I.incident[u]) {
      auto h = step(g, o, u, e, to);
      if (!h) continue;
      uint32_t v = h->to;
      if (dist[v] < 0) {
        dist[v] = dist[u] + 1;
        q.push_back(v);
      }
      if (dist[v] == dist[u] + 1) preds[v].push_back(*h);
    }
  }
  if (dist[to] < 0) return result;
  // Unwind: every combination of predecessors (bounded by limit).
  Path cur;
  std::vector<Path> out;
  size_t want = o.all ? o.limit : 1;
  auto unwind = [&](auto&& self, uint32_t v) -> void {
    if (out.size() >= want) return;
    if (v == from) {
      out.emplace_back(cur.rbegin(), cur.rend());
      return;
    }
    for (const Hop& h : preds[v]) {
      cur.push_back(h);
      self(self, h.from);
      cur.pop_back();
      if (out.size() >= want) return;
    }
  };
  unwind(unwind, to);
  return out;
}

namespace {

// One shortest path by BFS under the options, with some nodes and edges
// blocked (Yen's spur searches). Deterministic: the first predecessor found.
std::optional<Path> bfsPath(const Graph& g, const std::vector<std::vector<uint32_t>>& incident, uint32_t from,
                            uint32_t to, const PathOptions& o, int maxHops, const std::vector<char>& blockedNode,
                            const std::vector<char>& blockedEdge) {
  if (from == to || maxHops <= 0) return std::nullopt;
  std::vector<int> dist(g.nodes.size(), -1);
  std::vector<Hop> pred(g.nodes.size());
  std::deque<uint32_t> q{from};
  dist[from] = 0;
  while (!q.empty()) {
    uint32_t u = q.front();
    q.pop_front();
    if (u == to) break;
    if (dist[u] >= maxHops) continue;
    for (uint32_t e : incident[u]) {
      if (blockedEdge[e]) continue;
      auto h = step(g, o, u, e, to);
      if (!h || dist[h->to] >= 0 || blockedNode[h->to]) continue;
      dist[h->to] = dist[u] + 1;
      pred[h->to] = *h;
      q.push_back(h->to);
    }
  }
  if (dist[to] < 0) return std::nullopt;
  Path p;
  for (uint32_t v = to; v != from; v = pred[v].from) p.push_back(pred[v]);
  std::reverse(p.begin(), p.end());
  return p;
}

}  // namespace

std::vector<Path> GraphIndex::kShortestPaths(uint32_t from, uint32_t to, size_t k, const PathOptions& o) const {
  const auto& I = *impl_;
  const Graph& g = I.g;
  std::vector<Path> found;
  if (k == 0 || from == to) return found;
  std::vector<char> blockedNode(g.nodes.size(), 0), blockedEdge(g.edges.size(), 0);
  auto first = bfsPath(g, I.incident, from, to, o, o.maxHops, blockedNode, blockedEdge);
  if (!first) return found;
  found.push_back(*first);
  // Candidates ordered by length, then by their edge sequence: deterministic ties.
  auto edgesOf = [](const Path& p) {
    std::vector<uint32_t> es;
    for (const Hop& h : p) es.push_back(h.edge);
    return es;
  };
  std::map<std::pair<size_t, std::vector<uint32_t>>, Path> candidates;
  std::set<std::vector<uint32_t>> seen{edgesOf(*first)};
  while (found.size() < k) {
    const Path& last = found.back();
    for (size_t i = 0; i < last.size(); ++i) {
      // Spur from the i-th node of the last path; the root is its first i hops.
      uint32_t spur = last[i].from;
      std::fill(blockedNode.begin(), blockedNode.end(), 0);
      std::fill(blockedEdge.begin(), blockedEdge.end(), 0);
      for (const Path& p : found) {
        bool sameRoot = p.size() > i;
        for (size_t j = 0; sameRoot && j < i; ++j) sameRoot = p[j].edge == last[j].edge && p[j].forward == last[j].forward;
        if (sameRoot) blockedEdge[p[i].edge] = 1;
      }
      for (size_t j = 0; j < i; ++j) blockedNode[last[j].from] = 1;  // the root's nodes before the spur
      auto tail = bfsPath(g, I.incident, spur, to, o, o.maxHops - static_cast<int>(i), blockedNode, blockedEdge);
      if (!tail) continue;
      Path cand(last.begin(), last.begin() + static_cast<std::ptrdiff_t>(i));
      cand.insert(cand.end(), tail->begin(), tail->end());
      auto key = edgesOf(cand);
      if (seen.insert(key).second) candidates.emplace(std::make_pair(cand.size(), key), std::move(cand));
    }
    if (candidates.empty()) break;
    found.push_back(std::move(candidates.begin()->second));
    candidates.erase(candidates.begin());
  }
  return found;
}

std::optional<Path> GraphIndex::pathVia(uint32_t from, uint32_t via, uint32_t to, const PathOptions& o) const {
  PathOptions one = o;
  one.all = false;
  auto a = shortestPaths(from, via, one);
  PathOptions two = one;
  auto b = shortestPaths(via, to, two);
  if (a.empty() || b.empty()) return std::nullopt;
  Path p = a.front();
  p.insert(p.end(), b.front().begin(), b.front().end());
  return p;
}

GraphIndex::Neighborhood GraphIndex::neighbors(uint32_t node, int depth, const std::vector<EdgeType>& types) const {
  const auto& I = *impl_;
  Neighborhood out;
  std::map<uint32_t, int> dist{{node, 0}};
  std::set<uint32_t> edges;
  std::deque<uint32_t> q{node};
  out.nodes.push_back(node);
  out.distance.push_back(0);
  while (!q.empty()) {
    uint32_t u = q.front();
    q.pop_front();
    if (dist[u] >= depth) continue;
    for (uint32_t e : I.incident[u]) {
      const Edge& ed = I.g.edges[e];
      if (!types.empty() && std::find(types.begin(), types.end(), ed.type) == types.end()) continue;
      uint32_t v = ed.source == u ? ed.target : ed.source;
      edges.insert(e);
      if (!dist.count(v)) {
        dist[v] = dist[u] + 1;
        out.nodes.push_back(v);
        out.distance.push_back(dist[v]);
        q.push_back(v);
      }
    }
  }
  out.edges.assign(edges.begin(), edges.end());
  return out;
}

size_t GraphIndex::componentCount() const {
  const Graph& g = impl_->g;
  UGraph ug(g.nodes.size());
  for (const auto& e : g.edges) boost::add_edge(e.source, e.target, ug);
  std::vector<int> comp(g.nodes.size());
  return g.nodes.empty() ? 0 : static_cast<size_t>(boost::connected_components(ug, comp.data()));
}

std::vector<double> GraphIndex::betweenness(size_t maxSources) const {
  const Graph& g = impl_->g;
  const size_t n = g.nodes.size();
  std::vector<double> c(n, 0.0);
  if (n == 0) return c;
  if (maxSources == 0 || n <= maxSources) {
    UGraph ug(n);
    for (const auto& e : g.edges) boost::add_edge(e.source, e.target, ug);
    boost::brandes_betweenness_centrality(
        ug, boost::centrality_map(boost::make_iterator_property_map(c.begin(), boost::get(boost::vertex_index, ug))));
    return c;
  }
  // Brandes' accumulation from sampled sources, over the same multigraph.
  std::vector<std::vector<uint32_t>> adj(n);
  for (const auto& e : g.edges) {
    adj[e.source].push_back(e.target);
    adj[e.target].push_back(e.source);
  }
  std::vector<int> dist(n);
  std::vector<double> sigma(n), delta(n);
  std::vector<uint32_t> stack;
  std::deque<uint32_t> q;
  size_t used = 0;
  for (size_t k = 0; k < maxSources; ++k) {
    uint32_t s = static_cast<uint32_t>(k * n / maxSources);
    ++used;
    std::fill(dist.begin(), dist.end(), -1);
    std::fill(sigma.begin(), sigma.end(), 0.0);
    std::fill(delta.begin(), delta.end(), 0.0);
    stack.clear();
    dist[s] = 0;
    sigma[s] = 1;
    q.push_back(s);
    while (!q.empty()) {
      uint32_t v = q.front();
      q.pop_front();
      stack.push_back(v);
      for (uint32_t w : adj[v]) {
        if (dist[w] < 0) {
          dist[w] = dist[v] + 1;
          q.push_back(w);
        }
        if (dist[w] == dist[v] + 1) sigma[w] += sigma[v];
      }
    }
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      uint32_t w = *it;
      for (uint32_t v : adj[w])
        if (dist[v] == dist[w] - 1) delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
      if (w != s) c[w] += delta[w];
    }
  }
  // Each source counts the pairs it starts; Boost counts an undirected pair once.
  double scale = static_cast<double>(n) / static_cast<double>(used) / 2;
  for (double& x : c) x *= scale;
  return c;
}

}  // namespace kg
