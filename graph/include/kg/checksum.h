// A 64-bit checksum for noticing damaged files (the build cache's lines, the
// query index's sections, the whole JSON-LD): fast (about one multiply per 8
// bytes), not cryptographic. Fed in pieces of any size, it gives the same
// value as over the bytes in one piece.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kg {

class Checksum64 {
 public:
  void update(std::string_view bytes);
  uint64_t value() const;  // of every byte given so far; update() may go on
  uint64_t bytes() const { return total_; }

 private:
  void block(const unsigned char* p);  // 32 bytes: one word into each lane
  uint64_t lane_[4] = {0x9e3779b97f4a7c15ull, 0x3c6ef372fe94f82aull, 0xdaa66d2c7ddf743full, 0x78dde6e5fd29f054ull};
  unsigned char tail_[32] = {};  // the last total_ % 32 bytes
  uint64_t total_ = 0;
};

uint64_t checksum64(std::string_view bytes);
// 16 lower-case hex digits, and back (false when `s` is not 16 such digits).
std::string checksumHex(uint64_t v);
bool parseChecksumHex(std::string_view s, uint64_t& v);

}  // namespace kg
