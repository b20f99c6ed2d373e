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

// Evidence sentences, each added once and then read by number. In memory by
// default; a build lets them spill to an unlinked temporary file once they
// pass a memory budget, so that memory does not grow with the text of the
// evidence. Copies share what was added before the copy (each may add more
// on its own). at() is safe from many threads while nothing is added; add()
// is not thread-safe.
class TextStore {
 public:
  TextStore();  // in memory, however large
  // In memory up to `memoryBytes`, then all of it in an unlinked temporary
  // file in `dir` ($TMPDIR or /tmp when empty), gone with the last copy
  // (the newest mebibyte waits in memory, to be written in one piece).
  static TextStore spilling(uint64_t memoryBytes, const std::string& dir = {});
  // Throws IoError when the temporary file cannot be created or written.
  uint32_t add(std::string_view text);
  std::string at(uint32_t id) const;  // throws IoError when it cannot be read back
  size_t size() const { return sizes_.size(); }
  bool spilled() const;  // on disk now

 private:
  struct Backing;
  std::shared_ptr<Backing> backing_;
  std::vector<uint64_t> offsets_;
  std::vector<uint32_t> sizes_;
};

// One statement in one document supporting an edge.
struct Evidence {
  uint32_t document = 0; // index into Graph::documents
  uint32_t sentence = 0; // index of the sentence in the document
  Span span;             // the sentence, in UTF-8 bytes of the normalised text
  Span original;         // the same sentence in bytes of the decoded (UTF-8) original
  uint32_t text = 0;     // the sentence: Graph::text(evidence), an id in Graph::texts
  uint32_t rule = 0;     // the extraction rule that fired: Graph::rule(evidence), an index into Graph::rules
  // Compares ids, not texts: Graph's == compares the sentences and rules.
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
  std::vector<uint32_t> documents;     // indices into Graph::documents, ascending
  uint32_t mentions = 0;               // mention count over all documents
  std::string country;  // ISO 3166-1 alpha-2 from the lexicon ("CN", "KR"); "" when unknown
  // A government's place: the id of the Place node it governs ("place:shanghai"
  // for 상하이시 인민정부, also when the text names the government "상하이시");
  // "" for every other node. ANNOTATION.md has no edge from an Agency to a Place.
  std::string jurisdiction;
  friend bool operator==(const Node&, const Node&) = default;
};

struct Edge {
  uint32_t source = 0, target = 0;  // node indices; for cooperatesWith source id < target id
  EdgeType type = EdgeType::LocatedIn;
  std::vector<Evidence> evidence;   // sorted by document index then sentence; weight = size()
  uint32_t firstSeen = 0, lastSeen = 0;  // the documents' dates as packDate() numbers; 0: none
  uint32_t weight() const { return static_cast<uint32_t>(evidence.size()); }
  std::vector<uint32_t> documents() const;  // distinct document indices, ascending
  friend bool operator==(const Edge&, const Edge&) = default;  // evidence text ids, see Evidence
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
  TextStore texts;                 // the evidence sentences
  std::vector<std::string> rules;  // the names of the rules behind the evidence

  std::optional<uint32_t> findNode(std::string_view id) const;
  std::string text(const Evidence& e) const { return texts.at(e.text); }
  const std::string& rule(const Evidence& e) const { return rules.at(e.rule); }
  // Equal nodes, edges, documents and clashes, evidence sentences and rules
  // compared by their text (two graphs number their texts as they were added).
  friend bool operator==(const Graph&, const Graph&);
};

// Edge x of graph a equals edge y of graph b, their evidence sentences
// compared by text.
bool equalEdges(const Graph& a, const Edge& x, const Graph& b, const Edge& y);

// Edge dates as numbers: "2024-03-29" <-> 20240329 (so they compare as
// dates), 0 for none. packDate() gives 0 for "" and for anything that is not
// a YYYY-MM-DD date.
uint32_t packDate(std::string_view yyyyMmDd);
std::string unpackDate(uint32_t date);

// "doc/" + the path percent-encoded (all but unreserved characters and '/'):
// the id of a document node, safe inside an IRI.
std::string documentIdFor(std::string_view path);

// Lower-case hex SHA-256 of bytes: the content identity of a document.
std::string sha256Hex(std::string_view bytes);

// SHA-256 over bytes given piece by piece (a file as it is written):
// update() any number of times, then hex() once. hex() of the whole equals
// sha256Hex() of the concatenation.
// OpenSSL's libcrypto does the hashing; throws kg::Error when it fails.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&& o) noexcept : ctx_(o.ctx_) { o.ctx_ = nullptr; }
  Sha256& operator=(Sha256&& o) noexcept;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  std::string hex();

 private:
  void* ctx_ = nullptr;  // EVP_MD_CTX
};

// What one document adds to the graph: everything GraphBuilder keeps of its
// DocumentResult (no full text, only the evidence sentences). The unit
// `kg build --update` caches per document.
struct ContributedEntity {
  NodeType type = NodeType::Place;
  std::string name;
  std::vector<std::string> aliases;
  std::string lexiconId;
  uint32_t mentions = 0;
  // The document writes `name` itself (false: it is only the lexicon's
  // canonical name, "다롄시 인민정부" where the text says "대련시 인민정부"). An
  // unwritten name still merges but names no node.
  bool nameWritten = true;
  friend bool operator==(const ContributedEntity&, const ContributedEntity&) = default;
};
// A fact's evidence within its own document: its sentence as text.
struct SentenceEvidence {
  uint32_t sentence = 0;
  Span span, original;  // as in Evidence
  std::string text;
  std::string rule;
  friend bool operator==(const SentenceEvidence&, const SentenceEvidence&) = default;
};
struct ContributedFact {
  EdgeType type = EdgeType::LocatedIn;
  uint32_t source = 0, target = 0;  // indices into DocumentContribution::entities
  SentenceEvidence evidence;
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
  // The evidence sentences go to `texts` as documents are added (pass
  // TextStore::spilling() to bound their memory); the graph keeps it.
  explicit GraphBuilder(const Lexicon* lexicon = nullptr, TextStore texts = {});
  ~GraphBuilder();
  GraphBuilder(const GraphBuilder&) = delete;
  GraphBuilder& operator=(const GraphBuilder&) = delete;

  // `sha256` identifies the content (may be empty). Throws IoError when the
  // text store cannot be written.
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
