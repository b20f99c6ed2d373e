#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <mutex>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>

#include <fmt/core.h>

#include "commands.h"
#include "kg/build_cache.h"
#include "kg/document_file.h"
#include "kg/error.h"
#include "kg/eval.h"
#include "kg/exports.h"
#include "kg/extractor.h"
#include "kg/graph.h"
#include "kg/lexicon.h"

namespace kg::cli {

namespace fs = std::filesystem;

std::string lexiconDirOr(const std::string& given) {
  if (!given.empty()) return given;
  std::error_code ec;
  if (fs::is_directory(KG_LEXICON_DIR, ec)) return KG_LEXICON_DIR;
  return "schema/data";
}

int loadLexicon(const std::string& dir, Lexicon& out) {
  try {
    LexiconBuilder b;
    b.addDirectory(lexiconDirOr(dir));
    out = b.build();
  } catch (const LexiconError& e) {
    fmt::print(stderr, "kg: lexicon errors:\n");
    for (const auto& p : e.problems()) fmt::print(stderr, "  {}\n", p);
    return kLexicon;
  }
  return kOk;
}

std::unique_ptr<Extractor> makeExtractor(const Lexicon& lexicon, const ExtractOptions& options) {
  try {
    return std::make_unique<Extractor>(lexicon, options);
  } catch (const RuleError& e) {
    fmt::print(stderr, "kg: rule data errors:\n");
    for (const auto& p : e.problems()) fmt::print(stderr, "  {}\n", p);
    return nullptr;
  }
}

std::string documentName(const std::string& root, const std::string& file) {
  auto clean = [](fs::path p) {
    std::string s = p.lexically_normal().generic_string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
  };
  auto outside = [](const fs::path& p) { return p.empty() || *p.begin() == ".."; };
  fs::path f = fs::path(file).lexically_normal();
  if (f.is_relative() && !outside(f)) return clean(f);
  std::error_code ec;
  fs::path abs = fs::absolute(f, ec).lexically_normal();
  fs::path cwd = fs::current_path(ec);
  if (!ec) {
    fs::path rel = abs.lexically_relative(cwd.lexically_normal());
    if (!outside(rel) && rel != ".") return clean(rel);
  }
  // Outside the working directory: from the folder that holds the input root.
  fs::path r = fs::absolute(fs::path(root), ec).lexically_normal();
  if (!r.has_filename()) r = r.parent_path();  // "/data/news/" -> "/data/news"
  fs::path rel = abs.lexically_relative(r.parent_path());
  return clean(outside(rel) ? abs.filename() : rel);
}

namespace {

// A document name with every byte of invalid UTF-8 written as %XX (and '%'
// itself as %25 when the name needs escaping), so that the exports stay valid
// XML and UTF-8 while two such names stay apart; the path keeps the bytes.
std::string validUtf8Name(const std::string& name) {
  auto valid = [](const std::string& s) {
    int32_t i = 0, n = static_cast<int32_t>(s.size());
    while (i < n) {
      UChar32 c;
      U8_NEXT(s.data(), i, n, c);
      if (c < 0) return false;
    }
    return true;
  };
  if (valid(name)) return name;
  std::string out;
  int32_t i = 0, n = static_cast<int32_t>(name.size());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(name.data(), i, n, c);
    if (c < 0 || c == '%') {
      for (int32_t k = start; k < i; ++k) out += fmt::format("%{:02X}", static_cast<unsigned char>(name[k]));
    } else {
      out.append(name, static_cast<size_t>(start), static_cast<size_t>(i - start));
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> collectInputs(const std::vector<std::string>& inputs,
                                       std::vector<std::string>& missing,
                                       std::vector<std::string>* names,
                                       std::vector<std::string>* notes) {
  struct Found {
    std::string name, path;
    dev_t dev;
    ino_t ino;
  };
  std::vector<Found> found;
  auto add = [&](const std::string& root, const std::string& file, const struct stat& st) {
    found.push_back({validUtf8Name(documentName(root, file)), file, st.st_dev, st.st_ino});
  };
  auto note = [&](std::string text) {
    if (notes) notes->push_back(std::move(text));
  };
  // Folders are walked by hand: an unreadable folder (the input or one below
  // it) is an error like a missing input, never a silent gap in the graph;
  // symlinks to folders are reported and not followed (so a loop cannot trap
  // the walk); symlinks to files are read.
  std::function<void(const std::string&, const std::string&)> walk = [&](const std::string& root,
                                                                        const std::string& dir) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) {
      missing.push_back(dir + ": cannot read folder: " + std::strerror(errno));
      return;
    }
    std::vector<std::string> entries;
    errno = 0;
    while (struct dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") entries.push_back(n);
      errno = 0;
    }
    int err = errno;
    ::closedir(d);
    if (err) {
      missing.push_back(dir + ": cannot read folder: " + std::strerror(err));
      return;
    }
    std::sort(entries.begin(), entries.end());
    for (const auto& n : entries) {
      std::string path = (fs::path(dir) / n).string();
      struct stat lst {};
      if (::lstat(path.c_str(), &lst) != 0) {
        missing.push_back(path + ": " + std::strerror(errno));
        continue;
      }
      if (S_ISDIR(lst.st_mode)) {
        walk(root, path);
        continue;
      }
      struct stat st = lst;
      if (S_ISLNK(lst.st_mode) && ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        note(path + ": a symbolic link to a folder, not followed (name it as an input to read it)");
        continue;
      }
      if (fs::path(n).extension() != ".txt") continue;
      // A broken link or a loop keeps lstat's answer; reading it says why.
      add(root, path, st);
    }
  };
  for (const auto& in : inputs) {
    struct stat st {};
    if (::stat(in.c_str(), &st) != 0) {
      int err = errno;
      missing.push_back(in + ": " + (err == ENOENT ? std::string("no such file or directory") : std::strerror(err)));
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      add(in, in, st);
      continue;
    }
    walk(in, in);
  }
  // Sorted by document name; one file reached twice (`seeds ./seeds`, a hard
  // or symbolic link to a file already found) is read once, under its first name.
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.name < b.name; });
  std::set<std::pair<dev_t, ino_t>> seen;
  std::set<std::string> seenNames;
  std::vector<std::string> files;
  for (auto& f : found) {
    bool real = f.ino != 0;
    if (!seenNames.insert(f.name).second) continue;
    if (real && !seen.insert({f.dev, f.ino}).second) {
      note(f.path + ": the same file as another input; read once");
      continue;
    }
    files.push_back(std::move(f.path));
    if (names) names->push_back(std::move(f.name));
  }
  return files;
}

