// The build cache: what each document contributed to the graph, keyed by path
// with its size, modification time and content hash, so that
// `kg build --update` re-reads only new or changed documents. Stored as JSON
// lines next to the exports (OUT/.kg-cache.jsonl); written with the exports.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string_view>
#include <string>
#include <vector>

#include "kg/graph.h"

namespace kg {

struct CachedDocument {
  std::string path;
  uint64_t size = 0;   // bytes on disk when it was read
  int64_t mtime = 0;   // modification time when it was read (file clock ticks)
  DocumentContribution contribution;  // its sha256 is in contribution.document
  friend bool operator==(const CachedDocument&, const CachedDocument&) = default;
};

struct BuildCache {
  // What else the extraction depended on (kg version, lexicon, options); a
  // cache whose fingerprint differs from the current one is not used.
  std::string fingerprint;
  std::vector<CachedDocument> documents;  // sorted by path
  friend bool operator==(const BuildCache&, const BuildCache&) = default;
};

// One JSON object per line: a header {"kgCache": 2, "fingerprint": ...}, then
// one object per document, in path order. Every line's first member is
// "check": a Checksum64 (kg/checksum.h) of the line without it, as 16 hex
// digits; a line whose checksum does not match is damaged.
void writeBuildCache(const BuildCache& cache, std::ostream& out);
// The same from document lines made by cacheLine() (sorted by path), so a
// build need not keep every contribution twice.
std::string cacheLine(const CachedDocument& document);  // without the line end
void writeBuildCache(const std::string& fingerprint, const std::vector<std::string>& lines, std::ostream& out);

// Cache lines held on disk while a build runs, so memory does not grow with
// the corpus: put() them in any order from any thread, then write() emits the
// header and the lines in index order (indices never put are left out). The
// spool is an unlinked temporary file in $TMPDIR (or /tmp), gone when the
// object is. Throws IoError when it cannot be created, written or read.
class CacheSpool {
 public:
  explicit CacheSpool(size_t capacity);
  ~CacheSpool();
  CacheSpool(const CacheSpool&) = delete;
  CacheSpool& operator=(const CacheSpool&) = delete;
  void put(size_t index, std::string_view line);  // thread-safe; index < capacity
  size_t size() const;                             // lines put
  void write(const std::string& fingerprint, std::ostream& out) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A build cache opened for `kg build --update` without holding it in memory:
// open() reads the file once, keeping per document only its path, size,
// time, hash and where its line is; each document is parsed when it is
// needed, from any thread. Its line can be copied to the new cache as it is.
// The file is kept open (an atomic rename of a new cache over it does not
// disturb what is read).
class BuildCacheIndex {
 public:
  struct Entry {
    std::string path;
    uint64_t size = 0;
    int64_t mtime = 0;
    std::string sha256;
    uint64_t offset = 0;  // of its line in the file, in bytes
    uint32_t length = 0;  // of its line, without the line end
    size_t line = 0;      // 1-based line number, for messages
  };
  // Throws IoError when the file cannot be read and FormatError (file:line)
  // when it is not a cache this version wrote, its header is damaged, it is
  // cut short or out of order, or a line is nested more than 64 levels deep.
  // A damaged document line is left out (its document is then not in the
  // cache) and listed in problems().
  explicit BuildCacheIndex(const std::string& path);
  ~BuildCacheIndex();
  BuildCacheIndex(const BuildCacheIndex&) = delete;
  BuildCacheIndex& operator=(const BuildCacheIndex&) = delete;

  const std::string& fingerprint() const;
  const std::vector<Entry>& entries() const;  // sorted by path
  // "file:line: damaged line: ..." for each document line left out.
  const std::vector<std::string>& problems() const;
  const Entry* find(std::string_view path) const;
  // Thread-safe. line() throws IoError; document() throws FormatError
  // (file:line) for a line that does not parse as a document of this cache
  // or whose checksum does not match.
  std::string line(const Entry& entry) const;
  CachedDocument document(const Entry& entry, std::string_view line) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Throws IoError when the file cannot be read and FormatError (with the line)
// when it is not a cache this version wrote.
BuildCache readBuildCache(const std::string& path);
BuildCache parseBuildCache(std::string_view text, const std::string& name);

}  // namespace kg
