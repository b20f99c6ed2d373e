// Rules as data: phases 1 (names) and 2 (relations) of the cascade. Patterns
// over a sentence's mentions and words, compiled once from extract/rules/*.rules,
// matched against many sentences from many threads (RelationRules is immutable
// after load()).
//
// A rule file holds blocks like
//
//   rule leads-person-body-title
//   pattern {P:Person/none} {O:Body/none|gen} @lead-title
//   edge leads P O
//   fires 조은비 누리픽셀 대표는 … => leads 조은비 -> 누리픽셀
//   never 박지훈 칭화대 교수는 …
//
// Pattern elements, matched left to right over units (a mention with the josa
// after it, or a word, or a punctuation mark):
//   {X:Types/roles}  a mention labelled X (A-Z), of those types (Agency, Zone,
//                    Company, Program, Place, Organization, Person, Event, and
//                    Body = Agency|Company|Organization) whose josa has one of
//                    the roles (josa.tsv; `none` = no josa; omitted = any)
//   {X+:…}           a list of such mentions ("A·B·C", "A, B 및 C"): each member
//                    gets the edges; the roles are those of the last member
//   <X:features/roles>  a word that is no mention yet (phase 1): hangul, latin,
//                    surname, glossed, han-surname-gloss, letter (holds a Hangul
//                    syllable or a Latin letter), sylA-B, @class, !@class
//   @class/roles     a word of a word class of words.tsv (@a|@b: of either)
//   "w1|w2*"         a word whose stem is w1, or that starts with w2
//   ","              a punctuation mark: that one (one ASCII mark between quotes)
//   <start>          the start of the sentence (only punctuation before it): a headline's
//                    or a lead's first words
//   ...  ..N         any units, up to 8 (or N, 1 to 30)
//   ?                after an element: it may be absent
//   ^                before an element: written against the one before it, with
//                    no white space between ("한울바이오젠(주)")
// Consecutive elements are adjacent: only quotes, brackets, middle dots and the
// company mark (주) may stand between them (commas, colons and bars may not).
// Every way a pattern matches counts. The other lines of a block:
//   edge TYPE X Y    the edge to add for a match (several lines allowed)
//   name TYPE X      phase 1: the word bound to X is a name of that type
//   unless @class "w" …   no match when such a word stands inside the match or in
//                    the four word units after it ("않기로", "논의")
//   unless /role     no match when a mention with that josa role stands inside the
//                    match after its first unit ("A·B는 C와 … 체결": C is a partner)
//   require within X Y    only when the gazetteer puts X's entry inside Y's (Y is
//                    among the parents of X): "광둥성 선전", not "베이징 상하이";
//                    X and Y must label mention elements of the pattern
//   require country X     only when X is a place the gazetteer puts inside
//                    nothing: a country or a world region
//   fires TEXT => TYPE A -> B   a sentence the rule must find that edge in
//   fires TEXT => TYPE NAME     (a name rule) a sentence it must find that name in
//   never TEXT       a sentence the rule must add nothing to (in TEXT, \n is a line break)
// Errors: RuleError listing every bad line as "file:line: message".
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "detail/byte_trie.h"
#include "detail/tokens.h"
#include "kg/types.h"

