#include <thread>
#include <atomic>
#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>
#include <numeric>
#include <set>
#include <iterator>
#include <unordered_map>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "kg/error.h"
#include "kg/extractor.h"
#include "kg/graph.h"
#include "kg/lexicon.h"
#include "kg/names.h"
#include "detail/name_forms.h"

namespace kg {

std::vector<uint32_t> Edge::documents() const {
  std::vector<uint32_t> out;
  for (const auto& e : evidence) out.push_back(e.document);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<uint32_t> Graph::findNode(std::string_view id) const {
  auto it = std::lower_bound(nodes.begin(), nodes.end(), id,
                             [](const Node& n, std::string_view v) { return n.id < v; });
  if (it == nodes.end() || it->id != id) return std::nullopt;
  return static_cast<uint32_t>(it - nodes.begin());
}

bool equalEdges(const Graph& a, const Edge& x, const Graph& b, const Edge& y) {
  if (x.source != y.source || x.target != y.target || x.type != y.type || x.firstSeen != y.firstSeen ||
      x.lastSeen != y.lastSeen || x.evidence.size() != y.evidence.size())
    return false;
  for (size_t j = 0; j < x.evidence.size(); ++j) {
    const Evidence &p = x.evidence[j], &q = y.evidence[j];
    if (p.document != q.document || p.sentence != q.sentence || !(p.span == q.span) || !(p.original == q.original) ||
        a.rule(p) != b.rule(q) || a.text(p) != b.text(q))
      return false;
  }
  return true;
}

bool operator==(const Graph& a, const Graph& b) {
  if (a.nodes != b.nodes || a.documents != b.documents || a.clashes != b.clashes || a.edges.size() != b.edges.size())
    return false;
  for (size_t i = 0; i < a.edges.size(); ++i)
    if (!equalEdges(a, a.edges[i], b, b.edges[i])) return false;
  return true;
}

uint32_t packDate(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return 0;
  uint32_t n = 0;
  for (size_t i = 0; i < 10; ++i) {
    if (i == 4 || i == 7) continue;
    if (d[i] < '0' || d[i] > '9') return 0;
    n = n * 10 + static_cast<uint32_t>(d[i] - '0');
  }
  uint32_t month = n / 100 % 100, day = n % 100;
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? n : 0;
}

std::string unpackDate(uint32_t date) {
  if (date == 0) return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", date / 10000 % 10000, date / 100 % 100, date % 100);
  return buf;
}

GraphStats statsOf(const Graph& g) {
  GraphStats s;
  for (const auto& n : g.nodes) ++s.nodesByType[static_cast<int>(n.type)];
  for (const auto& e : g.edges) ++s.edgesByType[static_cast<int>(e.type)];
  return s;
}

std::string documentIdFor(std::string_view path) {
  // "doc/" + the path, percent-encoded outside RFC 3986's unreserved set and '/'.
  static const char* hex = "0123456789ABCDEF";
  std::string out = "doc/";
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

namespace {

// Strings kept once each: the surface forms, lexicon ids and folded keys of
// every instance are few distinct strings repeated over many documents.
// Id 0 is the empty string. Views stay valid (a deque does not move its elements).
class StringPool {
 public:
  StringPool() { intern(""); }
  uint32_t intern(std::string_view s) {
    auto it = ids_.find(s);
    if (it != ids_.end()) return it->second;
    strings_.emplace_back(s);
    uint32_t id = static_cast<uint32_t>(strings_.size() - 1);
    ids_.emplace(strings_.back(), id);
    return id;
  }
  const std::string& at(uint32_t id) const { return strings_[id]; }
  size_t size() const { return strings_.size(); }

 private:
  std::deque<std::string> strings_;
  std::unordered_map<std::string_view, uint32_t> ids_;
};

// A growing array in fixed chunks: unlike a vector it never reallocates, so
// it never holds an old and a new copy at once, and wastes at most one chunk.
template <class T>
class Chunked {
 public:
  void push_back(T v) {
    if ((size_ >> kShift) == chunks_.size()) chunks_.emplace_back().reserve(size_t{1} << kShift);
    chunks_.back().push_back(std::move(v));
    ++size_;
  }
  T& operator[](size_t i) { return chunks_[i >> kShift][i & kMask]; }
  const T& operator[](size_t i) const { return chunks_[i >> kShift][i & kMask]; }
  size_t size() const { return size_; }
  void release() {
    std::vector<std::vector<T>>().swap(chunks_);
    size_ = 0;
  }

 private:
  static constexpr size_t kShift = 16, kMask = (size_t{1} << kShift) - 1;
  std::vector<std::vector<T>> chunks_;
  size_t size_ = 0;
};

struct Instance {  // one entity of one document
  NodeType type;
  uint32_t name;                     // form id
  uint32_t formsBegin, formsCount;   // in Impl::instanceForms: name, then aliases
  uint32_t lexiconId;                // in Impl::lexIds; 0: none
  uint32_t mentions;
  uint32_t doc;
  uint8_t country;                   // kCountries index + 1 (lexicon entry or country word); 0: not known
  bool nameWritten;                  // false: the name is the lexicon's only, no form of the text
};

// 40 bytes (asserted below): there are millions (one per relation found), all held until build().
struct Statement {
  uint32_t source, target;  // instance indices
  uint32_t doc;             // in Impl::docs (the graph's index is set when the edge is made)
  uint32_t sentence;
  uint32_t text;            // in Impl::texts
  Span span, original;      // as in Evidence
  uint16_t rule;            // in Impl::rules, then (in build()) in Graph::rules
  EdgeType type;
  Evidence evidence(uint32_t document) const {
    Evidence e;
    e.document = document;
    e.sentence = sentence;
    e.span = span;
    e.original = original;
    e.text = text;
    e.rule = rule;
    return e;
  }
};
static_assert(sizeof(Statement) == 40);

struct UnionFind {
  std::vector<uint32_t> parent;
  std::vector<uint32_t> lexId;  // of the root's component; 0: none
  explicit UnionFind(size_t n) : parent(n), lexId(n), country(n) { std::iota(parent.begin(), parent.end(), 0u); }
  uint32_t find(uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  std::vector<uint8_t> country;              // of the root's component; 0: not known
  std::vector<std::vector<uint32_t>> leads;  // a person's component: the bodies it leads (sorted keys)
  // Refuses to join two components that the lexicon says are different things,
  // of two countries, or two people of one name who lead different bodies.
  // The root is always the smallest member.
  bool unite(uint32_t a, uint32_t b) {
    a = find(a), b = find(b);
    if (a == b) return true;
    if (lexId[a] && lexId[b] && lexId[a] != lexId[b]) return false;
    if (country[a] && country[b] && country[a] != country[b]) return false;
    std::vector<uint32_t> both;
    if (!leads.empty() && !leads[a].empty() && !leads[b].empty()) {
      std::set_intersection(leads[a].begin(), leads[a].end(), leads[b].begin(), leads[b].end(),
                            std::back_inserter(both));
      if (both.empty()) return false;
    }
    if (b < a) std::swap(a, b);
    parent[b] = a;
    if (!lexId[a]) lexId[a] = lexId[b];
    if (!country[a]) country[a] = country[b];
    if (!leads.empty() && !leads[b].empty()) {
      both.clear();
      std::set_union(leads[a].begin(), leads[a].end(), leads[b].begin(), leads[b].end(), std::back_inserter(both));
      leads[a].swap(both);
      std::vector<uint32_t>().swap(leads[b]);
    }
    return true;
  }
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

// ---- Names as merge keys (issue 18). A form either merges across documents
// (a full name) or only inside its own document (a short form).

std::vector<uint32_t> codePoints(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}
bool hangulSyllable(uint32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }
bool isSpace(uint32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == 0x3000; }

// Words that are never the first word of a name: adverbs, quantifiers,
// demonstratives ("그중 푸둥신구", "이번 회의", "해당 기업").
constexpr std::string_view kNotNameWords[] = {"그중", "그 중", "또", "또한", "이번", "해당", "이", "그", "저", "각",
                                              "및", "등", "모든", "여러", "같은", "한편", "특히", "이어", "아울러",
                                              "이하", "하반기", "상반기", "올해", "지난해", "내년", "최근", "현재",
                                              "당시", "향후"};
// Quote marks that must come in pairs inside a name: (open, close); equal for the straight ones.
constexpr std::pair<std::string_view, std::string_view> kQuotePairs[] = {
    {"'", "'"}, {"\"", "\""}, {"‘", "’"}, {"“", "”"}, {"「", "」"}, {"『", "』"}, {"《", "》"}, {"〈", "〉"}};

size_t countOf(std::string_view s, std::string_view w) {
  size_t n = 0;
  for (size_t at = s.find(w); at != std::string_view::npos; at = s.find(w, at + w.size())) ++n;
  return n;
}
void eraseAll(std::string& s, std::string_view w) {
  for (size_t at; (at = s.find(w)) != std::string::npos;) s.erase(at, w.size());
}
std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  size_t b = 0;
  while (b < s.size() && (s[b] == ' ' || s[b] == '\t')) ++b;
  return s.substr(b);
}

}  // namespace

// A surface form as a name: without a leading adverb, quantifier or
// demonstrative word, without quote marks that have no partner
// ("일대일로' 과학기술교류대회" -> "일대일로 과학기술교류대회").
std::string cleanNameForm(std::string_view form) {
  std::string s = trimmed(std::string(form));
  for (bool again = true; again;) {
    again = false;
    for (std::string_view w : kNotNameWords)
      if (s.size() > w.size() + 1 && s.compare(0, w.size(), w) == 0 && s[w.size()] == ' ') {
        s = trimmed(s.substr(w.size() + 1));
        again = true;
      }
  }
  for (const auto& [open, close] : kQuotePairs) {
    bool balanced = open == close ? countOf(s, open) % 2 == 0 : countOf(s, open) == countOf(s, close);
    if (balanced) continue;
    eraseAll(s, open);
    if (close != open) eraseAll(s, close);
    s = trimmed(s);
  }
  // "일대일로 과학기술교류대회" from "일대일로' 과학기술교류대회": no double space left behind
  for (size_t at; (at = s.find("  ")) != std::string::npos;) s.erase(at, 1);
  return s;
}

// Is `form` (the name or an alias of an entity of `type` named `name`) a short
// form that resolves only inside its own document? A surname alone or any other
// Hangul form of a person (the full name is the entity's name), one character,
// one or two Hangul syllables, a form inside the name ("창룽" of "하얼빈창룽그룹",
// "과학기술부" of "중국 과학기술부"), a Latin acronym of up to five letters.
// The caller exempts the aliases the lexicon records for the entity's own entry.
bool shortNameForm(NodeType type, std::string_view name, std::string_view form) {
  std::vector<uint32_t> cps;
  for (uint32_t c : codePoints(form))
    if (!isSpace(c)) cps.push_back(c);
  if (cps.size() <= 1) return true;
  size_t hangul = 0, upper = 0;
  for (uint32_t c : cps) {
    hangul += hangulSyllable(c);
    upper += (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '&' || c == '-';
  }
  bool isName = form == name;
  if (type == NodeType::Person) return isName ? hangul == cps.size() && cps.size() <= 1 : hangul > 0;
  if (isName) return false;
  if (hangul == cps.size() && hangul <= 2) return true;
  if (upper == cps.size() && cps.size() <= 5) return true;
  auto squeeze = [](std::string_view v) {
    std::string out;
    for (char c : v)
      if (c != ' ' && c != '\t') out.push_back(c);
    return out;
  };
  std::string f = squeeze(form), n = squeeze(name);
  return f.size() < n.size() && n.find(f) != std::string::npos;
}

// Is `gloss` (Han only) the gloss of the first word of a name of several words
// ("와이가오차오(外高橋) 보세구", "양산(洋山) 보세항구")? A Han character reads as one
// or two Hangul syllables, so a gloss of n characters stands for a word of n to
// 2n syllables: it is the first word's when that word fits and no Hangul form
// of the entity (its name, its aliases) fits whole. People and places excepted.
bool hanGlossOfFirstWord(NodeType type, std::string_view name,
                         const std::vector<std::string>& aliases, std::string_view gloss) {
  if (type == NodeType::Person || type == NodeType::Place) return false;
  size_t han = 0;
  for (uint32_t c : codePoints(gloss)) {
    bool isHan = (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
                 (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F);
    if (!isHan) return false;
    ++han;
  }
  if (han == 0) return false;
  bool firstWordFits = false;
  auto check = [&](std::string_view form) {  // false: the gloss may stand for the whole form
    std::vector<size_t> words{0};
    bool hangulOnly = true;
    for (uint32_t c : codePoints(form)) {
      if (isSpace(c)) {
        if (words.back()) words.push_back(0);
      } else if (hangulSyllable(c)) {
        ++words.back();
      } else {
        hangulOnly = false;
      }
    }
    if (!hangulOnly) return true;  // a form in another script says nothing here
    if (words.back() == 0) words.pop_back();
    size_t total = 0;
    for (size_t w : words) total += w;
    if (total >= han && total <= 2 * han) return false;
    if (words.size() > 1 && words[0] >= han && words[0] <= 2 * han) firstWordFits = true;
    return true;
  };
  if (!check(name)) return false;
  for (const auto& a : aliases)
    if (a != gloss && !check(a)) return false;
  return firstWordFits;
}

namespace {

// ISO codes a country word before a name gives ("한국 과학기술부", "中 과기부").
constexpr std::pair<std::string_view, std::string_view> kCountryWords[] = {
    {"한국", "KR"}, {"韓國", "KR"}, {"韩国", "KR"}, {"韓", "KR"}, {"대한민국", "KR"},
    {"중국", "CN"}, {"中國", "CN"}, {"中国", "CN"}, {"中", "CN"}, {"북한", "KP"},
    {"일본", "JP"}, {"日本", "JP"}, {"미국", "US"}, {"대만", "TW"}, {"臺灣", "TW"}};
constexpr std::string_view kCountries[] = {"CN", "JP", "KP", "KR", "TW", "US"};

// The country a name says it belongs to by its first word ("한국 과학기술부": KR); "" when none.
std::string_view countryWordOf(std::string_view name) {
  size_t sp = name.find(' ');
  if (sp == std::string_view::npos) return {};
  for (const auto& [word, code] : kCountryWords)
    if (name.substr(0, sp) == word) return code;
  return {};
}
// 1 + the index of an ISO code among the codes seen (kCountries first); 0 for "".
uint8_t countryIndex(std::string_view code) {
  if (code.empty()) return 0;
  for (size_t i = 0; i < std::size(kCountries); ++i)
    if (kCountries[i] == code) return static_cast<uint8_t>(i + 1);
  static const uint8_t kOther = static_cast<uint8_t>(std::size(kCountries) + 1);
  return kOther;  // another country: known, unlike all of the above
}

// Runs fn(i) for i in [0, n) on up to `threads` threads, in chunks.
template <class Fn>
void parallelFor(size_t n, unsigned threads, Fn fn) {
  constexpr size_t kChunk = 256;
  const size_t nThreads = std::min<size_t>(std::max(1u, threads), (n + kChunk - 1) / kChunk);
  std::atomic<size_t> next{0};
  auto worker = [&](size_t t) {
    for (size_t c0; (c0 = next.fetch_add(kChunk)) < n;)
      for (size_t i = c0; i < std::min(c0 + kChunk, n); ++i) fn(t, i);
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < nThreads; ++t) pool.emplace_back(worker, t);
  worker(0);
  for (auto& t : pool) t.join();
}

}  // namespace

struct GraphBuilder::Impl {
  const Lexicon* lexicon = nullptr;
  NameFolder folder;
  std::vector<DocumentNode> docs;
  StringPool forms, lexIds;
  std::vector<uint32_t> instanceForms;
  std::vector<uint8_t> instanceFormShort;  // beside instanceForms: a short form (merges in its document only)
  Chunked<Instance> instances;
  Chunked<Statement> statements;
  TextStore texts;
  StringPool rules;  // Statement::rule is an id here until build() renumbers it
};

GraphBuilder::GraphBuilder(const Lexicon* lexicon, TextStore texts) : impl_(std::make_unique<Impl>()) {
  impl_->lexicon = lexicon;
  impl_->texts = std::move(texts);
}
GraphBuilder::~GraphBuilder() = default;

size_t GraphBuilder::documentCount() const { return impl_->docs.size(); }

DocumentContribution contributionOf(const DocumentResult& doc, std::string_view sha256) {
  DocumentContribution c;
  DocumentNode& dn = c.document;
  dn.id = documentIdFor(doc.path);
  dn.path = doc.path;
  dn.title = doc.title;
  dn.date = doc.date;
  dn.encoding = doc.encoding;
  dn.sha256 = std::string(sha256);
  dn.bytes = doc.bytes;
  // What the document writes for each entity: its mentions' surfaces (white
  // space aside). A place's mention inside a longer mention of an Agency
  // ("상하이시" inside "상하이시 인민정부") is the government's name, not a use of
  // the place: such a form is no alias of the place unless it is written on
  // its own too.
  auto squeeze = [](std::string_view v) {
    std::string out;
    for (char ch : v)
      if (ch != ' ' && ch != '\t' && ch != '\n') out.push_back(ch);
    return out;
  };
  std::vector<std::set<std::string>> written(doc.entities.size()), nested(doc.entities.size());
  {
    auto isAgency = [&](const Mention& m) {
      return m.entity < doc.entities.size() && doc.entities[m.entity].type == NodeType::Agency;
    };
    // The extractor adds mentions by position: the agencies starting at or before a place are
    // then read in step with it, keeping the furthest end (issue 21: a list of every agency
    // mention, doubling as it grew, was half the document's size). Otherwise such a list:
    // agency mentions by start, with the furthest end among those starting at or before each.
    const bool byPosition =
        std::is_sorted(doc.mentions.begin(), doc.mentions.end(),
                       [](const Mention& a, const Mention& b) { return a.span.begin < b.span.begin; });
    std::vector<std::pair<uint32_t, uint32_t>> agencies;  // (begin, end)
    if (!byPosition) {
      for (const auto& m : doc.mentions)
        if (isAgency(m)) agencies.emplace_back(m.span.begin, m.span.end);
      std::sort(agencies.begin(), agencies.end());
      for (size_t k = 1; k < agencies.size(); ++k)
        agencies[k].second = std::max(agencies[k].second, agencies[k - 1].second);
    }
    auto ahead = doc.mentions.begin();  // byPosition: the first mention not yet read for agencies
    bool anyAgency = false;
    uint32_t reach = 0;  // byPosition: the furthest end of the agencies before `ahead`
    for (const auto& m : doc.mentions) {
      if (m.entity >= doc.entities.size()) continue;
      bool inside = false;
      if (doc.entities[m.entity].type == NodeType::Place) {
        if (byPosition) {
          for (; ahead != doc.mentions.end() && ahead->span.begin <= m.span.begin; ++ahead)
            if (isAgency(*ahead)) {
              reach = anyAgency ? std::max(reach, ahead->span.end) : ahead->span.end;
              anyAgency = true;
            }
          inside = anyAgency && reach >= m.span.end;
        } else {
          auto it = std::upper_bound(agencies.begin(), agencies.end(), std::pair(m.span.begin, UINT32_MAX));
          inside = it != agencies.begin() && std::prev(it)->second >= m.span.end;
        }
      }
      (inside ? nested : written)[m.entity].insert(squeeze(doc.surface(m)));
    }
  }
  c.entities.reserve(doc.entities.size());
  for (size_t i = 0; i < doc.entities.size(); ++i) {
    const Entity& e = doc.entities[i];
    ContributedEntity ce{e.type, e.name, {}, e.lexiconId, e.mentions};
    for (const auto& a : e.aliases) {
      std::string k = squeeze(a);
      if (nested[i].count(k) && !written[i].count(k)) continue;
      ce.aliases.push_back(a);
    }
    // Only a lexicon entity's name can be one the document never writes (the
    // extractor names it by the lexicon). Written inside a longer form counts
    // ("중서부" of "중서부 지역").
    ce.nameWritten = e.lexiconId.empty() || written[i].empty();
    std::string name = squeeze(e.name);
    for (const auto& w : written[i])
      ce.nameWritten = ce.nameWritten || w.find(name) != std::string::npos;
    c.entities.push_back(std::move(ce));
  }
  c.facts.reserve(doc.relations.size());
  for (const auto& r : doc.relations) {
    ContributedFact f;
    f.type = r.type;
    f.source = r.source;
    f.target = r.target;
    const Sentence& sent = doc.sentences.at(r.sentence);
    f.evidence.sentence = r.sentence;
    f.evidence.span = sent.span;
    f.evidence.original = doc.text.original(sent.span);
    f.evidence.text = std::string(doc.sentenceText(r.sentence));
    f.evidence.rule = r.rule;
    c.facts.push_back(std::move(f));
  }
  return c;
}

void GraphBuilder::add(const DocumentResult& doc, std::string_view sha256) { add(contributionOf(doc, sha256)); }

void GraphBuilder::add(DocumentContribution c) {
  auto& I = *impl_;
  uint32_t d = static_cast<uint32_t>(I.docs.size());
  for (auto& f : c.facts)
    if (f.source >= c.entities.size() || f.target >= c.entities.size())
      throw FormatError(c.document.path + ": a relation names an entity the document does not have");
  c.document.mentions.clear();
  I.docs.push_back(std::move(c.document));
  uint32_t base = static_cast<uint32_t>(I.instances.size());
  // A Hanja gloss of only a part of the name: the lexicon knows it
  // as another thing whose Korean name is inside this one ("쑤저우공업원구(蘇州)",
  // "저장(浙江)성 인민정부"). It is that part's alias, not the whole's.
  // The name and the entity's other Hangul forms are searched ("톈진 빈하이신구"
  // holds 톈진, whose gloss 天津 is no alias of 빈하이신구).
  auto glossOfPart = [&](const ContributedEntity& e, const std::string& name, const std::string& alias) {
    if (!I.lexicon || hasHangul(alias) || !hasHan(alias)) return false;
    std::vector<std::string> wholes;
    for (const std::string* form : {&name, &e.name}) {
      std::string w;
      for (char ch : *form)
        if (ch != ' ') w.push_back(ch);
      wholes.push_back(std::move(w));
    }
    for (const auto& a : e.aliases) {
      if (!hasHangul(a)) continue;
      std::string w;
      for (char ch : a)
        if (ch != ' ') w.push_back(ch);
      wholes.push_back(std::move(w));
    }
    for (uint32_t h : I.lexicon->lookup(alias)) {
      const LexiconEntry& x = I.lexicon->entry(h);
      auto inside = [&](const std::string& part) {
        if (!hasHangul(part) || part.size() < 6) return false;  // two syllables or more
        for (const auto& whole : wholes)
          if (part.size() < whole.size() && whole.find(part) != std::string::npos) return true;
        return false;
      };
      if (inside(x.canonical)) return true;
      for (const auto& a : x.aliases)
        if (a.find(' ') == std::string::npos && inside(a)) return true;
    }
    return false;
  };
  // "일본(JICA)": an acronym after a country's name is an organisation's, not the country's.
  auto latinAcronym = [](const std::string& alias) {
    if (alias.empty() || alias.size() > 6) return false;
    for (char ch : alias)
      if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '&')) return false;
    return true;
  };
  // A form one document gives to an Agency and to a Place is the government's
  // ("대련시는 … 공포했다" beside the Place 대련): the Place keeps its other forms.
  std::set<std::string> agencyForms;
  auto squeezed = [](const std::string& v) {
    std::string out;
    for (char ch : v)
      if (ch != ' ' && ch != '\t' && ch != '\n') out.push_back(ch);
    return out;
  };
  for (const auto& e : c.entities)
    if (e.type == NodeType::Agency) {
      agencyForms.insert(squeezed(cleanNameForm(e.name)));
      for (const auto& a : e.aliases) agencyForms.insert(squeezed(cleanNameForm(a)));
    }
  for (auto& e : c.entities) {
    Instance in;
    in.type = e.type;
    in.nameWritten = e.nameWritten;
    // Names as names: no leading "그중", no stray quote mark; a person's lone
    // surname ("이 장관은": 이, also "this") is no alias.
    std::string name = cleanNameForm(e.name);
    if (name.empty()) name = e.name;
    const LexiconEntry* entry = nullptr;
    if (I.lexicon && !e.lexiconId.empty())
      if (auto x = I.lexicon->findId(e.lexiconId)) entry = &I.lexicon->entry(*x);
    auto recorded = [&](const std::string& form) {
      if (!entry) return false;
      for (uint32_t h : I.lexicon->lookup(form))
        if (I.lexicon->entry(h).id == entry->id) return true;
      return false;
    };
    std::vector<std::string> aliases;
    for (const auto& a0 : e.aliases) {
      std::string a = cleanNameForm(a0);
      if (a.empty() || a == name || std::find(aliases.begin(), aliases.end(), a) != aliases.end()) continue;
      if (e.type == NodeType::Person && shortNameForm(e.type, a, a)) continue;
      if (!recorded(a) && (glossOfPart(e, name, a) || (e.type == NodeType::Place && latinAcronym(a)))) continue;
      if (hanGlossOfFirstWord(e.type, e.name, e.aliases, a)) continue;
      aliases.push_back(std::move(a));
    }
    if (e.type == NodeType::Place && !agencyForms.empty()) {
      size_t written = aliases.size() + (e.nameWritten ? 1 : 0);
      for (size_t i = aliases.size(); i-- > 0;)
        if (written > 1 && agencyForms.count(squeezed(aliases[i]))) {
          aliases.erase(aliases.begin() + static_cast<std::ptrdiff_t>(i));
          --written;
        }
    }
    in.name = I.forms.intern(name);
    in.formsBegin = static_cast<uint32_t>(I.instanceForms.size());
    in.formsCount = static_cast<uint32_t>(1 + aliases.size());
    I.instanceForms.push_back(in.name);
    I.instanceFormShort.push_back(shortNameForm(e.type, name, name) && !recorded(name));
    for (const auto& a : aliases) {
      I.instanceForms.push_back(I.forms.intern(a));
      I.instanceFormShort.push_back(shortNameForm(e.type, name, a) && !recorded(a));
    }
    in.lexiconId = e.lexiconId.empty() ? 0 : I.lexIds.intern(e.lexiconId);
    in.country = countryIndex(entry && !entry->country.empty() ? entry->country : countryWordOf(name));
    in.mentions = e.mentions;
    in.doc = d;
    I.instances.push_back(in);
  }
  // Each sentence's text is stored once, however many facts it gives.
  std::unordered_map<uint32_t, uint32_t> textOf;  // sentence -> text id
  for (auto& f : c.facts) {
    Statement s;
    s.type = f.type;
    s.source = base + f.source;
    s.target = base + f.target;
    s.doc = d;
    s.sentence = f.evidence.sentence;
    s.span = f.evidence.span;
    s.original = f.evidence.original;
    uint32_t rule = I.rules.intern(f.evidence.rule);
    if (rule > UINT16_MAX) throw FormatError(c.document.path + ": more than 65535 distinct rule names");
    s.rule = static_cast<uint16_t>(rule);
    auto [it, fresh] = textOf.try_emplace(f.evidence.sentence, 0);
    if (fresh) it->second = I.texts.add(f.evidence.text);
    s.text = it->second;
    I.statements.push_back(std::move(s));
  }
}

// A government's form without its government word ("상하이시 인민정부" ->
// "상하이시", "제주도청" -> "제주도"), or the form itself when it is a division's
// name ("상하이시", "경기도", "上海市"): the name of the place it governs; ""
// when the form names no division.
std::string governedPlaceName(std::string_view form) {
  std::string s(form);
  for (std::string_view w : {"인민정부", "정부", "人民政府", "政府", "청"}) {
    if (s.size() > w.size() && s.compare(s.size() - w.size(), w.size(), w) == 0) {
      s = trimmed(s.substr(0, s.size() - w.size()));
      break;
    }
  }
  size_t letters = 0;  // three or more, white space aside ("각 성 정부" names no place)
  for (uint32_t c : codePoints(s)) letters += !isSpace(c);
  if (letters < 3) return {};
  for (std::string_view d :
       {"시", "도", "성", "구", "군", "현", "市", "省", "区", "區", "县", "縣"})
    if (s.size() > d.size() && s.compare(s.size() - d.size(), d.size(), d) == 0) return s;
  return {};
}

namespace {

// Each Agency that is a city's or province's government gets the id of its
// Place node, when the graph has exactly one Place of that name (of the same
// country where both are known): through the graph's own forms, else through
// the lexicon's places.
void linkJurisdictions(Graph& g, const Lexicon* lexicon, const NameFolder& folder) {
  std::unordered_map<std::string, std::vector<uint32_t>> placesByKey;
  for (uint32_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    if (n.type != NodeType::Place) continue;
    placesByKey[folder.key(n.name)].push_back(i);
    for (const auto& a : n.aliases) placesByKey[folder.key(a)].push_back(i);
  }
  for (auto& [key, v] : placesByKey) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
  for (Node& n : g.nodes) {
    if (n.type != NodeType::Agency) continue;
    std::vector<std::string> forms{n.name};
    forms.insert(forms.end(), n.aliases.begin(), n.aliases.end());
    const LexiconEntry* entry = nullptr;
    if (lexicon && n.id.size() > 7)
      if (auto e =
              lexicon->findId(std::string_view(n.id).substr(7))) {  // "agency:" + the lexicon id
        entry = &lexicon->entry(*e);
        forms.push_back(entry->canonical);
        forms.insert(forms.end(), entry->aliases.begin(), entry->aliases.end());
        if (!entry->hanzi.empty()) forms.push_back(entry->hanzi);
      }
    std::set<uint32_t> found;
    auto fits = [&](const Node& place) {
      return n.country.empty() || place.country.empty() || n.country == place.country;
    };
    for (const auto& f : forms) {
      std::string place = governedPlaceName(f);
      if (place.empty()) continue;
      auto it = placesByKey.find(folder.key(place));
      if (it != placesByKey.end())
        for (uint32_t p : it->second)
          if (fits(g.nodes[p])) found.insert(p);
      if (lexicon)
        for (uint32_t h : lexicon->lookup(place)) {
          const LexiconEntry& x = lexicon->entry(h);
          if (x.type != NodeType::Place) continue;
          if (auto p = g.findNode("place:" + x.id); p && fits(g.nodes[*p])) found.insert(*p);
        }
    }
    if (found.size() == 1) n.jurisdiction = g.nodes[*found.begin()].id;
  }
}

}  // namespace

Graph GraphBuilder::build(unsigned threads) {
  auto& I = *impl_;
  Graph g;
  // Rules numbered in name order (add order varies with threads), so that
  // sorting evidence by rule number sorts it by name.
  {
    std::vector<uint32_t> byName(I.rules.size());
    std::iota(byName.begin(), byName.end(), 0u);
    std::sort(byName.begin(), byName.end(), [&](uint32_t a, uint32_t b) { return I.rules.at(a) < I.rules.at(b); });
    std::vector<uint32_t> number(byName.size());
    for (uint32_t i = 0; i < byName.size(); ++i) {
      number[byName[i]] = i;
      g.rules.push_back(I.rules.at(byName[i]));
    }
    for (size_t i = 0; i < I.statements.size(); ++i)
      I.statements[i].rule = static_cast<uint16_t>(number[I.statements[i].rule]);
  }
  auto formsOf = [&](const Instance& in) {
    return std::pair(I.instanceForms.begin() + in.formsBegin, I.instanceForms.begin() + in.formsBegin + in.formsCount);
  };

  // Documents in path order; instances follow their document's rank so the
  // union order, and with it every tie-break, is independent of add() order.
  std::vector<uint32_t> docOrder(I.docs.size());
  std::iota(docOrder.begin(), docOrder.end(), 0u);
  std::sort(docOrder.begin(), docOrder.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(I.docs[a].path, I.docs[a].sha256) < std::tie(I.docs[b].path, I.docs[b].sha256);
  });
  std::vector<uint32_t> docRank(I.docs.size());
  for (uint32_t r = 0; r < docOrder.size(); ++r) docRank[docOrder[r]] = r;
  std::vector<uint32_t> order(I.instances.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return docRank[I.instances[a].doc] < docRank[I.instances[b].doc]; });

  // Each distinct form is folded once (side by side), each key numbered by
  // its byte order so groups are visited in (type, key) order.
  std::vector<std::string> formKey(I.forms.size());
  parallelFor(formKey.size(), threads, [&](size_t, size_t f) { formKey[f] = I.folder.key(I.forms.at(f)); });
  std::vector<uint32_t> byKeyText(formKey.size());
  std::iota(byKeyText.begin(), byKeyText.end(), 0u);
  std::sort(byKeyText.begin(), byKeyText.end(), [&](uint32_t a, uint32_t b) { return formKey[a] < formKey[b]; });
  std::vector<uint32_t> keyOf(formKey.size());  // form -> key number (equal keys, equal numbers); 0: empty key
  {
    uint32_t k = 0;
    for (size_t i = 0; i < byKeyText.size(); ++i) {
      if (i > 0 && formKey[byKeyText[i]] != formKey[byKeyText[i - 1]]) ++k;
      keyOf[byKeyText[i]] = k;
    }
    // the empty key, when present, sorts first and is number 0; make sure 0 means empty
    if (!byKeyText.empty() && !formKey[byKeyText[0]].empty())
      for (auto& x : keyOf) ++x;
  }
  std::vector<uint32_t> keyForm(formKey.size() + 1, 0);  // key number -> one form with that key
  for (uint32_t f = 0; f < keyOf.size(); ++f) keyForm[keyOf[f]] = f;
  auto keyText = [&](uint32_t k) -> const std::string& { return formKey[keyForm[k]]; };

  std::set<std::string> lexAmbiguous;
  if (I.lexicon)
    for (const auto& k : I.lexicon->ambiguousKeys()) lexAmbiguous.insert(k);
  // A member of a merge group: the instances of one type sharing a key. A
  // full name's scope is 0 (all documents); a short form's is its document
  // (rank + 1): it resolves only to the entity its own document introduced.
  struct Member {
    uint32_t type, key, scope, rank;
    bool operator<(const Member& o) const {
      return std::tie(type, key, scope, rank) < std::tie(o.type, o.key, o.scope, o.rank);
    }
    bool operator==(const Member& o) const {
      return type == o.type && key == o.key && scope == o.scope && rank == o.rank;
    }
  };
  std::vector<Member> byKey, byName;
  byKey.reserve(I.instanceForms.size());
  byName.reserve(order.size());
  for (uint32_t r = 0; r < order.size(); ++r) {
    const Instance& in = I.instances[order[r]];
    auto type = static_cast<uint32_t>(in.type);
    uint32_t docScope = docRank[in.doc] + 1;
    bool nameShort = I.instanceFormShort[in.formsBegin];
    if (uint32_t k = keyOf[in.name]) byName.push_back({type, k, nameShort ? docScope : 0, r});
    // Every form in its document's scope (where short forms meet the names
    // they stand for), full names in the corpus scope too.
    for (uint32_t f = in.formsBegin; f < in.formsBegin + in.formsCount; ++f)
      if (uint32_t k = keyOf[I.instanceForms[f]]) {
        byKey.push_back({type, k, docScope, r});
        if (!I.instanceFormShort[f]) byKey.push_back({type, k, 0, r});
      }
  }
  std::sort(byKey.begin(), byKey.end());
  byKey.erase(std::unique(byKey.begin(), byKey.end()), byKey.end());
  std::sort(byName.begin(), byName.end());
  auto forGroups = [](const std::vector<Member>& v, auto fn) {
    for (size_t i = 0, j; i < v.size(); i = j) {
      for (j = i + 1; j < v.size() && v[j].type == v[i].type && v[j].key == v[i].key && v[j].scope == v[i].scope;
           ++j) {
      }
      fn(v[i].key, v.begin() + i, v.begin() + j);
    }
  };

  UnionFind uf(order.size());
  for (uint32_t r = 0; r < order.size(); ++r) {
    uf.lexId[r] = I.instances[order[r]].lexiconId;
    uf.country[r] = I.instances[order[r]].country;
  }
  // People: the bodies each one leads in its document (their lexicon ids, else
  // their name keys); two people of one full name who lead different bodies
  // stay two people.
  {
    std::vector<uint32_t> rankOf(I.instances.size());
    for (uint32_t r = 0; r < order.size(); ++r) rankOf[order[r]] = r;
    for (size_t i = 0; i < I.statements.size(); ++i) {
      const Statement& st = I.statements[i];
      if (st.type != EdgeType::Leads || I.instances[st.source].type != NodeType::Person) continue;
      const Instance& body = I.instances[st.target];
      uint32_t bodyKey = body.lexiconId ? body.lexiconId : static_cast<uint32_t>(I.lexIds.size()) + keyOf[body.name];
      if (uf.leads.empty()) uf.leads.resize(order.size());
      auto& v = uf.leads[rankOf[st.source]];
      if (std::find(v.begin(), v.end(), bodyKey) == v.end()) v.insert(std::upper_bound(v.begin(), v.end(), bodyKey), bodyKey);
    }
  }
  auto describe = [&](uint32_t r) {
    const Instance& in = I.instances[order[r]];
    std::string what = std::string(toString(in.type)) + " " +
                       (in.lexiconId ? I.lexIds.at(in.lexiconId) : I.forms.at(in.name));
    if (in.country && in.country <= std::size(kCountries) && !in.lexiconId)
      what += " (" + std::string(kCountries[in.country - 1]) + ")";
    return what;
  };
  // Clashes: a key -> the things it names -> the documents naming each so.
  std::map<std::string, std::map<std::string, std::set<uint32_t>>> clashes;  // documents by rank (path order)
  auto clash = [&](const std::string& key, uint32_t r) {
    clashes[key][describe(r)].insert(docRank[I.instances[order[r]].doc]);
  };
  forGroups(byKey, [&](uint32_t k, auto b, auto e) {
    const std::string& key = keyText(k);
    std::set<uint32_t> ids;
    for (auto m = b; m != e; ++m)
      if (uint32_t id = I.instances[order[m->rank]].lexiconId) ids.insert(id);
    bool ambiguous = ids.size() > 1 || lexAmbiguous.count(key);
    if (ambiguous) {
      // Only instances whose own canonical name is this key may still merge
      // with each other; a bare short form links nothing.
      std::set<std::string> seen;
      for (auto m = b; m != e; ++m) seen.insert(describe(m->rank));
      if (seen.size() > 1)
        for (auto m = b; m != e; ++m) clash(key, m->rank);
      return;
    }
    for (auto m = b + 1; m < e; ++m)
      if (!uf.unite(b->rank, m->rank)) clash(key, b->rank), clash(key, m->rank);
  });
  // Identical canonical names of one type always merge (unless the lexicon,
  // their countries or a person's posts split them): per (type, name key), in
  // rank order, each instance joins the first component it can; those kept
  // apart start the next one.
  forGroups(byName, [&](uint32_t k, auto b, auto e) {
    std::vector<uint32_t> rest, left;
    for (auto m = b; m != e; ++m) rest.push_back(m->rank);
    while (rest.size() > 1) {
      left.clear();
      for (size_t i = 1; i < rest.size(); ++i)
        if (!uf.unite(rest[0], rest[i])) left.push_back(rest[i]);
      if (!left.empty()) {
        clash(keyText(k), rest[0]);
        for (uint32_t x : left) clash(keyText(k), x);
      }
      rest.swap(left);
    }
  });
  // One government, one Agency: the Agencies that name the government of one
  // place ("상하이시" acting, "상하이시 인민정부", "상하이시정부") merge, unless
  // their lexicon entries or countries differ. The place is the lexicon's
  // Place entry of that name when there is exactly one, else the name itself.
  {
    std::map<std::string, uint32_t>
        governmentOf;  // the place's key -> the first rank naming its government
    for (uint32_t r = 0; r < order.size(); ++r) {
      const Instance& in = I.instances[order[r]];
      if (in.type != NodeType::Agency) continue;
      std::set<std::string> keys;
      auto [b, e] = formsOf(in);
      for (auto it = b; it != e; ++it) {
        std::string place = governedPlaceName(I.forms.at(*it));
        if (place.empty()) continue;
        std::set<std::string> ids;
        if (I.lexicon)
          for (uint32_t h : I.lexicon->lookup(place))
            if (I.lexicon->entry(h).type == NodeType::Place) ids.insert(I.lexicon->entry(h).id);
        keys.insert(ids.size() == 1 ? "id:" + *ids.begin() : "name:" + I.folder.key(place));
      }
      if (keys.size() != 1) continue;  // no government, or of two places
      auto [it, fresh] = governmentOf.try_emplace(*keys.begin(), r);
      if (!fresh) uf.unite(it->second, r);
    }
  }
  // One full name, several types ("경기도": the province's government and the
  // place): separate nodes, listed as clashes too.
  {
    std::vector<Member> full;
    for (const Member& m : byKey)
      if (m.scope == 0) full.push_back({0, m.key, m.type, m.rank});  // type in the scope slot
    std::sort(full.begin(), full.end());
    for (size_t i = 0, j; i < full.size(); i = j) {
      for (j = i + 1; j < full.size() && full[j].key == full[i].key; ++j) {
      }
      if (full[i].scope == full[j - 1].scope) continue;  // one type
      for (size_t x = i; x < j; ++x) clash(keyText(full[x].key), full[x].rank);
    }
  }
  std::vector<Member>().swap(byKey);
  std::vector<Member>().swap(byName);
  std::vector<std::string>().swap(formKey);
  std::vector<uint32_t>().swap(byKeyText);
  std::vector<uint32_t>().swap(keyOf);
  std::vector<uint32_t>().swap(keyForm);

  // Components -> nodes, in the order of their roots (each root is its
  // component's first rank); ranks ascending within each.
  std::vector<uint32_t> compOf(order.size());
  std::vector<std::vector<uint32_t>> comps;
  for (uint32_t r = 0; r < order.size(); ++r) {
    uint32_t root = uf.find(r);
    if (root == r) {
      compOf[r] = static_cast<uint32_t>(comps.size());
      comps.emplace_back();
    }
    comps[compOf[root]].push_back(r);
  }
  std::vector<uint32_t>().swap(compOf);
  uf = UnionFind(0);
  std::vector<uint32_t> compOfInstance(I.instances.size());
  for (uint32_t c = 0; c < comps.size(); ++c)
    for (uint32_t r : comps[c]) compOfInstance[order[r]] = c;

  // Edges and the documents' mentions do not need the nodes' ids: they are
  // gathered between components (on their own thread while the nodes are
  // drafted), then renumbered once the node order is known.
  // Edges are deduplicated on (source, type, target), cooperatesWith
  // undirected: statements sorted by that key (then by their order), grouped
  // in one pass.
  std::vector<std::vector<uint32_t>> docMentions(I.docs.size());  // components, then nodes
  auto gatherEdges = [&] {
    struct Keyed {
      uint32_t a, b;
      int type;
      uint32_t statement;
    };
    std::vector<Keyed> keyed;
    keyed.reserve(I.statements.size());
    for (uint32_t i = 0; i < I.statements.size(); ++i) {
      const auto& st = I.statements[i];
      uint32_t a = compOfInstance[st.source], b = compOfInstance[st.target];
      if (a == b) continue;
      if (isSymmetric(st.type) && b < a) std::swap(a, b);
      keyed.push_back({a, b, static_cast<int>(st.type), i});
    }
    std::sort(keyed.begin(), keyed.end(), [](const Keyed& x, const Keyed& y) {
      return std::tie(x.a, x.type, x.b, x.statement) < std::tie(y.a, y.type, y.b, y.statement);
    });
    auto sameEdge = [&](size_t x, size_t y) {
      return keyed[x].a == keyed[y].a && keyed[x].type == keyed[y].type && keyed[x].b == keyed[y].b;
    };
    size_t edgeCount = 0;
    for (size_t i = 0; i < keyed.size(); ++i) edgeCount += i == 0 || !sameEdge(i, i - 1);
    g.edges.reserve(edgeCount);  // exactly: no slack, no copy while growing
    std::vector<Evidence> ev;    // scratch; each edge gets an exact copy
    for (size_t i = 0; i < keyed.size();) {
      size_t j = i;
      ev.clear();
      Edge e;
      for (; j < keyed.size() && sameEdge(i, j); ++j) {
        const Statement& st = I.statements[keyed[j].statement];
        const DocumentNode& doc = I.docs[st.doc];
        if (!doc.date.empty()) {
          uint32_t date = packDate(doc.date);
          if (date && (!e.firstSeen || date < e.firstSeen)) e.firstSeen = date;
          if (date > e.lastSeen) e.lastSeen = date;
        }
        ev.push_back(st.evidence(docRank[st.doc]));
      }
      std::sort(ev.begin(), ev.end(), [](const Evidence& x, const Evidence& y) {
        return std::tie(x.document, x.sentence, x.rule) < std::tie(y.document, y.sentence, y.rule);
      });
      // One statement per sentence: several rules on one sentence are one piece of evidence.
      ev.erase(std::unique(ev.begin(), ev.end(),
                           [](const Evidence& x, const Evidence& y) {
                             return x.document == y.document && x.sentence == y.sentence;
                           }),
               ev.end());
      e.source = keyed[i].a;
      e.type = static_cast<EdgeType>(keyed[i].type);
      e.target = keyed[i].b;
      e.evidence.assign(ev.begin(), ev.end());
      g.edges.push_back(std::move(e));
      i = j;
    }
  };

  std::vector<Node> drafts(comps.size());
  auto idFor = [](NodeType type, std::string_view slug) { return lower(toString(type)) + ":" + std::string(slug); };
  // Each component's node (names, aliases, documents) is independent of the
  // others: drafted side by side into fixed slots.
  auto draft = [&](size_t c) {
    const std::vector<uint32_t>& ranks = comps[c];
    Node& node = drafts[c];
    const Instance& first = I.instances[order[ranks[0]]];
    node.type = first.type;
    uint32_t lexId = 0;
    // The names a document writes: (documents, first rank); the lexicon's
    // canonical name where no document writes it names nothing (issue 18).
    std::map<std::string_view, std::pair<int, uint32_t>> nameVotes, unwrittenVotes;
    std::set<std::string_view> forms, unwritten;
    std::vector<uint32_t> docIds;
    for (uint32_t r : ranks) {
      const Instance& in = I.instances[order[r]];
      if (in.lexiconId) lexId = in.lexiconId;
      auto [b, e] = formsOf(in);
      // The document's own name: its name when written, else its fullest written alias (Hangul
      // first).
      std::string_view own = I.forms.at(in.name);
      bool written = in.nameWritten;
      if (!written) {
        std::tuple<bool, size_t> bestScore{false, 0};
        for (auto it = b + 1; it != e; ++it) {
          std::string_view f = I.forms.at(*it);
          bool hangul = false;
          for (uint32_t cp : codePoints(f)) hangul = hangul || hangulSyllable(cp);
          std::tuple<bool, size_t> score{hangul, codePoints(f).size()};
          if (!written || score > bestScore) bestScore = score, own = f, written = true;
        }
      }
      auto& v = (written ? nameVotes : unwrittenVotes).try_emplace(own, 0, r).first->second;
      ++v.first;
      for (auto it = b; it != e; ++it)
        (it == b && !in.nameWritten ? unwritten : forms).insert(I.forms.at(*it));
      docIds.push_back(docRank[in.doc]);
      node.mentions += in.mentions;
    }
    if (forms.empty()) {  // no document writes any of its forms (hand-made results): the names as
                          // given
      forms = unwritten;
      nameVotes = unwrittenVotes;
    }
    auto squeeze = [](std::string_view v) {
      std::string out;
      for (char ch : v)
        if (ch != ' ' && ch != '\t') out.push_back(ch);
      return out;
    };
    if (lexId && I.lexicon)
      if (auto h = I.lexicon->findId(I.lexIds.at(lexId))) {
        const std::string& canonical = I.lexicon->entry(*h).canonical;
        // Written as it is, or inside a longer form ("다롄" of "다롄시").
        for (const auto& f : forms)
          if (squeeze(f).find(squeeze(canonical)) != std::string::npos) node.name = canonical;
      }
    if (node.name.empty()) {
      // Hangul first, then most documents, then longest, then byte order:
      // independent of input order.
      std::string_view best;
      std::tuple<bool, int, size_t> bestScore{false, -1, 0};
      for (const auto& [name, vote] : nameVotes) {
        bool hangul = false;
        for (uint32_t cp : codePoints(name)) hangul = hangul || hangulSyllable(cp);
        std::tuple<bool, int, size_t> score{hangul, vote.first, name.size()};
        if (score > bestScore) bestScore = score, best = name;
      }
      node.name = std::string(best);
    }
    if (node.name.empty()) {
      // No document's own name for it is written: the fullest form written,
      // Hangul first ("제주" where the lexicon says 제주특별자치도).
      std::tuple<bool, size_t> bestScore{false, 0};
      for (const auto& f : forms) {
        bool hangul = false;
        for (uint32_t cp : codePoints(f)) hangul = hangul || hangulSyllable(cp);
        std::tuple<bool, size_t> score{hangul, codePoints(squeeze(f)).size()};
        if (node.name.empty() || score > bestScore) bestScore = score, node.name = std::string(f);
      }
    }
    for (const auto& f : forms)
      if (f != node.name) node.aliases.emplace_back(f);
    std::sort(docIds.begin(), docIds.end());
    docIds.erase(std::unique(docIds.begin(), docIds.end()), docIds.end());
    node.documents = std::move(docIds);
    if (lexId) node.id = idFor(node.type, I.lexIds.at(lexId));
    if (lexId && I.lexicon)
      if (auto e = I.lexicon->findId(I.lexIds.at(lexId)))
        node.country = I.lexicon->entry(*e).country;
  };
  // Entities the lexicon does not know get their romanised name as id.
  auto slug = [&](Node& node) {
    if (!node.id.empty()) return;
    std::string slug = I.folder.romanize(node.name);
    if (slug.empty()) slug = "x" + sha256Hex(node.name).substr(0, 12);
    node.id = idFor(node.type, slug);
  };
  {
    parallelFor(comps.size(), threads, [&](size_t, size_t c) { draft(c); });
    for (uint32_t i = 0; i < I.instances.size(); ++i) docMentions[I.instances[i].doc].push_back(compOfInstance[i]);
    // The instances are all in the drafts and the mentions now: freed before
    // the edges are made, the largest allocation of a build.
    std::vector<std::vector<uint32_t>>().swap(comps);
    std::vector<uint32_t>().swap(order);
    I.instances.release();
    std::vector<uint32_t>().swap(I.instanceForms);
    // Romanisation on one thread: ICU's rule-based transliterators share one
    // global lock, so more threads only wait on it; the edges run beside it.
    std::thread edgeThread;
    if (threads > 1) edgeThread = std::thread(gatherEdges);
    for (auto& node : drafts) slug(node);
    if (edgeThread.joinable()) edgeThread.join();
    else gatherEdges();
  }
  std::vector<uint32_t>().swap(compOfInstance);
  I.statements.release();
  // Distinct entities whose ids collide get -2, -3 ... in component order.
  std::unordered_map<std::string, int> idCount;
  for (auto& node : drafts) {
    int n = ++idCount[node.id];
    if (n > 1) node.id += "-" + std::to_string(n);
  }
  std::vector<uint32_t> draftOrder(drafts.size());
  std::iota(draftOrder.begin(), draftOrder.end(), 0u);
  std::sort(draftOrder.begin(), draftOrder.end(),
            [&](uint32_t a, uint32_t b) { return drafts[a].id < drafts[b].id; });
  std::vector<uint32_t> nodeOfComp(drafts.size());
  g.nodes.reserve(drafts.size());
  for (uint32_t i = 0; i < draftOrder.size(); ++i) {
    nodeOfComp[draftOrder[i]] = i;
    g.nodes.push_back(std::move(drafts[draftOrder[i]]));
  }
  std::vector<Node>().swap(drafts);
  linkJurisdictions(g, I.lexicon, I.folder);

  // Documents, with the nodes they mention.
  for (uint32_t d : docOrder) {
    DocumentNode dn = std::move(I.docs[d]);
    auto& m = docMentions[d];
    for (auto& x : m) x = nodeOfComp[x];
    std::sort(m.begin(), m.end());
    m.erase(std::unique(m.begin(), m.end()), m.end());
    dn.mentions = std::move(m);
    g.documents.push_back(std::move(dn));
  }
  // Edges between nodes: cooperatesWith from the smaller node index.
  for (auto& e : g.edges) {
    e.source = nodeOfComp[e.source];
    e.target = nodeOfComp[e.target];
    if (isSymmetric(e.type) && e.target < e.source) std::swap(e.source, e.target);
  }
  std::sort(g.edges.begin(), g.edges.end(), [&](const Edge& x, const Edge& y) {
    return std::make_tuple(x.source, static_cast<int>(x.type), x.target) <
           std::make_tuple(y.source, static_cast<int>(y.type), y.target);
  });
  // "과학기술부: Agency kr-most-1998 in b.txt; Agency most-china in a.txt, c.txt"
  for (const auto& [key, things] : clashes) {
    if (things.size() < 2) continue;
    std::string line = key + ":";
    const char* sep = " ";
    for (const auto& [what, paths] : things) {
      line += sep + what;
      sep = "; ";
      if (paths.empty()) continue;
      line += " in ";
      size_t n = 0;
      for (uint32_t d : paths) {
        if (n == 3) {
          line += " and " + std::to_string(paths.size() - 3) + " more";
          break;
        }
        line += (n++ ? ", " : "") + g.documents[d].path;
      }
    }
    g.clashes.push_back(std::move(line));
  }
  g.texts = std::move(I.texts);
  const Lexicon* lexicon = I.lexicon;
  impl_ = std::make_unique<Impl>();
  impl_->lexicon = lexicon;
#if defined(__GLIBC__)
  // The builder's memory, freed above, lies in holes between the graph's
  // allocations, where glibc keeps it; give those pages back, so that what a
  // build holds after this is the graph (halves the RSS of a 100k build).
  malloc_trim(0);
#endif
  return g;
}

}  // namespace kg
