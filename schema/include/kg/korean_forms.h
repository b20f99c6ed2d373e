// Korean forms of names, generated from public facts: the official Korean
// orthography of a Mandarin reading (哈尔滨 -> 하얼빈), the Sino-Korean reading
// of the Hanja (哈爾濱 -> 합이빈), the other Han script (哈尔滨 <-> 哈爾濱), names
// with and without their administrative or generic suffix (장쑤성/장쑤,
// 칭화대학/칭화대), and press spellings (한중/한·중/중한/韓中).
//
// A KoreanForms is built once from the tables of a directory (by default
// schema/data/forms/, see its README.md) and is immutable afterwards; every
// const method is thread-safe. All text is UTF-8; names are NFKC-normalised
// before use.
//
// Where the tables come from:
//   pinyin_hangul.tsv  Mandarin syllable -> Hangul: written for kg from the
//                      official table of 외래어 표기법 (문교부 고시 제85-11호,
//                      1986), 중국어의 표기, and its two rules.
//   hanja.tsv          per CJK Unified Ideograph (U+4E00..U+9FFF): its first
//                      kMandarin reading and its kHangul readings, extracted from
//                      Unihan by scripts/gen_hanja_table.py (the version is in
//                      its header).
//   hanja_names.tsv    Sino-Korean readings Unihan lacks for characters of
//                      China's place names (嶗 로), and conventional readings of
//                      names after their first syllable (寧 령: 요령성), written
//                      for kg.
//   readings.tsv       Mandarin readings in names that are not a character's
//                      first (长 cháng, 都 dū, 重庆, 厦门), written for kg.
//   suffixes.tsv       administrative and generic name endings (省 성, 市 시,
//                      大学 대학|대학교|대 ...), written for kg.
//   common_words.txt   Korean words and Korean place names a generated short
//                      form must not be (장사, 성도, 광주, 청도 ...), written for kg.
//   Traditional <-> simplified: OpenCC's s2t.json and t2s.json (phrase level),
//   from the system's OpenCC data (Debian: opencc, libopencc-data).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kg/types.h"

namespace kg {

// What the data says about one name: the input of KoreanForms::forms().
struct NameFacts {
  NodeType type = NodeType::Place;
  std::string country;  // ISO 3166-1 alpha-2 ("CN", "KR"); empty: international or unknown
  std::string korean;   // the canonical Korean name ("장쑤성", "칭화대학")
  std::string hanzi;    // the Chinese (or Japanese, Korean Hanja) name; may be empty
  // Mandarin reading of the Han characters of `hanzi`, one syllable per
  // character, separated by spaces, apostrophes or nothing, tone marks or
  // digits optional ("Ha er bin", "chong2 qing4", "Xiàmén"). Empty: read as
  // pinyinOf() reads (readings.tsv, then each character's first kMandarin).
  std::string pinyin;
};

// How a generated form was made.
enum class FormOrigin : uint8_t {
  Given,        // the canonical Korean name itself
  Script,       // the Han name in simplified or traditional characters
  Orthography,  // the official Korean orthography of the Mandarin reading (하얼빈)
  SinoKorean,   // the Sino-Korean reading of the Hanja (북경, 합이빈)
  Suffix,  // another suffix, or none, on a stem (장쑤성 -> 장쑤, 칭화대학 -> 칭화대)
  Press,   // press spellings of a name holding 한중 (한·중, 한-중, 중한, 韓中)
};
std::string_view toString(FormOrigin origin);

struct KoreanForm {
  std::string text;
  FormOrigin origin = FormOrigin::Given;
  // A generated reading or a suffix-stripped stem of 2 Hangul syllables or
  // fewer: the kind of form that may be a common word (장사) or another place (광주).
  bool isShort = false;
  // A stem without its ending (장쑤성 -> 장쑤, 푸둥신구 -> 푸둥), of any length.
  bool isStem = false;
};

// The forms of one name. `forms` holds each text once, the canonical Korean
// name first. `dropped` holds the short forms left out because they are
// common Korean words or Korean place names (common_words.txt), or a single
// syllable; they are reported for review, never matched.
struct FormSet {
  std::vector<KoreanForm> forms;
  std::vector<KoreanForm> dropped;
  // The Mandarin reading of the Han name that was used or would be: toneless
  // syllables separated by spaces ("ha er bin"); empty without a Han name or
  // when a character has no reading.
  std::string pinyin;
};

class KoreanForms {
 public:
  // Reads DIR/pinyin_hangul.tsv, DIR/hanja.tsv, DIR/hanja_names.tsv, DIR/readings.tsv,
  // DIR/suffixes.tsv and DIR/common_words.txt (about 20 ms) and opens OpenCC's
  // s2t.json and t2s.json (about 80 ms: its phrase dictionary).
  // Throws LexiconError listing every bad line as "file:line: message" (and
  // every unreadable file); kg::Error when OpenCC or its data is missing.
  explicit KoreanForms(const std::string& dir = defaultDirectory());
  ~KoreanForms();
  KoreanForms(const KoreanForms&) = delete;
  KoreanForms& operator=(const KoreanForms&) = delete;