namespace kg::detail {

// A head noun of heads.tsv: a word that ends in it names a thing of `type`
// ("…연구소" an Organization, "…신구" a Zone).
struct Head {
  std::string head;
  NodeType type = NodeType::Organization;
  int minStem = 0;              // syllables needed before the head
  bool unit = false;            // a unit of the body named before it ("중국과학원 금속연구소")
  std::string example;          // a sentence it must give a name in ("" when none)
  std::string where;            // file:line
};

// A mention as phase 2 sees it; offsets in the sentence text handed to match().
struct RuleMention {
  uint32_t b = 0, e = 0;  // the name
  uint32_t tailEnd = 0;   // end of the josa chain after it (== e when none)
  uint32_t entity = 0;    // the caller's entity index
  NodeType type = NodeType::Place;
  Role role = Role::None;
  int32_t lexEntry = -1;  // its lexicon entry, or -1 (for `require within`)
};

struct RuleExample {
  std::string text;
  bool fires = true;  // false: a `never` sentence
  bool name = false;  // a name rule's example: `fires TEXT => TYPE NAME`
  EdgeType edge = EdgeType::LocatedIn;
  NodeType type = NodeType::Place;  // of the name, for a name rule
  std::string source, target;       // names, for `fires` (source only for a name rule)
  std::string where;                // file:line
};

// A name phase 1 found: a candidate mention for the extractor to choose among.
struct RuleName {
  NodeType type;
  uint32_t b, e;  // the name: the stem of the bound word(s), in the sentence text
  uint32_t rule;
};

struct RuleEdge {
  EdgeType type;
  uint32_t source, target;  // entities
  uint32_t rule;            // index into RelationRules::name()
};

class RelationRules {
 public:
  // Loads josa.tsv, nosplit.txt, heads.tsv, endings.tsv, words.tsv and every *.rules file of `dir`
  // (in name order). Throws RuleError with every problem found.
  static RelationRules load(const std::string& dir);

  size_t size() const { return rules_.size(); }
  const std::string& name(uint32_t rule) const { return rules_[rule].name; }
  const std::vector<RuleExample>& examples(uint32_t rule) const { return rules_[rule].examples; }
  const JosaTable& josa() const { return josa_; }

  // The posts that may be written onto the end of a body's (or, `place`, a place's)
  // name with no space, "중국과학원장" = 중국과학원 + 장, "충북도지사" = 충북 + 도지사:
  // the exact words of @fused-post-body / @fused-post-place in words.tsv, longest first.
  const std::vector<std::string>& fusedPosts(bool place) const { return place ? placePosts_ : bodyPosts_; }

  // The class words of @generic-stem in words.tsv: a stem made only of them ("국가",
  // "첨단기술", "물류") names no particular thing before a head noun ("물류센터").
  const std::vector<std::string>& genericStems() const { return genericStems_; }

  // The class words of @fused-class-word in words.tsv, written onto a place with no space
  // ("한국기업", "중국업체"): the place ends the name, the class word is a word of its own.
  const std::vector<std::string>& fusedClassWords() const { return fusedClassWords_; }

  // The head nouns of events of @event-anaphor-head in words.tsv ("공동위원회", "포럼"):
  // bare or clipped ("공동위" for 공동위원회) they refer back to an event named before.
  const std::vector<std::string>& eventHeads() const { return eventHeads_; }
  // Whether a clipped event head may end in the code point `last` (the last syllables of
  // the heads' proper prefixes of three syllables or more): a quick test before the heads.
  bool mayEndEventClip(char32_t last) const {
    return std::find(eventClipEnds_.begin(), eventClipEnds_.end(), last) != eventClipEnds_.end();
  }

  // The posts of @glued-post in words.tsv, longest first: written against a person's name
  // with no space in older press ("남궁현부사장", "염태규사장"); the rules read the post as a
  // word of its own after the name.
  const std::vector<std::string>& gluedPosts() const { return gluedPosts_; }

  // The head nouns of heads.tsv in file order (earlier ones win a tie), and those
  // whose last code point is `last` (indices into heads(), ascending).
  const std::vector<Head>& heads() const { return heads_; }
  // Is `gloss` a Chinese person's name in Han characters: 2 to 4 of them (nothing else),
  // the first one or two a surname of @surname-han in words.tsv ("陳浩然", "潘志成")? What
  // the `han-surname-gloss` feature of a word element tests.
  bool hanSurnameGloss(std::string_view gloss) const;
  // The Han characters an agency's name ends in, @agency-han-end of words.tsv ("部", "廳").
  const std::vector<std::string>& agencyHanEnds() const { return agencyHanEnds_; }
  // Words that end in a one-syllable agency head but name none, @agency-false-friend of
  // words.tsv ("정부", "남부", "신청", "외국"): a word ending in one is no agency by that head.
  const std::vector<std::string>& agencyFalseFriends() const { return agencyFalseFriends_; }
  // The heads of Organization units ("…연구소", "…센터"), for a name found by any rule.
  const std::vector<std::string>& organizationUnitHeads() const { return orgUnitHeads_; }
  const std::vector<uint16_t>* headsEndingWith(char32_t last) const {
    auto it = headsByLast_.find(last);
    return it == headsByLast_.end() ? nullptr : &it->second;
  }

