// Unlinked temporary files for data a build keeps on disk instead of in
// memory (evidence text, build cache lines): create, write at an offset, read
// back. Internal to kg_graph.
#pragma once

#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>

namespace kg::detail {

// Creates "<dir>/<prefix>XXXXXX" ($TMPDIR or /tmp when dir is empty) and
// unlinks it at once: the file is gone when its descriptor is closed.
// Returns the descriptor and sets `name` (for messages); throws IoError.
int openUnlinkedTemp(const std::string& dir, const char* prefix, std::string& name);

// Writes all of `bytes` at `offset`; false on failure (errno set).
bool writeAt(int fd, uint64_t offset, std::string_view bytes);

// Fills `out` (already sized) from `offset`; false on failure or a short file.
bool readAt(int fd, uint64_t offset, std::string& out);

}  // namespace kg::detail
