// Questions to a built graph: name resolution, shortest paths, neighbourhoods,
// statistics. Build a GraphIndex once from a Graph (it keeps a reference; the
// Graph must outlive it); queries are const and thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/graph.h"

namespace kg {

// One hop of a path: the edge and the direction it was walked in.
struct Hop {
  uint32_t edge = 0;
  uint32_t from = 0, to = 0;  // node indices, in walking order
  bool forward = true;        // walked source -> target
  friend bool operator==(const Hop&, const Hop&) = default;
};
using Path = std::vector<Hop>;

struct PathOptions {
  bool directed = false;            // follow edges only from source to target
  int maxHops = 8;                  // longest path considered
  std::vector<EdgeType> edgeTypes;  // empty: all
  std::vector<NodeType> nodeTypes;  // empty: all (the two ends are always allowed)
  std::vector<uint32_t> avoid;      // nodes never entered
  bool all = false;                 // every shortest path, not just one
  size_t limit = 100;               // most paths returned with `all`
};

struct NameMatch {
  uint32_t node = 0;
  // How it matched, best first: "id" (100), "name" (90), "alias" (80) are
  // exact; "English or romanised id" (75), "romanised" (70) compare Latin text
  // without case, hyphens or spaces; "prefix" / "alias prefix" (40-60),
  // "romanised prefix", "part" / "alias part" (20-40), "romanised part";
  // "edit distance N" (20 - N).
  std::string how;
  int score = 0;  // higher is better
};
// Scores of exact matches (id, name, alias) are at least this.
inline constexpr int kExactMatch = 80;

class GraphIndex {
 public:
  explicit GraphIndex(const Graph& g);
  ~GraphIndex();
  GraphIndex(const GraphIndex&) = delete;
  GraphIndex& operator=(const GraphIndex&) = delete;

  // Ranked matches of a text over names, aliases (either Han script), node ids,
  // romanisation, prefixes, parts and a small edit distance: each node once,
  // with its best match; by score, then id; at most `limit`. Exact matches
  // (score >= kExactMatch) come first, the looser ones after them.
  std::vector<NameMatch> find(std::string_view text, size_t limit = 10) const;

  // Shortest path(s) from `from` to `to` by breadth-first search; empty when none.
  std::vector<Path> shortestPaths(uint32_t from, uint32_t to, const PathOptions& options = {}) const;
  // The k shortest simple (loopless) paths, shortest first, by Yen's algorithm
  // over hop counts; paths of equal length in a fixed order (by edge indices).
  // A path is a sequence of edges, so two edges of different types between
  // the same nodes make two paths. `all` and `limit` of the options are ignored.
  std::vector<Path> kShortestPaths(uint32_t from, uint32_t to, size_t k, const PathOptions& options = {}) const;
  // The shortest path that passes through `via` (from -> via -> to), as one path.
  std::optional<Path> pathVia(uint32_t from, uint32_t via, uint32_t to, const PathOptions& options = {}) const;

  // Nodes within `depth` hops, with the edges among the walk, in BFS order.
  struct Neighborhood {
    std::vector<uint32_t> nodes;
    std::vector<uint32_t> edges;
    std::vector<int> distance;  // per node in `nodes`
  };
  Neighborhood neighbors(uint32_t node, int depth, const std::vector<EdgeType>& edgeTypes = {}) const;

  // Connected components (edges taken undirected), from Boost.Graph.
  size_t componentCount() const;
  // The graph's edges touching a node.
  const std::vector<uint32_t>& edgesOf(uint32_t node) const;
  // Betweenness centrality per node (edges undirected, each unordered pair of
  // ends counted once, as Boost.Graph does). Exact (Brandes, via Boost.Graph) when the graph has at most
  // `maxSources` nodes or maxSources is 0; otherwise estimated from
  // `maxSources` sources taken at an even stride over the node order, scaled
  // by nodes / sources (Brandes and Pich's source sampling): O(sources x edges).
  std::vector<double> betweenness(size_t maxSources = 0) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kg
