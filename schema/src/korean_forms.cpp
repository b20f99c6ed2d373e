#include "kg/korean_forms.h"

#include <unicode/normalizer2.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <opencc/SimpleConverter.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "detail/text_lines.h"
#include "kg/error.h"
#include "kg/names.h"

namespace kg {

namespace {

using detail::splitView;
using detail::trimView;

constexpr UChar32 kHangulFirst = 0xAC00;

bool isHangulSyllable(UChar32 c) {
  return c >= kHangulFirst && c <= 0xD7A3;
}

bool isHanChar(UChar32 c) {
  if (c >= 0x4E00 && c <= 0x9FFF) return true;  // the common case, without ICU
  if (c < 0x2E80) return false;
  UErrorCode st = U_ZERO_ERROR;
  return uscript_getScript(c, &st) == USCRIPT_HAN;
}

std::vector<UChar32> codePoints(std::string_view s) {
  std::vector<UChar32> out;
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    out.push_back(c < 0 ? 0xFFFD : c);
  }
  return out;
}

void appendUtf8(std::string& out, UChar32 c) {
  char buf[4];
  int32_t len = 0;
  UBool err = false;
  U8_APPEND(buf, len, 4, c, err);
  if (!err) out.append(buf, static_cast<size_t>(len));
}

std::string utf8(UChar32 c) {
  std::string s;
  appendUtf8(s, c);
  return s;
}

std::string hex(UChar32 c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

bool allHangul(std::string_view s) {
  if (s.empty()) return false;
  for (UChar32 c : codePoints(s))
    if (!isHangulSyllable(c)) return false;
  return true;
}

bool endsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

std::string readFile(const std::string& path, std::vector<std::string>& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back(path + ": cannot read");
    return {};
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Calls f(lineNumber, columns) for every line that is neither blank nor a comment.
template <typename F>
void forEachLine(std::string_view text, F&& f) {
  size_t lineNo = 0, start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view t = trimView(line);
    if (!t.empty() && t[0] != '#') f(lineNo, splitView(line, '\t'));
    if (end == text.size()) break;
    start = end + 1;
  }
}

// Lower-case toneless pinyin letters of one Latin code point: 'a'..'z' as they
// are, toned vowels without their tone, ü (with or without a tone) as 'v'.
// Returns 0 for a character that is no pinyin letter.
char pinyinLetter(UChar32 c, const icu::Normalizer2& nfd) {
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c + 32);
  if (c >= 'a' && c <= 'z') return static_cast<char>(c);
  if (c < 0xC0 || c > 0x24F) {
    if (c == 0x1E3F || c == 0x1E3E) return 'm';                                // ḿ
    if (c == 0x1EBF || c == 0x1EC1 || c == 0x1EBE || c == 0x1EC0) return 'e';  // ế ề
    return 0;
  }
  icu::UnicodeString d;
  if (!nfd.getDecomposition(c, d) || d.length() == 0) return 0;
  UChar32 base = d.char32At(0);
  if (base >= 'A' && base <= 'Z') base += 32;
  if (base < 'a' || base > 'z') return 0;
  if (base == 'u' && d.indexOf(static_cast<UChar>(0x0308)) >= 0) return 'v';
  return static_cast<char>(base);
}

// Hangul jamo arithmetic.
struct Jamo {
  int l, v, t;
};
Jamo jamoOf(UChar32 s) {
  int i = static_cast<int>(s - kHangulFirst);
  return {i / (21 * 28), (i / 28) % 21, i % 28};
}
UChar32 compose(Jamo j) {
  return static_cast<UChar32>(kHangulFirst + (j.l * 21 + j.v) * 28 + j.t);
}

enum class WordKind : uint8_t { Word, KoreanPlace, Always };

struct SuffixRow {
  std::string zh;                // simplified; empty for a Korean-only row
  std::vector<UChar32> zhChars;  // its code points
  uint32_t types = 0;            // bit per NodeType
  std::vector<std::string> afterOrthography, afterSinoKorean;
  bool bare = false;            // the stem alone is a form too
  bool bareSinoKorean = false;  // ... in its Sino-Korean reading too
  bool bareShort = true;        // ... when it is short: 2 Hangul syllables or 2 Han characters
  bool bareHan = false;         // ... in Han characters only
};

constexpr uint32_t bit(NodeType t) {
  return 1u << static_cast<unsigned>(t);
}

bool countryIn(std::string_view country, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), country) != set.end();
}

}  // namespace

