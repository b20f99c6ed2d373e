// Text helpers, the clean view of a sentence and its tokens (detail/clean_sentence.h).
#include "detail/clean_sentence.h"

#include <unicode/utf8.h>

#include <algorithm>

#include "detail/rules.h"
#include "kg/names.h"

namespace kg::detail {

bool endsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

UChar32 cpAt(std::string_view s, size_t i, int32_t* len) {
  int32_t j = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(s.data(), j, static_cast<int32_t>(s.size()), c);
  if (len) *len = j - static_cast<int32_t>(i);
  return c;
}

UChar32 cpBefore(std::string_view s, size_t i) {
  if (i == 0) return -1;
  int32_t j = static_cast<int32_t>(i);
  UChar32 c;
  U8_PREV(s.data(), 0, j, c);
  return c;
}

bool countryAbbreviationAround(std::string_view s, size_t i, size_t len) {
  if (i == 0 || i + len >= s.size()) return false;
  size_t prev = i;
  do --prev; while (prev > 0 && (static_cast<unsigned char>(s[prev]) & 0xC0) == 0x80);
  if (!countryAbbreviation(cpAt(s, prev)) || !countryAbbreviation(cpAt(s, i + len))) return false;
  if (prev > 0) {  // the first is a word of its own or follows another dot ("한·중·일")
    UChar32 before = cpBefore(s, prev);
    if (isHangulSyllable(before) || (before < 0x80 && std::isalnum(static_cast<int>(before)))) return false;
  }
  return true;
}

size_t syllables(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    int32_t len;
    UChar32 c = cpAt(s, i, &len);
    if (isHangulSyllable(c)) ++n;
    else if (c < 0x80 && std::isalnum(c)) ++n;
    i += std::max(len, 1);
  }
  return n;
}

bool allHangul(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    int32_t len;
    if (!isHangulSyllable(cpAt(s, i, &len))) return false;
    i += len;
  }
  return !s.empty();
}

bool countryAbbreviation(UChar32 c) {
  switch (c) {
    case U'한': case U'중': case U'일': case U'미': case U'러': case U'북': case U'독': case U'영': case U'불':
    case U'韓': case U'中': case U'日': case U'美':
      return true;
    default:
      return false;
  }
}

size_t sepLength(std::string_view s, size_t i) {
  if (i >= s.size()) return 1;
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    if (c == '-' || c == '_' || std::isalnum(c)) return 0;
    if (c == '&' && i > 0 && i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i - 1])) &&
        std::isalpha(static_cast<unsigned char>(s[i + 1])))
      return 0;  // R&D, M&A
    return 1;
  }
  int32_t len;
  UChar32 cp = cpAt(s, i, &len);
  // "한·중", "중·한", "한·중·일": a middle dot between one-syllable country
  // abbreviations joins them into one word (a name's "한·중 과학기술공동위원회").
  if ((cp == 0xB7 || cp == 0x30FB) && countryAbbreviationAround(s, i, static_cast<size_t>(len))) return 0;
  switch (cp) {
    case 0xB7: case 0x30FB: case 0x3001: case 0x2018: case 0x2019: case 0x201C: case 0x201D:
    case 0x300C: case 0x300D: case 0x300E: case 0x300F: case 0x300A: case 0x300B: case 0x3008:
    case 0x3009: case 0x2026: case 0x2219: case 0x2022: case 0x2192: case 0x2027: case 0x3000:
    case 0xFF0C: case 0x2013: case 0x2014: case 0x25A0: case 0x25CB: case 0x25A1: case 0x2460:
    case 0x2461: case 0x2462: case 0x2463: case 0x2191: case 0x2193: case 0x2265: case 0x2264:
    // bullets glued to the first word of an item: "▲한국생명공학연구원", "◆KOTRA", "※"
    case 0x25B2: case 0x25B3: case 0x25B6: case 0x25B7: case 0x25BA: case 0x25C6: case 0x25C7:
    case 0x25CE: case 0x25CF: case 0x2605: case 0x2606: case 0x203B:
      return static_cast<size_t>(len);
    default:
      return 0;
  }
}

bool aliasLike(std::string_view a) {
  if (a.empty() || a.size() > 80) return false;
  if (hasHan(a)) return true;
  size_t letters = 0;
  for (char c : a) {
    if (std::isalpha(static_cast<unsigned char>(c))) ++letters;
    if (c == '%' || c == '=' || c == '<' || c == '>') return false;
  }
  return letters >= 2;
}

std::string trimCopy(std::string_view s) {
  return std::string(trimBlanks(s));
}