  // The tables shipped with kg: KG_LEXICON_DIR "/forms" (schema/data/forms).
  static std::string defaultDirectory();

  // Mandarin syllables of a pinyin string, lower case, toneless, ü written
  // "v": "Haerbin" -> {"ha", "er", "bin"}, "Xi'an" -> {"xi", "an"},
  // "lǜ" -> {"lv"}. Unseparated syllables are split as pinyin's spelling
  // rules imply (a syllable starting with a, o or e follows an apostrophe, so
  // "xingan" is xin-gan and "xian" one syllable), falling back on any split.
  // Throws LexiconError naming the part that is no Mandarin syllable.
  std::vector<std::string> pinyinSyllables(std::string_view pinyin) const;

  // The official Korean orthography of a pinyin string, syllables joined
  // without spaces: "Zhongguancun" -> "중관춘", "chong qing" -> "충칭".
  // Throws LexiconError as pinyinSyllables().
  std::string hangulOfPinyin(std::string_view pinyin) const;

  // The Mandarin reading of every Han character of `hanzi` (either script),
  // toneless, separated by spaces: "哈尔滨" -> "ha er bin", "长春" -> "chang
  // chun". The phrases of readings.tsv first (longest first), else each
  // character's first kMandarin reading. Other characters are skipped.
  // Throws LexiconError naming a character without a reading.
  std::string pinyinOf(std::string_view hanzi) const;

  // The Sino-Korean reading (kHangul, the usual reading first) of the
  // traditional form of `hanzi`, with the initial-sound rule (두음법칙) at the
  // start of the name: "北京" -> "북경", "沈阳" -> "심양" (瀋陽), "洛陽" ->
  // "낙양", "遼寧" -> "요녕". Characters that are not Han are kept. Empty when a
  // Han character has no Korean reading in the table.
  std::string sinoKorean(std::string_view hanzi) const;

  // Traditional and simplified characters, phrase by phrase (OpenCC).
  std::string traditional(std::string_view text) const;
  std::string simplified(std::string_view text) const;

  // common_words.txt: whether a generated short form equal to `word` is left
  // out for an entry of `country` (Korean place names are left out only for
  // entries outside Korea).
  bool isCommonWord(std::string_view word, std::string_view country = "") const;
  // common_words.txt words marked `always`: never matched in running text, not
  // even as the name a data file gives (지난 "last", the orthography of 济南).
  bool neverInText(std::string_view word) const;

  // Every form of a name: the Korean name, the Han name in both scripts, and
  // for things of China (CN, TW) the orthography of the Mandarin reading, for
  // things of China and Korea (CN, TW, HK, MO, KR) the Sino-Korean reading,
  // each with the suffixes of suffixes.tsv, and the press spellings.
  // Orthography forms are made for places, zones, companies, organisations and
  // people only: agencies, programmes and events go by Sino-Korean names.
  // Throws LexiconError when the pinyin cannot be read or does not have one
  // syllable per Han character, or (when an orthography form is to be made)
  // a character has no Mandarin reading or a reading no row of pinyin_hangul.tsv.
  FormSet forms(const NameFacts& facts) const;

  // Press spellings of a name that holds 한중, 한·중, 한-중, 중한 (and the
  // other orders and dots) or 韓中/中韓: every other spelling. Empty otherwise.
  std::vector<std::string> pressVariants(std::string_view name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The initial-sound rule (두음법칙) on the first syllable of a Korean word:
// 녀 뇨 뉴 니 -> 여 요 유 이, 랴 려 례 료 류 리 -> 야 여 예 요 유 이, 라 래 로 뢰
// 루 르 -> 나 내 노 뇌 누 느. "리" -> "이", "락양" -> "낙양".
std::string initialSoundRule(std::string_view word);

// Number of Hangul syllables (U+AC00..U+D7A3) in a text.
size_t hangulSyllableCount(std::string_view text);

}  // namespace kg