std::string initialSoundRule(std::string_view word) {
  if (word.size() < 3) return std::string(word);
  int32_t i = 0, n = static_cast<int32_t>(word.size());
  UChar32 c;
  U8_NEXT(word.data(), i, n, c);
  if (!isHangulSyllable(c)) return std::string(word);
  Jamo j = jamoOf(c);
  constexpr int kNieun = 2, kRieul = 5, kIeung = 11;
  // ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ: the vowels before which ㄴ and ㄹ fall at the start of a word.
  auto iVowel = [](int v) {
    return v == 2 || v == 3 || v == 6 || v == 7 || v == 12 || v == 17 || v == 20;
  };
  if (j.l == kNieun && iVowel(j.v)) {
    j.l = kIeung;
  } else if (j.l == kRieul) {
    j.l = iVowel(j.v) ? kIeung : kNieun;
  } else {
    return std::string(word);
  }
  std::string out = utf8(compose(j));
  out.append(word.substr(static_cast<size_t>(i)));
  return out;
}

size_t hangulSyllableCount(std::string_view text) {
  size_t n = 0;
  for (UChar32 c : codePoints(text))
    if (isHangulSyllable(c)) ++n;
  return n;
}

std::string_view toString(FormOrigin origin) {
  switch (origin) {
    case FormOrigin::Given:
      return "given";
    case FormOrigin::Script:
      return "script";
    case FormOrigin::Orthography:
      return "orthography";
    case FormOrigin::SinoKorean:
      return "sino-korean";
    case FormOrigin::Suffix:
      return "suffix";
    case FormOrigin::Press:
      return "press";
  }
  return "?";
}

struct KoreanForms::Impl {
  const icu::Normalizer2* nfd = nullptr;
  std::unordered_map<std::string, std::string> hangulOfSyllable;  // "zhong" -> "중"
  size_t longestSyllable = 0;
  struct Reading {
    std::string mandarin;             // toneless, "" when Unihan has none
    std::vector<std::string> hangul;  // the usual reading first
    // hanja_names.tsv `in-name`: the conventional reading (속음) a name takes
    // after its first syllable (遼寧 요령 beside 요녕); empty when none.
    std::string inName;
  };
  std::unordered_map<UChar32, Reading> readings;
  // readings.tsv: Han phrase (simplified) -> its syllables, read before `readings`.
  std::unordered_map<std::string, std::vector<std::string>> phraseReadings;
  size_t longestPhrase = 0;         // in characters
  std::vector<SuffixRow> suffixes;  // longest ZH ending first; Korean-only rows last
  std::unordered_map<std::string, WordKind> words;
  // Convert() is const and safe from several threads at once (OpenCC's
  // maintainer, BYVoid/OpenCC#231; its unit tests convert from many threads).
  std::unique_ptr<opencc::SimpleConverter> s2t, t2s;
  // Spellings of "Korea-China" (pressVariants): both orders, with nothing, a
  // middle dot, the Hangul araea dot, a katakana middle dot or a hyphen
  // between, and in Hanja; NFKC.
  std::vector<std::string> koreaChina;

  // Toneless syllable letters of a pinyin run; separators split syllables.
  std::vector<std::string> chunks(std::string_view pinyin, std::string& bad) const {
    std::vector<std::string> out(1);
    int32_t i = 0, n = static_cast<int32_t>(pinyin.size());
    while (i < n) {
      UChar32 c;
      U8_NEXT(pinyin.data(), i, n, c);
      if (c == ':' && !out.back().empty() && out.back().back() == 'u') {  // lu: = lü
        out.back().back() = 'v';
        continue;
      }
      if (c >= '0' && c <= '5') {  // tone number: ends a syllable
        if (!out.back().empty()) out.emplace_back();
        continue;
      }
      char l = pinyinLetter(c, *nfd);
      if (l) {
        out.back().push_back(l);
      } else if (c == ' ' || c == '\'' || c == 0x2019 || c == 0x2018 || c == '-' || c == 0xB7 ||
                 c == '\t' || c == ',' || c == 0x00A0) {
        if (!out.back().empty()) out.emplace_back();
      } else {
        bad = utf8(c);
        return {};
      }
    }
    if (out.back().empty()) out.pop_back();
    return out;
  }

  // Splits one run of letters into syllables: fewest syllables that start
  // with a, o or e (pinyin writes an apostrophe before them), then fewest
  // syllables. Empty when no split exists.
  std::vector<std::string> segment(const std::string& run) const {
    size_t n = run.size();
    struct Best {
      int vowels = -1, count = 0;
      size_t from = 0;
    };
    std::vector<Best> best(n + 1);
    best[0].vowels = 0;
    for (size_t e = 1; e <= n; ++e) {
      for (size_t len = 1; len <= longestSyllable && len <= e; ++len) {
        size_t b = e - len;
        if (best[b].vowels < 0) continue;
        if (!hangulOfSyllable.count(run.substr(b, len))) continue;
        char first = run[b];
        int v =
            best[b].vowels + ((b > 0 && (first == 'a' || first == 'o' || first == 'e')) ? 1 : 0);
        int cnt = best[b].count + 1;
        if (best[e].vowels < 0 || v < best[e].vowels ||
            (v == best[e].vowels && cnt < best[e].count))
          best[e] = Best{v, cnt, b};
      }
    }
    if (best[n].vowels < 0) return {};
    std::vector<std::string> out;
    for (size_t e = n; e > 0; e = best[e].from)
      out.push_back(run.substr(best[e].from, e - best[e].from));
    std::reverse(out.begin(), out.end());
    return out;
  }

