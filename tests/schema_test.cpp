#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "doctest_support.h"

#include <algorithm>
#include <tuple>

#include "kg/error.h"
#include "kg/lexicon.h"
#include "kg/names.h"
#include "kg/types.h"

using namespace kg;

TEST_CASE("type names round-trip and the edge table") {
  for (int i = 0; i < kNodeTypeCount; ++i) {
    auto t = static_cast<NodeType>(i);
    CHECK((parseNodeType(toString(t)) == t));
  }
  for (int i = 0; i < kEdgeTypeCount; ++i) {
    auto t = static_cast<EdgeType>(i);
    CHECK((parseEdgeType(toString(t)) == t));
  }
  CHECK_FALSE(parseNodeType("agency"));
  CHECK(edgeAllowed(EdgeType::Issued, NodeType::Agency, NodeType::Program));
  CHECK_FALSE(edgeAllowed(EdgeType::Issued, NodeType::Place, NodeType::Program));
  CHECK(edgeAllowed(EdgeType::Leads, NodeType::Person, NodeType::Company));
  CHECK_FALSE(edgeAllowed(EdgeType::Leads, NodeType::Company, NodeType::Person));
  CHECK(isSymmetric(EdgeType::CooperatesWith));
  CHECK_FALSE(isSymmetric(EdgeType::PartOf));
}

TEST_CASE("name keys fold white space, quotes, case and Han script") {
  NameFolder f;
  CHECK(f.key("科學技術部") == f.key("科学技术部"));
  CHECK(f.key("하얼빈 창룽그룹") == f.key("하얼빈창룽그룹"));
  CHECK(f.key("‘일대일로’") == f.key("일대일로"));
  CHECK(f.key("MOST") == f.key("most"));
  CHECK(f.key("Ｍｏｓｔ") == f.key("most"));  // NFKC full-width
  CHECK(f.key("중국") != f.key("한국"));
  CHECK(f.simplified("國務院") == "国务院");
  CHECK(f.romanize("푸둥신구") == "pudungsingu");
  CHECK(f.romanize("中關村").size() > 0);
  CHECK(hasHan("浦東"));
  CHECK_FALSE(hasHan("푸둥"));
  CHECK(hasHangul("푸둥"));
  CHECK(hasLatin("MOST"));
}

TEST_CASE("the lexicon finds names in both Han scripts, without spaces, ignoring case") {
  LexiconBuilder b;
  b.addText(
      "# test\n"
      "Agency\t중국 과학기술부\t과학기술부|科學技術部|MOST\tmost-china\n"
      "Place\t중국\t中國\tchina\n"
      "Zone\t푸둥신구\t浦東新區|푸둥\tpudong\n",
      "test.tsv");
  Lexicon lex = b.build();
  REQUIRE(lex.size() == 3);
  auto names = [&](std::string_view text) {
    std::vector<std::string> out;
    for (const auto& h : lex.findAll(text))
      out.push_back(std::string(text.substr(h.span.begin, h.span.size())) + "=" + lex.entry(h.entry).id);
    return out;
  };
  // Overlapping matches are all reported: 중국 inside 중국 과학기술부, 과학기술부 inside it.
  auto hits = names("중국 과학기술부는");
  CHECK(std::count(hits.begin(), hits.end(), "중국 과학기술부=most-china") == 1);
  CHECK(std::count(hits.begin(), hits.end(), "중국=china") == 1);
  CHECK(std::count(hits.begin(), hits.end(), "과학기술부=most-china") == 1);
  // Simplified script, spaces inside the name, Latin case.
  CHECK(names("科学技术部").size() == 1);
  CHECK(names("중국과학기술부").front() == "중국과학기술부=most-china");
  CHECK(names("the most of it").size() == 1);
  CHECK(names("浦东新区").front() == "浦东新区=pudong");
  CHECK(lex.lookup("科学技术部").size() == 1);
  CHECK(lex.lookup("없는이름").empty());
}

