#include "kg/names.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cctype>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "detail/aho_corasick.h"
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

// Text of ASCII and precomposed Hangul syllables only (U+AC00-U+D7A3), well formed: NFKC
// leaves it as it is, and it holds no Han character (most names in the genre; the fast path
// of nfkc() and NameFolder::key(), issue 22).
bool asciiOrHangulSyllables(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    if (b < 0xEA || b > 0xED || i + 2 >= text.size()) return false;
    auto b1 = static_cast<unsigned char>(text[i + 1]), b2 = static_cast<unsigned char>(text[i + 2]);
    if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return false;
    char32_t cp = (char32_t{b & 0x0Fu} << 12) | (char32_t{b1 & 0x3Fu} << 6) | (b2 & 0x3Fu);
    if (cp < 0xAC00 || cp > 0xD7A3) return false;
    i += 3;
  }
  return true;
}

}  // namespace

std::string nfkc(std::string_view text) {
  if (asciiOrHangulSyllables(text)) return std::string(text);
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
  if (asciiOrHangulSyllables(text)) return false;
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
  // Made on the first romanize(): compiling "Any-Latin" takes tens of
  // milliseconds, and most folders never romanise.
  std::unique_ptr<icu::Transliterator> latin;
  std::once_flag latinMade;
  std::mutex mu;  // ICU transliterators are not documented as thread-safe

  // Traditional-Simplified, character by character. ICU's rules map one
  // character to one character, except about a thousand phrase rules (山嶽 ->
  // 山岳, 深沈 -> 深沉). A text in which no phrase rule's left side occurs comes
  // out of the rules exactly as its characters one by one; those characters'
  // answers are kept (under `mu`), and the other texts go through the whole
  // transliterator. `charwise` is false when the rules are not all in the
  // simple "LEFT > RIGHT;" form this reading understands: then always the whole.
  bool charwise = false;
  detail::AhoCorasick phrases;                        // left sides of the phrase rules
  std::unordered_map<UChar32, UChar32> simplifiedOf;  // -1: not one code point

  void readRules() {
    icu::UnicodeString rules;
    t2s->toRules(rules, false);
    std::string text;
    rules.toUTF8String(text);
    size_t start = 0, count = 0;
    while (start < text.size()) {
      size_t end = text.find(';', start);
      if (end == std::string::npos) end = text.size();
      std::string_view rule(text.data() + start, end - start);
      start = end + 1;
      while (!rule.empty() && (rule.front() == '\n' || rule.front() == ' ')) rule.remove_prefix(1);
      if (rule.empty()) continue;
      size_t arrow = rule.find(" > ");
      if (arrow == std::string_view::npos) return;
      std::string_view left = rule.substr(0, arrow);
      int32_t i = 0, n = static_cast<int32_t>(left.size()), chars = 0;
      while (i < n) {
        UChar32 c;
        U8_NEXT(left.data(), i, n, c);
        // Syntax (variables, contexts, sets, quotes, escapes): not understood.
        if (c < 0x80) return;
        ++chars;
      }
      if (chars == 0) return;
      if (chars > 1) phrases.add(left, 0);
      ++count;
    }
    if (count == 0) return;
    phrases.compile();
    charwise = true;
  }
};

NameFolder::NameFolder() : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->t2s.reset(icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) throw Error("ICU Traditional-Simplified transliterator unavailable");
  impl_->readRules();
}
NameFolder::~NameFolder() = default;

std::string NameFolder::simplified(std::string_view text) const {
  if (!hasHan(text)) return std::string(text);
  auto whole = [&] {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
    {
      std::lock_guard lock(impl_->mu);
      impl_->t2s->transliterate(u);
    }
    std::string out;
    u.toUTF8String(out);
    return out;
  };
  if (!impl_->charwise) return whole();
  bool phrase = false;
  impl_->phrases.match(text, [&](size_t, uint32_t, uint32_t) { phrase = true; });
  if (phrase) return whole();
  std::vector<UChar32> cps;
  int32_t i = 0, n = static_cast<int32_t>(text.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    if (c < 0) return whole();  // ill-formed UTF-8: ICU's way of mending it
    cps.push_back(c);
  }
  std::string out;
  out.reserve(text.size());
  std::lock_guard lock(impl_->mu);
  for (UChar32 c : cps) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      continue;
    }
    auto [it, fresh] = impl_->simplifiedOf.try_emplace(c, -1);
    if (fresh) {
      icu::UnicodeString u(c);
      impl_->t2s->transliterate(u);
      if (u.countChar32() == 1) it->second = u.char32At(0);
    }
    if (it->second < 0) {  // rare: a character that becomes several; the whole text then
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
      impl_->t2s->transliterate(u);
      out.clear();
      u.toUTF8String(out);
      return out;
    }
    char buf[4];
    int32_t len = 0;
    UBool err = false;
    U8_APPEND(buf, len, 4, it->second, err);
    if (!err) out.append(buf, static_cast<size_t>(len));
  }
  return out;
}

std::string NameFolder::key(std::string_view name) const {
  if (asciiOrHangulSyllables(name)) return keyOfSimplified(name);  // NFKC and no Han: as it is
  return keyOfSimplified(simplified(nfkc(name)));
}

std::string NameFolder::keyOfSimplified(std::string_view n) const {
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
  std::call_once(impl_->latinMade, [this] {
    UErrorCode status = U_ZERO_ERROR;
    impl_->latin.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) impl_->latin.reset();
  });
  if (!impl_->latin) throw Error("ICU Any-Latin transliterator unavailable");
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
