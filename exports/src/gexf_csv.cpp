// GEXF 1.3 (Gephi, networkx) and CSV (Neo4j bulk import, pandas) writers.
#include <ostream>

#include "detail/util.h"
#include "kg/exports.h"

namespace kg {

namespace {

std::string yearStart(const std::string& date) { return date.size() >= 4 ? date.substr(0, 4) + "-01-01" : ""; }

}  // namespace

void writeGexf(const Graph& g, std::ostream& out) {
  // One encoding for both readers: a directed graph in which every edge is
  // directed and written once, `cooperatesWith` from the smaller id to the
  // larger with symmetric=true. networkx's read_gexf refuses an undirected
  // edge in a directed graph and a directed one in any other (it reads no
  // mixed graphs); Gephi drops an undirected edge from a directed container.
  // `kind` is the edge type, so Gephi keeps two edges of different types
  // between the same nodes as parallel edges instead of merging them.
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" "
         "version=\"1.3\">\n"
         "  <meta><creator>kg</creator><description>Knowledge graph of Korean documents on "
         "China's science and technology</description></meta>\n"
         "  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">\n"
         "    <attributes class=\"node\">\n"
         "      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n"
         "      <attribute id=\"aliases\" title=\"aliases\" type=\"string\"/>\n"
         "      <attribute id=\"mentions\" title=\"mentions\" type=\"integer\"/>\n"
         "      <attribute id=\"documents\" title=\"documents\" type=\"string\"/>\n"
         "      <attribute id=\"country\" title=\"country\" type=\"string\"/>\n"
         "      <attribute id=\"jurisdiction\" title=\"jurisdiction\" type=\"string\"/>\n"
         "      <attribute id=\"first_seen\" title=\"first_seen\" type=\"string\"/>\n"
         "      <attribute id=\"last_seen\" title=\"last_seen\" type=\"string\"/>\n"
         "    </attributes>\n"
         "    <attributes class=\"edge\">\n"
         "      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n"
         "      <attribute id=\"symmetric\" title=\"symmetric\" type=\"boolean\"/>\n"
         "      <attribute id=\"evidence\" title=\"evidence\" type=\"string\"/>\n"
         "      <attribute id=\"documents\" title=\"documents\" type=\"string\"/>\n"
         "      <attribute id=\"first_seen\" title=\"first_seen\" type=\"string\"/>\n"
         "      <attribute id=\"last_seen\" title=\"last_seen\" type=\"string\"/>\n"
         "    </attributes>\n"
         "    <nodes>\n";
  for (const auto& n : g.nodes) {
    auto [lo, hi] = detail::dateRange(g, n.documents);
    detail::Rgb c = detail::colorOf(n.type);
    out << "      <node id=\"" << xmlEscape(n.id) << "\" label=\"" << xmlEscape(n.name) << "\">\n";
    if (!lo.empty()) out << "        <spells><spell start=\"" << yearStart(lo) << "\"/></spells>\n";
    out << "        <attvalues>\n"
        << "          <attvalue for=\"type\" value=\"" << toString(n.type) << "\"/>\n"
        << "          <attvalue for=\"aliases\" value=\"" << xmlEscape(detail::joinList(n.aliases))
        << "\"/>\n"
        << "          <attvalue for=\"mentions\" value=\"" << n.mentions << "\"/>\n"
        << "          <attvalue for=\"documents\" value=\""
        << xmlEscape(detail::joinList(detail::documentIds(g, n.documents))) << "\"/>\n"
        << "          <attvalue for=\"country\" value=\"" << xmlEscape(n.country) << "\"/>\n"
        << "          <attvalue for=\"jurisdiction\" value=\"" << xmlEscape(n.jurisdiction)
        << "\"/>\n"
        << "          <attvalue for=\"first_seen\" value=\"" << lo << "\"/>\n"
        << "          <attvalue for=\"last_seen\" value=\"" << hi << "\"/>\n"
        << "        </attvalues>\n"
        << "        <viz:color r=\"" << c.r << "\" g=\"" << c.g << "\" b=\"" << c.b << "\"/>\n"
        << "      </node>\n";
  }
  out << "    </nodes>\n    <edges>\n";
  for (size_t i = 0; i < g.edges.size(); ++i) {
    const Edge& e = g.edges[i];
    out << "      <edge id=\"e" << i << "\" source=\"" << xmlEscape(g.nodes[e.source].id)
        << "\" target=\"" << xmlEscape(g.nodes[e.target].id) << "\" label=\"" << toString(e.type)
        << "\" kind=\"" << toString(e.type) << "\" weight=\"" << e.weight() << "\">\n";
    if (e.firstSeen)
      out << "        <spells><spell start=\"" << yearStart(unpackDate(e.firstSeen)) << "\"/></spells>\n";
    out << "        <attvalues>\n"
        << "          <attvalue for=\"type\" value=\"" << toString(e.type) << "\"/>\n"
        << "          <attvalue for=\"symmetric\" value=\""
        << (isSymmetric(e.type) ? "true" : "false") << "\"/>\n"
        << "          <attvalue for=\"evidence\" value=\""
        << xmlEscape(e.evidence.empty() ? "" : g.text(e.evidence.front())) << "\"/>\n"
        << "          <attvalue for=\"documents\" value=\""
        << xmlEscape(detail::joinList(detail::documentIds(g, e.documents()))) << "\"/>\n"
        << "          <attvalue for=\"first_seen\" value=\"" << unpackDate(e.firstSeen) << "\"/>\n"
        << "          <attvalue for=\"last_seen\" value=\"" << unpackDate(e.lastSeen) << "\"/>\n"
        << "        </attvalues>\n"
        << "      </edge>\n";
  }
  out << "    </edges>\n  </graph>\n</gexf>\n";
}

namespace {

// RFC 4180 field: quoted when it holds a comma, quote or line break.
std::string csv(std::string_view s) {
  bool quote = s.find_first_of(",\"\n\r") != std::string_view::npos;
  if (!quote) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void writeNodesCsv(const Graph& g, std::ostream& out) {
  out << "id:ID,name,:LABEL,aliases:string[],mentions:int,documents:string[],jurisdiction\n";
  for (const auto& n : g.nodes)
    out << csv(n.id) << ',' << csv(n.name) << ',' << toString(n.type) << ','
        << csv(detail::joinList(n.aliases)) << ',' << n.mentions << ','
        << csv(detail::joinList(detail::documentIds(g, n.documents))) << ',' << csv(n.jurisdiction)
        << '\n';
}

void writeEdgesCsv(const Graph& g, std::ostream& out) {
  out << ":START_ID,:END_ID,:TYPE,weight:int,symmetric:boolean,first_seen,last_seen,evidence,documents:string[]\n";
  for (const auto& e : g.edges)
    out << csv(g.nodes[e.source].id) << ',' << csv(g.nodes[e.target].id) << ',' << toString(e.type)
        << ',' << e.weight() << ',' << (isSymmetric(e.type) ? "true" : "false") << ','
        << unpackDate(e.firstSeen) << ',' << unpackDate(e.lastSeen) << ','
        << csv(e.evidence.empty() ? "" : g.text(e.evidence.front())) << ','
        << csv(detail::joinList(detail::documentIds(g, e.documents()))) << '\n';
}

}  // namespace kg
