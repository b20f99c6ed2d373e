// What pass 1 of the extractor makes of each sentence from the sentence's text
// alone (the clean view, its words, the lexicon's hits, the word classes, the
// name rules' answer for a given set of mentions), kept for pass 2, which would
// make the same again (issue 22: pass 2 repeated all of it). Pure values of the
// text, so taking them instead of remaking them changes no output. Bounded: past
// `budgetBytes` (the caller's estimate of each value) a document's later
// sentences are not kept and pass 2 makes them again. The default, 4 MiB, holds
// every sentence of documents up to about 400 KB; with a budget of 64 MiB a 4 MB
// document was 7% slower than without the reuse (its pass-1 values, ten times the
// text, spread the document's own names over more memory), with 4 MiB it is not.
#pragma once

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace kg::detail {

// T: the values of one sentence (movable, default-constructible).
template <class T>
class SentenceBasics {
 public:
  static constexpr size_t kDefaultBudgetBytes = size_t{4} << 20;

  // `sentences`: how many the document has (8 bytes each, kept or not).
  explicit SentenceBasics(size_t sentences, size_t budgetBytes = kDefaultBudgetBytes)
      : entries_(sentences), budget_(budgetBytes) {}

  // Pass 1, after sentence i: keeps its values (about `bytes` of memory) while the budget lasts.
  void keep(size_t i, T&& values, size_t bytes) {
    if (i >= entries_.size() || used_ + bytes > budget_) return;
    used_ += bytes;
    entries_[i] = std::make_unique<T>(std::move(values));
  }

  // Pass 2, before sentence i: moves out what pass 1 kept; false when nothing was kept
  // (the caller makes the values again).
  bool take(size_t i, T& values) {
    if (i >= entries_.size() || !entries_[i]) return false;
    std::unique_ptr<T> e = std::move(entries_[i]);
    values = std::move(*e);
    return true;
  }

 private:
  std::vector<std::unique_ptr<T>> entries_;  // null: not kept (or taken)
  size_t budget_;
  size_t used_ = 0;
};

}  // namespace kg::detail
