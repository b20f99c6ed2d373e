// The sentence view the extraction stages share (extract/src/*.cpp, internal):
// text helpers over UTF-8 (offsets are UTF-8 bytes of the clean sentence), the clean
// view of a sentence (alias parentheticals removed, each kept with its position),
// its word tokens, and the candidate and mention records the stages pass on.
#pragma once

#include <unicode/umachine.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kg/types.h"

namespace kg::detail {

// ---------------------------------------------------------------- text helpers

inline bool startsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool endsWith(std::string_view s, std::string_view p);
inline bool contains(std::string_view s, std::string_view p) {
  return s.find(p) != std::string_view::npos;
}

// Code point at byte i (and its length).
UChar32 cpAt(std::string_view s, size_t i, int32_t* len = nullptr);
UChar32 cpBefore(std::string_view s, size_t i);
inline bool isHangulSyllable(UChar32 c) {
  return c >= 0xAC00 && c <= 0xD7A3;
}

// Does the dot of `len` bytes at s[i] stand between two such abbreviations, the
// first one a word of its own ("한·중", not "산업·한중")?
bool countryAbbreviationAround(std::string_view s, size_t i, size_t len);

size_t syllables(std::string_view s);
bool allHangul(std::string_view s);

// One-syllable abbreviations of countries that the press joins with a middle
// dot or a hyphen: 한·중, 중·한, 韓·中, 한·중·일.
bool countryAbbreviation(UChar32 c);

// Separators between words: white space, punctuation, quotes, brackets.
// Positions outside the text (its end, or size_t(-1) just before its start)
// count as a separator, so word-boundary tests at the edges are safe.
size_t sepLength(std::string_view s, size_t i);

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

bool aliasLike(std::string_view a);

// `s` without leading and trailing blanks (spaces and tabs); trimCopy: the same as a string.
inline std::string_view trimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
std::string trimCopy(std::string_view s);

Clean makeClean(std::string_view sent, uint32_t base);

// ---------------------------------------------------------------- tokens

struct WordSpan {
  uint32_t b, e;
};

std::vector<WordSpan> wordSpans(const std::string& s);

// End of the word that starts at or contains byte i (next separator).
size_t wordEnd(const std::string& s, size_t i);

// ---------------------------------------------------------------- candidates

struct Cand {
  Cand() = default;
  Cand(uint32_t b, uint32_t e, NodeType type, std::string name, std::string rule, int priority)
      : b(b), e(e), type(type), name(std::move(name)), rule(std::move(rule)), priority(priority) {}

  uint32_t b = 0, e = 0;  // clean span of the name
  NodeType type = NodeType::Place;
  std::string name;  // canonical
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
  std::string tail;  // particle chain right after it (after a closing quote: "'…'에서")
  uint32_t tailEnd = 0;  // clean offset where that chain ends (e when there is none)
  bool inner = false;
  bool unitHead = false;
  std::string surface;
  std::string rule;
};

bool isBody(NodeType t);

bool genericStem(std::string_view stem, const std::vector<std::string>& generic);

// Length in bytes of the class prefix ("국가", "중앙", "주요" ...) `s` starts with, or 0.
size_t classPrefixLength(std::string_view s);

inline bool classPrefix(std::string_view s) {
  return classPrefixLength(s) > 0;
}

// After a class prefix, is the rest of the stem a class word too?
// "국가에너지투자" names a thing; "국가 첨단" does not.
bool genericRest(std::string_view stem, const std::vector<std::string>& generic);

// Stems before 사 that make a class of firms, not one firm ("보험회사", "자동차 제조사").
bool firmClassWord(std::string_view stem, const std::vector<std::string>& generic);

bool isCountToken(std::string_view t);

// The rest of a word after a name is a particle chain that closes the noun
// phrase ("은", "에서", "와", "의"), not an administrative suffix ("시", "성").
bool closingParticle(std::string_view tail);

// A word ends in a particle or verbal ending that closes a noun phrase.
bool closesPhrase(std::string_view w);

bool isStopWord(std::string_view w);

}  // namespace kg::detail
