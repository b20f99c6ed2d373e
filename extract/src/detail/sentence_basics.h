// What pass 1 of the extractor makes of each sentence from the sentence's text
// alone (the clean view, its words, the lexicon's hits, the word classes), kept
// for pass 2, which would make the same again (issue 22: pass 2 repeated all of
// it). Pure values of the text, so taking them instead of remaking them changes
// no output. Bounded: past `budgetBytes` of estimated memory a document's later
// sentences are not kept and pass 2 makes them again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace kg::detail {

// Clean: the extractor's clean view (fields s, map, soft, parens); Token: its word
// spans; Hit: a lexicon hit; Words: RelationRules::WordFeatures (tokens, bits, shapes).
template <class Clean, class Token, class Hit, class Words>
class SentenceBasics {
 public:
  static constexpr size_t kDefaultBudgetBytes = size_t{64} << 20;

  // `sentences`: how many the document has (8 bytes each, kept or not).
  explicit SentenceBasics(size_t sentences, size_t budgetBytes = kDefaultBudgetBytes)
      : entries_(sentences), budget_(budgetBytes) {}

  // Pass 1, after sentence i: keeps its values while the budget lasts.
  void keep(size_t i, Clean&& c, std::vector<Token>&& toks, std::optional<std::vector<Hit>>&& hits,
            std::optional<Words>&& words) {
    if (i >= entries_.size()) return;
    size_t bytes = c.s.size() * (1 + sizeof(c.map[0]) + sizeof(c.soft[0])) + toks.size() * sizeof(Token) +
                   (hits ? hits->size() * sizeof(Hit) : 0) +
                   (words ? words->tokens.size() * sizeof(words->tokens[0]) +
                                words->bits.size() * sizeof(uint64_t) +
                                words->shapes.size() * sizeof(words->shapes[0])
                          : 0) +
                   sizeof(Entry);
    if (used_ + bytes > budget_) return;
    used_ += bytes;
    entries_[i] = std::make_unique<Entry>();
    Entry& e = *entries_[i];
    e.c = std::move(c);
    e.toks = std::move(toks);
    e.hits = std::move(hits);
    e.words = std::move(words);
  }

  // Pass 2, before sentence i: moves out what pass 1 kept; false when nothing was kept
  // (the caller makes them; the lexicon hits and word classes on demand).
  bool take(size_t i, Clean& c, std::vector<Token>& toks, std::optional<std::vector<Hit>>& hits,
            std::optional<Words>& words) {
    if (i >= entries_.size() || !entries_[i]) return false;
    std::unique_ptr<Entry> e = std::move(entries_[i]);
    c = std::move(e->c);
    toks = std::move(e->toks);
    hits = std::move(e->hits);
    words = std::move(e->words);
    return true;
  }

 private:
  struct Entry {
    Clean c;
    std::vector<Token> toks;
    std::optional<std::vector<Hit>> hits;
    std::optional<Words> words;
  };
  std::vector<std::unique_ptr<Entry>> entries_;  // null: not kept
  size_t budget_;
  size_t used_ = 0;
};

}  // namespace kg::detail
