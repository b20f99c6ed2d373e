#include "kg/names.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cctype>
#include <mutex>

#include "kg/error.h"

namespace kg {

namespace {

const icu::Normalizer2& nfkcInstance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || !n) throw Error("ICU NFKC normaliser unavailable");
  return *n;
}

bool isQuoteOrDot(UChar32 c) {
  switch (c) {
    case '\'': case '"': case '`': case 0xB4: case 0x2018: case 0x2019: case 0x201C: case 0x201D:
    case 0x300C: case 0x300D: case 0x300E: case 0x300F: case 0x300A: case 0x300B: case 0x3008:
    case 0x3009: case 0xAB: case 0xBB: case 0xB7: case 0x2027: case 0x30FB: case 0x2219:
      return true;
    default:
      return false;
  }
}

template <typename Pred>
bool anyCodePoint(std::string_view text, Pred pred) {
  int32_t i = 0, n = static_cast<int32_t>(text.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    if (c >= 0 && pred(c)) return true;
  }
  return false;
}

}  // namespace

std::string nfkc(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  // Most names are already in NFKC: checked on the UTF-8 bytes, no conversion.
  // (isNormalizedUTF8 is false for ill-formed UTF-8, which goes the long way.)
  if (nfkcInstance().isNormalizedUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), status) &&
      U_SUCCESS(status))
    return std::string(text);
  status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  icu::UnicodeString out = nfkcInstance().normalize(u, status);
  if (U_FAILURE(status)) throw Error("NFKC normalisation failed");
  std::string s;
  out.toUTF8String(s);
  return s;
}

bool hasHan(std::string_view text) {
  return anyCodePoint(text, [](UChar32 c) {
    UErrorCode st = U_ZERO_ERROR;
    return uscript_getScript(c, &st) == USCRIPT_HAN;
  });
}
bool hasHangul(std::string_view text) {
  return anyCodePoint(text, [](UChar32 c) { return c >= 0xAC00 && c <= 0xD7A3; });
}
bool hasLatin(std::string_view text) {
  return anyCodePoint(text, [](UChar32 c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; });
}

struct NameFolder::Impl {
  std::unique_ptr<icu::Transliterator> t2s;
  std::unique_ptr<icu::Transliterator> latin;
  std::mutex mu;  // ICU transliterators are not documented as thread-safe
};

NameFolder::NameFolder() : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->t2s.reset(icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) throw Error("ICU Traditional-Simplified transliterator unavailable");
  status = U_ZERO_ERROR;
  impl_->latin.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) throw Error("ICU Any-Latin transliterator unavailable");
}
NameFolder::~NameFolder() = default;

std::string NameFolder::simplified(std::string_view text) const {
  if (!hasHan(text)) return std::string(text);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  {
    std::lock_guard lock(impl_->mu);
    impl_->t2s->transliterate(u);
  }
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string NameFolder::key(std::string_view name) const {
  std::string n = simplified(nfkc(name));
  std::string out;
  out.reserve(n.size());
  int32_t i = 0, len = static_cast<int32_t>(n.size());
  while (i < len) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(n.data(), i, len, c);
    if (c < 0) continue;
    if (u_isUWhiteSpace(c) || isQuoteOrDot(c)) continue;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    } else {
      out.append(n, start, i - start);
    }
  }
  return out;
}

std::string NameFolder::romanize(std::string_view text) const {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  {
    std::lock_guard lock(impl_->mu);
    impl_->latin->transliterate(u);
  }
  std::string s;
  u.toUTF8String(s);
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) {
      out.push_back(static_cast<char>(std::tolower(c)));
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace kg
