// Extraction throughput, without file I/O or graph building: reads every *.txt
// of a directory into memory, then times each stage over the whole corpus on
// one thread (decode, normalise, segment; then the whole single-document
// extraction), and prints MB/s of input per core. A benchmark, not a test: it
// prints figures and asserts nothing. usage: kg_extract_bench DIR [ROUNDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kg/error.h"
#include "kg/extractor.h"
#include "kg/lexicon.h"
#include "kg/text.h"

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [ROUNDS]\n", argv[0]);
    return 2;
  }
  int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
  std::vector<std::string> docs;
  size_t bytes = 0;
  std::vector<fs::path> paths;
  for (const auto& de : fs::recursive_directory_iterator(argv[1]))
    if (de.path().extension() == ".txt") paths.push_back(de.path());
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    docs.push_back(ss.str());
    bytes += docs.back().size();
  }
  auto t0 = Clock::now();
  kg::LexiconBuilder lb;
  const char* lexDir = std::getenv("KG_LEXICON");  // another lexicon folder, to compare
  lb.addDirectory(lexDir ? lexDir : KG_LEXICON_DIR);
  kg::Lexicon lexicon = lb.build();
  double lexSecs = since(t0);
  kg::ExtractOptions options;
  if (const char* dir = std::getenv("KG_RULES")) options.rulesDir = dir;  // another rule folder, to compare
  kg::Extractor ex(lexicon, options);
  double mb = bytes / 1e6 * rounds;

  double decodeSecs = 0, normSecs = 0, segSecs = 0, lexScanSecs = 0, fullSecs = 0;
  size_t entities = 0, relations = 0, failed = 0;
  for (int r = 0; r < rounds; ++r) {
    for (const auto& d : docs) {
      try {
        auto t = Clock::now();
        kg::DecodedText dec = kg::decode(d);
        decodeSecs += since(t);
        t = Clock::now();
        kg::NormalizedText n = kg::normalize(dec.utf8);
        normSecs += since(t);
        t = Clock::now();
        auto sents = kg::segment(n.text);
        segSecs += since(t);
        t = Clock::now();
        entities += lexicon.findAll(n.text).size() * 0;  // the automaton alone
        lexScanSecs += since(t);
        t = Clock::now();
        kg::DocumentResult res = ex.extractBytes(d, "bench.txt");
        fullSecs += since(t);
        entities += res.entities.size();
        relations += res.relations.size();
      } catch (const kg::Error&) {
        ++failed;
      }
    }
  }
  std::printf("corpus: %zu documents, %.2f MB, %d round(s); lexicon built in %.3f s\n", docs.size(), bytes / 1e6,
              rounds, lexSecs);
  std::printf("%-28s %10s %10s\n", "stage (one core)", "seconds", "MB/s");
  auto row = [&](const char* what, double s) { std::printf("%-28s %10.3f %10.1f\n", what, s, s > 0 ? mb / s : 0.0); };
  row("decode", decodeSecs);
  row("normalize (NFKC + map)", normSecs);
  row("segment", segSecs);
  row("lexicon automaton scan", lexScanSecs);
  row("whole extraction", fullSecs);
  std::printf("documents/s (whole extraction): %.0f; entities %zu, relations %zu, refused %zu\n",
              docs.size() * rounds / fullSecs, entities, relations, failed);
  return 0;
}
