#include "kg/extractor.h"

#include <fmt/format.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

#include <filesystem>

#include "detail/aliases.h"
#include "detail/metadata.h"
#include "detail/relation_rules.h"
#include "detail/rules.h"
#include "detail/sentence_basics.h"
#include "detail/table_rows.h"
#include "kg/document_file.h"
#include "kg/error.h"
#include "kg/names.h"

namespace kg {

using namespace detail;

namespace {

// ---------------------------------------------------------------- helpers

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool endsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

// Code point at byte i (and its length).
UChar32 cpAt(std::string_view s, size_t i, int32_t* len = nullptr) {
  int32_t j = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(s.data(), j, static_cast<int32_t>(s.size()), c);
  if (len) *len = j - static_cast<int32_t>(i);
  return c;
}
UChar32 cpBefore(std::string_view s, size_t i) {
  if (i == 0) return -1;
  int32_t j = static_cast<int32_t>(i);
  UChar32 c;
  U8_PREV(s.data(), 0, j, c);
  return c;
}
bool isHangulSyllable(UChar32 c) { return c >= 0xAC00 && c <= 0xD7A3; }

bool countryAbbreviation(UChar32 c);
bool countryAbbreviationAround(std::string_view s, size_t i, size_t len) {
  if (i == 0 || i + len >= s.size()) return false;
  size_t prev = i;
  do --prev; while (prev > 0 && (static_cast<unsigned char>(s[prev]) & 0xC0) == 0x80);
  if (!countryAbbreviation(cpAt(s, prev)) || !countryAbbreviation(cpAt(s, i + len))) return false;
  if (prev > 0) {  // the first is a word of its own or follows another dot ("한·중·일")
    UChar32 before = cpBefore(s, prev);
    if (isHangulSyllable(before) || (before < 0x80 && std::isalnum(static_cast<int>(before)))) return false;
  }
  return true;
}

size_t syllables(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    int32_t len;
    UChar32 c = cpAt(s, i, &len);
    if (isHangulSyllable(c)) ++n;
    else if (c < 0x80 && std::isalnum(c)) ++n;
    i += std::max(len, 1);
  }
  return n;
}
bool allHangul(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    int32_t len;
    if (!isHangulSyllable(cpAt(s, i, &len))) return false;
    i += len;
  }
  return !s.empty();
}

// One-syllable abbreviations of countries that the press joins with a middle
// dot or a hyphen: 한·중, 중·한, 韓·中, 한·중·일.
bool countryAbbreviation(UChar32 c) {
  switch (c) {
    case U'한': case U'중': case U'일': case U'미': case U'러': case U'북': case U'독': case U'영': case U'불':
    case U'韓': case U'中': case U'日': case U'美':
      return true;
    default:
      return false;
  }
}

// Does the dot of `len` bytes at s[i] stand between two such abbreviations, the
// first one a word of its own ("한·중", not "산업·한중")?
bool countryAbbreviationAround(std::string_view s, size_t i, size_t len);

// Separators between words: white space, punctuation, quotes, brackets.
// Positions outside the text (its end, or size_t(-1) just before its start)
// count as a separator, so word-boundary tests at the edges are safe.
size_t sepLength(std::string_view s, size_t i) {
  if (i >= s.size()) return 1;
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    if (c == '-' || c == '_' || std::isalnum(c)) return 0;
    if (c == '&' && i > 0 && i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i - 1])) &&
        std::isalpha(static_cast<unsigned char>(s[i + 1])))
      return 0;  // R&D, M&A
    return 1;
  }
  int32_t len;
  UChar32 cp = cpAt(s, i, &len);
  // "한·중", "중·한", "한·중·일": a middle dot between one-syllable country
  // abbreviations joins them into one word (a name's "한·중 과학기술공동위원회").
  if ((cp == 0xB7 || cp == 0x30FB) && countryAbbreviationAround(s, i, static_cast<size_t>(len))) return 0;
  switch (cp) {
    case 0xB7: case 0x30FB: case 0x3001: case 0x2018: case 0x2019: case 0x201C: case 0x201D:
    case 0x300C: case 0x300D: case 0x300E: case 0x300F: case 0x300A: case 0x300B: case 0x3008:
    case 0x3009: case 0x2026: case 0x2219: case 0x2022: case 0x2192: case 0x2027: case 0x3000:
    case 0xFF0C: case 0x2013: case 0x2014: case 0x25A0: case 0x25CB: case 0x25A1: case 0x2460:
    case 0x2461: case 0x2462: case 0x2463: case 0x2191: case 0x2193: case 0x2265: case 0x2264:
    // bullets glued to the first word of an item: "▲한국생명공학연구원", "◆KOTRA", "※"
    case 0x25B2: case 0x25B3: case 0x25B6: case 0x25B7: case 0x25BA: case 0x25C6: case 0x25C7:
    case 0x25CE: case 0x25CF: case 0x2605: case 0x2606: case 0x203B:
      return static_cast<size_t>(len);
    default:
      return 0;
  }
}

// ---------------------------------------------------------------- clean view

// A sentence with its alias parentheticals removed: "푸둥(浦東)신구" reads
// "푸둥신구"; the removed "浦東" is kept as an alias at that position.
struct Paren {
  uint32_t at;  // clean offset where it was removed
  std::vector<std::string> aliases;
  bool hereafter = false;  // "(이하 X)": X names the thing from here on
};
struct Clean {
  std::string s;
  std::vector<uint32_t> map;  // clean byte -> normalised byte (size s.size()+1)
  std::vector<char> soft;     // soft[i]: a parenthetical was removed right before i
  std::vector<Paren> parens;
};

bool aliasLike(std::string_view a) {
  if (a.empty() || a.size() > 80) return false;
  if (hasHan(a)) return true;
  size_t letters = 0;
  for (char c : a) {
    if (std::isalpha(static_cast<unsigned char>(c))) ++letters;
    if (c == '%' || c == '=' || c == '<' || c == '>') return false;
  }
  return letters >= 2;
}

std::string trimCopy(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

Clean makeClean(std::string_view sent, uint32_t base) {
  Clean c;
  c.s.reserve(sent.size());
  auto push = [&](size_t i) {
    c.s.push_back(sent[i]);
    c.map.push_back(base + static_cast<uint32_t>(i));
  };
  for (size_t i = 0; i < sent.size();) {
    if (sent[i] == '(' && i > 0 && sent[i - 1] != ' ' && sent[i - 1] != '\t') {
      size_t j = sent.find(')', i);
      if (j != std::string_view::npos && j - i <= 120) {
        std::string_view content = sent.substr(i + 1, j - i - 1);
        bool hereafter = startsWith(content, "이하 ") || startsWith(content, "이하,");
        if (content.find('(') == std::string_view::npos && (!hasHangul(content) || hereafter)) {
          Paren p;
          p.at = static_cast<uint32_t>(c.s.size());
          p.hereafter = hereafter;
          if (hereafter) content.remove_prefix(std::string_view("이하").size());
          size_t start = 0;
          std::string text(content);
          for (auto& ch : text)
            if (ch == ';') ch = ',';
          // "(蘇州工業園區·SIP)", "(中國電信·China Telecom)": a middle dot lists two forms
          for (std::string_view dot : {"\u00B7", "\u30FB"})
            for (size_t at = text.find(dot); at != std::string::npos; at = text.find(dot, at + 1))
              text.replace(at, dot.size(), ",");
          while (start <= text.size()) {
            size_t comma = text.find(',', start);
            if (comma == std::string::npos) comma = text.size();
            std::string a = trimCopy(std::string_view(text).substr(start, comma - start));
            if (aliasLike(a) || (hereafter && !a.empty())) p.aliases.push_back(a);
            start = comma + 1;
          }
          c.parens.push_back(std::move(p));
          if (c.soft.size() < c.s.size() + 1) c.soft.resize(c.s.size() + 1, 0);
          c.soft[c.s.size()] = 1;
          i = j + 1;
          continue;
        }
      }
    }
    push(i);
    ++i;
  }
  c.map.push_back(base + static_cast<uint32_t>(sent.size()));
  c.soft.resize(c.s.size() + 1, 0);
  return c;
}

// ---------------------------------------------------------------- tokens

struct Token {
  uint32_t b, e;
};

std::vector<Token> tokenize(const std::string& s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t sl = sepLength(s, i);
    if (sl) {
      i += sl;
      continue;
    }
    size_t b = i;
    while (i < s.size() && !sepLength(s, i)) {
      int32_t len;
      cpAt(s, i, &len);
      i += std::max(len, 1);
    }
    out.push_back(Token{static_cast<uint32_t>(b), static_cast<uint32_t>(i)});
  }
  return out;
}

// End of the word that starts at or contains byte i (next separator).
size_t wordEnd(const std::string& s, size_t i) {
  while (i < s.size() && !sepLength(s, i)) {
    int32_t len;
    cpAt(s, i, &len);
    i += std::max(len, 1);
  }
  return i;
}

// ---------------------------------------------------------------- candidates

struct Cand {
  uint32_t b = 0, e = 0;  // clean span of the name
  NodeType type = NodeType::Place;
  std::string name;       // canonical
  std::vector<std::string> aliases;
  int lex = -1;
  std::string rule;
  int priority = 0;       // quotes 3, rules 2, gazetteer 1, lexicon 2 (ties: longer wins)
  bool generic = false;   // stem is a class word; kept only with a named qualifier
  bool unitHead = false;  // organisation unit (연구소, 센터 ...): may hang below a parent body
  std::string parentPrefix;  // when set, canonical becomes "parent name"
};

struct SentMention {
  uint32_t b, e;  // clean
  uint32_t entity;
  NodeType type;
  std::string tail;  // particle chain right after it
  bool inner = false;
  bool unitHead = false;
  std::string surface;
  std::string rule;
};

bool isBody(NodeType t) {
  return t == NodeType::Agency || t == NodeType::Organization || t == NodeType::Company;
}

bool genericStem(std::string_view stem) {
  // A stem made only of class words ("국가", "첨단기술", "종합") names no particular thing.
  if (stem.empty()) return true;
  std::string s;
  for (char c : stem)
    if (c != ' ') s.push_back(c);
  std::vector<char> ok(s.size() + 1, 0);
  ok[0] = 1;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!ok[i]) continue;
    for (auto g : kGenericStems)
      if (s.compare(i, g.size(), g) == 0) ok[i + g.size()] = 1;
  }
  return ok[s.size()];
}

// Length in bytes of the class prefix ("국가", "중앙", "주요" ...) `s` starts with, or 0.
size_t classPrefixLength(std::string_view s) {
  for (std::string_view p : {"국가", "중앙", "각 ", "주요", "관련", "해당", "다양한", "전국"})
    if (startsWith(s, p)) return p.size();
  return 0;
}

bool classPrefix(std::string_view s) { return classPrefixLength(s) > 0; }

// After a class prefix, is the rest of the stem a class word too?
// "국가에너지투자" names a thing; "국가 첨단" does not.
bool genericRest(std::string_view stem) {
  size_t n = classPrefixLength(stem);
  if (n == 0) return false;
  std::string_view rest = stem.substr(n);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return genericStem(rest) || syllables(rest) < 2;
}

// Stems before 사 that make a class of firms, not one firm ("보험회사", "자동차 제조사").
bool firmClassWord(std::string_view stem) {
  static constexpr std::string_view kClass[] = {"회", "통신", "제약", "건설", "보험", "증권", "항공", "여행",
                                                "출판", "언론", "방송", "신문", "제조", "운용", "자산", "투자",
                                                "배급", "컨설팅", "대리", "판매"};
  if (genericStem(stem)) return true;
  for (auto c : kClass)
    if (endsWith(stem, c)) return true;
  for (char ch : stem)
    if (std::isdigit(static_cast<unsigned char>(ch))) return true;
  return false;
}

bool isCountToken(std::string_view t) {
  // "20개의", "5대", "19개", "3대", "N곳의"
  if (t.empty() || !std::isdigit(static_cast<unsigned char>(t[0]))) return false;
  // (not a name with a number: "5G 오픈랩", "3D 프린팅센터")
  size_t d = 0;
  while (d < t.size() && std::isdigit(static_cast<unsigned char>(t[d]))) ++d;
  return !(d < t.size() && std::isalpha(static_cast<unsigned char>(t[d])));
}

// The rest of a word after a name is a particle chain that closes the noun
// phrase ("은", "에서", "와", "의"), not an administrative suffix ("시", "성").
bool closingParticle(std::string_view tail) {
  static constexpr std::string_view kClosing[] = {"은", "는", "을", "를", "이", "가", "의", "에", "에서",
                                                  "와", "과", "로", "으로", "도", "만", "에서는", "에는",
                                                  "와의", "과의", "으로는", "로는", "까지", "부터"};
  for (auto c : kClosing)
    if (tail == c) return true;
  return false;
}

// A word ends in a particle or verbal ending that closes a noun phrase.
bool closesPhrase(std::string_view w) {
  static constexpr std::string_view kEnds[] = {"은", "는", "을", "를", "의", "에", "와", "과", "로",
                                               "인", "한", "된", "할", "될", "던", "며", "고", "서",
                                               "면", "게", "지", "도", "했", "다", "함", "임", "음",
                                               "및", "등", "후", "간", "여", "해", "써", "어", "아"};
  for (auto e : kEnds)
    if (endsWith(w, e)) return true;
  return false;
}

bool isStopWord(std::string_view w) {
  // (function words, adverbs, quantifiers and demonstratives never enter a name: "산하 연구소", "그중 푸둥신구")
  static constexpr std::string_view kStops[] = {"및", "등", "또는", "내", "중", "각", "그", "이", "관련", "신규",
                                                "전", "후", "올해", "최근", "이번", "지난", "작년", "여러", "차례",
                                                "수차례", "각종", "다양한", "다수", "첫", "두", "세", "산하", "소속",
                                                "직속", "예하", "휘하", "그중", "이중", "또", "또한", "해당", "이날",
                                                "당일", "현재", "향후", "특히", "한편", "이어", "아울러", "모두", "각각",
                                                "함께", "새", "새로운", "이들", "동", "본", "양측", "양국",
                                                // verbs and connectives before a name found by its head
                                                "열린", "열릴", "열리는", "갖춘", "며", "거쳐", "따라", "다만",
                                                "통해", "위한", "위해", "대한", "관한", "있는", "없는", "둔",
                                                "위치한", "연", "튼", "소재한", "자리한", "설립된", "설립한", "입주한", "세운",
                                                "들어선", "개최한", "개최된", "참가한", "참여한", "발표한", "주최한",
                                                "주관한", "소속된", "이끄는", "맡은", "만든", "새로",
                                                // time, quantity and side words
                                                "매년", "내년", "올해", "후속", "가운데", "국내", "국외", "해외",
                                                "상대국", "양", "측", "한국측", "중국측", "업계", "분야별", "각국",
                                                "일대일", "기존", "향후", "당시", "대표", "주요", "일부", "전체"};
  for (auto s : kStops)
    if (w == s) return true;
  return false;
}

}  // namespace

// ---------------------------------------------------------------- extractor

struct Extractor::Impl {
  const Lexicon& lex;
  ExtractOptions opt;
  NameFolder folder;
  detail::RelationRules rules;  // phases 1 and 2 as data, compiled from extract/rules
  std::vector<int32_t> parentOf;  // lexicon entry -> the entry its gazetteer line names as parent, or -1

  Impl(const Lexicon& l, ExtractOptions o)
      : lex(l), opt(std::move(o)), rules(detail::RelationRules::load(resolveRulesDir(opt.rulesDir))) {
    parentOf.assign(lex.size(), -1);
    for (uint32_t i = 0; i < lex.size(); ++i)
      if (!lex.entry(i).parent.empty())
        if (auto p = lex.findId(lex.entry(i).parent)) parentOf[i] = static_cast<int32_t>(*p);
  }

  // `owned`, when given, holds `bytes` and is taken (decodeOwned).
  DocumentResult run(std::string_view bytes, std::string* owned, const std::string& path) const;
};

namespace {

// Everything one document's extraction keeps while it runs.
struct DocState {
  const Lexicon& lex;
  const NameFolder& folder;
  DocumentResult& doc;
  std::unordered_map<std::string, uint32_t> entityByKey;
  std::set<std::tuple<int, uint32_t, uint32_t>> relSeen;
  // Names the document itself defined (rule-found names, "(이하 X)"), matched again in pass 2.
  std::vector<std::pair<std::string, uint32_t>> gazetteer;  // clean form -> entity, each pair once
  std::set<std::pair<std::string, uint32_t>> gazetteerSeen;
  // gazetteer indices by the first two code points of their form (gazetteerKey), each list
  // ascending: forms added since the last lookup are appended (indexGazetteer); rebuilt only
  // when the order changes (gazetteerIndexed = SIZE_MAX after the sort of pass 2).
  std::unordered_map<uint64_t, std::vector<uint32_t>> gazetteerByStart;
  size_t gazetteerIndexed = SIZE_MAX;
  bool collectOnly = false;  // pass 1
  const detail::RelationRules* rules = nullptr;
  const std::vector<int32_t>* parentOf = nullptr;  // lexicon entry -> the entry it belongs to, or -1

  void addGazetteer(const std::string& form, uint32_t entity) {
    if (form.empty() || !gazetteerSeen.emplace(form, entity).second) return;
    gazetteer.emplace_back(form, entity);
  }
  // The bucket of a form: its first code point and its second (kOneCodePoint for a form of one).
  static constexpr uint32_t kOneCodePoint = 0xFFFFFFFFu;
  static uint64_t gazetteerKey(UChar32 first, uint32_t second) {
    return uint64_t{static_cast<uint32_t>(first)} << 32 | second;
  }
  void indexGazetteer() {
    if (gazetteerIndexed > gazetteer.size()) {  // never built, or the order changed
      gazetteerByStart.clear();
      gazetteerIndexed = 0;
    }
    for (size_t g = gazetteerIndexed; g < gazetteer.size(); ++g) {
      const std::string& form = gazetteer[g].first;
      int32_t len = 0;
      UChar32 first = cpAt(form, 0, &len);
      uint32_t second = static_cast<size_t>(len) < form.size() ? static_cast<uint32_t>(cpAt(form, len)) : kOneCodePoint;
      gazetteerByStart[gazetteerKey(first, second)].push_back(static_cast<uint32_t>(g));
    }
    gazetteerIndexed = gazetteer.size();
  }
  // Every (gazetteer index, byte offset) where a form occurs in `s`, ordered by
  // index, then offset: the order a find() per form would give.
  std::vector<std::pair<uint32_t, uint32_t>> gazetteerHits(std::string_view s) {
    indexGazetteer();
    std::vector<std::pair<uint32_t, uint32_t>> hits;
    if (gazetteer.empty()) return hits;
    auto scan = [&](uint64_t key, size_t i) {
      auto it = gazetteerByStart.find(key);
      if (it == gazetteerByStart.end()) return;
      for (uint32_t g : it->second)
        if (s.compare(i, gazetteer[g].first.size(), gazetteer[g].first) == 0)
          hits.emplace_back(g, static_cast<uint32_t>(i));
    };
    for (size_t i = 0; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // inside a code point
      int32_t len = 0;
      UChar32 first = cpAt(s, i, &len);
      if (first < 0) continue;  // forms are valid UTF-8
      scan(gazetteerKey(first, kOneCodePoint), i);
      if (i + static_cast<size_t>(len) < s.size()) {
        UChar32 second = cpAt(s, i + static_cast<size_t>(len));
        if (second >= 0) scan(gazetteerKey(first, static_cast<uint32_t>(second)), i);
      }
    }
    std::sort(hits.begin(), hits.end());
    return hits;
  }
  // Section topic for `targets`: the programme the current section is about.
  uint32_t topicSection = UINT32_MAX;
  int64_t topic = -1;
  // Programme issued by "X 등 N개 부처", waiting for a footnote that lists them.
  int64_t pendingGroupProgram = -1;

