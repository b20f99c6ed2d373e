#include "detail/temp_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "kg/error.h"

namespace kg::detail {

int openUnlinkedTemp(const std::string& dir, const char* prefix, std::string& name) {
  std::string base = dir;
  if (base.empty()) {
    const char* env = std::getenv("TMPDIR");
    base = env && *env ? env : "/tmp";
  }
  name = base + "/" + prefix + "XXXXXX";
  int fd = ::mkstemp(name.data());
  // The temporary folder is the machine's, never a document's: any failure
  // here stops a build (MachineError) rather than skipping documents.
  if (fd < 0)
    throw MachineError(name + ": cannot create a temporary file" + (dir.empty() ? " in $TMPDIR" : "") + ": " +
                       std::strerror(errno));
  ::unlink(name.c_str());
  return fd;
}

bool writeAt(int fd, uint64_t offset, std::string_view bytes) {
  for (size_t done = 0; done < bytes.size();) {
    ssize_t n =
        ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool readAt(int fd, uint64_t offset, std::string& out) {
  size_t got = 0;
  while (got < out.size()) {
    ssize_t n = ::pread(fd, out.data() + got, out.size() - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    got += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace kg::detail
