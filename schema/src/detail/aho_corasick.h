// A byte-level Aho-Corasick automaton. Build with add() then compile(); after
// that the object is immutable and match() may run from many threads.
// add() only records the pattern; compile() sorts the patterns and lays the
// trie out breadth first (a state's children are consecutive, in byte order,
// and the children of state s+1 follow those of state s), so hundreds of
// thousands of patterns compile in a fraction of a second and the states a
// scan visits most, the shallow ones, sit together in memory.
//
// The scan's step reads only compact arrays: the whole transition function of
// the states of depth <= kDenseDepth as 256-entry rows; deeper, the first-child
// index of each state (its children end where the next state's begin), the
// bytes into the children and the fail links; one bit per state says whether
// any pattern ends there (itself or on its fail chain), so the outputs' records
// are read only where a pattern ends.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg::detail {

class AhoCorasick {
 public:
  // Adds a pattern; `value` is reported with every match of it. Empty patterns are ignored.
  void add(std::string_view pattern, uint32_t value);
  void compile();

  // The state after reading byte `b` in state `s` (the scan starts in state 0).
  // Only after compile().
  uint32_t step(uint32_t s, uint8_t b) const {
    while (s >= shallowEnd_) {
      uint32_t lo = start_[s], hi = start_[s + 1];
      const uint8_t* first = bytes_.data() + lo;
      uint32_t n = hi - lo;
      if (n <= 8) {  // most deep states have one child or a few: a short scan
        for (uint32_t k = 0; k < n; ++k)
          if (first[k] == b) return lo + k;
      } else {
        const uint8_t* it = std::lower_bound(first, first + n, b);
        if (it != first + n && *it == b) return lo + static_cast<uint32_t>(it - first);
      }
      s = fail_[s];
    }
    return dense_[(static_cast<size_t>(s) << 8) | b];
  }
  // Whether a pattern ends in state `s` (its own, or one of a state on its fail chain).
  bool reports(uint32_t s) const { return (reportBits_[s >> 6] >> (s & 63)) & 1u; }
  // Calls onOutput(patternLength, value) for every pattern that ends in state `s`.
  template <typename F>
  void outputs(uint32_t s, F&& onOutput) const {
    uint32_t first = states_[s].firstOut != kNone ? s : states_[s].outLink;
    for (uint32_t o = first; o != kNone; o = states_[o].outLink)
      for (uint32_t k = states_[o].firstOut; k != kNone; k = outputs_[k].next)
        onOutput(states_[o].depth, outputs_[k].value);
  }

  // Calls onMatch(endExclusive, patternLength, value) for every occurrence.
  template <typename F>
  void match(std::string_view text, F&& onMatch) const {
    if (!compiled_) return;
    uint32_t s = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      s = step(s, static_cast<uint8_t>(text[i]));
      if (reports(s))
        outputs(s, [&](uint32_t length, uint32_t value) { onMatch(i + 1, length, value); });
    }
  }

  size_t stateCount() const { return states_.size(); }
  // The length of the longest pattern, in bytes.
  uint32_t maxLength() const { return maxLength_; }
  bool compiled() const { return compiled_; }

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  // What a scan reads only where a pattern ends.
  struct State {
    uint32_t outLink = kNone;   // nearest proper suffix state (on the fail chain) with an output
    uint32_t firstOut = kNone;  // outputs of this state
    uint32_t depth = 0;
  };
  struct Output {
    uint32_t value;
    uint32_t next;
  };

  uint32_t child(uint32_t s, uint8_t b) const;

  std::vector<State> states_{State{}};
  std::vector<uint32_t> start_;  // per state, its first child; start_[n] = n
  std::vector<uint32_t> fail_;
  std::vector<uint8_t> bytes_;        // per state: the byte that leads into it
  std::vector<uint64_t> reportBits_;  // per state: reports()
  // Patterns added, until compile(): their bytes one after the other, and per
  // pattern its offset, length and value.
  std::string pendingBytes_;
  struct Pending {
    uint32_t offset, length, value;
  };
  std::vector<Pending> pending_;
  std::vector<Output> outputs_;
  // The whole transition function of the states of depth <= kDenseDepth (the
  // breadth-first numbering puts them first: states 0 .. shallowEnd_ - 1), 256
  // entries each: a scan's fail chains end there, so most steps of a scan of
  // Korean text (three bytes a syllable) take one load instead of a walk.
  static constexpr uint32_t kDenseDepth = 2;
  std::vector<uint32_t> dense_;
  uint32_t shallowEnd_ = 0;
  uint32_t maxLength_ = 0;
  bool compiled_ = false;
};

}  // namespace kg::detail