  std::string entityKey(NodeType t, const std::string& name, int lexEntry) const {
    if (lexEntry >= 0) return "L:" + lex.entry(lexEntry).id;
    if (t == NodeType::Event) return "Event:" + folder.key(withoutYear(name));
    return std::string(toString(t)) + ":" + folder.key(name);
  }
  // An event's name without the year it opens with: "2019 한·중 과학기술혁신 박람회" and the
  // headline's "한·중 과학기술혁신 박람회" are one event of the document ("'97 …", "2019년 …").
  static std::string_view withoutYear(std::string_view name) {
    std::string_view n = name;
    if (!n.empty() && (n[0] == '\'')) n.remove_prefix(1);
    size_t d = 0;
    while (d < n.size() && std::isdigit(static_cast<unsigned char>(n[d]))) ++d;
    if (d != 2 && d != 4) return name;
    n.remove_prefix(d);
    if (n.substr(0, 3) == "년") n.remove_prefix(3);
    if (n.empty() || n[0] != ' ') return name;
    while (!n.empty() && n[0] == ' ') n.remove_prefix(1);
    return n.empty() ? name : n;
  }

  // entityFor's answers, by (lexEntry, type, name): the entity of a key never changes once
  // made, so a name met again skips the lexicon lookup and the folding (ICU).
  std::unordered_map<std::string, uint32_t> entityMemo{};
  uint32_t entityFor(NodeType type, const std::string& name, int lexEntry) {
    std::string memoKey = std::to_string(lexEntry);
    memoKey += '\x1f';
    memoKey += static_cast<char>('A' + static_cast<int>(type));
    memoKey += name;
    if (auto m = entityMemo.find(memoKey); m != entityMemo.end()) return m->second;
    uint32_t idx = makeEntity(type, name, lexEntry);
    entityMemo.emplace(std::move(memoKey), idx);
    return idx;
  }
  uint32_t makeEntity(NodeType type, const std::string& name, int lexEntry) {
    if (lexEntry < 0) {
      // A rule-found name the lexicon knows under this type is the lexicon's entity.
      for (uint32_t e : lex.lookup(name))
        if (lex.entry(e).type == type) {
          lexEntry = static_cast<int>(e);
          break;
        }
    }
    std::string key = entityKey(type, name, lexEntry);
    auto it = entityByKey.find(key);
    if (it != entityByKey.end()) return it->second;
    Entity ent;
    ent.type = type;
    if (lexEntry >= 0) {
      ent.name = lex.entry(lexEntry).canonical;
      ent.lexiconId = lex.entry(lexEntry).id;
    } else {
      ent.name = name;
    }
    doc.entities.push_back(std::move(ent));
    uint32_t idx = static_cast<uint32_t>(doc.entities.size() - 1);
    entityByKey.emplace(key, idx);
    return idx;
  }

  void addAlias(uint32_t e, const std::string& alias) {
    std::string_view a = alias;  // trimmed of spaces and tabs (trimCopy), without a copy
    while (!a.empty() && (a.front() == ' ' || a.front() == '\t')) a.remove_prefix(1);
    while (!a.empty() && (a.back() == ' ' || a.back() == '\t')) a.remove_suffix(1);
    if (a.empty()) return;
    Entity& ent = doc.entities[e];
    if (a == ent.name) return;  // (no folding: only the same name as written is no alias)
    if (std::find(ent.aliases.begin(), ent.aliases.end(), a) == ent.aliases.end())
      ent.aliases.emplace_back(a);
  }

  // While the first engine's relation code runs: the edge types it no longer
  // adds, now that the relation rules find them (ExtractOptions::legacyRelations).
  uint32_t legacyRetired = 0;  // bit per EdgeType; 0 outside the first engine's code
  void addRelation(EdgeType t, uint32_t s, uint32_t d, uint32_t sentence, const char* rule) {
    if (collectOnly || s == d) return;
    if (legacyRetired >> static_cast<int>(t) & 1) return;
    if (!edgeAllowed(t, doc.entities[s].type, doc.entities[d].type)) return;
    uint32_t a = s, b = d;
    if (isSymmetric(t) && a > b) std::swap(a, b);
    if (!relSeen.emplace(static_cast<int>(t), a, b).second) return;
    doc.relations.push_back(Relation{t, s, d, sentence, rule});
  }
};

// Checks that a name found at [b, e) of the clean text stands as a word: it
// starts at a word start and what follows it in the word is a particle chain.
// Returns the end of the name (which may take an administrative suffix for
// places: 시, 성, 구, 현) or 0 when it does not stand alone.
uint32_t standsAlone(const Clean& c, uint32_t b, uint32_t e, NodeType type, std::string* tail,
                     const detail::RelationRules* rules = nullptr) {
  const std::string& s = c.s;
  if (b > 0 && !c.soft[b] && !sepLength(s, b - 1)) {
    UChar32 prev = cpBefore(s, b);
    // "주칭다오 총영사관", "주상하이 총영사": 주 ("resident in") before a place
    bool resident = type == NodeType::Place && prev == U'주' && (b == 3 || sepLength(s, b - 4) || c.soft[b - 3]);
    if (isHangulSyllable(prev) && !resident) return 0;
    if (prev < 0x80 && std::isalnum(prev)) return 0;
  }
  if (e < s.size() && !sepLength(s, e) && !c.soft[e]) {
    UChar32 next = cpAt(s, e);
    if (next < 0x80 && std::isalnum(next) && std::isalnum(static_cast<unsigned char>(s[e - 1])))
      return 0;
  }
  auto restOf = [&](uint32_t from) {
    size_t we = from;
    while (we < s.size() && !sepLength(s, we) && !(we > from && c.soft[we])) {
      int32_t len;
      cpAt(s, we, &len);
      we += std::max(len, 1);
    }
    return std::string_view(s).substr(from, we - from);
  };
  // The josa chain after `lead` at the start of `word` ("에서" of "시에서" after 시; "" when
  // the word ends there), or nothing when the word does not start with `lead` or goes on.
  auto josaAfter = [](std::string_view word, std::string_view lead) -> std::optional<std::string_view> {
    if (word.compare(0, lead.size(), lead) != 0) return std::nullopt;
    std::string_view after = word.substr(lead.size());
    bool whole = false;
    size_t m = particleChain(after, &whole);
    if (!whole) return std::nullopt;
    return after.substr(0, m);
  };
  // A removed parenthetical ends the name: "중국과학기술부(科學技術部)자오젠린";
  // so does the hyphen of a pair: "말레이시아-중국 콴탄산업단지", "한-중".
  if ((e < c.soft.size() && c.soft[e]) || (e < s.size() && s[e] == '-' && e > b)) {
    // "허베이(河北)성", "옌청(鹽城)시에서": a place's suffix after its gloss is still its own
    if (type == NodeType::Place && e < c.soft.size() && c.soft[e])
      for (std::string_view suffix : {"성", "시", "현"}) {
        if (s.compare(e, suffix.size(), suffix) != 0) continue;
        auto josa = josaAfter(restOf(e + static_cast<uint32_t>(suffix.size())), "");
        if (!josa) continue;
        if (tail) *tail = std::string(*josa);
        return e + static_cast<uint32_t>(suffix.size());
      }
    if (tail) tail->clear();
    return e;
  }
  std::string_view rest = restOf(e);
  if (auto josa = josaAfter(rest, "")) {
    if (tail) *tail = std::string(*josa);
    return e;
  }
  // A post written onto the name ends it: "중국과학원장은", "충북도지사가" (the rules read
  // the post and its josa as the word after the name: words.tsv, @fused-post-*).
  if (rules && (type == NodeType::Place || isBody(type)))
    for (const std::string& post : rules->fusedPosts(type == NodeType::Place)) {
      // (지사 alone is also a branch office, "중국지사": only after a province's 도, "경기도지사")
      if (post == "지사" && !(e - b >= 6 && std::string_view(s).substr(e - 3, 3) == "도")) continue;
      if (!josaAfter(rest, post)) continue;
      if (tail) tail->clear();
      return e;
    }
  if (type == NodeType::Place) {
    // (not 구: "대만구" is no district of Taiwan; districts are listed as aliases, "통저우구")
    for (std::string_view suffix : {"시", "성", "현", "주"})
      if (auto josa = josaAfter(rest, suffix)) {
        if (tail) *tail = std::string(*josa);
        return e + static_cast<uint32_t>(suffix.size());
      }
  }
  return 0;
}

}  // namespace

Extractor::Extractor(const Lexicon& lexicon, ExtractOptions options)
    : impl_(std::make_unique<Impl>(lexicon, std::move(options))) {}
Extractor::~Extractor() = default;

std::string resolveRulesDir(const std::string& given) {
  if (!given.empty()) return given;
  std::error_code ec;
  if (std::filesystem::is_directory(KG_RULES_DIR, ec)) return KG_RULES_DIR;
  return "extract/rules";
}
const Lexicon& Extractor::lexicon() const { return impl_->lex; }

DocumentResult Extractor::extractFile(const std::string& path) const {
  // Regular files only, bounded before reading (kg/document_file.h).
  return extractOwnedBytes(readDocument(path, impl_->opt.maxDocumentBytes), path);
}

namespace {

void checkSize(size_t size, size_t limit, const std::string& path) {
  if (size > limit)
    throw LimitError(path + ": " + std::to_string(size) + " bytes is over the document limit of " +
                     std::to_string(limit) + " bytes (--max-document-bytes)");
}

}  // namespace

DocumentResult Extractor::extractBytes(std::string_view bytes, const std::string& path) const {
  checkSize(bytes.size(), impl_->opt.maxDocumentBytes, path);
  try {
    return impl_->run(bytes, nullptr, path);
  } catch (const DecodeError& e) {
    throw DecodeError(path + ": " + e.what());
  }
}

DocumentResult Extractor::extractOwnedBytes(std::string&& bytes, const std::string& path) const {
  checkSize(bytes.size(), impl_->opt.maxDocumentBytes, path);
  try {
    return impl_->run(bytes, &bytes, path);
  } catch (const DecodeError& e) {
    throw DecodeError(path + ": " + e.what());
  }
}

namespace {

// ------------------------------------------------------------------ pass over one sentence

// The name rules' answer for one sentence: with these first-round mentions they
// found these names (both rounds); the same mentions in pass 2 get the same names.
struct NamesMemo {
  std::vector<detail::RuleMention> mentions;
  std::vector<detail::RuleName> found;
};

// What pass 2 takes from pass 1 of a sentence instead of making it again
// (detail/sentence_basics.h): values of the sentence's text alone.
struct SentenceValues {
  Clean c;
  std::vector<Token> toks;
  std::optional<std::vector<LexiconHit>> hits;
  std::optional<detail::RelationRules::WordFeatures> words;
  std::optional<NamesMemo> names;
  // About the memory these hold.
  size_t bytes() const {
    size_t n = sizeof(SentenceValues) + c.s.size() * (1 + sizeof(c.map[0]) + sizeof(c.soft[0])) +
               toks.size() * sizeof(Token);
    if (hits) n += hits->size() * sizeof(LexiconHit);
    if (words)
      n += words->tokens.size() * sizeof(words->tokens[0]) + words->bits.size() * sizeof(uint64_t) +
           words->shapes.size() * sizeof(words->shapes[0]);
    if (names)
      n += names->mentions.size() * sizeof(detail::RuleMention) +
           names->found.size() * sizeof(detail::RuleName);
    return n;
  }
};

bool sameMentions(const std::vector<detail::RuleMention>& a,
                  const std::vector<detail::RuleMention>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.b == y.b && x.e == y.e && x.tailEnd == y.tailEnd && x.entity == y.entity &&
           x.type == y.type && x.role == y.role && x.lexEntry == y.lexEntry;
  });
}

struct SentenceRun {
  DocState& st;
  const Sentence& sent;
  uint32_t index;
  Clean c;
  std::vector<Token> toks;
  std::vector<Cand> cands;
  std::vector<SentMention> ms;  // chosen mentions, by position
  // The sentence's words with their word classes, made once for every rule (words()).
  mutable std::optional<detail::RelationRules::WordFeatures> wordFeatures{};
  const detail::RelationRules::WordFeatures& words() const {
    if (!wordFeatures) wordFeatures = st.rules->words(c.s);
    return *wordFeatures;
  }
  // The name rules' answer of pass 1 (ruleNameCandidates()).
  std::optional<NamesMemo> namesMemo{};
  // The lexicon's hits in the clean text (lexiconHits()).
  std::optional<std::vector<LexiconHit>> lexiconHitsMade{};
  const std::vector<LexiconHit>& lexiconHits() {
    if (!lexiconHitsMade) lexiconHitsMade = st.lex.findAll(c.s);
    return *lexiconHitsMade;
  }

  std::string_view text(uint32_t b, uint32_t e) const { return std::string_view(c.s).substr(b, e - b); }

  // Index of the token containing clean byte i, or -1.
  int tokenAt(uint32_t i) const {
    for (size_t k = 0; k < toks.size(); ++k)
      if (toks[k].b <= i && i < toks[k].e) return static_cast<int>(k);
    return -1;
  }

  // "베이징시는 … 발표했다", "톈진시 부시장": the government acting, not the place
  // (issue 18): the lexicon's government of the place when it knows one
  // (베이징시 인민정부), else an Agency of the name as written.
  void governmentOf(Cand& k, const std::string& tail) const {
    if (!detail::governmentActs(c.s, k.b, k.e, tail)) return;
    std::string surface(text(k.b, k.e));
    k.type = NodeType::Agency;
    k.lex = -1;
    k.name = surface;
    k.rule = "government";
    for (const auto& g : detail::governmentNames(surface))
      for (uint32_t x : st.lex.lookup(g))
        if (st.lex.entry(x).type == NodeType::Agency) {
          k.lex = static_cast<int>(x);
          k.name = st.lex.entry(x).canonical;
          k.aliases.push_back(surface);
          return;
        }
  }