  bool isNameRule(uint32_t rule) const { return !rules_[rule].names.empty(); }
  // The rule's lines as written (for a test that loads one rule alone).
  const std::string& source(uint32_t rule) const { return rules_[rule].source; }

  // The words of one sentence with the word classes each belongs to, computed
  // once and read by every rule of both phases.
  struct WordShape {
    uint8_t syllables = 0;  // code points of the stem
    bool hangul = false;    // every one a Hangul syllable
    bool latin = false;     // starts with an ASCII character and holds a Latin letter
    bool surname = false;   // starts with a syllable (or two) of @surname and is longer
    bool letter = false;    // holds a Hangul syllable or a Latin letter (not only digits and marks)
  };
  struct WordFeatures {
    std::vector<Token> tokens;
    std::vector<uint64_t> bits;     // per token, `words` 64-bit words: bit c set when in class c
    std::vector<WordShape> shapes;  // per token
    size_t words = 1;
  };
  // Whether token `i` of `words` is in the class `name` of words.tsv ("@anaphor-head").
  bool tokenInClass(const WordFeatures& words, size_t i, std::string_view name) const;
  WordFeatures words(std::string_view text) const;

  // Adds to `out` the edges every relation rule finds in one sentence.
  // `mentions` must be sorted by position and not overlap. `parentOf[i]` is the
  // lexicon entry that entry i belongs to, or -1 (from the
  // gazetteer's parent column); empty when there are no such facts.
  void match(std::string_view text, const WordFeatures& words,
             const std::vector<RuleMention>& mentions, const std::vector<int32_t>& parentOf,
             std::vector<RuleEdge>& out) const;
  enum Feature : uint16_t { Hangul = 1, Latin = 2, Surname = 4, Glossed = 8, HanSurnameGloss = 16, Letter = 32 };
  // Phase 1: adds to `out` the names the name rules find, reading the mentions
  // known so far (lexicon, head nouns). `glosses` are the parenthetical glosses
  // lifted out of the text (Hanja, English), each with the byte offset it stood
  // at, sorted by offset.
  using Gloss = std::pair<uint32_t, std::string_view>;
  void matchNames(std::string_view text, const WordFeatures& words,
                  const std::vector<RuleMention>& mentions, const std::vector<Gloss>& glosses,
                  std::vector<RuleName>& out) const;

 private:
  struct Element {
    enum Kind : uint8_t { Mention, Word, Gap, Slot, Mark, Start } kind = Word;
    uint8_t label = 0;  // Mention, Slot: 0..25
    // Slot: a word that is no mention yet, bound to `label`, with these features
    uint16_t features = 0;                  // bit per Feature
    int16_t stemClass = -1, notClass = -1;  // @class: the stem is in it; !@class: it is not
    uint8_t minSyl = 0, maxSyl = 0;
    uint8_t typeMask = 0;  // Mention: bit per NodeType
    bool list = false;     // Mention: {X+:…}
    bool optional = false;
    bool glued = false;      // ^: no white space before it
    uint16_t roleMask = 0;   // bit per Role; 0: any
    uint16_t wordClass = 0;  // Word
    uint8_t gapMax = 0;      // Gap
    char32_t mark = 0;       // Mark: the punctuation mark (",", ":")
  };
  struct EdgeSpec {
    EdgeType type;
    uint8_t from, to;  // labels
  };
  struct NameSpec {
    NodeType type;
    uint8_t label;
  };
  struct Rule {
    std::string name;
    std::string source;  // the block's lines
    std::vector<Element> pattern;
    std::vector<EdgeSpec> edges;
    std::vector<NameSpec> names;
    std::vector<uint16_t> unless;  // word classes
    uint16_t unlessRoles =
        0;  // bit per Role: no mention with such a josa inside the match after its start
    std::vector<std::pair<uint8_t, uint8_t>> within;  // (inner, outer) labels
    std::vector<uint8_t> countries;                   // labels that must be countries
    std::vector<RuleExample> examples;
    // What a sentence must hold for the pattern to match at all (its elements that are not
    // optional, set by load()): a word of each of these classes, and for each of these type
    // masks a mention of one of its types. Matcher::run skips the rule otherwise.
    std::vector<uint16_t> needClasses;
    std::vector<uint8_t> needTypes;
  };
  struct WordClass {
    std::vector<std::string> exact, prefixes, suffixes;
  };
  struct Unit;
  struct Matcher;

