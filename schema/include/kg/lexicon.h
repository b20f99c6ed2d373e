// The lexicon: names kg knows, with their types and aliases, compiled into an
// immutable byte automaton (Aho-Corasick) that finds them in text.
//
// File format (UTF-8, one entry a line, see schema/data/README.md):
//   TYPE <TAB> canonical name <TAB> alias|alias|... [<TAB> id]
// Blank lines and lines starting with '#' are ignored. TYPE is one of the
// eight node types. The optional id is a stable slug; without it one is made
// from the type and the romanised canonical name.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kg/types.h"

namespace kg {

struct LexiconEntry {
  std::string id;         // stable slug ("most-china"); filled by build() when empty
  NodeType type = NodeType::Place;
  std::string canonical;  // the fullest Korean name
  std::vector<std::string> aliases;  // other surface forms: short forms, Hanja, English
  std::string source;     // "file:line", for messages
};

// One occurrence of a lexicon key in a text.
struct LexiconHit {
  Span span;        // in the bytes of the text passed to findAll
  uint32_t entry;   // index into the lexicon
};

class Lexicon {
 public:
  Lexicon();
  ~Lexicon();
  Lexicon(Lexicon&&) noexcept;
  Lexicon& operator=(Lexicon&&) noexcept;

  size_t size() const;
  const LexiconEntry& entry(uint32_t i) const;

  // Every occurrence of every key in `text` (NFKC-normalised UTF-8), overlapping
  // ones included, ordered by begin then by longer first. Matching ignores
  // ASCII white space inside the text and Latin case, and finds Han names in
  // either script. Thread-safe.
  std::vector<LexiconHit> findAll(std::string_view text) const;

  // Entries whose canonical name or alias folds to the same key as `name`.
  std::vector<uint32_t> lookup(std::string_view name) const;

  // Keys that name entries of different types or ids ("장강": 張江 and 長江).
  const std::vector<std::string>& ambiguousKeys() const;

 private:
  friend class LexiconBuilder;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class LexiconBuilder {
 public:
  LexiconBuilder();
  ~LexiconBuilder();

  void add(LexiconEntry entry);
  // Parses one file; bad lines are collected, not thrown, until build().
  // An unreadable file is recorded as a problem too.
  void addFile(const std::string& path);
  // Every *.tsv file of a directory, in name order.
  void addDirectory(const std::string& dir);
  // Parses text as if it were the file `name`.
  void addText(std::string_view text, const std::string& name);

  // Throws LexiconError listing every problem found so far, else compiles the
  // automaton. The builder is left empty.
  Lexicon build();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kg