namespace {
std::string dirDigest(const std::string& dir, size_t* files);
}  // namespace

std::string versionText() {
  std::string out = "kg " KG_VERSION "\n";
  for (auto [what, dir] : {std::pair<const char*, std::string>{"lexicon", lexiconDirOr("")},
                           std::pair<const char*, std::string>{"rules", resolveRulesDir("")}}) {
    size_t files = 0;
    std::string digest = sha256Hex(dirDigest(dir, &files));
    out += fmt::format("{}: {} ({} files, sha256 {})\n", what, dir, files, digest.substr(0, 16));
  }
  out.pop_back();  // CLI11 adds the final newline
  return out;
}

namespace {

// The SHA-256 of every file below `dir` (relative path and content digest,
// in path order); `files` receives their number.
std::string dirDigest(const std::string& dir, size_t* files = nullptr) {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file(ec)) paths.push_back(it->path());
  std::sort(paths.begin(), paths.end());
  std::string all;
  for (const auto& f : paths) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    all += fs::relative(f, dir, ec).generic_string() + "\n" + sha256Hex(ss.str()) + "\n";
  }
  if (files) *files = paths.size();
  return all;
}

// What an extraction depends on besides the document: kg's version, the
// lexicon files and the options that change results.
std::string cacheFingerprint(const std::string& lexiconDir, const ExtractOptions& o) {
  std::string all = "kg " KG_VERSION "\nmax-sentence-bytes " + std::to_string(o.segment.maxSentenceBytes) + "\n";
  // Every data file below the lexicon folder (the gazetteer too) and the rule folder.
  for (const std::string& dir : {lexiconDirOr(lexiconDir), resolveRulesDir(o.rulesDir)}) all += dirDigest(dir);
  return sha256Hex(all);
}

