// Opening a built graph for questions, fast on large graphs.
//
// writeExports writes, next to graph.jsonld, its query index
// graph.jsonld.idx: the graph without its evidence (nodes, edges, documents)
// in a compact binary form, where each edge's statement lies in the JSON-LD,
// and a fingerprint of the JSON-LD it belongs to (its size and a hash of 64
// blocks spread over it). A GraphFile reads the index when it matches the
// JSON-LD and reads an edge's evidence from the JSON-LD only when asked;
// otherwise (no index, a damaged one, or a JSON-LD changed since the build)
// it parses the whole JSON-LD. Either way graph() is the same graph once the
// evidence of the edges used is loaded.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kg/graph.h"

namespace kg {

class GraphFile {
 public:
  // Throws IoError when the JSON-LD cannot be read, FormatError when it is
  // not a kg export (the message names the file and the place).
  explicit GraphFile(const std::string& jsonldPath);
  ~GraphFile();
  GraphFile(const GraphFile&) = delete;
  GraphFile& operator=(const GraphFile&) = delete;

  // Nodes, edges and documents; an edge's evidence (and so its weight()) is
  // empty until loadEvidence() has been called for it.
  const Graph& graph() const;
  // Whether the query index was used (else the whole JSON-LD was parsed).
  bool indexed() const;
  // Why an index found next to the JSON-LD was not used ("" when it was used
  // or there is none): for a one-line notice.
  const std::string& indexNote() const;
  // Completes the evidence of these edges (indices into graph().edges).
  // Throws FormatError when the JSON-LD no longer holds the statement the
  // index points to, IoError when it cannot be read.
  void loadEvidence(const std::vector<uint32_t>& edges);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The index's path for a JSON-LD export: jsonldPath + ".idx".
std::string queryIndexPath(const std::string& jsonldPath);

}  // namespace kg
