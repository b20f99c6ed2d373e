#include "kg/document_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <vector>

#include "kg/error.h"

namespace kg {

namespace {

const char* fileKind(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string overLimit(const std::string& path, uint64_t size, size_t limit) {
  return path + ": " + std::to_string(size) + " bytes, over the limit of " + std::to_string(limit) +
         " (--max-document-bytes)";
}

// A file of more than kProbeFrom bytes is first probed for a leading run of NUL bytes, a
// chunk at a time: a run of more than 1% of the file (and 4) makes it binary in every
// encoding decode() reads (kg/text.h: in UTF-8 that many NULs are over its 1% of damage;
// in UTF-16 and UTF-32 each two or four of them are a U+0000 control character, over its
// 1% of controls), so it is refused having read that run alone, not a buffer of its size
// (a sparse file of gigabytes, issue 21 kind 11).
constexpr uint64_t kProbeFrom = 1u << 20;
constexpr size_t kProbeChunk = 1u << 16;

void refuseLeadingNuls(int fd, const std::string& path, uint64_t size) {
  const uint64_t enough = size / 100 + 5;  // (run - 4) * 100 > size
  std::vector<char> chunk(kProbeChunk);
  uint64_t run = 0;
  while (run < enough) {
    ssize_t n = ::pread(fd, chunk.data(), chunk.size(), static_cast<off_t>(run));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      throwIoError(path + ": read error: " + std::strerror(err), err);
    }
    if (n == 0) return;  // shrank: the whole read below sees it
    const char* begin = chunk.data();
    const char* end = begin + n;
    const char* firstByte = std::find_if(begin, end, [](char c) { return c != '\0'; });
    run += static_cast<uint64_t>(firstByte - chunk.data());
    if (firstByte != end) break;
  }
  if (run >= enough)
    throw DecodeError(path + ": binary data: NUL byte at offset 0 (the first " +
                      std::to_string(run) + " bytes at least are NUL, over 1% of its " +
                      std::to_string(size) + " bytes)");
}

}  // namespace

std::string readDocument(const std::string& path, size_t limit) {
  // O_NONBLOCK: opening a FIFO without a writer must not wait; the file's
  // kind is checked on the open descriptor, so it cannot change in between.
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)};
  if (f.fd < 0) {
    int err = errno;
    throwIoError(path + ": cannot open: " + std::strerror(err), err);
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) {
    int err = errno;
    throwIoError(path + ": cannot stat: " + std::strerror(err), err);
  }
  if (!S_ISREG(st.st_mode)) throw IoError(path + ": not a regular file: " + fileKind(st.st_mode));
  uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size > limit) throw LimitError(overLimit(path, size, limit));
  if (size > kProbeFrom) refuseLeadingNuls(f.fd, path, size);
  std::string bytes;
  try {
    bytes.resize(static_cast<size_t>(size));
  } catch (const std::bad_alloc&) {
    throw MachineError(path + ": out of memory for " + std::to_string(size) + " bytes");
  }
  size_t got = 0;
  for (;;) {
    if (got == bytes.size()) {
      // The file may have grown since fstat: one more byte tells.
      char extra;
      ssize_t n = ::read(f.fd, &extra, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        int err = errno;
        throwIoError(path + ": read error: " + std::strerror(err), err);
      }
      if (n == 0) break;
      if (bytes.size() + 1 > limit)
        throw LimitError(overLimit(path, bytes.size() + 1, limit) + " (it grew while read)");
      bytes.push_back(extra);
      ++got;
      continue;
    }
    ssize_t n = ::read(f.fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      throwIoError(path + ": read error: " + std::strerror(err), err);
    }
    if (n == 0) {  // shrank while read
      bytes.resize(got);
      break;
    }
    got += static_cast<size_t>(n);
  }
  return bytes;
}

}  // namespace kg
