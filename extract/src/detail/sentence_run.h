// One sentence's run through the extraction stages (internal). Each stage is a
// member of SentenceRun defined in its own file, in the order data flows:
// candidates (lexicon, heads, people), choose, relations. Offsets are UTF-8 bytes
// of the sentence's clean view (detail/clean_sentence.h) unless a name says otherwise.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/clean_sentence.h"
#include "detail/doc_state.h"
#include "detail/relation_rules.h"
#include "detail/table_rows.h"
#include "kg/text.h"

namespace kg::detail {

// The name rules' answer for one sentence: with these first-round mentions they
// found these names (both rounds); the same mentions in pass 2 get the same names.
struct NamesMemo {
  std::vector<detail::RuleMention> mentions;
  std::vector<detail::RuleName> found;
};

struct SentenceRun {
  DocState& st;
  const Sentence& sent;
  uint32_t index;
  Clean c;
  std::vector<WordSpan> toks;
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
  // The cells of the sentence when it is a table row, else none (tableCells, made once for
  // tableColumnCandidates and tableRowRelations: rowCells()).
  std::optional<std::vector<std::pair<uint32_t, uint32_t>>> rowCellsMade{};
  const std::vector<std::pair<uint32_t, uint32_t>>& rowCells() {
    if (!rowCellsMade) rowCellsMade = tableCells(c.s);
    return *rowCellsMade;
  }

  // The three-byte sequences of the clean text that start with a lead byte of a three-byte
  // code point (Hangul, Han), hashed to 1,024 bits, made at the first mayContain(): a word
  // with such a code point the sentence lacks is not in it, and is not searched for (the
  // first engine's sentenceHas asks for dozens of words a sentence, issue 22).
  mutable uint64_t cp3Bits[16] = {};
  mutable bool cp3Made = false;
  static uint32_t cp3Hash(const char* p) {
    return ((static_cast<unsigned char>(p[0]) & 0x0Fu) << 12 |
            (static_cast<unsigned char>(p[1]) & 0x3Fu) << 6 |
            (static_cast<unsigned char>(p[2]) & 0x3Fu)) &
           1023u;
  }
  // False only when `w` cannot occur in the clean text (exact: no false "false").
  bool mayContain(std::string_view w) const {
    if (!cp3Made) {
      for (size_t i = 0; i + 2 < c.s.size(); ++i)
        if ((static_cast<unsigned char>(c.s[i]) & 0xF0) == 0xE0) {
          uint32_t h = cp3Hash(c.s.data() + i);
          cp3Bits[h >> 6] |= uint64_t{1} << (h & 63);
        }
      cp3Made = true;
    }
    for (size_t j = 0; j + 2 < w.size(); ++j)
      if ((static_cast<unsigned char>(w[j]) & 0xF0) == 0xE0) {
        uint32_t h = cp3Hash(w.data() + j);
        if (!(cp3Bits[h >> 6] >> (h & 63) & 1)) return false;
      }
    return true;
  }

  std::string_view text(uint32_t b, uint32_t e) const {
    return std::string_view(c.s).substr(b, e - b);
  }
  // A candidate for the clean span [b, e), named by its text there.
  Cand spanCand(uint32_t b, uint32_t e, NodeType type, std::string rule, int priority) const {
    return Cand(b, e, type, std::string(text(b, e)), std::move(rule), priority);
  }

  // The word of words() that starts at clean byte b, or null when no word starts there.
  const Token* wordAt(uint32_t b) const {
    const auto& wt = words().tokens;
    auto it = std::lower_bound(wt.begin(), wt.end(), b,
                               [](const Token& t, uint32_t at) { return t.b < at; });
    return it == wt.end() || it->b != b ? nullptr : &*it;
  }

