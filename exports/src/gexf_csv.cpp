// GEXF 1.2 (Gephi, networkx) and CSV (Neo4j bulk import, pandas) writers.
#include <ostream>

#include "detail/util.h"
#include "kg/exports.h"

namespace kg {

namespace {

std::string yearStart(const std::string& date) { return date.size() >= 4 ? date.substr(0, 4) + "-01-01" : ""; }

}  // namespace

void writeGexf(const Graph& g, std::ostream& out) {
  // Each node's spell: from its earliest to its latest document date.
  auto spell = [&](const std::vector<uint32_t>& docs, std::string& lo, std::string& hi) {
    for (uint32_t d : docs) {
      const std::string& date = g.documents.at(d).date;
      if (date.empty()) continue;
      if (lo.empty() || date < lo) lo = date;
      if (hi.empty() || date > hi) hi = date;
    }
  };
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<gexf xmlns=\"http://www.gexf.net/1.2draft\" xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" version=\"1.2\">\n"
         "  <meta><creator>kg</creator><description>Knowledge graph of Korean documents on China's science "
         "and technology</description></meta>\n"
         "  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">\n"
         "    <attributes class=\"node\">\n"
         "      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n"
         "      <attribute id=\"aliases\" title=\"aliases\" type=\"string\"/>\n"
         "      <attribute id=\"mentions\" title=\"mentions\" type=\"integer\"/>\n"
         "    </attributes>\n"
         "    <attributes class=\"edge\">\n"
         "      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n"
         "      <attribute id=\"evidence\" title=\"evidence\" type=\"string\"/>\n"
         "    </attributes>\n"
         "    <nodes>\n";
  for (const auto& n : g.nodes) {
    std::string lo, hi;
    spell(n.documents, lo, hi);
    detail::Rgb c = detail::colorOf(n.type);
    out << "      <node id=\"" << xmlEscape(n.id) << "\" label=\"" << xmlEscape(n.name) << "\">\n";
    if (!lo.empty())
      out << "        <spells><spell start=\"" << yearStart(lo) << "\"/></spells>\n";
    out << "        <attvalues>\n"
        << "          <attvalue for=\"type\" value=\"" << toString(n.type) << "\"/>\n"
        << "          <attvalue for=\"aliases\" value=\"" << xmlEscape(detail::jsonArray(n.aliases)) << "\"/>\n"
        << "          <attvalue for=\"mentions\" value=\"" << n.mentions << "\"/>\n"
        << "        </attvalues>\n"
        << "        <viz:color r=\"" << c.r << "\" g=\"" << c.g << "\" b=\"" << c.b << "\"/>\n"
        << "      </node>\n";
  }
  out << "    </nodes>\n    <edges>\n";
  for (size_t i = 0; i < g.edges.size(); ++i) {
    const Edge& e = g.edges[i];
    out << "      <edge id=\"e" << i << "\" source=\"" << xmlEscape(g.nodes[e.source].id) << "\" target=\""
        << xmlEscape(g.nodes[e.target].id) << "\" label=\"" << toString(e.type) << "\" weight=\"" << e.weight()
        << "\"" << (isSymmetric(e.type) ? " type=\"undirected\"" : "") << ">\n";
    if (e.firstSeen)
      out << "        <spells><spell start=\"" << yearStart(unpackDate(e.firstSeen)) << "\"/></spells>\n";
    out << "        <attvalues>\n"
        << "          <attvalue for=\"type\" value=\"" << toString(e.type) << "\"/>\n"
        << "          <attvalue for=\"evidence\" value=\""
        << xmlEscape(e.evidence.empty() ? "" : g.text(e.evidence.front())) << "\"/>\n"
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

std::vector<std::string> idsOf(const Graph& g, const std::vector<uint32_t>& documents) {
  std::vector<std::string> out;
  for (uint32_t d : documents) out.push_back(g.documents.at(d).id);
  return out;
}

std::string joinArray(const std::vector<std::string>& v) {
  // Neo4j's array separator is ';'.
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ";" : "") + v[i];
  return out;
}

}  // namespace

void writeNodesCsv(const Graph& g, std::ostream& out) {
  out << "id:ID,name,:LABEL,aliases:string[],mentions:int,documents:string[]\n";
  for (const auto& n : g.nodes)
    out << csv(n.id) << ',' << csv(n.name) << ',' << toString(n.type) << ',' << csv(joinArray(n.aliases)) << ','
        << n.mentions << ',' << csv(joinArray(idsOf(g, n.documents))) << '\n';
}

void writeEdgesCsv(const Graph& g, std::ostream& out) {
  out << ":START_ID,:END_ID,:TYPE,weight:int,symmetric:boolean,first_seen,last_seen,evidence,documents:string[]\n";
  for (const auto& e : g.edges)
    out << csv(g.nodes[e.source].id) << ',' << csv(g.nodes[e.target].id) << ',' << toString(e.type) << ','
        << e.weight() << ',' << (isSymmetric(e.type) ? "true" : "false") << ',' << unpackDate(e.firstSeen) << ','
        << unpackDate(e.lastSeen) << ',' << csv(e.evidence.empty() ? "" : g.text(e.evidence.front())) << ','
        << csv(joinArray(idsOf(g, e.documents()))) << '\n';
}

}  // namespace kg