  // ---- lexicon and gazetteer
  void lexiconCandidates() {
    const auto& hits = lexiconHits();
    // A bare place name that is also a common word ("수소 저장·공급") needs a sign
    // that it is the place: a gloss, a name right after it, a place listed beside it.
    auto placeAt = [&](uint32_t at) {
      for (const auto& o : hits)
        if (o.span.begin == at && o.span.end - o.span.begin >= 6) return true;
      return false;
    };
    auto placeEndsAt = [&](uint32_t at) {
      for (const auto& o : hits)
        if (o.span.end == at && st.lex.entry(o.entry).type == NodeType::Place) return true;
      return false;
    };
    // Is the entry of the hit ending right before `b` (after one space) a place that
    // the gazetteer puts `entry` inside ("광둥성 선전")?
    auto parentBefore = [&](uint32_t b, uint32_t entry) {
      if (b < 2 || c.s[b - 1] != ' ') return false;
      for (const auto& o : hits) {
        if (o.span.end != b - 1 || st.lex.entry(o.entry).type != NodeType::Place) continue;
        int32_t x = static_cast<int32_t>(entry);
        for (int depth = 0; depth < 16 && x >= 0; ++depth)
          if ((x = (*st.parentOf)[x]) == static_cast<int32_t>(o.entry)) return true;
      }
      return false;
    };
    auto commonWordPlace = [&](uint32_t b, uint32_t e, const std::string& tail, uint32_t entry) {
      std::string_view w = text(b, e);
      if (std::find(std::begin(kCommonWordPlaces), std::end(kCommonWordPlaces), w) == std::end(kCommonWordPlaces))
        return false;  // not such a word (or written with 시/성: "선전시", "저장성")
      if (c.soft[e]) return false;  // "선전(深圳)"
      if (parentBefore(b, entry)) return false;  // "광둥성 선전"
      // "선전 소재", "선전 본사에서": a word that places something there
      for (std::string_view w : {" 소재", " 본사", " 본원", " 본부"})
        if (tail.empty() && c.s.compare(e, w.size(), w) == 0) return false;
      uint32_t after = e + static_cast<uint32_t>(tail.size());
      // "선전에 위치한", "선전에서 열린": where something is
      if (tail == "에" || tail == "에서" || tail == "에서는") {
        std::string_view next = text(std::min<uint32_t>(after + 1, static_cast<uint32_t>(c.s.size())),
                                     static_cast<uint32_t>(c.s.size()));
        for (std::string_view v : {"위치", "소재", "본사", "있는", "열린", "개최", "설립", "진출"})
          if (c.s.compare(after, 1, " ") == 0 && startsWith(next, v)) return false;
      }
      if ((tail.empty() || tail == "의") && after + 1 < c.s.size() && c.s[after] == ' ') {
        // a name after it: known, with a head noun ("저장 지리그룹"), or glossed ("선전 난산(深圳南山)")
        if (placeAt(after + 1)) return false;
        uint32_t we = after + 1;
        while (we < c.s.size() && !sepLength(c.s, we) && !(we > after + 1 && c.soft[we])) ++we;
        size_t stemLen = 0, nameLen = 0;
        if (headIn(text(after + 1, we), &stemLen, &nameLen) || (we < c.soft.size() && c.soft[we])) return false;
      }
      for (std::string_view sep : {", ", "·", ",", "、"}) {
        if (c.s.compare(after, sep.size(), sep) == 0 && placeAt(after + static_cast<uint32_t>(sep.size()))) return false;
        if (b >= sep.size() && c.s.compare(b - sep.size(), sep.size(), sep) == 0 &&
            placeEndsAt(b - static_cast<uint32_t>(sep.size())))
          return false;
      }
      // joined to another place by 과/와: "베이징과 선전에서", "선전과 광저우"
      if ((tail == "과" || tail == "와") && after + 1 < c.s.size() && c.s[after] == ' ' && placeAt(after + 1))
        return false;
      for (std::string_view conj : {"과 ", "와 "})
        if (b >= conj.size() && c.s.compare(b - conj.size(), conj.size(), conj) == 0 &&
            placeEndsAt(b - static_cast<uint32_t>(conj.size())))
          return false;
      return true;
    };
    // One name, several places of one type (the 중구 of six Korean cities): after a
    // place ("인천 중구"), the one the gazetteer puts inside it, not the others.
    auto siblingInItsParent = [&](const LexiconHit& h) {
      if (parentBefore(h.span.begin, h.entry)) return false;
      for (const auto& o : hits)
        if (o.entry != h.entry && o.span == h.span &&
            st.lex.entry(o.entry).type == NodeType::Place && parentBefore(h.span.begin, o.entry))
          return true;
      return false;
    };
    // Whether a country (a place the gazetteer puts inside nothing) ends at byte `at` and
    // `accept` takes its entry.
    auto countryEndsAt = [&](uint32_t at, auto&& accept) {
      for (const auto& q : hits)
        if (q.span.end == at && st.lex.entry(q.entry).type == NodeType::Place && (*st.parentOf)[q.entry] < 0 &&
            accept(st.lex.entry(q.entry)))
          return true;
      return false;
    };
    // The country written right before a hit ("중국 과학기술부"), one space before; "" when
    // there is none.
    auto qualifier = [&](const LexiconHit& x) -> std::string_view {
      std::string_view country;
      if (x.span.begin < 2 || c.s[x.span.begin - 1] != ' ') return country;
      countryEndsAt(x.span.begin - 1, [&](const LexiconEntry& q) { return country = q.country, true; });
      return country;
    };
    // "중국의 실리콘밸리", "중국판 실리콘밸리": a place of one country named after a country
    // with 의 or 판 is a nickname of something else, not the place.
    // (with 의, only when the place is what something is called: "…의 실리콘밸리로 불리는";
    // "한국의 베이징 대사관" is Beijing)
    auto countryOf = [&](uint32_t entry) -> std::string_view {
      int32_t x = static_cast<int32_t>(entry);
      for (int depth = 0; depth < 16 && x >= 0; ++depth, x = (*st.parentOf)[x])
        if (!st.lex.entry(x).country.empty()) return st.lex.entry(x).country;
      return {};
    };
    auto nickname = [&](const LexiconHit& h, const std::string& tail) {
      std::string_view mine = countryOf(h.entry);
      if (mine.empty() || h.span.begin < 4) return false;
      for (std::string_view mark : {"의 ", "판 "}) {
        if (mark == "의 " && tail != "로" && tail != "으로" && tail != "라" && tail != "이라") continue;
        uint32_t at = h.span.begin - static_cast<uint32_t>(mark.size());
        if (c.s.compare(at, mark.size(), mark) != 0) continue;
        // (a country's own country is its entry's: it lies inside nothing)
        if (countryEndsAt(at, [&](const LexiconEntry& q) { return !q.country.empty() && q.country != mine; }))
          return true;
      }
      return false;
    };
    // One name, two bodies of two countries (Korea's and China's 과학기술부): the one this
    // document has already named, else the one of the country the document's names lean
    // to, else the lexicon's first.
    auto otherCountryWins = [&](const LexiconHit& h) {
      const LexiconEntry& me = st.lex.entry(h.entry);
      for (const auto& o : hits) {
        if (o.entry == h.entry || o.span.begin != h.span.begin || o.span.end != h.span.end) continue;
        const LexiconEntry& other = st.lex.entry(o.entry);
        if (other.type != me.type || other.country == me.country) continue;
        // "중국 과학기술부": the qualifier decides; "과학기술부와 중국 과학기술부는": a bare
        // name beside the same name qualified in this sentence is the other country's.
        if (std::string_view q = qualifier(h); !q.empty()) {
          if (me.country == q) return false;
          if (other.country == q) return true;
        } else {
          for (const auto& y : hits) {
            if (y.span.begin == h.span.begin || !(y.entry == h.entry || y.entry == o.entry)) continue;
            std::string_view qy = qualifier(y);
            if (qy.empty()) continue;
            if (me.country == qy && other.country != qy) return true;
            if (other.country == qy && me.country != qy) return false;
          }
        }
        auto named = [&](const LexiconEntry& en) {
          for (const auto& x : st.doc.entities)
            if (x.lexiconId == en.id) return true;
          return false;
        };
        bool mine = named(me), theirs = named(other);
        if (mine != theirs) return theirs;
        // else the country the document's names so far lean to (a digest of China's
        // policy names China's bodies bare), else the press's own
        auto lean = [&](const std::string& country) {
          size_t n = 0;
          for (const auto& x : st.doc.entities)
            if (!x.lexiconId.empty())
              if (auto id = st.lex.findId(x.lexiconId); id && st.lex.entry(*id).country == country) ++n;
          return n;
        };
        size_t a = lean(me.country), b = lean(other.country);
        if (a != b) return b > a;
      }
      return false;
    };
    for (const auto& h : hits) {
      NodeType t = st.lex.entry(h.entry).type;
      if (otherCountryWins(h)) continue;
      std::string tail;
      uint32_t e = standsAlone(c, h.span.begin, h.span.end, t, &tail, st.rules);
      if (!e) continue;
      if (t == NodeType::Place && commonWordPlace(h.span.begin, e, tail, h.entry)) continue;
      if (t == NodeType::Place && nickname(h, tail)) continue;
      // "옌타이": what reads as a josa after a shorter name (옌타 + 이) is the end of a
      // longer one the lexicon found at the same place
      if (!tail.empty() && std::any_of(hits.begin(), hits.end(), [&](const LexiconHit& o) {
            return o.span.begin == h.span.begin && o.span.end > e && o.span.end <= e + tail.size();
          }))
        continue;
      if (t == NodeType::Place && siblingInItsParent(h)) continue;
      Cand k;
      k.b = h.span.begin;
      k.e = e;
      k.type = t;
      k.lex = static_cast<int>(h.entry);
      k.name = st.lex.entry(h.entry).canonical;
      k.rule = "lexicon";
      k.priority = 2;
      if (t == NodeType::Place) governmentOf(k, tail);
      // "제15차 한·중 과학기술공동위원회": an edition of a meeting is an event of its own, not
      // the series the lexicon names; the longer candidate wins the span.
      if (t == NodeType::Event && k.b >= 2 && c.s[k.b - 1] == ' ') {
        uint32_t wb = k.b - 1;
        while (wb > 0 && !sepLength(c.s, wb - 1)) --wb;
        std::string_view ord = text(wb, k.b - 1);
        bool ordinal = (startsWith(ord, "제") && ord.size() > 3 && std::isdigit(static_cast<unsigned char>(ord[3]))) ||
                       (!ord.empty() && std::isdigit(static_cast<unsigned char>(ord[0])));
        ordinal = ordinal && (endsWith(ord, "차") || endsWith(ord, "회"));
        if (ordinal) {
          Cand ed = k;
          ed.b = wb;
          ed.lex = -1;
          ed.name = std::string(text(wb, k.e));
          ed.rule = "edition";
          cands.push_back(std::move(ed));
        }
      }
      cands.push_back(std::move(k));
    }
    // "상하이 장강(張江)": a word whose parenthesised Hanja or English form the
    // lexicon knows names that entry, even when the Korean form is ambiguous.
    for (const Paren& p : c.parens) {
      if (p.hereafter || p.at == 0 || p.aliases.empty()) continue;
      std::vector<uint32_t> hits = st.lex.lookup(p.aliases.front());
      // Issue 17: a Han name of several things of one type names the gazetteer's first
      // ("중산(中山)": the city before Dalian's district), as a Korean name does.
      if (hits.size() > 1 && std::all_of(hits.begin(), hits.end(), [&](uint32_t x) {
            return st.lex.entry(x).type == st.lex.entry(hits[0]).type;
          }))
        hits.resize(1);
      if (hits.size() != 1) continue;
      uint32_t b = p.at;
      while (b > 0 && !sepLength(c.s, b - 1) && (b == p.at || !c.soft[b])) {  // soft[p.at] is this paren
        uint32_t q = b - 1;
        while (q > 0 && (static_cast<unsigned char>(c.s[q]) & 0xC0) == 0x80) --q;
        b = q;
      }
      if (b >= p.at || !allHangul(text(b, p.at))) continue;
      // The word must be a spelling of one of the entry's Korean names (same
      // first syllable: 장강/장장), not the last word of a longer name
      // ("상하이 광원(SSRF)": 광원 is no name of SSRF).
      {
        const LexiconEntry& en = st.lex.entry(hits[0]);
        UChar32 first = cpAt(c.s, b);
        bool spelling = cpAt(en.canonical, 0) == first;
        for (const auto& a : en.aliases)
          if (!a.empty() && cpAt(a, 0) == first) spelling = true;
        if (!spelling) continue;
      }
      Cand k;
      k.b = b;
      k.e = p.at;
      k.type = st.lex.entry(hits[0]).type;
      k.lex = static_cast<int>(hits[0]);
      k.name = st.lex.entry(hits[0]).canonical;
      k.aliases.push_back(std::string(text(b, p.at)));
      k.rule = "lexicon-hanja";
      k.priority = 2;
      cands.push_back(std::move(k));
    }
    // A find() per form, in gazetteer order, each continuing after its last hit.
    uint32_t lastForm = UINT32_MAX, nextFrom = 0;
    for (auto [g, from] : st.gazetteerHits(c.s)) {
      const auto& [form, ent] = st.gazetteer[g];
      if (g != lastForm) lastForm = g, nextFrom = 0;
      if (from < nextFrom) continue;  // overlaps the previous hit of this form
      nextFrom = from + static_cast<uint32_t>(form.size());
      {
        uint32_t b = from, e0 = from + static_cast<uint32_t>(form.size());
        NodeType t = st.doc.entities[ent].type;
        uint32_t e = standsAlone(c, b, e0, t, nullptr, st.rules);
        if (!e) continue;
        Cand k;
        k.b = b;
        k.e = e;
        k.type = t;
        k.name = st.doc.entities[ent].name;
        k.lex = -2 - static_cast<int>(ent);  // marks a gazetteer hit of entity `ent`
        k.rule = "document";
        k.priority = 1;
        cands.push_back(std::move(k));
      }
    }
  }

  // Is quoted text a sentence someone said rather than a title? A title names a
  // plan; speech tells an intention, a verb in its future adnominal form right
  // before the head ("…을 늘릴 계획", "…를 완성할 계획", "…될 방안").
  static bool quotedSpeech(std::string_view content) {
    size_t headSpace = content.rfind(' ');
    if (headSpace == std::string_view::npos) return false;
    std::string_view rest = content.substr(0, headSpace);
    size_t sp = rest.rfind(' ');
    std::string_view beforeHead = sp == std::string_view::npos ? rest : rest.substr(sp + 1);
    if (syllables(beforeHead) < 2 || beforeHead.size() < 3) return false;
    UChar32 last = cpBefore(beforeHead, beforeHead.size());
    return last == U'할' || last == U'될' || last == U'릴';
  }

  // ---- quoted titles: '…', ‘…’, 「…」, 《…》, 〈…〉, "…", “…”
  void quoteCandidates() {
    static const std::pair<std::string_view, std::string_view> kQuotes[] = {
        {"'", "'"}, {"‘", "’"}, {"\"", "\""}, {"“", "”"}, {"「", "」"}, {"『", "』"}, {"《", "》"}, {"〈", "〉"},
        {"‘", "'"}, {"'", "’"}};
    const std::string& s = c.s;
    std::vector<std::pair<uint32_t, uint32_t>> used;
    for (size_t i = 0; i < s.size(); ++i) {
      // Every opener starts with ', " or the lead byte 0xE2 (‘ “) or 0xE3 (「 『 《 〈).
      unsigned char lead = static_cast<unsigned char>(s[i]);
      if (lead != '\'' && lead != '"' && lead != 0xE2 && lead != 0xE3) continue;
      for (auto [open, close] : kQuotes) {
        if (s.compare(i, open.size(), open) != 0) continue;
        if (sent.caption && open == "〈") continue;
        size_t cb = i + open.size();
        // "'24년", "’23년도": an apostrophe that abbreviates a year, not a quote.
        if ((open == "'" || open == "‘" || open == "’") && cb + 2 < s.size() && std::isdigit(static_cast<unsigned char>(s[cb])) &&
            std::isdigit(static_cast<unsigned char>(s[cb + 1])) && s.compare(cb + 2, 3, "년") == 0)
          continue;
        size_t ce = s.find(close, cb);
        if (ce == std::string::npos || ce - cb < 4 || ce - cb > 200) continue;
        bool overlap = false;
        for (auto [ub, ue] : used)
          if (i < ue && ce > ub) overlap = true;
        if (overlap) continue;
        std::string content = trimCopy(std::string_view(s).substr(cb, ce - cb));
        if (content.empty() || contains(content, "\n")) continue;
        Cand k;
        k.b = static_cast<uint32_t>(cb);
        k.e = static_cast<uint32_t>(ce);
        k.rule = "quote";
        k.priority = 3;
        bool typed = false;
        auto headOf = [&](std::string_view name, const auto& heads) {
          for (auto h : heads)
            if (endsWith(name, h)) return true;
          return false;
        };
        // "'일대일로' 전략", "'15·5' 중점계획", "'일대일로' 과학기술교류대회"
        size_t after = ce + close.size();
        size_t ws = after;
        while (ws < s.size() && s[ws] == ' ') ++ws;
        size_t we = wordEnd(s, ws);
        std::string word(std::string_view(s).substr(ws, we - ws));
        std::string tailless = word;
        for (size_t cut = 0; cut <= word.size(); ++cut) {
          if (cut < word.size() && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) continue;
          bool whole = false;
          std::string_view rest = std::string_view(word).substr(cut);
          if (cut > 0 && (particleChain(rest, &whole), whole)) {
            tailless = word.substr(0, cut);
            break;
          }
        }
        if (quotedSpeech(content)) {
          // a quoted sentence ("…냉연강판은 전량 내수용으로 판매할 계획"), no title
        } else if (headOf(content, kProgramHeads) && !headOf(content, kEventHeads)) {
          k.type = NodeType::Program;
          typed = true;
        } else if (headOf(content, kEventHeads)) {
          k.type = NodeType::Event;
          typed = true;
        }
        if (typed) {
          k.name = content;
        } else if (!tailless.empty() && headOf(tailless, kProgramHeads) && ws - after <= 1) {
          k.type = NodeType::Program;
          typed = true;
          bool bare = false;
          for (auto h : kProgramHeads)
            if (tailless == h) bare = true;
          k.name = bare ? content : content + " " + tailless;
          if (!bare) {
            k.aliases.push_back(content);
            k.e = static_cast<uint32_t>(ws + tailless.size());
          } else {
            k.aliases.push_back(content + " " + tailless);
          }
        } else if (!tailless.empty() && headOf(tailless, kEventHeads) && ws - after <= 1 && tailless != "행사") {
          k.type = NodeType::Event;
          typed = true;
          k.name = content + " " + tailless;
          k.e = static_cast<uint32_t>(ws + tailless.size());
        } else if (!tailless.empty() && tailless == "행사" && ws - after <= 1) {
          k.type = NodeType::Event;
          typed = true;
          k.name = content;
        }
        if (!typed) continue;
        // 「의견」, '방안': a bare head in quotes refers back to the latest programme
        // mentioned with that head ("「…약간의견」에서 … 「의견」에서는"); with none, it is nothing.
        if (k.type == NodeType::Program && k.name == content &&
            std::find(std::begin(kProgramHeads), std::end(kProgramHeads), content) != std::end(kProgramHeads)) {
          int64_t found = -1;
          for (size_t q = st.doc.mentions.size(); q-- > 0 && found < 0;) {
            const Entity& en = st.doc.entities[st.doc.mentions[q].entity];
            if (en.type == NodeType::Program && en.name != content && endsWith(en.name, content))
              found = st.doc.mentions[q].entity;
          }
          if (found < 0) continue;
          k.lex = -2 - static_cast<int>(found);
          k.name = st.doc.entities[static_cast<size_t>(found)].name;
          k.rule = "quote-back-reference";
        }
        // "제15차 ...대회": the ordinal-free form is an alias.
        if (startsWith(k.name, "제")) {
          size_t sp = k.name.find(' ');
          if (sp != std::string::npos && (contains(k.name.substr(0, sp), "차") || contains(k.name.substr(0, sp), "회")) &&
              std::isdigit(static_cast<unsigned char>(k.name[3])))
            k.aliases.push_back(k.name.substr(sp + 1));
        }
        used.emplace_back(static_cast<uint32_t>(i), static_cast<uint32_t>(ce + close.size()));
        cands.push_back(std::move(k));
        i = ce;
        break;
      }
    }
  }

  // ---- head nouns: "...연구소", "...신구", "...그룹", "... 센터"
  // Finds the head in token k (before its particle tail); returns the head or nullptr.
  const detail::Head* headIn(std::string_view w, size_t* stemLen, size_t* nameLen) const {
    // A head must end where the word ends or where a whole particle chain
    // begins; those ends are few, so find them first (right to left), then
    // take the first head of heads.tsv that ends at one of them (the rightmost).
    uint32_t ends[16];
    size_t nends = 0;
    for (size_t q = w.size(); q > 0 && nends < 16;) {
      std::string_view rest = w.substr(q);
      bool whole = false;
      particleChain(rest, &whole);
      if (rest.empty() || whole) ends[nends++] = static_cast<uint32_t>(q);
      do --q;
      while (q > 0 && (static_cast<unsigned char>(w[q]) & 0xC0) == 0x80);
    }
    const std::vector<detail::Head>& heads = st.rules->heads();
    size_t best = SIZE_MAX, bestEnd = 0;
    for (size_t i = 0; i < nends; ++i) {
      size_t end = ends[i];
      // (only the heads that can end there: indexed by their last code point, ascending)
      const std::vector<uint16_t>* cand = st.rules->headsEndingWith(static_cast<char32_t>(cpBefore(w, end)));
      if (!cand) continue;
      for (uint16_t hi : *cand) {
        if (hi >= best) break;  // ascending: the rest cannot win
        const detail::Head& h = heads[hi];
        if (end >= h.head.size() && w.compare(end - h.head.size(), h.head.size(), h.head) == 0) {
          best = hi;  // the rightmost end of a head wins: ends run right to left
          bestEnd = end;
          break;
        }
      }
    }
    if (best == SIZE_MAX) return nullptr;
    *stemLen = bestEnd - heads[best].head.size();
    *nameLen = bestEnd;
    return &heads[best];
  }

  bool agencyFalseFriend(std::string_view word) const {
    static constexpr std::string_view kNot[] = {
        "동부", "서부", "남부", "북부", "중부", "전부", "일부", "내부", "외부", "본부", "간부", "세부",
        "정부", "학부", "상부", "하부", "부부", "중심부", "지도부", "수뇌부", "집행부", "외곽부", "선두부", "이부", "서남부", "동남부", "서북부", "동북부", "중서부",
        "요청", "신청", "초청", "경청", "시청", "교부", "대부", "환부", "결국", "전국", "각국", "당국",
        "본국", "외국", "강국", "대국", "약국", "수요국", "선진국", "개도국", "회원국", "상대국"};
    for (auto n : kNot)
      if (endsWith(word, n)) return true;
    return false;
  }

