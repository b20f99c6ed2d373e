#include <ostream>

#include "detail/util.h"
#include "kg/exports.h"

namespace kg {

namespace detail {

Rgb colorOf(NodeType t) {
  switch (t) {
    case NodeType::Agency: return {31, 119, 180};
    case NodeType::Zone: return {44, 160, 44};
    case NodeType::Company: return {255, 127, 14};
    case NodeType::Program: return {148, 103, 189};
    case NodeType::Place: return {140, 86, 75};
    case NodeType::Organization: return {23, 190, 207};
    case NodeType::Person: return {214, 39, 40};
    case NodeType::Event: return {188, 189, 34};
  }
  return {127, 127, 127};
}

std::string hexColor(NodeType t) {
  static const char* hex = "0123456789abcdef";
  Rgb c = colorOf(t);
  std::string out = "#";
  for (int v : {c.r, c.g, c.b}) {
    out.push_back(hex[v >> 4]);
    out.push_back(hex[v & 15]);
  }
  return out;
}

std::string joinList(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ';';
    out += items[i];
  }
  return out;
}

std::vector<std::string> documentIds(const Graph& g, const std::vector<uint32_t>& documents) {
  std::vector<std::string> out;
  out.reserve(documents.size());
  for (uint32_t d : documents) out.push_back(g.documents.at(d).id);
  return out;
}

std::pair<std::string, std::string> dateRange(const Graph& g,
                                              const std::vector<uint32_t>& documents) {
  std::string lo, hi;
  for (uint32_t d : documents) {
    const std::string& date = g.documents.at(d).date;
    if (date.empty()) continue;
    if (lo.empty() || date < lo) lo = date;
    if (hi.empty() || date > hi) hi = date;
  }
  return {lo, hi};
}

}  // namespace detail

std::string xmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (c < 0x20) break;  // forbidden in XML 1.0
        // U+FFFE / U+FFFF (EF BF BE / EF BF BF) are forbidden too.
        if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
            (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xBE) {
          i += 2;
          break;
        }
        out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

void writeGraphML(const Graph& g, std::ostream& out) {
  using detail::joinList;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
         "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
         "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  struct Key {
    const char *id, *domain, *name, *type;
  };
  // Lists (aliases, documents) are one string each, items joined by ';';
  // dates are YYYY-MM-DD ("" when no document of the node or edge has one).
  static const Key keys[] = {
      {"label", "node", "label", "string"},
      {"type", "node", "type", "string"},
      {"aliases", "node", "aliases", "string"},
      {"mentions", "node", "mentions", "int"},
      {"documents", "node", "documents", "string"},
      {"color", "node", "color", "string"},
      {"country", "node", "country", "string"},
      {"jurisdiction", "node", "jurisdiction", "string"},
      {"n_first_seen", "node", "first_seen", "string"},
      {"n_last_seen", "node", "last_seen", "string"},
      {"e_label", "edge", "label", "string"},
      {"e_type", "edge", "type", "string"},
      {"weight", "edge", "weight", "double"},
      {"evidence", "edge", "evidence", "string"},
      {"e_documents", "edge", "documents", "string"},
      {"first_seen", "edge", "first_seen", "string"},
      {"last_seen", "edge", "last_seen", "string"},
      {"symmetric", "edge", "symmetric", "boolean"},
  };
  for (const auto& k : keys)
    out << "  <key id=\"" << k.id << "\" for=\"" << k.domain << "\" attr.name=\"" << k.name << "\" attr.type=\""
        << k.type << "\"/>\n";
  out << "  <graph id=\"kg\" edgedefault=\"directed\">\n";
  for (const auto& n : g.nodes) {
    auto [lo, hi] = detail::dateRange(g, n.documents);
    out << "    <node id=\"" << xmlEscape(n.id) << "\">\n"
        << "      <data key=\"label\">" << xmlEscape(n.name) << "</data>\n"
        << "      <data key=\"type\">" << toString(n.type) << "</data>\n"
        << "      <data key=\"aliases\">" << xmlEscape(joinList(n.aliases)) << "</data>\n"
        << "      <data key=\"mentions\">" << n.mentions << "</data>\n"
        << "      <data key=\"documents\">"
        << xmlEscape(joinList(detail::documentIds(g, n.documents))) << "</data>\n"
        << "      <data key=\"color\">" << detail::hexColor(n.type) << "</data>\n"
        << "      <data key=\"country\">" << xmlEscape(n.country) << "</data>\n"
        << "      <data key=\"jurisdiction\">" << xmlEscape(n.jurisdiction) << "</data>\n"
        << "      <data key=\"n_first_seen\">" << lo << "</data>\n"
        << "      <data key=\"n_last_seen\">" << hi << "</data>\n"
        << "    </node>\n";
  }
  for (size_t i = 0; i < g.edges.size(); ++i) {
    const Edge& e = g.edges[i];
    out << "    <edge id=\"e" << i << "\" source=\"" << xmlEscape(g.nodes[e.source].id)
        << "\" target=\"" << xmlEscape(g.nodes[e.target].id) << "\">\n"
        << "      <data key=\"e_label\">" << toString(e.type) << "</data>\n"
        << "      <data key=\"e_type\">" << toString(e.type) << "</data>\n"
        << "      <data key=\"weight\">" << e.weight() << ".0</data>\n"
        << "      <data key=\"evidence\">"
        << xmlEscape(e.evidence.empty() ? "" : g.text(e.evidence.front())) << "</data>\n"
        << "      <data key=\"e_documents\">"
        << xmlEscape(joinList(detail::documentIds(g, e.documents()))) << "</data>\n"
        << "      <data key=\"first_seen\">" << unpackDate(e.firstSeen) << "</data>\n"
        << "      <data key=\"last_seen\">" << unpackDate(e.lastSeen) << "</data>\n"
        << "      <data key=\"symmetric\">" << (isSymmetric(e.type) ? "true" : "false")
        << "</data>\n"
        << "    </edge>\n";
  }
  out << "  </graph>\n</graphml>\n";
}

}  // namespace kg
