// Fuzz target: the query index reader. The input is taken as the
// graph.jsonld.idx of a fixed small graph; GraphFile must either refuse it
// (and read the whole JSON-LD) or read it, and either way answer with the
// graph as written once every edge's evidence is loaded (or say the index is
// stale with FormatError). Never out of bounds, never a crash.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_check.h"
#include "kg/error.h"
#include "kg/exports.h"
#include "kg/graph.h"
#include "kg/graph_file.h"

namespace {

kg::Graph smallGraph() {
  kg::Graph g;
  g.rules.push_back("fuzz");  // evidence rule 0
  kg::DocumentNode d;
  d.id = "doc/a.txt";
  d.path = "a.txt";
  d.sha256 = "00";
  d.bytes = 10;
  g.documents.push_back(d);
  for (const char* name : {"agency:a", "place:b", "zone:c"}) {
    kg::Node n;
    n.id = name;
    n.name = name;
    n.type = name[0] == 'a'   ? kg::NodeType::Agency
             : name[0] == 'p' ? kg::NodeType::Place
                              : kg::NodeType::Zone;
    n.documents = {0};
    n.mentions = 1;
    g.nodes.push_back(n);
    g.documents[0].mentions.push_back(static_cast<uint32_t>(g.nodes.size() - 1));
  }
  for (uint32_t s = 0; s < 2; ++s) {
    kg::Edge e;
    e.source = s;
    e.target = s + 1;
    e.type = kg::EdgeType::LocatedIn;
    kg::Evidence ev;
    ev.document = 0;
    ev.text = g.texts.add("문장 " + std::to_string(s));
    e.evidence.push_back(ev);
    g.edges.push_back(e);
  }
  return g;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace fs = std::filesystem;
  static const kg::Graph graph = smallGraph();
  static const fs::path dir =
      fs::temp_directory_path() / ("kg-fuzz-index-" + std::to_string(::getpid()));
  static struct Cleanup {
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup;
  static const std::string jsonld = [] {
    kg::writeExports(graph, dir.string(), {kg::Format::JsonLd}, 1);
    std::string p = (dir / "graph.jsonld").string();
    FUZZ_CHECK(kg::GraphFile(p).indexed());  // the index as written is used
    return p;
  }();
  {
    std::ofstream(kg::queryIndexPath(jsonld), std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  kg::GraphFile f(jsonld);
  std::vector<uint32_t> all(f.graph().edges.size());
  for (uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  try {
    f.loadEvidence(all);
  } catch (const kg::FormatError&) {
    return 0;
  }
  FUZZ_CHECK(f.graph().nodes.size() == graph.nodes.size());
  FUZZ_CHECK(f.graph().edges.size() == graph.edges.size());
  return 0;
}
