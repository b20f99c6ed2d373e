// Core value types shared by every kg library: node and edge types, spans.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace kg {

// The eight node types of ANNOTATION.md, spelled as the exports spell them.
enum class NodeType : uint8_t { Agency, Zone, Company, Program, Place, Organization, Person, Event };
inline constexpr int kNodeTypeCount = 8;

// The seven edge types of ANNOTATION.md. Only CooperatesWith is symmetric.
enum class EdgeType : uint8_t {
  Issued,
  LocatedIn,
  CooperatesWith,
  PartOf,
  Leads,
  ParticipatesIn,
  Targets
};
inline constexpr int kEdgeTypeCount = 7;

std::string_view toString(NodeType t);
std::string_view toString(EdgeType t);
// Exact spelling ("Agency", "locatedIn"); nullopt for anything else.
std::optional<NodeType> parseNodeType(std::string_view s);
std::optional<EdgeType> parseEdgeType(std::string_view s);
inline bool isSymmetric(EdgeType t) { return t == EdgeType::CooperatesWith; }

// Whether an edge of type `e` may go from a node of type `from` to one of type `to`
// (the table of ANNOTATION.md).
bool edgeAllowed(EdgeType e, NodeType from, NodeType to);

// A half-open range [begin, end) in UTF-8 bytes of the normalised text of a document.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  bool contains(const Span& o) const { return begin <= o.begin && o.end <= end; }
  bool overlaps(const Span& o) const { return begin < o.end && o.begin < end; }
  friend bool operator==(const Span&, const Span&) = default;
};

}  // namespace kg