namespace {

// The ')' closing the '(' at `open`, counting inner pairs, within `limit` bytes; npos if none.
size_t matchingParen(std::string_view s, size_t open, size_t limit) {
  int depth = 0;
  for (size_t k = open; k < s.size() && k - open <= limit; ++k) {
    if (s[k] == '(') ++depth;
    if (s[k] == ')' && --depth == 0) return k;
  }
  return std::string_view::npos;
}

bool isHereafter(std::string_view form) { return startsWith(form, "이하 ") || form == "이하"; }

// A parenthetical's forms: split at ',' ';' and middle dots outside inner parentheses
// ("(蘇州工業園區·SIP)", "(中國電信·China Telecom)"), each trimmed; a leading "이하," joins
// the form after it.
std::vector<std::string> glossForms(std::string_view content) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  auto flush = [&] {
    std::string f = trimCopy(cur);
    cur.clear();
    if (!out.empty() && out.back() == "이하") out.back() += " " + f;
    else out.push_back(std::move(f));
  };
  for (size_t k = 0; k < content.size();) {
    char ch = content[k];
    if (ch == '(') ++depth;
    if (ch == ')' && depth > 0) --depth;
    if (depth == 0 && (ch == ',' || ch == ';')) {
      flush();
      ++k;
      continue;
    }
    if (depth == 0 && (content.compare(k, 2, "\u00B7") == 0)) {
      flush();
      k += 2;
      continue;
    }
    if (depth == 0 && (content.compare(k, 3, "\u30FB") == 0)) {
      flush();
      k += 3;
      continue;
    }
    cur.push_back(ch);
    ++k;
  }
  flush();
  return out;
}

}  // namespace

Clean makeClean(std::string_view sent, uint32_t base) {
  Clean c;
  c.s.reserve(sent.size());
  auto push = [&](size_t i) {
    c.s.push_back(sent[i]);
    c.map.push_back(base + static_cast<uint32_t>(i));
  };
  for (size_t i = 0; i < sent.size();) {
    // A gloss after one space ("중국원자능과학연구원 (CIAE) 간", "KOTRA (大韓貿易投資振興公社)") is
    // read as one written against the word: an acronym or a Han form, no Hangul, no digits alone.
    auto spacedGloss = [&](size_t at) {
      if (at < 2 || sent[at - 1] != ' ') return false;
      size_t last = at - 2;  // the start of the code point before the space
      while (last > 0 && (static_cast<unsigned char>(sent[last]) & 0xC0) == 0x80) --last;
      if (sepLength(sent, last)) return false;  // after 」, ”, …: no word to gloss
      size_t j = sent.find(')', at);
      if (j == std::string_view::npos || j - at > 42) return false;
      std::string_view content = sent.substr(at + 1, j - at - 1);
      return !hasHangul(content) && aliasLike(content) && content.find('(') == std::string_view::npos;
    };
    bool spaced = sent[i] == '(' && spacedGloss(i);
    if (sent[i] == '(' && i > 0 && ((sent[i - 1] != ' ' && sent[i - 1] != '\t') || spaced)) {
      size_t j = matchingParen(sent, i, 120);
      if (j != std::string_view::npos) {
        // "(中韓(煙台)産業園, 이하 옌타이 산업단지)": forms split at commas and middle dots
        // outside inner parentheses; a form is a Han or Latin one, or "이하 X" (X names the
        // thing from here on).
        std::vector<std::string> forms = glossForms(sent.substr(i + 1, j - i - 1));
        bool gloss = !forms.empty(), after = false;  // forms after "이하" are short forms too
        for (const auto& f : forms) {
          after = after || isHereafter(f);
          if (hasHangul(f) && !after) gloss = false;
        }
        if (gloss) {
          if (spaced && !c.s.empty() && c.s.back() == ' ') {  // the space goes with the gloss
            c.s.pop_back();
            c.map.pop_back();
          }
          Paren p;
          p.at = static_cast<uint32_t>(c.s.size());
          p.hereafter = isHereafter(forms.front());
          after = false;
          for (auto& f : forms) {
            std::string a = f;
            if (isHereafter(f)) a = trimCopy(std::string_view(f).substr(std::string_view("이하").size()));
            after = after || isHereafter(f);
            if (aliasLike(a) || (after && !a.empty())) p.aliases.push_back(a);
          }
          c.parens.push_back(std::move(p));
          if (c.soft.size() < c.s.size() + 1) c.soft.resize(c.s.size() + 1, 0);
          c.soft[c.s.size()] = 1;
          i = j + 1;
          continue;
        }
      }
    }
    push(i);
    ++i;
  }
  c.map.push_back(base + static_cast<uint32_t>(sent.size()));
  c.soft.resize(c.s.size() + 1, 0);
  return c;
}

std::vector<WordSpan> wordSpans(const std::string& s) {
  std::vector<WordSpan> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t sl = sepLength(s, i);
    if (sl) {
      i += sl;
      continue;
    }
    size_t b = i;
    while (i < s.size() && !sepLength(s, i)) {
      int32_t len;
      cpAt(s, i, &len);
      i += std::max(len, 1);
    }
    out.push_back(WordSpan{static_cast<uint32_t>(b), static_cast<uint32_t>(i)});
  }
  return out;
}

size_t wordEnd(const std::string& s, size_t i) {
  while (i < s.size() && !sepLength(s, i)) {
    int32_t len;
    cpAt(s, i, &len);
    i += std::max(len, 1);
  }
  return i;
}

