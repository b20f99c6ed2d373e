// The export folder as one unit: the manifest that `kg build` writes last,
// the folder's lock, and the check the query commands make before reading.
//
// kg-manifest.json names every file of the last export set with its size and
// SHA-256:
//   {"kg-export-set": 1, "files": [{"name": "graph.graphml", "bytes": 1234, "sha256": "…"}, …]}
// The files are written as temporaries first and renamed as a set under an
// exclusive lock on DIR/.kg-lock (flock); the manifest is renamed last.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

inline constexpr std::string_view kManifestName = "kg-manifest.json";
inline constexpr std::string_view kLockName = ".kg-lock";

// A file written to its temporary (writeTemporary, kg/exports.h): the final
// path, the temporary, its size in bytes and the hex SHA-256 of its bytes.
struct WrittenFile {
  std::string path;
  std::string temporary;
  uint64_t bytes = 0;
  std::string sha256;
};

// The manifest of these files (names relative to their folder), in the given order.
void writeManifest(const std::vector<WrittenFile>& files, std::ostream& out);

// flock on DIR/.kg-lock while alive: exclusive for a build's renames (it
// waits for another build or a reader), shared for a reader. A writer that
// cannot create the lock file throws IoError; a reader where there is none
// (no kg build wrote the folder) reads without it.
class ExportSetLock {
 public:
  ExportSetLock(const std::string& dir, bool exclusive);
  ~ExportSetLock();
  ExportSetLock(const ExportSetLock&) = delete;
  ExportSetLock& operator=(const ExportSetLock&) = delete;

 private:
  int fd_ = -1;
};

// Checks the export set that holds `file` (a graph.jsonld) against its
// folder's manifest, when there is one: every file the manifest names must be
// there with its size, and `file` and its query index (when at most 16 MiB)
// with their SHA-256 too. Throws FormatError naming the file that does not
// match ("the folder holds files of different builds ..."). Returns a
// one-line note when `file` is not in the manifest (written by an earlier
// build than the other files), else "". No manifest: nothing checked.
std::string checkExportSet(const std::string& file);

}  // namespace kg
