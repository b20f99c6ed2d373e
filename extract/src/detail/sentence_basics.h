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

#include <algorithm>
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

  // `sentences`: how many the document has. Only the kept ones cost memory (issue 21: a slot
  // of 8 bytes for every sentence was more than the text of a document of short lines).
  explicit SentenceBasics(size_t sentences, size_t budgetBytes = kDefaultBudgetBytes)
      : sentences_(sentences), budget_(budgetBytes) {}

  // Pass 1, after sentence i: keeps its values (about `bytes` of memory) while the budget lasts.
  void keep(size_t i, T&& values, size_t bytes) {
    if (i >= sentences_ || used_ + bytes > budget_) return;
    auto at = find(i);
    if (at != kept_.end() && at->first == i) return;  // kept already
    used_ += bytes;
    kept_.emplace(at, i, std::make_unique<T>(std::move(values)));  // (pass 1 comes in order: at the end)
  }

  // Pass 2, before sentence i: moves out what pass 1 kept; false when nothing was kept
  // (the caller makes the values again).
  bool take(size_t i, T& values) {
    auto at = find(i);
    if (at == kept_.end() || at->first != i || !at->second) return false;
    std::unique_ptr<T> e = std::move(at->second);
    values = std::move(*e);
    return true;
  }

  // The memory of the index of kept values (not of the values).
  size_t heapBytes() const { return kept_.capacity() * sizeof(kept_[0]); }

 private:
  using Kept = std::pair<size_t, std::unique_ptr<T>>;
  typename std::vector<Kept>::iterator find(size_t i) {
    return std::lower_bound(kept_.begin(), kept_.end(), i, [](const Kept& k, size_t j) { return k.first < j; });
  }
  std::vector<Kept> kept_;  // by sentence; a null value: taken
  size_t sentences_;
  size_t budget_;
  size_t used_ = 0;
};

}  // namespace kg::detail
