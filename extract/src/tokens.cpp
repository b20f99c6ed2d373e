#include "detail/tokens.h"

#include <fmt/format.h>

#include <fstream>

namespace kg::detail {

namespace {

constexpr std::string_view kRoleNames[kRoleCount] = {"none", "subj", "top",  "obj",   "with",
                                                     "gen",  "loc",  "dir",  "from",  "to",
                                                     "cop",  "adv",  "verb", "other", "label"};

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

// (a TAB is a table's cell boundary: a punctuation token, which no pattern reads across)
bool isSpace(char32_t cp) {
  return cp == ' ' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0xA0;
}

}  // namespace

Role parseRole(std::string_view s, bool* ok) {
  for (int i = 0; i < kRoleCount; ++i)
    if (kRoleNames[i] == s) {
      *ok = true;
      return static_cast<Role>(i);
    }
  *ok = false;
  return Role::Other;
}

char32_t codePointAt(std::string_view s, size_t i, int* len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (i + n > s.size()) n = 1;
  char32_t cp = n == 1 ? c : c & (0x7F >> n);
  for (int k = 1; k < n; ++k) cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *len = n;
  return cp;
}

bool isSeparator(char32_t cp) {
  if (cp < 0x80)
    return !(cp == '-' || cp == '_' || cp == '&' || (cp >= '0' && cp <= '9') ||
             (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp == '%' || cp == '.');
  if (isSpace(cp)) return true;
  switch (cp) {
    case 0xB7:
    case 0x30FB:
    case 0x3001:
    case 0x2018:
    case 0x2019:
    case 0x201C:
    case 0x201D:
    case 0x300C:
    case 0x300D:
    case 0x300E:
    case 0x300F:
    case 0x300A:
    case 0x300B:
    case 0x3008:
    case 0x3009:
    case 0x2026:
    case 0x2219:
    case 0x2022:
    case 0x2192:
    case 0x2027:
    case 0xFF0C:
    case 0x2013:
    case 0x2014:
    case 0x25A0:
    case 0x25CB:
    case 0x25A1:
    case 0x25B2:
    case 0x25B3:
    case 0x2460:
    case 0x2461:
    case 0x2462:
    case 0x2463:
    case 0x2191:
    case 0x2193:
    case 0x318D:
    case 0x3010:
    case 0x3011:
    case 0xFF08:
    case 0xFF09:
      return true;
    default:
      return false;
  }
}

void forEachDataLine(const std::string& path, std::vector<std::string>& problems,
                     const std::function<void(std::string_view line, int number)>& fn) {
  std::ifstream in(path);
  if (!in) {
    problems.push_back(path + ": cannot open");
    return;
  }
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    std::string_view l = trimmed(line);
    if (!l.empty() && l.front() != '#') fn(l, n);
  }
}

void JosaTable::load(const std::string& dir, std::vector<std::string>& problems) {
  const std::string path = dir + "/josa.tsv";
  forEachDataLine(path, problems, [&](std::string_view l, int n) {
    size_t tab = l.find('\t');
    if (tab == std::string_view::npos) {
      problems.push_back(fmt::format("{}:{}: expected FORM<TAB>ROLE", path, n));
      return;
    }
    bool ok = false;
    std::string_view form = l.substr(0, tab);
    Role r = parseRole(trimmed(l.substr(tab + 1)), &ok);
    if (!ok || r == Role::None || r == Role::Other || r == Role::Label)
      problems.push_back(
          fmt::format("{}:{}: unknown role '{}' (subj, top, obj, with, gen, loc, dir, from, to, "
                      "cop, adv, verb)",
                      path, n, l.substr(tab + 1)));
    else if (forms_.count(form))
      problems.push_back(fmt::format("{}:{}: '{}' is listed twice", path, n, form));
    else
      addForm(form, r);
  });
  forEachDataLine(dir + "/nosplit.txt", problems, [&](std::string_view l, int) { addNoSplit(l); });
}

Role JosaTable::roleOf(std::string_view chain) const {
  if (chain.empty()) return Role::None;
  auto it = forms_.find(chain);
  return it == forms_.end() ? Role::Other : it->second;
}

namespace {

// Korean josa come in pairs chosen by the syllable before them: 이/가, 은/는,
// 을/를, 과/와, 으로/로 (the first after a final consonant, the second after a
// vowel). A form that does not fit the stem's last syllable is no josa there:
// "천수메이" is a name, not 천수메 + 이. Stems that end in no Hangul syllable
// (TCL은, 3M이) take either.
bool fitsStem(std::string_view stem, std::string_view form) {
  if (stem.size() < 3) return true;
  int len;
  char32_t last = codePointAt(stem, stem.size() - 3, &len);
  if (len != 3 || last < 0xAC00 || last > 0xD7A3) return true;
  int coda = static_cast<int>((last - 0xAC00) % 28);  // 0: ends in a vowel; 8: ㄹ
  int flen;
  char32_t first = codePointAt(form, 0, &flen);
  switch (first) {
    case U'이':
      // the particle 이 after a consonant only; the copula forms (이며, 이자, 이다, 이고)
      // are also written after a vowel ("회사이며", "파트너이다")
      if (coda != 0) return true;
      for (std::string_view copula : {"이며", "이자", "이고", "이다", "이었다", "이라는", "이란"})
        if (form == copula) return true;
      return false;
    case U'은':
    case U'을':
    case U'과':
      return coda != 0;
    case U'가':
    case U'는':
    case U'를':
    case U'와':
      return coda == 0;
    case U'으':
      return coda != 0 && coda != 8;  // 으로 after a consonant other than ㄹ
    case U'로':
      return coda == 0 || coda == 8;
    default:
      return true;
  }
}

}  // namespace

size_t JosaTable::split(std::string_view word, Role* role) const {
  *role = Role::None;
  if (word.empty() || noSplit_.find(word) != noSplit_.end()) return word.size();
  // Longest known ending that leaves a stem of at least one code point.
  int first;
  codePointAt(word, 0, &first);
  size_t from = std::max(static_cast<size_t>(first),
                         word.size() > maxFormBytes_ ? word.size() - maxFormBytes_ : 0);
  // The forms the word ends with (one walk of the reversed trie, shortest first), then
  // tried longest first, as the stem's last syllable allows.
  std::pair<size_t, Role> ends[64];
  size_t n = 0;
  bool more = false;  // (more than 64 forms end the word: the hash table, form by form)
  formTrie_.forEachSuffix(word, [&](size_t len, Role r) {
    if (len == 0) return;
    if (n < 64)
      ends[n++] = {len, r};
    else
      more = true;
  });
  if (more) {
    for (size_t at = from; at < word.size(); ++at) {
      if ((static_cast<unsigned char>(word[at]) & 0xC0) == 0x80) continue;
      auto it = forms_.find(word.substr(at));
      if (it == forms_.end() || !fitsStem(word.substr(0, at), word.substr(at))) continue;
      *role = it->second;
      return at;
    }
    return word.size();
  }
  while (n-- > 0) {
    size_t at = word.size() - ends[n].first;
    if (at < from || (static_cast<unsigned char>(word[at]) & 0xC0) == 0x80) continue;
    if (!fitsStem(word.substr(0, at), word.substr(at))) continue;
    *role = ends[n].second;
    return at;
  }
  return word.size();
}

std::vector<Token> JosaTable::tokenize(std::string_view text) const {
  std::vector<Token> out;
  size_t i = 0;
  while (i < text.size()) {
    int len;
    char32_t cp = codePointAt(text, i, &len);
    if (isSeparator(cp)) {
      if (!isSpace(cp)) {
        Token t;
        t.b = static_cast<uint32_t>(i);
        t.e = t.stemEnd = static_cast<uint32_t>(i + len);
        t.punct = true;
        out.push_back(t);
      }
      i += len;
      continue;
    }
    size_t b = i;
    while (i < text.size()) {
      cp = codePointAt(text, i, &len);
      if (isSeparator(cp)) break;
      i += len;
    }
    // A '.' ends a word ("체결했다."), except between digits and letters ("3.5", "K.S").
    size_t e = i;
    while (e > b && text[e - 1] == '.') --e;
    if (e > b) {
      Token t;
      t.b = static_cast<uint32_t>(b);
      t.e = static_cast<uint32_t>(e);
      t.stemEnd = static_cast<uint32_t>(b + split(text.substr(b, e - b), &t.role));
      out.push_back(t);
    }
    for (size_t d = e; d < i; ++d) {
      Token p;
      p.b = static_cast<uint32_t>(d);
      p.e = p.stemEnd = static_cast<uint32_t>(d + 1);
      p.punct = true;
      out.push_back(p);
    }
  }
  return out;
}

}  // namespace kg::detail