  uint16_t classFor(std::string_view spec, std::string& error);  // "w1|w2*" or "@name"

  JosaTable josa_;
  std::vector<Rule> rules_;
  std::vector<WordClass> classes_;
  TextMap<uint16_t> classByName_;  // "@lead-title", "\"대표|사장\""
  // word -> classes it belongs to exactly; prefix -> classes of words starting with it
  TextMap<std::vector<uint16_t>> exactIndex_, prefixIndex_, suffixIndex_;
  // the same prefixes and suffixes as byte tries (the suffixes reversed), walked once per word
  ByteTrie<std::vector<uint16_t>> prefixTrie_, suffixTrie_;
  // exactIndex_ as a forward byte trie: the stem, the whole word and the surname cuts of a
  // word are all prefixes of it, found in one walk (classBits()).
  ByteTrie<std::vector<uint16_t>> exactTrie_;
  size_t maxPrefixBytes_ = 0, maxSuffixBytes_ = 0;
  std::vector<size_t> prefixLengths_,
      suffixLengths_;      // the distinct byte lengths of the prefixes and suffixes
  uint16_t andClass_ = 0;  // @and: words that join a list (및)
  // @appositive-title / @appositive-joiner: a person's post after the name ("천리신 중국
  // 과학기술부 부장과", "정기환 부총리 겸 과학기술부 장관과"): the post's josa is the person's.
  int titleClass_ = -1, titleJoinerClass_ = -1;
  // @clause-end: connective endings ("열고", "체결하며"); `unless` looks no further.
  int clauseEndClass_ = -1;
  // @topic-word: adverbs that make a bare name before them a topic ("DJI 역시").
  int topicWordClass_ = -1;
  // @etc: 등 closing a list, whose class words carry the list's josa ("A, B 등 7개 부처와").
  int etcClass_ = -1;
  // @company-form-word: a legal form written after a company's name (주식회사, 유한공사).
  int companyFormClass_ = -1;
  // @fused-post-body / @fused-post-place: a post written onto a body's or a place's name
  // ("중국과학원장", "경기도지사"), longest first (read by fusedPosts()).
  std::vector<Head> heads_;
  std::unordered_map<char32_t, std::vector<uint16_t>> headsByLast_;
  std::vector<std::string> orgUnitHeads_;
  std::vector<std::string> bodyPosts_, placePosts_;
  std::vector<std::string> genericStems_, gluedPosts_, eventHeads_, fusedClassWords_, agencyHanEnds_,
      agencyFalseFriends_;
  std::vector<char32_t> eventClipEnds_;
  TextMap<std::vector<uint64_t>> postBits_;  // each such post's class bits
  // endings.tsv: a digest's nominal ending and the plain form a word class lists
  // ("있음" is read as "있다" too, "체결함" as "체결했다"), longest ending first.
  struct Ending {
    std::string ending, readAs;
  };
  std::vector<Ending> endings_;
  // Marks in `bits` the classes of a word (its stem and the whole word with its josa);
  // with `surname`, sets it when the stem's first one or two syllables (3 or 6 bytes, shorter
  // than the stem) are a word of @surname.
  void classBits(std::string_view stem, std::string_view word, uint64_t* bits,
                 bool* surname = nullptr) const;
  int surnameClass_ = -1;  // @surname: first syllables of person names (for the `surname` feature)
  int hanSurnameClass_ =
      -1;  // @surname-han: Chinese surnames in Han characters (`han-surname-gloss`)
};

}  // namespace kg::detail
