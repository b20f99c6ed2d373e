// A byte trie of words, each with a value: every word of the trie that a text
// starts with (or, built reversed, ends with) in one walk over the text's bytes,
// instead of one hash lookup per distinct word length (issue 22: RelationRules::words
// looked each token's prefixes and suffixes up so). Immutable after build();
// read from many threads.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kg::detail {

template <class V>
class ByteTrie {
 public:
  // Builds the trie of `entries` (word -> value); reversed: of each word read backwards,
  // for forEachSuffix(). Replaces what was built before.
  template <class Map>
  void build(const Map& entries, bool reversed) {
    reversed_ = reversed;
    nodes_.assign(1, Node{});
    edges_.clear();
    values_.clear();
    // Built with per-node child lists, then flattened into one sorted edge array.
    std::vector<std::vector<std::pair<unsigned char, uint32_t>>> kids(1);
    for (const auto& [word, value] : entries) {
      uint32_t n = 0;
      for (size_t k = 0; k < word.size(); ++k) {
        auto b = static_cast<unsigned char>(reversed ? word[word.size() - 1 - k] : word[k]);
        auto& ks = kids[n];
        auto it = std::find_if(ks.begin(), ks.end(), [&](const auto& e) { return e.first == b; });
        if (it != ks.end()) {
          n = it->second;
          continue;
        }
        uint32_t child = static_cast<uint32_t>(kids.size());
        ks.emplace_back(b, child);
        kids.emplace_back();
        n = child;
      }
      if (nodes_.size() < kids.size()) nodes_.resize(kids.size());
      nodes_[n].value = static_cast<int32_t>(values_.size());
      values_.push_back(value);
    }
    nodes_.resize(kids.size());
    for (size_t n = 0; n < kids.size(); ++n) {
      std::sort(kids[n].begin(), kids[n].end());
      nodes_[n].first = static_cast<uint32_t>(edges_.size());
      nodes_[n].count = static_cast<uint32_t>(kids[n].size());
      for (const auto& e : kids[n]) edges_.push_back(Edge{e.first, e.second});
    }
  }

  // Calls fn(length, value) for each word of a forward trie that `text` starts
  // with, shortest first (length in bytes, 0 for an empty word).
  template <class F>
  void forEachPrefix(std::string_view text, F&& fn) const {
    walk(
        text.size(), [&](size_t k) { return static_cast<unsigned char>(text[k]); }, fn);
  }
  // Calls fn(length, value) for each word of a reversed trie that `text` ends
  // with, shortest first.
  template <class F>
  void forEachSuffix(std::string_view text, F&& fn) const {
    walk(
        text.size(),
        [&](size_t k) { return static_cast<unsigned char>(text[text.size() - 1 - k]); }, fn);
  }

  bool empty() const { return values_.empty(); }

 private:
  struct Node {
    uint32_t first = 0, count = 0;  // its edges: edges_[first, first + count), by byte
    int32_t value = -1;             // index into values_, or -1
  };
  struct Edge {
    unsigned char byte;
    uint32_t child;
  };

  template <class Byte, class F>
  void walk(size_t size, Byte byteAt, F& fn) const {
    if (nodes_.empty()) return;
    uint32_t n = 0;
    for (size_t k = 0;; ++k) {
      if (nodes_[n].value >= 0) fn(k, values_[static_cast<size_t>(nodes_[n].value)]);
      if (k == size) return;
      unsigned char b = byteAt(k);
      const Edge* lo = edges_.data() + nodes_[n].first;
      const Edge* hi = lo + nodes_[n].count;
      const Edge* e =
          std::lower_bound(lo, hi, b, [](const Edge& x, unsigned char v) { return x.byte < v; });
      if (e == hi || e->byte != b) return;
      n = e->child;
    }
  }

  bool reversed_ = false;
  std::vector<Node> nodes_;
  std::vector<Edge> edges_;
  std::vector<V> values_;
};

}  // namespace kg::detail
