// Fuzz target: the JSON-LD loader. Anything it accepts must write back out and
// load again to the same graph (same nodes and edges).
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string_view>

#include "fuzz_check.h"
#include "kg/error.h"
#include "kg/exports.h"
#include "kg/graph.h"


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  kg::Graph g;
  try {
    g = kg::parseJsonLd(text, "fuzz.jsonld");
  } catch (const kg::Error&) {
    return 0;
  }
  std::ostringstream out;
  kg::writeJsonLd(g, out);
  kg::Graph back = kg::parseJsonLd(out.str(), "rewritten.jsonld");
  FUZZ_CHECK(back.nodes.size() == g.nodes.size());
  FUZZ_CHECK(back.edges.size() == g.edges.size());
  return 0;
}
