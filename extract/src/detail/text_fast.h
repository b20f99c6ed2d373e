// Fast paths of the text layer (issue 22), each giving exactly what the general
// code of text.cpp gives: exposed here for the tests that check so.
#pragma once

#include <cstddef>
#include <string_view>

#include "kg/text.h"

namespace kg::detail {

// One pass over UTF-8 bytes: the offset of the first invalid sequence (as ICU's
// U8_NEXT reads them; npos when valid), and, up to there, the code points and the
// control characters (below U+0020 but \n \r \t \f).
struct Utf8Scan {
  size_t invalidAt = std::string_view::npos;
  size_t codePoints = 0;
  size_t controls = 0;
};
Utf8Scan scanUtf8(std::string_view bytes);

// Decodes bytes that are not UTF-8 as CP949 when that is the decoding decode()'s
// charset detector would end with (CP949 decodes cleanly, reads as text and scores at
// least as high as every candidate that can hold Hangul); false otherwise, and decode()
// asks the detector.
bool decodeCp949Directly(std::string_view bytes, DecodedText* out);

// normalize() with (fastPaths) or without the fast path over Hangul syllables; both
// give the same text and offset map.
NormalizedText normalizeWith(std::string_view utf8, bool fastPaths);

// True when a Hangul syllable (U+AC00..U+D7A3, three bytes) starts at s[i].
inline bool hangulSyllableAt(std::string_view s, size_t i) {
  if (i + 3 > s.size()) return false;
  auto b0 = static_cast<unsigned char>(s[i]), b1 = static_cast<unsigned char>(s[i + 1]),
       b2 = static_cast<unsigned char>(s[i + 2]);
  if (b0 < 0xEA || b0 > 0xED || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return false;
  unsigned cp = (b0 & 0x0Fu) << 12 | (b1 & 0x3Fu) << 6 | (b2 & 0x3Fu);
  return cp >= 0xAC00 && cp <= 0xD7A3;
}

// True when what starts at s[i] begins a new NFKC segment that cannot compose with a
// Hangul syllable before it: the end, an ASCII byte or another Hangul syllable.
inline bool boundaryAfterSyllable(std::string_view s, size_t i) {
  return i >= s.size() || static_cast<unsigned char>(s[i]) < 0x80 || hangulSyllableAt(s, i);
}

}  // namespace kg::detail
