#include "kg/lexicon.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "detail/aho_corasick.h"
#include "kg/error.h"
#include "kg/names.h"

namespace kg {

namespace {

// The form keys take in the automaton: NFKC, no ASCII spaces, ASCII lower case.
// The text side is squeezed the same way in findAll().
std::string matchForm(std::string_view s) {
  std::string n = nfkc(s), out;
  out.reserve(n.size());
  for (char c : n) {
    if (c == ' ') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  }
  return out;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\r' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\r' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

bool validId(std::string_view id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

}  // namespace

struct Lexicon::Impl {
  std::vector<LexiconEntry> entries;
  detail::AhoCorasick automaton;
  std::unordered_map<std::string, std::vector<uint32_t>> byKey;  // NameFolder key -> entries
  std::vector<std::string> ambiguous;
  std::unique_ptr<NameFolder> folder;
};

Lexicon::Lexicon() : impl_(std::make_unique<Impl>()) {}
Lexicon::~Lexicon() = default;
Lexicon::Lexicon(Lexicon&&) noexcept = default;
Lexicon& Lexicon::operator=(Lexicon&&) noexcept = default;

size_t Lexicon::size() const { return impl_->entries.size(); }
const LexiconEntry& Lexicon::entry(uint32_t i) const { return impl_->entries.at(i); }
const std::vector<std::string>& Lexicon::ambiguousKeys() const { return impl_->ambiguous; }

std::vector<LexiconHit> Lexicon::findAll(std::string_view text) const {
  std::string view;
  std::vector<uint32_t> pos;
  view.reserve(text.size());
  pos.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ') continue;
    view.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    pos.push_back(static_cast<uint32_t>(i));
  }
  std::vector<LexiconHit> hits;
  impl_->automaton.match(view, [&](size_t end, uint32_t len, uint32_t value) {
    uint32_t b = pos[end - len], e = pos[end - 1] + 1;
    hits.push_back(LexiconHit{Span{b, e}, value});
  });
  std::sort(hits.begin(), hits.end(), [](const LexiconHit& a, const LexiconHit& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    if (a.span.end != b.span.end) return a.span.end > b.span.end;
    return a.entry < b.entry;
  });
  hits.erase(std::unique(hits.begin(), hits.end(),
                         [](const LexiconHit& a, const LexiconHit& b) {
                           return a.span == b.span && a.entry == b.entry;
                         }),
             hits.end());
  return hits;
}

std::vector<uint32_t> Lexicon::lookup(std::string_view name) const {
  auto it = impl_->byKey.find(impl_->folder->key(name));
  return it == impl_->byKey.end() ? std::vector<uint32_t>{} : it->second;
}

struct LexiconBuilder::Impl {
  std::vector<LexiconEntry> entries;
  std::vector<std::string> problems;
};

LexiconBuilder::LexiconBuilder() : impl_(std::make_unique<Impl>()) {}
LexiconBuilder::~LexiconBuilder() = default;

void LexiconBuilder::add(LexiconEntry entry) { impl_->entries.push_back(std::move(entry)); }

void LexiconBuilder::addText(std::string_view text, const std::string& name) {
  size_t lineNo = 0;
  for (std::string_view line : split(text, '\n')) {
    ++lineNo;
    std::string where = name + ":" + std::to_string(lineNo);
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    auto cols = split(line, '\t');
    while (!cols.empty() && trim(cols.back()).empty() && cols.size() > 2) cols.pop_back();
    if (cols.size() < 2 || cols.size() > 4) {
      impl_->problems.push_back(where + ": expected TYPE<TAB>canonical<TAB>aliases[<TAB>id], found " +
                                std::to_string(cols.size()) + " column(s)");
      continue;
    }
    auto type = parseNodeType(trim(cols[0]));
    if (!type) {
      impl_->problems.push_back(where + ": unknown type '" + trim(cols[0]) +
                                "' (Agency, Zone, Company, Program, Place, Organization, Person, Event)");
      continue;
    }
    LexiconEntry e;
    e.type = *type;
    e.canonical = nfkc(trim(cols[1]));
    e.source = where;
    if (e.canonical.empty()) {
      impl_->problems.push_back(where + ": empty canonical name");
      continue;
    }
    if (cols.size() >= 3) {
      for (auto a : split(cols[2], '|')) {
        std::string alias = nfkc(trim(a));
        if (!alias.empty() && alias != e.canonical) e.aliases.push_back(alias);
      }
    }
    if (cols.size() == 4) {
      e.id = trim(cols[3]);
      if (!validId(e.id)) {
        impl_->problems.push_back(where + ": id '" + e.id + "' must be lower-case ASCII letters, digits, '-', '_' or '.'");
        continue;
      }
    }
    impl_->entries.push_back(std::move(e));
  }
}

void LexiconBuilder::addFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    impl_->problems.push_back(path + ": cannot read lexicon file");
    return;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  addText(ss.str(), path);
}

void LexiconBuilder::addDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    impl_->problems.push_back(dir + ": not a lexicon directory");
    return;
  }
  std::vector<std::string> files;
  for (const auto& de : fs::directory_iterator(dir, ec))
    if (de.path().extension() == ".tsv") files.push_back(de.path().string());
  std::sort(files.begin(), files.end());
  if (files.empty()) impl_->problems.push_back(dir + ": no *.tsv lexicon files");
  for (const auto& f : files) addFile(f);
}

Lexicon LexiconBuilder::build() {
  auto folder = std::make_unique<NameFolder>();
  auto& entries = impl_->entries;
  std::map<std::string, std::string> idSource;
  for (auto& e : entries) {
    if (e.id.empty()) {
      std::string base = folder->romanize(e.canonical);
      e.id = std::string(toString(e.type)) + "-" + (base.empty() ? "x" : base);
      std::transform(e.id.begin(), e.id.end(), e.id.begin(), [](unsigned char c) { return std::tolower(c); });
    }
    auto [it, fresh] = idSource.emplace(e.id, e.source);
    if (!fresh) impl_->problems.push_back(e.source + ": id '" + e.id + "' already used at " + it->second);
  }
  if (!impl_->problems.empty()) {
    auto problems = std::move(impl_->problems);
    impl_ = std::make_unique<Impl>();
    throw LexiconError(std::move(problems));
  }

  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> s2t(
      icu::Transliterator::createInstance("Simplified-Traditional", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) throw Error("ICU Simplified-Traditional transliterator unavailable");

  Lexicon lex;
  auto& L = *lex.impl_;
  for (uint32_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    std::vector<std::string> names{e.canonical};
    names.insert(names.end(), e.aliases.begin(), e.aliases.end());
    for (const auto& n : names) {
      std::set<std::string> forms{matchForm(n)};
      if (hasHan(n)) {
        forms.insert(matchForm(folder->simplified(n)));
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(n);
        s2t->transliterate(u);
        std::string trad;
        u.toUTF8String(trad);
        forms.insert(matchForm(trad));
      }
      for (const auto& f : forms) L.automaton.add(f, i);
      auto& v = L.byKey[folder->key(n)];
      if (std::find(v.begin(), v.end(), i) == v.end()) v.push_back(i);
    }
  }
  L.automaton.compile();
  for (const auto& [key, ids] : L.byKey)
    if (ids.size() > 1) L.ambiguous.push_back(key);
  std::sort(L.ambiguous.begin(), L.ambiguous.end());
  L.entries = std::move(entries);
  L.folder = std::move(folder);
  impl_ = std::make_unique<Impl>();
  return lex;
}

}  // namespace kg
