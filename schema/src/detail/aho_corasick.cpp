#include "detail/aho_corasick.h"

#include <algorithm>
#include <queue>
#include <stdexcept>

namespace kg::detail {

void AhoCorasick::add(std::string_view pattern, uint32_t value) {
  if (compiled_) throw std::logic_error("AhoCorasick::add after compile");
  if (pattern.empty()) return;
  uint32_t s = 0;
  for (char ch : pattern) {
    uint8_t b = static_cast<uint8_t>(ch);
    auto& es = building_[s];
    auto it = std::find_if(es.begin(), es.end(), [b](const Edge& e) { return e.byte == b; });
    if (it != es.end()) {
      s = it->target;
      continue;
    }
    uint32_t n = static_cast<uint32_t>(states_.size());
    states_.push_back(State{});
    states_.back().depth = states_[s].depth + 1;
    building_.emplace_back();
    building_[s].push_back(Edge{b, n});
    s = n;
  }
  for (uint32_t k = states_[s].firstOut; k != kNone; k = outputs_[k].next)
    if (outputs_[k].value == value) return;
  outputs_.push_back(Output{value, states_[s].firstOut});
  states_[s].firstOut = static_cast<uint32_t>(outputs_.size() - 1);
}

uint32_t AhoCorasick::child(uint32_t s, uint8_t b) const {
  const State& st = states_[s];
  auto first = edges_.begin() + st.edgesBegin, last = edges_.begin() + st.edgesEnd;
  auto it = std::lower_bound(first, last, b, [](const Edge& e, uint8_t v) { return e.byte < v; });
  return (it != last && it->byte == b) ? it->target : kNone;
}

void AhoCorasick::compile() {
  // Flatten the edges, sorted by byte for binary search.
  for (uint32_t s = 0; s < states_.size(); ++s) {
    auto& es = building_[s];
    std::sort(es.begin(), es.end(), [](const Edge& a, const Edge& b) { return a.byte < b.byte; });
    states_[s].edgesBegin = static_cast<uint32_t>(edges_.size());
    edges_.insert(edges_.end(), es.begin(), es.end());
    states_[s].edgesEnd = static_cast<uint32_t>(edges_.size());
  }
  building_.clear();
  building_.shrink_to_fit();
  compiled_ = true;  // child() works from here on

  std::fill(std::begin(root_), std::end(root_), 0u);
  std::queue<uint32_t> q;
  for (uint32_t k = states_[0].edgesBegin; k < states_[0].edgesEnd; ++k) {
    uint32_t c = edges_[k].target;
    root_[edges_[k].byte] = c;
    states_[c].fail = 0;
    q.push(c);
  }
  states_[0].outLink = kNone;
  while (!q.empty()) {
    uint32_t s = q.front();
    q.pop();
    State& st = states_[s];
    uint32_t f = st.fail;
    st.outLink = (f != 0 && states_[f].firstOut != kNone) ? f : (f == 0 ? kNone : states_[f].outLink);
    for (uint32_t k = st.edgesBegin; k < st.edgesEnd; ++k) {
      uint32_t c = edges_[k].target;
      states_[c].fail = next(st.fail, edges_[k].byte);
      if (states_[c].fail == c) states_[c].fail = 0;
      q.push(c);
    }
  }
}

}  // namespace kg::detail