  // Whether the word of words() that starts at clean byte b is in one of these classes of
  // words.tsv ("@person-title"); false when no word starts there.
  bool wordInClass(uint32_t b, std::initializer_list<std::string_view> classes) const {
    const Token* word = wordAt(b);
    if (!word) return false;
    const auto& wf = words();
    auto k = static_cast<size_t>(word - wf.tokens.data());
    for (std::string_view cls : classes)
      if (st.rules->tokenInClass(wf, k, cls)) return true;
    return false;
  }

  // Index of the token containing clean byte i, or -1.
  int tokenAt(uint32_t i) const {
    for (size_t k = 0; k < toks.size(); ++k)
      if (toks[k].b <= i && i < toks[k].e) return static_cast<int>(k);
    return -1;
  }

  // ---- candidates_lexicon.cpp: the lexicon and gazetteer, quoted names
  void governmentOf(Cand& k, const std::string& tail) const;
  void governmentNamed(Cand& k, const std::string& surface) const;
  void lexiconCandidates();
  static bool quotedSpeech(std::string_view content);
  void quoteCandidates();
  // ---- candidates_heads.cpp: NAME + head noun, enumerations, designations, governments, ports
  const detail::Head* headIn(std::string_view w, size_t* stemLen, size_t* nameLen) const;
  bool agencyFalseFriend(std::string_view word) const;
  bool personGlossed(uint32_t at) const;
  void headCandidates();
  void enumerationCandidates();
  void designationCandidates();
  void editionCandidates();
  void demonstrationCandidates();
  void governmentCandidates();
  void portCandidates();
  // ---- candidates_people.cpp: persons by title and surname
  void personCandidates();
  void tableColumnCandidates();
  // ---- choose.cpp: one reading of overlapping candidates; the name rules' answer
  size_t closingMarkAt(size_t at) const;
  bool particleEnds(uint32_t at) const;
  void choose(bool pass2);
  void ruleNameCandidates();
  void findNames(std::vector<detail::RuleMention>& rm,
                 const std::vector<detail::RelationRules::Gloss>& glosses,
                 std::vector<detail::RuleName>& found) const;
  void ruleNamesFound(std::vector<Cand>& named);
  // ---- rule_relations.cpp: the relation rules (extract/rules) over the mentions
  void anaphorMentions(std::vector<detail::RuleMention>& rm) const;
  struct Clip {
    const std::string* head = nullptr;  // the event head clipped, or null
    std::string_view rest;               // the syllables before the clipped part
  };
  Clip clippedEventHead(std::string_view stem) const;
  static bool clips(const Clip& clip, std::string_view name);
  void ruleRelations();
  void governmentRoles(std::vector<detail::RuleEdge>& edges);
  void tableRowRelations();

  // ------------------------------------------------------------ relations

  // ---- legacy_relations.cpp: the first engine's relation code, for the edges no rule finds yet
  bool sentenceHas(std::initializer_list<std::string_view> words) const;
  template <size_t N>
  bool sentenceHasAny(const std::string_view (&words)[N], size_t from = 0) const {
    std::string_view s = std::string_view(c.s).substr(std::min(from, c.s.size()));
    for (auto w : words)
      if (mayContain(w) && contains(s, w)) return true;
    return false;
  }

  std::string_view between(const SentMention& a, const SentMention& b) const;
  static bool isSubjectTail(const std::string& t);
  static bool isWithTail(const std::string& t);
  bool headlineSubject(size_t i) const;
  void relations();
  std::vector<size_t> subjectGroup(size_t before) const;
  void issuedRelations();
  bool coopEligible(NodeType t) const;
  void cooperationRelations();
  void participationRelations();
  void foundingRelations();
  void visitRelations();
  void facilityRelations();
  void siteRelations();
  void containmentRelations();
  void targetRelations();
};

// Surnames alone ("최 장관") for persons the document named in full before.
void surnameMentions(SentenceRun& run, const std::vector<std::pair<std::string, uint32_t>>& people);
// Abbreviations the document defined ("(이하 X)") met again.
void abbreviationMentions(SentenceRun& run);

}  // namespace kg::detail
