// Checksum64: 32-byte blocks, one 8-byte word into each of four
// multiply-rotate lanes (independent, so the multiplies overlap); at the end
// the length, the lanes and the last partial block are folded together and
// MurmurHash3's 64-bit finaliser mixes the result.
#include "kg/checksum.h"

#include <algorithm>
#include <cstring>

namespace kg {

namespace {
constexpr uint64_t kK1 = 0x87c37b91114253d5ull, kK2 = 0x4cf5ad432745937full;
inline uint64_t rotl(uint64_t x, int r) {
  return (x << r) | (x >> (64 - r));
}
inline uint64_t fmix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  k ^= k >> 33;
  return k;
}
inline uint64_t load64(const unsigned char* p) {
  uint64_t w = 0;
  for (int i = 0; i < 8; ++i) w |= static_cast<uint64_t>(p[i]) << (8 * i);
  return w;
}
}  // namespace

void Checksum64::block(const unsigned char* p) {
  for (int i = 0; i < 4; ++i) lane_[i] = rotl(lane_[i] ^ (load64(p + 8 * i) * kK1), 31) * kK2;
}

void Checksum64::update(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size();
  size_t have = static_cast<size_t>(total_ % 32);
  total_ += n;
  if (have) {  // complete the carried block first
    size_t take = std::min(32 - have, n);
    std::memcpy(tail_ + have, p, take);
    p += take;
    n -= take;
    if (have + take < 32) return;
    block(tail_);
  }
  for (; n >= 32; p += 32, n -= 32) block(p);
  if (n) std::memcpy(tail_, p, n);
}

uint64_t Checksum64::value() const {
  uint64_t h = total_ * kK1;
  for (uint64_t l : lane_) h = rotl(h ^ fmix(l), 27) * kK2;
  unsigned char rest[32] = {};
  size_t n = static_cast<size_t>(total_ % 32);
  std::memcpy(rest, tail_, n);
  for (size_t i = 0; i < n; i += 8) h = rotl(h ^ (load64(rest + i) * kK1), 31) * kK2;
  return fmix(h);
}

uint64_t checksum64(std::string_view bytes) {
  Checksum64 c;
  c.update(bytes);
  return c.value();
}

std::string checksumHex(uint64_t v) {
  static const char* hex = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[static_cast<size_t>(i)] = hex[v & 15];
  return s;
}

bool parseChecksumHex(std::string_view s, uint64_t& v) {
  if (s.size() != 16) return false;
  v = 0;
  for (char c : s) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return false;
    v = v << 4 | static_cast<uint64_t>(d);
  }
  return true;
}

}  // namespace kg