// The automaton (Aho-Corasick with dense rows for its shallow states) against a naive
// search: every occurrence of every pattern, overlapping ones, shared prefixes and suffixes,
// fail links into the dense rows and out of them.
TEST_CASE("findAll reports exactly the occurrences a naive search finds") {
  const std::vector<std::string> patterns = {
      "중국", "중국과학원", "과학원", "학원", "원", "국과", "한중", "중한", "한국", "국",
      "상하이", "하이", "하이난", "난징", "징진지", "진지", "ab", "abc", "bca", "cab", "aaa",
      "kist", "st", "t", "이", "이이", "이이이"};
  std::string tsv;
  for (size_t i = 0; i < patterns.size(); ++i)
    tsv += "Place\t" + patterns[i] + "\t\tp" + std::to_string(i) + "\n";
  LexiconBuilder b;
  b.addText(tsv, "naive.tsv");
  Lexicon lex = b.build();
  const std::string texts[] = {
      // (findAll ignores spaces, so words are set apart by commas here: "하이난 징진지" holds 난징)
      "중국과학원과,한중,상하이,하이난,징진지,중한국,이이이이,abcabcaaaa,kist-st",
      "국국국,과학원원,하이하이난징진지진,cabca,aaaaa,t",
      ""};
  for (const std::string& text : texts) {
    CAPTURE(text);
    std::vector<std::pair<uint32_t, std::string>> want, got;
    for (const auto& p : patterns)
      for (size_t at = text.find(p); at != std::string::npos; at = text.find(p, at + 1))
        want.emplace_back(static_cast<uint32_t>(at), p);
    for (const auto& h : lex.findAll(text))
      got.emplace_back(h.span.begin, lex.entry(h.entry).canonical);
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    CHECK(got == want);
  }
}

// The same against a naive search on a larger automaton: deep states with more than eight
// children (the step's binary search), long fail chains, and spans found again after more
// bytes than findAll's ring of positions holds (spaces and capitals inside the matches), and
// a name longer than that ring (findAll's other path).
TEST_CASE("findAll: deep states, spans after the ring wraps, a name longer than the ring") {
  uint32_t seed = 17;
  auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
  const std::string letters[] = {"가", "나", "다", "라", "마", "바",
                                 "사", "아", "자", "차", "a",  "b"};
  std::vector<std::string> patterns;
  for (const auto& x : letters)
    for (const auto& y : letters) patterns.push_back(x + y);  // 12 children a state
  for (int i = 0; i < 300; ++i) {
    std::string p;
    for (uint32_t n = 3 + next() % 5; n > 0; --n) p += letters[next() % 12];
    patterns.push_back(p);
  }
  std::sort(patterns.begin(), patterns.end());
  patterns.erase(std::unique(patterns.begin(), patterns.end()), patterns.end());
  std::string longName;
  while (longName.size() < 1500) longName += letters[next() % 10];
  std::string tsv;
  for (size_t i = 0; i < patterns.size(); ++i)
    tsv += "Place\t" + patterns[i] + "\t\tp" + std::to_string(i) + "\n";
  // 20,000 letters; every 7th is followed by a space, every 5th Latin one is upper case;
  // the long name once, with a space in it, near the end.
  std::string text, squeezed;  // squeezed: the text as the automaton reads it
  std::vector<uint32_t> at;    // per byte of squeezed, its position in text
  auto put = [&](const std::string& letter, bool space, bool upper) {
    for (char c : letter) {
      at.push_back(static_cast<uint32_t>(text.size()));
      squeezed.push_back(c);
      text.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
    }
    if (space) text.push_back(' ');
  };
  for (int i = 0; i < 20000; ++i) put(letters[next() % 12], i % 7 == 0, i % 5 == 0);
  for (size_t i = 0; i < longName.size(); i += 3) put(longName.substr(i, 3), i == 600, false);
  put("가", false, false);
  auto order = [](const auto& a, const auto& b) {
    return std::tie(a.first.begin, a.first.end, a.second) <
           std::tie(b.first.begin, b.first.end, b.second);
  };
  for (bool withLong : {false, true}) {  // the ring's path, then the other one
    CAPTURE(withLong);
    LexiconBuilder b;
    b.addText(tsv + (withLong ? "Place\t" + longName + "\t\tlong\n" : ""), "deep.tsv");
    Lexicon lex = b.build();
    std::vector<std::pair<Span, std::string>> want, got;
    std::vector<std::string> all = patterns;
    if (withLong) all.push_back(longName);
    for (const auto& p : all)
      for (size_t k = squeezed.find(p); k != std::string::npos; k = squeezed.find(p, k + 1))
        want.emplace_back(Span{at[k], at[k + p.size() - 1] + 1}, p);
    for (const auto& h : lex.findAll(text)) got.emplace_back(h.span, lex.entry(h.entry).canonical);
    std::sort(want.begin(), want.end(), order);
    std::sort(got.begin(), got.end(), order);
    CHECK(want.size() > 20000);
    CHECK(std::count_if(got.begin(), got.end(),
                        [&](const auto& g) { return g.second == longName; }) == (withLong ? 1 : 0));
    CHECK(got == want);
  }
}

