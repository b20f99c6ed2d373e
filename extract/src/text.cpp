#include "kg/text.h"

#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>

#include "detail/metadata.h"
#include "detail/text_fast.h"
#include "kg/error.h"

namespace kg {

namespace {

std::string hexByte(unsigned char c) {
  const char* d = "0123456789abcdef";
  return std::string("0x") + d[c >> 4] + d[c & 15];
}

// Offset of the first invalid UTF-8 sequence, or npos.
size_t invalidUtf8At(std::string_view s) {
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0) return static_cast<size_t>(start);
  }
  return std::string_view::npos;
}

// Share of code points that Korean text of this genre is made of (Hangul,
// ASCII, Han, CJK and general punctuation), and the count of control characters.
struct Plausibility {
  double korean = 0;   // share of Hangul syllables among letters
  double ok = 0;       // share of plausible code points
  size_t controls = 0;
  size_t total = 0;
};

// Plausibility counted a code point at a time, from whatever holds the code points.
class PlausibilityCount {
 public:
  void add(UChar32 c) {
    ++total_;
    bool isHangul = (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x3130 && c <= 0x318F);
    bool isHan = (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF);
    if (isHangul) ++hangul_;
    if (isHangul || isHan || (c < 0x80 && std::isalpha(c))) ++letters_;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++controls_;
    if (isHangul || isHan || (c >= 0x20 && c < 0x7F) || c == '\n' || c == '\r' || c == '\t' ||
        (c >= 0x2000 && c <= 0x33FF) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0xA0 && c <= 0x24F))
      ++ok_;
  }
  Plausibility result() const {
    Plausibility p;
    p.total = total_;
    p.controls = controls_;
    p.korean = letters_ ? double(hangul_) / letters_ : 0;
    p.ok = total_ ? double(ok_) / total_ : 0;
    return p;
  }

 private:
  size_t hangul_ = 0, letters_ = 0, ok_ = 0, controls_ = 0, total_ = 0;
};

// The plausibility of UTF-8 text read in place; an invalid sequence counts as U+FFFD,
// as UnicodeString::fromUTF8 would read it.
Plausibility plausibilityOfUtf8(std::string_view s) {
  PlausibilityCount count;
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT_OR_FFFD(s.data(), i, n, c);
    count.add(c);
  }
  return count.result();
}

// A damaged spot an ICU converter met: its byte offset and bytes.
struct Spot {
  size_t offset;
  std::string bytes;
};

struct SpotContext {
  const char* base;
  std::vector<Spot>* spots;
};

// To-Unicode callback: an illegal, unassigned or cut sequence becomes U+FFFD
// (never the SUB control U+001A ICU gives some single bytes) and is recorded.
void recordAndReplace(const void* context, UConverterToUnicodeArgs* args, const char* codeUnits, int32_t length,
                      UConverterCallbackReason reason, UErrorCode* err) {
  if (reason != UCNV_ILLEGAL && reason != UCNV_UNASSIGNED && reason != UCNV_IRREGULAR) return;
  const auto* c = static_cast<const SpotContext*>(context);
  size_t end = static_cast<size_t>(args->source - c->base);
  size_t len = static_cast<size_t>(length);
  c->spots->push_back({end >= len ? end - len : 0, std::string(codeUnits, len)});
  static const UChar kReplacement = 0xFFFD;
  *err = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
}

// What reading bytes in a charset gives: the damaged spots, how the text reads and the
// length of its UTF-8.
struct Reading {
  std::vector<Spot> spots;
  Plausibility plausibility;
  size_t utf8Bytes = 0;
};

// Reads `bytes` with ICU's converter for `charset` a chunk at a time (issue 21: a whole
// UTF-16 copy of the text, then its UTF-8 growing by doubling, were three times the file):
// damaged sequences become U+FFFD and are listed in the reading's spots (byte offsets into
// `bytes`); the UTF-8 is appended to *utf8 when given (UnicodeString::toUTF8String's bytes:
// a lone surrogate is U+FFFD). False when the converter is missing or fails.
bool readAs(const char* charset, std::string_view bytes, Reading* reading, std::string* utf8 = nullptr) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> cnv(ucnv_open(charset, &st), ucnv_close);
  if (U_FAILURE(st)) return false;
  *reading = {};
  SpotContext context{bytes.data(), &reading->spots};
  ucnv_setToUCallBack(cnv.get(), recordAndReplace, &context, nullptr, nullptr, &st);
  if (U_FAILURE(st)) return false;
  constexpr int32_t kUnits = 8192;
  std::array<UChar, kUnits> units;
  std::array<char, 3 * kUnits> out;  // (at most three UTF-8 bytes a UTF-16 unit)
  PlausibilityCount count;
  const char* src = bytes.data();
  const char* end = bytes.data() + bytes.size();
  int32_t carried = 0;  // a lead surrogate held over to the next chunk, to be read with its trail
  for (bool more = true; more;) {
    UChar* dst = units.data() + carried;
    st = U_ZERO_ERROR;
    ucnv_toUnicode(cnv.get(), &dst, units.data() + kUnits, &src, end, nullptr, true, &st);
    more = st == U_BUFFER_OVERFLOW_ERROR;
    if (U_FAILURE(st) && !more) return false;
    int32_t n = static_cast<int32_t>(dst - units.data());
    int32_t ready = more && n > 0 && U16_IS_LEAD(units[n - 1]) ? n - 1 : n;
    for (int32_t i = 0; i < ready;) {
      UChar32 c;
      U16_NEXT(units.data(), i, ready, c);  // (a lone surrogate is read as itself)
      count.add(c);
    }
    int32_t length = 0;
    UErrorCode e = U_ZERO_ERROR;
    u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length, units.data(), ready, 0xFFFD, nullptr, &e);
    if (U_FAILURE(e)) return false;
    reading->utf8Bytes += static_cast<size_t>(length);
    if (utf8) utf8->append(out.data(), static_cast<size_t>(length));
    carried = n - ready;
    if (carried) units[0] = units[n - 1];
  }
  reading->plausibility = count.result();
  return true;
}

// The UTF-8 of bytes a reading found readable, made to its size.
std::string utf8Of(const char* charset, std::string_view bytes, const Reading& reading) {
  std::string text;
  text.reserve(reading.utf8Bytes);
  Reading again;
  if (!readAs(charset, bytes, &again, &text) || text.size() != reading.utf8Bytes)
    throw DecodeError(std::string(charset) + ": the converter read the text differently a second time");
  return text;
}

size_t damagedBytes(const std::vector<Spot>& spots) {
  size_t n = 0;
  for (const auto& s : spots) n += s.bytes.size();
  return n;
}

// The damage kg reads past, in any encoding: at most 1% of the bytes (or 4).
bool tolerable(size_t damaged, size_t total) { return damaged <= 4 || damaged * 100 <= total; }

