// The merged knowledge graph: plain value types (nodes, edges with their
// evidence, documents) and the GraphBuilder that merges per-document
// extraction results into one graph with entity resolution.
//
// A Graph is what the exports write and the JSON-LD loader reads back; it is
// sorted (nodes by id, edges by source, type, target, documents by path), so
// equal inputs give equal graphs whatever the order they were added in.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/types.h"

namespace kg {

class Lexicon;
struct DocumentResult;

// One statement in one document supporting an edge.
struct Evidence {
  std::string document;  // document id ("doc/seeds/002.txt")
  uint32_t sentence = 0; // index of the sentence in the document
  Span span;             // the sentence, in UTF-8 bytes of the normalised text
  Span original;         // the same sentence in bytes of the decoded (UTF-8) original
  std::string text;      // the sentence
  std::string rule;      // the extraction rule that fired
  friend bool operator==(const Evidence&, const Evidence&) = default;
};

struct Node {
  // Stable across runs and corpora: lower-case type, ':', then the lexicon id
  // when the lexicon knows the entity, else the romanised canonical name
  // ("zone:pudong", "company:pokesmobail"; an XML NMTOKEN).
  std::string id;
  NodeType type = NodeType::Place;
  std::string name;      // canonical name
  std::vector<std::string> aliases;    // every other surface form, sorted
  std::vector<std::string> documents;  // document ids, sorted
  uint32_t mentions = 0;               // mention count over all documents
  friend bool operator==(const Node&, const Node&) = default;
};

struct Edge {
  uint32_t source = 0, target = 0;  // node indices; for cooperatesWith source id < target id
  EdgeType type = EdgeType::LocatedIn;
  std::vector<Evidence> evidence;   // sorted by document then sentence; weight = size()
  std::string firstSeen, lastSeen;  // YYYY-MM-DD from the documents' dates, or ""
  uint32_t weight() const { return static_cast<uint32_t>(evidence.size()); }
  std::vector<std::string> documents() const;  // distinct document ids, sorted
  friend bool operator==(const Edge&, const Edge&) = default;
};

struct DocumentNode {
  std::string id;        // documentIdFor(path)
  std::string path;
  std::string title;
  std::string date;      // YYYY-MM-DD or ""
  std::string encoding;
  std::string sha256;    // hex digest of the raw bytes (content identity for --update)
  uint64_t bytes = 0;
  std::vector<uint32_t> mentions;  // node indices this document mentions, sorted
  friend bool operator==(const DocumentNode&, const DocumentNode&) = default;
};

struct Graph {
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::vector<DocumentNode> documents;
  // Short forms that name two different things in the lexicon or the corpus,
  // never used to merge ("장강: Zone zhangjiang-park, Place yangtze").
  std::vector<std::string> clashes;

  std::optional<uint32_t> findNode(std::string_view id) const;
  friend bool operator==(const Graph&, const Graph&) = default;
};

// "doc/" + the path percent-encoded (all but unreserved characters and '/'):
// the id of a document node, safe inside an IRI.
std::string documentIdFor(std::string_view path);

// Lower-case hex SHA-256 of bytes: the content identity of a document.
std::string sha256Hex(std::string_view bytes);

// What one document adds to the graph: everything GraphBuilder keeps of its
// DocumentResult (no full text, only the evidence sentences). The unit
// `kg build --update` caches per document.
struct ContributedEntity {
  NodeType type = NodeType::Place;
  std::string name;
  std::vector<std::string> aliases;
  std::string lexiconId;
  uint32_t mentions = 0;
  friend bool operator==(const ContributedEntity&, const ContributedEntity&) = default;
};
struct ContributedFact {
  EdgeType type = EdgeType::LocatedIn;
  uint32_t source = 0, target = 0;  // indices into DocumentContribution::entities
  Evidence evidence;
  friend bool operator==(const ContributedFact&, const ContributedFact&) = default;
};
struct DocumentContribution {
  DocumentNode document;  // without mentions (the builder fills them)
  std::vector<ContributedEntity> entities;
  std::vector<ContributedFact> facts;
  friend bool operator==(const DocumentContribution&, const DocumentContribution&) = default;
};
DocumentContribution contributionOf(const DocumentResult& doc, std::string_view sha256 = {});

// Merges documents into one graph. add() may be called in any order (the
// result is sorted); it is not thread-safe: extract in parallel, add serially.
class GraphBuilder {
 public:
  // The lexicon, when given, marks short forms it knows to be ambiguous.
  explicit GraphBuilder(const Lexicon* lexicon = nullptr);
  ~GraphBuilder();
  GraphBuilder(const GraphBuilder&) = delete;
  GraphBuilder& operator=(const GraphBuilder&) = delete;

  // `sha256` identifies the content (may be empty).
  void add(const DocumentResult& doc, std::string_view sha256 = {});
  // The same from a contribution (e.g. one read back from the build cache):
  // add(doc, h) and add(contributionOf(doc, h)) build the same graph.
  void add(DocumentContribution contribution);
  size_t documentCount() const;
  // Resolves entities and returns the graph; the builder is left empty.
  // Uses up to `threads` threads; the graph does not depend on it.
  Graph build(unsigned threads = 1);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Counts for summaries.
struct GraphStats {
  size_t nodesByType[kNodeTypeCount] = {};
  size_t edgesByType[kEdgeTypeCount] = {};
};
GraphStats statsOf(const Graph& g);

}  // namespace kg