TEST_CASE("ambiguous keys are those naming two entries") {
  LexiconBuilder b;
  b.addText("Zone\t장장하이테크파크\t장강\tzj\nPlace\t장강유역\t장강\tyangtze\n", "a.tsv");
  Lexicon lex = b.build();
  CHECK(lex.ambiguousKeys().size() == 1);
  CHECK(lex.lookup("장강").size() == 2);
}

TEST_CASE("a lexicon with bad lines reports every one with file:line") {
  LexiconBuilder b;
  b.addText(
      "Agency\t국무원\t國務院\n"
      "Agnecy\t오타\t\n"          // line 2: unknown type
      "Place\n"                   // line 3: too few columns
      "Zone\t\tx\n"               // line 4: empty name
      "Place\t서울\t\tBad Id\n"   // line 5: bad id
      "Place\t부산\t\tdup\n"
      "Place\t대구\t\tdup\n",     // line 7: duplicate id
      "bad.tsv");
  try {
    b.build();
    FAIL("build() should throw");
  } catch (const LexiconError& e) {
    const auto& p = e.problems();
    REQUIRE(p.size() == 5);
    CHECK(p[0].rfind("bad.tsv:2:", 0) == 0);
    CHECK(p[1].rfind("bad.tsv:3:", 0) == 0);
    CHECK(p[2].rfind("bad.tsv:4:", 0) == 0);
    CHECK(p[3].rfind("bad.tsv:5:", 0) == 0);
    CHECK(p[4].rfind("bad.tsv:7:", 0) == 0);
    CHECK(std::string(e.what()).find("bad.tsv:7") != std::string::npos);
  }
}

TEST_CASE("a missing lexicon directory is a reported problem") {
  LexiconBuilder b;
  b.addDirectory("/nonexistent/kg-lexicon");
  CHECK_THROWS_AS(b.build(), LexiconError);
}

TEST_CASE("the shipped lexicon loads without problems and knows the genre's names") {
  LexiconBuilder b;
  b.addDirectory(KG_LEXICON_DIR);
  Lexicon lex = b.build();
  CHECK(lex.size() > 300);
  for (const char* name : {"국무원", "발개위", "MOST", "科学技术部", "미래부", "북경", "상해", "浦東", "중관춘", "CASC",
                           "일대일로", "다보스포럼", "아세안", "싱가폴"})
    CHECK_MESSAGE(!lex.lookup(name).empty(), name);
  // Korea's and China's science ministries are different entries.
  CHECK(lex.lookup("미래창조과학부") != lex.lookup("과학기술부"));
}