// "byte N: K byte(s) of invalid ENCODING (0x.. 0x..) replaced by U+FFFD", the
// first five spots, then how many more.
std::vector<std::string> spotWarnings(const std::vector<Spot>& spots, const std::string& encoding, size_t shift) {
  std::vector<std::string> out;
  for (size_t i = 0; i < spots.size() && i < 5; ++i) {
    std::string shown;
    for (size_t k = 0; k < spots[i].bytes.size() && k < 4; ++k)
      shown += (k ? " " : "") + hexByte(static_cast<unsigned char>(spots[i].bytes[k]));
    if (spots[i].bytes.size() > 4) shown += " ...";
    out.push_back("byte " + std::to_string(spots[i].offset + shift) + ": " + std::to_string(spots[i].bytes.size()) +
                  " byte(s) of invalid " + encoding + " (" + shown + ") replaced by U+FFFD");
  }
  if (spots.size() > 5) out.push_back("and " + std::to_string(spots.size() - 5) + " more damaged spot(s)");
  return out;
}

// Text that reads as text: mostly plausible characters and at most 1% control
// characters (a stray control byte or a DOS end-of-file mark passes, as in UTF-8).
bool readsAsText(const Plausibility& p, double minOk) {
  return p.total > 0 && p.ok >= minOk && double(p.controls) / p.total <= 0.01;
}

// Reads text that is UTF-8 but for a few damaged spots (stray bytes, a
// multibyte sequence cut short, NUL bytes): damaged sequences become U+FFFD and
// NULs are dropped, each spot reported by byte offset. Refuses (returns false)
// when more than 1% of the bytes are damaged or the result does not read as
// text, so that binary files and other encodings are not "repaired".
bool repairUtf8(std::string_view bytes, DecodedText* out, size_t* damagedOut = nullptr, size_t shift = 0) {
  std::string text;
  text.reserve(bytes.size());
  std::vector<std::string> spots;
  size_t damaged = 0, nspots = 0;
  int32_t i = 0, n = static_cast<int32_t>(bytes.size());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes.data(), i, n, c);
    if (c > 0) {
      text.append(bytes.data() + start, static_cast<size_t>(i - start));
      continue;
    }
    // A run of damage: invalid sequences and NULs next to each other.
    int32_t end = i;
    bool nul = c == 0, bad = c < 0;
    while (end < n) {
      int32_t j = end;
      UChar32 d;
      U8_NEXT(bytes.data(), j, n, d);
      if (d > 0) break;
      nul |= d == 0;
      bad |= d < 0;
      end = j;
    }
    damaged += static_cast<size_t>(end - start);
    if (bad) text += "\xEF\xBF\xBD";
    if (++nspots <= 5) {
      std::string what = bad && nul ? "invalid UTF-8 and NUL" : bad ? "invalid UTF-8" : "NUL";
      std::string shown;
      for (int32_t k = start; k < end && k < start + 4; ++k) {
        if (!shown.empty()) shown += ' ';
        shown += hexByte(static_cast<unsigned char>(bytes[k]));
      }
      if (end - start > 4) shown += " ...";
      spots.push_back("byte " + std::to_string(start + shift) + ": " + std::to_string(end - start) + " byte(s) of " + what +
                      " (" + shown + ") " + (bad ? "replaced by U+FFFD" : "dropped"));
    }
    i = end;
  }
  if (damagedOut) *damagedOut = damaged;
  if (!tolerable(damaged, bytes.size())) return false;
  Plausibility p = plausibilityOfUtf8(text);  // (text is valid UTF-8 by now)
  if (!readsAsText(p, 0.9)) return false;
  if (nspots > 5) spots.push_back("and " + std::to_string(nspots - 5) + " more damaged spot(s)");
  out->utf8 = std::move(text);
  out->encoding = "UTF-8";
  out->warnings = std::move(spots);
  return true;
}

}  // namespace

// ------------------------------------------------------------ fast paths (issue 22)
// Each gives exactly what the general code above and below would; tests/extract_test.cpp
// checks them against it, tests/differential.sh checks whole documents.

namespace detail {

namespace {
constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
// True when each of the eight bytes of w is ASCII (below 0x80) and none is below 0x20.
inline bool printableAscii8(uint64_t w) {
  return ((w | ((w - kOnes * 0x20) & ~w)) & kHighs) == 0;
}
// True when one of the eight bytes of w (all ASCII) is `c`.
inline bool hasByte8(uint64_t w, unsigned char c) {
  uint64_t x = w ^ (kOnes * c);
  return ((x - kOnes) & ~x & kHighs) != 0;
}
}  // namespace

Utf8Scan scanUtf8(std::string_view s) {
  Utf8Scan r;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    // Eight printable ASCII bytes at once: eight code points, no control.
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (printableAscii8(w)) {
        r.codePoints += 8;
        i += 8;
        continue;
      }
    }
    unsigned char b = p[i];
    if (b < 0x80) {  // ASCII: one code point; a control unless white space
      ++r.codePoints;
      if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') ++r.controls;
      ++i;
      continue;
    }
    // Three-byte sequences led by E1..EC (U+1000..U+CFFF, Hangul syllables among them): no
    // overlong forms and no surrogates there, so two continuation bytes make a valid code point.
    if (b >= 0xE1 && b <= 0xEC && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
      ++r.codePoints;
      i += 3;
      continue;
    }
    // Everything else as ICU reads it.
    int32_t j = static_cast<int32_t>(i), len = static_cast<int32_t>(std::min<size_t>(n, INT32_MAX));
    UChar32 c;
    U8_NEXT(s.data(), j, len, c);
    if (c < 0) {
      r.invalidAt = i;
      return r;
    }
    ++r.codePoints;
    i = static_cast<size_t>(j);
  }
  return r;
}

namespace {
// The filter's key of the three bytes at p: the code point when they are a three-byte
// UTF-8 sequence (a Hangul syllable, a CJK character), else some 16 bits of them.
inline unsigned firstThreeKey(const char* p) {
  return (static_cast<unsigned char>(p[0]) & 0x0Fu) << 12 |
         (static_cast<unsigned char>(p[1]) & 0x3Fu) << 6 |
         (static_cast<unsigned char>(p[2]) & 0x3Fu);
}
}  // namespace

WordSet::WordSet(std::initializer_list<std::string_view> words) : words_(words) {
  if (words_.size() > 32) throw Error("WordSet: over 32 words");
  for (std::string_view w : words_) {
    if (w.size() < 3) throw Error("WordSet: a word under three bytes");
    unsigned k = firstThreeKey(w.data());
    first_.set(k);
    if (w.size() < 6)
      short_.set(k);
    else
      second_.set(firstThreeKey(w.data() + 3));
  }
}

size_t WordSet::countIn(std::string_view s, size_t enough) const {
  uint32_t found = 0;
  size_t count = 0;
  for (size_t p = 0; p + 2 < s.size(); ++p) {
    unsigned key = firstThreeKey(s.data() + p);
    if (!first_.test(key)) continue;
    // (a word of six bytes or more needs its next three bytes' key too)
    if (!short_.test(key) && (p + 5 >= s.size() || !second_.test(firstThreeKey(s.data() + p + 3))))
      continue;
    for (size_t k = 0; k < words_.size(); ++k) {
      if (found >> k & 1u || s.compare(p, words_[k].size(), words_[k]) != 0) continue;
      found |= 1u << k;
      if (++count >= enough) return count;
    }
  }
  return count;
}

}  // namespace detail

