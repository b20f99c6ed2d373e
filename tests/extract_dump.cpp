// The whole DocumentResult of every document given, as text, for the differential
// test (tests/differential.sh, issue 22): the decoded encoding, warnings, title,
// date, a digest of the normalised text and of its offset map, every sentence with
// its span and flags, every entity with its aliases, every mention with its span
// and rule, every relation in order. Refused documents print their error.
//   usage: kg_extract_dump FILE|DIR...   (directories: every regular file, recursively, sorted)
// One process for the whole corpus: the lexicon and rules are read once.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kg/error.h"
#include "kg/extractor.h"
#include "kg/lexicon.h"

namespace {

// FNV-1a, 64 bits: a digest that does not depend on the code under test.
uint64_t fnv(const void* data, size_t n, uint64_t h = 1469598103934665603ull) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

std::string esc(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\', out += c;
    else if (c == '\n')
      out += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20)
      out += "\\x" + std::to_string(static_cast<unsigned char>(c));
    else
      out += c;
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
    return 2;
  }
  std::vector<fs::path> paths;
  for (int a = 1; a < argc; ++a) {
    fs::path p(argv[a]);
    if (fs::is_directory(p)) {
      for (const auto& de : fs::recursive_directory_iterator(p))
        if (de.is_regular_file()) paths.push_back(de.path());
    } else {
      paths.push_back(p);
    }
  }
  std::sort(paths.begin(), paths.end());
  kg::LexiconBuilder lb;
  lb.addDirectory(KG_LEXICON_DIR);
  kg::Lexicon lexicon = lb.build();
  // No wall-clock bound: the dump is of the results, not of the machine's speed (on a
  // loaded machine a 200 KB document of tests/data/bad ran over the default 60 s).
  kg::ExtractOptions options;
  options.maxSeconds = 0;
  kg::Extractor ex(lexicon, options);
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string bytes = ss.str();
    std::printf("=== %s\n", p.generic_string().c_str());
    kg::DocumentResult d;
    try {
      d = ex.extractBytes(bytes, p.generic_string());
    } catch (const kg::Error& e) {
      std::printf("error %s\n", esc(e.what()).c_str());
      continue;
    }
    std::printf("encoding %s bytes %zu\ntitle %s\ndate %s\n", d.encoding.c_str(), d.bytes,
                esc(d.title).c_str(), d.date.c_str());
    for (const auto& w : d.warnings) std::printf("warning %s\n", esc(w).c_str());
    const std::vector<uint32_t> map = d.text.toOriginal.expand();
    std::printf("text %zu bytes fnv %016llx map %zu fnv %016llx\n", d.text.text.size(),
                static_cast<unsigned long long>(fnv(d.text.text.data(), d.text.text.size())),
                map.size(),
                static_cast<unsigned long long>(fnv(map.data(), map.size() * sizeof(uint32_t))));
    for (size_t i = 0; i < d.sentences.size(); ++i) {
      const auto& s = d.sentences[i];
      std::printf("sentence %zu [%u,%u) line %u section %u flags %d%d%d%d%d%d\n", i, s.span.begin,
                  s.span.end, s.line, s.section, s.headline, s.footnote, s.caption, s.tableRow,
                  s.bullet, s.split);
    }
    for (size_t i = 0; i < d.entities.size(); ++i) {
      const auto& e = d.entities[i];
      std::printf("entity %zu %s %s lexicon %s mentions %u\n", i,
                  std::string(kg::toString(e.type)).c_str(), esc(e.name).c_str(),
                  e.lexiconId.c_str(), e.mentions);
      for (const auto& a : e.aliases) std::printf("  alias %s\n", esc(a).c_str());
    }
    for (const auto& m : d.mentions)
      std::printf("mention [%u,%u) sentence %u entity %u %s rule %s\n", m.span.begin, m.span.end,
                  d.sentenceOf(m), m.entity, esc(d.surface(m)).c_str(), d.rule(m).c_str());
    for (const auto& r : d.relations)
      std::printf("relation %s %u -> %u sentence %u rule %s\n",
                  std::string(kg::toString(r.type)).c_str(), r.source, r.target, r.sentence,
                  r.rule.c_str());
  }
  return 0;
}
