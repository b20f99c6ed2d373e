// The text layer: bytes -> UTF-8 -> NFKC with an offset map -> sentences.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kg/types.h"

namespace kg {

struct DecodedText {
  std::string utf8;
  std::string encoding;  // "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "windows-949", "EUC-KR"
  // Damage read past, by byte offset in the file and naming the encoding:
  // "byte 92: 4 byte(s) of invalid UTF-8 (0xff 0xfe ...) replaced by U+FFFD",
  // "byte 7: 1 byte(s) of invalid windows-949 (0xc1) replaced by U+FFFD".
  std::vector<std::string> warnings;
};

// Decodes a document: UTF-8 (with or without BOM), UTF-32 and UTF-16 LE/BE (BOM
// or NUL pattern), else CP949 when it reads as text and no other candidate could
// read it better, else the candidate of ICU's charset detector (CP949/EUC-KR ...)
// that passes a Hangul plausibility check best. In every encoding alike, a few
// damaged spots (at most 1% of the bytes, or 4: stray bytes, a cut sequence, NULs in
// UTF-8) are read with U+FFFD in their place and each spot listed in `warnings`, and
// up to 1% control characters are read as they are; a DOS end-of-file mark (0x1A) as
// the last byte is dropped. Throws DecodeError naming the reason, the encoding tried
// and the byte offset when the bytes are empty, binary or in no encoding kg reads.
DecodedText decode(std::string_view bytes);
// decode() taking the bytes: text that is UTF-8 already becomes DecodedText::utf8
// without a copy (a document's peak memory holds it once, not twice); `bytes` is
// left empty either way.
DecodedText decodeOwned(std::string&& bytes);

// A non-decreasing sequence of byte offsets (NormalizedText::toOriginal), kept
// compactly in blocks of 64 entries: the block's steps (one byte an entry: the step from
// the entry before; steps of 255 and more kept aside) only when some step is not 1, and
// blocks of steps of 1 that go on where the block before ended (text copied as it was, the
// usual case: ASCII and Hangul are NFKC already) as one run, whatever its length. Memory: 12
// bytes a run, plus 64 a block of other steps, so a few bytes for a text NFKC leaves as it
// is, at most about 1.2 bytes an entry (issue 21: the map of a long document was 4x its
// size, then 1.06x, then 0.13x with one checkpoint each 64 entries). Entry i is read in a
// binary search over the runs and at most 63 additions.
class OffsetMap {
 public:
  // Appends an offset; throws kg::Error when it is below the last one.
  void push_back(uint32_t offset);
  // Appends the n offsets from, from + 1, ..., from + n - 1 (bytes copied as they were);
  // throws kg::Error when `from` is below the last offset.
  void appendIdentity(uint32_t from, size_t n);
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  uint32_t back() const { return last_; }
  uint32_t operator[](size_t i) const;   // i < size()
  std::vector<uint32_t> expand() const;  // every entry (tests, dumps)
  bool operator==(const OffsetMap& o) const { return expand() == o.expand(); }
  bool operator!=(const OffsetMap& o) const { return !(*this == o); }
  size_t heapBytes() const;  // memory held (tests, the README's figures)

