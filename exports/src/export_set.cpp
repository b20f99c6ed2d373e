#include "kg/export_set.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <rapidjson/document.h>

#include "kg/error.h"
#include "kg/graph.h"
#include "kg/graph_file.h"

namespace kg {

namespace fs = std::filesystem;

void writeManifest(const std::vector<WrittenFile>& files, std::ostream& out) {
  out << "{\"kg-export-set\": 1, \"files\": [";
  for (size_t i = 0; i < files.size(); ++i) {
    // The names are kg's own (graph.jsonld, .kg-cache.jsonl ...): no escaping needed.
    out << (i ? ",\n  " : "\n  ") << "{\"name\": \"" << fs::path(files[i].path).filename().string()
        << "\", \"bytes\": " << files[i].bytes << ", \"sha256\": \"" << files[i].sha256 << "\"}";
  }
  out << "\n]}\n";
}

ExportSetLock::ExportSetLock(const std::string& dir, bool exclusive) {
  std::string path = (fs::path(dir) / kLockName).string();
  // O_NONBLOCK: a FIFO put in the lock file's place must not hang the open
  // (flock itself still waits). A reader never creates the lock file (a --graph in any folder stays
  // untouched): without one, no kg build has written that folder.
  fd_ = exclusive ? ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0644)
                  : ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd_ < 0) {
    int err = errno;
    if (!exclusive) return;
    throwIoError(path + ": cannot create the export folder's lock: " + std::strerror(err), err);
  }
  while (::flock(fd_, exclusive ? LOCK_EX : LOCK_SH) != 0) {
    if (errno == EINTR) continue;
    int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (!exclusive) return;
    throwIoError(path + ": cannot lock the export folder: " + std::strerror(err), err);
  }
}

ExportSetLock::~ExportSetLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

namespace {

std::string hashFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open: " + std::strerror(errno));
  Sha256 h;
  std::string buf(1 << 20, '\0');
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.update(std::string_view(buf.data(), static_cast<size_t>(in.gcount())));
  }
  if (in.bad()) throw IoError(path + ": read error");
  return h.hex();
}

}  // namespace

std::string checkExportSet(const std::string& file) {
  fs::path dir = fs::path(file).parent_path();
  if (dir.empty()) dir = ".";
  std::string manifestPath = (dir / kManifestName).string();
  std::error_code ec;
  if (!fs::is_regular_file(manifestPath, ec)) return "";
  std::ifstream in(manifestPath, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("files") || !doc["files"].IsArray())
    throw FormatError(manifestPath + ": not a kg export manifest");
  const std::string name = fs::path(file).filename().string();
  const std::string index = fs::path(queryIndexPath(file)).filename().string();
  bool listed = false;
  const std::string rebuild =
      ": the folder holds files of different builds (a build was interrupted, or a file "
      "was changed or copied in); run kg build again";
  for (const auto& f : doc["files"].GetArray()) {
    if (!f.IsObject() || !f.HasMember("name") || !f["name"].IsString() || !f.HasMember("bytes") ||
        !f["bytes"].IsUint64() || !f.HasMember("sha256") || !f["sha256"].IsString())
      throw FormatError(manifestPath + ": not a kg export manifest");
    std::string n = f["name"].GetString();
    // (the query index is derived from the JSON-LD and checks itself: its sections carry
    // checksums and the JSON-LD's, and a query that finds it damaged reads the JSON-LD)
    if (n == index) continue;
    std::string path = (dir / n).string();
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
      throw FormatError(path + ": named in " + manifestPath + " but " + std::strerror(errno) +
                        rebuild);
    uint64_t want = f["bytes"].GetUint64();
    if (static_cast<uint64_t>(st.st_size) != want)
      throw FormatError(path + ": " + std::to_string(st.st_size) + " bytes, " + manifestPath +
                        " says " + std::to_string(want) + rebuild);
    if (n == name) listed = true;
    if (n == name && want <= (uint64_t{16} << 20) &&
        hashFile(path) != f["sha256"].GetString())
      throw FormatError(path + ": its SHA-256 is not the one " + manifestPath + " gives" + rebuild);
  }
  if (!listed)
    return file + " is not in " + manifestPath +
           ": it was written by an earlier build than the other files there";
  return "";
}

}  // namespace kg