namespace {

// Plausibility of a candidate decoding, as decode() scores it (ok + korean), or -1 when
// decode() would not take it (does not convert, control characters, under 90% plausible).
double candidateScore(const char* charset, std::string_view bytes, Reading* reading) {
  // (a clean reading only: damage is decode()'s to weigh)
  if (!readAs(charset, bytes, reading) || !reading->spots.empty()) return -1;
  const Plausibility& p = reading->plausibility;
  if (p.controls > 0 || p.ok < 0.9) return -1;
  return p.ok + p.korean;
}

}  // namespace

namespace detail {

double candidateScoreOf(const char* charset, std::string_view bytes) {
  Reading reading;
  return candidateScore(charset, bytes, &reading);
}

double utf16Score(std::string_view bytes, bool bigEndian) {
  if (bytes.size() % 2 != 0) return -1;
  const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  auto unit = [&](size_t i) -> uint16_t {
    return bigEndian ? static_cast<uint16_t>(b[i] << 8 | b[i + 1])
                     : static_cast<uint16_t>(b[i + 1] << 8 | b[i]);
  };
  PlausibilityCount count;
  for (size_t i = 0; i < bytes.size(); i += 2) {
    uint16_t u = unit(i);
    UChar32 c = u;
    if (U16_IS_SURROGATE(u)) {
      if (!U16_IS_SURROGATE_LEAD(u) || i + 2 >= bytes.size() || !U16_IS_TRAIL(unit(i + 2)))
        return -1;
      c = U16_GET_SUPPLEMENTARY(u, unit(i + 2));
      i += 2;
    }
    count.add(c);
  }
  Plausibility p = count.result();
  if (p.controls > 0 || p.ok < 0.9) return -1;
  return p.ok + p.korean;
}

}  // namespace detail

namespace {

// True when ICU's EUC-KR reads text as units of ASCII and byte pairs only, and reads each
// of these it can read as windows-949 does: then a text EUC-KR reads cleanly is read
// alike by both, and EUC-KR never scores above CP949 (checked once, on the ICU data this
// process has; false sends decodeCp949Directly to EUC-KR's own reading).
bool eucKrReadsAsCp949() {
  static const bool same = [] {
    UErrorCode st = U_ZERO_ERROR;
    std::unique_ptr<UConverter, decltype(&ucnv_close)> euc(ucnv_open("EUC-KR", &st), ucnv_close);
    std::unique_ptr<UConverter, decltype(&ucnv_close)> cp(ucnv_open("windows-949", &st),
                                                          ucnv_close);
    if (U_FAILURE(st)) return false;
    for (auto* c : {euc.get(), cp.get()}) {
      ucnv_setToUCallBack(c, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &st);
      if (U_FAILURE(st)) return false;
    }
    auto read = [](UConverter* c, const char* src, int32_t len, UChar* dst, int32_t* n) {
      UErrorCode e = U_ZERO_ERROR;
      *n = ucnv_toUChars(c, dst, 4, src, len, &e);
      return U_SUCCESS(e);
    };
    // Its units must be ASCII and byte pairs: no longer sequence, no high byte alone.
    if (ucnv_getMaxCharSize(euc.get()) > 2) return false;
    UChar a[4], b[4];
    int32_t na = 0, nb = 0;
    for (int high = 0x80; high < 256; ++high) {
      char one = static_cast<char>(high);
      if (read(euc.get(), &one, 1, a, &na)) return false;
    }
    for (int lead = 0; lead < 256; ++lead) {
      for (int trail = lead < 0x80 ? -1 : 0; trail < (lead < 0x80 ? 0 : 256); ++trail) {
        char src[2] = {static_cast<char>(lead), static_cast<char>(trail)};
        int32_t len = trail < 0 ? 1 : 2;
        if (!read(euc.get(), src, len, a, &na))
          continue;  // EUC-KR cannot read it: no clean reading holds it
        if (!read(cp.get(), src, len, b, &nb) || na != nb ||
            std::memcmp(a, b, sizeof(UChar) * na) != 0)
          return false;
      }
    }
    return true;
  }();
  return same;
}

}  // namespace

namespace detail {

bool decodeCp949Directly(std::string_view bytes, DecodedText* out) {
  Reading reading;
  double score = candidateScore("windows-949", bytes, &reading);
  // The detector's other candidates hold no Hangul (single-byte, Japanese and Chinese
  // charsets: GB18030's four-byte forms are never valid CP949), so they score at most 1:
  // below that, or when a charset that can give Hangul (EUC-KR, UTF-16 without NULs) scores
  // higher, the detector decides.
  // (UTF-16 scored from the bytes; EUC-KR not read at all when it reads as CP949 does)
  if (score < 1) return false;
  if (!eucKrReadsAsCp949()) {
    Reading other;
    if (candidateScore("EUC-KR", bytes, &other) > score) return false;
  }
  if (detail::utf16Score(bytes, false) > score || detail::utf16Score(bytes, true) > score)
    return false;
  *out = {utf8Of("windows-949", bytes, reading), "windows-949", {}};
  return true;
}

}  // namespace detail

