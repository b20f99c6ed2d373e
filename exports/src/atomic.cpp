#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <atomic>
#include <exception>
#include <fstream>
#include <functional>
#include <system_error>
#include <thread>
#include <vector>

#include "kg/error.h"
#include "kg/exports.h"
#include "kg/graph_file.h"
#include "detail/jsonld_internal.h"

namespace kg {

namespace {

// Flushes a file's (or a directory's) data to the disk so that a rename after
// it cannot expose an empty file after a power loss. Best effort.
void syncPath(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void removeStaleTemporaries(const std::string& dir, const std::vector<std::string>& names) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    size_t at = name.rfind(".tmp.");
    if (at == std::string::npos || at + 5 >= name.size()) continue;
    if (std::find(names.begin(), names.end(), name.substr(0, at)) == names.end()) continue;
    std::string pid = name.substr(at + 5);
    if (pid.find_first_not_of("0123456789") != std::string::npos || pid.size() > 9) continue;
    pid_t p = static_cast<pid_t>(std::stol(pid));
    if (p == ::getpid() || (::kill(p, 0) != 0 && errno == ESRCH)) {
      std::error_code rm;
      fs::remove(it->path(), rm);
    }
  }
}

void writeFileAtomic(const std::string& path, const std::function<void(std::ostream&)>& write) {
  namespace fs = std::filesystem;
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::vector<char> buffer(1 << 20);  // large writes: exports are hundreds of megabytes
    std::ofstream out;
    out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    out.open(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError(path + ": cannot create " + tmp + ": " + std::strerror(errno));
    try {
      write(out);
      out.flush();
    } catch (...) {
      out.close();
      std::error_code ec;
      fs::remove(tmp, ec);
      throw;
    }
    if (!out) {
      out.close();
      std::error_code ec;
      fs::remove(tmp, ec);
      throw IoError(path + ": write failed (disk full?)");
    }
  }
  syncPath(tmp);
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code rm;
    fs::remove(tmp, rm);
    throw IoError(path + ": cannot rename " + tmp + ": " + ec.message());
  }
  fs::path parent = fs::path(path).parent_path();
  syncPath(parent.empty() ? "." : parent.string());
}

std::vector<std::string> writeExports(const Graph& g, const std::string& dir, const std::vector<Format>& formats,
                                      unsigned threads) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) throw IoError(dir + ": cannot create output directory" + (ec ? ": " + ec.message() : ""));
  // (not the build cache's: `kg build` may be writing it beside the exports)
  removeStaleTemporaries(dir, {"graph.graphml", "graph.jsonld", "graph.jsonld.idx", "graph.gexf", "nodes.csv",
                               "edges.csv"});
  // One task per file (the JSON-LD and its index are one task: the index
  // records the JSON-LD's fingerprint), in the order the paths are returned.
  struct Task {
    std::vector<std::string> paths;
    std::function<void()> run;
    std::exception_ptr error;
  };
  std::vector<Task> tasks;
  auto put = [&](const std::string& name, void (*fn)(const Graph&, std::ostream&)) {
    std::string path = (fs::path(dir) / name).string();
    tasks.push_back({{path}, [&g, path, fn] { writeFileAtomic(path, [&](std::ostream& out) { fn(g, out); }); }, {}});
  };
  for (Format f : formats) {
    switch (f) {
      case Format::GraphML: put("graph.graphml", writeGraphML); break;
      case Format::JsonLd: {
        // The JSON-LD, then its query index (kg/graph_file.h), which records
        // the JSON-LD's fingerprint: a run killed between the two leaves an
        // index that no longer matches, and queries then ignore it.
        std::string path = (fs::path(dir) / "graph.jsonld").string();
        std::string idx = queryIndexPath(path);
        tasks.push_back({{path, idx},
                         [&g, path, idx] {
                           std::vector<detail::ByteRange> ranges;
                           detail::FileFingerprint fingerprint;  // of the bytes written, summed as written
                           writeFileAtomic(path, [&](std::ostream& out) {
                             fingerprint = detail::writeJsonLdFingerprinted(g, out, &ranges);
                           });
                           writeFileAtomic(idx, [&](std::ostream& out) {
                             detail::writeQueryIndex(g, ranges, fingerprint, out);
                           });
                         },
                         {}});
        break;
      }
      case Format::Gexf: put("graph.gexf", writeGexf); break;
      case Format::Csv:
        put("nodes.csv", writeNodesCsv);
        put("edges.csv", writeEdgesCsv);
        break;
    }
  }
  // The writers only read the graph, each its own file: run them side by side.
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < tasks.size();) {
      try {
        tasks[i].run();
      } catch (...) {
        tasks[i].error = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::min<size_t>(std::max(1u, threads), tasks.size()); ++t) {
    try {
      pool.emplace_back(worker);
    } catch (const std::system_error&) {
      break;  // no more threads (a process limit): the ones started do the rest
    }
  }
  worker();
  for (auto& t : pool) t.join();
  std::vector<std::string> written;
  for (auto& t : tasks) {
    if (t.error) std::rethrow_exception(t.error);  // the first failure in format order
    written.insert(written.end(), t.paths.begin(), t.paths.end());
  }
  return written;
}

}  // namespace kg