  // The Mandarin syllable of every Han character of `cps` (simplified), the
  // phrases of readings.tsv first. Throws LexiconError naming a character
  // without a reading.
  std::vector<std::string> mandarinOf(const std::vector<UChar32>& cps) const {
    std::vector<std::string> out;
    for (size_t i = 0; i < cps.size();) {
      if (!isHanChar(cps[i])) {
        ++i;
        continue;
      }
      size_t run = 0;
      while (i + run < cps.size() && isHanChar(cps[i + run])) ++run;
      bool matched = false;
      for (size_t len = std::min(run, longestPhrase); len >= 1 && !matched; --len) {
        std::string key;
        for (size_t k = i; k < i + len; ++k) appendUtf8(key, cps[k]);
        auto it = phraseReadings.find(key);
        if (it == phraseReadings.end()) continue;
        out.insert(out.end(), it->second.begin(), it->second.end());
        i += len;
        matched = true;
      }
      if (matched) continue;
      const Reading* r = reading(cps[i]);
      if (!r || r->mandarin.empty())
        throw LexiconError(
            {"'" + utf8(cps[i]) + "' (" + hex(cps[i]) + ") has no Mandarin reading in hanja.tsv"});
      out.push_back(r->mandarin);
      ++i;
    }
    return out;
  }

  void loadPhrases(const std::string& path, std::vector<std::string>& problems) {
    std::string text = readFile(path, problems);
    forEachLine(text, [&](size_t lineNo, const std::vector<std::string_view>& cols) {
      std::string where = path + ":" + std::to_string(lineNo) + ": ";
      if (cols.size() != 2) {
        problems.push_back(where + "expected HAN<TAB>PINYIN, found " + std::to_string(cols.size()) +
                           " column(s)");
        return;
      }
      std::string han = nfkc(trimView(cols[0]));
      std::vector<UChar32> cps = codePoints(han);
      if (cps.empty() || !std::all_of(cps.begin(), cps.end(), isHanChar)) {
        problems.push_back(where + "'" + han + "' must be Han characters");
        return;
      }
      std::string bad;
      std::vector<std::string> syl;
      for (const auto& run : chunks(cols[1], bad)) {
        std::vector<std::string> part = segment(run);
        if (part.empty()) bad = run;
        syl.insert(syl.end(), part.begin(), part.end());
      }
      if (!bad.empty() || syl.size() != cps.size()) {
        problems.push_back(where + "'" + std::string(trimView(cols[1])) +
                           "' is not one Mandarin syllable per character");
        return;
      }
      if (!phraseReadings.emplace(han, std::move(syl)).second) {
        problems.push_back(where + "'" + han + "' listed twice");
        return;
      }
      longestPhrase = std::max(longestPhrase, cps.size());
    });
  }

  const Reading* reading(UChar32 c) const {
    auto it = readings.find(c);
    return it == readings.end() ? nullptr : &it->second;
  }

  std::string convert(const opencc::SimpleConverter& cv, std::string_view text) const {
    if (!hasHan(text)) return std::string(text);
    return cv.Convert(text.data(), text.size());
  }

