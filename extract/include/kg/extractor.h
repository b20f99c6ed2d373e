// Single-document extraction: mentions, entities and relations, each with
// its evidence. Build an Extractor once from a Lexicon; extract() is const
// and may run from many threads at once.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kg/lexicon.h"
#include "kg/text.h"
#include "kg/types.h"

namespace kg {

// The limits and switches of one extraction; the CLI's flags map onto these
// fields and take their defaults from here.
struct ExtractOptions {
  size_t maxDocumentBytes = 64u << 20;  // larger documents are refused (LimitError)
  // Wall-clock bound per document in seconds (0: none). Checked between
  // sentences; a document over it is refused (LimitError), never cut short.
  double maxSeconds = 60;
  SegmentOptions segment;
  // Folder of the rule data (josa.tsv, nosplit.txt, words.tsv, *.rules); empty:
  // the built-in extract/rules (resolveRulesDir).
  std::string rulesDir;
  // The hand-coded relation code of the first engine, run before the relation
  // rules. Transitional: off, only the rules of rulesDir find relations (their
  // tests run so, to see each rule's own work).
  bool legacyRelations = true;
};

// The rule folder an extractor reads: `given`, or the compiled-in extract/rules
// when empty (or extract/rules relative to the working directory when that was moved).
std::string resolveRulesDir(const std::string& given);

// One occurrence of a name in the text.
// 16 bytes (issue 21: a dense document has one every 7 to 14 bytes): the surface, the rule
// and the sentence are read through DocumentResult::surface(m), rule(m) and sentenceOf(m).
struct Mention {
  // `surface` of a mention written as the text of its span (nearly all: no copy is kept).
  static constexpr uint32_t kSurfaceIsSpan = (1u << 20) - 1;
  static constexpr uint32_t kMaxRules = 1u << 12;  // rule names a document's mentions can use
  Span span;                            // normalised bytes
  uint32_t entity = 0;                  // index into DocumentResult::entities
  uint32_t rule : 12 = 0;               // index into DocumentResult::mentionRules
  uint32_t surface : 20 = kSurfaceIsSpan;  // or an index into DocumentResult::storedSurfaces
};

// A thing the document names, with every form it names it by.
struct Entity {
  NodeType type = NodeType::Place;
  std::string name;                  // canonical name
  std::vector<std::string> aliases;  // other surface forms seen, in first-seen order
  std::string lexiconId;             // set when the lexicon knows it
  uint32_t mentions = 0;
};

struct Relation {
  EdgeType type = EdgeType::LocatedIn;
  uint32_t source = 0, target = 0;  // entity indices
  uint32_t sentence = 0;            // the evidence
  std::string rule;                 // which rule fired, for --verbose and debugging
};

struct DocumentResult {
  std::string path;
  std::string encoding;
  std::string title;  // first headline of the text
  std::string date;   // YYYY-MM-DD or ""
  size_t bytes = 0;   // size of the input
  NormalizedText text;
  std::vector<Sentence> sentences;
  std::vector<Entity> entities;
  // (a deque: no copy of the whole list as it grows. A dense document has a mention
  // every 14 bytes: a vector held up to 12x the document at its doubling)
  std::deque<Mention> mentions;
  // The mentions' surfaces (the text as written: normalised, parentheticals removed) that are
  // not the text of their span ("저장성" of "저장(浙江)성"), one after the other, each at
  // storedSurfaces[Mention::surface] (bytes of `surfaces`); the others are read from `text`,
  // which must not change once mentions are added. And the rules' names ("lexicon",
  // "head:연구소", "quote", "person", ...), each once, in the order first used.
  std::string surfaces;
  std::vector<Span> storedSurfaces;
  // storedSurfaces by their text, while mentions are added (each surface is stored once).
  std::unordered_map<std::string, uint32_t> storedSurfaceIndex;
  std::vector<std::string> mentionRules;
  std::vector<Relation> relations;
  // Things a reader should know about this document that did not stop it,
  // e.g. "line 3: a run of 51200 bytes without a sentence ending was split into
  // 13 pieces (--max-sentence-bytes 4096)" or "byte 92: 1 byte(s) of invalid
  // UTF-8 (0xff) replaced by U+FFFD". Each starts with "line N: " or "byte N: ".
  std::vector<std::string> warnings;

  std::string_view surface(const Mention& m) const {
    if (m.surface == Mention::kSurfaceIsSpan)
      return std::string_view(text.text).substr(m.span.begin, m.span.size());
    const Span& s = storedSurfaces[m.surface];
    return std::string_view(surfaces).substr(s.begin, s.size());
  }
  const std::string& rule(const Mention& m) const { return mentionRules[m.rule]; }
  // The index of the sentence that holds m: the last one starting at or before it (the
  // sentences are in text order and apart; 0 when there are none).
  uint32_t sentenceOf(const Mention& m) const;
  // Appends a mention with its surface and rule name (the rule kept in mentionRules; the
  // surface in `surfaces` only when it is not text.text at `span`, once for each distinct
  // surface). Throws LimitError when the distinct stored surfaces pass 4 GiB or
  // Mention::kSurfaceIsSpan of them, or the rule names Mention::kMaxRules.
  Mention& addMention(Span span, uint32_t entity, std::string_view surface, std::string_view rule);
  // The index of a rule name in mentionRules (added when new; LimitError past kMaxRules).
  uint32_t internRule(std::string_view rule);

  std::string_view sentenceText(uint32_t i) const {
    const Span& s = sentences[i].span;
    return std::string_view(text.text).substr(s.begin, s.size());
  }
};

class Extractor {
 public:
  // Compiles the rule data of options.rulesDir; throws RuleError listing every bad line.
  Extractor(const Lexicon& lexicon, ExtractOptions options = {});
  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;

  // Reads and extracts a file. Throws IoError, DecodeError or LimitError with the path.
  DocumentResult extractFile(const std::string& path) const;
  // Extracts raw bytes (any supported encoding); `path` only labels the result.
  DocumentResult extractBytes(std::string_view bytes, const std::string& path) const;
  // extractBytes() taking the bytes (left empty): UTF-8 input is not copied, so a
  // document's text is held once at a time (kg build, which needs the bytes no more).
  DocumentResult extractOwnedBytes(std::string&& bytes, const std::string& path) const;

  const Lexicon& lexicon() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kg
