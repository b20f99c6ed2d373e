// Reading a document's bytes from disk, for `kg build`, `kg extract` and `kg eval`.
#pragma once

#include <string>

namespace kg {

// The bytes of the document at `path`. Only a regular file is read (a symlink
// to one too): a FIFO, a device, a socket or a folder is refused with IoError
// ("not a regular file: FIFO") without blocking on it. At most `limit` bytes
// are read: a larger file throws LimitError before anything is read ("N bytes,
// over the limit of L (--max-document-bytes)"), and so does one that grows past
// the limit while being read. Memory: one buffer of the file's size. A file of more than
// 1 MiB that begins with NUL bytes over 1% of its size is binary in every encoding
// decode() reads: DecodeError ("binary data: NUL byte at offset 0 ...") having read only
// that run, a chunk at a time (a sparse file of gigabytes costs no memory).
// Throws IoError naming the path and the reason ("cannot open: Permission
// denied", "cannot open: Too many levels of symbolic links"), MachineError
// (kg/error.h) when the machine failed rather than the file (EMFILE, ENFILE,
// ENOMEM, EIO ...).
std::string readDocument(const std::string& path, size_t limit);

}  // namespace kg
