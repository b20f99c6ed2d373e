#include "kg/lexicon.h"

#include <unicode/translit.h>
#include <unicode/uloc.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "detail/aho_corasick.h"
#include "detail/text_lines.h"
#include "kg/error.h"
#include "kg/korean_forms.h"
#include "kg/names.h"

namespace kg {

namespace {

using detail::splitView;

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
  return std::string(detail::trimView(s));
}

bool validId(std::string_view id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

// ISO 3166-1 alpha-2, as ICU knows the codes.
bool validCountry(std::string_view code) {
  if (code.size() != 2) return false;
  for (const char* const* c = uloc_getISOCountries(); *c; ++c)
    if (code == *c) return true;
  return false;
}

// "2017", "2017-", "1998-2008", "-2008".
bool validYears(std::string_view y) {
  auto year = [](std::string_view s) {
    return s.size() == 4 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  size_t dash = y.find('-');
  if (dash == std::string_view::npos) return year(y);
  std::string_view a = y.substr(0, dash), b = y.substr(dash + 1);
  if (a.empty() && b.empty()) return false;
  if ((!a.empty() && !year(a)) || (!b.empty() && !year(b))) return false;
  return a.empty() || b.empty() || a <= b;
}

std::vector<std::string> splitList(std::string_view col) {
  std::vector<std::string> out;
  for (auto a : splitView(col, '|')) {
    std::string s = nfkc(trim(a));
    if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end())
      out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> tsvFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& de : fs::directory_iterator(dir, ec))
    if (de.path().extension() == ".tsv" && !de.is_directory()) files.push_back(de.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::string readWhole(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  if (!ok) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A line of a gazetteer file, parsed and checked, before its forms are made.
struct GazetteerRecord {
  LexiconEntry entry;  // id, type, canonical (ko), aliases (recorded), english, facts, source
  std::string pinyin;  // as written
};

void addUnique(std::vector<std::string>& v, std::string s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

// Parses gazetteer text as the file `name`: its lines into `out`, its bad lines into `problems`.
void parseGazetteer(std::string_view text, const std::string& name,
                    std::vector<GazetteerRecord>& out, std::vector<std::string>& problems) {
  static constexpr size_t kColumns = 11;
  out.reserve(out.size() + static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  size_t lineNo = 0;
  for (std::string_view line : splitView(text, '\n')) {
    ++lineNo;
    std::string where = name + ":" + std::to_string(lineNo);
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    if (line.back() == '\r') line.remove_suffix(1);
    auto cols = splitView(line, '\t');
    if (cols.size() != kColumns) {
      problems.push_back(
          where +
          ": expected 11 TAB-separated columns (id, type, country, ko, zh, pinyin, en, "
          "aliases, parent, years, source), found " +
          std::to_string(cols.size()));
      continue;
    }
    std::vector<std::string> bad;
    GazetteerRecord r;
    LexiconEntry& e = r.entry;
    e.source = where;
    e.id = trim(cols[0]);
    if (!validId(e.id))
      bad.push_back("id '" + e.id + "' must be lower-case ASCII letters, digits, '-', '_' or '.'");
    if (auto type = parseNodeType(trim(cols[1]))) {
      e.type = *type;
    } else {
      bad.push_back("unknown type '" + trim(cols[1]) +
                    "' (Agency, Zone, Company, Program, Place, Organization, Person, Event)");
    }
    e.country = trim(cols[2]);
    if (!e.country.empty() && !validCountry(e.country))
      bad.push_back("country '" + e.country +
                    "' is not an ISO 3166-1 alpha-2 code (CN, KR, US ...)");
    e.canonical = nfkc(trim(cols[3]));
    if (e.canonical.empty()) bad.push_back("empty Korean name (ko)");
    e.hanzi = nfkc(trim(cols[4]));
    if (!e.hanzi.empty() && !hasHan(e.hanzi))
      bad.push_back("zh '" + e.hanzi + "' holds no Han character");
    r.pinyin = trim(cols[5]);
    if (!r.pinyin.empty() && e.hanzi.empty()) bad.push_back("pinyin '" + r.pinyin + "' without zh");
    e.english = splitList(cols[6]);
    e.aliases = splitList(cols[7]);
    e.parent = trim(cols[8]);
    if (!e.parent.empty() && !validId(e.parent))
      bad.push_back("parent '" + e.parent + "' is not an id");
    if (!e.parent.empty() && e.parent == e.id)
      bad.push_back("parent '" + e.parent + "' is the entry itself");
    e.years = trim(cols[9]);
    if (!e.years.empty() && !validYears(e.years))
      bad.push_back("years '" + e.years + "' must be YYYY, YYYY-, -YYYY or YYYY-YYYY");
    if (trim(cols[10]).empty())
      bad.push_back("empty source: name the public reference the line comes from");
    if (!bad.empty()) {
      std::string msg = where + ": " + bad[0];
      for (size_t i = 1; i < bad.size(); ++i) msg += "; " + bad[i];
      problems.push_back(std::move(msg));
      continue;
    }
    out.push_back(std::move(r));
  }
}

}  // namespace

struct Lexicon::Impl {
  std::vector<LexiconEntry> entries;
  detail::AhoCorasick automaton;
  // NameFolder key -> its entry, or (kShared bit set) the index in `shared`
  // of its entries when it has several: most keys have one entry, and a
  // vector for each would be one allocation more per key.
  static constexpr uint32_t kShared = 0x80000000u;
  std::unordered_map<std::string, uint32_t> byKey;
  std::vector<std::vector<uint32_t>> shared;
  std::unordered_map<std::string, uint32_t> byId;
  std::vector<std::string> ambiguous;
  std::unique_ptr<NameFolder> folder;
};

Lexicon::Lexicon() : impl_(std::make_unique<Impl>()) {}
Lexicon::~Lexicon() = default;
Lexicon::Lexicon(Lexicon&&) noexcept = default;
Lexicon& Lexicon::operator=(Lexicon&&) noexcept = default;

size_t Lexicon::size() const {
  return impl_->entries.size();
}
const LexiconEntry& Lexicon::entry(uint32_t i) const {
  return impl_->entries.at(i);
}
const std::vector<std::string>& Lexicon::ambiguousKeys() const {
  return impl_->ambiguous;
}

std::vector<LexiconHit> Lexicon::findAll(std::string_view text) const {
  // The automaton reads the text as matchForm() writes names: without spaces,
  // Latin letters in lower case. A match's first byte is found again in a ring
  // of the positions of the last bytes read (no pattern is longer than the ring).
  const detail::AhoCorasick& ac = impl_->automaton;
  std::vector<LexiconHit> hits;
  if (!ac.compiled()) return hits;
  constexpr size_t kRing = 1024;
  auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  if (ac.maxLength() < kRing) {
    uint32_t ring[kRing];
    size_t read = 0;  // bytes read, spaces left out
    uint32_t s = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == ' ') continue;
      ring[read++ & (kRing - 1)] = static_cast<uint32_t>(i);
      s = ac.step(s, static_cast<uint8_t>(fold(c)));
      if (!ac.reports(s)) continue;
      ac.outputs(s, [&](uint32_t len, uint32_t value) {
        hits.push_back(LexiconHit{
            Span{ring[(read - len) & (kRing - 1)], static_cast<uint32_t>(i + 1)}, value});
      });
    }
  } else {  // a pattern longer than the ring: the text without spaces, and every position
    std::string view;
    std::vector<uint32_t> pos;
    view.reserve(text.size());
    pos.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == ' ') continue;
      view.push_back(fold(text[i]));
      pos.push_back(static_cast<uint32_t>(i));
    }
    ac.match(view, [&](size_t end, uint32_t len, uint32_t value) {
      hits.push_back(LexiconHit{Span{pos[end - len], pos[end - 1] + 1}, value});
    });
  }
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
  if (!impl_->folder) return {};
  auto it = impl_->byKey.find(impl_->folder->key(name));
  if (it == impl_->byKey.end()) return {};
  if (it->second & Impl::kShared) return impl_->shared[it->second & ~Impl::kShared];
  return {it->second};
}

std::vector<uint32_t> Lexicon::lookup(std::string_view name, std::string_view country) const {
  std::vector<uint32_t> out = lookup(name);
  std::erase_if(out, [&](uint32_t i) { return impl_->entries[i].country != country; });
  return out;
}

std::optional<uint32_t> Lexicon::findId(std::string_view id) const {
  auto it = impl_->byId.find(std::string(id));
  if (it == impl_->byId.end()) return std::nullopt;
  return it->second;
}

struct LexiconBuilder::Impl {
  std::vector<LexiconEntry> entries;
  std::vector<GazetteerRecord> gazetteer;
  std::vector<std::string> problems;
  std::string formsDir;       // set explicitly
  std::string foundFormsDir;  // DIR/forms of the first addDirectory(DIR) that has one
  std::shared_ptr<const KoreanForms> forms;
  // The tables of KoreanForms take a tenth of a second to load (OpenCC's
  // phrase dictionary most of it): they load on another thread from the first
  // gazetteer line on, while the files are parsed and the name folder is made.
  std::future<std::shared_ptr<const KoreanForms>> loading;
  std::string loadingDir;

  std::string formsDirectory() const {
    return !formsDir.empty()        ? formsDir
           : !foundFormsDir.empty() ? foundFormsDir
                                    : KoreanForms::defaultDirectory();
  }
  // The name folder's first construction loads ICU's transliteration data
  // (some 30 ms): started with the first line added, on another thread too.
  std::future<std::unique_ptr<NameFolder>> folderLoading;
  void startLoadingFolder() {
    if (!folderLoading.valid())
      folderLoading = std::async(std::launch::async, [] { return std::make_unique<NameFolder>(); });
  }

  void startLoadingForms() {
    if (forms || loading.valid()) return;
    loadingDir = formsDirectory();
    loading = std::async(std::launch::async,
                         [dir = loadingDir] { return std::make_shared<const KoreanForms>(dir); });
  }
};

LexiconBuilder::LexiconBuilder() : impl_(std::make_unique<Impl>()) {}
LexiconBuilder::~LexiconBuilder() = default;

void LexiconBuilder::add(LexiconEntry entry) {
  impl_->startLoadingFolder();
  impl_->entries.push_back(std::move(entry));
}
void LexiconBuilder::setFormsDirectory(std::string dir) {
  impl_->formsDir = std::move(dir);
}
void LexiconBuilder::setForms(std::shared_ptr<const KoreanForms> forms) {
  impl_->forms = std::move(forms);
}

void LexiconBuilder::addText(std::string_view text, const std::string& name) {
  impl_->startLoadingFolder();
  size_t lineNo = 0;
  for (std::string_view line : splitView(text, '\n')) {
    ++lineNo;
    std::string where = name + ":" + std::to_string(lineNo);
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    auto cols = splitView(line, '\t');
    while (!cols.empty() && trim(cols.back()).empty() && cols.size() > 2) cols.pop_back();
    if (cols.size() < 2 || cols.size() > 4) {
      impl_->problems.push_back(where +
                                ": expected TYPE<TAB>canonical<TAB>aliases[<TAB>id], found " +
                                std::to_string(cols.size()) + " column(s)");
      continue;
    }
    auto type = parseNodeType(trim(cols[0]));
    if (!type) {
      impl_->problems.push_back(
          where + ": unknown type '" + trim(cols[0]) +
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
      for (auto a : splitView(cols[2], '|')) {
        std::string alias = nfkc(trim(a));
        if (!alias.empty() && alias != e.canonical) e.aliases.push_back(alias);
      }
    }
    if (cols.size() == 4) {
      e.id = trim(cols[3]);
      if (!validId(e.id)) {
        impl_->problems.push_back(where + ": id '" + e.id +
                                  "' must be lower-case ASCII letters, digits, '-', '_' or '.'");
        continue;
      }
    }
    impl_->entries.push_back(std::move(e));
  }
}

void LexiconBuilder::addGazetteerText(std::string_view text, const std::string& name) {
  impl_->startLoadingFolder();
  impl_->startLoadingForms();
  parseGazetteer(text, name, impl_->gazetteer, impl_->problems);
}

void LexiconBuilder::addFile(const std::string& path) {
  bool ok = false;
  std::string text = readWhole(path, ok);
  if (!ok) {
    impl_->problems.push_back(path + ": cannot read lexicon file");
    return;
  }
  addText(text, path);
}

void LexiconBuilder::addGazetteerFile(const std::string& path) {
  bool ok = false;
  std::string text = readWhole(path, ok);
  if (!ok) {
    impl_->problems.push_back(path + ": cannot read gazetteer file");
    return;
  }
  addGazetteerText(text, path);
}

void LexiconBuilder::addDirectory(const std::string& dir) {
  impl_->startLoadingFolder();
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    impl_->problems.push_back(dir + ": not a lexicon directory");
    return;
  }
  std::vector<std::string> files = tsvFiles(dir);
  std::string gazetteerDir = (fs::path(dir) / "gazetteer").string();
  std::vector<std::string> gazetteer =
      fs::is_directory(gazetteerDir, ec) ? tsvFiles(gazetteerDir) : std::vector<std::string>{};
  if (files.empty() && gazetteer.empty())
    impl_->problems.push_back(dir + ": no *.tsv lexicon files");
  std::string formsDir = (fs::path(dir) / "forms").string();
  if (impl_->foundFormsDir.empty() && fs::is_directory(formsDir, ec))
    impl_->foundFormsDir = formsDir;
  if (!gazetteer.empty()) impl_->startLoadingForms();
  for (const auto& f : files) addFile(f);
  // The gazetteer files are read and parsed side by side, and their lines
  // (and bad lines) kept in file order.
  struct Parsed {
    std::vector<GazetteerRecord> records;
    std::vector<std::string> problems;
  };
  std::vector<Parsed> parsed(gazetteer.size());
  std::atomic<size_t> nextFile{0};
  auto work = [&] {
    for (size_t k; (k = nextFile++) < gazetteer.size();) {
      bool ok = false;
      std::string text = readWhole(gazetteer[k], ok);
      if (!ok)
        parsed[k].problems.push_back(gazetteer[k] + ": cannot read gazetteer file");
      else
        parseGazetteer(text, gazetteer[k], parsed[k].records, parsed[k].problems);
    }
  };
  size_t threads = std::min<size_t>(std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4),
                                    gazetteer.size());
  std::vector<std::thread> workers;
  for (size_t t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  for (auto& w : workers) w.join();
  size_t total = impl_->gazetteer.size();
  for (const auto& p : parsed) total += p.records.size();
  impl_->gazetteer.reserve(total);
  for (auto& p : parsed) {
    for (auto& r : p.records) impl_->gazetteer.push_back(std::move(r));
    for (auto& m : p.problems) impl_->problems.push_back(std::move(m));
  }
}

std::vector<std::string> LexiconBuilder::lexiconFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> out = tsvFiles(dir);
  for (auto& f : tsvFiles((fs::path(dir) / "gazetteer").string())) out.push_back(std::move(f));
  std::error_code ec;
  std::string formsDir = (fs::path(dir) / "forms").string();
  std::vector<std::string> forms;
  for (const auto& de : fs::directory_iterator(formsDir, ec))
    if (de.is_regular_file()) forms.push_back(de.path().string());
  std::sort(forms.begin(), forms.end());
  out.insert(out.end(), forms.begin(), forms.end());
  return out;
}

Lexicon LexiconBuilder::build() {
  auto folder =
      impl_->folderLoading.valid() ? impl_->folderLoading.get() : std::make_unique<NameFolder>();
  auto& entries = impl_->entries;
  auto& problems = impl_->problems;
  std::unordered_map<std::string, size_t> idIndex;  // id -> index in entries
  for (size_t i = 0; i < entries.size(); ++i) {
    auto& e = entries[i];
    if (e.id.empty()) {
      std::string base = folder->romanize(e.canonical);
      e.id = std::string(toString(e.type)) + "-" + (base.empty() ? "x" : base);
      std::transform(e.id.begin(), e.id.end(), e.id.begin(),
                     [](unsigned char c) { return std::tolower(c); });
    }
    auto [it, fresh] = idIndex.emplace(e.id, i);
    if (!fresh)
      problems.push_back(e.source + ": id '" + e.id + "' already used at " +
                         entries[it->second].source);
  }

  // Gazetteer lines: ids, forms, merges.
  const size_t handWritten = entries.size();  // entries of the hand-written files come first
  std::unordered_set<std::string> mergedIds;  // ids both kinds of file use
  if (!impl_->gazetteer.empty()) {
    std::shared_ptr<const KoreanForms> forms = impl_->forms;
    if (!forms) {
      std::string dir = impl_->formsDirectory();
      try {
        if (impl_->loading.valid() && impl_->loadingDir == dir) {
          forms = impl_->loading.get();
        } else {
          if (impl_->loading.valid()) impl_->loading.wait();  // made for another directory
          forms = std::make_shared<const KoreanForms>(dir);
        }
      } catch (const LexiconError& e) {
        problems.insert(problems.end(), e.problems().begin(), e.problems().end());
      } catch (const Error& e) {
        problems.push_back(dir + ": " + e.what());
      }
    }
    auto& records = impl_->gazetteer;
    std::unordered_map<std::string, size_t> recordOf;  // id -> index in records
    for (size_t i = 0; i < records.size(); ++i) {
      const auto& e = records[i].entry;
      auto [it, fresh] = recordOf.emplace(e.id, i);
      if (!fresh) {
        problems.push_back(e.source + ": id '" + e.id + "' already used at " +
                           records[it->second].entry.source);
        continue;
      }
      auto old = idIndex.find(e.id);
      if (old != idIndex.end() && entries[old->second].type != e.type)
        problems.push_back(e.source + ": id '" + e.id + "' is a " + std::string(toString(e.type)) +
                           " here and a " + std::string(toString(entries[old->second].type)) +
                           " at " + entries[old->second].source);
    }
    for (const auto& r : records) {
      const auto& p = r.entry.parent;
      if (!p.empty() && !idIndex.count(p) && !recordOf.count(p))
        problems.push_back(r.entry.source + ": parent '" + p + "' is no id of the lexicon");
    }
    if (forms) {
      // Forms of every line first: Korean places' names are needed to filter the others.
      // (KoreanForms is thread-safe: the lines are shared out over the cores.)
      std::vector<FormSet> formSets(records.size());
      std::vector<std::vector<std::string>> formProblems(records.size());
      auto makeForms = [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
          const auto& e = records[i].entry;
          try {
            formSets[i] =
                forms->forms(NameFacts{e.type, e.country, e.canonical, e.hanzi, records[i].pinyin});
          } catch (const LexiconError& err) {
            for (const auto& m : err.problems()) formProblems[i].push_back(e.source + ": " + m);
          } catch (const std::exception& err) {  // not to end the program from a worker thread
            formProblems[i].push_back(e.source + ": " + err.what());
          }
        }
      };
      // fn(begin, end) over the lines, in as many slices as cores (up to 4).
      auto inParallel = [&](auto&& fn) {
        size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
        if (records.size() < 512) threads = 1;
        size_t chunk = (records.size() + threads - 1) / threads;
        std::vector<std::thread> workers;
        for (size_t t = 1; t < threads; ++t)
          workers.emplace_back(fn, std::min(records.size(), t * chunk),
                               std::min(records.size(), (t + 1) * chunk));
        fn(size_t{0}, std::min(records.size(), chunk));
        for (auto& w : workers) w.join();
      };
      inParallel(makeForms);
      for (auto& list : formProblems) problems.insert(problems.end(), list.begin(), list.end());
      // Names of places, in any form: a generated short form of a foreign
      // thing that names a Korean place is left out (广州 -> not 광주), and so
      // is the stem of anything but a place that names a place (톄링 경제기술개발구
      // -> not 톄링, 邹平经济技术开发区 -> not 邹平). Compared on the NFKC text
      // without spaces and middle dots, ASCII in lower case (no script folding:
      // both scripts of every generated name are there).
      auto plainKey = [](std::string_view name) {
        std::string out;
        out.reserve(name.size());
        for (size_t k = 0; k < name.size(); ++k) {
          char c = name[k];
          if (c == ' ') continue;
          if (name.substr(k, 2) == "\xC2\xB7") {  // U+00B7
            ++k;
            continue;
          }
          out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
        }
        return out;
      };
      // And names a file gives (canonical names, recorded aliases, English
      // names): a Sino-Korean reading or a short form that another entry is
      // given by name yields to it (宁国 -> not 영국, the United Kingdom).
      std::unordered_set<std::string> koreanPlaces, placeNames;
      // key -> the entry it is given to (an index into `entries`, or
      // handWritten + the index of a gazetteer line), kMany for several.
      constexpr uint32_t kMany = 0xFFFFFFFFu;
      std::unordered_map<std::string, uint32_t> givenTo;
      givenTo.reserve(entries.size() * 4 + records.size() * 4);
      auto give = [&](const std::string& name, uint32_t owner) {
        auto [it, fresh] = givenTo.try_emplace(plainKey(name), owner);
        if (!fresh && it->second != owner) it->second = kMany;
      };
      auto ownerOf = [&](size_t record) {
        auto old = idIndex.find(records[record].entry.id);
        return static_cast<uint32_t>(old != idIndex.end() ? old->second : handWritten + record);
      };
      for (uint32_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        give(e.canonical, i);
        for (const auto& a : e.aliases) give(a, i);
        if (e.type == NodeType::Place) {
          placeNames.insert(plainKey(e.canonical));
          for (const auto& a : e.aliases) placeNames.insert(plainKey(a));
        }
      }
      for (size_t r = 0; r < records.size(); ++r) {
        uint32_t owner = ownerOf(r);
        give(records[r].entry.canonical, owner);
        for (const auto& a : records[r].entry.aliases) give(a, owner);
        for (const auto& a : records[r].entry.english) give(a, owner);
      }
      for (size_t i = 0; i < records.size(); ++i) {
        const auto& e = records[i].entry;
        if (e.type != NodeType::Place) continue;
        bool korean = e.country == "KR";
        for (const auto& f : formSets[i].forms) {
          placeNames.insert(plainKey(f.text));
          if (korean) koreanPlaces.insert(plainKey(f.text));
        }
        for (const auto& a : e.aliases) {
          placeNames.insert(plainKey(a));
          if (korean) koreanPlaces.insert(plainKey(a));
        }
      }
      // A zone is also named after its parent place: "상하이 푸둥신구".
      std::vector<std::string> recordCanonical(records.size());
      for (size_t i = 0; i < records.size(); ++i) recordCanonical[i] = records[i].entry.canonical;
      auto parentNames = [&](const std::string& id) {
        std::vector<std::string> out;
        if (auto o = idIndex.find(id); o != idIndex.end() && o->second < handWritten)
          out.push_back(entries[o->second].canonical);
        if (auto r = recordOf.find(id); r != recordOf.end()) {
          addUnique(out, recordCanonical[r->second]);
          for (const auto& f : formSets[r->second].forms)
            if (f.isStem && hasHangul(f.text) && f.origin != FormOrigin::SinoKorean)
              addUnique(out, f.text);
        }
        return out;
      };
      // Every name of each line, the canonical first (on all cores: they only read).
      std::vector<std::vector<std::string>> namesOf(records.size());
      auto makeNames = [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
          const auto& e = records[i].entry;
          const uint32_t owner = ownerOf(i);
          std::vector<std::string>& names = namesOf[i];
          for (const auto& f : formSets[i].forms) {
            if (f.origin != FormOrigin::Given) {
              std::string k = plainKey(f.text);
              if (f.isShort && e.country != "KR" && koreanPlaces.count(k)) continue;
              if (f.isStem && e.type != NodeType::Place && placeNames.count(k)) continue;
              if (f.isShort || f.origin == FormOrigin::SinoKorean) {
                auto g = givenTo.find(k);
                if (g != givenTo.end() && g->second != owner) continue;
              }
            }
            names.push_back(f.text);
          }
          if (names.empty()) names.push_back(e.canonical);
          for (const auto& a : e.aliases) {
            addUnique(names, a);
            for (auto& v : forms->pressVariants(a)) addUnique(names, std::move(v));
          }
          for (const auto& en : e.english) addUnique(names, en);
          if (e.type == NodeType::Zone && !e.parent.empty())
            for (const auto& p : parentNames(e.parent)) addUnique(names, p + " " + e.canonical);
        }
      };
      inParallel(makeNames);

      entries.reserve(entries.size() + records.size());
      for (size_t i = 0; i < records.size(); ++i) {
        LexiconEntry e = std::move(records[i].entry);
        std::vector<std::string> names = std::move(namesOf[i]);
        e.pinyin = std::move(formSets[i].pinyin);
        for (const auto& n : names)
          if (forms->neverInText(n)) e.lookupOnly.push_back(n);

        auto old = idIndex.find(e.id);
        if (old != idIndex.end()) {
          LexiconEntry& into = entries[old->second];
          if (into.type != e.type) continue;  // reported above
          mergedIds.insert(e.id);
          for (auto& n : names)
            if (n != into.canonical) addUnique(into.aliases, std::move(n));
          into.country = std::move(e.country);
          into.parent = std::move(e.parent);
          into.years = std::move(e.years);
          into.hanzi = std::move(e.hanzi);
          into.pinyin = std::move(e.pinyin);
          into.english = std::move(e.english);
          for (auto& n : e.lookupOnly) addUnique(into.lookupOnly, std::move(n));
          into.source += ", " + e.source;
        } else {
          e.aliases.clear();
          for (auto& n : names)
            if (n != e.canonical) e.aliases.push_back(std::move(n));
          idIndex.emplace(e.id, entries.size());
          entries.push_back(std::move(e));
        }
      }
    }
  }

  if (!problems.empty()) {
    auto list = std::move(problems);
    impl_ = std::make_unique<Impl>();
    throw LexiconError(std::move(list));
  }

  Lexicon lex;
  auto& L = *lex.impl_;
  auto isLookupOnly = [&](const LexiconEntry& e, const std::string& name) {
    return !e.lookupOnly.empty() &&
           std::find(e.lookupOnly.begin(), e.lookupOnly.end(), name) != e.lookupOnly.end();
  };
  // The automaton on another thread (with its own name folder: the folder
  // serialises ICU), while this one makes the lookup keys: the two only read
  // `entries`.
  auto automaton = std::async(std::launch::async, [&] {
    NameFolder local;
    detail::AhoCorasick ac;
    std::unique_ptr<icu::Transliterator> s2t;  // made when a hand-written entry first needs it
    for (uint32_t i = 0; i < entries.size(); ++i) {
      const auto& e = entries[i];
      // Han names of the hand-written entries in the other script too, by
      // ICU's transliterators; a gazetteer entry has both scripts of its Han
      // names among its names already (OpenCC's, phrase by phrase).
      const bool otherScript = i < handWritten || mergedIds.count(e.id);
      auto addName = [&](const std::string& name) {
        if (isLookupOnly(e, name)) return;
        std::string n = nfkc(name);
        std::string form = matchForm(n);
        ac.add(form, i);
        if (!otherScript || !hasHan(n)) return;
        std::string simpForm = matchForm(local.simplified(n));
        if (simpForm != form) ac.add(simpForm, i);
        if (!s2t) {
          UErrorCode status = U_ZERO_ERROR;
          s2t.reset(icu::Transliterator::createInstance("Simplified-Traditional", UTRANS_FORWARD,
                                                        status));
          if (U_FAILURE(status))
            throw Error("ICU Simplified-Traditional transliterator unavailable");
        }
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(n);
        s2t->transliterate(u);
        std::string trad;
        u.toUTF8String(trad);
        std::string tradForm = matchForm(trad);
        if (tradForm != form && tradForm != simpForm) ac.add(tradForm, i);
      };
      addName(e.canonical);
      for (const auto& a : e.aliases) addName(a);
    }
    ac.compile();
    return ac;
  });

  L.byKey.reserve(entries.size() * 8);
  L.byId.reserve(entries.size());
  for (uint32_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    auto addKey = [&](const std::string& name) {
      auto [slot, fresh] = L.byKey.try_emplace(folder->key(name), i);
      if (fresh || slot->second == i) return;
      if (!(slot->second & Lexicon::Impl::kShared)) {
        L.shared.push_back({slot->second});
        slot->second = static_cast<uint32_t>(L.shared.size() - 1) | Lexicon::Impl::kShared;
      }
      auto& v = L.shared[slot->second & ~Lexicon::Impl::kShared];
      if (std::find(v.begin(), v.end(), i) == v.end()) v.push_back(i);
    };
    addKey(e.canonical);
    for (const auto& a : e.aliases) addKey(a);
    L.byId.emplace(e.id, i);
  }
  for (const auto& [key, slot] : L.byKey)
    if ((slot & Lexicon::Impl::kShared) && L.shared[slot & ~Lexicon::Impl::kShared].size() > 1)
      L.ambiguous.push_back(key);
  std::sort(L.ambiguous.begin(), L.ambiguous.end());
  L.automaton = automaton.get();
  L.entries = std::move(entries);
  L.folder = std::move(folder);
  impl_ = std::make_unique<Impl>();
  return lex;
}

}  // namespace kg