  void loadSyllables(const std::string& path, std::vector<std::string>& problems) {
    std::string text = readFile(path, problems);
    forEachLine(text, [&](size_t lineNo, const std::vector<std::string_view>& cols) {
      std::string where = path + ":" + std::to_string(lineNo) + ": ";
      if (cols.size() != 2) {
        problems.push_back(where + "expected SYLLABLE<TAB>HANGUL, found " +
                           std::to_string(cols.size()) + " column(s)");
        return;
      }
      std::string syl(trimView(cols[0]));
      std::string hangul = nfkc(trimView(cols[1]));
      bool ok = !syl.empty() &&
                std::all_of(syl.begin(), syl.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      if (!ok) {
        problems.push_back(where + "syllable '" + syl +
                           "' must be lower-case ASCII letters (ü written v)");
        return;
      }
      if (!allHangul(hangul)) {
        problems.push_back(where + "'" + hangul + "' is not Hangul syllables");
        return;
      }
      if (!hangulOfSyllable.emplace(syl, hangul).second) {
        problems.push_back(where + "syllable '" + syl + "' listed twice");
        return;
      }
      longestSyllable = std::max(longestSyllable, syl.size());
    });
  }

  void loadHanja(const std::string& path, std::vector<std::string>& problems) {
    std::string text = readFile(path, problems);
    readings.reserve(21000);
    forEachLine(text, [&](size_t lineNo, const std::vector<std::string_view>& cols) {
      auto where = [&] { return path + ":" + std::to_string(lineNo) + ": "; };
      if (cols.size() != 3) {
        problems.push_back(where() + "expected CHAR<TAB>MANDARIN<TAB>HANGUL, found " +
                           std::to_string(cols.size()) + " column(s)");
        return;
      }
      std::vector<UChar32> cps = codePoints(cols[0]);
      if (cps.size() != 1 || !isHanChar(cps[0])) {
        problems.push_back(where() + "'" + std::string(cols[0]) + "' is not one Han character");
        return;
      }
      Reading r;
      if (!cols[1].empty()) {
        std::string bad;
        std::vector<std::string> ch = chunks(cols[1], bad);
        if (!bad.empty() || ch.size() != 1) {
          problems.push_back(where() + "'" + std::string(cols[1]) + "' is not one pinyin syllable");
          return;
        }
        r.mandarin = std::move(ch[0]);
      }
      for (auto h : splitView(cols[2], ' ')) {
        if (h.empty()) continue;
        if (codePoints(h).size() != 1 || !allHangul(h)) {
          problems.push_back(where() + "'" + std::string(h) + "' is not one Hangul syllable");
          return;
        }
        r.hangul.emplace_back(h);
      }
      if (!readings.emplace(cps[0], std::move(r)).second)
        problems.push_back(where() + "'" + std::string(cols[0]) + "' listed twice");
    });
  }

  // hanja_names.tsv: CHAR <TAB> reading|in-name <TAB> HANGUL. `reading`: the
  // Korean reading of a character of Chinese place names that Unihan's kHangul
  // lacks (嶗 로); `in-name`: a conventional reading after a name's first
  // syllable (寧 령), made beside the usual one. Read after hanja.tsv.
  void loadNameReadings(const std::string& path, std::vector<std::string>& problems) {
    std::string text = readFile(path, problems);
    std::unordered_set<std::string> seen;
    forEachLine(text, [&](size_t lineNo, const std::vector<std::string_view>& cols) {
      std::string where = path + ":" + std::to_string(lineNo) + ": ";
      if (cols.size() != 3) {
        problems.push_back(where + "expected CHAR<TAB>reading|in-name<TAB>HANGUL, found " +
                           std::to_string(cols.size()) + " column(s)");
        return;
      }
      std::vector<UChar32> cps = codePoints(trimView(cols[0]));
      std::string_view kind = trimView(cols[1]);
      std::string hangul = nfkc(trimView(cols[2]));
      if (cps.size() != 1 || !isHanChar(cps[0])) {
        problems.push_back(where + "'" + std::string(cols[0]) + "' is not one Han character");
        return;
      }
      if (codePoints(hangul).size() != 1 || !allHangul(hangul)) {
        problems.push_back(where + "'" + hangul + "' is not one Hangul syllable");
        return;
      }
      if (kind != "reading" && kind != "in-name") {
        problems.push_back(where + "unknown kind '" + std::string(kind) + "' (reading, in-name)");
        return;
      }
      if (!seen.insert(std::string(cols[0]) + "\t" + std::string(kind)).second) {
        problems.push_back(where + "'" + std::string(cols[0]) + "' listed twice as " +
                           std::string(kind));
        return;
      }
      auto it = readings.find(cps[0]);
      if (it == readings.end()) {
        problems.push_back(where + "'" + std::string(cols[0]) + "' is not in hanja.tsv");
        return;
      }
      Reading& r = it->second;
      if (kind == "reading") {
        if (!r.hangul.empty()) {
          problems.push_back(where + "'" + std::string(cols[0]) + "' has a reading in hanja.tsv (" +
                             r.hangul.front() + ")");
          return;
        }
        r.hangul.push_back(std::move(hangul));
      } else {
        r.inName = std::move(hangul);
      }
    });
  }

  void loadSuffixes(const std::string& path, std::vector<std::string>& problems) {
    std::string text = readFile(path, problems);
    forEachLine(text, [&](size_t lineNo, const std::vector<std::string_view>& cols) {
      std::string where = path + ":" + std::to_string(lineNo) + ": ";
      if (cols.size() != 5) {
        problems.push_back(
            where +
            "expected ZH<TAB>TYPES<TAB>AFTER-ORTHOGRAPHY<TAB>AFTER-SINO-KOREAN<TAB>BARE, found " +
            std::to_string(cols.size()) + " column(s)");
        return;
      }
      SuffixRow row;
      std::string zh = nfkc(trimView(cols[0]));
      if (zh != "-") {
        row.zhChars = codePoints(zh);
        if (!std::all_of(row.zhChars.begin(), row.zhChars.end(), isHanChar)) {
          problems.push_back(where + "ending '" + zh + "' must be Han characters, or '-'");
          return;
        }
        row.zh = zh;
      }
      for (auto t : splitView(cols[1], ',')) {
        std::string_view name = trimView(t);
        if (name == "*") {
          row.types = ~0u;
        } else if (auto type = parseNodeType(name)) {
          row.types |= bit(*type);
        } else {
          problems.push_back(where + "unknown type '" + std::string(name) + "'");
          return;
        }
      }
      auto endings = [&](std::string_view col, std::vector<std::string>& out) {
        if (trimView(col) == "-") return true;
        for (auto e : splitView(col, '|')) {
          std::string s = nfkc(trimView(e));
          if (!allHangul(s)) {
            problems.push_back(where + "ending '" + s + "' must be Hangul syllables");
            return false;
          }
          out.push_back(s);
        }
        return true;
      };
      if (!endings(cols[2], row.afterOrthography) || !endings(cols[3], row.afterSinoKorean)) return;
      std::string_view bare = trimView(cols[4]);
      if (bare != "bare" && bare != "long" && bare != "han" && bare != "-") {
        problems.push_back(where + "last column must be 'bare', 'long', 'han' or '-', found '" +
                           std::string(bare) + "'");
        return;
      }
      row.bare = bare == "bare" || bare == "long";
      row.bareSinoKorean = bare == "bare";
      row.bareShort = bare != "long";
      row.bareHan = bare != "-";
      if (row.zh.empty() && row.afterOrthography.empty()) {
        problems.push_back(where +
                           "a Korean-only row needs its Korean endings in the third column");
        return;
      }
      suffixes.push_back(std::move(row));
    });
    std::stable_sort(suffixes.begin(), suffixes.end(), [](const SuffixRow& a, const SuffixRow& b) {
      if (a.zh.empty() != b.zh.empty()) return b.zh.empty();
      return a.zhChars.size() > b.zhChars.size();
    });
  }

  void loadWords(const std::string& path, std::vector<std::string>& problems) {
    std::string text = readFile(path, problems);
    forEachLine(text, [&](size_t lineNo, const std::vector<std::string_view>& cols) {
      std::string where = path + ":" + std::to_string(lineNo) + ": ";
      std::string word = nfkc(trimView(cols[0]));
      std::string_view kind = cols.size() > 1 ? trimView(cols[1]) : std::string_view("word");
      if (cols.size() > 2 || !allHangul(word)) {
        problems.push_back(where + "expected a Hangul WORD[<TAB>word|kr-place|always]");
        return;
      }
      WordKind k;
      if (kind == "word" || kind.empty()) {
        k = WordKind::Word;
      } else if (kind == "kr-place") {
        k = WordKind::KoreanPlace;
      } else if (kind == "always") {
        k = WordKind::Always;
      } else {
        problems.push_back(where + "unknown kind '" + std::string(kind) +
                           "' (word, kr-place, always)");
        return;
      }
      if (!words.emplace(word, k).second) problems.push_back(where + "'" + word + "' listed twice");
    });
  }
};

KoreanForms::KoreanForms(const std::string& dir) : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status) || !impl_->nfd) throw Error("ICU NFD normaliser unavailable");
  std::vector<std::string> problems;
  std::string base = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  impl_->loadSyllables(base + "pinyin_hangul.tsv", problems);
  impl_->loadHanja(base + "hanja.tsv", problems);
  impl_->loadNameReadings(base + "hanja_names.tsv", problems);
  impl_->loadPhrases(base + "readings.tsv", problems);
  impl_->loadSuffixes(base + "suffixes.tsv", problems);
  impl_->loadWords(base + "common_words.txt", problems);
  if (!problems.empty()) throw LexiconError(std::move(problems));
  for (std::string_view first : {"한", "중"})
    for (std::string_view sep : {"", "\u00B7", "\u318D", "\u30FB", "-"}) {
      std::string s(first);
      s += sep;
      s += first == "한" ? "중" : "한";
      impl_->koreaChina.push_back(nfkc(s));
    }
  for (std::string_view h : {"韓中", "中韓", "韩中", "中韩"}) impl_->koreaChina.emplace_back(h);
  try {
    impl_->s2t = std::make_unique<opencc::SimpleConverter>("s2t.json");
    impl_->t2s = std::make_unique<opencc::SimpleConverter>("t2s.json");
  } catch (const std::exception& e) {
    throw Error(
        std::string(
            "OpenCC cannot open s2t.json / t2s.json (Debian packages opencc, libopencc-data): ") +
        e.what());
  }
}

