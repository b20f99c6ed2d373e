// Extraction throughput, without graph building: reads every *.txt of a
// directory into memory, then times each stage over the whole corpus on one
// thread (decode, normalise, segment; then the whole single-document
// extraction), and prints MB/s of input per core. Times are the thread's CPU
// time (CLOCK_THREAD_CPUTIME_ID), so other processes on a shared machine slow
// the figures less than wall time would. A benchmark, not a test: it prints
// figures and asserts nothing.
//   usage: kg_extract_bench DIR [ROUNDS] [--whole-only]
// --whole-only skips the stage rows and adds "read + extract": each file read
// from disk (open, read, close) and extracted, as `kg build --jobs 1` does.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
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
// The calling thread's CPU time.
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
  }
};
double since(double t) { return Clock::now() - t; }
std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  bool wholeOnly = false;
  std::vector<const char*> args;
  for (int a = 1; a < argc; ++a) {
    if (std::strcmp(argv[a], "--whole-only") == 0) wholeOnly = true;
    else args.push_back(argv[a]);
  }
  if (args.empty()) {
    std::fprintf(stderr, "usage: %s DIR [ROUNDS] [--whole-only]\n", argv[0]);
    return 2;
  }
  int rounds = args.size() > 1 ? std::max(1, std::atoi(args[1])) : 1;
  std::vector<std::string> docs;
  size_t bytes = 0;
  std::vector<fs::path> paths;
  for (const auto& de : fs::recursive_directory_iterator(args[0]))
    if (de.path().extension() == ".txt") paths.push_back(de.path());
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    docs.push_back(readFile(p));
    bytes += docs.back().size();
  }
  auto t0 = Clock::now();
  kg::LexiconBuilder lb;
  const char* lexDir = std::getenv("KG_LEXICON");  // another lexicon folder, to compare
  lb.addDirectory(lexDir ? lexDir : KG_LEXICON_DIR);
  kg::Lexicon lexicon = lb.build();
  double lexSecs = since(t0);
  kg::ExtractOptions options;
  options.maxSeconds = 0;  // a loaded machine must not refuse the 4 MB documents
  if (const char* dir = std::getenv("KG_RULES")) options.rulesDir = dir;  // another rule folder, to compare
  kg::Extractor ex(lexicon, options);
  double mb = bytes / 1e6 * rounds;

  double decodeSecs = 0, normSecs = 0, segSecs = 0, lexScanSecs = 0, fullSecs = 0, readSecs = 0;
  size_t entities = 0, relations = 0, failed = 0;
  for (int r = 0; r < rounds; ++r) {
    for (size_t di = 0; di < docs.size(); ++di) {
      const std::string& d = docs[di];
      try {
        if (wholeOnly) {
          auto t = Clock::now();
          kg::DocumentResult res = ex.extractBytes(readFile(paths[di]), "bench.txt");
          readSecs += since(t);
          entities += res.entities.size();
          relations += res.relations.size();
          continue;
        }
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
  if (wholeOnly) {
    row("read + extract", readSecs);
    std::printf("documents/s (read + extract): %.0f; entities %zu, relations %zu, refused %zu\n",
                docs.size() * rounds / readSecs, entities, relations, failed);
    return 0;
  }
  row("decode", decodeSecs);
  row("normalize (NFKC + map)", normSecs);
  row("segment", segSecs);
  row("lexicon automaton scan", lexScanSecs);
  row("whole extraction", fullSecs);
  std::printf("documents/s (whole extraction): %.0f; entities %zu, relations %zu, refused %zu\n",
              docs.size() * rounds / fullSecs, entities, relations, failed);
  return 0;
}