namespace {

// decode(), given the bytes as a view; when `owned` holds them (bytes is a view of
// *owned), UTF-8 text is moved out of it instead of copied.
DecodedText decodeImpl(std::string_view bytes, std::string* owned) {
  if (bytes.empty()) throw DecodeError("empty file (0 bytes)");
  // A DOS end-of-file mark (0x1A) at the very end is no part of the text.
  if (bytes.size() > 1 && bytes.back() == '\x1A') bytes.remove_suffix(1);
  // Decodes with an ICU converter, reading past damage as UTF-8 does.
  auto viaIcu = [](const char* name, std::string_view body, size_t shift, DecodedText* out, std::string* why) {
    Reading r;
    if (!readAs(name, body, &r)) {
      *why = std::string("no ") + name + " converter";
      return false;
    }
    size_t damaged = damagedBytes(r.spots);
    if (!tolerable(damaged, body.size())) {
      *why = std::to_string(damaged) + " byte(s) of invalid " + name + ", the first at byte " +
             std::to_string(r.spots.front().offset + shift);
      return false;
    }
    const Plausibility& p = r.plausibility;
    if (!readsAsText(p, 0.9)) {
      *why = std::string("not text as ") + name + " (" + std::to_string(p.controls) + " control characters)";
      return false;
    }
    *out = {utf8Of(name, body, r), name, spotWarnings(r.spots, name, shift)};
    return true;
  };
  // Byte order marks (UTF-32 before UTF-16: FF FE 00 00 begins both).
  if (bytes.size() >= 3 && std::memcmp(bytes.data(), "\xEF\xBB\xBF", 3) == 0) {
    std::string_view rest = bytes.substr(3);
    if (invalidUtf8At(rest) == std::string_view::npos &&
        rest.find('\0') == std::string_view::npos) {
      if (!owned) return {std::string(rest), "UTF-8", {}};
      owned->resize(bytes.size());
      owned->erase(0, 3);
      return {std::move(*owned), "UTF-8", {}};
    }
    DecodedText repaired;
    size_t damaged = 0;
    if (repairUtf8(rest, &repaired, &damaged, 3)) return repaired;
    throw DecodeError("UTF-8 BOM but " + std::to_string(damaged) + " byte(s) of invalid UTF-8 or NUL, the first at byte " +
                      std::to_string(std::min(invalidUtf8At(rest), rest.find('\0')) + 3));
  }
  for (auto [bom, name] : {std::pair{std::string_view("\xFF\xFE\0\0", 4), "UTF-32LE"},
                           std::pair{std::string_view("\0\0\xFE\xFF", 4), "UTF-32BE"},
                           std::pair{std::string_view("\xFF\xFE", 2), "UTF-16LE"},
                           std::pair{std::string_view("\xFE\xFF", 2), "UTF-16BE"}}) {
    if (bytes.substr(0, bom.size()) == bom) {
      DecodedText out;
      std::string why;
      if (viaIcu(name, bytes.substr(bom.size()), bom.size(), &out, &why)) return out;
      throw DecodeError(std::string(name) + " BOM but " + why);
    }
  }
  // NUL bytes: UTF-32 or UTF-16 without BOM, or binary.
  size_t nulEven = 0, nulOdd = 0;
  if (std::memchr(bytes.data(), 0, bytes.size()))
    for (size_t i = 0; i < bytes.size(); ++i)
      if (bytes[i] == '\0') ++(i % 2 ? nulOdd : nulEven);
  if (nulEven + nulOdd > 0) {
    // UTF-32: every code point below U+10000 has a zero high byte (the last
    // of four in LE, the first in BE). Then Korean UTF-16, which has NUL bytes
    // only in its ASCII code units, so the NULs may be few; they must all sit
    // on one side, and the text must read as text.
    std::vector<const char*> tries;
    if (bytes.size() % 4 == 0) {
      bool le = true, be = true;
      for (size_t i = 0; i < bytes.size() && (le || be); i += 4) {
        le &= bytes[i + 3] == '\0' && bytes[i + 2] <= '\x10' && bytes[i + 2] >= '\0';
        be &= bytes[i] == '\0' && bytes[i + 1] <= '\x10' && bytes[i + 1] >= '\0';
      }
      if (le) tries.push_back("UTF-32LE");
      if (be) tries.push_back("UTF-32BE");
    }
    if (bytes.size() % 2 == 0) {
      tries.push_back("UTF-16LE");
      tries.push_back("UTF-16BE");
    }
    const char* best = nullptr;
    double bestScore = -1;
    Reading bestReading;
    for (const char* cs : tries) {
      Reading r;
      if (!readAs(cs, bytes, &r)) continue;
      if (!tolerable(damagedBytes(r.spots), bytes.size())) continue;
      const Plausibility& p = r.plausibility;
      if (!readsAsText(p, 0.95)) continue;
      double score = p.ok + p.korean - double(damagedBytes(r.spots)) / bytes.size();
      if (score > bestScore) {
        bestScore = score;
        best = cs;
        bestReading = std::move(r);
      }
    }
    if (best) return {utf8Of(best, bytes, bestReading), best, spotWarnings(bestReading.spots, best, 0)};
    DecodedText repaired;
    if (repairUtf8(bytes, &repaired)) return repaired;
    size_t at = bytes.find('\0');
    throw DecodeError("binary data: NUL byte at offset " + std::to_string(at));
  }
  detail::Utf8Scan scan = detail::scanUtf8(bytes);  // validity and the control count, one pass
  size_t bad = scan.invalidAt;
  if (bad == std::string_view::npos) {
    if (scan.codePoints > 0 && double(scan.controls) / scan.codePoints > 0.01)
      throw DecodeError("binary data: " + std::to_string(scan.controls) + " control characters");
    if (!owned) return {std::string(bytes), "UTF-8", {}};
    owned->resize(bytes.size());  // (without a DOS end-of-file mark dropped above)
    return {std::move(*owned), "UTF-8", {}};
  }
  {  // CP949 directly; the detector only when that does not settle it
    DecodedText direct;
    if (detail::decodeCp949Directly(bytes, &direct)) return direct;
  }
  // Legacy Korean encodings: ask ICU's detector, and always try CP949 (a
  // superset of EUC-KR); keep the candidate that decodes with the least damage
  // and reads most like Korean. UTF-8 with damaged spots competes with them
  // by the damage it has.
  std::vector<std::string> candidates{"windows-949"};
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> det(ucsdet_open(&st), ucsdet_close);
  if (U_SUCCESS(st)) {
    ucsdet_setText(det.get(), bytes.data(), static_cast<int32_t>(std::min<size_t>(bytes.size(), 1 << 20)), &st);
    int32_t n = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(det.get(), &n, &st);
    for (int32_t i = 0; U_SUCCESS(st) && i < n && i < 4; ++i) {
      UErrorCode s2 = U_ZERO_ERROR;
      const char* name = ucsdet_getName(matches[i], &s2);
      if (U_SUCCESS(s2) && name && std::string(name) != "UTF-8") candidates.push_back(name);
    }
  }
  double best = -1;
  size_t bestDamage = SIZE_MAX;
  std::string bestCharset;
  Reading bestReading;
  std::string legacyWhy;  // why CP949 was refused, for the message
  for (const auto& cs : candidates) {
    Reading r;
    if (!readAs(cs.c_str(), bytes, &r)) continue;
    const std::vector<Spot>& spots = r.spots;
    size_t damaged = damagedBytes(spots);
    if (!tolerable(damaged, bytes.size())) {
      if (legacyWhy.empty())
        legacyWhy = "as " + cs + ": " + std::to_string(damaged) + " byte(s) of invalid " + cs + ", the first at byte " +
                    std::to_string(spots.front().offset);
      continue;
    }
    const Plausibility& p = r.plausibility;
    if (!readsAsText(p, 0.9)) {
      if (legacyWhy.empty()) legacyWhy = "as " + cs + ": not text (" + std::to_string(p.controls) + " control characters)";
      continue;
    }
    double score = p.ok + p.korean - double(damaged) / bytes.size();
    if (damaged < bestDamage || (damaged == bestDamage && score > best)) {
      best = score;
      bestDamage = damaged;
      bestCharset = cs;
      bestReading = std::move(r);
    }
  }
  DecodedText repaired;
  size_t utf8Damage = 0;
  if (bestDamage > 0 && repairUtf8(bytes, &repaired, &utf8Damage) && utf8Damage < bestDamage) return repaired;
  if (best < 0)
    throw DecodeError("not text in UTF-8, UTF-16 or CP949/EUC-KR: invalid UTF-8 byte " + hexByte(bytes[bad]) +
                      " at offset " + std::to_string(bad) + (legacyWhy.empty() ? "" : "; " + legacyWhy));
  return {utf8Of(bestCharset.c_str(), bytes, bestReading), bestCharset,
          spotWarnings(bestReading.spots, bestCharset, 0)};
}

}  // namespace

DecodedText decode(std::string_view bytes) {
  return decodeImpl(bytes, nullptr);
}

DecodedText decodeOwned(std::string&& bytes) {
  DecodedText out = decodeImpl(bytes, &bytes);
  std::string().swap(bytes);  // whatever was not moved out is released here
  return out;
}

