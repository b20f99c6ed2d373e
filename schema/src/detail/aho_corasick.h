// A byte-level Aho-Corasick automaton. Build with add() then compile(); after
// that the object is immutable and match() may run from many threads.
// add() only records the pattern; compile() sorts the patterns and lays the
// trie out breadth first (a state's children are consecutive, in byte order),
// so hundreds of thousands of patterns compile in a fraction of a second and
// the states a scan visits most, the shallow ones, sit together in memory.
#pragma once

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

  // Calls onMatch(endExclusive, patternLength, value) for every occurrence.
  template <typename F>
  void match(std::string_view text, F&& onMatch) const {
    uint32_t s = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      s = next(s, static_cast<uint8_t>(text[i]));
      uint32_t first = states_[s].firstOut != kNone ? s : states_[s].outLink;
      for (uint32_t o = first; o != kNone; o = states_[o].outLink) {
        for (uint32_t k = states_[o].firstOut; k != kNone; k = outputs_[k].next)
          onMatch(i + 1, states_[o].depth, outputs_[k].value);
      }
    }
  }

  size_t stateCount() const { return states_.size(); }

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  struct State {
    uint32_t firstChild = 0;  // the children are states firstChild .. firstChild + childCount - 1
    uint32_t childCount = 0;
    uint32_t fail = 0;
    uint32_t outLink = kNone;   // nearest proper suffix state (on the fail chain) with an output
    uint32_t firstOut = kNone;  // outputs of this state
    uint32_t depth = 0;
  };
  struct Output {
    uint32_t value;
    uint32_t next;
  };

  uint32_t child(uint32_t s, uint8_t b) const;
  uint32_t next(uint32_t s, uint8_t b) const {
    while (true) {
      if (s < shallowEnd_) return dense_[(static_cast<size_t>(s) << 8) | b];
      if (s == 0) return root_[b];
      uint32_t c = child(s, b);
      if (c != kNone) return c;
      s = states_[s].fail;
    }
  }

  std::vector<State> states_{State{}};
  std::vector<uint8_t> bytes_{0};  // per state: the byte that leads into it
  // Patterns added, until compile(): their bytes one after the other, and per
  // pattern its offset, length and value.
  std::string pendingBytes_;
  struct Pending {
    uint32_t offset, length, value;
  };
  std::vector<Pending> pending_;
  std::vector<Output> outputs_;
  uint32_t root_[256] = {};
  // The whole transition function of the states of depth <= kDenseDepth (the
  // breadth-first numbering puts them first: states 0 .. shallowEnd_ - 1), 256
  // entries each: a scan's fail chains end there, so most steps of a scan of
  // Korean text (three bytes a syllable) take one load instead of a walk.
  static constexpr uint32_t kDenseDepth = 2;
  std::vector<uint32_t> dense_;
  uint32_t shallowEnd_ = 0;
  bool compiled_ = false;
};

}  // namespace kg::detail