int64_t mtimeOf(const std::string& path) {
  std::error_code ec;
  auto t = fs::last_write_time(path, ec);
  return ec ? 0 : static_cast<int64_t>(t.time_since_epoch().count());
}

class Progress {
 public:
  Progress(size_t total, uint64_t totalBytes, bool enabled)
      : total_(total), totalBytes_(totalBytes), enabled_(enabled && ::isatty(2)), start_(std::chrono::steady_clock::now()) {}
  void tick(uint64_t bytes) {
    done_.fetch_add(1);
    bytes_.fetch_add(bytes);
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    double secs = std::chrono::duration<double>(now - start_).count();
    if (secs < 1.0) return;
    std::lock_guard<std::mutex> lock(m_);
    if (now - last_ < std::chrono::milliseconds(200) && done_ < total_) return;
    last_ = now;
    size_t d = done_;
    double mb = bytes_ / 1e6, rate = mb / secs;
    double left = rate > 0 ? (totalBytes_ / 1e6 - mb) / rate : 0;
    int width = 30, filled = total_ ? static_cast<int>(width * d / total_) : width;
    std::fprintf(stderr, "\r[%s%s] %zu/%zu docs  %.1f MB/s  %.0fs left ", std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(), d, total_, rate, left);
    shown_ = true;
  }
  void finish() {
    if (shown_) std::fprintf(stderr, "\n");
  }

 private:
  using Clock = std::chrono::steady_clock;
  size_t total_;
  uint64_t totalBytes_;
  bool enabled_;
  Clock::time_point start_, last_{};
  std::atomic<size_t> done_{0};
  std::atomic<uint64_t> bytes_{0};
  std::mutex m_;
  bool shown_ = false;
};

// Hands the graph to the process's exit instead of freeing it piece by piece
// (a large graph takes a noticeable part of a run to free; cf. clang's
// BuryPointer). It stays reachable, so leak checkers do not report it.
struct BuryAtExit {
  Graph& graph;
  ~BuryAtExit() {
    static std::vector<std::unique_ptr<Graph>>* graveyard = new std::vector<std::unique_ptr<Graph>>;
    graveyard->push_back(std::make_unique<Graph>(std::move(graph)));
  }
};

}  // namespace