KoreanForms::~KoreanForms() = default;

std::string KoreanForms::defaultDirectory() {
  return std::string(KG_LEXICON_DIR) + "/forms";
}

std::vector<std::string> KoreanForms::pinyinSyllables(std::string_view pinyin) const {
  std::string bad;
  std::vector<std::string> runs = impl_->chunks(pinyin, bad);
  if (!bad.empty())
    throw LexiconError({"pinyin '" + std::string(pinyin) + "': '" + bad + "' is no pinyin letter"});
  std::vector<std::string> out;
  for (const auto& run : runs) {
    std::vector<std::string> syl = impl_->segment(run);
    if (syl.empty())
      throw LexiconError({"pinyin '" + std::string(pinyin) + "': '" + run +
                          "' is not made of Mandarin syllables"});
    out.insert(out.end(), syl.begin(), syl.end());
  }
  return out;
}

std::string KoreanForms::hangulOfPinyin(std::string_view pinyin) const {
  std::string out;
  for (const auto& s : pinyinSyllables(pinyin)) out += impl_->hangulOfSyllable.at(s);
  return out;
}

std::string KoreanForms::pinyinOf(std::string_view hanzi) const {
  std::string out;
  for (const auto& syl : impl_->mandarinOf(codePoints(simplified(nfkc(hanzi))))) {
    if (!out.empty()) out.push_back(' ');
    out += syl;
  }
  return out;
}