namespace {

// HTML character references left in scraped text, by name (the ones the genre's
// pages use; the rest are written as numbers). &nbsp; is a plain space.
constexpr std::pair<std::string_view, char32_t> kNamedReferences[] = {
    {"nbsp", U' '},     {"amp", U'&'},      {"quot", U'"'},     {"apos", U'\''},   {"lt", U'<'},
    {"gt", U'>'},       {"middot", U'·'},   {"lsquo", U'‘'},   {"rsquo", U'’'},   {"ldquo", U'“'},
    {"rdquo", U'”'},   {"sbquo", U'‚'},   {"bdquo", U'„'},   {"hellip", U'…'},  {"ndash", U'–'},
    {"mdash", U'—'},   {"bull", U'•'},     {"laquo", U'«'},    {"raquo", U'»'},    {"lsaquo", U'‹'},
    {"rsaquo", U'›'},  {"times", U'×'},    {"sdot", U'⋅'},    {"deg", U'°'},
    {"shy", 0xAD},      {"ensp", U' '},     {"emsp", U' '},     {"thinsp", U' '},
    {"copy", U'©'},     {"reg", U'®'},      {"trade", U'™'},   {"prime", U'′'},   {"Prime", U'″'}};

// The character a reference "&…;" at in[i] stands for, and its length; 0 when
// there is none (a bare '&' stays).
char32_t characterReference(std::string_view in, size_t i, size_t* len) {
  // (the longest reference kg decodes is 12 bytes: look no further, or a text full
  // of "R&D" and no ';' is searched to its end at every '&')
  size_t semi = in.substr(i + 1, 12).find(';');
  if (semi == std::string_view::npos || semi == 0) return 0;
  semi += i + 1;
  std::string_view body = in.substr(i + 1, semi - i - 1);
  *len = semi - i + 1;
  if (body[0] == '#') {
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    char32_t v = 0;
    for (char c : digits) {
      int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : hex && std::isxdigit(static_cast<unsigned char>(c)) ? (std::tolower(c) - 'a' + 10)
                                                                     : -1;
      if (d < 0) return 0;
      v = v * (hex ? 16 : 10) + static_cast<char32_t>(d);
      if (v > 0x10FFFF) return 0;
    }
    if (v == 0 || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    return v;
  }
  for (auto [name, cp] : kNamedReferences)
    if (name == body) return cp;
  return 0;
}

// Invisible format characters that may stand inside a name and mean nothing
// there: zero-width space, word joiner, soft hyphen, a BOM inside the text,
// directional marks. Normalisation drops them.
bool invisible(UChar32 c) {
  return c == 0x200B || c == 0x2060 || c == 0x00AD || c == 0xFEFF || c == 0x200E || c == 0x200F ||
         c == 0x180E || c == 0x2061 || c == 0x2062 || c == 0x2063 || c == 0x2064;
}

// Where the run starting at in[i] that NFKC leaves as it is ends: bytes that the general
// path of normalizeWith would copy one for one, each with its own offset. ASCII but '\r' and
// '&' (the general path copies every other ASCII byte alone, even before a combining
// mark); a Hangul syllable, or any other code point ICU calls inert (unchanged by NFKC,
// composing with nothing) that is not invisible(), when the start of a normalisation
// segment follows it: the general path's segment is then that code point alone, which is
// normalised already.
size_t stableRunEnd(std::string_view in, size_t i, const icu::Normalizer2& nfkc) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  const int32_t n32 = static_cast<int32_t>(n);
  // Does a normalisation segment begin at in[k] (the end, ASCII, a syllable, invalid bytes
  // or a code point with a boundary before it)?
  auto segmentStartsAt = [&](size_t k) {
    if (detail::boundaryAfterSyllable(in, k)) return true;
    int32_t m = static_cast<int32_t>(k);
    UChar32 d;
    U8_NEXT(in.data(), m, n32, d);
    return d < 0 || nfkc.hasBoundaryBefore(d);
  };
  while (i < n) {
    if (i + 8 <= n) {  // eight ASCII bytes, none '\r' or '&', at once
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ull) == 0 && !detail::hasByte8(w, '\r') &&
          !detail::hasByte8(w, '&')) {
        i += 8;
        continue;
      }
    }
    unsigned char b = p[i];
    if (b < 0x80) {
      if (b == '\r' || b == '&') break;
      ++i;
      continue;
    }
    size_t next;
    if (detail::hangulSyllableAt(in, i)) {
      next = i + 3;
    } else {
      int32_t k = static_cast<int32_t>(i);
      UChar32 c;
      U8_NEXT(in.data(), k, n32, c);
      if (c < 0 || invisible(c) || !nfkc.isInert(c)) break;
      next = static_cast<size_t>(k);
    }
    if (!segmentStartsAt(next)) break;
    i = next;
  }
  return i;
}

}  // namespace

namespace detail {

NormalizedText normalizeWith(std::string_view in, bool fastPaths) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(st);
  if (U_FAILURE(st)) throw Error("ICU NFKC normaliser unavailable");
  NormalizedText out;
  out.text.reserve(in.size());
  int32_t i = 0, n = static_cast<int32_t>(in.size());
  while (i < n) {
    if (fastPaths) {  // a run NFKC leaves as it is: copied whole, with an identity map
      size_t end = stableRunEnd(in, static_cast<size_t>(i), *nfkc);
      if (end > static_cast<size_t>(i)) {
        out.text.append(in.data() + i, end - static_cast<size_t>(i));
        out.toOriginal.appendIdentity(static_cast<uint32_t>(i), end - static_cast<size_t>(i));
        i = static_cast<int32_t>(end);
        continue;
      }
    }
    int32_t start = i;
    UChar32 c;
    U8_NEXT(in.data(), i, n, c);
    if (c == '\r') {  // CRLF and lone CR become one '\n'
      if (i < n && in[i] == '\n') ++i;
      out.text.push_back('\n');
      out.toOriginal.push_back(static_cast<uint32_t>(start));
      continue;
    }
    if (c == '&') {
      size_t len = 0;
      if (char32_t ref = characterReference(in, static_cast<size_t>(start), &len)) {
        i = start + static_cast<int32_t>(len);
        if (invisible(static_cast<UChar32>(ref))) continue;
        // the character, normalised like any other (&nbsp; is a space)
        icu::UnicodeString u(static_cast<UChar32>(ref));
        UErrorCode s3 = U_ZERO_ERROR;
        std::string bytes;
        nfkc->normalize(u, s3).toUTF8String(bytes);
        for (char b : bytes) {
          out.text.push_back(b);
          out.toOriginal.push_back(static_cast<uint32_t>(start));
        }
        continue;
      }
    }
    if (c < 0x80 && c >= 0) {
      out.text.push_back(static_cast<char>(c));
      out.toOriginal.push_back(static_cast<uint32_t>(start));
      continue;
    }
    if (invisible(c)) continue;
    // Collect a normalisation segment: this code point and the following ones
    // up to the next boundary, then normalise it as a unit.
    int32_t end = i;
    while (end < n) {
      int32_t j = end;
      UChar32 d;
      U8_NEXT(in.data(), j, n, d);
      if (d < 0 || nfkc->hasBoundaryBefore(d)) break;
      end = j;
    }
    i = end;
    std::string_view seg = in.substr(start, end - start);
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(seg.data(), seg.size()));
    UErrorCode s2 = U_ZERO_ERROR;
    if (c >= 0 && nfkc->isNormalized(u, s2) && U_SUCCESS(s2)) {
      for (int32_t k = 0; k < static_cast<int32_t>(seg.size()); ++k) {
        out.text.push_back(seg[k]);
        out.toOriginal.push_back(static_cast<uint32_t>(start + k));
      }
      continue;
    }
    s2 = U_ZERO_ERROR;
    icu::UnicodeString norm = nfkc->normalize(u, s2);
    std::string bytes;
    norm.toUTF8String(bytes);
    for (char b : bytes) {
      out.text.push_back(b);
      out.toOriginal.push_back(static_cast<uint32_t>(start));
    }
  }
  out.toOriginal.push_back(static_cast<uint32_t>(in.size()));
  return out;
}

}  // namespace detail

