#include "kg/eval.h"

#include <rapidjson/document.h>
#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "kg/error.h"

namespace kg {

std::string evalNorm(std::string_view name) {
  static const std::u32string quotes = U"'\"‘’“”「」『』《》〈〉«»`´";
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(st);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  icu::UnicodeString norm = U_SUCCESS(st) ? n->normalize(u, st) : u;
  icu::UnicodeString kept;
  for (int32_t i = 0; i < norm.length();) {
    UChar32 c = norm.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c) || quotes.find(static_cast<char32_t>(c)) != std::u32string::npos) continue;
    kept.append(c);
  }
  kept.foldCase();
  std::string out;
  kept.toUTF8String(out);
  return out;
}

Counts EvalReport::entityTotal() const {
  Counts c;
  for (const auto& x : entities) c += x;
  return c;
}
Counts EvalReport::relationTotal() const {
  Counts c;
  for (const auto& x : relations) c += x;
  return c;
}
EvalReport& EvalReport::operator+=(const EvalReport& o) {
  for (int i = 0; i < kNodeTypeCount; ++i) entities[i] += o.entities[i];
  for (int i = 0; i < kEdgeTypeCount; ++i) relations[i] += o.relations[i];
  misses.insert(misses.end(), o.misses.begin(), o.misses.end());
  falseHits.insert(falseHits.end(), o.falseHits.begin(), o.falseHits.end());
  return *this;
}

namespace {

// Gold JSON nested deeper than this is refused (a gold file is 4 levels deep).
constexpr int kMaxGoldDepth = 64;

// Builds the DOM through RapidJSON's iterative parser (deep nesting stays off the call
// stack, as in the JSON-LD and build-cache readers) and stops at kMaxGoldDepth levels.
struct DepthLimitedHandler {
  rapidjson::Document& doc;
  int depth = 0;
  bool tooDeep = false;

  bool open(bool array) {
    if (++depth > kMaxGoldDepth) return !(tooDeep = true);
    return array ? doc.StartArray() : doc.StartObject();
  }
  bool Null() { return doc.Null(); }
  bool Bool(bool b) { return doc.Bool(b); }
  bool Int(int i) { return doc.Int(i); }
  bool Uint(unsigned i) { return doc.Uint(i); }
  bool Int64(int64_t i) { return doc.Int64(i); }
  bool Uint64(uint64_t i) { return doc.Uint64(i); }
  bool Double(double d) { return doc.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) {
    return doc.RawNumber(s, n, copy);
  }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return doc.Key(s, n, copy); }
  bool StartObject() { return open(false); }
  bool StartArray() { return open(true); }
  bool EndObject(rapidjson::SizeType n) { return --depth, doc.EndObject(n); }
  bool EndArray(rapidjson::SizeType n) { return --depth, doc.EndArray(n); }
};

}  // namespace

