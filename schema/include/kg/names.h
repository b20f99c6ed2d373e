// Name keys: the normal form under which two surface forms count as one name.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace kg {

// Folds names to merge keys: NFKC, white space, quote marks and middle dots
// removed, Latin case-folded, Han characters folded from traditional to
// simplified (ICU's Traditional-Simplified transliterator).
// Construct once (it compiles ICU objects) and share; key() is thread-safe.
class NameFolder {
 public:
  NameFolder();
  ~NameFolder();
  NameFolder(const NameFolder&) = delete;
  NameFolder& operator=(const NameFolder&) = delete;

  std::string key(std::string_view name) const;
  // key() of a name already folded to simplified(nfkc(name)): for callers that
  // need the simplified form too, without transliterating twice.
  std::string keyOfSimplified(std::string_view simplifiedName) const;
  // Han characters only folded traditional -> simplified; the rest untouched.
  std::string simplified(std::string_view text) const;
  // Romanised ASCII form (ICU "Any-Latin; Latin-ASCII"), lower case, words
  // joined by '-': the basis of stable ids. Empty when nothing is left.
  std::string romanize(std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// NFKC normalisation of UTF-8 text (invalid sequences become U+FFFD).
std::string nfkc(std::string_view text);

// True when the text holds at least one Han ideograph / Hangul syllable / Latin letter.
bool hasHan(std::string_view text);
bool hasHangul(std::string_view text);
bool hasLatin(std::string_view text);

}  // namespace kg
