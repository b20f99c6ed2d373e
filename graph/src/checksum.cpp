// Checksum64: 8-byte words through a multiply-rotate chain, the length and
// the tail folded in at the end, then MurmurHash3's 64-bit finaliser.
#include "kg/checksum.h"

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

void Checksum64::word(uint64_t w) {
  h_ = rotl(h_ ^ (w * kK1), 31) * kK2;
}

void Checksum64::update(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size();
  unsigned have = static_cast<unsigned>(total_ % 8);
  total_ += n;
  while (have && n) {  // complete the carried word first
    carry_ |= static_cast<uint64_t>(*p++) << (8 * have);
    --n;
    if (++have == 8) {
      word(carry_);
      carry_ = 0;
      have = 0;
    }
  }
  for (; n >= 8; p += 8, n -= 8) word(load64(p));
  for (unsigned i = 0; i < n; ++i) carry_ |= static_cast<uint64_t>(p[i]) << (8 * i);
}

uint64_t Checksum64::value() const {
  return fmix(rotl(h_ ^ (carry_ * kK2), 27) ^ (total_ * kK1));
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
