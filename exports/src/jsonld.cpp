// JSON-LD 1.1 writer and loader.
//
// Layout of @graph, in this order: vocabulary declarations (kg: classes and
// properties as subclasses / subproperties of schema.org and PROV-O), entity
// nodes (sorted by id), statements (one per edge, with evidence), documents.
#include <rapidjson/document.h>
#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <sys/stat.h>

#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

#include "kg/error.h"
#include "kg/exports.h"
#include "detail/jsonld_internal.h"

namespace kg {

namespace {

// The writer's output stream: buffers in memory (a byte at a time through
// std::ostream::put is the writer's slowest part) and counts the bytes, so
// that the writer can say where each statement lies in the file.
class CountingStream {
 public:
  using Ch = char;
  explicit CountingStream(std::ostream& os) : out_(os) { buf_.reserve(kChunk + 64); }
  ~CountingStream() { Flush(); }
  void Put(char c) {
    buf_.push_back(c);
    if (buf_.size() >= kChunk) Flush();
  }
  void Flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    count_ += buf_.size();
    buf_.clear();
  }
  uint64_t count() const { return count_ + buf_.size(); }

 private:
  static constexpr size_t kChunk = 1 << 20;
  std::ostream& out_;
  std::string buf_;
  uint64_t count_ = 0;
};

using Writer = rapidjson::PrettyWriter<CountingStream>;

void str(Writer& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
void key(Writer& w, std::string_view s) { w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
void ref(Writer& w, std::string_view id) {
  w.StartObject();
  key(w, "@id");
  str(w, "kgr:" + std::string(id));
  w.EndObject();
}

struct TermDef {
  const char* term;
  const char* iri;
  const char* type;       // "@id", "xsd:date", "@vocab" or nullptr
  const char* container;  // "@set" or nullptr
};

// Every property the export uses; nothing relies on @vocab.
const TermDef kTerms[] = {
    {"name", "kg:name", nullptr, nullptr},
    {"alternateName", "kg:alternateName", nullptr, "@set"},
    {"mentionCount", "kg:mentionCount", nullptr, nullptr},
    {"country", "kg:country", nullptr, nullptr},
    {"jurisdiction", "kg:jurisdiction", "@id", nullptr},
    {"mentionedIn", "kg:mentionedIn", "@id", "@set"},
    {"issued", "kg:issued", "@id", "@set"},
    {"locatedIn", "kg:locatedIn", "@id", "@set"},
    {"cooperatesWith", "kg:cooperatesWith", "@id", "@set"},
    {"partOf", "kg:partOf", "@id", "@set"},
    {"leads", "kg:leads", "@id", "@set"},
    {"participatesIn", "kg:participatesIn", "@id", "@set"},
    {"targets", "kg:targets", "@id", "@set"},
    {"subject", "rdf:subject", "@id", nullptr},
    {"predicate", "rdf:predicate", "@vocab", nullptr},
    {"object", "rdf:object", "@id", nullptr},
    {"weight", "kg:weight", nullptr, nullptr},
    {"firstSeen", "kg:firstSeen", "xsd:date", nullptr},
    {"lastSeen", "kg:lastSeen", "xsd:date", nullptr},
    {"evidence", "kg:evidence", nullptr, "@set"},
    {"wasDerivedFrom", "prov:wasDerivedFrom", "@id", "@set"},
    {"document", "kg:document", "@id", nullptr},
    {"sentenceIndex", "kg:sentenceIndex", nullptr, nullptr},
    {"text", "kg:text", nullptr, nullptr},
    {"begin", "kg:begin", nullptr, nullptr},
    {"end", "kg:end", nullptr, nullptr},
    {"originalBegin", "kg:originalBegin", nullptr, nullptr},
    {"originalEnd", "kg:originalEnd", nullptr, nullptr},
    {"rule", "kg:rule", nullptr, nullptr},
    {"path", "kg:path", nullptr, nullptr},
    {"title", "kg:title", nullptr, nullptr},
    {"dateCreated", "kg:dateCreated", "xsd:date", nullptr},
    {"encoding", "kg:encoding", nullptr, nullptr},
    {"sha256", "kg:sha256", nullptr, nullptr},
    {"contentSize", "kg:contentSize", nullptr, nullptr},
    {"mentions", "kg:mentions", "@id", "@set"},
    {"label", "rdfs:label", nullptr, nullptr},
    {"comment", "rdfs:comment", nullptr, nullptr},
    {"subClassOf", "rdfs:subClassOf", "@id", "@set"},
    {"subPropertyOf", "rdfs:subPropertyOf", "@id", "@set"},
};

const char* kClasses[][4] = {
    // term, superclasses (space separated), comment
    {"Agency", "schema:GovernmentOrganization", "A government body at any level."},
    {"Zone", "schema:Place", "A designated development area: new area, high-tech or free-trade zone, park."},
    {"Company", "schema:Corporation", "A business enterprise, private or state-owned."},
    {"Program", "schema:CreativeWork", "A named policy, plan, strategy, programme or agreement."},
    {"Place", "schema:Place", "A country, province, city, district or named region."},
    {"Organization", "schema:Organization", "A university, institute, centre, association or bloc."},
    {"Person", "schema:Person", "A named person."},
    {"Event", "schema:Event", "A named meeting, fair, forum or conference."},
    {"Statement", "rdf:Statement prov:Entity", "One edge of the graph with its weight and evidence."},
    {"Evidence", "prov:Entity", "A sentence of a document that states an edge."},
    {"Document", "schema:CreativeWork prov:Entity", "An input document."},
};

const char* kProperties[][3] = {
    {"name", "schema:name", "The canonical name."},
    {"alternateName", "schema:alternateName",
     "Another surface form: short form, Hanja, English, acronym."},
    {"issued", "", "Announced, issued, drew up or published (Agency/Organization to Program)."},
    {"locatedIn", "schema:location", "The text places it there."},
    {"cooperatesWith", "", "Partnered, signed an agreement or cooperates (symmetric)."},
    {"partOf", "schema:parentOrganization", "A unit of a larger body."},
    {"leads", "", "A person heads it (minister, CEO, chairman)."},
    {"participatesIn", "", "Attended, held or took part in an event or programme."},
    {"targets", "", "The programme is about, designates or builds that zone or place."},
    {"mentionedIn", "schema:subjectOf", "A document that mentions the entity."},
    {"country", "", "ISO 3166-1 alpha-2 code of the country it belongs to, from the lexicon."},
    {"jurisdiction", "", "The Place a city's or province's government governs (Agency to Place)."},
    {"mentions", "schema:mentions", "An entity the document mentions."},
    {"title", "schema:headline", "The first headline of the document."},
    {"dateCreated", "schema:dateCreated", "The date the document gives."},
};

void writeContext(Writer& w) {
  key(w, "@context");
  w.StartObject();
  key(w, "@version");
  w.Double(1.1);
  key(w, "kg");
  str(w, kVocabIri);
  key(w, "kgr");
  str(w, kResourceIri);
  key(w, "schema");
  str(w, "https://schema.org/");
  key(w, "prov");
  str(w, "http://www.w3.org/ns/prov#");
  key(w, "rdf");
  str(w, "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
  key(w, "rdfs");
  str(w, "http://www.w3.org/2000/01/rdf-schema#");
  key(w, "xsd");
  str(w, "http://www.w3.org/2001/XMLSchema#");
  for (const auto& c : kClasses) {
    key(w, c[0]);
    str(w, std::string("kg:") + c[0]);
  }
  key(w, "Class");
  str(w, "rdfs:Class");
  key(w, "Property");
  str(w, "rdf:Property");
  for (const auto& t : kTerms) {
    key(w, t.term);
    if (!t.type && !t.container) {
      str(w, t.iri);
      continue;
    }
    w.StartObject();
    key(w, "@id");
    str(w, t.iri);
    if (t.type) {
      key(w, "@type");
      str(w, t.type);
    }
    if (t.container) {
      key(w, "@container");
      str(w, t.container);
    }
    w.EndObject();
  }
  w.EndObject();
}

void writeVocabulary(Writer& w) {
  auto supers = [&](std::string_view list) {
    w.StartArray();
    size_t b = 0;
    while (b < list.size()) {
      size_t e = list.find(' ', b);
      if (e == std::string_view::npos) e = list.size();
      str(w, list.substr(b, e - b));
      b = e + 1;
    }
    w.EndArray();
  };
  for (const auto& c : kClasses) {
    w.StartObject();
    key(w, "@id");
    str(w, std::string("kg:") + c[0]);
    key(w, "@type");
    str(w, "Class");
    key(w, "label");
    str(w, c[0]);
    key(w, "comment");
    str(w, c[2]);
    key(w, "subClassOf");
    supers(c[1]);
    w.EndObject();
  }
  for (const auto& p : kProperties) {
    w.StartObject();
    key(w, "@id");
    str(w, std::string("kg:") + p[0]);
    key(w, "@type");
    str(w, "Property");
    key(w, "label");
    str(w, p[0]);
    key(w, "comment");
    str(w, p[2]);
    if (*p[1]) {
      key(w, "subPropertyOf");
      supers(p[1]);
    }
    w.EndObject();
  }
}

std::string statementId(const Graph& g, const Edge& e) {
  return "stmt/" + g.nodes[e.source].id + "/" + std::string(toString(e.type)) + "/" + g.nodes[e.target].id;
}

}  // namespace

void writeJsonLd(const Graph& g, std::ostream& os) { detail::writeJsonLd(g, os, nullptr); }

void detail::writeJsonLd(const Graph& g, std::ostream& os, std::vector<ByteRange>* statements) {
  CountingStream osw(os);
  Writer w(osw);
  w.SetIndent(' ', 1);
  w.StartObject();
  writeContext(w);
  key(w, "@graph");
  w.StartArray();
  writeVocabulary(w);

  // Outgoing edges per node (cooperatesWith on both ends) as (type, target),
  // node by node in one array: links[first[i], first[i + 1]) are node i's.
  std::vector<uint32_t> first(g.nodes.size() + 1, 0);
  for (const auto& e : g.edges) {
    ++first[e.source + 1];
    if (isSymmetric(e.type)) ++first[e.target + 1];
  }
  for (size_t i = 1; i < first.size(); ++i) first[i] += first[i - 1];
  std::vector<std::pair<uint8_t, uint32_t>> links(first.back());
  {
    std::vector<uint32_t> fill(first.begin(), first.end() - 1);
    for (const auto& e : g.edges) {
      links[fill[e.source]++] = {static_cast<uint8_t>(e.type), e.target};
      if (isSymmetric(e.type)) links[fill[e.target]++] = {static_cast<uint8_t>(e.type), e.source};
    }
  }
  for (uint32_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    w.StartObject();
    key(w, "@id");
    str(w, "kgr:" + n.id);
    key(w, "@type");
    str(w, toString(n.type));
    key(w, "name");
    str(w, n.name);
    key(w, "alternateName");
    w.StartArray();
    for (const auto& a : n.aliases) str(w, a);
    w.EndArray();
    key(w, "mentionCount");
    w.Uint(n.mentions);
    if (!n.country.empty()) {
      key(w, "country");
      str(w, n.country);
    }
    if (!n.jurisdiction.empty()) {
      key(w, "jurisdiction");
      ref(w, n.jurisdiction);
    }
    key(w, "mentionedIn");
    w.StartArray();
    for (uint32_t d : n.documents) ref(w, g.documents.at(d).id);
    w.EndArray();
    auto b = links.begin() + first[i], e = links.begin() + first[i + 1];
    std::sort(b, e);
    for (auto t = b; t != e;) {
      key(w, toString(static_cast<EdgeType>(t->first)));
      w.StartArray();
      uint8_t type = t->first;
      for (; t != e && t->first == type; ++t) ref(w, g.nodes[t->second].id);
      w.EndArray();
    }
    w.EndObject();
  }
  std::vector<uint32_t>().swap(first);
  std::vector<std::pair<uint8_t, uint32_t>>().swap(links);
  if (statements) {
    statements->clear();
    statements->reserve(g.edges.size());
  }
  for (const auto& e : g.edges) {
    uint64_t begin = osw.count();
    w.StartObject();
    key(w, "@id");
    str(w, "kgr:" + statementId(g, e));
    key(w, "@type");
    str(w, "Statement");
    key(w, "subject");
    str(w, "kgr:" + g.nodes[e.source].id);
    key(w, "predicate");
    str(w, toString(e.type));
    key(w, "object");
    str(w, "kgr:" + g.nodes[e.target].id);
    key(w, "weight");
    w.Uint(e.weight());
    if (e.firstSeen) {
      key(w, "firstSeen");
      str(w, unpackDate(e.firstSeen));
      key(w, "lastSeen");
      str(w, unpackDate(e.lastSeen));
    }
    key(w, "wasDerivedFrom");
    w.StartArray();
    for (uint32_t d : e.documents()) str(w, "kgr:" + g.documents.at(d).id);
    w.EndArray();
    key(w, "evidence");
    w.StartArray();
    for (const auto& ev : e.evidence) {
      w.StartObject();
      key(w, "@type");
      str(w, "Evidence");
      key(w, "document");
      str(w, "kgr:" + g.documents.at(ev.document).id);
      key(w, "sentenceIndex");
      w.Uint(ev.sentence);
      key(w, "begin");
      w.Uint(ev.span.begin);
      key(w, "end");
      w.Uint(ev.span.end);
      key(w, "originalBegin");
      w.Uint(ev.original.begin);
      key(w, "originalEnd");
      w.Uint(ev.original.end);
      key(w, "text");
      str(w, g.text(ev));
      key(w, "rule");
      str(w, g.rule(ev));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    if (statements) statements->push_back({begin, osw.count()});
  }
  for (const auto& d : g.documents) {
    w.StartObject();
    key(w, "@id");
    str(w, "kgr:" + d.id);
    key(w, "@type");
    str(w, "Document");
    key(w, "path");
    str(w, d.path);
    key(w, "title");
    str(w, d.title);
    if (!d.date.empty()) {
      key(w, "dateCreated");
      str(w, d.date);
    }
    key(w, "encoding");
    str(w, d.encoding);
    key(w, "sha256");
    str(w, d.sha256);
    key(w, "contentSize");
    w.Uint64(d.bytes);
    key(w, "mentions");
    w.StartArray();
    for (uint32_t m : d.mentions) ref(w, g.nodes[m].id);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  osw.Flush();
  os << "\n";
}

// ---------------------------------------------------------------- loader

namespace {

using Value = rapidjson::Value;

// Names the @graph entry being read, for an error message; built only on failure.
struct Where {
  size_t index = 0;
  const Value* object = nullptr;
  std::string str() const {
    std::string w = index == SIZE_MAX ? "statement" : "@graph[" + std::to_string(index) + "]";
    if (object && object->IsObject())
      if (auto it = object->FindMember("@id"); it != object->MemberEnd() && it->value.IsString())
        w += " (" + std::string(it->value.GetString(), it->value.GetStringLength()) + ")";
    return w;
  }
};
std::string operator+(const Where& w, const char* s) { return w.str() + s; }

struct Loader {
  std::string name;
  [[noreturn]] void fail(const std::string& what) const { throw FormatError(name + ": " + what); }

  std::string strip(std::string_view iri) const {
    if (iri.substr(0, 4) == "kgr:") return std::string(iri.substr(4));
    if (iri.substr(0, kResourceIri.size()) == kResourceIri) return std::string(iri.substr(kResourceIri.size()));
    fail("id '" + std::string(iri) + "' is not a kgr: resource");
  }
  std::string getStr(const Value& o, const char* k, bool required, const Where& where) const {
    auto it = o.FindMember(k);
    if (it == o.MemberEnd()) {
      if (required) fail(where + ": missing \"" + k + "\"");
      return {};
    }
    if (!it->value.IsString()) fail(where + ": \"" + k + "\" is not a string");
    return std::string(it->value.GetString(), it->value.GetStringLength());
  }
  uint32_t getDate(const Value& o, const char* k, const Where& where) const {
    std::string s = getStr(o, k, false, where);
    uint32_t d = packDate(s);
    if (!s.empty() && !d) fail(where + ": \"" + k + "\" is not a YYYY-MM-DD date: '" + s + "'");
    return d;
  }
  uint64_t getUint(const Value& o, const char* k, const Where& where) const {
    auto it = o.FindMember(k);
    if (it == o.MemberEnd()) return 0;
    if (!it->value.IsUint64()) fail(where + ": \"" + k + "\" is not a non-negative integer");
    return it->value.GetUint64();
  }
  const Value* getArray(const Value& o, const char* k, const Where& where) const {
    auto it = o.FindMember(k);
    if (it == o.MemberEnd()) return nullptr;
    if (!it->value.IsArray()) fail(where + ": \"" + k + "\" is not an array");
    return &it->value;
  }
  std::string refId(const Value& v, const Where& where) const {
    if (v.IsString()) return strip(std::string_view(v.GetString(), v.GetStringLength()));
    if (v.IsObject()) return strip(getStr(v, "@id", true, where));
    fail(where + ": expected an {\"@id\": ...} reference");
  }
  // A Statement object: its subject and object ids, and the edge (all but source and target).
  // Evidence texts go to `texts`, rule names to `rules` (each once), the ids
  // of their documents to `documents`.
  void statement(const Value& o, const Where& where, std::string& subject, std::string& object, Edge& edge,
                 std::vector<std::string>& documents, TextStore& texts, std::vector<std::string>& rules) const {
    subject = strip(getStr(o, "subject", true, where));
    object = strip(getStr(o, "object", true, where));
    std::string pred = getStr(o, "predicate", true, where);
    auto et = parseEdgeType(pred);
    if (!et) fail(where + ": unknown predicate '" + pred + "'");
    edge.type = *et;
    edge.firstSeen = getDate(o, "firstSeen", where);
    edge.lastSeen = getDate(o, "lastSeen", where);
    (void)getUint(o, "weight", where);  // derived from the evidence, but must be well-formed
    if (auto* a = getArray(o, "evidence", where))
      for (const auto& v : a->GetArray()) {
        if (!v.IsObject()) fail(where + ": evidence holds a non-object");
        Evidence ev;
        documents.push_back(strip(getStr(v, "document", true, where)));
        ev.sentence = static_cast<uint32_t>(getUint(v, "sentenceIndex", where));
        ev.span = Span{static_cast<uint32_t>(getUint(v, "begin", where)), static_cast<uint32_t>(getUint(v, "end", where))};
        ev.original = Span{static_cast<uint32_t>(getUint(v, "originalBegin", where)),
                           static_cast<uint32_t>(getUint(v, "originalEnd", where))};
        ev.text = texts.add(getStr(v, "text", false, where));
        std::string rule = getStr(v, "rule", false, where);
        auto r = std::find(rules.begin(), rules.end(), rule);  // a handful of rules
        ev.rule = static_cast<uint32_t>(r - rules.begin());
        if (r == rules.end()) rules.push_back(std::move(rule));
        edge.evidence.push_back(std::move(ev));
      }
  }
};

}  // namespace

namespace {

// JSON nested deeper than this is refused (a kg export is 5 levels deep).
constexpr int kMaxDepth = 64;

// The loader's parse: RapidJSON's iterative parser (deep nesting stays off the
// call stack: a file of a million '[' is an error, not a stack overflow)
// behind a handler that builds the DOM, refuses nesting deeper than kMaxDepth
// and notes where each entry of the top-level "@graph" array starts.
template <typename Stream>
struct BoundedHandler {
  rapidjson::Document& doc;
  Stream& is;
  std::vector<size_t>& starts;  // byte offset of each @graph entry
  int depth = 0;
  bool graphKey = false, inGraph = false, tooDeep = false;

  void value() {
    if (inGraph && depth == 2) starts.push_back(is.Tell());
    if (depth == 1) graphKey = false;
  }
  bool open(bool array) {
    bool entry = inGraph && depth == 2;
    if (entry) starts.push_back(is.Tell());  // at the { or [ (the iterative parser takes it after this call)
    if (array && depth == 1 && graphKey) inGraph = true;
    if (depth == 1) graphKey = false;
    if (++depth > kMaxDepth) return !(tooDeep = true);
    return array ? doc.StartArray() : doc.StartObject();
  }
  bool Null() { return value(), doc.Null(); }
  bool Bool(bool b) { return value(), doc.Bool(b); }
  bool Int(int i) { return value(), doc.Int(i); }
  bool Uint(unsigned i) { return value(), doc.Uint(i); }
  bool Int64(int64_t i) { return value(), doc.Int64(i); }
  bool Uint64(uint64_t i) { return value(), doc.Uint64(i); }
  bool Double(double d) { return value(), doc.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) { return value(), doc.RawNumber(s, n, copy); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return value(), doc.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) {
    if (depth == 1) graphKey = std::string_view(s, n) == "@graph";
    return doc.Key(s, n, copy);
  }
  bool StartObject() { return open(false); }
  bool StartArray() { return open(true); }
  bool EndObject(rapidjson::SizeType n) {
    --depth;
    return doc.EndObject(n);
  }
  bool EndArray(rapidjson::SizeType n) {
    if (--depth == 1) inGraph = false;
    return doc.EndArray(n);
  }
};

struct ParseOutcome {
  rapidjson::ParseResult result;
  bool tooDeep = false;
  std::vector<size_t> starts;
};

// Parses one whole JSON value from `is` into `doc`; anything after it but
// white space is an error (kParseErrorDocumentRootNotSingular).
template <unsigned flags, typename Stream>
ParseOutcome parseBounded(rapidjson::Document& doc, Stream& is) {
  ParseOutcome out;
  auto generate = [&](rapidjson::Document& d) {
    BoundedHandler<Stream> h{d, is, out.starts};
    rapidjson::Reader reader;
    out.result = reader.Parse<flags | rapidjson::kParseIterativeFlag>(is, h);
    out.tooDeep = h.tooDeep;
    return !out.result.IsError();
  };
  doc.Populate(generate);
  return out;
}

// The error of a failed parse, placed by line and byte in the original `text`.
[[noreturn]] void failParse(const Loader& L, const ParseOutcome& p, std::string_view text) {
  size_t at = std::min(p.result.Offset(), text.size());
  size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  std::string where = "line " + std::to_string(line) + " (byte " + std::to_string(at) + "): ";
  if (p.tooDeep) L.fail(where + "nested more than " + std::to_string(kMaxDepth) + " levels deep");
  if (p.result.Code() == rapidjson::kParseErrorDocumentRootNotSingular)
    L.fail(where + "more data after the end of the top-level object");
  L.fail(where + "invalid JSON: " + rapidjson::GetParseError_En(p.result.Code()) +
         (at >= text.size() ? " (the file ends early: truncated?)" : ""));
}

// Reads the parsed document into a Graph; `starts` gives the byte offset of
// each @graph entry, for messages.
Graph graphFromDom(rapidjson::Document& doc, const std::vector<size_t>& starts, const std::string& name) {
  Loader L{name};
  auto byteOf = [&](size_t i) { return i < starts.size() ? "byte " + std::to_string(starts[i]) : std::string("?"); };
  if (!doc.IsObject()) L.fail("top level is not a JSON object");
  if (!doc.HasMember("@graph") || !doc["@graph"].IsArray()) L.fail("no \"@graph\" array");
  const Value& graphArray = doc["@graph"];

  Graph g;
  struct PendingEdge {
    std::string s, t;
    Edge edge;
    std::vector<std::string> documents;  // of its evidence
  };
  std::vector<PendingEdge> pending;
  // Each statement once: by its @id and by subject, predicate and object
  // ("@id:..." or "spo:..." -> its @graph index).
  std::unordered_map<std::string, size_t> statementAt;
  std::vector<std::pair<Node, std::vector<std::string>>> nodes;  // with the ids of their documents
  std::vector<std::pair<DocumentNode, std::vector<std::string>>> docs;
  size_t index = 0;
  for (const Value& o : graphArray.GetArray()) {
    Where where{index++, &o};
    if (!o.IsObject()) L.fail(where + ": not an object");
    auto tit = o.FindMember("@type");
    if (tit == o.MemberEnd()) L.fail(where + ": no @type");
    std::string type;
    if (tit->value.IsString()) type = tit->value.GetString();
    else if (tit->value.IsArray() && !tit->value.Empty() && tit->value[0].IsString()) type = tit->value[0].GetString();
    else L.fail(where + ": @type is neither a string nor an array of strings");
    if (type == "Class" || type == "Property") continue;
    if (auto nt = parseNodeType(type)) {
      Node n;
      n.id = L.strip(L.getStr(o, "@id", true, where));
      n.type = *nt;
      n.name = L.getStr(o, "name", true, where);
      if (auto* a = L.getArray(o, "alternateName", where))
        for (const auto& v : a->GetArray()) {
          if (!v.IsString()) L.fail(where + ": alternateName holds a non-string");
          n.aliases.emplace_back(v.GetString(), v.GetStringLength());
        }
      n.mentions = static_cast<uint32_t>(L.getUint(o, "mentionCount", where));
      n.country = L.getStr(o, "country", false, where);
      if (auto j = o.FindMember("jurisdiction"); j != o.MemberEnd())
        n.jurisdiction = L.refId(j->value, where);
      std::vector<std::string> docIds;
      if (auto* a = L.getArray(o, "mentionedIn", where))
        for (const auto& v : a->GetArray()) docIds.push_back(L.refId(v, where));
      nodes.emplace_back(std::move(n), std::move(docIds));
    } else if (type == "Statement") {
      PendingEdge p;
      L.statement(o, where, p.s, p.t, p.edge, p.documents, g.texts, g.rules);
      std::string id = L.getStr(o, "@id", false, where);
      for (std::string key : {id.empty() ? std::string() : "@id:" + id,
                              "spo:" + p.s + " " + std::string(toString(p.edge.type)) + " " + p.t}) {
        if (key.empty()) continue;
        auto [it, fresh] = statementAt.emplace(key, where.index);
        if (!fresh)
          L.fail(where + ": " + byteOf(where.index) + ": statement " +
                 (key[0] == '@' ? "id '" + id + "'" : p.s + " " + std::string(toString(p.edge.type)) + " " + p.t) +
                 " appears twice (first @graph[" + std::to_string(it->second) + "], " + byteOf(it->second) + ")");
      }
      pending.push_back(std::move(p));
    } else if (type == "Document") {
      DocumentNode d;
      d.id = L.strip(L.getStr(o, "@id", true, where));
      d.path = L.getStr(o, "path", true, where);
      d.title = L.getStr(o, "title", false, where);
      d.date = L.getStr(o, "dateCreated", false, where);
      d.encoding = L.getStr(o, "encoding", false, where);
      d.sha256 = L.getStr(o, "sha256", false, where);
      d.bytes = L.getUint(o, "contentSize", where);
      std::vector<std::string> ms;
      if (auto* a = L.getArray(o, "mentions", where))
        for (const auto& v : a->GetArray()) ms.push_back(L.refId(v, where));
      docs.emplace_back(std::move(d), std::move(ms));
    } else {
      L.fail(where + ": unknown @type '" + type + "'");
    }
  }
  // Documents first: nodes and evidence refer to them by index.
  std::sort(docs.begin(), docs.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first.path, a.first.sha256) < std::tie(b.first.path, b.first.sha256);
  });
  std::unordered_map<std::string, uint32_t> docIndex;
  for (uint32_t i = 0; i < docs.size(); ++i)
    if (!docIndex.emplace(docs[i].first.id, i).second) L.fail("document id '" + docs[i].first.id + "' appears twice");
  std::sort(nodes.begin(), nodes.end(), [](const auto& a, const auto& b) { return a.first.id < b.first.id; });
  for (auto& [n, ids] : nodes) {
    for (const auto& id : ids) {
      auto it = docIndex.find(id);
      if (it == docIndex.end()) L.fail("node '" + n.id + "' refers to unknown document '" + id + "'");
      n.documents.push_back(it->second);
    }
    std::sort(n.documents.begin(), n.documents.end());
    n.documents.erase(std::unique(n.documents.begin(), n.documents.end()), n.documents.end());
    g.nodes.push_back(std::move(n));
  }
  for (size_t i = 1; i < g.nodes.size(); ++i)
    if (g.nodes[i].id == g.nodes[i - 1].id) L.fail("node id '" + g.nodes[i].id + "' appears twice");
  auto need = [&](const std::string& id, const char* what) {
    auto n = g.findNode(id);
    if (!n) L.fail(std::string(what) + " refers to unknown node '" + id + "'");
    return *n;
  };
  for (const auto& n : g.nodes)
    if (!n.jurisdiction.empty() &&
        g.nodes[need(n.jurisdiction, ("the jurisdiction of '" + n.id + "'").c_str())].type !=
            NodeType::Place)
      L.fail("the jurisdiction of '" + n.id + "' is no Place: '" + n.jurisdiction + "'");
  for (auto& p : pending) {
    p.edge.source = need(p.s, "a statement");
    p.edge.target = need(p.t, "a statement");
    for (size_t i = 0; i < p.edge.evidence.size(); ++i) {
      auto it = docIndex.find(p.documents[i]);
      if (it == docIndex.end())
        L.fail("the evidence of " + p.s + " " + std::string(toString(p.edge.type)) + " " + p.t + " refers to unknown document '" +
               p.documents[i] + "'");
      p.edge.evidence[i].document = it->second;
    }
    g.edges.push_back(std::move(p.edge));
  }
  std::sort(g.edges.begin(), g.edges.end(), [](const Edge& x, const Edge& y) {
    return std::make_tuple(x.source, static_cast<int>(x.type), x.target) <
           std::make_tuple(y.source, static_cast<int>(y.type), y.target);
  });
  for (auto& [d, ms] : docs) {
    for (const auto& m : ms) d.mentions.push_back(need(m, "a document"));
    std::sort(d.mentions.begin(), d.mentions.end());
    g.documents.push_back(std::move(d));
  }
  return g;
}

}  // namespace

detail::ParsedStatement detail::parseStatement(std::string_view text, const std::string& name, TextStore& texts,
                                               std::vector<std::string>& rules) {
  Loader L{name};
  size_t open = text.find('{');
  if (open == std::string_view::npos || text.find_first_not_of(", \t\r\n") != open) L.fail("no statement object here");
  text.remove_prefix(open);
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseStopWhenDoneFlag | rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) L.fail("no statement object here (invalid JSON)");
  auto tit = doc.FindMember("@type");
  if (tit == doc.MemberEnd() || !tit->value.IsString() || std::string_view(tit->value.GetString()) != "Statement")
    L.fail("no statement object here (not a Statement)");
  ParsedStatement st;
  L.statement(doc, Where{SIZE_MAX, &doc}, st.subject, st.object, st.edge, st.documents, texts, rules);
  return st;
}

Graph parseJsonLd(std::string_view text, const std::string& name) {
  rapidjson::Document doc;
  rapidjson::MemoryStream ms(text.data(), text.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> is(ms);
  ParseOutcome p = parseBounded<rapidjson::kParseDefaultFlags>(doc, is);
  if (p.result.IsError()) failParse(Loader{name}, p, text);
  return graphFromDom(doc, p.starts, name);
}

Graph loadJsonLd(const std::string& path) {
  std::string buffer;
  {
    // Only a regular file: a folder, a FIFO or a device is refused before it is opened.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
      throw IoError(path + ": cannot read graph file (run `kg build` first, or pass --graph FILE)");
    if (!S_ISREG(st.st_mode)) throw IoError(path + ": cannot read graph file: not a regular file");
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw IoError(path + ": cannot read graph file (run `kg build` first, or pass --graph FILE)");
    auto size = in.tellg();
    if (size < 0) throw IoError(path + ": cannot read graph file (not a regular file?)");
    buffer.resize(static_cast<size_t>(size));
    in.seekg(0);
    if (!in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())))
      throw IoError(path + ": read error");
  }
  // Parse in place: the strings stay in the buffer instead of being copied
  // into the DOM (a graph of a million edges is over a gigabyte of text).
  // The in-place parse rewrites escapes, so a syntax error is placed by
  // parsing a pristine copy again.
  if (buffer.find('\0') != std::string::npos) return parseJsonLd(buffer, path);
  rapidjson::Document doc;
  rapidjson::InsituStringStream is(buffer.data());
  ParseOutcome p = parseBounded<rapidjson::kParseInsituFlag>(doc, is);
  if (p.result.IsError()) {
    std::ifstream again(path, std::ios::binary);
    std::stringstream ss;
    ss << again.rdbuf();
    return parseJsonLd(ss.str(), path);
  }
  return graphFromDom(doc, p.starts, path);
}

}  // namespace kg
