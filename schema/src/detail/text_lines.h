// Small helpers for the line-based data files of schema/ (the lexicon, the
// gazetteer and the tables of KoreanForms).
#pragma once

#include <string_view>
#include <vector>

namespace kg::detail {

// `s` without leading and trailing spaces, TABs and CRs.
inline std::string_view trimView(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\r' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\r' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

// The parts of `s` between `sep` (n separators give n + 1 parts, empty ones included).
inline std::vector<std::string_view> splitView(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(
        s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

}  // namespace kg::detail
