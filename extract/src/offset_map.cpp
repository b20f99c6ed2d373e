#include <algorithm>

#include "kg/error.h"
#include "kg/text.h"

namespace kg {

void OffsetMap::push_back(uint32_t offset) {
  size_t i = steps_.size();
  if (i > 0 && offset < last_) throw Error("offset map: offsets must not decrease");
  uint32_t step = i == 0 ? 0 : offset - last_;
  if (i % kEvery == 0) checkpoints_.push_back(offset);
  if (step >= kLarge) {
    steps_.push_back(kLarge);
    large_.emplace_back(static_cast<uint32_t>(i), step);
  } else {
    steps_.push_back(static_cast<uint8_t>(step));
  }
  last_ = offset;
}

void OffsetMap::reserve(size_t n) {
  steps_.reserve(n);
  checkpoints_.reserve(n / kEvery + 1);
}

uint32_t OffsetMap::step(size_t i) const {
  if (steps_[i] != kLarge) return steps_[i];
  auto it = std::lower_bound(large_.begin(), large_.end(),
                             std::pair<uint32_t, uint32_t>{static_cast<uint32_t>(i), 0});
  return it->second;
}

uint32_t OffsetMap::operator[](size_t i) const {
  size_t k = i / kEvery;
  uint32_t v = checkpoints_[k];
  for (size_t j = k * kEvery + 1; j <= i; ++j) v += step(j);
  return v;
}

std::vector<uint32_t> OffsetMap::expand() const {
  std::vector<uint32_t> out;
  out.reserve(steps_.size());
  uint32_t v = 0;
  for (size_t i = 0; i < steps_.size(); ++i) {
    v = i % kEvery == 0 ? checkpoints_[i / kEvery] : v + step(i);
    out.push_back(v);
  }
  return out;
}

}  // namespace kg
