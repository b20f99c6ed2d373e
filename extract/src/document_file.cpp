#include "kg/document_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>

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