GoldDocument loadGold(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot read gold file");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  rapidjson::Document d;
  rapidjson::ParseResult parsed;
  bool tooDeep = false;
  auto generate = [&](rapidjson::Document& target) {
    DepthLimitedHandler h{target};
    rapidjson::MemoryStream ms(text.data(),
                               text.size());  // (as Document::Parse(str, length) reads)
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> is(ms);
    rapidjson::Reader reader;
    parsed = reader.Parse<rapidjson::kParseIterativeFlag>(is, h);
    tooDeep = h.tooDeep;
    return !parsed.IsError();
  };
  d.Populate(generate);
  auto fail = [&](const std::string& what) { throw FormatError(path + ": " + what); };
  auto lineOf = [&](size_t at) {
    at = std::min(at, text.size());
    return std::to_string(
        1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  };
  if (tooDeep)
    fail("line " + lineOf(parsed.Offset()) + " (byte " + std::to_string(parsed.Offset()) +
         "): nested more than " + std::to_string(kMaxGoldDepth) + " levels deep");
  if (parsed.IsError())
    fail("invalid JSON at byte " + std::to_string(parsed.Offset()) + " (line " +
         lineOf(parsed.Offset()) + "): " + rapidjson::GetParseError_En(parsed.Code()));
  if (!d.IsObject() || !d.HasMember("entities") || !d["entities"].IsArray())
    fail("expected an object with an \"entities\" array");
  GoldDocument g;
  if (d.HasMember("document") && d["document"].IsString()) g.document = d["document"].GetString();
  size_t i = 0;
  for (const auto& e : d["entities"].GetArray()) {
    std::string where = "entities[" + std::to_string(i++) + "]";
    if (!e.IsObject() || !e.HasMember("id") || !e["id"].IsString() || !e.HasMember("type") || !e["type"].IsString() ||
        !e.HasMember("names") || !e["names"].IsArray())
      fail(where + ": needs string \"id\", \"type\" and an array \"names\"");
    GoldEntity ge;
    ge.id = e["id"].GetString();
    auto t = parseNodeType(e["type"].GetString());
    if (!t) fail(where + ": unknown type '" + std::string(e["type"].GetString()) + "'");
    ge.type = *t;
    for (const auto& n : e["names"].GetArray())
      if (n.IsString()) ge.names.emplace_back(n.GetString());
    g.entities.push_back(std::move(ge));
  }
  i = 0;
  if (d.HasMember("relations") && d["relations"].IsArray())
    for (const auto& r : d["relations"].GetArray()) {
      std::string where = "relations[" + std::to_string(i++) + "]";
      if (!r.IsObject() || !r.HasMember("type") || !r["type"].IsString() || !r.HasMember("source") ||
          !r["source"].IsString() || !r.HasMember("target") || !r["target"].IsString())
        fail(where + ": needs string \"type\", \"source\" and \"target\"");
      GoldRelation gr;
      auto t = parseEdgeType(r["type"].GetString());
      if (!t) fail(where + ": unknown type '" + std::string(r["type"].GetString()) + "'");
      gr.type = *t;
      gr.source = r["source"].GetString();
      gr.target = r["target"].GetString();
      if (r.HasMember("evidence") && r["evidence"].IsString()) gr.evidence = r["evidence"].GetString();
      g.relations.push_back(std::move(gr));
    }
  return g;
}

EvalReport evaluate(const Graph& pred, const GoldDocument& gold) {
  EvalReport rep;
  std::vector<std::set<std::string>> pnames(pred.nodes.size()), gnames(gold.entities.size());
  for (size_t i = 0; i < pred.nodes.size(); ++i) {
    pnames[i].insert(evalNorm(pred.nodes[i].name));
    for (const auto& a : pred.nodes[i].aliases) pnames[i].insert(evalNorm(a));
  }
  for (size_t j = 0; j < gold.entities.size(); ++j)
    for (const auto& n : gold.entities[j].names) gnames[j].insert(evalNorm(n));
  struct Pair {
    int shared;
    size_t p, g;
  };
  std::vector<Pair> pairs;
  for (size_t i = 0; i < pred.nodes.size(); ++i)
    for (size_t j = 0; j < gold.entities.size(); ++j) {
      if (pred.nodes[i].type != gold.entities[j].type) continue;
      int shared = 0;
      for (const auto& n : pnames[i]) shared += static_cast<int>(gnames[j].count(n));
      if (shared) pairs.push_back({shared, i, j});
    }
  std::sort(pairs.begin(), pairs.end(), [&](const Pair& a, const Pair& b) {
    if (a.shared != b.shared) return a.shared > b.shared;
    if (pred.nodes[a.p].id != pred.nodes[b.p].id) return pred.nodes[a.p].id < pred.nodes[b.p].id;
    return gold.entities[a.g].id < gold.entities[b.g].id;
  });
  std::map<size_t, size_t> p2g;
  std::set<size_t> used;
  for (const auto& pr : pairs) {
    if (p2g.count(pr.p) || used.count(pr.g)) continue;
    p2g[pr.p] = pr.g;
    used.insert(pr.g);
  }
  for (const auto& e : gold.entities) ++rep.entities[static_cast<int>(e.type)].gold;
  for (size_t i = 0; i < pred.nodes.size(); ++i) {
    auto& c = rep.entities[static_cast<int>(pred.nodes[i].type)];
    ++c.pred;
    if (p2g.count(i)) ++c.tp;
    else rep.falseHits.push_back("FP entity " + std::string(toString(pred.nodes[i].type)) + ": " + pred.nodes[i].name);
  }
  for (size_t j = 0; j < gold.entities.size(); ++j)
    if (!used.count(j))
      rep.misses.push_back("FN entity " + std::string(toString(gold.entities[j].type)) + ": " + gold.entities[j].id +
                           " [" + (gold.entities[j].names.empty() ? "" : gold.entities[j].names[0]) + "]");
  using Key = std::tuple<int, std::string, std::string>;
  auto keyOf = [](EdgeType t, std::string a, std::string b) {
    if (isSymmetric(t) && b < a) std::swap(a, b);
    return Key{static_cast<int>(t), a, b};
  };
  std::set<Key> goldRels, predRels;
  for (const auto& r : gold.relations) goldRels.insert(keyOf(r.type, r.source, r.target));
  for (const auto& e : pred.edges) {
    auto end = [&](uint32_t n) {
      auto it = p2g.find(n);
      return it == p2g.end() ? "?" + pred.nodes[n].name : gold.entities[it->second].id;
    };
    predRels.insert(keyOf(e.type, end(e.source), end(e.target)));
  }
  for (const auto& r : goldRels) ++rep.relations[std::get<0>(r)].gold;
  for (const auto& r : predRels) {
    auto& c = rep.relations[std::get<0>(r)];
    ++c.pred;
    if (goldRels.count(r)) ++c.tp;
    else
      rep.falseHits.push_back("FP relation " + std::string(toString(static_cast<EdgeType>(std::get<0>(r)))) + ": " +
                              std::get<1>(r) + " -> " + std::get<2>(r));
  }
  for (const auto& r : goldRels)
    if (!predRels.count(r))
      rep.misses.push_back("FN relation " + std::string(toString(static_cast<EdgeType>(std::get<0>(r)))) + ": " +
                           std::get<1>(r) + " -> " + std::get<2>(r));
  return rep;
}

}  // namespace kg
