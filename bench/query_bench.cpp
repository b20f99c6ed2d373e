// Query speed on a built graph: opening it (through the query index when it
// matches the JSON-LD, see kg/graph_file.h), indexing it, then shortest-path
// queries between node pairs drawn with a fixed seed, with the evidence of
// each path read as `kg path` does. Prints the figures; asserts nothing.
// usage: kg_query_bench GRAPH.jsonld [QUERIES]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "kg/error.h"
#include "kg/graph_file.h"
#include "kg/query.h"

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s GRAPH.jsonld [QUERIES]\n", argv[0]);
    return 2;
  }
  int queries = argc > 2 ? std::max(1, std::atoi(argv[2])) : 200;
  try {
    auto t0 = Clock::now();
    kg::GraphFile file(argv[1]);
    double open = since(t0);
    const kg::Graph& g = file.graph();
    t0 = Clock::now();
    kg::GraphIndex index(g);
    double indexing = since(t0);
    std::printf("graph: %zu nodes, %zu edges, %zu documents (%s)\n", g.nodes.size(), g.edges.size(),
                g.documents.size(), file.indexed() ? "query index" : "whole JSON-LD parsed");
    std::printf("open %.3f s, index %.3f s\n", open, indexing);
    if (g.nodes.size() < 2) return 0;

    std::mt19937 rng(7);
    std::uniform_int_distribution<uint32_t> pick(0, static_cast<uint32_t>(g.nodes.size() - 1));
    std::vector<double> times;
    size_t found = 0, hops = 0;
    for (int q = 0; q < queries; ++q) {
      uint32_t a = pick(rng), b = pick(rng);
      auto t = Clock::now();
      auto paths = index.shortestPaths(a, b);
      std::vector<uint32_t> edges;
      for (const auto& p : paths)
        for (const auto& h : p) edges.push_back(h.edge);
      file.loadEvidence(edges);
      times.push_back(since(t));
      if (!paths.empty()) {
        ++found;
        hops += paths.front().size();
      }
    }
    std::sort(times.begin(), times.end());
    auto at = [&](double f) { return times[std::min(times.size() - 1, static_cast<size_t>(f * times.size()))]; };
    std::printf("path queries: %d (%zu found, %.1f hops on average)\n", queries, found,
                found ? static_cast<double>(hops) / found : 0.0);
    std::printf("path query + evidence: median %.1f ms, p95 %.1f ms, max %.1f ms\n", at(0.5) * 1e3, at(0.95) * 1e3,
                times.back() * 1e3);
  } catch (const kg::Error& e) {
    std::fprintf(stderr, "kg_query_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