NormalizedText normalize(std::string_view in) { return detail::normalizeWith(in, true); }

namespace {

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

std::string_view trimView(std::string_view s) {
  auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; };
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Leading list markers of Korean report style.
// ("ㅇ", the letter used as a bullet in Korean reports, is U+3147; NFKC, which runs before
// segmentation, makes it the conjoining U+110B: both are listed)
constexpr std::array<std::string_view, 23> kBullets = {
    "○", "□", "■", "▶", "▷", "◦", "•", "∙", "·", "-", "*", "※", "☑", "☞", "◆", "◇", "●", "▪", "ㅇ", "\u110B", "➢",
    "–", "—"};

size_t bulletLength(std::string_view s, bool* footnote) {
  size_t total = 0;
  bool any = true;
  while (any) {
    any = false;
    std::string_view rest = s.substr(total);
    // (most lines begin with no bullet's first byte: passed over here)
    static const std::bitset<256> kFirstBytes = [] {
      std::bitset<256> first;
      for (auto b : kBullets) first.set(static_cast<unsigned char>(b[0]));
      return first;
    }();
    if (rest.empty() || !kFirstBytes.test(static_cast<unsigned char>(rest[0]))) break;
    for (auto b : kBullets) {
      if (startsWith(rest, b)) {
        if (b == "*" || b == "※") *footnote = true;
        total += b.size();
        while (total < s.size() && s[total] == ' ') ++total;
        any = true;
        break;
      }
    }
  }
  return total;
}

size_t countCodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

bool hasLetter(std::string_view s) {
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if ((c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x4E00 && c <= 0x9FFF) ||
        (c < 0x80 && c >= 0 && std::isalpha(c)))
      return true;
  }
  return false;
}

// Sentence endings of Korean news and report style, before white space.
bool endsSentence(std::string_view s) {
  s = trimView(s);
  for (auto e : {"다.", "함.", "임.", "음.", "됨.", "요.", "함", "임", "음", "됨", ".", "?", "!", "다"}) {
    std::string_view ev(e);
    if (s.size() >= ev.size() && s.substr(s.size() - ev.size()) == ev) {
      if (ev == "." && s.size() >= 2 && std::isdigit(static_cast<unsigned char>(s[s.size() - 2])))
        return false;  // "2024. 3. 29." is a date, not an ending
      return true;
    }
  }
  return false;
}

bool isSectionHeadline(std::string_view s) {
  // "01 발개위, ...", "I 정책동향", "II", "1. 정책동향", "III 단신동향"
  size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i > 0 && i <= 2 && (i == s.size() || s[i] == ' ' || s[i] == '.')) return true;
  size_t r = 0;
  while (r < s.size() && (s[r] == 'I' || s[r] == 'V' || s[r] == 'X')) ++r;
  return r > 0 && (r == s.size() || s[r] == ' ');
}

}  // namespace

bool isChromeLine(std::string_view line) {
  std::string_view s = trimView(line);
  if (s.empty()) return false;
  if (!hasLetter(s)) return true;  // counters ("0 / 1000"), rules, lone symbols
  // (each word counted once, in one pass over the line: detail::WordSet)
  // clang-format off
  static const detail::WordSet kUi = {
      "바로가기", "건너뛰기", "메뉴", "로그인", "회원가입", "페이스북", "트위터", "카카오스토리",
      "네이버블로그", "카카오톡", "공유하기", "스크랩", "댓글", "무단전재", "재배포", "Copyright",
      "copyright", "ⓒ", "All rights reserved", "이전글", "다음글", "유해게시물", "글자크기", "구독",
      "인쇄하기", "PDF 다운로드",
      // a Korean site's footer links
      "개인정보처리방침", "이용약관", "이메일무단수집거부", "찾아오시는 길", "사이트맵"};
  // clang-format on
  // A news site's section menu ("전체기사 | 정치 | 경제 | … | 오피니언 | 포토").
  static const detail::WordSet kMenu = {"전체기사", "오피니언", "최신기사", "포토뉴스", "기사검색", "뉴스홈",
                                        "많이 본 뉴스", "지난호"};
  size_t cps = countCodePoints(s);
  size_t hits = kUi.countIn(s, 2);  // (two or more decide as two do)
  if (hits < 2) hits += kMenu.countIn(s, 2 - hits);
  // 인쇄 ("print") a word of its own: in a word it is prose ("…계획을 인쇄발부함").
  if (hits < 2)
    for (size_t at = s.find("인쇄"); at != std::string_view::npos; at = s.find("인쇄", at + 1)) {
      auto edge = [&](size_t i) { return i >= s.size() || s[i] == ' ' || s[i] == '|' || s[i] == '/'; };
      if ((at == 0 || edge(at - 1)) && edge(at + 6)) {
        ++hits;
        break;
      }
    }
  if (hits >= 2) return true;
  if (hits == 1 && cps <= 40) return true;
  if (s == "목록" || s == "이전" || s == "다음" || s == "TOP" || s == "top") return true;
  // The links to the article before and after this one: "▲ 이전글  중국, … 공고  2016-10-07".
  {
    std::string_view nav = s;
    for (std::string_view mark : {"▲", "▼", "△", "▽", "◀", "▶", "<", ">", "[", " "})
      while (startsWith(nav, mark)) nav.remove_prefix(mark.size());
    for (std::string_view w : {"이전글", "다음글", "이전 기사", "다음 기사"})
      if (startsWith(nav, w) && (nav.size() == w.size() || nav[w.size()] == ' ' || nav[w.size()] == ':'))
        return true;
  }
  // Byline: "홍길동 기자|name@host", "기자 홍길동 (email)"
  if (cps <= 80 && contains(s, "@") && contains(s, "기자")) return true;
  if (startsWith(s, "[") && s.back() == ']' && cps <= 20) return true;  // "[산업일보]"
  // Credits: where the text or a photo comes from, who edited it ("출처: 과기일보 9.30",
  // "(출처: 신화망)", "[촬영/신화사 기자 …]", "사진=연합뉴스", "편집: …").
  std::string_view credit = s;
  while (!credit.empty() && (credit.front() == '(' || credit.front() == '[' || credit.front() == '*' ||
                             credit.front() == ' '))
    credit.remove_prefix(1);
  static constexpr std::array<std::string_view, 9> kCredits = {
      "출처:", "출처 :", "원문 출처", "자료:", "자료 :", "촬영/", "사진=", "편집:", "사진 출처"};
  for (auto w : kCredits)
    if (startsWith(credit, w) && cps <= 120) return true;
  // A link alone ("https://www.sohu.com/a/…", "<http://www.kostec.re.kr>").
  std::string_view link = startsWith(s, "<") ? s.substr(1) : s;
  if ((startsWith(link, "http://") || startsWith(link, "https://") || startsWith(link, "www.")) &&
      link.find(' ') == std::string_view::npos)
    return true;
  // A colophon line: "| 발 행 처 | 주소 : …", "TEL : 86)10-…", "팩스: …" (the label read
  // without its spaces, up to a bar or a colon).
  // (only a line with a bar or a colon has such a label: no work for the others)
  if (s.find_first_of("|:") != std::string_view::npos) {
    char label[25];
    size_t n = 0;
    for (char ch : s.substr(startsWith(s, "|") ? 1 : 0)) {
      if (ch == '|' || ch == ':' || n == sizeof label) break;
      if (ch != ' ') label[n++] = ch;
    }
    static constexpr std::array<std::string_view, 13> kColophon = {
        "발행일", "발행인", "발행처", "발행기관", "편집인", "주소", "전화", "팩스", "TEL", "Tel", "FAX", "Fax",
        "홈페이지"};
    for (auto w : kColophon)
      if (std::string_view(label, n) == w) return true;
  }
  // A masthead in capitals, ASCII only, of two words or more, one a word of five capitals
  // or more, and no digit ("KOREA-CHINA SCIENCE &"; not "CATL BYD", "KSTAR 2.0", "AI 2030").
  size_t capitals = 0, run = 0, longest = 0;
  bool other = false;
  for (char ch : s) {
    auto b = static_cast<unsigned char>(ch);
    if (b >= 0x80 || std::islower(b) || std::isdigit(b)) other = true;
    run = std::isupper(b) ? run + 1 : 0;
    capitals += std::isupper(b) != 0;
    longest = std::max(longest, run);
  }
  if (!other && capitals >= 10 && longest >= 5 && cps <= 60 && s.find(' ') != std::string_view::npos) return true;
  return false;
}

