#include "kg/types.h"

#include <array>

#include "kg/error.h"

namespace kg {

namespace {
constexpr std::array<std::string_view, kNodeTypeCount> kNodeNames = {
    "Agency", "Zone", "Company", "Program", "Place", "Organization", "Person", "Event"};
constexpr std::array<std::string_view, kEdgeTypeCount> kEdgeNames = {
    "issued", "locatedIn", "cooperatesWith", "partOf", "leads", "participatesIn", "targets"};

constexpr unsigned bit(NodeType t) { return 1u << static_cast<unsigned>(t); }
}  // namespace

std::string_view toString(NodeType t) { return kNodeNames[static_cast<size_t>(t)]; }
std::string_view toString(EdgeType t) { return kEdgeNames[static_cast<size_t>(t)]; }

std::optional<NodeType> parseNodeType(std::string_view s) {
  for (size_t i = 0; i < kNodeNames.size(); ++i)
    if (kNodeNames[i] == s) return static_cast<NodeType>(i);
  return std::nullopt;
}

std::optional<EdgeType> parseEdgeType(std::string_view s) {
  for (size_t i = 0; i < kEdgeNames.size(); ++i)
    if (kEdgeNames[i] == s) return static_cast<EdgeType>(i);
  return std::nullopt;
}

bool edgeAllowed(EdgeType e, NodeType from, NodeType to) {
  using N = NodeType;
  unsigned f = bit(from), t = bit(to);
  switch (e) {
    case EdgeType::Issued:
      return (f & (bit(N::Agency) | bit(N::Organization))) && (t & bit(N::Program));
    case EdgeType::LocatedIn:
      return (f & (bit(N::Zone) | bit(N::Company) | bit(N::Organization) | bit(N::Event) |
                   bit(N::Place))) &&
             (t & (bit(N::Place) | bit(N::Zone)));
    case EdgeType::CooperatesWith: {
      unsigned ok = bit(N::Company) | bit(N::Agency) | bit(N::Organization) | bit(N::Place) |
                    bit(N::Zone);
      return (f & ok) && (t & ok);
    }
    case EdgeType::PartOf:
      return (f & (bit(N::Agency) | bit(N::Organization))) &&
             (t & (bit(N::Agency) | bit(N::Organization) | bit(N::Company)));
    case EdgeType::Leads:
      return (f & bit(N::Person)) &&
             (t & (bit(N::Agency) | bit(N::Company) | bit(N::Organization)));
    case EdgeType::ParticipatesIn:
      return (f & (bit(N::Person) | bit(N::Agency) | bit(N::Company) | bit(N::Organization))) &&
             (t & (bit(N::Event) | bit(N::Program)));
    case EdgeType::Targets:
      return (f & bit(N::Program)) && (t & (bit(N::Zone) | bit(N::Place)));
  }
  return false;
}

namespace {
std::string joinProblems(const std::vector<std::string>& problems, const std::string& what) {
  std::string out = what + " has " + std::to_string(problems.size()) + " problem(s):";
  for (const auto& p : problems) out += "\n  " + p;
  return out;
}
}  // namespace

LexiconError::LexiconError(std::vector<std::string> problems, const std::string& what)
    : Error(joinProblems(problems, what)), problems_(std::move(problems)) {}

}  // namespace kg
