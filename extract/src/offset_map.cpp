#include <algorithm>
#include <cstring>

#include "kg/error.h"
#include "kg/text.h"

namespace kg {

void OffsetMap::push_back(uint32_t offset) {
  if (size_ > 0 && offset < last_) throw Error("offset map: offsets must not decrease");
  size_t j = size_ % kEvery;
  if (j == 0) {  // a block's first entry: its offset whole, no step
    checkpoints_.push_back(offset);
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
    blockSteps_.push_back(kIdentity);
    return;
  }
  blockSteps_.push_back(static_cast<uint32_t>(steps_.size()));
  steps_.insert(steps_.end(), pending_, pending_ + kEvery);
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
    checkpoints_.push_back(from);
    blockSteps_.push_back(kIdentity);
    size_ += kEvery;
    last_ = from + kEvery - 1;
  }
  for (; n > 0; --n) push_back(from++);
}

void OffsetMap::reserve(size_t n) {
  checkpoints_.reserve(n / kEvery + 1);
  blockSteps_.reserve(n / kEvery + 1);
}

size_t OffsetMap::heapBytes() const {
  return checkpoints_.capacity() * sizeof(uint32_t) + blockSteps_.capacity() * sizeof(uint32_t) +
         steps_.capacity() + large_.capacity() * sizeof(large_[0]);
}

uint32_t OffsetMap::step(const uint8_t* block, size_t i) const {
  uint8_t s = block[i % kEvery];
  if (s != kLarge) return s;
  auto it = std::lower_bound(large_.begin(), large_.end(),
                             std::pair<uint32_t, uint32_t>{static_cast<uint32_t>(i), 0});
  return it->second;
}

uint32_t OffsetMap::operator[](size_t i) const {
  size_t k = i / kEvery;
  uint32_t v = checkpoints_[k];
  const uint8_t* block = pending_;
  if (k < blockSteps_.size()) {
    if (blockSteps_[k] == kIdentity) return v + static_cast<uint32_t>(i % kEvery);
    block = steps_.data() + blockSteps_[k];
  } else if (pendingIdentity_) {
    return v + static_cast<uint32_t>(i % kEvery);
  }
  for (size_t j = k * kEvery + 1; j <= i; ++j) v += step(block, j);
  return v;
}

std::vector<uint32_t> OffsetMap::expand() const {
  std::vector<uint32_t> out;
  out.reserve(size_);
  uint32_t v = 0;
  for (size_t i = 0; i < size_; ++i) {
    if (i % kEvery == 0) {
      v = checkpoints_[i / kEvery];
    } else {
      size_t k = i / kEvery;
      bool identity = k < blockSteps_.size() ? blockSteps_[k] == kIdentity : pendingIdentity_;
      v += identity ? 1
                    : step(k < blockSteps_.size() ? steps_.data() + blockSteps_[k] : pending_, i);
    }
    out.push_back(v);
  }
  return out;
}

}  // namespace kg
