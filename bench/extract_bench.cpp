// Extraction throughput, without graph building: reads every *.txt of a
// directory into memory, then times each stage over the whole corpus on one
// thread (decode, normalise, segment; then the whole single-document
// extraction), and prints MB/s of input per core. Times are the thread's CPU
// time (CLOCK_THREAD_CPUTIME_ID), so other processes on a shared machine slow
// the figures less than wall time would. A benchmark, not a test: it prints
// figures and asserts nothing.
//   usage: kg_extract_bench DIR [ROUNDS] [--whole-only] [--front-end] [--lexicons OLD_DIR]
// --whole-only skips the stage rows and adds "read + extract": each file read
// from disk (open, read, close) and extracted, as `kg build --jobs 1` does.
// --front-end times the front end's stages alone (decode, NFKC + offset map, segmentation:
// issue 22 item 4), without the lexicon scan and the extraction, so that many rounds are cheap.
// --lexicons OLD_DIR prints only the lexicon figures of issue 17, side by side:
// OLD_DIR's lexicon (bench/data/seed_lexicon, the 467-line seed-era one) and
// today's (KG_LEXICON or the shipped one): entries, load time in ms (median of
// 5 builds, each reading the files and, with a gazetteer, generating its forms
// and compiling the automaton) and the automaton scan (Lexicon::findAll over
// the corpus, NFKC-normalised beforehand) in MB/s.
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
// ---- issue 17: the lexicon's load time and scan speed, two lexicons side by side.
struct LexiconFigures {
  size_t entries = 0;
  double loadMs = 0;  // median of the builds
  double scanSecs = 0;
  size_t hits = 0;
};

LexiconFigures measureLexicon(const std::string& dir, const std::vector<std::string>& texts, int rounds) {
  LexiconFigures f;
  std::vector<double> loads;
  kg::Lexicon lexicon;
  for (int i = 0; i < 5; ++i) {
    auto t = Clock::now();
    kg::LexiconBuilder lb;
    lb.addDirectory(dir);
    lexicon = lb.build();
    loads.push_back(since(t) * 1e3);
  }
  std::sort(loads.begin(), loads.end());
  f.loadMs = loads[loads.size() / 2];
  f.entries = lexicon.size();
  auto t = Clock::now();
  for (int r = 0; r < rounds; ++r)
    for (const auto& text : texts) f.hits += lexicon.findAll(text).size();
  f.scanSecs = since(t);
  return f;
}

int lexiconSideBySide(const std::vector<std::string>& docs, size_t bytes, int rounds, const std::string& oldDir) {
  std::vector<std::string> texts;  // normalised once: the scan alone is timed
  for (const auto& d : docs) texts.push_back(kg::normalize(kg::decode(d).utf8).text);
  const char* env = std::getenv("KG_LEXICON");
  const std::string newDir = env ? env : KG_LEXICON_DIR;
  LexiconFigures o = measureLexicon(oldDir, texts, rounds), n = measureLexicon(newDir, texts, rounds);
  double mb = bytes / 1e6 * rounds;
  std::printf("lexicons side by side: %zu documents, %.2f MB, %d round(s) of the scan\n", docs.size(),
              bytes / 1e6, rounds);
  std::printf("%-34s %10s %10s %12s %10s\n", "lexicon", "entries", "load ms", "scan MB/s", "hits");
  auto row = [&](const std::string& what, const LexiconFigures& f) {
    std::printf("%-34s %10zu %10.1f %12.1f %10zu\n", what.c_str(), f.entries, f.loadMs,
                f.scanSecs > 0 ? mb / f.scanSecs : 0.0, f.hits / static_cast<size_t>(rounds));
  };
  row("seed-era (" + std::filesystem::path(oldDir).filename().string() + ")", o);
  row("today (" + std::filesystem::path(newDir).filename().string() + ")", n);
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  bool wholeOnly = false, frontEnd = false;
  const char* oldLexicon = nullptr;
  std::vector<const char*> args;
  for (int a = 1; a < argc; ++a) {
    if (std::strcmp(argv[a], "--whole-only") == 0) wholeOnly = true;
    else if (std::strcmp(argv[a], "--front-end") == 0)
      frontEnd = true;
    else if (std::strcmp(argv[a], "--lexicons") == 0 && a + 1 < argc) oldLexicon = argv[++a];
    else args.push_back(argv[a]);
  }
  if (args.empty()) {
    std::fprintf(stderr,
                 "usage: %s DIR [ROUNDS] [--whole-only] [--front-end] [--lexicons OLD_DIR]\n",
                 argv[0]);
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
  if (oldLexicon) return lexiconSideBySide(docs, bytes, rounds, oldLexicon);
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
        if (frontEnd) continue;
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
  if (frontEnd) {
    std::printf("front end alone (--front-end); refused %zu\n", failed);
    return 0;
  }
  row("lexicon automaton scan", lexScanSecs);
  row("whole extraction", fullSecs);
  std::printf("documents/s (whole extraction): %.0f; entities %zu, relations %zu, refused %zu\n",
              docs.size() * rounds / fullSecs, entities, relations, failed);
  return 0;
}
