// Small helpers shared by the writers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kg/graph.h"
#include "kg/types.h"

namespace kg::detail {

// Node type lower-cased for labels, colours by type.
struct Rgb {
  int r, g, b;
};
Rgb colorOf(NodeType t);
std::string hexColor(NodeType t);
// A list as one string for GraphML, GEXF and CSV: the items joined by ';'
// (Neo4j's array separator; Gephi shows it as one text column).
std::string joinList(const std::vector<std::string>& items);
// The ids of documents (indices into g.documents): "doc/seeds/a.txt", the
// JSON-LD @id without its "kgr:" prefix, as node ids are written.
std::vector<std::string> documentIds(const Graph& g, const std::vector<uint32_t>& documents);
// The earliest and latest date (YYYY-MM-DD) of the documents; "" when none has one.
std::pair<std::string, std::string> dateRange(const Graph& g,
                                              const std::vector<uint32_t>& documents);

}  // namespace kg::detail
