// The lexicon: names kg knows, with their types and aliases, compiled into an
// immutable byte automaton (Aho-Corasick) that finds them in text.
//
// Two file formats (UTF-8, one entry a line; blank lines and lines starting
// with '#' are ignored):
//   hand-written files (schema/data/*.tsv, see schema/data/README.md):
//     TYPE <TAB> canonical name <TAB> alias|alias|... [<TAB> id]
//     TYPE is one of the eight node types. The optional id is a stable slug;
//     without it one is made from the type and the romanised canonical name.
//   gazetteer files (schema/data/gazetteer/*.tsv, see its README.md): eleven
//     columns of facts (id, type, country, ko, zh, pinyin, en, aliases,
//     parent, years, source); the Korean forms of each name are generated
//     from them by KoreanForms (kg/korean_forms.h) and become its aliases.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/types.h"

namespace kg {

class KoreanForms;

struct LexiconEntry {
  std::string id;  // stable slug ("most-china"); filled by build() when empty
  NodeType type = NodeType::Place;
  std::string canonical;  // the fullest Korean name
  // Other surface forms: short forms, Hanja, English, the generated forms.
  std::vector<std::string> aliases;
  std::string source;  // "file:line" (both, for a merged entry), for messages

  // Facts from the gazetteer; empty for the entries only hand-written files know.
  // ISO 3166-1 alpha-2 code ("CN", "KR"); empty: international, or not recorded.
  std::string country;
  std::string parent;                // id of the entry it belongs to (the province of a city)
  std::string years;                 // when the name was in use: "1998-2008", "2017-"
  std::string hanzi;                 // Chinese name in simplified characters ("哈尔滨市")
  std::string pinyin;                // its Mandarin reading, toneless syllables ("ha er bin shi")
  std::vector<std::string> english;  // English names and acronyms (among the aliases too)
  // Names lookup() knows and findAll() never matches: common words such as 지난.
  std::vector<std::string> lookupOnly;
};

// One occurrence of a lexicon key in a text.
struct LexiconHit {
  Span span;       // in the bytes of the text passed to findAll
  uint32_t entry;  // index into the lexicon
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

  // Entries whose canonical name or alias folds to the same key as `name`,
  // in lexicon order; two things of one Korean name in two countries are two
  // entries, and both are returned.
  std::vector<uint32_t> lookup(std::string_view name) const;
  // The same, only entries of `country` (ISO alpha-2, "" for entries without one).
  std::vector<uint32_t> lookup(std::string_view name, std::string_view country) const;
  // The entry of an id, if any.
  std::optional<uint32_t> findId(std::string_view id) const;

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
  // Parses one hand-written file; bad lines are collected, not thrown, until
  // build(). An unreadable file is recorded as a problem too.
  void addFile(const std::string& path);
  // Every *.tsv file of a directory in name order, then every *.tsv file of
  // its gazetteer/ folder (if any) in name order. Its forms/ folder, if any,
  // holds the tables of KoreanForms (unless setFormsDirectory() said otherwise).
  void addDirectory(const std::string& dir);
  // Parses text as if it were the hand-written file `name`.
  void addText(std::string_view text, const std::string& name);
  // The same for gazetteer files (eleven columns). An id a hand-written file
  // uses too names the same entry: the two are merged (same type required);
  // its canonical name stays the hand-written one.
  void addGazetteerFile(const std::string& path);
  void addGazetteerText(std::string_view text, const std::string& name);

  // Where build() reads the tables of KoreanForms when gazetteer lines were
  // added: this directory, else DIR/forms of the first addDirectory(DIR) that
  // has one, else KoreanForms::defaultDirectory(). setForms() gives a built one.
  void setFormsDirectory(std::string dir);
  void setForms(std::shared_ptr<const KoreanForms> forms);

  // Every file addDirectory(dir) reads, and the tables of its forms/ folder,
  // in reading order: what a cache of extraction results depends on.
  static std::vector<std::string> lexiconFiles(const std::string& dir);

  // Throws LexiconError listing every problem found so far (bad lines, ids
  // used twice, unknown parents, names the forms cannot be made of, bad form
  // tables), else generates the gazetteer's forms and compiles the automaton.
  // The builder is left empty.
  Lexicon build();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kg