 private:
  static constexpr size_t kEvery = 64;
  static constexpr uint8_t kLarge = 255;
  static constexpr uint32_t kIdentity = UINT32_MAX;  // Run::steps of a run of steps of 1
  // Complete blocks from block `first` (entries first * kEvery on) up to the next run's
  // first: one block whose steps start at steps_[steps], or (steps == kIdentity) any number of
  // blocks of steps of 1, `offset` being the run's first entry.
  struct Run {
    uint32_t first = 0, offset = 0, steps = kIdentity;
  };
  // runs_: every complete block, in order. steps_: kEvery per block of other steps. large_:
  // (i, step) for steps of kLarge or more, by i. pending_: the steps of the block being
  // filled (entries from blocks_ * kEvery on), pendingFirst_ its first entry and
  // pendingIdentity_ whether every step of it so far is 1.
  std::vector<Run> runs_;
  std::vector<uint8_t> steps_;
  std::vector<std::pair<uint32_t, uint32_t>> large_;
  uint8_t pending_[kEvery] = {};
  uint32_t pendingFirst_ = 0;
  bool pendingIdentity_ = true;
  size_t blocks_ = 0;  // complete blocks
  size_t size_ = 0;
  uint32_t last_ = 0;
  uint32_t step(const uint8_t* block, size_t i) const;  // step of entry i, which block holds
  // Block k's first entry in *first and its steps, or nullptr when they are all 1.
  const uint8_t* block(size_t k, uint32_t* first) const;
  void closeBlock();
};

// NFKC-normalised text with line ends folded to '\n', HTML character
// references (&nbsp; &middot; &lsquo; &#8216; &#x2019; …) decoded and invisible
// format characters (U+200B, U+2060, U+00AD, U+FEFF inside the text) removed,
// and a map back:
// toOriginal[i] is the byte offset in the decoded UTF-8 of normalised byte i
// (size text.size() + 1, the last entry being the decoded length).
struct NormalizedText {
  std::string text;
  OffsetMap toOriginal;
  Span original(Span s) const { return Span{toOriginal[s.begin], toOriginal[s.end]}; }
};
NormalizedText normalize(std::string_view utf8);

// One unit of text the rules read: a sentence, a list item, a headline or a table row.
// 16 bytes (issue 21: a document of short lines has one every few bytes).
struct Sentence {
  static constexpr uint32_t kMaxSection = (1u << 25) - 1;  // later section headlines count as this one
  Span span;               // normalised bytes, bullets and outer white space trimmed
  uint32_t line = 0;       // 1-based line number
  // (one word of bit-fields of one type: compilers that do not pack bool and uint32_t
  // bit-fields together would make the record 20 bytes)
  uint32_t section : 25 = 0;  // increments at every section headline, up to kMaxSection
  uint32_t headline : 1 = 0;  // a line without a sentence ending (titles, news headlines)
  uint32_t footnote : 1 = 0;  // starts with '*' or '※'
  uint32_t caption : 1 = 0;   // a figure or table caption: 〈...〉 on its own line
  uint32_t tableRow : 1 = 0;  // holds tab-separated cells
  uint32_t bullet : 1 = 0;    // started with a list bullet
  uint32_t split : 1 = 0;     // a piece of a run longer than SegmentOptions::maxSentenceBytes
};

struct SegmentOptions {
  bool removeChrome = true;       // drop menus, share bars, bylines, comment boxes, footers
  size_t maxSentenceBytes = 4096; // longer runs are split at white space; the pieces carry Sentence::split
};

// Hard-wrapped text (news archives, PDF copies): a line break inside a sentence
// becomes a space, in place (same length, so every offset stays). A break is
// inside a sentence when the line ends without a sentence ending, in an open
// bracket or quote, after a comma, or on a josa or connective ending, or when the
// next line opens with a gloss of the last word ("(CIAE) 간 …"), or, in a copy
// wrapped at one width (three lines in ten or more within a few code points of the
// 90th percentile of line lengths, 100 code points or less), when the line is filled
// to that width; and the next line is no bullet, table row or page chrome. Headings
// and list items keep their breaks.
void joinWrappedLines(std::string& text);

// Splits normalised text into sentences, dropping page chrome when asked.
std::vector<Sentence> segment(std::string_view text, const SegmentOptions& options = {});

// True for a line that is web-page chrome (menu, share bar, byline, counter, footer, a
// source or photo credit: "출처: 과기일보", "[촬영/신화사 기자 …]").
bool isChromeLine(std::string_view line);
// The heading of a list of other articles ("관련기사", "많이 본 뉴스"): it and the lines
// under it, up to a blank line, are page chrome.
bool isArticleListHeader(std::string_view line);

// The document's own date, as YYYY-MM-DD, or "" when there is none: the
// first line labelling one (발행일, 기사입력, 등록일 ...: "| 발 행 일 | 2024. 3. 29."),
// else the first date outside URLs; any of the forms 2024-03-29, 2024. 3. 29.,
// 2024년 3월 29일, '24.3.29 (see detail/metadata.h).
std::string findDate(std::string_view text);

// Length in bytes of the Korean particle/ending chain at the start of `tail`
// when the whole of it (up to white space or punctuation) is one; else 0 with
// *whole set to false. "은", "에서는", "과의" are chains; "어" (as in 중국어) is not.
size_t particleChain(std::string_view tail, bool* whole);

}  // namespace kg
