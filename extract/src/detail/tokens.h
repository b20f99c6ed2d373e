// The token layer: a sentence's words (eojeol), each split into a stem and the
// josa or verbal ending that closes it, with the role that ending gives.
//
// The tables are data: extract/rules/josa.tsv (form -> role) and
// extract/rules/nosplit.txt (nouns that only look like stem + josa). A
// JosaTable is built once and read from many threads.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "detail/byte_trie.h"

namespace kg::detail {

// Hash and equality for string-keyed tables looked up by string_view, without
// making a string per lookup.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using TextMap = std::unordered_map<std::string, V, TextHash, std::equal_to<>>;
using TextSet = std::unordered_set<std::string, TextHash, std::equal_to<>>;

// What the josa or ending after a word says of its part in the clause.
enum class Role : uint8_t {
  None,
  Subj,
  Top,
  Obj,
  With,
  Gen,
  Loc,
  Dir,
  From,
  To,
  Cop,
  Adv,
  Verb,
  Other,
  Label  // not a josa: a field label ("주최:") that stands for the event the document describes
};
inline constexpr int kRoleCount = 15;
// "subj", "top", ... as josa.tsv and the rule files spell them; Role::Other for anything else.
Role parseRole(std::string_view s, bool* ok);

// Byte offsets are into the text passed to tokenize() (UTF-8).
struct Token {
  uint32_t b = 0, e = 0;  // the whole eojeol, or one punctuation character
  uint32_t stemEnd = 0;   // [b, stemEnd) is the stem; [stemEnd, e) the josa or ending
  Role role = Role::None;
  bool punct = false;  // a punctuation mark, quote or bracket (one character)
};

class JosaTable {
 public:
  // Reads josa.tsv and nosplit.txt of `dir`; every bad line is appended to
  // `problems` as "file:line: message" (nothing thrown here).
  void load(const std::string& dir, std::vector<std::string>& problems);
  void addForm(std::string_view form, Role role) {
    forms_[std::string(form)] = role;
    maxFormBytes_ = std::max(maxFormBytes_, form.size());
    formTrie_.build(forms_, true);  // (a table of a few hundred forms: rebuilt whole)
  }
  void addNoSplit(std::string_view word) { noSplit_.insert(std::string(word)); }

  // The role of a whole chain written after a name ("은", "에서는"): Role::None
  // for an empty chain, Role::Other for one the table does not know.
  Role roleOf(std::string_view chain) const;
  // Splits one word: returns the byte length of its stem; *role the role of the
  // rest. The longest ending of the table that fits the stem's last syllable
  // (이/은/을/과/으로 after a final consonant, 가/는/를/와/로 after a vowel).
  size_t split(std::string_view word, Role* role) const;
  // The words and punctuation marks of `text`, in order.
  std::vector<Token> tokenize(std::string_view text) const;

 private:
  TextMap<Role> forms_;
  ByteTrie<Role> formTrie_;  // forms_ reversed: every form a word ends with, in one walk
  TextSet noSplit_;
  size_t maxFormBytes_ = 0;
};

// Calls fn(line, number) for each line of a rule data file that is neither
// blank nor a '#' comment, trimmed of spaces and CR. A file that cannot be
// opened is recorded in `problems` as "PATH: cannot open".
void forEachDataLine(const std::string& path, std::vector<std::string>& problems,
                     const std::function<void(std::string_view line, int number)>& fn);

// True for a code point that separates words in the genre's text (white space,
// punctuation, quotes, brackets, bullets); `-`, `_`, letters and digits do not.
bool isSeparator(char32_t cp);
// Decodes the code point at byte i of s (i < s.size()); *len its length in bytes
// (1 for a bad lead byte; continuation bytes are not checked: the text is valid
// UTF-8 after decoding).
char32_t codePointAt(std::string_view s, size_t i, int* len);

}  // namespace kg::detail
