// The document's headline and date (detail/metadata.h).
#include "detail/metadata.h"

#include <array>
#include <cctype>
#include <cstdio>

namespace kg::detail {

namespace {

bool digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// Up to `maxLen` digits at text[*i], at least one; advances *i.
bool number(std::string_view text, size_t* i, size_t maxLen, int* value) {
  size_t j = *i;
  int v = 0;
  while (j < text.size() && j - *i < maxLen && digit(text[j])) v = v * 10 + (text[j++] - '0');
  if (j == *i || (j < text.size() && digit(text[j]))) return false;
  *value = v;
  *i = j;
  return true;
}

void spaces(std::string_view text, size_t* i) {
  while (*i < text.size() && text[*i] == ' ') ++*i;
}

// A separator between parts of a date: '-', '.', '/' or the Korean unit
// (년 after the year, 월 after the month), with spaces after it.
bool separator(std::string_view text, size_t* i, std::string_view unit, char* kind) {
  spaces(text, i);
  if (*i < text.size() && (text[*i] == '-' || text[*i] == '.' || text[*i] == '/')) {
    *kind = text[*i];
    ++*i;
  } else if (text.substr(*i, unit.size()) == unit) {
    *kind = 'k';
    *i += unit.size();
  } else {
    return false;
  }
  spaces(text, i);
  return true;
}

bool realDay(int y, int m, int d) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= (m == 2 ? (leap ? 29 : 28) : kDays[m - 1]);
}

// Is text[i] inside a URL or path: the word it is part of holds "://" or
// "www.", or a '/' or '_' comes right before it.
bool inUrl(std::string_view text, size_t i) {
  if (i > 0 && (text[i - 1] == '/' || text[i - 1] == '_' || text[i - 1] == '=')) return true;
  size_t b = i;
  while (b > 0 && text[b - 1] != ' ' && text[b - 1] != '\n' && text[b - 1] != '\t' &&
         text[b - 1] != '<' && text[b - 1] != '(')
    --b;
  std::string_view word = text.substr(b, i - b);
  return word.find("://") != std::string_view::npos || word.find("www.") != std::string_view::npos;
}

constexpr std::array<std::string_view, 3> kApostrophes = {"'", "\xE2\x80\x99",
                                                          "\xE2\x80\x98"};  // ' ’ ‘

// The lines of `text`, each without its line break.
template <class F>
void forEachLine(std::string_view text, F&& f) {
  for (size_t b = 0; b <= text.size();) {
    size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    if (!f(text.substr(b, e - b), b)) return;
    b = e + 1;
  }
}

// What comes before a date on its line, without spaces and punctuation:
// "| 발 행 일 | " -> "발행일".
std::string compactLabel(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80 && !std::isalnum(c)) continue;
    if (s.substr(i, 3) == "\xEF\xBC\x9A") {  // ：
      i += 2;
      continue;
    }
    if (s.substr(i, 2) == "\xC2\xB7") {  // ·
      i += 1;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

bool endsWith(std::string_view s, std::string_view t) {
  return s.size() >= t.size() && s.substr(s.size() - t.size()) == t;
}

bool isDateLabel(std::string_view compact) {
  static constexpr std::array<std::string_view, 14> kLabels = {
      "발행일", "발행일자", "기사입력", "입력", "등록일", "등록일자", "작성일",
      "게재일", "보도일",   "발간일",   "날짜", "일자",   "Date",     "date"};
  for (auto l : kLabels)
    if (endsWith(compact, l)) return true;
  return false;
}

size_t letters(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80)
      n += (c & 0xC0) != 0x80;  // one per non-ASCII code point
    else
      n += std::isalpha(c) != 0;
  }
  return n;
}

// Words holding a letter: "이슈 & 트렌드" has two.
size_t words(std::string_view s) {
  size_t n = 0;
  for (size_t b = 0; b < s.size();) {
    size_t e = s.find(' ', b);
    if (e == std::string_view::npos) e = s.size();
    n += letters(s.substr(b, e - b)) > 0;
    b = e + 1;
  }
  return n;
}

// A menu or breadcrumb: "경제 | 산업 | IT·과학", "홈 > IT·과학 > 모바일", "新華網韓國語 >> 기사
// 본문", "전문가오피니언   이슈&트렌드   지역정보" (items apart by runs of spaces).
bool menuLine(std::string_view s) {
  size_t marks = 0, gaps = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    marks += s[i] == '|' || s[i] == '>';
    gaps += i + 2 < s.size() && s[i] != ' ' && s[i + 1] == ' ' && s[i + 2] == ' ';
  }
  return marks >= 2 || gaps >= 2;
}

