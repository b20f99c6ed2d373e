#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <system_error>
#include <ostream>
#include <streambuf>
#include <thread>
#include <vector>

#include "detail/jsonld_internal.h"
#include "kg/error.h"
#include "kg/export_set.h"
#include "kg/exports.h"
#include "kg/graph_file.h"

namespace kg {

namespace {

// Flushes a directory's entries to the disk so that a rename in it survives a
// power loss. Best effort.
void syncPath(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// An output buffer straight onto a file descriptor that hashes what it
// writes and keeps the errno of the first failed write (ENOSPC, EFBIG, EIO
// tell a full disk from a bad file).
class HashingFileBuf : public std::streambuf {
 public:
  explicit HashingFileBuf(int fd) : fd_(fd), buffer_(1 << 20) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  int error() const { return error_; }
  uint64_t size() const { return size_; }
  std::string hex() { return hash_.hex(); }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    if (error_) return false;
    size_t n = static_cast<size_t>(pptr() - pbase());
    std::string_view chunk(pbase(), n);
    for (size_t done = 0; done < n;) {
      ssize_t w = ::write(fd_, chunk.data() + done, n - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        error_ = w < 0 ? errno : ENOSPC;
        return false;
      }
      done += static_cast<size_t>(w);
    }
    hash_.update(chunk);
    size_ += n;
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return true;
  }
  int fd_;
  std::vector<char> buffer_;
  Sha256 hash_;
  uint64_t size_ = 0;
  int error_ = 0;
};

const std::vector<std::string>& exportNames() {
  static const std::vector<std::string> names{"graph.graphml", "graph.jsonld", "graph.jsonld.idx",
                                              "graph.gexf",    "nodes.csv",    "edges.csv"};
  return names;
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

WrittenFile writeTemporary(const std::string& path, const std::function<void(std::ostream&)>& write) {
  WrittenFile f;
  f.path = path;
  f.temporary = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(f.temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    int err = errno;
    throwIoError(path + ": cannot create " + f.temporary + ": " + std::strerror(err), err);
  }
  auto fail = [&](const std::string& what, int err) {
    ::close(fd);
    ::unlink(f.temporary.c_str());
    throwIoError(path + ": " + what + ": " + std::strerror(err), err);
  };
  HashingFileBuf buf(fd);
  std::ostream out(&buf);
  try {
    write(out);
    out.flush();
  } catch (...) {
    ::close(fd);
    ::unlink(f.temporary.c_str());
    throw;
  }
  if (buf.error() || !out) fail("write failed", buf.error() ? buf.error() : EIO);
  // fsync before the rename, so that a power loss cannot expose an empty file.
  if (::fsync(fd) != 0 && errno != EINVAL) fail("write failed (fsync)", errno);
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(f.temporary.c_str());
    throwIoError(path + ": write failed (close): " + std::strerror(err), err);
  }
  f.bytes = buf.size();
  f.sha256 = buf.hex();
  return f;
}

void writeFileAtomic(const std::string& path, const std::function<void(std::ostream&)>& write) {
  namespace fs = std::filesystem;
  WrittenFile f = writeTemporary(path, write);
  if (::rename(f.temporary.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(f.temporary.c_str());
    throwIoError(path + ": cannot rename " + f.temporary + ": " + std::strerror(err), err);
  }
  fs::path parent = fs::path(path).parent_path();
  syncPath(parent.empty() ? "." : parent.string());
}

std::vector<std::string> writeExports(const Graph& g, const std::string& dir, const std::vector<Format>& formats,
                                      unsigned threads, const std::vector<ExtraFile>& extra) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) throw IoError(dir + ": cannot create output directory" + (ec ? ": " + ec.message() : ""));
  std::vector<std::string> names = exportNames();
  names.push_back(std::string(kManifestName));
  for (const auto& x : extra) names.push_back(x.name);
  removeStaleTemporaries(dir, names);
  // One task per file (the JSON-LD and its index are one task: the index
  // records the JSON-LD's fingerprint), in the order the paths are returned.
  // Each writes a temporary; nothing is renamed until all of them are whole.
  struct Task {
    std::function<std::vector<WrittenFile>()> run;
    std::vector<WrittenFile> files;
    std::exception_ptr error;
  };
  std::vector<Task> tasks;
  auto put = [&](const std::string& name, void (*fn)(const Graph&, std::ostream&)) {
    std::string path = (fs::path(dir) / name).string();
    tasks.push_back({[&g, path, fn] {
                       return std::vector<WrittenFile>{writeTemporary(path, [&](std::ostream& out) { fn(g, out); })};
                     },
                     {},
                     {}});
  };
  for (Format f : formats) {
    switch (f) {
      case Format::GraphML: put("graph.graphml", writeGraphML); break;
      case Format::JsonLd: {
        // The JSON-LD, then its query index (kg/graph_file.h), which records
        // the fingerprint of this JSON-LD (its temporary, not whatever file
        // is at the final path by then).
        std::string path = (fs::path(dir) / "graph.jsonld").string();
        std::string idx = queryIndexPath(path);
        tasks.push_back({[&g, path, idx] {
                           std::vector<detail::ByteRange> ranges;
                           std::vector<WrittenFile> out;
                           detail::FileFingerprint fingerprint;  // of the bytes written, summed as written
                           out.push_back(writeTemporary(path, [&](std::ostream& o) {
                             fingerprint = detail::writeJsonLdFingerprinted(g, o, &ranges);
                           }));
                           try {
                             out.push_back(writeTemporary(idx, [&](std::ostream& o) {
                               detail::writeQueryIndex(g, ranges, fingerprint, o);
                             }));
                           } catch (...) {
                             ::unlink(out[0].temporary.c_str());
                             throw;
                           }
                           return out;
                         },
                         {},
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
  for (const auto& x : extra) {
    std::string path = (fs::path(dir) / x.name).string();
    auto write = x.write;
    tasks.push_back({[path, write] { return std::vector<WrittenFile>{writeTemporary(path, write)}; }, {}, {}});
  }
  // The writers only read the graph, each its own file: run them side by side.
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < tasks.size();) {
      try {
        tasks[i].files = tasks[i].run();
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
  std::vector<WrittenFile> all;
  std::exception_ptr first;
  for (auto& t : tasks) {
    if (t.error && !first) first = t.error;  // the first failure in format order
    all.insert(all.end(), t.files.begin(), t.files.end());
  }
  if (first) {
    // The previous set stays as it was: no file of this one is renamed.
    for (const auto& f : all) ::unlink(f.temporary.c_str());
    std::rethrow_exception(first);
  }
  // The set goes in as one unit under the folder's lock (a second build
  // waits here; queries hold the lock shared while they read), the manifest
  // last. A run killed between two renames leaves the old manifest, which
  // the query commands then find does not match (kg/export_set.h).
  ExportSetLock lock(dir, true);
  for (size_t i = 0; i < all.size(); ++i) {
    if (::rename(all[i].temporary.c_str(), all[i].path.c_str()) != 0) {
      int err = errno;
      for (size_t k = i; k < all.size(); ++k) ::unlink(all[k].temporary.c_str());
      throwIoError(all[i].path + ": cannot rename " + all[i].temporary + ": " + std::strerror(err), err);
    }
  }
  syncPath(dir);
  std::string manifest = (fs::path(dir) / kManifestName).string();
  writeFileAtomic(manifest, [&](std::ostream& out) { writeManifest(all, out); });
  std::vector<std::string> written;
  for (const auto& f : all) written.push_back(f.path);
  written.push_back(manifest);
  return written;
}

}  // namespace kg
