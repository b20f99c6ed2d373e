#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include "detail/temp_file.h"
#include "kg/error.h"
#include "kg/graph.h"

namespace kg {

// The bytes of every text added through any copy: a string in memory, or an
// unlinked file. Appends go to its end, so copies never overwrite each other.
struct TextStore::Backing {
  int fd = -1;
  std::string name;              // of the file, for messages
  uint64_t budget = UINT64_MAX;  // bytes in memory before spilling to a file
  std::string dir;
  std::string memory;
  // Once spilled: bytes [0, fileEnd) are in the file, [fileEnd, end) in
  // `tail`, written out a mebibyte at a time (not one write per text). A
  // text is always wholly in one or the other.
  std::string tail;
  uint64_t fileEnd = 0;
  uint64_t end = 0;
  static constexpr size_t kTailBytes = size_t{1} << 20;
  void flushTail() {
    if (!detail::writeAt(fd, fileEnd, tail))
      throw MachineError(name + ": cannot write evidence text: " + std::strerror(errno));
    fileEnd += tail.size();
    tail.clear();
  }
  ~Backing() {
    if (fd >= 0) ::close(fd);
  }
};

TextStore::TextStore() : backing_(std::make_shared<Backing>()) {}

TextStore TextStore::spilling(uint64_t memoryBytes, const std::string& dir) {
  TextStore t;
  t.backing_->budget = memoryBytes;
  t.backing_->dir = dir;
  return t;
}

bool TextStore::spilled() const {
  return backing_->fd >= 0;
}

uint32_t TextStore::add(std::string_view text) {
  Backing& b = *backing_;
  if (text.size() >= UINT32_MAX || sizes_.size() >= UINT32_MAX)
    throw IoError("text store: too large");
  if (b.fd < 0 && b.end + text.size() > b.budget) {
    // Over budget: everything so far moves to the file, at the same offsets.
    b.fd = detail::openUnlinkedTemp(b.dir, "kg-texts-", b.name);
    if (!detail::writeAt(b.fd, 0, b.memory))
      throw MachineError(b.name + ": cannot write evidence text: " + std::strerror(errno));
    std::string().swap(b.memory);
    b.fileEnd = b.end;
  }
  if (b.fd >= 0) {
    b.tail.append(text);
    if (b.tail.size() >= Backing::kTailBytes) b.flushTail();
  } else {
    b.memory.append(text);
  }
  offsets_.push_back(b.end);
  sizes_.push_back(static_cast<uint32_t>(text.size()));
  b.end += text.size();
  return static_cast<uint32_t>(sizes_.size() - 1);
}

std::string TextStore::at(uint32_t id) const {
  if (id >= sizes_.size()) throw Error("text store: no text " + std::to_string(id));
  const Backing& b = *backing_;
  if (b.fd < 0) return b.memory.substr(offsets_[id], sizes_[id]);
  if (offsets_[id] >= b.fileEnd) return b.tail.substr(offsets_[id] - b.fileEnd, sizes_[id]);
  std::string out(sizes_[id], '\0');
  if (!detail::readAt(b.fd, offsets_[id], out))
    throw MachineError(b.name + ": cannot read evidence text back: " + std::strerror(errno));
  return out;
}

}  // namespace kg