int runBuild(const BuildArgs& args) {
  std::vector<std::string> problems;
  std::vector<std::string> names;  // each file's document name, the path its id is made from
  std::vector<std::string> notes;  // symlinked folders not followed, files reached twice
  auto files = collectInputs(args.inputs, problems, &names, &notes);
  for (const auto& n : notes) fmt::print(stderr, "kg: warning: {}\n", n);
  // An input that does not exist is a typo, not a document to skip: nothing
  // is read and the output folder (perhaps a good graph) is left as it was.
  if (!problems.empty()) {
    for (const auto& p : problems) fmt::print(stderr, "kg: {}\n", p);
    fmt::print(stderr, "kg: nothing written; {} is left as it was\n", args.outDir);
    return kUsage;
  }
  Lexicon lexicon;
  if (int rc = loadLexicon(args.lexiconDir, lexicon)) return rc;
  auto extractorPtr = makeExtractor(lexicon, args.extract);
  if (!extractorPtr) return kLexicon;
  const Extractor& extractor = *extractorPtr;
  // Evidence sentences past the budget wait on disk (an unlinked file in
  // $TMPDIR) until the exports are written: memory is bounded by the graph,
  // not its text.
  GraphBuilder builder(&lexicon, TextStore::spilling(args.textMemoryMiB << 20));

  // --update: the previous run's cache, when it was made with the same lexicon and options.
  const std::string cachePath = (fs::path(args.outDir) / ".kg-cache.jsonl").string();
  const std::string fingerprint = cacheFingerprint(args.lexiconDir, args.extract);
  // Only where each document's line is is held; lines are parsed when used.
  std::optional<BuildCacheIndex> previous;
  if (args.update) {
    try {
      // Only a regular file is read as the cache (a FIFO there would block).
      struct stat cst {};
      if (::stat(cachePath.c_str(), &cst) == 0 && !S_ISREG(cst.st_mode))
        throw IoError(cachePath + ": not a regular file");
      previous.emplace(cachePath);
      for (const auto& p : previous->problems())  // damaged lines: those documents are read again
        fmt::print(stderr, "kg: warning: {}; the document is read again\n", p);
      if (previous->fingerprint() != fingerprint) {
        fmt::print(stderr, "kg: {}: made with another lexicon, options or kg version; rebuilding everything\n",
                   cachePath);
        previous.reset();
      }
    } catch (const Error& e) {
      fmt::print(stderr, "kg: --update: {}; rebuilding everything\n", e.what());
      previous.reset();
    }
  }

  uint64_t totalBytes = 0;
  std::vector<uint64_t> sizes(files.size(), 0);
  for (size_t i = 0; i < files.size(); ++i) {
    std::error_code ec;
    auto sz = fs::file_size(files[i], ec);
    if (!ec) totalBytes += sizes[i] = sz;
  }
  const auto tStart = std::chrono::steady_clock::now();
  unsigned jobs = args.jobs ? args.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, std::max<size_t>(1, files.size()));
  Progress progress(files.size(), totalBytes, args.progress && !args.quiet);
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::vector<std::string> skipped, warnings;
  std::optional<CacheSpool> spool;  // this run's cache lines, on disk until the exports are written
  try {
    spool.emplace(files.size());
  } catch (const Error& e) {
    fmt::print(stderr, "kg: {}\n", e.what());
    return kOutput;
  }
  size_t read = 0, unchanged = 0, rehashed = 0, extracted = 0;
  // A document as the previous cache has it; a line that does not parse
  // costs a warning (with file:line), and the document is read again.
  auto fromCache = [&](const BuildCacheIndex::Entry& e, const std::string& line) -> std::optional<CachedDocument> {
    try {
      return previous->document(e, line);
    } catch (const FormatError& err) {
      std::lock_guard<std::mutex> lock(mu);
      warnings.push_back(std::string(err.what()) + "; the document is read again");
      return std::nullopt;
    }
  };
  // A failure of the machine (kg/error.h: MachineError, out of memory, no
  // thread) stops the build: the documents it hit are not the documents' fault,
  // and a graph without them must not replace the previous one.
  std::string machineFailure;
  auto abortBuild = [&](const std::string& why) {
    std::lock_guard<std::mutex> lock(mu);
    if (machineFailure.empty()) machineFailure = why;
    next.store(files.size());
  };
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < files.size();) {
      const std::string& path = files[i];
      const std::string& name = names[i];
      uint64_t bytes = 0;
      // Only errors of the document itself (reading it, decoding it,
      // extracting it) skip it; a failure while it is added to the graph or
      // the cache is the machine's (and would leave it half in the graph).
      bool adding = false;
      try {
        CachedDocument entry;
        entry.path = name;
        entry.mtime = mtimeOf(path);
        const BuildCacheIndex::Entry* before = previous ? previous->find(name) : nullptr;
        std::optional<CachedDocument> kept;  // this document as the cache has it, if it can be used
        if (before && before->size == sizes[i] && before->mtime == entry.mtime) {
          // Same size and time: not read again; its cache line is copied as it is.
          std::string line = previous->line(*before);
          kept = fromCache(*before, line);
          if (!kept) before = nullptr;  // warned once; not tried again as "touched"
          if (kept) {
            adding = true;
            spool->put(i, line);
            std::lock_guard<std::mutex> lock(mu);
            builder.add(std::move(kept->contribution));
            ++read, ++unchanged;
          }
        }
        if (!kept) {
          std::string raw = readDocument(path, args.extract.maxDocumentBytes);
          bytes = raw.size();
          entry.size = raw.size();
          std::string hash = sha256Hex(raw);
          bool same = false;
          if (before && before->sha256 == hash) {  // touched, not changed
            if (auto c = fromCache(*before, previous->line(*before))) {
              entry.contribution = std::move(c->contribution);
              same = true;
            }
          }
          if (!same) {
            // (raw is taken: UTF-8 is not copied. The contribution reads the mentions: the
            // forms each entity is written in name its node and filter its aliases.)
            DocumentResult doc = extractor.extractOwnedBytes(std::move(raw), name);
            entry.contribution = contributionOf(doc, hash);
            doc.mentions = {};
            std::string().swap(doc.surfaces);
            doc.storedSurfaces = {};
            std::lock_guard<std::mutex> lock(mu);
            for (const auto& w : doc.warnings) warnings.push_back(path + ": " + w);
          }
          adding = true;
          spool->put(i, cacheLine(entry));
          std::lock_guard<std::mutex> lock(mu);
          builder.add(std::move(entry.contribution));
          ++read;
          ++(same ? rehashed : extracted);
        }
      } catch (const MachineError& e) {
        abortBuild(e.what());
      } catch (const Error& e) {
        if (adding) {
          abortBuild(path + ": " + e.what());
        } else {
          std::lock_guard<std::mutex> lock(mu);
          skipped.push_back(e.what());
        }
      } catch (const std::bad_alloc&) {
        abortBuild(path + ": out of memory");
      } catch (const std::exception& e) {
        abortBuild(path + ": " + e.what());
      }
      progress.tick(bytes);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < jobs; ++t) {
    try {
      pool.emplace_back(worker);
    } catch (const std::system_error& e) {  // a process limit: the threads started do the work
      fmt::print(stderr, "kg: warning: --jobs {}: only {} thread(s) could be started ({})\n", jobs, t, e.what());
      jobs = t;
      break;
    }
  }
  worker();
  for (auto& t : pool) t.join();
  progress.finish();
  if (!machineFailure.empty()) {
    fmt::print(stderr, "kg: {}\n", machineFailure);
    fmt::print(stderr, "kg: the build stopped: the machine failed, not a document; nothing written, {} is left as it was\n",
               args.outDir);
    return kOutput;
  }
  std::sort(skipped.begin(), skipped.end());
  std::sort(warnings.begin(), warnings.end());
  for (const auto& w : warnings) fmt::print(stderr, "kg: warning: {}\n", w);
  for (const auto& s : skipped) fmt::print(stderr, "kg: skipped {}\n", s);

  size_t removed = 0;
  if (previous)
    for (const auto& d : previous->entries())
      if (!std::binary_search(names.begin(), names.end(), d.path)) ++removed;
  // No readable document: an empty graph would replace the graph the folder
  // holds (an --update would drop every document). Only on request.
  auto holdsGraph = [&] {
    std::error_code ec;
    for (const char* f : {"graph.jsonld", "graph.graphml", "graph.gexf", "nodes.csv", "edges.csv", ".kg-cache.jsonl",
                          "kg-manifest.json"})
      if (fs::exists(fs::path(args.outDir) / f, ec)) return true;
    return false;
  };
  if (read == 0 && !args.allowEmpty && holdsGraph()) {
    std::string in;
    for (const auto& i : args.inputs) in += (in.empty() ? "" : ", ") + i;
    fmt::print(stderr, "kg: no readable document in {}", in);
    if (previous && removed) fmt::print(stderr, " (--update would drop all {} document(s) of the graph)", removed);
    fmt::print(stderr, "; nothing written, {} is left as it was (--allow-empty writes an empty graph)\n",
               args.outDir);
    return kUsage;
  }

  auto tMerge = std::chrono::steady_clock::now();
  Graph g = builder.build(jobs);
  BuryAtExit bury{g};
  auto tExports = std::chrono::steady_clock::now();
  std::vector<Format> formats;
  for (const auto& f : args.formats) {
    if (f == "graphml") formats.push_back(Format::GraphML);
    else if (f == "jsonld") formats.push_back(Format::JsonLd);
    else if (f == "gexf") formats.push_back(Format::Gexf);
    else if (f == "csv") formats.push_back(Format::Csv);
    if (!formats.empty() && std::find(formats.begin(), formats.end() - 1, formats.back()) != formats.end() - 1)
      formats.pop_back();  // named twice in --formats: written once
  }
  std::vector<std::string> written;
  try {
    // The build cache is one more file of the export set: it is replaced
    // together with the exports or not at all.
    std::vector<ExtraFile> extra{{fs::path(cachePath).filename().string(),
                                  [&](std::ostream& out) { spool->write(fingerprint, out); }}};
    written = writeExports(g, args.outDir, formats, jobs, extra);
  } catch (const Error& e) {
    fmt::print(stderr, "kg: {}\n", e.what());
    fmt::print(stderr, "kg: nothing replaced: {} keeps its previous exports and cache\n", args.outDir);
    return kOutput;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "kg: out of memory while writing the exports; {} keeps its previous exports and cache\n",
               args.outDir);
    return kOutput;
  }
  if (args.timings) {
    auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    auto end = std::chrono::steady_clock::now();
    fmt::print(stderr, "kg: timings: read and extract {:.2f} s, merge {:.2f} s, write {:.2f} s ({} thread(s))\n",
               secs(tStart, tMerge), secs(tMerge, tExports), secs(tExports, end), jobs);
  }
  if (!args.quiet) {
    GraphStats st = statsOf(g);
    if (args.update) {
      fmt::print("documents in the graph: {} of {}; read: {}\n", read, files.size(), read - unchanged);
      fmt::print("update: {} unchanged (not read), {} touched but the same, {} new or changed, {} removed\n",
                 unchanged, rehashed, extracted, removed);
    } else {
      fmt::print("documents read: {} of {}\n", read, files.size());
    }
    fmt::print("nodes: {}\n", g.nodes.size());
    for (int t = 0; t < kNodeTypeCount; ++t)
      if (st.nodesByType[t]) fmt::print("  {:<14}{:>6}\n", toString(static_cast<NodeType>(t)), st.nodesByType[t]);
    fmt::print("edges: {}\n", g.edges.size());
    for (int t = 0; t < kEdgeTypeCount; ++t)
      if (st.edgesByType[t]) fmt::print("  {:<14}{:>6}\n", toString(static_cast<EdgeType>(t)), st.edgesByType[t]);
    if (!g.clashes.empty()) {
      fmt::print("name clashes (short forms naming different things, not merged): {}\n", g.clashes.size());
      for (const auto& c : g.clashes) fmt::print("  {}\n", c);
    }
    fmt::print("files written:\n");
    for (const auto& w : written) fmt::print("  {}\n", w);
  }
  if (!skipped.empty()) {
    fmt::print(stderr, "kg: {} input(s) skipped; the graph holds the other {} document(s)\n", skipped.size(),
               read);
    return kPartial;
  }
  return kOk;
}

