// Error types. Every failure kg reports is a kg::Error; callers that want to
// keep going (one bad document among many) catch the specific subclass.
#pragma once

#include <cerrno>
#include <stdexcept>
#include <string>
#include <vector>

namespace kg {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A file could not be read (missing, unreadable, a directory, too large).
class IoError : public Error {
 public:
  explicit IoError(const std::string& what) : Error(what) {}
};

// The machine failed, not the document: the disk or $TMPDIR is full (ENOSPC,
// EDQUOT, EFBIG), no file descriptors are left (EMFILE, ENFILE), no memory
// (ENOMEM), an I/O error (EIO). `kg build` aborts on it with exit 4 and keeps
// the previous exports and cache; it never counts as a skipped document.
// (constructors written out: GCC 12's -fsanitize=vptr reports a call through an
// inherited constructor two levels down as a call on an object of the wrong type)
class MachineError : public IoError {
 public:
  explicit MachineError(const std::string& what) : IoError(what) {}
};

// True for the errno values of MachineError.
inline bool isMachineErrno(int err) {
  return err == ENOSPC || err == EDQUOT || err == EFBIG || err == EMFILE || err == ENFILE ||
         err == ENOMEM || err == EIO || err == ENOBUFS;
}

// Throws MachineError when `err` is a failure of the machine, else IoError.
[[noreturn]] inline void throwIoError(const std::string& what, int err) {
  if (isMachineErrno(err)) throw MachineError(what);
  throw IoError(what);
}

// A document is not text in an encoding kg reads (binary, undecodable).
class DecodeError : public Error {
 public:
  using Error::Error;
};

// One or more bad lines in a lexicon file. what() lists every one as
// "file:line: message"; problems() gives them one by one.
class LexiconError : public Error {
 public:
  // `what` names the data in the message: "lexicon has 2 problem(s): …".
  explicit LexiconError(std::vector<std::string> problems, const std::string& what = "lexicon");
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// One or more bad lines in the extractor's rule data (extract/rules/: josa,
// word classes, relation rules). Reported like lexicon lines, with the same exit code.
class RuleError : public LexiconError {
 public:
  explicit RuleError(std::vector<std::string> problems) : LexiconError(std::move(problems), "rule data") {}
};

// A graph file (JSON-LD export) that cannot be loaded: path and what is wrong.
class FormatError : public Error {
 public:
  using Error::Error;
};

// A document or sentence over a configured limit.
class LimitError : public Error {
 public:
  using Error::Error;
};

}  // namespace kg