bool isBody(NodeType t) {
  return t == NodeType::Agency || t == NodeType::Organization || t == NodeType::Company;
}

bool genericStem(std::string_view stem, const std::vector<std::string>& generic) {
  // A stem made only of class words ("국가", "첨단기술", "종합") names no particular thing.
  if (stem.empty()) return true;
  std::string s;
  for (char c : stem)
    if (c != ' ') s.push_back(c);
  std::vector<char> ok(s.size() + 1, 0);
  ok[0] = 1;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!ok[i]) continue;
    for (const auto& g : generic)
      if (s.compare(i, g.size(), g) == 0) ok[i + g.size()] = 1;
  }
  return ok[s.size()];
}

size_t classPrefixLength(std::string_view s) {
  for (std::string_view p : {"국가", "중앙", "각 ", "주요", "관련", "해당", "다양한", "전국"})
    if (startsWith(s, p)) return p.size();
  return 0;
}

bool genericRest(std::string_view stem, const std::vector<std::string>& generic) {
  size_t n = classPrefixLength(stem);
  if (n == 0) return false;
  std::string_view rest = stem.substr(n);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return genericStem(rest, generic) || syllables(rest) < 2;
}

bool firmClassWord(std::string_view stem, const std::vector<std::string>& generic) {
  static constexpr std::string_view kClass[] = {"회", "통신", "제약", "건설", "보험", "증권", "항공", "여행",
                                                "출판", "언론", "방송", "신문", "제조", "운용", "자산", "투자",
                                                "배급", "컨설팅", "대리", "판매"};
  if (genericStem(stem, generic)) return true;
  for (auto c : kClass)
    if (endsWith(stem, c)) return true;
  for (char ch : stem)
    if (std::isdigit(static_cast<unsigned char>(ch))) return true;
  return false;
}

bool isCountToken(std::string_view t) {
  // "20개의", "5대", "19개", "3대", "N곳의"
  if (t.empty() || !std::isdigit(static_cast<unsigned char>(t[0]))) return false;
  // (not a name with a number: "5G 오픈랩", "3D 프린팅센터")
  size_t d = 0;
  while (d < t.size() && std::isdigit(static_cast<unsigned char>(t[d]))) ++d;
  return !(d < t.size() && std::isalpha(static_cast<unsigned char>(t[d])));
}

bool closingParticle(std::string_view tail) {
  static constexpr std::string_view kClosing[] = {"은", "는", "을", "를", "이", "가", "의", "에", "에서",
                                                  "와", "과", "로", "으로", "도", "만", "에서는", "에는",
                                                  "와의", "과의", "으로는", "로는", "까지", "부터"};
  for (auto c : kClosing)
    if (tail == c) return true;
  return false;
}

bool closesPhrase(std::string_view w) {
  static constexpr std::string_view kEnds[] = {"은", "는", "을", "를", "의", "에", "와", "과", "로",
                                               "인", "한", "된", "할", "될", "던", "며", "고", "서",
                                               "면", "게", "지", "도", "했", "다", "함", "임", "음",
                                               "및", "등", "후", "간", "여", "해", "써", "어", "아"};
  for (auto e : kEnds)
    if (endsWith(w, e)) return true;
  return false;
}

bool isStopWord(std::string_view w) {
  // (function words, adverbs, quantifiers and demonstratives never enter a name: "산하 연구소", "그중 푸둥신구")
  static constexpr std::string_view kStops[] = {"및", "등", "또는", "내", "중", "각", "그", "이", "관련", "신규",
                                                "전", "후", "올해", "최근", "이번", "지난", "작년", "여러", "차례",
                                                "수차례", "각종", "다양한", "다수", "첫", "두", "세", "산하", "소속",
                                                "직속", "예하", "휘하", "부설", "그중", "이중", "또", "또한", "해당", "이날",
                                                "당일", "현재", "향후", "특히", "한편", "이어", "아울러", "모두", "각각",
                                                "함께", "새", "새로운", "이들", "동", "본", "양측", "양국",
                                                // verbs and connectives before a name found by its head
                                                "열린", "열릴", "열리는", "갖춘", "며", "거쳐", "따라", "다만",
                                                "통해", "위한", "위해", "대한", "관한", "있는", "없는", "둔",
                                                "위치한", "연", "튼", "소재한", "자리한", "설립된", "설립한", "입주한", "세운",
                                                "들어선", "개최한", "개최된", "참가한", "참여한", "발표한", "주최한",
                                                "주관한", "소속된", "이끄는", "맡은", "만든", "새로",
                                                // time, quantity and side words
                                                "매년", "내년", "올해", "후속", "가운데", "국내", "국외", "해외",
                                                "상대국", "양", "측", "한국측", "중국측", "업계", "분야별", "각국",
                                                "일대일", "기존", "향후", "당시", "대표", "주요", "일부", "전체"};
  for (auto s : kStops)
    if (w == s) return true;
  return false;
}

}  // namespace kg::detail