bool isArticleListHeader(std::string_view line) {
  // The heading of a list of other articles after the text ("관련기사", "많이 본 뉴스"):
  // the lines under it, up to a blank line, are other articles' headlines.
  std::string_view s = trimView(line);
  static constexpr std::array<std::string_view, 12> kHeaders = {
      "관련기사", "관련 기사", "이 기사와 관련된 기사", "많이 본 뉴스", "많이 본 기사", "인기기사",
      "인기 기사", "주요뉴스", "주요 뉴스", "최신기사", "추천기사", "함께 보면 좋은 기사"};
  for (auto h : kHeaders)
    if (s == h) return true;
  return false;
}

void joinWrappedLines(std::string& text) {
  // Does the line end in the middle of a sentence: an unclosed bracket or quote,
  // a comma, or a last word that ends in a josa or a connective ending?
  auto endsMidSentence = [](std::string_view line) {
    int open = 0;
    for (std::string_view o : {"(", "「", "『", "《", "〈", "‘", "“", "["}) {
      for (size_t p = line.find(o); p != std::string_view::npos; p = line.find(o, p + 1)) ++open;
    }
    for (std::string_view c : {")", "」", "』", "》", "〉", "’", "”", "]"}) {
      for (size_t p = line.find(c); p != std::string_view::npos; p = line.find(c, p + 1)) --open;
    }
    if (open > 0) return true;
    if (line.back() == ',') return true;
    size_t sp = line.rfind(' ');
    std::string_view word = sp == std::string_view::npos ? line : line.substr(sp + 1);
    // the josa or ending after a stem of one or more syllables
    for (size_t cut = 3; cut < word.size(); cut += 3) {
      bool whole = false;
      std::string_view tail = word.substr(cut);
      if (particleChain(tail, &whole) == tail.size() && whole) return true;
      for (std::string_view e : {"하고", "하여", "하며", "하는", "했고", "했으며", "된", "되는", "되며", "해", "한다는",
                                 "린다는", "이라는", "라는", "에서"})
        if (tail == e) return true;
    }
    return false;
  };
  // Does the next line open with the gloss of the line's last word and go on ("…중국원자능과학연구원
  // / (CIAE) 간 「…」에 서명했다")? An acronym or Han form in brackets, then more text.
  auto glossFirst = [](std::string_view next) {
    if (next.size() < 4 || next[0] != '(') return false;
    size_t close = next.find(')');
    if (close == std::string_view::npos || close < 2 || close > 40 || close + 2 >= next.size()) return false;
    size_t capitals = 0, han = 0;  // (two capitals at least, or a Han character: not "(A) …")
    for (size_t i = 1; i < close; ++i) {
      auto b = static_cast<unsigned char>(next[i]);
      if (b == 0xEA || b == 0xEB || b == 0xEC || b == 0xED) return false;  // Hangul (U+A000–U+DFFF lead bytes)
      capitals += std::isupper(b) != 0;
      han += b >= 0xE4 && b <= 0xE9;  // lead bytes of U+4000–U+9FFF
    }
    return (capitals >= 2 || han >= 1) && next[close + 1] == ' ';
  };
  // A hard-wrapped copy (old wire stories, PDF text) breaks its lines at one width, in the
  // middle of a phrase or of a word ("한국기업 20여개사\n가 이미 입주해 있다"): where three in ten
  // lines or more are within a few code points of the 90th percentile of line lengths, and
  // that is 100 or less, a line filled to that width runs on into the next. (Table rows, with
  // a TAB or a bar, are neither counted nor joined; lines are counted by length, 0 to 100
  // and longer, not listed.)
  auto tableLine = [](std::string_view l) { return l.find_first_of("\t|") != std::string_view::npos; };
  size_t width = 0;
  {
    std::array<size_t, 102> byLength{};  // [101]: longer than 100
    size_t lines = 0;
    for (size_t p = 0; p <= text.size();) {
      size_t e = text.find('\n', p);
      if (e == std::string::npos) e = text.size();
      std::string_view l = trimView(std::string_view(text).substr(p, e - p));
      if (!l.empty() && !tableLine(l)) {
        ++byLength[std::min<size_t>(countCodePoints(l), 101)];
        ++lines;
      }
      p = e + 1;
    }
    if (lines >= 6) {
      size_t rank = (lines - 1) * 9 / 10, seen = 0, w = 0;  // the 90th percentile
      for (; w < byLength.size(); ++w)
        if ((seen += byLength[w]) > rank) break;
      size_t near = 0;
      for (size_t n = w >= 4 ? w - 4 : 0; n <= w + 2 && n < byLength.size(); ++n) near += byLength[n];
      if (w <= 100 && near * 10 >= lines * 3) width = w;
    }
  }
  auto filled = [&](std::string_view l) {
    size_t n = countCodePoints(l);
    return width && n + 6 >= width && n <= width + 2 && !tableLine(l);
  };
  size_t pos = 0;
  while (true) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) break;
    std::string_view line = trimView(std::string_view(text).substr(pos, nl - pos));
    size_t nextEnd = text.find('\n', nl + 1);
    if (nextEnd == std::string::npos) nextEnd = text.size();
    std::string_view next = trimView(std::string_view(text).substr(nl + 1, nextEnd - nl - 1));
    bool footnote = false;
    if (!line.empty() && !next.empty() && countCodePoints(line) >= 12 && !endsSentence(line) &&
        !contains(line, "\t") && !contains(next, "\t") && bulletLength(next, &footnote) == 0 &&
        !isChromeLine(line) && !isChromeLine(next) &&
        (endsMidSentence(line) || glossFirst(next) || (filled(line) && !tableLine(next))))
      text[nl] = ' ';  // one byte for one byte: the offsets stay
    pos = nl + 1;
  }
}