// A labelled field: "담  당: 기술협력국 …", "배포일시: …" (at most four letters before the colon).
bool fieldLine(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos) return false;
  size_t cps = 0;
  for (size_t i = 0; i < colon; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c != ' ' && (c & 0xC0) != 0x80) ++cps;
  }
  return cps <= 4;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

std::string dateAt(std::string_view text, size_t i, size_t* end) {
  // (inUrl, which reads back to the word's start, is asked last: asked first at every byte of
  // a line without spaces it was quadratic, 87% of a 200 KB line's extraction time)
  if (i >= text.size() || (i > 0 && alnum(text[i - 1]))) return "";
  size_t j = i;
  int y = 0, m = 0, d = 0;
  bool shortYear = false;
  for (auto a : kApostrophes)
    if (text.substr(j, a.size()) == a) {
      j += a.size();
      shortYear = true;
      break;
    }
  if (shortYear) {
    if (!number(text, &j, 2, &y) || j - i < 3) return "";
    y += 2000;
  } else {
    size_t k = j;
    if (!number(text, &j, 4, &y) || j - k != 4) return "";
  }
  char s1 = 0, s2 = 0;
  if (!separator(text, &j, "년", &s1) || !number(text, &j, 2, &m) ||
      !separator(text, &j, "월", &s2) || !number(text, &j, 2, &d))
    return "";
  if ((s1 == 'k') != (s2 == 'k') || (s1 != 'k' && s1 != s2))
    return "";  // "2024-03.29", "2024년 3.29"
  if (s1 == 'k') {
    spaces(text, &j);
    if (text.substr(j, 3) == "일") j += 3;
  } else if (j < text.size() && text[j] == '.') {
    ++j;  // "2024. 3. 29."
  }
  if (j < text.size() && (alnum(text[j]) || text[j] == '/')) return "";  // part of a longer token
  if (!realDay(y, m, d) || inUrl(text, i)) return "";
  if (end) *end = j;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string documentDate(std::string_view text) {
  std::string labelled, first;
  forEachLine(text, [&](std::string_view line, size_t at) {
    for (size_t i = 0; i < line.size(); ++i) {
      std::string date = dateAt(text, at + i);
      if (date.empty()) continue;
      if (first.empty()) first = date;
      if (isDateLabel(compactLabel(line.substr(0, i)))) labelled = date;
      break;  // the first date of a line says whether the line is a date line
    }
    return labelled.empty();
  });
  return labelled.empty() ? first : labelled;
}

std::string documentTitle(std::string_view text, const std::vector<Sentence>& sentences) {
  // The lines the sentences lie on, in order, each whole (a line may hold several sentences),
  // taken one at a time (issue 21: a list of them all, 16 bytes a line, was up to 6x the size
  // of a document of short lines while it doubled).
  for (size_t k = 0; k < sentences.size(); ++k) {
    if (k > 0 && sentences[k].line == sentences[k - 1].line) continue;
    size_t b = text.rfind('\n', sentences[k].span.begin == 0 ? 0 : sentences[k].span.begin - 1);
    b = (b == std::string_view::npos || sentences[k].span.begin == 0) ? 0 : b + 1;
    size_t e = text.find('\n', sentences[k].span.begin);
    if (e == std::string_view::npos) e = text.size();
    std::string_view l = trim(text.substr(b, e - b));
    // Menu leftovers, section banners and mastheads ("이슈 & 트렌드", "요약", "디지털산업신문").
    if (letters(l) < 6 || words(l) < 3) continue;
    if (menuLine(l) || fieldLine(l)) continue;
    if (endsWith(l, "니다.") || endsWith(l, "니다")) continue;  // a site's blurb
    bool dated = false;
    for (size_t i = 0; i < l.size() && !dated; ++i) dated = !dateAt(l, i).empty();
    if (dated) continue;
    if (l.size() > kMaxTitleBytes) {  // cut before the code point that crosses the limit
      size_t cut = kMaxTitleBytes;
      while (cut > 0 && (static_cast<unsigned char>(l[cut]) & 0xC0) == 0x80) --cut;
      l = trim(l.substr(0, cut));
    }
    return std::string(l);
  }
  return "";
}

}  // namespace kg::detail