  void headCandidates() {
    for (size_t k = 0; k < toks.size(); ++k) {
      std::string_view w = text(toks[k].b, toks[k].e);
      size_t stemLen = 0, nameLen = 0;
      const detail::Head* h = headIn(w, &stemLen, &nameLen);
      // A firm written with the classifier 사 after a nationality: "한국의 넥스트칩사는".
      if (!h && k > 0 && endsWith(text(toks[k - 1].b, toks[k - 1].e), "의")) {
        std::string_view prev = text(toks[k - 1].b, toks[k - 1].e);
        bool placeBefore = false;
        for (const auto& other : cands)
          if (other.b == toks[k - 1].b && other.type == NodeType::Place &&
              other.e + 3 == toks[k - 1].b + prev.size())
            placeBefore = true;
        size_t p = w.find("사");
        while (placeBefore && p != std::string_view::npos) {
          std::string_view stemW = w.substr(0, p), rest = w.substr(p + 3);
          bool whole = false;
          particleChain(rest, &whole);
          if ((rest.empty() || whole) && syllables(stemW) >= 3 && !firmClassWord(stemW)) {
            Cand cd;
            cd.b = toks[k].b;
            cd.e = toks[k].b + static_cast<uint32_t>(p);
            cd.type = NodeType::Company;
            cd.name = std::string(stemW);
            cd.rule = "head:사";
            cd.priority = 2;
            cands.push_back(std::move(cd));
            break;
          }
          p = w.find("사", p + 3);
        }
      }
      // Company marker after an alias parenthesis: "포켓모바일(pocketmobile)사는"
      if (!h) {
        for (uint32_t q = toks[k].b + 1; q < toks[k].e; ++q) {
          if (!c.soft[q]) continue;
          std::string_view rest = text(q, toks[k].e);
          bool whole = false;
          if (startsWith(rest, "사") && (particleChain(rest.substr(3), &whole), whole || rest.size() == 3)) {
            Cand cd;
            cd.b = toks[k].b;
            cd.e = q;
            cd.type = NodeType::Company;
            cd.name = std::string(text(toks[k].b, q));
            cd.rule = "head:사";
            cd.priority = 2;
            cands.push_back(std::move(cd));
          }
        }
        continue;
      }
      // A pair written with a hyphen, "한국연구재단-중국과학기술교류센터", "KRIBB-중국과학원
      // 미생물연구소": when a body the lexicon knows ends at the hyphen, the name with this
      // head starts after it (and takes no words from the left).
      uint32_t pairCut = 0;
      for (size_t p = w.rfind('-', nameLen); p != std::string_view::npos && p > 0 && p + 1 < nameLen;) {
        uint32_t at = toks[k].b + static_cast<uint32_t>(p);
        if (std::any_of(cands.begin(), cands.end(),
                        [&](const Cand& o) { return o.lex >= 0 && isBody(o.type) && o.e == at; }))
          pairCut = static_cast<uint32_t>(p + 1);
        if (pairCut > stemLen) pairCut = 0;
        break;
      }
      std::string_view stem = w.substr(pairCut, stemLen - pairCut);
      std::string_view nameInWord = w.substr(pairCut, nameLen - pairCut);
      // (the false friends are words ending in the one-syllable heads: "정부" is no "…부")
      if (h->type == NodeType::Agency && syllables(h->head) == 1 && agencyFalseFriend(nameInWord)) continue;
      // A place the lexicon knows that merely ends in a one-syllable head ("옌청" is no
      // "…청", "난징" no "…징") names the place, not a body.
      if (syllables(h->head) == 1 && std::any_of(cands.begin(), cands.end(), [&](const Cand& o) {
            return o.lex >= 0 && (o.type == NodeType::Place || o.type == NodeType::Zone) &&
                   o.b == toks[k].b && o.e == toks[k].b + nameLen;
          }))
        continue;
      // "산업1부 홍보영 기자": a numbered desk of a newsroom or a firm, not a ministry.
      if (h->type == NodeType::Agency &&
          std::any_of(stem.begin(), stem.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); }))
        continue;
      if (!stem.empty() && stem.back() == '-') continue;
      size_t syl = syllables(stem);
      bool numeric = !stem.empty() && (std::isdigit(static_cast<unsigned char>(stem[0])) ||
                                       (startsWith(stem, "제") && stem.size() > 3 &&
                                        std::isdigit(static_cast<unsigned char>(stem[3]))));
      bool unitHead = h->unit;
      Cand cd;
      cd.type = h->type;
      // "한중 과학기술협력위원회를 개최": a committee that is held is a meeting.
      if (h->type == NodeType::Agency && h->head == "위원회" && k + 1 < toks.size() &&
          startsWith(text(toks[k + 1].b, toks[k + 1].e), "개최")) {
        std::string_view rest = w.substr(nameLen);
        if (rest == "를" || rest == "을" || rest == "가" || rest == "이") cd.type = NodeType::Event;
      }
      cd.rule = "head:" + std::string(h->head);
      cd.priority = 2;
      cd.unitHead = unitHead;
      cd.e = toks[k].b + static_cast<uint32_t>(nameLen);
      cd.b = toks[k].b + pairCut;
      // "국가에너지투자공사" names one firm; "국가공정기술연구센터" is a class of centres.
      bool generic = numeric || genericStem(stem) ||
                     (h->type == NodeType::Company ? classPrefix(stem) && genericRest(stem)
                                                   : h->type != NodeType::Agency && classPrefix(stem));
      if (syl < static_cast<size_t>(h->minStem) && !stem.empty() && !numeric) generic = true;
      if (stem.empty()) generic = true;
      // Extend to the left over the words of a multi-word name.
      // A zone the lexicon knows by this very word ("중국 장쑤성 쑤저우공업원구"): the
      // places before it are where it lies, not words of a longer name.
      if (cd.type == NodeType::Zone && pairCut == 0 &&
          std::any_of(cands.begin(), cands.end(), [&](const Cand& o) {
            return o.lex >= 0 && o.type == NodeType::Zone && o.b == toks[k].b && o.e == cd.e;
          }))
        continue;
      bool named = !generic;
      bool countBefore = false;
      size_t first = k;
      std::vector<size_t> ext;
      for (size_t j = k; pairCut == 0 && j-- > 0 && k - j <= 6;) {
        std::string_view gap = text(toks[j].e, toks[j + 1].b);
        bool gapOk = std::all_of(gap.begin(), gap.end(), [](char ch) { return ch == ' '; });
        // A parenthesised qualifier glued to a name: "중국-싱가포르(충칭) … 산업단지", not a
        // label opening the line: "(배경) 국가급 신구".
        if (!gapOk && (gap == "(" || gap == ")" || gap == ") ")) {
          uint32_t open = gap == "(" ? toks[j].e : (toks[j].b > 0 ? toks[j].b - 1 : 0);
          gapOk = open > 0 && open < c.s.size() && c.s[open] == '(' && c.s[open - 1] != ' ' &&
                  !sepLength(c.s, open - 1);
        }
        if (!gapOk) break;
        // "두산공정기계(중국)유한공사", "LG디스플레이(옌타이)유한공사": a name written against
        // the bracket of a place qualifier is the first word of this one.
        const bool bracketGlued = gap == "(" && (cd.type == NodeType::Company || cd.type == NodeType::Agency) &&
                                  first == k - 1;
        std::string_view pw = text(toks[j].b, toks[j].e);
        if (isCountToken(pw)) {
          countBefore = true;
          break;
        }
        if (isStopWord(pw) || startsWith(pw, "'")) break;
        // "KRIBB-중국과학원 미생물연구소": a pair's hyphen after a known body ends the name
        // (the body after the hyphen is the unit's parent).
        if (size_t hy = pw.rfind('-'); hy != std::string_view::npos && hy > 0) {
          uint32_t at = toks[j].b + static_cast<uint32_t>(hy);
          bool pair = std::any_of(cands.begin(), cands.end(),
                                  [&](const Cand& o) { return o.lex >= 0 && isBody(o.type) && o.e == at; });
          if (pair) {
            if (unitHead && first == k)
              for (const auto& other : cands)
                if (other.lex >= 0 && isBody(other.type) && other.b == at + 1 && other.e == toks[j].e) {
                  named = true;
                  cd.parentPrefix = std::string(text(other.b, other.e));
                }
            break;
          }
        }
        bool inBody = false, inName = false, particleAfter = false;
        for (const auto& other : cands) {
          if (other.lex == -1 && other.rule.rfind("head:", 0) != 0) continue;
          if (other.type == NodeType::Person || other.type == NodeType::Event) continue;
          if (other.b <= toks[j].b && toks[j].e <= other.e + 6 && other.e > toks[j].b) {
            if (other.b == toks[j].b || other.e >= toks[j].e - 1) {
              // A name followed by a particle inside its word ("저장성은", "푸둥신구와")
              // ends a phrase: the words before the head are not part of its name.
              if (other.e < toks[j].e && closingParticle(text(other.e, toks[j].e))) particleAfter = true;
              if (isBody(other.type) && other.e >= toks[j].e - 6) inBody = true;
              else inName = true;
            }
          }
        }
        if (particleAfter) break;
        // A glossed word that is no known name ("류창허(劉長河) 옌타이 고신구": a person) is
        // no word of this name.
        // (a person's name: two or three Hangul syllables; a glossed term, "신품질생산력(新質生產力)
        // 연구 개발 센터", is longer)
        if (!inName && !inBody && !bracketGlued && toks[j].e < c.soft.size() && c.soft[toks[j].e] &&
            allHangul(pw) && syllables(pw) <= 3)
          break;
        if (bracketGlued) {
          ext.push_back(j);
          first = j;
          named = true;
          break;
        }
        // Agency and company names take only a place before them ("베이징시정부", "하얼빈 창룽그룹").
        if ((cd.type == NodeType::Agency || cd.type == NodeType::Company) && inName) {
          bool place = false;
          for (const auto& other : cands)
            if (other.b == toks[j].b && (other.type == NodeType::Place || other.type == NodeType::Zone)) place = true;
          if (!place) break;
        }
        if (inBody) {
          // A unit under a named body: "중국과학원 선전선진기술연구소", "제6연구원 101연구소".
          if (unitHead && first == k) {
            named = true;
            cd.parentPrefix = std::string(text(toks[j].b, toks[j].e));
          }
          break;
        }
        if (closesPhrase(pw) && !inName) break;
        if (cd.type == NodeType::Agency || cd.type == NodeType::Company) {
          // Agency and company names are one word; only a place before them is joined.
          if (!inName) break;
        }
        ext.push_back(j);
        first = j;
        if (inName || !genericStem(pw)) named = true;
        if (contains(pw, "-")) named = true;
      }
      if (countBefore && first == k) continue;  // "20개의 하이테크산업개발구": a class
      // "10만 명당 평균 대학 재학생": words after a count are no name (a date is no count).
      if (countBefore && first > 0) {
        std::string_view cnt = text(toks[first - 1].b, toks[first - 1].e);
        bool date = false;
        for (std::string_view d : {"년", "월", "일", "년도", "년까지", "년에", "년부터"})
          if (endsWith(cnt, d)) date = true;
        if (!date) continue;
      }
      if (!named) continue;
      if (classPrefix(text(toks[first].b, toks[k].e)) && first != k) {
        bool hasLex = false;
        for (const auto& other : cands)
          if (other.lex != -1 && other.b >= toks[first].b && other.e <= toks[k].b) hasLex = true;
        if (!hasLex) continue;
      }
      cd.b = first == k ? toks[k].b + pairCut : toks[first].b;
      cd.name = std::string(text(cd.b, cd.e));
      if (first != k && !genericStem(stem) && syl >= 1) cd.aliases.push_back(std::string(nameInWord));
      cands.push_back(std::move(cd));
    }
  }

  // ---- enumerations with a classifier: "A, B, C 등 8개사", "A 등 5개 부처"
  void enumerationCandidates() {
    for (size_t k = 0; k + 1 < toks.size(); ++k) {
      if (text(toks[k].b, toks[k].e) != "등") continue;
      std::string_view cls = text(toks[k + 1].b, toks[k + 1].e);
      if (cls.empty() || !std::isdigit(static_cast<unsigned char>(cls[0]))) continue;
      size_t d = 0;
      while (d < cls.size() && std::isdigit(static_cast<unsigned char>(cls[d]))) ++d;
      std::string_view unit = cls.substr(d);
      std::string_view next = k + 2 < toks.size() ? text(toks[k + 2].b, toks[k + 2].e) : "";
      std::optional<NodeType> type;
      if (startsWith(unit, "개사") || startsWith(unit, "개 기업") || (unit == "개" && startsWith(next, "기업")) ||
          (unit == "개" && startsWith(next, "업체")))
        type = NodeType::Company;
      else if (unit == "개" && (startsWith(next, "부처") || startsWith(next, "부서") || startsWith(next, "부문")))
        type = NodeType::Agency;
      else if (unit == "개" && startsWith(next, "대학"))
        type = NodeType::Organization;
      if (!type) continue;
      for (size_t j = k; j-- > 0;) {
        std::string_view gap = text(toks[j].e, toks[j + 1].b);
        if (gap.find_first_not_of(" ,·、") != std::string_view::npos && !startsWith(gap, "·") &&
            !startsWith(gap, "、"))
          break;
        // Items are separated by commas or dots; a bare space ends the list on
        // the left ("화웨이 클라우드는 A, B, C 등": the subject is no item) but
        // is what stands before "등".
        if (j + 1 < k && gap == " ") break;
        std::string_view w = text(toks[j].b, toks[j].e);
        if (closesPhrase(w) || syllables(w) < 2 || isCountToken(w)) break;
        Cand cd;
        cd.b = toks[j].b;
        cd.e = toks[j].e;
        cd.type = *type;
        cd.name = std::string(w);
        cd.rule = "enumeration";
        cd.priority = 1;
        cands.push_back(std::move(cd));
      }
    }
  }

  // ---- designated sets: "과학기술부가 25곳의 과학기술서비스업 시범지역(…)을 선정함".
  // A count, then a name ending in a designation head, the object of a
  // designation verb: the name is the programme that designates the places
  // (they follow as its targets), not a zone. Without the count ("상하이를
  // 시범지역으로 지정") or the verb it is nothing.
  void designationCandidates() {
    for (size_t k = 1; k < toks.size(); ++k) {
      std::string_view w = text(toks[k].b, toks[k].e);
      size_t headEnd = 0;
      for (auto head : kDesignationHeads) {
        for (size_t at = w.find(head); at != std::string_view::npos; at = w.find(head, at + 1)) {
          std::string_view rest = w.substr(at + head.size());
          bool whole = false;
          if (rest.empty() || (particleChain(rest, &whole), whole)) headEnd = at + head.size();
        }
        if (headEnd) break;
      }
      if (!headEnd) continue;
      // The words before, back to the count: "25곳의", "10개", "3대".
      size_t first = k;
      bool counted = false;
      for (size_t j = k; j-- > 0 && k - j <= 4;) {
        if (text(toks[j].e, toks[j + 1].b) != " ") break;
        std::string_view pw = text(toks[j].b, toks[j].e);
        if (isCountToken(pw)) {
          counted = true;
          break;
        }
        if (isStopWord(pw) || closesPhrase(pw)) break;
        first = j;
      }
      uint32_t b = toks[first].b, e = toks[k].b + static_cast<uint32_t>(headEnd);
      std::string_view name = text(b, e);
      if (!counted || syllables(name) < 6) continue;  // a stem of two syllables at least
      // The object of a designation verb: "…시범지역을 선정", "…시범도시(…)를 지정".
      std::string_view after = text(e, static_cast<uint32_t>(c.s.size()));
      if (startsWith(after, "(")) {
        size_t close = after.find(')');
        if (close == std::string_view::npos) continue;
        after.remove_prefix(close + 1);
      }
      if (!(startsWith(after, "을 ") || startsWith(after, "를 ") || startsWith(after, "들을 "))) continue;
      after.remove_prefix(after.find(' ') + 1);
      bool verb = false;
      for (auto v : kDesignationVerbs)
        if (startsWith(after, v)) verb = true;
      if (!verb) continue;
      Cand cd;
      cd.b = b;
      cd.e = e;
      cd.type = NodeType::Program;
      cd.name = std::string(name);
      cd.rule = "designation";
      cd.priority = 2;
      cands.push_back(std::move(cd));
    }
  }

  // ---- demonstration projects named after a place or a quoted phrase:
  // "상하이 푸둥신구 종합개혁 시범 프로젝트 구축을", "'고급·정밀·첨단·희소' 외국 인재 인정
  // 표준시범 프로젝트를". Without the named start ("탄소배출 이중관리 시범사업") the
  // words may name a kind of project, not one: nothing.
  void demonstrationCandidates() {
    for (size_t k = 1; k < toks.size(); ++k) {
      std::string_view w = text(toks[k].b, toks[k].e);
      size_t headEnd = 0;
      for (std::string_view head : {"프로젝트", "사업"}) {
        size_t at = w.rfind(head);
        if (at == std::string_view::npos) continue;
        std::string_view rest = w.substr(at + head.size());
        bool whole = false;
        if (!rest.empty() && (particleChain(rest, &whole), !whole)) continue;
        std::string_view before = w.substr(0, at);
        bool demo = endsWith(before, "시범") ||
                    (before.empty() && endsWith(text(toks[k - 1].b, toks[k - 1].e), "시범") &&
                     text(toks[k - 1].e, toks[k].b) == " ");
        if (demo) headEnd = at + head.size();
        break;
      }
      if (!headEnd) continue;
      // Left over plain words to a named place or zone, or to a quoted phrase.
      int64_t start = -1;
      size_t words = 0;
      for (size_t j = k; j-- > 0 && words < 8; ++words) {
        std::string_view gap = text(toks[j].e, toks[j + 1].b);
        if (gap == "' " || gap == "’ ") {  // a quoted phrase ends here: it starts the name
          std::string_view s = text(0, toks[j].e);
          size_t straight = s.rfind('\''), curly = s.rfind("‘");
          size_t open = straight == std::string_view::npos ? curly
                        : curly == std::string_view::npos  ? straight
                                                           : std::max(straight, curly);
          if (open != std::string_view::npos && toks[j].e - open <= 120) start = static_cast<int64_t>(open);
          ++words;
          break;
        }
        if (gap != " ") break;
        std::string_view pw = text(toks[j].b, toks[j].e);
        // a named place or zone starts it; the longest that ends here ("상하이 푸둥신구")
        const Cand* named = nullptr;
        for (const auto& o : cands)
          if (o.e == toks[j].e && o.lex != -1 && (o.type == NodeType::Place || o.type == NodeType::Zone))
            if (!named || o.b < named->b) named = &o;
        if (named) {
          start = named->b;
          break;
        }
        if (closesPhrase(pw) || isStopWord(pw) || isCountToken(pw) || !allHangul(pw)) break;
      }
      if (start < 0 || words < 2) continue;
      Cand cd;
      cd.b = static_cast<uint32_t>(start);
      cd.e = toks[k].b + static_cast<uint32_t>(headEnd);
      std::string name;
      for (char ch : text(cd.b, cd.e)) name.push_back(ch);
      for (std::string_view q : {"'", "‘", "’"})
        for (size_t at = name.find(q); at != std::string::npos; at = name.find(q)) name.erase(at, q.size());
      cd.type = NodeType::Program;
      cd.name = name;
      cd.rule = "demonstration";
      cd.priority = 2;
      cands.push_back(std::move(cd));
    }
  }

  // ---- "홍콩특별행정구 정부", "광둥성 정부", "일본 정부": a place's government is an agency.
  void governmentCandidates() {
    constexpr std::string_view kGov = " 정부";
    const size_t known = cands.size();
    for (size_t i = 0; i < known; ++i) {
      const Cand& p = cands[i];
      if (p.type != NodeType::Place || p.lex < 0) continue;
      if (c.s.compare(p.e, kGov.size(), kGov) != 0) continue;
      uint32_t e = p.e + static_cast<uint32_t>(kGov.size());
      uint32_t we = e;
      while (we < c.s.size() && !sepLength(c.s, we) && !c.soft[we]) ++we;
      bool whole = false;
      if (we > e && (particleChain(text(e, we), &whole), !whole)) continue;  // "정부기관": another word
      Cand cd;
      cd.b = p.b;
      cd.e = e;
      cd.type = NodeType::Agency;
      cd.name = std::string(text(p.b, e));
      cd.rule = "government";
      cd.priority = 2;
      cands.push_back(std::move(cd));
    }
  }

  // ---- ports: a city's name with 항 in one word ("상하이항", "칭다오항은"): a
  // zone in that city. Not "상하이항공" (the rest of the word is no particle),
  // not "사항" or "조항" (no city before 항).
  void portCandidates() {
    for (const auto& t : toks) {
      std::string_view w = text(t.b, t.e);
      for (size_t at = w.find("항"); at != std::string_view::npos; at = w.find("항", at + 3)) {
        if (at < 6) continue;  // a city of two syllables at least
        std::string_view rest = w.substr(at + 3);
        bool whole = false;
        if (!rest.empty() && (particleChain(rest, &whole), !whole)) continue;
        std::string_view city = w.substr(0, at);
        int hit = -1;
        for (uint32_t h : st.lex.lookup(city))
          if (st.lex.entry(h).type == NodeType::Place) hit = static_cast<int>(h);
        if (hit < 0) continue;
        const std::string& canonical = st.lex.entry(static_cast<uint32_t>(hit)).canonical;
        Cand port;
        port.b = t.b;
        port.e = t.b + static_cast<uint32_t>(at + 3);
        port.type = NodeType::Zone;
        port.name = canonical + "항";
        if (city != canonical) port.aliases.push_back(std::string(w.substr(0, at + 3)));
        port.rule = "port";
        port.priority = 2;
        cands.push_back(std::move(port));
        Cand place;  // the city inside, which the lexicon scan skips (항 is no particle)
        place.b = t.b;
        place.e = t.b + static_cast<uint32_t>(at);
        place.type = NodeType::Place;
        place.lex = hit;
        place.name = canonical;
        if (city != canonical) place.aliases.push_back(std::string(city));
        place.rule = "lexicon";
        place.priority = 2;
        cands.push_back(std::move(place));
      }
    }
  }

  // ---- people: a name next to a title
  void personCandidates() {
    auto isTitle = [](std::string_view w, std::string* title) {
      for (auto t : kTitles) {
        if (!startsWith(w, t)) continue;
        bool whole = false;
        std::string_view rest = w.substr(t.size());
        particleChain(rest, &whole);
        if (rest.empty() || whole) {
          *title = std::string(t);
          return true;
        }
      }
      return false;
    };
    auto nameLike = [&](std::string_view w) {
      if (!allHangul(w)) return false;
      size_t n = syllables(w);
      if (n < 2 || n > 4) return false;
      for (auto x : kNotNames)
        if (w == x) return false;
      // A name starts with a surname and does not end like a verb or a particle.
      bool surname = false;
      for (auto sn : kSurnames)
        if (startsWith(w, sn) && w.size() > sn.size()) surname = true;
      if (!surname) return false;
      for (std::string_view end : {"의", "한", "된", "는", "은", "을", "를", "나", "서", "고", "며", "여", "해"})
        if (endsWith(w, end) && n <= 3) return false;
      if (genericStem(w) || endsWith(w, "산업") || endsWith(w, "기업") || endsWith(w, "시장")) return false;
      size_t sl, nl;
      if (headIn(w, &sl, &nl)) return false;
      for (const auto& h : st.lex.findAll(w))
        if (h.span.begin == 0 && h.span.end >= w.size() - 3) return false;
      return true;
    };
    for (size_t k = 0; k < toks.size(); ++k) {
      std::string title;
      if (!isTitle(text(toks[k].b, toks[k].e), &title)) continue;
      auto addPerson = [&](uint32_t b, uint32_t e) {
        Cand cd;
        cd.b = b;
        cd.e = e;
        cd.type = NodeType::Person;
        cd.name = std::string(text(b, e));
        cd.rule = "person:" + title;
        cd.priority = 3;
        cands.push_back(std::move(cd));
      };
      if (k == 0) continue;
      std::string_view prev = text(toks[k - 1].b, toks[k - 1].e);
      // 시장 and 성장 are also "market" and "growth": after a two-syllable noun
      // ("주식 시장", "경제 성장") they are no title; names with them have three syllables.
      // (unless a body or a place names whose: "상하이시정부 궁정 시장", "베이징시 천지닝 시장")
      if ((title == "시장" || title == "성장") && syllables(prev) < 3) {
        bool whose = false;
        if (k >= 2 && text(toks[k - 2].e, toks[k - 1].b) == " ")
          for (const auto& o : cands)
            if (o.e == toks[k - 2].e && (o.type == NodeType::Agency || o.type == NodeType::Place)) whose = true;
        if (!whose) continue;
      }
      if (nameLike(prev)) {
        addPerson(toks[k - 1].b, toks[k - 1].e);
        continue;
      }
      // "중국과학기술부(科學技術部, MOST)자오젠린(曹健林) 부부장": name glued after a parenthesis.
      for (uint32_t q = toks[k - 1].e; q-- > toks[k - 1].b + 1;) {
        if (c.soft[q] && nameLike(text(q, toks[k - 1].e))) {
          addPerson(q, toks[k - 1].e);
          break;
        }
      }
      // "최양희 미래창조과학부 장관": name, body, title.
      if (k >= 2 && nameLike(text(toks[k - 2].b, toks[k - 2].e))) {
        bool bodyBetween = false;
        for (const auto& h : st.lex.findAll(prev))
          if (isBody(st.lex.entry(h.entry).type) && h.span.end >= prev.size() - 3) bodyBetween = true;
        size_t sl, nl;
        const detail::Head* hh = headIn(prev, &sl, &nl);
        if (hh && isBody(hh->type)) bodyBetween = true;
        if (bodyBetween) addPerson(toks[k - 2].b, toks[k - 2].e);
      }
      // "샤오미의 CEO 레이쥔": title first (English titles).
      if ((title == "CEO") && k + 1 < toks.size()) {
        std::string_view nw = text(toks[k + 1].b, toks[k + 1].e);
        std::string tailStripped(nw);
        bool whole = false;
        for (size_t cut = 6; cut < nw.size(); cut += 3) {
          particleChain(nw.substr(cut), &whole);
          if (whole) {
            tailStripped = std::string(nw.substr(0, cut));
            break;
          }
        }
        if (nameLike(tailStripped)) addPerson(toks[k + 1].b, toks[k + 1].b + static_cast<uint32_t>(tailStripped.size()));
      }
    }
  }

  // ---- choose non-overlapping mentions; keep qualifiers nested in rule names
  // Length of the closing mark of a quoted title at `at` ("'…'에서", "「…」을"), or 0.
  size_t closingMarkAt(size_t at) const {
    for (std::string_view q : {"'", "\"", "’", "”", "」", "』", "》", "〉", ">"})
      if (std::string_view(c.s).substr(std::min(at, c.s.size()), q.size()) == q) return q.size();
    return 0;
  }

  // Whether the rest of the word at `at` is a whole particle chain: "국가지적재산권국의 …".
  bool particleEnds(uint32_t at) const {
    size_t we = wordEnd(c.s, at);
    if (we == at) return false;
    bool whole = false;
    particleChain(std::string_view(c.s).substr(at, we - at), &whole);
    return whole;
  }

  void choose(bool pass2) {
    // "상하이 린강신구", "제15차 한중 과학기술협력공동위원회": a name found by its head
    // that is a lexicon entry with a place or an ordinal before it is that entry.
    for (auto& o : cands) {
      if (o.lex != -1 || o.rule.rfind("head:", 0) != 0) continue;
      for (const auto& x : cands)
        if (x.lex >= 0 && x.type == o.type && x.e == o.e && x.b > o.b && text(o.b, x.b).back() == ' ') {
          std::string_view prefix = text(o.b, x.b - 1);
          bool ordinal = prefix.find(' ') == std::string_view::npos &&
                         (startsWith(prefix, "제") || std::isdigit(static_cast<unsigned char>(prefix[0]))) &&
                         (endsWith(prefix, "차") || endsWith(prefix, "회") || endsWith(prefix, "기"));
          bool placeFirst = ordinal;
          for (const auto& q : cands)
            if (q.type == NodeType::Place && q.b == o.b && q.e + 1 == x.b) placeFirst = true;
          if (!placeFirst) continue;
          o.aliases.push_back(std::string(text(o.b, o.e)));
          o.lex = x.lex;
          o.name = x.name;
          break;
        }
    }
    std::vector<size_t> order(cands.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const Cand &x = cands[a], &y = cands[b];
      uint32_t lx = x.e - x.b, ly = y.e - y.b;
      if (x.priority == 3 && y.priority != 3 && x.b <= y.b && y.e <= x.e) return true;
      if (y.priority == 3 && x.priority != 3 && y.b <= x.b && x.e <= y.e) return false;
      if (lx != ly) return lx > ly;
      if (x.priority != y.priority) return x.priority > y.priority;
      return x.b < y.b;
    });
    std::vector<const Cand*> chosen, inner;
    for (size_t i : order) {
      const Cand& cd = cands[i];
      bool clash = false, nested = false;
      for (const Cand* o : chosen) {
        if (cd.b < o->e && o->b < cd.e) {
          clash = true;
          // A named thing inside a title or multi-word name, standing as its own word(s).
          bool wordAligned = (cd.b == o->b || sepLength(c.s, cd.b - 1) || c.soft[cd.b] || c.s[cd.b - 1] == '-') &&
                             (cd.e == o->e || sepLength(c.s, cd.e) || c.soft[cd.e] || c.s[cd.e] == ' ' ||
                              c.s[cd.e] == '-' || particleEnds(cd.e));
          // (a part of a city found by its head counts: "베이징 부도심" in "베이징 부도심 …시범구")
          bool known = cd.lex != -1 || (cd.type == NodeType::Place && cd.rule.rfind("head:", 0) == 0);
          if (o->b <= cd.b && cd.e <= o->e && known && wordAligned &&
              (o->type == NodeType::Program || o->type != NodeType::Event) && !(cd.b == o->b && cd.e == o->e))
            nested = true;
          // not the same thing again, with or without its place: "부도심 …시범구" in "베이징 부도심 …시범구"
          // (a lexicon entry inside stays: it tells which entry the longer form is, "상하이 린강신구")
          if (nested && cd.lex < 0 && (cd.name == o->name || (cd.type == o->type && cd.e == o->e))) nested = false;
          // nor another entry of the same type that ends the longer entry: its generic head
          // ("발전개혁위원회", the NDRC's short form, in "광둥성 발전개혁위원회")
          if (nested && cd.lex >= 0 && o->lex >= 0 && cd.lex != o->lex && cd.type == o->type && cd.e == o->e)
            nested = false;
        }
      }
      if (!clash) chosen.push_back(&cd);
      else if (nested) inner.push_back(&cd);
    }
    // Drop inner mentions overlapping each other (keep the longer).
    std::vector<const Cand*> keptInner;
    for (const Cand* cd : inner) {
      bool clash = false;
      for (const Cand* o : keptInner)
        if (cd->b < o->e && o->b < cd->e) clash = true;
      if (!clash) keptInner.push_back(cd);
    }
    auto make = [&](const Cand* cd, bool isInner) {
      SentMention m;
      m.b = cd->b;
      m.e = cd->e;
      m.type = cd->type;
      m.inner = isInner;
      // A unit by its head, whichever rule found it ("…연구소" from the lexicon or met before).
      m.unitHead = cd->unitHead;
      if (cd->type == NodeType::Organization)
        for (const std::string& h : st.rules->organizationUnitHeads())
          if (endsWith(cd->name, h)) m.unitHead = true;
      m.surface = std::string(text(cd->b, cd->e));
      m.rule = cd->rule;
      if (cd->lex <= -2) {
        m.entity = static_cast<uint32_t>(-2 - cd->lex);
      } else if (cd->parentPrefix.empty()) {
        m.entity = st.entityFor(cd->type, cd->name, cd->lex);
      } else {
        m.entity = st.entityFor(cd->type, cd->parentPrefix + " " + cd->name, cd->lex);
      }
      Entity& ent = st.doc.entities[m.entity];
      // A back-reference ("「의견」") names the entity only here: no alias.
      if (cd->rule != "quote-back-reference") st.addAlias(m.entity, m.surface);
      if (!cd->parentPrefix.empty()) st.addAlias(m.entity, cd->name);
      for (const auto& a : cd->aliases) st.addAlias(m.entity, a);
      (void)ent;
      // Tail particles, after the closing quote of a quoted title ("'…'에서", "「…」을").
      size_t from = m.e + closingMarkAt(m.e);
      // The classifier of "포켓모바일사는" is not part of the name, nor of its particles.
      if (cd->rule == "head:사" && std::string_view(c.s).substr(from, 3) == "사") from += 3;
      size_t we = from;
      while (we < c.s.size() && !sepLength(c.s, we) && !(we > from && c.soft[we])) {
        int32_t len;
        cpAt(c.s, we, &len);
        we += std::max(len, 1);
      }
      std::string_view rest = std::string_view(c.s).substr(from, we - from);
      bool whole = false;
      size_t n = particleChain(rest, &whole);
      if (whole) m.tail = std::string(rest.substr(0, n));
      return m;
    };
    for (const Cand* cd : chosen) ms.push_back(make(cd, false));
    for (const Cand* cd : keptInner) ms.push_back(make(cd, true));
    std::sort(ms.begin(), ms.end(), [](const SentMention& a, const SentMention& b) {
      return a.b != b.b ? a.b < b.b : a.e > b.e;
    });
    // Aliases from parentheticals go to the mention ending right there, else the one around it.
    for (const Paren& p : c.parens) {
      const SentMention* target = nullptr;
      for (const auto& m : ms)
        if (m.e == p.at) target = &m;
      if (!target)
        for (const auto& m : ms)
          if (m.b < p.at && p.at < m.e && !m.inner) target = &m;
      if (!target) continue;
      for (const auto& a : p.aliases) {
        st.addAlias(target->entity, a);
        if (!pass2) st.addGazetteer(a, target->entity);
      }
    }
    if (!pass2) {
      for (const auto& m : ms)
        // (not a Korean form that only its Hanja made clear: "장강(張江)" vs "장강(長江)")
        if (m.rule != "lexicon" && m.rule != "document" && m.rule != "lexicon-hanja" && syllables(m.surface) >= 2)
          st.addGazetteer(m.surface, m.entity);
    }
    if (!st.collectOnly) {
      for (const auto& m : ms) {
        Mention out;
        out.span = Span{c.map[m.b], c.map[m.e]};
        out.sentence = index;
        out.entity = m.entity;
        out.surface = m.surface;
        out.rule = m.rule;
        st.doc.mentions.push_back(std::move(out));
        st.doc.entities[m.entity].mentions++;
      }
    }
  }

  // ---- phase 1 as data: the name rules of extract/rules/*.rules over the words
  // and the names found so far (lexicon, heads, quotes), taken longest first.
  void ruleNameCandidates() {
    std::vector<size_t> order(cands.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const Cand &x = cands[a], &y = cands[b];
      if (x.e - x.b != y.e - y.b) return x.e - x.b > y.e - y.b;
      return x.priority > y.priority;
    });
    std::vector<const Cand*> picked;
    for (size_t i : order) {
      const Cand& cd = cands[i];
      // (people the first engine guessed from a title are left to the name rules)
      // and names the document's earlier sentences gave are found again by the rules that gave them
      if (cd.generic || (cd.type == NodeType::Person && cd.lex < 0) || cd.lex <= -2) continue;
      bool clash = false;
      for (const Cand* o : picked) clash |= cd.b < o->e && o->b < cd.e;
      if (!clash) picked.push_back(&cd);
    }
    std::sort(picked.begin(), picked.end(), [](const Cand* a, const Cand* b) { return a->b < b->b; });
    std::vector<detail::RuleMention> rm;
    for (const Cand* cd : picked) {
      detail::RuleMention x;
      x.b = cd->b;
      x.e = cd->e;
      uint32_t we = static_cast<uint32_t>(wordEnd(c.s, cd->e));
      if (!rm.empty() && x.b < rm.back().tailEnd) continue;
      x.role = st.rules->josa().roleOf(text(cd->e, we));
      x.tailEnd = x.role == detail::Role::Other ? cd->e : we;
      x.type = cd->type;
      rm.push_back(x);
    }
    std::vector<detail::RelationRules::Gloss> glosses;
    for (const Paren& p : c.parens)
      if (!p.hereafter && !p.aliases.empty()) glosses.emplace_back(p.at, p.aliases.front());
    // Two rounds: names found in the first are mentions in the second ("김태성
    // 한빛테크 대표": the firm first, then the person before it).
    std::vector<detail::RuleName> found;
    if (namesMemo && sameMentions(namesMemo->mentions, rm)) {  // pass 2, as in pass 1
      found = std::move(namesMemo->found);
      namesMemo.reset();
    } else {
      namesMemo = NamesMemo{rm, {}};
      findNames(rm, glosses, found);
      namesMemo->found = found;
    }
    // In front: of two candidates with one span, choose() keeps the first, and a
    // name rule reads more of the sentence than the first engine's word tests.
    std::vector<Cand> named;
    for (const auto& f : found) {
      Cand k;
      k.b = f.b;
      k.e = f.e;
      k.type = f.type;
      k.name = std::string(text(f.b, f.e));
      k.rule = st.rules->name(f.rule);
      k.priority = 3;
      named.push_back(std::move(k));
    }
    ruleNamesFound(named);
  }

  // The two rounds of the name rules over the first-round mentions `rm`.
  void findNames(std::vector<detail::RuleMention>& rm,
                 const std::vector<detail::RelationRules::Gloss>& glosses,
                 std::vector<detail::RuleName>& found) const {
    st.rules->matchNames(c.s, words(), rm, glosses, found);
    if (!found.empty()) {
      size_t before = rm.size();
      for (const auto& f : found) {
        bool clash = false;
        for (size_t i = 0; i < before && !clash; ++i) clash = f.b < rm[i].tailEnd && rm[i].b < f.e;
        for (size_t i = before; i < rm.size() && !clash; ++i) clash = f.b < rm[i].tailEnd && rm[i].b < f.e;
        if (clash) continue;
        detail::RuleMention x;
        x.b = f.b;
        x.e = f.e;
        uint32_t we = static_cast<uint32_t>(wordEnd(c.s, f.e));
        x.role = st.rules->josa().roleOf(text(f.e, we));
        x.tailEnd = x.role == detail::Role::Other ? f.e : we;
        x.type = f.type;
        rm.push_back(x);
      }
      std::sort(rm.begin(), rm.end(), [](const auto& a, const auto& b) { return a.b < b.b; });
      std::vector<detail::RuleName> second;
      st.rules->matchNames(c.s, words(), rm, glosses, second);
      for (const auto& n : second)
        if (std::none_of(found.begin(), found.end(),
                         [&](const auto& f) { return f.b == n.b && f.e == n.e && f.type == n.type; }))
          found.push_back(n);
    }
  }

  // The names the name rules found, as candidates in front of the others.
  void ruleNamesFound(std::vector<Cand>& named) {
    // A person a name rule found ends every guess of the first engine that runs
    // over the name ("왕리 중국과학원" is 왕리 and 중국과학원).
    for (const Cand& p : named) {
      if (p.type != NodeType::Person) continue;
      cands.erase(std::remove_if(cands.begin(), cands.end(),
                                 [&](const Cand& o) {
                                   return o.lex < 0 && o.b < p.e && p.b < o.e && !(o.b == p.b && o.e == p.e) &&
                                          !(p.b <= o.b && o.e <= p.e);
                                 }),
                  cands.end());
    }
    cands.insert(cands.begin(), std::make_move_iterator(named.begin()), std::make_move_iterator(named.end()));
  }

  // ---- in-document coreference for phase 2: "설명회는 …가 주최했다", "양해각서에
  //서명했다": a bare head noun of an event or programme the document named
  // before (in this sentence or an earlier one) stands for that event or
  // programme. The head nouns that may refer back are the word class @anaphor-head.
  void anaphorMentions(std::vector<detail::RuleMention>& rm) const {
    const auto& toks = words().tokens;
    std::vector<detail::RuleMention> extra;
    size_t next = 0;
    for (const auto& t : toks) {
      if (t.punct) continue;
      while (next < rm.size() && rm[next].tailEnd <= t.b) ++next;
      if (next < rm.size() && rm[next].b < t.e) continue;  // inside a mention
      std::string_view stem = text(t.b, t.stemEnd);
      // "주최: A, B" in an event's fact box: the label stands for the event the
      // document described last.
      bool label = false;
      const size_t k = static_cast<size_t>(&t - toks.data());
      if (st.rules->tokenInClass(words(), k, "@event-label")) {
        label = k + 1 < toks.size() && toks[k + 1].punct && c.s[toks[k + 1].b] == ':';
        if (!label) continue;
      }
      // "관리위원회와 투자협약을 맺었다", "센터는 첫 사업으로": a body's bare head refers back
      // to the last body of the document whose name ends with it.
      const bool bodyHead = !label && st.rules->tokenInClass(words(), k, "@body-anaphor-head");
      if (!label && !bodyHead && !st.rules->tokenInClass(words(), k, "@anaphor-head") &&
          !(t.role == detail::Role::Loc && st.rules->tokenInClass(words(), k, "@event-speech")))
        continue;
      // The word before must not make it part of another name ("일대일 상담회"): only
      // demonstratives and day words (@anaphor-before), or nothing, or punctuation.
      // (a word with a josa or an ending, "부원장은 기조연설에서", ends its own phrase)
      const bool wordBefore = !label && k > 0 && !toks[k - 1].punct && toks[k - 1].e + 1 >= t.b &&
                              toks[k - 1].role == detail::Role::None;
      const bool demonstrative = wordBefore && st.rules->tokenInClass(words(), k - 1, "@anaphor-before");
      if (wordBefore && !demonstrative) continue;
      int64_t found = -1;
      auto matches = [&](const Entity& en) {
        if (bodyHead && isBody(en.type))
          return en.name.size() > stem.size() + 3 && endsWith(en.name, stem);
        if (en.type != NodeType::Event && en.type != NodeType::Program) return false;
        // (행사 "the event", its ceremonies and speeches, @event-part, refer to the last
        // event of any name)
        bool anyEvent = label || st.rules->tokenInClass(words(), k, "@event-part") ||
                        st.rules->tokenInClass(words(), k, "@event-speech");
        return anyEvent ? en.type == NodeType::Event : endsWith(en.name, stem);
      };
      for (size_t k = ms.size(); k-- > 0 && found < 0;)
        if (ms[k].e <= t.b && matches(st.doc.entities[ms[k].entity])) found = ms[k].entity;
      // (earlier sentences only: this one's names are in ms, with their positions)
      for (size_t q = st.doc.mentions.size(); q-- > 0 && found < 0;)
        if (st.doc.mentions[q].sentence != index && matches(st.doc.entities[st.doc.mentions[q].entity]))
          found = st.doc.mentions[q].entity;
      if (found < 0) continue;
      detail::RuleMention x;
      x.b = t.b;
      // "이번 박람회", "이날 회의": the demonstrative is part of the mention, so a
      // pattern that wants the event right after a verb ("주관한 이번 박람회") sees it there.
      if (demonstrative) x.b = toks[k - 1].b;
      x.e = t.stemEnd;
      x.tailEnd = t.e;
      x.entity = static_cast<uint32_t>(found);
      x.type = st.doc.entities[found].type;
      x.role = label ? detail::Role::Label : t.role;
      extra.push_back(x);
    }
    if (extra.empty()) return;
    rm.insert(rm.end(), extra.begin(), extra.end());
    std::sort(rm.begin(), rm.end(), [](const auto& a, const auto& b) { return a.b < b.b; });
  }

  // ---- phase 2 as data: the relation rules of extract/rules/*.rules over this
  // sentence's top-level mentions and words.
  void ruleRelations() {
    // A body whose name starts with the name of another body is its unit:
    // "KOTRA 칭다오무역관", "중국과학원 국제합작국", "국무원 판공청" (ANNOTATION.md, partOf).
    for (const auto& outer : ms) {
      if (outer.inner) continue;
      for (const auto& in : ms)
        if (in.inner && in.b == outer.b && in.e < outer.e && isBody(in.type) && isBody(outer.type) &&
            in.entity != outer.entity && c.s[in.e] == ' ')
          st.addRelation(EdgeType::PartOf, outer.entity, in.entity, index, "unit-named-after-body");
    }
    std::vector<detail::RuleMention> rm;
    rm.reserve(ms.size());
    for (const auto& m : ms) {
      if (m.inner || (!rm.empty() && m.b < rm.back().tailEnd)) continue;
      detail::RuleMention x;
      x.b = m.b;
      x.e = m.e;
      x.tailEnd = m.e + static_cast<uint32_t>(m.tail.size());
      x.entity = m.entity;
      x.type = m.type;
      x.role = st.rules->josa().roleOf(m.tail);
      const std::string& lexId = st.doc.entities[m.entity].lexiconId;
      if (!lexId.empty())
        if (auto entry = st.lex.findId(lexId)) x.lexEntry = static_cast<int32_t>(*entry);
      rm.push_back(x);
    }
    anaphorMentions(rm);
    std::vector<detail::RuleEdge> edges;
    st.rules->match(c.s, words(), rm, *st.parentOf, edges);
    for (const auto& e : edges) st.addRelation(e.type, e.source, e.target, index, st.rules->name(e.rule).c_str());
    tableRowRelations();
  }

  // What a table row states by its layout (detail/table_rows.h); the row says it is
  // about cooperation when one of its words is of @coop-verb or @joint.
  void tableRowRelations() {
    auto cells = detail::tableCells(c.s);
    if (cells.empty()) return;
    std::vector<detail::RowMention> rm;
    for (const auto& m : ms)
      if (!m.inner) rm.push_back(detail::RowMention{m.b, m.e, m.entity, m.type});
    bool cooperation = false;
    for (size_t k = 0; k < words().tokens.size() && !cooperation; ++k)
      cooperation = st.rules->tokenInClass(words(), k, "@coop-verb") ||
                    st.rules->tokenInClass(words(), k, "@joint");
    for (const auto& e : detail::tableRowEdges(c.s, cells, rm, cooperation))
      st.addRelation(e.type, e.from, e.to, index, "table-row");
  }

  // ------------------------------------------------------------ relations

  bool sentenceHas(std::initializer_list<std::string_view> words) const {
    for (auto w : words)
      if (contains(c.s, w)) return true;
    return false;
  }
  template <size_t N>
  bool sentenceHasAny(const std::string_view (&words)[N], size_t from = 0) const {
    std::string_view s = std::string_view(c.s).substr(std::min(from, c.s.size()));
    for (auto w : words)
      if (contains(s, w)) return true;
    return false;
  }

  std::string_view between(const SentMention& a, const SentMention& b) const {
    uint32_t from = a.e + static_cast<uint32_t>(a.tail.size());
    if (b.b <= from) return {};
    return text(from, b.b);
  }

  static bool isSubjectTail(const std::string& t) {
    return t == "은" || t == "는" || t == "이" || t == "가" || t == "께서" || t == "에서는";
  }
  static bool isWithTail(const std::string& t) {
    return t == "와" || t == "과" || t == "와의" || t == "과의" || t == "와는" || t == "과는";
  }

  // Is mention i followed directly by a comma that opens a headline ("발개위, '…' 수립")?
  bool headlineSubject(size_t i) const {
    const auto& m = ms[i];
    if (!(m.tail.empty() && m.e < c.s.size() && c.s[m.e] == ',' && (sent.headline || m.b < 4))) return false;
    // The headline's subject comes first; a later name before a comma is a list item.
    for (const auto& o : ms)
      if (!o.inner && o.b < m.b) return false;
    return true;
  }

  void relations() {
    const size_t n = ms.size();
    auto top = [&](size_t i) { return !ms[i].inner; };
    // locatedIn / partOf by adjacency: "하얼빈 종합보세구", "제6연구원 101연구소"
    for (size_t i = 0; i + 1 < n; ++i) {
      const auto &a = ms[i], &b = ms[i + 1];
      if (a.e > b.b) {
        // b nested in a: a named place inside a zone's or organisation's name qualifies it.
        continue;
      }
      std::string_view gap = text(a.e, b.b);
      bool adjacent = a.tail.empty() && (gap.empty() || gap == " ");
      if (!adjacent) continue;
      // "중-말레이시아 친저우산업단지": one of a pair of partners, not the location.
      if ((a.b > 0 && c.s[a.b - 1] == '-') || (a.e < c.s.size() && c.s[a.e] == '-')) continue;
      // Place before place only when the second is written as a lower unit ("허난 뤄양시",
      // "베이징 통저우구"); "베이징 상하이 광저우" is a list.
      bool placeInPlace = b.type == NodeType::Place &&
                          (endsWith(b.surface, "시") || endsWith(b.surface, "구") || endsWith(b.surface, "현") ||
                           endsWith(b.surface, "자치주") || endsWith(b.surface, "지역") ||
                           endsWith(b.surface, "성") || endsWith(b.surface, "권")) &&
                          !(i + 2 < n && ms[i + 2].type == NodeType::Place && text(b.e, ms[i + 2].b) == " ");
      if (a.type == NodeType::Place && (b.type == NodeType::Zone || b.type == NodeType::Organization ||
                                        b.type == NodeType::Event || placeInPlace)) {
        st.addRelation(EdgeType::LocatedIn, b.entity, a.entity, index, "place-before");
      }
      if (isBody(a.type) && (b.type == NodeType::Organization || b.type == NodeType::Agency) && b.unitHead)
        st.addRelation(EdgeType::PartOf, b.entity, a.entity, index, "unit-after-body");
    }
    // The same between top-level names with names inside them:
    // "장시성과학원 과학기술전략연구소" (장시 inside the first).
    for (size_t i = 0; i < n; ++i) {
      if (ms[i].inner || !isBody(ms[i].type) || !ms[i].tail.empty()) continue;
      size_t j = i + 1;
      while (j < n && ms[j].inner) ++j;
      if (j == i + 1 || j == n) continue;  // nothing inside: handled above
      const auto& b = ms[j];
      if (text(ms[i].e, b.b) == " " && (b.type == NodeType::Organization || b.type == NodeType::Agency) && b.unitHead)
        st.addRelation(EdgeType::PartOf, b.entity, ms[i].entity, index, "unit-after-body");
    }
    // Places named inside a zone's or organisation's name: "베이징 부도심 국가녹색개발시범구".
    for (size_t i = 0; i < n; ++i) {
      if (ms[i].inner) continue;
      for (size_t j = 0; j < n; ++j) {
        if (!ms[j].inner || !(ms[i].b <= ms[j].b && ms[j].e <= ms[i].e)) continue;
        // A named zone written as the first word of a zone's or unit's name is where
        // it is: "중관촌 창업거리", "대덕연구개발특구 나노종합기술원".
        if (ms[j].type == NodeType::Zone && ms[j].b == ms[i].b && ms[j].entity != ms[i].entity &&
            text(ms[j].e, ms[j].e + 1) == " " &&
            (ms[i].type == NodeType::Zone || ms[i].type == NodeType::Organization))
          st.addRelation(EdgeType::LocatedIn, ms[i].entity, ms[j].entity, index, "zone-in-name");
        if (ms[j].type != NodeType::Place) continue;
        std::string_view after = text(ms[j].e, std::min<uint32_t>(ms[j].e + 1, ms[i].e));
        std::string_view before = ms[j].b > 0 ? text(ms[j].b - 1, ms[j].b) : "";
        if (after == "-" || before == "-") continue;  // "중국-싱가포르": a partnership, not a location
        if (ms[i].type == NodeType::Zone || ms[i].type == NodeType::Organization ||
            (ms[i].type == NodeType::Place && ms[i].entity != ms[j].entity))  // "베이징 부도심"
          st.addRelation(EdgeType::LocatedIn, ms[i].entity, ms[j].entity, index, "place-in-name");
        if (ms[i].type == NodeType::Program)
          st.addRelation(EdgeType::Targets, ms[i].entity, ms[j].entity, index, "place-in-title");
      }
      // A unit named with its parent body first: "중국과학원 선전선진기술연구소".
      if (ms[i].unitHead && (ms[i].type == NodeType::Organization || ms[i].type == NodeType::Agency))
        for (size_t j = 0; j < n; ++j)
          if (ms[j].inner && ms[j].b == ms[i].b && ms[j].e < ms[i].e && isBody(ms[j].type) &&
              ms[j].type != NodeType::Place && ms[j].entity != ms[i].entity && text(ms[j].e, ms[j].e + 1) == " ")
            st.addRelation(EdgeType::PartOf, ms[i].entity, ms[j].entity, index, "unit-in-name");
      for (size_t j = 0; j < n; ++j) {
        if (!ms[j].inner || !(ms[i].b <= ms[j].b && ms[j].e <= ms[i].e)) continue;
        if (ms[i].type == NodeType::Program && ms[j].type == NodeType::Zone) {
          bool covered = false;  // only the outermost named zone
          for (size_t k2 = 0; k2 < n; ++k2)
            if (k2 != j && ms[k2].inner && ms[k2].b <= ms[j].b && ms[j].e <= ms[k2].e &&
                (ms[k2].e - ms[k2].b) > (ms[j].e - ms[j].b))
              covered = true;
          if (!covered) st.addRelation(EdgeType::Targets, ms[i].entity, ms[j].entity, index, "zone-in-title");
        }
        if (ms[i].type == NodeType::Program && isBody(ms[j].type) && ms[j].tail == "의" && ms[j].b == ms[i].b) {
          st.addRelation(EdgeType::Issued, ms[j].entity, ms[i].entity, index, "issuer-in-title");
          std::string rest = trimCopy(text(ms[j].e + static_cast<uint32_t>(ms[j].tail.size()), ms[i].e));
          st.addAlias(ms[i].entity, rest);
        }
      }
    }
    // "X에 위치한 Y", "X 서부에 위치한 Y", "Y가 위치한 X"
    for (size_t i = 0; i < n; ++i) {
      if (!top(i) || ms[i].type != NodeType::Place) continue;
      std::string_view after = text(ms[i].e, static_cast<uint32_t>(c.s.size()));
      size_t p = after.find("위치한");
      if (p == std::string_view::npos || p > 30) continue;
      std::string_view lead = after.substr(0, p);
      for (size_t j = i + 1; j < n; ++j) {
        if (!top(j)) continue;
        if (ms[j].b < ms[i].e + p) continue;
        if (ms[i].tail == "에" || (ms[i].tail.empty() && endsWith(trimCopy(lead), "에"))) {
          st.addRelation(EdgeType::LocatedIn, ms[j].entity, ms[i].entity, index, "located-at");
        }
        break;
      }
      if (ms[i].tail == "이" || ms[i].tail == "가") {
        for (size_t j = i + 1; j < n; ++j)
          if (top(j) && ms[j].b >= ms[i].e + p) {
            st.addRelation(EdgeType::LocatedIn, ms[i].entity, ms[j].entity, index, "located-at");
            break;
          }
      }
    }
    // Appositives: "한국의 포켓모바일", "중국의 실리콘밸리로 불리는 중관촌", "중국 최대 연구개발기지인 장강하이테크파크"
    // A zone's bodies too: "동후하이테크개발구의 우한광전국가연구센터".
    for (size_t i = 0; i + 1 < n; ++i) {
      const bool zone = ms[i].type == NodeType::Zone;
      if (!top(i) || !(ms[i].type == NodeType::Place || zone)) continue;
      if (!(ms[i].tail == "의" || ms[i].tail.empty())) continue;
      size_t j = i + 1;
      while (j < n && ms[j].inner) ++j;
      if (j >= n) break;
      const auto& b = ms[j];
      if (!(b.type == NodeType::Zone || b.type == NodeType::Company || b.type == NodeType::Organization)) continue;
      if (zone && b.type == NodeType::Zone) continue;
      std::string g = trimCopy(between(ms[i], b));
      if (contains(g, ",") || g.size() > 60) continue;
      bool ok = (g.empty() && ms[i].tail == "의") || (!zone && (endsWith(g, "인") || endsWith(g, "불리는")));
      if (ok) st.addRelation(EdgeType::LocatedIn, b.entity, ms[i].entity, index, "appositive");
    }
    // Where an event is held: "북경에서 … 회의를 개최", "‘…행사’가 … 충칭에서 개최"
    if (sentenceHas({"개최", "열리", "열려", "열린", "열림", "진행"})) {
      for (size_t i = 0; i < n; ++i) {
        if (!top(i) || ms[i].type != NodeType::Place || ms[i].tail != "에서") continue;
        for (size_t j = 0; j < n; ++j)
          if (top(j) && ms[j].type == NodeType::Event)
            st.addRelation(EdgeType::LocatedIn, ms[j].entity, ms[i].entity, index, "held-in");
      }
    }
    // People and events: "최 장관은 … 회의와 … 행사를 개최", "시진핑 주석은 '…좌담회'에서"
    for (size_t i = 0; i < n; ++i) {
      if (!top(i) || ms[i].type != NodeType::Person) continue;
      for (size_t j = 0; j < n; ++j) {
        if (!top(j) || ms[j].type != NodeType::Event) continue;
        bool ok = ms[j].tail == "에서" || ms[j].tail == "에" || sentenceHasAny(kParticipateVerbs);
        if (ok) st.addRelation(EdgeType::ParticipatesIn, ms[i].entity, ms[j].entity, index, "attends");
      }
    }
    // Bodies holding or joining an event: "과학기술정보통신부는 중관촌포럼을 개최했다".
    if (sentenceHas({"개최", "주최", "주관", "참가", "참석", "참여", "공동 개최"})) {
      for (size_t i = 0; i < n; ++i) {
        if (!top(i) || !isBody(ms[i].type) || !isSubjectTail(ms[i].tail)) continue;
        for (size_t j = i + 1; j < n; ++j) {
          if (!top(j) || ms[j].type != NodeType::Event) continue;
          bool object = ms[j].tail == "을" || ms[j].tail == "를" || ms[j].tail == "에" || ms[j].tail == "에서";
          if (object) st.addRelation(EdgeType::ParticipatesIn, ms[i].entity, ms[j].entity, index, "holds");
        }
        break;  // the first subject only
      }
    }
    // leads: person next to a title and a body
    for (size_t i = 0; i < n; ++i) {
      if (!top(i) || ms[i].type != NodeType::Person) continue;
      std::string_view after = text(ms[i].e, static_cast<uint32_t>(c.s.size()));
      while (!after.empty() && after.front() == ' ') after.remove_prefix(1);
      std::string_view before = text(0, ms[i].b);
      auto leadingTitleAt = [&](std::string_view s) {
        for (auto t : kLeadingTitles)
          if (startsWith(s, t)) return true;
        return false;
      };
      auto leadingTitleEnds = [&](std::string_view s) {
        std::string t = trimCopy(s);
        for (auto lt : kLeadingTitles)
          if (endsWith(t, lt)) return true;
        return false;
      };
      int body = -1;
      // body right before the person: "중국 과학기술부 완강 장관"
      if (leadingTitleAt(after)) {
        for (size_t j = i; j-- > 0;) {
          if (!top(j)) continue;
          if (isBody(ms[j].type)) {
            std::string_view gap = text(ms[j].e, ms[i].b);
            bool near = gap.size() <= 1 || (ms[j].tail.size() + 1 >= gap.size());
            bool visit = contains(gap, "방문") || contains(gap, "만나");
            if ((near || visit) && !contains(gap, ",")) body = static_cast<int>(j);
          }
          break;
        }
        // body between the person and the title: "최양희 미래창조과학부 장관"
      }
      if (body < 0 && i + 1 < n && top(i + 1) && isBody(ms[i + 1].type)) {
        std::string_view gap = text(ms[i].e, ms[i + 1].b);
        std::string_view t = text(ms[i + 1].e, static_cast<uint32_t>(c.s.size()));
        while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
        if (trimCopy(gap).empty() && leadingTitleAt(t)) body = static_cast<int>(i + 1);
      }
      // title before the person: "샤오미의 CEO 레이쥔"
      if (body < 0 && leadingTitleEnds(before)) {
        for (size_t j = i; j-- > 0;) {
          if (!top(j)) continue;
          if (isBody(ms[j].type) && ms[j].tail == "의") body = static_cast<int>(j);
          break;
        }
      }
      if (body >= 0) st.addRelation(EdgeType::Leads, ms[i].entity, ms[body].entity, index, "title");
    }
    issuedRelations();
    cooperationRelations();
    participationRelations();
    foundingRelations();
    containmentRelations();
    siteRelations();
    visitRelations();
    facilityRelations();
    targetRelations();
  }

  // Subjects of the sentence before position `before`: bodies marked as subject,
  // with those joined to them by 와/과 or commas, and "X 등 N개 부처".
  std::vector<size_t> subjectGroup(size_t before) const {
    std::vector<size_t> out;
    for (size_t i = 0; i < before && i < ms.size(); ++i) {
      if (ms[i].inner) continue;
      bool subj = isSubjectTail(ms[i].tail) || headlineSubject(i);
      std::string_view after = text(ms[i].e, static_cast<uint32_t>(c.s.size()));
      if (startsWith(after, " 등 ") && ms[i].tail.empty()) subj = true;
      if (ms[i].tail == "등은" || ms[i].tail == "등이" || ms[i].tail == "등") subj = true;
      if (!subj) continue;
      out.push_back(i);
      for (size_t j = i; j-- > 0;) {
        if (ms[j].inner) continue;
        std::string_view gap = text(ms[j].e + static_cast<uint32_t>(ms[j].tail.size()), ms[j + 1 <= i ? j + 1 : i].b);
        bool joined = isWithTail(ms[j].tail) || ((ms[j].tail.empty()) && (trimCopy(gap) == "," || trimCopy(gap) == "·"));
        if (!joined) break;
        out.push_back(j);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  void issuedRelations() {
    const size_t n = ms.size();
    for (size_t p = 0; p < n; ++p) {
      if (ms[p].inner || ms[p].type != NodeType::Program) continue;
      std::string_view after = text(ms[p].e, static_cast<uint32_t>(c.s.size()));
      bool verb = false;
      for (auto v : kIssueVerbs)
        if (contains(after, v)) verb = true;
      if (ms[p].tail == "의" || ms[p].tail == "과" || ms[p].tail == "와") verb = false;
      if (ms[p].tail == "에서" || ms[p].tail == "에서는") verb = true;
      // "…계획을 통해 추진한 '…'의 성과를 발표": the programme is the means, not what is issued.
      if ((ms[p].tail == "을" || ms[p].tail == "를") &&
          (startsWith(after, std::string(ms[p].tail) + " 통해") || startsWith(after, std::string(ms[p].tail) + " 통하여")))
        verb = false;
      if (!verb) continue;
      std::vector<size_t> issuers = subjectGroup(p);
      // "국무원 '…'을 발표": a body right before the title with no particle.
      if (p > 0) {
        size_t q = p - 1;
        while (q > 0 && ms[q].inner) --q;
        if (!ms[q].inner && isBody(ms[q].type) && ms[q].tail.empty() && text(ms[q].e, ms[p].b).size() <= 6)
          issuers.push_back(q);
      }
      bool group = contains(text(0, ms[p].b), "등 ") && sentenceHas({"개 부처", "개 기관", "개 부문"});
      for (size_t q : issuers) {
        uint32_t who = ms[q].entity;
        if (ms[q].type == NodeType::Place) {
          // A city or province that issues is its government: "베이징시는 … 발표".
          if (!(endsWith(ms[q].surface, "시") || endsWith(ms[q].surface, "성"))) continue;
          who = st.entityFor(NodeType::Agency, ms[q].surface, -1);
          st.doc.entities[who].mentions++;
        }
        st.addRelation(EdgeType::Issued, who, ms[p].entity, index, "issued");
      }
      if (!issuers.empty()) {
        if (sent.section != st.topicSection || st.topic < 0) {
          st.topicSection = sent.section;
        }
        st.topic = ms[p].entity;
        st.topicSection = sent.section;
        if (group) st.pendingGroupProgram = ms[p].entity;
      }
    }
    // "* 국가지적재산권국, 공업신식화부, … 등 5개": the footnote lists the group.
    if (sent.footnote && st.pendingGroupProgram >= 0 && contains(c.s, "등 ")) {
      for (const auto& m : ms)
        if (!m.inner && (m.type == NodeType::Agency || m.type == NodeType::Organization))
          st.addRelation(EdgeType::Issued, m.entity, static_cast<uint32_t>(st.pendingGroupProgram), index, "issued-group");
      st.pendingGroupProgram = -1;
    } else if (!sent.footnote) {
      bool hadGroup = false;
      for (const auto& m : ms)
        if (m.type == NodeType::Program && static_cast<int64_t>(m.entity) == st.pendingGroupProgram) hadGroup = true;
      if (!hadGroup) st.pendingGroupProgram = -1;
    }
  }

  bool coopEligible(NodeType t) const {
    return t == NodeType::Company || t == NodeType::Agency || t == NodeType::Organization ||
           t == NodeType::Place || t == NodeType::Zone;
  }

  void cooperationRelations() {
    if (!sentenceHasAny(kCoopWords)) return;
    const size_t n = ms.size();
    bool issuing = false;
    for (const auto& r : st.doc.relations)
      if (r.sentence == index && r.type == EdgeType::Issued) issuing = true;
    for (size_t i = 0; i < n; ++i) {
      if (ms[i].inner || !coopEligible(ms[i].type)) continue;
      bool subj = isSubjectTail(ms[i].tail) || headlineSubject(i);
      // "A와 B 간의 협력", "A와 B 국가간의", "A&B, …"
      if (isWithTail(ms[i].tail) || (ms[i].tail.empty() && ms[i].e < c.s.size() && c.s[ms[i].e] == '&')) {
        size_t j = i + 1;
        while (j < n && ms[j].inner) ++j;
        if (j < n && coopEligible(ms[j].type)) {
          std::string_view after = text(ms[j].e, static_cast<uint32_t>(c.s.size()));
          std::string g = trimCopy(between(ms[i], ms[j]));
          bool pairWord = startsWith(ms[j].tail, "간") || startsWith(after, " 간") || startsWith(after, " 국가간") ||
                          startsWith(after, " 국가 간") || startsWith(after, "국가간") || startsWith(after, "국가와");
          bool amp = ms[i].tail.empty() && g == "&";
          bool jointSubject = isSubjectTail(ms[j].tail) && contains(after, "공동");
          if ((g.empty() || amp) && (pairWord || amp || (jointSubject && !issuing)))
            st.addRelation(EdgeType::CooperatesWith, ms[i].entity, ms[j].entity, index, "pair");
        }
      }
      if (!subj) continue;
      // Partners: later mentions marked with 와/과, or the members of "A, B 등 N개사와".
      for (size_t j = i + 1; j < n; ++j) {
        if (ms[j].inner || !coopEligible(ms[j].type)) continue;
        bool partner = isWithTail(ms[j].tail);
        if (!partner && ms[j].tail.empty()) {
          std::string_view after = text(ms[j].e, static_cast<uint32_t>(c.s.size()));
          // enumeration members before "등 N개사와"
          constexpr std::string_view kEtc = " 등 ";
          size_t d = after.find(kEtc);
          if (d != std::string_view::npos && d < 80) {
            std::string_view rest = after.substr(d + kEtc.size());
            size_t we = rest.find(' ');
            std::string_view cls = rest.substr(0, we);
            if (endsWith(cls, "와") || endsWith(cls, "과")) {
              partner = true;
              // no subject between the member and "등" (the list is the partners')
              for (size_t k2 = 0; k2 < n; ++k2)
                if (!ms[k2].inner && ms[k2].b > ms[j].b && ms[k2].b < ms[j].e + d && isSubjectTail(ms[k2].tail))
                  partner = false;
            }
          }
        }
        if (partner) st.addRelation(EdgeType::CooperatesWith, ms[i].entity, ms[j].entity, index, "with");
      }
    }
  }

  void participationRelations() {
    if (!sentenceHas({"체결", "서명", "참여", "참가", "통해", "추진한", "가입"})) return;
    const size_t n = ms.size();
    for (size_t p = 0; p < n; ++p) {
      if (ms[p].inner || ms[p].type != NodeType::Program) continue;
      bool issuedBy = false;
      for (size_t i = 0; i < n; ++i) {
        if (ms[i].inner || !isBody(ms[i].type) || ms[i].type == NodeType::Agency) continue;
        for (const auto& r : st.doc.relations)
          if (r.type == EdgeType::Issued && r.source == ms[i].entity && r.target == ms[p].entity) issuedBy = true;
        if (issuedBy) continue;
        bool subj = isSubjectTail(ms[i].tail) || headlineSubject(i);
        bool signing = sentenceHas({"체결", "서명"});
        if (subj || (signing && ms[i].type == NodeType::Company))
          st.addRelation(EdgeType::ParticipatesIn, ms[i].entity, ms[p].entity, index, "takes-part");
      }
    }
  }

  void foundingRelations() {
    if (!sentenceHasAny(kFoundVerbs)) return;
    const size_t n = ms.size();
    for (size_t i = 0; i < n; ++i) {
      if (ms[i].inner || !isBody(ms[i].type)) continue;
      if (!(isSubjectTail(ms[i].tail) || headlineSubject(i))) continue;
      for (size_t j = i + 1; j < n; ++j)
        if (!ms[j].inner && ms[j].unitHead)
          st.addRelation(EdgeType::PartOf, ms[j].entity, ms[i].entity, index, "founded-by");
      break;
    }
  }

  // "상해를 방문해 … 장강하이테크파크와 … 방사광원을 시찰", "북경에서 … 중관촌을 시찰":
  // what is visited there lies in the place visited.
  void visitRelations() {
    static constexpr std::string_view kVisit[] = {"시찰", "견학", "방문"};
    if (!sentenceHasAny(kVisit)) return;
    const size_t n = ms.size();
    auto visitedAfter = [&](const SentMention& m) {
      std::string_view after = text(m.e + static_cast<uint32_t>(m.tail.size()), static_cast<uint32_t>(c.s.size()));
      if (!startsWith(after, " ")) return false;
      after.remove_prefix(1);
      for (auto v : kVisit)
        if (startsWith(after, v)) return true;
      return false;
    };
    for (size_t i = 0; i < n; ++i) {
      const auto& site = ms[i];
      if (site.inner || !(site.type == NodeType::Zone || site.type == NodeType::Organization)) continue;
      bool visited = false;
      if (site.tail == "을" || site.tail == "를") visited = visitedAfter(site);
      // "A와 B를 시찰": A too, whether or not B is a name we know
      if (!visited && (site.tail == "와" || site.tail == "과")) {
        std::string_view rest = text(site.e + static_cast<uint32_t>(site.tail.size()), static_cast<uint32_t>(c.s.size()));
        for (int words = 0; words < 6 && startsWith(rest, " "); ++words) {
          rest.remove_prefix(1);
          std::string_view w = rest.substr(0, rest.find(' '));
          if (endsWith(w, "을") || endsWith(w, "를")) {
            std::string_view after = rest.substr(w.size());
            if (startsWith(after, " "))
              for (auto v : kVisit)
                if (startsWith(after.substr(1), v)) visited = true;
            break;
          }
          // a name we know ("상해") is a word of the phrase, whatever it ends like
          const auto pos = static_cast<uint32_t>(c.s.size() - rest.size());
          bool known = false;
          for (const auto& o : ms)
            if (o.b == pos && o.tail.empty()) known = true;
          if (!known && closesPhrase(w)) break;
          rest.remove_prefix(w.size());
        }
      }
      if (!visited) continue;
      // The place: the last one before, where the visit happens ("…에서") or which is visited ("…를 방문").
      size_t where = n;
      for (size_t q = 0; q < n; ++q) {
        if (ms[q].inner || ms[q].type != NodeType::Place || ms[q].e > site.b) continue;
        bool at = ms[q].tail == "에서" || ((ms[q].tail == "을" || ms[q].tail == "를") && visitedAfter(ms[q]));
        if (at && (where == n || ms[q].b > ms[where].b)) where = q;
      }
      if (where != n) st.addRelation(EdgeType::LocatedIn, site.entity, ms[where].entity, index, "visited-in");
    }
  }

  // "삼성전자는 시안 하이테크산업개발구에 반도체 공장을 증설", "…사는 상하이 린강신구에
  // 연구개발센터를 설립": a body that builds its plant or centre somewhere is there.
  void facilityRelations() {
    static constexpr std::string_view kFacilities[] = {"공장", "센터", "법인", "본사", "지사", "연구소", "연구원",
                                                       "기지", "사무소", "캠퍼스", "생산라인", "데이터센터"};
    static constexpr std::string_view kBuild[] = {"설립", "증설", "건설", "세우", "개설", "구축", "이전", "신설",
                                                  "착공", "준공", "가동", "개소", "두"};
    const size_t n = ms.size();
    for (size_t i = 0; i < n; ++i) {
      if (ms[i].inner || !(ms[i].type == NodeType::Company || ms[i].type == NodeType::Organization) ||
          !isSubjectTail(ms[i].tail))
        continue;
      for (size_t j = i + 1; j < n; ++j) {
        if (ms[j].inner || !(ms[j].type == NodeType::Zone || ms[j].type == NodeType::Place) || ms[j].tail != "에")
          continue;
        // up to four words after "…에": a facility noun with 을/를, then a building verb
        std::string_view rest = text(ms[j].e + static_cast<uint32_t>(ms[j].tail.size()), static_cast<uint32_t>(c.s.size()));
        bool found = false;
        for (int words = 0; words < 4 && startsWith(rest, " ") && !found; ++words) {
          rest.remove_prefix(1);
          std::string_view w = rest.substr(0, rest.find(' '));
          rest.remove_prefix(w.size());
          if (!(endsWith(w, "을") || endsWith(w, "를"))) {
            if (closesPhrase(w)) break;
            continue;
          }
          std::string_view noun = w.substr(0, w.size() - 3);
          bool facility = false;
          for (auto f : kFacilities)
            if (endsWith(noun, f)) facility = true;
          std::string_view verb = startsWith(rest, " ") ? rest.substr(1) : std::string_view{};
          bool build = false;
          for (auto v : kBuild)
            if (startsWith(verb, v)) build = true;
          found = facility && build;
          break;
        }
        if (found) st.addRelation(EdgeType::LocatedIn, ms[i].entity, ms[j].entity, index, "facility-in");
        break;  // the first place with 에 only
      }
    }
  }

  // "상하이 푸둥·광저우 난사·충칭 량장 신구에서 '…' 프로젝트를 수행": the places
  // where a programme is carried out are its targets. The places are a list
  // (joined by ·, commas, 및, 와/과) whose last word carries 에서.
  void siteRelations() {
    static constexpr std::string_view kCarryOut[] = {"수행", "추진", "시행", "실시", "전개", "도입", "시범 운영"};
    const size_t n = ms.size();
    for (size_t p = 0; p < n; ++p) {
      if (ms[p].inner || ms[p].type != NodeType::Program || !(ms[p].tail == "을" || ms[p].tail == "를")) continue;
      std::string_view after = text(ms[p].e + closingMarkAt(ms[p].e), static_cast<uint32_t>(c.s.size()));
      after.remove_prefix(std::min(after.size(), ms[p].tail.size()));
      while (startsWith(after, " ")) after.remove_prefix(1);
      bool carried = false;
      for (auto v : kCarryOut)
        if (startsWith(after, v)) carried = true;
      if (!carried) continue;
      // The last site before the programme: its word (or the next word) ends in 에서.
      size_t last = n;
      for (size_t q = 0; q < n; ++q)
        if (!ms[q].inner && ms[q].e <= ms[p].b && (ms[q].type == NodeType::Zone || ms[q].type == NodeType::Place) &&
            (last == n || ms[q].b > ms[last].b))
          last = q;
      if (last == n) continue;
      std::string_view rest = text(ms[last].e, ms[p].b);
      size_t sp = rest.find(' ');
      std::string_view word = rest.substr(0, sp);
      if (sp != std::string_view::npos && word.empty()) {  // "량장 신구에서": one more word
        rest.remove_prefix(1);
        word = rest.substr(0, rest.find(' '));
      }
      if (!(endsWith(word, "에서") || endsWith(word, "에서는")) || syllables(word) > 4) continue;
      std::vector<size_t> sites{last};
      for (size_t cur = last;;) {
        size_t prev = n;
        for (size_t q = 0; q < n; ++q)
          if (!ms[q].inner && ms[q].e <= ms[cur].b && (prev == n || ms[q].b > ms[prev].b)) prev = q;
        if (prev == n || !(ms[prev].type == NodeType::Zone || ms[prev].type == NodeType::Place)) break;
        std::string gap = std::string(ms[prev].tail) + std::string(text(ms[prev].e + static_cast<uint32_t>(ms[prev].tail.size()), ms[cur].b));
        if (!(gap == "·" || gap == ", " || gap == "," || gap == "、" || gap == " 및 " || gap == "와 " || gap == "과 "))
          break;
        sites.push_back(prev);
        cur = prev;
      }
      for (size_t q : sites) st.addRelation(EdgeType::Targets, ms[p].entity, ms[q].entity, index, "carried-out-in");
    }
  }

  // "중국 중부지역은 산시성, 안후이성, … 후난성 등 6개 성을 포함": each place
  // listed lies in the region that is the sentence's subject. The list must run
  // up to the verb, closed at most by "등", a count and its unit.
  void containmentRelations() {
    size_t verbAt = std::string_view(c.s).find("포함");
    if (verbAt == std::string_view::npos) return;
    const size_t n = ms.size();
    size_t region = n;
    for (size_t i = 0; i < n; ++i)
      if (!ms[i].inner && ms[i].e < verbAt && isSubjectTail(ms[i].tail)) {
        region = i;
        break;
      }
    if (region == n || !(ms[region].type == NodeType::Place || ms[region].type == NodeType::Zone)) return;
    std::vector<size_t> members;
    size_t last = region;
    for (size_t j = region + 1; j < n && ms[j].b < verbAt; ++j) {
      if (ms[j].inner) continue;
      if (ms[j].type != NodeType::Place) return;
      std::string_view gap = between(ms[last], ms[j]);
      bool joined = last == region ? gap == " " : (gap == ", " || gap == "," || gap == " " || gap == "·");
      if (last != region && (ms[last].tail == "와" || ms[last].tail == "과")) joined = gap == " ";
      if (!joined) return;
      if (!(ms[j].tail.empty() || ms[j].tail == "와" || ms[j].tail == "과" || ms[j].tail == "을" ||
            ms[j].tail == "를"))
        return;
      members.push_back(j);
      last = j;
    }
    if (members.size() < 2) return;
    // What closes the list: "등 6개 성을 ", "등을 ", "을 ".
    std::string_view close = text(ms[last].e + static_cast<uint32_t>(ms[last].tail.size()), static_cast<uint32_t>(verbAt));
    size_t words = 0;
    for (size_t at = 0; at < close.size();) {
      size_t sp = close.find(' ', at);
      std::string_view w = close.substr(at, sp == std::string_view::npos ? std::string_view::npos : sp - at);
      at = sp == std::string_view::npos ? close.size() : sp + 1;
      if (w.empty()) continue;
      ++words;
      bool ok = w == "등" || w == "등을" || w == "등이" || isCountToken(w);
      for (auto unit : {"성을", "시를", "지역을", "도시를", "곳을", "개성을", "성시를", "국가를"})
        if (w == unit) ok = true;
      if (!ok || words > 3) return;
    }
    for (size_t j : members)
      st.addRelation(EdgeType::LocatedIn, ms[j].entity, ms[region].entity, index, "region-includes");
  }

  void targetRelations() {
    // A sentence in which someone issues something new is about that, not about
    // the section's programme; when its programme has no name we know, the old
    // topic ends here ("과학기술부가 25곳의 시범지역을 선정함").
    if (st.topic >= 0 && sentenceHasAny(kIssueVerbs)) {
      bool mentionsTopic = false, newIssuer = false;
      for (const auto& m : ms) {
        if (m.type == NodeType::Program && static_cast<int64_t>(m.entity) == st.topic) mentionsTopic = true;
        if (!m.inner && (isBody(m.type) || m.type == NodeType::Place) && isSubjectTail(m.tail)) newIssuer = true;
        if (!m.inner && m.type == NodeType::Place && (m.tail == "에서" || m.tail == "에서는")) newIssuer = true;
      }
      // "상하이, 허베이 … 등 여러 지역에서 잇달아 … 정책을 발표함": the places listed issue their own.
      for (auto where : {"지역에서", "도시에서", "지방에서", "성에서", "시에서"})
        if (contains(c.s, std::string("등 ")) && contains(c.s, where)) newIssuer = true;
      if (!mentionsTopic && newIssuer) {
        st.topic = -1;
        return;
      }
    }
    if (st.topic < 0 || sent.section != st.topicSection) return;
    if (sent.footnote || sent.caption || sent.tableRow) return;
    std::string_view s = c.s;
    if (startsWith(s, "(배경)") || startsWith(s, "(背景)")) return;
    if (!sentenceHasAny(kPolicyVerbs)) return;
    const size_t n = ms.size();
    for (size_t i = 0; i < n; ++i) {
      if (ms[i].inner) continue;
      if (ms[i].type == NodeType::Program && static_cast<int64_t>(ms[i].entity) != st.topic) return;
    }
    for (size_t i = 0; i < n; ++i) {
      const auto& m = ms[i];
      if (m.inner || !(m.type == NodeType::Zone || m.type == NodeType::Place)) continue;
      if (isSubjectTail(m.tail) && !contains(text(m.e, static_cast<uint32_t>(s.size())), "공동")) continue;
      // A place right before a zone or place qualifies it, it is not the target.
      size_t j = i + 1;
      while (j < n && ms[j].inner) ++j;
      if (j < n && m.tail.empty() && text(m.e, ms[j].b) == " " &&
          (ms[j].type == NodeType::Zone || ms[j].type == NodeType::Place))
        continue;
      std::string_view after = text(m.e + static_cast<uint32_t>(m.tail.size()), static_cast<uint32_t>(s.size()));
      // ... nor before a name we do not know: "상하이 장강, 우한동후 등" (the gloss
      // "장강(張江)" is already cut from the text here).
      if (m.type == NodeType::Place && m.tail.empty() && startsWith(after, " ")) {
        std::string_view w = after.substr(1);
        w = w.substr(0, std::min(w.find(' '), w.find(',')));
        const auto pos = static_cast<uint32_t>(s.size() - after.size() + 1);
        bool known = false;
        for (const auto& x : ms)
          if (x.b == pos) known = true;
        std::string_view rest = after.substr(1 + w.size());
        if (!known && allHangul(w) && syllables(w) >= 2 && !closesPhrase(w) && !isStopWord(w) &&
            (startsWith(rest, ",") || startsWith(rest, " 등")))
          continue;
      }
      // member of an enumeration closed by "등", or the object of the verb
      bool listed = false;
      {
        size_t k = 0;
        std::string_view a = after;
        while (k < 8) {
          size_t skip = a.find_first_not_of(" ,·、");
          if (skip == std::string_view::npos) break;
          a.remove_prefix(skip);
          if (startsWith(a, "등")) {
            listed = true;
            break;
          }
          // a gloss of the previous name: "장강(張江), 우한동후 등"
          if (startsWith(a, "(")) {
            size_t close = a.find(')');
            if (close == std::string_view::npos) break;
            a.remove_prefix(close + 1);
            continue;
          }
          // skip over the next name ("우한동후" ends like a phrase but is a name) ...
          const auto pos = static_cast<uint32_t>(s.size() - a.size());
          const SentMention* next = nullptr;
          for (const auto& x : ms)
            if (!x.inner && x.b == pos) next = &x;
          if (next) {
            if (!next->tail.empty() && next->tail != "와" && next->tail != "과") break;
            a.remove_prefix(next->e + next->tail.size() - pos);
            ++k;
            continue;
          }
          // ... or word
          size_t we = 0;
          while (we < a.size() && a[we] != '(' && !sepLength(std::string(a), we)) ++we;
          std::string_view w = a.substr(0, we);
          if (closesPhrase(w) || we == 0) break;
          a.remove_prefix(we);
          ++k;
        }
      }
      bool object = m.tail == "을" || m.tail == "를";
      if (!object && m.tail.empty()) {
        std::string_view a = after;
        while (!a.empty() && a.front() == ' ') a.remove_prefix(1);
        size_t we = a.find(' ');
        std::string_view w = a.substr(0, we);
        object = endsWith(w, "을") || endsWith(w, "를");
      }
      bool inParens = m.b > 0 && c.s[m.b - 1] == '(';
      if ((listed || object) && !inParens)
        st.addRelation(EdgeType::Targets, static_cast<uint32_t>(st.topic), m.entity, index, "section-target");
    }
  }
};

// Resolves "최 장관" to the person of that family name met earlier in the document.
void surnameMentions(SentenceRun& run, const std::vector<std::pair<std::string, uint32_t>>& people) {
  for (size_t k = 0; k + 1 < run.toks.size(); ++k) {
    std::string_view w = run.text(run.toks[k].b, run.toks[k].e);
    if (syllables(w) != 1 || !allHangul(w)) continue;
    std::string_view t = run.text(run.toks[k + 1].b, run.toks[k + 1].e);
    bool title = false;
    for (auto lt : kTitles)
      if (startsWith(t, lt)) title = true;
    if (!title) continue;
    int found = -1;
    for (const auto& [name, ent] : people) {
      if (startsWith(name, w)) {
        if (found >= 0 && static_cast<uint32_t>(found) != ent) {
          found = -2;
          break;
        }
        found = static_cast<int>(ent);
      }
    }
    if (found < 0) continue;
    Cand cd;
    cd.b = run.toks[k].b;
    cd.e = run.toks[k].e;
    cd.type = NodeType::Person;
    cd.lex = -2 - found;
    cd.name = run.st.doc.entities[found].name;
    cd.rule = "surname";
    cd.priority = 3;
    run.cands.push_back(std::move(cd));
  }
}

// "샤먼대" for "샤먼대학교" met in the same document.
void abbreviationMentions(SentenceRun& run) {
  for (size_t k = 0; k < run.toks.size(); ++k) {
    std::string_view w = run.text(run.toks[k].b, run.toks[k].e);
    size_t p = w.find("대");
    while (p != std::string_view::npos && p >= 6) {
      std::string_view rest = w.substr(p + 3);
      bool whole = false;
      particleChain(rest, &whole);
      if (rest.empty() || whole) {
        std::string stem(w.substr(0, p));
        for (uint32_t e = 0; e < run.st.doc.entities.size(); ++e) {
          const Entity& ent = run.st.doc.entities[e];
          if (ent.type == NodeType::Organization && (ent.name == stem + "대학교" || ent.name == stem + "대학")) {
            Cand cd;
            cd.b = run.toks[k].b;
            cd.e = run.toks[k].b + static_cast<uint32_t>(p + 3);
            cd.type = NodeType::Organization;
            cd.lex = -2 - static_cast<int>(e);
            cd.name = ent.name;
            cd.rule = "abbreviation";
            cd.priority = 2;
            run.cands.push_back(std::move(cd));
          }
        }
      }
      p = w.find("대", p + 3);
    }
  }
}

}  // namespace

DocumentResult Extractor::Impl::run(std::string_view bytes, std::string* owned,
                                    const std::string& path) const {
  // A bound of more than ten years (1e10 s overflows the clock's nanoseconds)
  // is no bound: the deadline saturates instead of wrapping into the past.
  const auto start = std::chrono::steady_clock::now();
  const bool bounded = opt.maxSeconds > 0 && opt.maxSeconds < 3.2e8;
  const auto deadline =
      bounded ? start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(opt.maxSeconds))
              : std::chrono::steady_clock::time_point::max();
  DocumentResult doc;
  doc.path = path;
  doc.bytes = bytes.size();
  // Memory (issue 21): the bytes are taken when owned (UTF-8 is moved, not copied) and the
  // decoded text is released once normalised, so a document is held once at a time.
  DecodedText dec = owned ? decodeOwned(std::move(*owned)) : decode(bytes);
  doc.encoding = dec.encoding;
  doc.warnings = std::move(dec.warnings);
  doc.text = normalize(dec.utf8);
  std::string().swap(dec.utf8);
  joinWrappedLines(doc.text.text);
  doc.sentences = segment(doc.text.text, opt.segment);
  for (size_t i = 0; i < doc.sentences.size();) {
    if (!doc.sentences[i].split) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j + 1 < doc.sentences.size() && doc.sentences[j + 1].split &&
           doc.sentences[j + 1].line == doc.sentences[i].line)
      ++j;
    doc.warnings.push_back(fmt::format(
        "line {}: {} bytes without a sentence ending were split into {} pieces (--max-sentence-bytes {})",
        doc.sentences[i].line, doc.sentences[j].span.end - doc.sentences[i].span.begin, j - i + 1,
        opt.segment.maxSentenceBytes));
    i = j + 1;
  }
  doc.date = detail::documentDate(doc.text.text);
  doc.title = detail::documentTitle(doc.text.text, doc.sentences);

  DocState st{lex, folder, doc, {}, {}, {}, {}, {}};
  st.rules = &rules;
  st.parentOf = &parentOf;
  std::vector<std::pair<std::string, uint32_t>> people;
  // What pass 1 made of each sentence from its text alone, for pass 2 (detail/sentence_basics.h).
  detail::SentenceBasics<SentenceValues> basics(doc.sentences.size());
  for (int pass = 1; pass <= 2; ++pass) {
    st.collectOnly = pass == 1;
    st.topic = -1;
    st.topicSection = UINT32_MAX;
    st.pendingGroupProgram = -1;
    if (pass == 2) {
      for (uint32_t e = 0; e < doc.entities.size(); ++e)
        if (doc.entities[e].type == NodeType::Person) people.emplace_back(doc.entities[e].name, e);
      // Longest names first so the gazetteer prefers full forms.
      std::stable_sort(st.gazetteer.begin(), st.gazetteer.end(),
                       [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
      st.gazetteerIndexed = SIZE_MAX;  // the order changed
    }
    for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
      const Sentence& sent = doc.sentences[si];
      if (opt.maxSeconds > 0 && std::chrono::steady_clock::now() > deadline)
        throw LimitError(fmt::format("{}: extraction ran over {} s, at line {} of {} (--max-document-seconds)", path,
                                     opt.maxSeconds, sent.line, doc.sentences.back().line));
      SentenceRun run{st, sent, si, {}, {}, {}, {}};
      if (SentenceValues kept; basics.take(si, kept)) {
        run.c = std::move(kept.c);
        run.toks = std::move(kept.toks);
        run.lexiconHitsMade = std::move(kept.hits);
        run.wordFeatures = std::move(kept.words);
        run.namesMemo = std::move(kept.names);
      } else {
        run.c = makeClean(doc.sentenceText(si), sent.span.begin);
        run.toks = tokenize(run.c.s);
      }
      run.lexiconCandidates();
      run.quoteCandidates();
      run.headCandidates();
      run.enumerationCandidates();
      run.designationCandidates();
      run.portCandidates();
      run.governmentCandidates();
      run.demonstrationCandidates();
      run.personCandidates();
      run.ruleNameCandidates();
      if (pass == 2) {
        surnameMentions(run, people);
        abbreviationMentions(run);
      }
      run.choose(pass == 2);
      if (pass == 2) {
        if (opt.legacyRelations) {
          // (leads: the rules of relations.rules find them as well, with fewer false ones)
          st.legacyRetired = 1u << static_cast<int>(EdgeType::Leads);
          run.relations();
          st.legacyRetired = 0;
        }
        run.ruleRelations();
      } else {
        SentenceValues kept{std::move(run.c), std::move(run.toks), std::move(run.lexiconHitsMade),
                            std::move(run.wordFeatures), std::move(run.namesMemo)};
        size_t bytes = kept.bytes();
        basics.keep(si, std::move(kept), bytes);
      }
    }
  }
  // A programme or zone named once with its place and once without ("베이징 부도심 …
  // 실시계획" and, in the headline "베이징, 부도심 … 실시계획 발표", without 베이징) is one
  // thing: the short form folds into the long one when exactly one long one exists.
  std::vector<int64_t> into(doc.entities.size(), -1);
  for (uint32_t e = 0; e < doc.entities.size(); ++e) {
    const Entity& shortE = doc.entities[e];
    if (shortE.mentions == 0 || !shortE.lexiconId.empty() ||
        !(shortE.type == NodeType::Program || shortE.type == NodeType::Zone))
      continue;
    int64_t found = -1;
    for (uint32_t f = 0; f < doc.entities.size() && found != -2; ++f) {
      const Entity& longE = doc.entities[f];
      if (f == e || longE.mentions == 0 || longE.type != shortE.type || longE.name.size() <= shortE.name.size() ||
          !endsWith(longE.name, shortE.name))
        continue;
      std::string_view head = std::string_view(longE.name).substr(0, longE.name.size() - shortE.name.size());
      if (!head.empty() && head.back() == ' ') head.remove_suffix(1);
      bool place = false;
      for (const auto& p : doc.entities)
        if (p.type == NodeType::Place && p.mentions > 0 &&
            (p.name == head || std::find(p.aliases.begin(), p.aliases.end(), head) != p.aliases.end()))
          place = true;
      if (place) found = found == -1 ? static_cast<int64_t>(f) : int64_t{-2};
    }
    if (found >= 0) into[e] = found;
  }
  auto root = [&](uint32_t e) {
    while (into[e] >= 0) e = static_cast<uint32_t>(into[e]);
    return e;
  };
  for (uint32_t e = 0; e < doc.entities.size(); ++e) {
    if (into[e] < 0) continue;
    Entity& longE = doc.entities[root(e)];
    Entity& shortE = doc.entities[e];
    longE.mentions += shortE.mentions;
    auto addAlias = [&](const std::string& a) {
      if (a != longE.name && std::find(longE.aliases.begin(), longE.aliases.end(), a) == longE.aliases.end())
        longE.aliases.push_back(a);
    };
    addAlias(shortE.name);
    for (const auto& a : shortE.aliases) addAlias(a);
    shortE.mentions = 0;
  }
  // Entities never mentioned in pass 2 (pass 1 only) are dropped, folded ones
  // point at what they folded into; indices are remapped.
  std::vector<int64_t> remap(doc.entities.size(), -1);
  std::vector<Entity> kept;
  for (uint32_t e = 0; e < doc.entities.size(); ++e) {
    if (doc.entities[e].mentions == 0) continue;
    remap[e] = static_cast<int64_t>(kept.size());
    kept.push_back(std::move(doc.entities[e]));
  }
  for (uint32_t e = 0; e < doc.entities.size(); ++e)
    if (into[e] >= 0) remap[e] = remap[root(e)];
  doc.entities = std::move(kept);
  for (auto& m : doc.mentions) m.entity = static_cast<uint32_t>(remap[m.entity]);
  std::vector<Relation> rels;
  // the same fact from the same sentence, once per form before folding, is kept once
  std::set<std::tuple<int, uint32_t, uint32_t, uint32_t>> seen;
  for (auto r : doc.relations) {
    if (remap[r.source] < 0 || remap[r.target] < 0 || remap[r.source] == remap[r.target]) continue;
    r.source = static_cast<uint32_t>(remap[r.source]);
    r.target = static_cast<uint32_t>(remap[r.target]);
    if (seen.emplace(static_cast<int>(r.type), r.source, r.target, r.sentence).second) rels.push_back(r);
  }
  doc.relations = std::move(rels);
  return doc;
}

}  // namespace kg