static_assert(sizeof(Sentence) == 16, "a sentence record is 16 bytes (issue 21: one every few bytes of short lines)");

std::vector<Sentence> segment(std::string_view text, const SegmentOptions& options) {
  // Gathered in blocks, then copied into a list of their number (issue 21: a document of short
  // lines has a sentence every few bytes, and a list doubling as it grew, then copied to its
  // size, held up to three times the sentences at once; this holds two, for the copy).
  std::deque<Sentence> out;
  uint32_t section = 0, lineNo = 0;
  size_t pos = 0;
  bool otherArticles = false;  // under a heading of other articles' headlines
  size_t listLines = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    ++lineNo;
    std::string_view raw = text.substr(pos, nl - pos);
    size_t lineBegin = pos;
    pos = nl + 1;
    std::string_view line = trimView(raw);
    if (line.empty()) {
      otherArticles = false;
      if (nl >= text.size()) break;
      continue;
    }
    // (the list ends at a blank line, at a line that reads as text: a sentence ending or
    // over 80 code points, or after 12 lines)
    if (otherArticles && (endsSentence(line) || countCodePoints(line) > 80 || ++listLines > 12))
      otherArticles = false;
    if (options.removeChrome && (otherArticles || isArticleListHeader(line))) {
      if (!otherArticles) listLines = 0;
      otherArticles = true;
      if (nl >= text.size()) break;
      continue;
    }
    if (options.removeChrome && isChromeLine(line)) {
      if (nl >= text.size()) break;
      continue;
    }
    size_t off = lineBegin + (line.data() - raw.data());
    Sentence base;
    base.line = lineNo;
    bool footnote = false;
    size_t b = bulletLength(line, &footnote);
    base.footnote = footnote;
    base.bullet = b > 0;
    line.remove_prefix(b);
    off += b;
    if (line.empty()) continue;
    base.tableRow = contains(line, "\t");
    base.caption = startsWith(line, "〈") && line.size() >= 3 && line.substr(line.size() - 3) == "〉";
    bool headline = !base.tableRow && !base.caption && !endsSentence(line) && countCodePoints(line) <= 100;
    if (headline && !base.bullet && isSectionHeadline(line) && section < Sentence::kMaxSection) ++section;
    base.section = section;
    // Split the line at sentence endings followed by white space.
    size_t start = 0;
    auto emit = [&](size_t from, size_t to) {
      std::string_view piece = line.substr(from, to - from);
      std::string_view t = trimView(piece);
      if (t.empty()) return;
      size_t tb = off + from + (t.data() - piece.data());
      // Over-long runs are cut at white space so no rule sees more than the limit.
      bool wasSplit = false;
      while (t.size() > options.maxSentenceBytes) {
        wasSplit = true;
        size_t cut = t.rfind(' ', options.maxSentenceBytes);
        if (cut == std::string_view::npos || cut == 0) cut = options.maxSentenceBytes;
        while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
        if (cut == 0) {  // a limit smaller than one code point: take the code point whole
          cut = 1;
          while (cut < t.size() && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) ++cut;
        }
        Sentence s = base;
        s.split = true;
        s.span = Span{static_cast<uint32_t>(tb), static_cast<uint32_t>(tb + cut)};
        out.push_back(s);
        t.remove_prefix(cut);
        tb += cut;
        size_t skip = 0;
        while (skip < t.size() && t[skip] == ' ') ++skip;
        t.remove_prefix(skip);
        tb += skip;
      }
      if (t.empty()) return;
      Sentence s = base;
      s.split = wasSplit;
      s.headline = headline && !wasSplit;
      s.span = Span{static_cast<uint32_t>(tb), static_cast<uint32_t>(tb + t.size())};
      out.push_back(s);
    };
    for (size_t i = line.find('.', 3); i != std::string_view::npos && i + 1 < line.size();
         i = line.find('.', i + 1)) {
      if (line[i + 1] == ' ') {
        // Only after a Hangul ending ("...함. ", "...다. "), not after digits or initials.
        unsigned char prev = static_cast<unsigned char>(line[i - 1]);
        if ((prev & 0x80) && i >= 3) {
          emit(start, i + 1);
          start = i + 2;
        }
      }
    }
    emit(start, line.size());
    if (nl >= text.size()) break;
  }
  return std::vector<Sentence>(out.begin(), out.end());
}

std::string findDate(std::string_view text) {
  return detail::documentDate(text);
}

size_t particleChain(std::string_view tail, bool* whole) {
  // Longest first within each starting syllable so "에서는" wins over "에".
  static constexpr std::array<std::string_view, 77> kParticles = {
      "에서부터", "으로부터", "에서는", "에서도", "에서의", "으로는", "으로도", "으로의", "으로서",
      "으로써", "에게서", "까지는", "부터는", "이라는", "이라고", "이라며", "이었다", "이어서",
      "에서", "으로", "에게", "께서", "까지", "부터", "처럼", "보다", "이나", "이며", "이고", "이다",
      "이란", "이자", "라는", "라고", "와의", "과의", "에는", "에도", "로는", "로의", "로서", "로써",
      "로도", "과는", "와는", "과도", "와도", "간의", "간에", "측은", "측과", "측의", "측이", "들은",
      "들이", "들을", "들의", "은", "는", "이", "가", "을", "를", "과", "와", "의", "에", "로", "도",
      "만", "며", "고", "간", "측", "내", "등", "들"};
  // The particles by their first syllable (all are Hangul, 3 bytes a syllable),
  // each list in kParticles order; built once, read-only after.
  struct Index {
    std::array<std::vector<std::string_view>, 11172> bySyllable;
    Index() {
      for (auto p : kParticles) bySyllable[syllableIndex(p)].push_back(p);
    }
    static size_t syllableIndex(std::string_view u) {
      uint32_t cp = (static_cast<unsigned char>(u[0]) & 0x0F) << 12 | (static_cast<unsigned char>(u[1]) & 0x3F) << 6 |
                    (static_cast<unsigned char>(u[2]) & 0x3F);
      return cp >= 0xAC00 && cp <= 0xD7A3 ? cp - 0xAC00 : SIZE_MAX;
    }
  };
  static const Index index;
  size_t pos = 0;
  auto boundary = [&](size_t p) {
    if (p >= tail.size()) return true;
    unsigned char c = static_cast<unsigned char>(tail[p]);
    if (c < 0x80) return !std::isalnum(c);
    // Hangul syllables (EA..ED lead bytes) continue the word; anything else ends it.
    return !(c >= 0xEA && c <= 0xED);
  };
  while (!boundary(pos)) {
    bool found = false;
    size_t si = pos + 3 <= tail.size() ? Index::syllableIndex(tail.substr(pos, 3)) : SIZE_MAX;
    if (si != SIZE_MAX) {
      for (auto p : index.bySyllable[si]) {
        if (tail.substr(pos, p.size()) == p) {
          pos += p.size();
          found = true;
          break;
        }
      }
    }
    if (!found) {
      *whole = false;
      return 0;
    }
  }
  *whole = true;
  return pos;
}

}  // namespace kg
