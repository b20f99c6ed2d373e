#include <algorithm>
#include <cstring>

#include "kg/error.h"
#include "kg/text.h"

namespace kg {

void OffsetMap::push_back(uint32_t offset) {
  if (size_ > 0 && offset < last_) throw Error("offset map: offsets must not decrease");
  size_t j = size_ % kEvery;
  if (j == 0) {  // a block's first entry: its offset whole, no step
    pendingFirst_ = offset;
    pendingIdentity_ = true;
    pending_[0] = 0;
  } else {
    uint32_t step = offset - last_;
    if (step != 1) pendingIdentity_ = false;
    if (step >= kLarge) {
      pending_[j] = kLarge;
      large_.emplace_back(static_cast<uint32_t>(size_), step);
    } else {
      pending_[j] = static_cast<uint8_t>(step);
    }
  }
  last_ = offset;
  if (++size_ % kEvery == 0) closeBlock();
}

void OffsetMap::closeBlock() {
  if (pendingIdentity_) {
    // (a run of steps of 1 goes on when this block starts one past where it ended)
    if (!runs_.empty() && runs_.back().steps == kIdentity &&
        uint64_t{runs_.back().offset} + (blocks_ - runs_.back().first) * kEvery == pendingFirst_) {
      ++blocks_;
      return;
    }
    runs_.push_back(Run{static_cast<uint32_t>(blocks_), pendingFirst_, kIdentity});
  } else {
    runs_.push_back(Run{static_cast<uint32_t>(blocks_), pendingFirst_, static_cast<uint32_t>(steps_.size())});
    steps_.insert(steps_.end(), pending_, pending_ + kEvery);
  }
  ++blocks_;
}

void OffsetMap::appendIdentity(uint32_t from, size_t n) {
  // Up to the next block's start one by one, then whole blocks of steps of 1 at once.
  while (n > 0 && (size_ == 0 || size_ % kEvery != 0)) {
    push_back(from++);
    --n;
  }
  if (n == 0) return;
  if (from < last_) throw Error("offset map: offsets must not decrease");
  for (; n >= kEvery; n -= kEvery, from += kEvery) {
    pendingFirst_ = from;
    pendingIdentity_ = true;
    size_ += kEvery;
    last_ = from + kEvery - 1;
    closeBlock();
  }
  for (; n > 0; --n) push_back(from++);
}

size_t OffsetMap::heapBytes() const {
  return runs_.capacity() * sizeof(Run) + steps_.capacity() + large_.capacity() * sizeof(large_[0]);
}

uint32_t OffsetMap::step(const uint8_t* block, size_t i) const {
  uint8_t s = block[i % kEvery];
  if (s != kLarge) return s;
  auto it = std::lower_bound(large_.begin(), large_.end(),
                             std::pair<uint32_t, uint32_t>{static_cast<uint32_t>(i), 0});
  return it->second;
}

const uint8_t* OffsetMap::block(size_t k, uint32_t* first) const {
  if (k >= blocks_) {
    *first = pendingFirst_;
    return pendingIdentity_ ? nullptr : pending_;
  }
  // the last run starting at or before block k
  auto it = std::upper_bound(runs_.begin(), runs_.end(), k, [](size_t b, const Run& r) { return b < r.first; });
  const Run& r = *std::prev(it);
  if (r.steps == kIdentity) {
    *first = r.offset + static_cast<uint32_t>((k - r.first) * kEvery);
    return nullptr;
  }
  *first = r.offset;
  return steps_.data() + r.steps;
}

uint32_t OffsetMap::operator[](size_t i) const {
  uint32_t v;
  const uint8_t* steps = block(i / kEvery, &v);
  if (!steps) return v + static_cast<uint32_t>(i % kEvery);
  for (size_t j = i / kEvery * kEvery + 1; j <= i; ++j) v += step(steps, j);
  return v;
}

std::vector<uint32_t> OffsetMap::expand() const {
  std::vector<uint32_t> out;
  out.reserve(size_);
  for (size_t b = 0; b < size_; b += kEvery) {
    uint32_t v;
    const uint8_t* steps = block(b / kEvery, &v);
    out.push_back(v);
    for (size_t i = b + 1; i < std::min(size_, b + kEvery); ++i) out.push_back(v += steps ? step(steps, i) : 1);
  }
  return out;
}

}  // namespace kg
