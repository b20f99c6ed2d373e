// The CLI's commands: thin wrappers over the kg libraries.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kg/extractor.h"

namespace kg {
class Lexicon;
}

namespace kg::cli {

// Exit codes, listed in the README.
enum Exit : int {
  kOk = 0,
  kPartial = 1,     // some documents were skipped (the graph of the rest is written); a name not found
  kUsage = 2,       // bad arguments; an ambiguous name
  kLexicon = 3,     // the lexicon has bad lines
  kOutput = 4,      // an export could not be written; a graph file could not be loaded
};

// The default output folder of `kg build` and the graph the questions read:
// a folder that holds only output (git-ignored), never a source folder.
inline constexpr const char* kDefaultOutDir = "out";
inline constexpr const char* kDefaultGraph = "out/graph.jsonld";

struct BuildArgs {
  std::vector<std::string> inputs{"seeds"};
  std::string outDir = kDefaultOutDir;
  std::string lexiconDir;  // empty: the compiled-in default
  std::vector<std::string> formats{"graphml", "jsonld", "gexf", "csv"};
  unsigned jobs = 0;  // 0: all cores
  ExtractOptions extract;  // limits; defaults live in ExtractOptions
  bool update = false;     // reuse outDir/.kg-cache.jsonl for unchanged documents
  uint64_t textMemoryMiB = 64;  // evidence text in memory before it spills to a temporary file
  bool quiet = false;
  bool timings = false;  // print the time of each phase on stderr
  bool progress = true;
  // Replace a graph in outDir even when no document could be read (an --update
  // that drops every document, inputs that are all unreadable); otherwise such
  // a run exits kUsage and leaves the folder as it was.
  bool allowEmpty = false;
};
// Exit codes: kOk; kPartial (some inputs skipped); kUsage (an input that does
// not exist, or no readable document while outDir holds a graph and not
// allowEmpty: nothing is written); kLexicon; kOutput.
int runBuild(const BuildArgs& args);

struct ExtractArgs {
  std::string file;
  std::string lexiconDir;
  std::string rulesDir;  // empty: the built-in extract/rules
  bool relationsOnly = false;
};
int runExtract(const ExtractArgs& args);

struct EvalArgs {
  std::string goldDir;
  std::vector<std::string> inputs{"seeds"};
  std::string lexiconDir;
  std::string rulesDir;  // empty: the built-in extract/rules
  bool verbose = false;
  bool json = false;
  double minEntityF1 = 0;    // fail (exit 1) when the micro F1 falls below
  double minRelationF1 = 0;
};
int runEval(const EvalArgs& args);

struct QueryArgs {
  std::string graph = kDefaultGraph;
  bool json = false;
};
struct PathArgs : QueryArgs {
  std::string from, to, via;
  std::vector<std::string> avoid, edges, types;
  bool all = false, directed = false;
  size_t k = 1;
  std::string svg;  // draw the paths into this SVG file
  int maxHops = 8;
};
int runPath(const PathArgs& args);
struct NeighborsArgs : QueryArgs {
  std::string name;
  int depth = 1;
  std::vector<std::string> edges;
  std::string svg;  // draw the neighbourhood into this SVG file
};
int runNeighbors(const NeighborsArgs& args);
struct ShowArgs : QueryArgs {
  std::string name;
};
int runShow(const ShowArgs& args);
struct StatsArgs : QueryArgs {};
int runStats(const StatsArgs& args);
struct FindArgs : QueryArgs {
  std::string text;
  size_t limit = 10;
};
int runFind(const FindArgs& args);

// `kg --version`: kg's version, and the lexicon and rule folders in use with
// their file count and a SHA-256 fingerprint of their files (the same files
// that make `kg build --update` rebuild everything when they change).
std::string versionText();

// The lexicon directory to use: the argument, else KG_LEXICON_DIR, else
// schema/data under the working directory.
std::string lexiconDirOr(const std::string& given);
// Compiles the extractor's rule data; on bad lines prints every one with
// file:line and returns null (the caller exits with kLexicon).
std::unique_ptr<Extractor> makeExtractor(const Lexicon& lexicon, const ExtractOptions& options);
// Loads the lexicon of `dir` (lexiconDirOr rules); on bad lines prints every
// one as file:line and returns kLexicon, else kOk.
int loadLexicon(const std::string& dir, Lexicon& out);
// Files named by inputs: files as given, directories recursed for *.txt;
// sorted. Inputs that do not exist or cannot be read, and folders below them
// that cannot be read, are reported in `missing` with the reason (strerror:
// "Permission denied", "Too many levels of symbolic links"). With `names`,
// also each file's document name (documentName; invalid UTF-8 bytes written
// as %XX), in the same order; one file reached twice (`seeds ./seeds`, a link)
// is kept once, by file identity. `notes` receives what was passed over:
// symbolic links to folders (not followed), files reached twice.
std::vector<std::string> collectInputs(const std::vector<std::string>& inputs,
                                       std::vector<std::string>& missing,
                                       std::vector<std::string>* names = nullptr,
                                       std::vector<std::string>* notes = nullptr);
// The name of document `file` found under input `root` (a directory or the
// file itself), the path its id is made from: the path as typed, normalised
// ("./seeds//a.txt" -> "seeds/a.txt"). An absolute path or one through ".."
// is made relative to the working directory when it lies inside it, else to
// the folder holding `root` ("/data/news/a.txt" under root "/data/news" ->
// "news/a.txt"), so no machine's folders show in ids.
std::string documentName(const std::string& root, const std::string& file);

}  // namespace kg::cli