std::string KoreanForms::sinoKorean(std::string_view hanzi) const {
  std::string n = nfkc(hanzi);
  std::string trad = traditional(n);
  std::vector<UChar32> t = codePoints(trad), s = codePoints(n);
  if (t.size() != s.size()) t = s;  // OpenCC changed the length: read the given characters
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    UChar32 c = t[i];
    if (!isHanChar(c)) {
      if (c != ' ') appendUtf8(out, c);
      continue;
    }
    const Impl::Reading* r = impl_->reading(c);
    if (!r || r->hangul.empty()) r = impl_->reading(s[i]);
    if (!r || r->hangul.empty()) return {};
    out += r->hangul.front();
  }
  return initialSoundRule(out);
}

std::string KoreanForms::traditional(std::string_view text) const {
  return impl_->convert(*impl_->s2t, text);
}
std::string KoreanForms::simplified(std::string_view text) const {
  return impl_->convert(*impl_->t2s, text);
}

bool KoreanForms::isCommonWord(std::string_view word, std::string_view country) const {
  auto it = impl_->words.find(std::string(word));
  if (it == impl_->words.end()) return false;
  return it->second != WordKind::KoreanPlace || country != "KR";
}

bool KoreanForms::neverInText(std::string_view word) const {
  auto it = impl_->words.find(std::string(word));
  return it != impl_->words.end() && it->second == WordKind::Always;
}

std::vector<std::string> KoreanForms::pressVariants(std::string_view name) const {
  const auto& spellings = impl_->koreaChina;
  std::string n = nfkc(name);
  if (n.find("\xED\x95\x9C") == std::string::npos && n.find("\xEC\xA4\x91") == std::string::npos &&
      !hasHan(n))
    return {};  // neither 한 nor 중 nor a Han character
  for (const auto& sp : spellings) {
    // The spelling must start the name or a word of it (새만금 한중산업협력단지).
    size_t at = n.find(sp);
    while (at != std::string::npos && at != 0 && n[at - 1] != ' ' && n[at - 1] != '(')
      at = n.find(sp, at + 1);
    if (at == std::string::npos) continue;
    std::vector<std::string> out;
    for (const auto& other : spellings) {
      if (other == sp) continue;
      std::string v = n.substr(0, at) + other + n.substr(at + sp.size());
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
    }
    return out;
  }
  return {};
}

