// Fast paths of the text layer (issue 22), each giving exactly what the general
// code of text.cpp gives: exposed here for the tests that check so.
#pragma once

#include <bitset>
#include <cstddef>
#include <initializer_list>
#include <string_view>
#include <vector>

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

// How decode() scores a clean reading of `bytes` in `charset` (the share of plausible code
// points plus the share of Hangul among letters), or -1 when it would not take it (damage,
// control characters, under 90% plausible): by ICU's converter, and for UTF-16 (LE, or BE
// when bigEndian) from the bytes without a conversion, giving the same.
double candidateScoreOf(const char* charset, std::string_view bytes);
double utf16Score(std::string_view bytes, bool bigEndian);

// normalize() with (fastPaths) or without the fast path; both give the same text and
// offset map. The fast path copies runs that NFKC leaves as they are (ASCII, Hangul
// syllables and code points ICU calls inert, each with a segment boundary after it) in
// one append, with one identity entry in the map, and calls ICU only on the rest.
NormalizedText normalizeWith(std::string_view utf8, bool fastPaths);

// A few words (at most 32, each of three bytes or more) looked for in a line in one pass:
// countIn(s, enough) is how many of them occur in s, each counted once, as counting
// s.find(w) != npos over them gives, but stops at `enough`. A word can start only where
// its first three bytes do: positions are filtered by those (a bit per 16-bit key, the
// code point for a three-byte character, so a Hangul word's first syllable exactly),
// and for words of six bytes or more by the next three bytes' key too, before any word
// is compared.
class WordSet {
 public:
  // Throws kg::Error for a word under 3 bytes or over 32 words.
  WordSet(std::initializer_list<std::string_view> words);
  size_t countIn(std::string_view s, size_t enough) const;

 private:
  std::vector<std::string_view> words_;
  std::bitset<65536> first_, second_;  // keys of the words' first three bytes, of bytes 3..5
  std::bitset<65536> short_;           // first keys of words under six bytes
};

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