int runEval(const EvalArgs& args) {
  std::vector<std::string> problems;
  auto files = collectInputs(args.inputs, problems);
  Lexicon lexicon;
  if (int rc = loadLexicon(args.lexiconDir, lexicon)) return rc;
  ExtractOptions options;
  options.rulesDir = args.rulesDir;
  auto extractorPtr = makeExtractor(lexicon, options);
  if (!extractorPtr) return kLexicon;
  const Extractor& extractor = *extractorPtr;
  std::vector<std::string> golds;
  std::error_code ec;
  for (const auto& de : fs::directory_iterator(args.goldDir, ec))
    if (de.path().extension() == ".json") golds.push_back(de.path().string());
  if (ec || golds.empty()) {
    fmt::print(stderr, "kg: {}: no gold *.json files{}\n", args.goldDir, ec ? ": " + ec.message() : "");
    return kUsage;
  }
  std::sort(golds.begin(), golds.end());
  EvalReport total;
  std::vector<std::pair<std::string, EvalReport>> perDoc;
  int rc = kOk;
  for (const auto& gp : golds) {
    try {
      GoldDocument gold = loadGold(gp);
      std::string want = gold.document.empty() ? fs::path(gp).stem().string() + ".txt" : gold.document;
      auto it = std::find_if(files.begin(), files.end(),
                             [&](const std::string& f) { return fs::path(f).filename() == want; });
      if (it == files.end()) {
        fmt::print(stderr, "kg: {}: document {} not among the inputs\n", gp, want);
        rc = kPartial;
        continue;
      }
      GraphBuilder gb(&lexicon);
      gb.add(extractor.extractFile(*it));
      Graph g = gb.build();
      EvalReport r = evaluate(g, gold);
      total += r;
      perDoc.emplace_back(want, std::move(r));
    } catch (const Error& e) {
      fmt::print(stderr, "kg: {}\n", e.what());
      rc = kPartial;
    }
  }
  // The floors of --min-entity-f1 / --min-relation-f1, said on stderr when missed.
  auto belowFloor = [&] {
    double e = total.entityTotal().f1(), r = total.relationTotal().f1();
    bool below = false;
    if (e < args.minEntityF1) {
      fmt::print(stderr, "kg: entity F1 {:.3f} is below --min-entity-f1 {:.3f}\n", e, args.minEntityF1);
      below = true;
    }
    if (r < args.minRelationF1) {
      fmt::print(stderr, "kg: relation F1 {:.3f} is below --min-relation-f1 {:.3f}\n", r, args.minRelationF1);
      below = true;
    }
    return below;
  };
  auto line = [](const std::string& name, const Counts& c) {
    return fmt::format("  {:<16} P {:.3f}  R {:.3f}  F1 {:.3f}   (tp {}, pred {}, gold {})\n", name, c.precision(),
                       c.recall(), c.f1(), c.tp, c.pred, c.gold);
  };
  if (args.json) {
    std::string out = "{\"documents\": [";
    for (size_t i = 0; i < perDoc.size(); ++i) {
      auto e = perDoc[i].second.entityTotal(), r = perDoc[i].second.relationTotal();
      out += fmt::format("{}{{\"document\": \"{}\", \"entities\": {{\"tp\": {}, \"pred\": {}, \"gold\": {}, \"f1\": {:.4f}}}, "
                         "\"relations\": {{\"tp\": {}, \"pred\": {}, \"gold\": {}, \"f1\": {:.4f}}}}}",
                         i ? ", " : "", perDoc[i].first, e.tp, e.pred, e.gold, e.f1(), r.tp, r.pred, r.gold, r.f1());
    }
    auto e = total.entityTotal(), r = total.relationTotal();
    out += fmt::format("], \"entities\": {{\"tp\": {}, \"pred\": {}, \"gold\": {}, \"precision\": {:.4f}, \"recall\": {:.4f}, \"f1\": {:.4f}}}, "
                       "\"relations\": {{\"tp\": {}, \"pred\": {}, \"gold\": {}, \"precision\": {:.4f}, \"recall\": {:.4f}, \"f1\": {:.4f}}}}}\n",
                       e.tp, e.pred, e.gold, e.precision(), e.recall(), e.f1(), r.tp, r.pred, r.gold, r.precision(),
                       r.recall(), r.f1());
    fmt::print("{}", out);
    return belowFloor() ? kPartial : rc;
  }
  for (const auto& [name, r] : perDoc) {
    fmt::print("{}\n", name);
    fmt::print("{}", line("entities", r.entityTotal()));
    fmt::print("{}", line("relations", r.relationTotal()));
    if (args.verbose) {
      for (const auto& m : r.misses) fmt::print("    {}\n", m);
      for (const auto& m : r.falseHits) fmt::print("    {}\n", m);
    }
  }
  fmt::print("\nentities by type\n");
  for (int t = 0; t < kNodeTypeCount; ++t)
    if (total.entities[t].gold || total.entities[t].pred)
      fmt::print("{}", line(std::string(toString(static_cast<NodeType>(t))), total.entities[t]));
  fmt::print("relations by type\n");
  for (int t = 0; t < kEdgeTypeCount; ++t)
    if (total.relations[t].gold || total.relations[t].pred)
      fmt::print("{}", line(std::string(toString(static_cast<EdgeType>(t))), total.relations[t]));
  fmt::print("micro-averaged\n");
  fmt::print("{}", line("entities", total.entityTotal()));
  fmt::print("{}", line("relations", total.relationTotal()));
  return belowFloor() ? kPartial : rc;
}

}  // namespace kg::cli