FormSet KoreanForms::forms(const NameFacts& facts) const {
  const Impl& I = *impl_;
  FormSet fs;
  std::unordered_set<std::string> seen;
  auto add = [&](std::string text, FormOrigin origin, bool shortForm = false, bool stem = false) {
    text = nfkc(text);
    if (text.empty() || seen.count(text)) return;
    if (shortForm) {
      size_t syl = hangulSyllableCount(text);
      shortForm = syl <= 2 && allHangul(text);
      if (shortForm && (syl <= 1 || isCommonWord(text, facts.country))) {
        if (std::none_of(fs.dropped.begin(), fs.dropped.end(),
                         [&](const KoreanForm& f) { return f.text == text; }))
          fs.dropped.push_back(KoreanForm{text, origin, true, stem});
        return;
      }
    }
    seen.insert(text);
    fs.forms.push_back(KoreanForm{std::move(text), origin, shortForm, stem});
  };

  const std::string korean = nfkc(trimView(facts.korean));
  add(korean, FormOrigin::Given);

  const std::string hanzi = nfkc(trimView(facts.hanzi));
  const bool chinese = countryIn(facts.country, {"CN", "TW"});
  const bool sinoCountry = countryIn(facts.country, {"CN", "TW", "HK", "MO", "KR"});
  const bool orthoType = facts.type == NodeType::Place || facts.type == NodeType::Zone ||
                         facts.type == NodeType::Company || facts.type == NodeType::Organization ||
                         facts.type == NodeType::Person;

  // The Han name: its characters, simplified, traditional.
  std::vector<UChar32> simp, trad;
  if (!hanzi.empty()) {
    std::string s = simplified(hanzi), t = traditional(s);
    add(hanzi, FormOrigin::Script);
    add(s, FormOrigin::Script);
    add(t, FormOrigin::Script);
    simp = codePoints(s);
    trad = codePoints(t);
    if (trad.size() != simp.size()) trad = simp;
  } else if (!facts.pinyin.empty()) {
    throw LexiconError({"pinyin '" + facts.pinyin + "' given without a Han name"});
  }
  size_t hanCount = static_cast<size_t>(std::count_if(simp.begin(), simp.end(), isHanChar));

  // Mandarin syllables, one per Han character (checked whenever given).
  std::vector<std::string> syllables;
  if (!facts.pinyin.empty()) {
    syllables = pinyinSyllables(facts.pinyin);
    if (syllables.size() != hanCount)
      throw LexiconError({"pinyin '" + facts.pinyin + "' has " + std::to_string(syllables.size()) +
                          " syllable(s) for the " + std::to_string(hanCount) +
                          " Han character(s) of '" + hanzi + "'"});
  }
  const bool wantOrthography = chinese && orthoType && hanCount > 0;
  if (hanCount > 0 && syllables.empty()) {
    try {
      syllables = I.mandarinOf(simp);
    } catch (const LexiconError& e) {
      if (wantOrthography)
        throw LexiconError(
            {e.problems().front() + " (in '" + hanzi + "'): give the pinyin column"});
    }
  }
  for (const auto& s : syllables) fs.pinyin += (fs.pinyin.empty() ? "" : " ") + s;
  if (wantOrthography)
    for (const auto& s : syllables)
      if (!I.hangulOfSyllable.count(s))
        throw LexiconError({"'" + s + "' (of '" + hanzi +
                            "') has no row in pinyin_hangul.tsv: give the pinyin column"});
  const bool wantSinoKorean = sinoCountry && hanCount > 0;

  // Readings of the characters [b, e): orthography and Sino-Korean.
  auto orthography = [&](size_t b, size_t e) {
    std::string out;
    size_t k = static_cast<size_t>(
        std::count_if(simp.begin(), simp.begin() + static_cast<long>(b), isHanChar));
    for (size_t i = b; i < e; ++i) {
      if (isHanChar(simp[i])) {
        out += I.hangulOfSyllable.at(syllables[k++]);
      } else if (simp[i] != ' ' && simp[i] != 0xB7) {
        appendUtf8(out, simp[i]);
      }
    }
    return out;
  };
  // inName: each character after the first takes its conventional reading in
  // names where hanja_names.tsv gives one (遼寧 -> 요령).
  auto sinoKoreanOf = [&](size_t b, size_t e, bool inName = false) {
    std::string out;
    for (size_t i = b; i < e; ++i) {
      if (!isHanChar(trad[i])) {
        if (trad[i] != ' ') appendUtf8(out, trad[i]);
        continue;
      }
      const Impl::Reading* r = I.reading(trad[i]);
      if (!r || r->hangul.empty()) r = I.reading(simp[i]);
      if (!r || r->hangul.empty()) return std::string();
      out += inName && i > 0 && !r->inName.empty() ? r->inName : r->hangul.front();
    }
    return b == 0 ? initialSoundRule(out) : out;
  };
  // The Sino-Korean readings of [0, e): the usual one, then the conventional
  // one of names when it differs (made with the name's endings only).
  auto sinoKoreanReadings = [&](size_t e) {
    std::vector<std::string> out{sinoKoreanOf(0, e)};
    std::string conventional = sinoKoreanOf(0, e, true);
    if (!out[0].empty() && conventional != out[0]) out.push_back(std::move(conventional));
    return out;
  };
  auto text = [](const std::vector<UChar32>& cps, size_t b, size_t e) {
    std::string out;
    for (size_t i = b; i < e; ++i) appendUtf8(out, cps[i]);
    return out;
  };

  // The ending: the longest Han ending of a row for this type, else (names
  // without a Han name, outside China) the longest Korean ending.
  const uint32_t typeBit = bit(facts.type);
  const SuffixRow* row = nullptr;
  for (const auto& r : I.suffixes) {
    if (!(r.types & typeBit) || r.zh.empty() || r.zhChars.size() >= simp.size()) continue;
    if (std::equal(r.zhChars.begin(), r.zhChars.end(),
                   simp.end() - static_cast<long>(r.zhChars.size()))) {
      row = &r;
      break;
    }
  }
  auto stripKorean =
      [&](const std::vector<std::string>& endings) -> std::pair<std::string, size_t> {
    std::string best;
    for (const auto& e : endings)
      if (e.size() > best.size() && korean.size() > e.size() && endsWith(korean, e)) best = e;
    return {best.empty() ? korean : korean.substr(0, korean.size() - best.size()), best.size()};
  };
  // A stem keeps the space the name had before its ending ("톄링 경제기술개발구"
  // -> "톄링 개발구"); alone it is trimmed.
  auto addWithEndings = [&](const std::string& stem, const std::vector<std::string>& endings,
                            bool bare, FormOrigin origin, bool bareShort = true) {
    std::string alone(trimView(stem));
    if (alone.empty()) return;
    for (const auto& e : endings) add(stem + e, origin);
    if (bare && (bareShort || hangulSyllableCount(alone) > 2 || !allHangul(alone)))
      add(alone, FormOrigin::Suffix, true, true);
  };
  if (row) {
    // The stem in each reading with each Korean ending (the orthography of the
    // Han ending itself, 하얼빈스, is no Korean form).
    size_t stemEnd = simp.size() - row->zhChars.size();
    std::vector<std::string> allEndings = row->afterOrthography;
    allEndings.insert(allEndings.end(), row->afterSinoKorean.begin(), row->afterSinoKorean.end());
    addWithEndings(stripKorean(allEndings).first, row->afterOrthography, row->bare,
                   FormOrigin::Suffix, row->bareShort);
    if (wantOrthography)
      addWithEndings(orthography(0, stemEnd), row->afterOrthography, row->bare, FormOrigin::Suffix,
                     row->bareShort);
    // A one-character county or district (雄县, 涉县) has no Sino-Korean form: with
    // its ending it is two syllables of Sino-Korean (웅현, 섭현, 구현), a word or a
    // given name.
    const bool oneCharLong = !row->bareShort && stemEnd == 1;
    if (wantSinoKorean && !oneCharLong) {
      const std::vector<std::string> stems = sinoKoreanReadings(stemEnd);
      const std::string whole = sinoKoreanOf(0, trad.size());
      for (size_t k = 0; k < stems.size(); ++k) {
        const std::string& sk = stems[k];
        // A stem that is a Korean place's name (广州 -> 광주) names that place with
        // any ending too (광주시): no Sino-Korean form then.
        auto kind = I.words.find(sk);
        bool koreanPlace =
            kind != I.words.end() && kind->second == WordKind::KoreanPlace && facts.country != "KR";
        if (koreanPlace) {
          for (const auto& e : row->afterSinoKorean)
            fs.dropped.push_back(KoreanForm{sk + e, FormOrigin::SinoKorean});
          add(sk, FormOrigin::SinoKorean, true, true);  // dropped, and reported, as a short form
        } else if (!sk.empty()) {
          for (const auto& e : row->afterSinoKorean) add(sk + e, FormOrigin::SinoKorean);
          // The conventional reading only with an ending (요령성; 요령 is a word).
          if (k > 0) continue;
          if (row->afterSinoKorean.empty()) add(whole, FormOrigin::SinoKorean, true);
          if (row->bareSinoKorean) add(sk, FormOrigin::SinoKorean, true, true);
        }
      }
    }
    // The bare Han stem, in both scripts, when it has two characters or more.
    if (row->bareHan && stemEnd >= (row->bareShort ? 2u : 3u)) {
      add(text(simp, 0, stemEnd), FormOrigin::Script, false, true);
      add(text(trad, 0, stemEnd), FormOrigin::Script, false, true);
    }
  } else {
    if (wantOrthography) add(orthography(0, simp.size()), FormOrigin::Orthography);
    if (wantSinoKorean) add(sinoKoreanOf(0, trad.size()), FormOrigin::SinoKorean, true);
    if (hanzi.empty() && !chinese) {
      const SuffixRow* best = nullptr;
      size_t bestLen = 0;
      for (const auto& r : I.suffixes) {
        if (!r.zh.empty() || !(r.types & typeBit)) continue;
        size_t len = stripKorean(r.afterOrthography).second;
        if (len > bestLen) best = &r, bestLen = len;
      }
      if (best)
        addWithEndings(stripKorean(best->afterOrthography).first, best->afterOrthography,
                       best->bare, FormOrigin::Suffix);
    }
  }

  for (auto& v : pressVariants(korean)) add(std::move(v), FormOrigin::Press);
  return fs;
}

}  // namespace kg
