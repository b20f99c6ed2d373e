#include "detail/aho_corasick.h"

#include <algorithm>
#include <stdexcept>

namespace kg::detail {

void AhoCorasick::add(std::string_view pattern, uint32_t value) {
  if (compiled_) throw std::logic_error("AhoCorasick::add after compile");
  if (pattern.empty()) return;
  pending_.push_back(Pending{static_cast<uint32_t>(pendingBytes_.size()),
                             static_cast<uint32_t>(pattern.size()), value});
  pendingBytes_.append(pattern);
}

uint32_t AhoCorasick::child(uint32_t s, uint8_t b) const {
  const uint8_t* first = bytes_.data() + start_[s];
  const uint8_t* last = bytes_.data() + start_[s + 1];
  const uint8_t* it = std::lower_bound(first, last, b);
  return (it != last && *it == b) ? static_cast<uint32_t>(it - bytes_.data()) : kNone;
}

void AhoCorasick::compile() {
  if (compiled_) return;
  auto bytes = [&](const Pending& p) {
    return std::string_view(pendingBytes_).substr(p.offset, p.length);
  };
  std::sort(pending_.begin(), pending_.end(), [&](const Pending& a, const Pending& b) {
    int c = bytes(a).compare(bytes(b));
    return c != 0 ? c < 0 : a.value < b.value;
  });
  pending_.erase(std::unique(pending_.begin(), pending_.end(),
                             [&](const Pending& a, const Pending& b) {
                               return a.value == b.value && bytes(a) == bytes(b);
                             }),
                 pending_.end());

  // 1. The trie in the order the sorted patterns make its states (each
  // pattern shares a prefix with the one before and adds states for the
  // rest): per state its parent, the byte into it, its depth.
  std::vector<uint32_t> parent{0}, depth{0}, outputOf;  // outputOf: per pending pattern, its state
  std::vector<uint8_t> byte{0};
  parent.reserve(pendingBytes_.size() + 1);
  depth.reserve(pendingBytes_.size() + 1);
  byte.reserve(pendingBytes_.size() + 1);
  outputOf.reserve(pending_.size());
  std::vector<uint32_t> path{0};  // path[d]: the state at depth d of the previous pattern
  std::string_view prev;
  uint32_t maxDepth = 0;
  for (const auto& p : pending_) {
    std::string_view pattern = bytes(p);
    size_t common = 0;
    while (common < prev.size() && common < pattern.size() && prev[common] == pattern[common])
      ++common;
    path.resize(common + 1);
    for (size_t d = common; d < pattern.size(); ++d) {
      path.push_back(static_cast<uint32_t>(parent.size()));
      parent.push_back(path[d]);
      byte.push_back(static_cast<uint8_t>(pattern[d]));
      depth.push_back(static_cast<uint32_t>(d + 1));
    }
    maxDepth = std::max(maxDepth, static_cast<uint32_t>(pattern.size()));
    outputOf.push_back(path.back());
    prev = pattern;
  }

  // 2. Breadth-first numbering. States were made in the lexicographic order
  // of their paths; restricted to one depth that is the breadth-first order
  // with children in byte order. So a stable counting sort by depth gives the
  // new numbers: the children of a state come out consecutive, and right
  // after those of the state before it (start_ is a prefix sum of the counts).
  const size_t n = parent.size();
  std::vector<uint32_t> atDepth(maxDepth + 2, 0), renum(n);
  for (size_t s = 0; s < n; ++s) ++atDepth[depth[s] + 1];
  for (size_t d = 1; d < atDepth.size(); ++d) atDepth[d] += atDepth[d - 1];
  for (size_t s = 0; s < n; ++s) renum[s] = atDepth[depth[s]]++;
  states_.assign(n, State{});
  bytes_.assign(n, 0);
  std::vector<uint32_t> childCount(n, 0);
  for (size_t s = 1; s < n; ++s) {
    uint32_t id = renum[s];
    ++childCount[renum[parent[s]]];
    states_[id].depth = depth[s];
    bytes_[id] = byte[s];
  }
  start_.assign(n + 1, 0);
  start_[0] = 1;  // the root's children are states 1 ..
  for (size_t s = 0; s < n; ++s) start_[s + 1] = start_[s] + childCount[s];
  // (start_[n] == n: every state but the root is someone's child.)
  // Outputs, in increasing value order per state (the sort put them so).
  outputs_.resize(pending_.size());
  for (size_t k = pending_.size(); k-- > 0;) {
    State& st = states_[renum[outputOf[k]]];
    outputs_[k] = Output{pending_[k].value, st.firstOut};
    st.firstOut = static_cast<uint32_t>(k);
  }
  std::vector<uint32_t>().swap(parent);
  std::vector<uint32_t>().swap(depth);
  std::vector<uint32_t>().swap(childCount);
  std::vector<uint8_t>().swap(byte);
  std::vector<Pending>().swap(pending_);
  std::string().swap(pendingBytes_);

  // 3. Fail links, breadth first: a state's fail state is shallower, so done
  // before it. goTo follows fail links from a state already linked.
  fail_.assign(n, 0);
  auto goTo = [&](uint32_t s, uint8_t b) {
    while (true) {
      uint32_t c = child(s, b);
      if (c != kNone) return c;
      if (s == 0) return 0u;
      s = fail_[s];
    }
  };
  states_[0].outLink = kNone;
  for (uint32_t s = 0; s < n; ++s) {
    if (s != 0) {
      uint32_t f = fail_[s];
      states_[s].outLink =
          (f != 0 && states_[f].firstOut != kNone) ? f : (f == 0 ? kNone : states_[f].outLink);
    }
    for (uint32_t c = start_[s]; c < start_[s + 1]; ++c) {
      uint32_t fc = s == 0 ? 0 : goTo(fail_[s], bytes_[c]);
      fail_[c] = fc == c ? 0 : fc;
    }
  }
  reportBits_.assign((n + 63) / 64, 0);
  for (uint32_t s = 0; s < n; ++s)
    if (states_[s].firstOut != kNone || states_[s].outLink != kNone)
      reportBits_[s >> 6] |= uint64_t{1} << (s & 63);

  // 4. The dense rows of the shallow states, each from its own children and
  // its fail state's row (shallower, so already made).
  uint32_t end = 0;
  while (end < n && states_[end].depth <= kDenseDepth) ++end;
  dense_.assign(static_cast<size_t>(end) << 8, 0u);
  for (uint32_t s = 0; s < end; ++s) {
    uint32_t* row = dense_.data() + (static_cast<size_t>(s) << 8);
    const uint32_t* failRow = dense_.data() + (static_cast<size_t>(fail_[s]) << 8);
    for (uint32_t b = 0; b < 256; ++b) {
      uint32_t c = child(s, static_cast<uint8_t>(b));
      row[b] = c != kNone ? c : (s == 0 ? 0 : failRow[b]);
    }
  }
  shallowEnd_ = end;
  maxLength_ = maxDepth;
  compiled_ = true;
}

}  // namespace kg::detail
