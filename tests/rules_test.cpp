// The rule data of extract/rules: the token layer's josa table, the rule
// language's loader, and every rule's own `fires` and `never` sentences run
// through the whole extractor.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "doctest_support.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "detail/relation_rules.h"
#include "detail/tokens.h"
#include "kg/error.h"
#include "kg/extractor.h"
#include "kg/lexicon.h"

using namespace kg;
using kg::detail::Role;

namespace {

const Lexicon& lexicon() {
  static Lexicon lex = [] {
    LexiconBuilder b;
    b.addDirectory(KG_LEXICON_DIR);
    return b.build();
  }();
  return lex;
}

const detail::RelationRules& rules() {
  static detail::RelationRules r = detail::RelationRules::load(resolveRulesDir(""));
  return r;
}

bool names(const Entity& e, std::string_view n) {
  return e.name == n || std::find(e.aliases.begin(), e.aliases.end(), n) != e.aliases.end();
}

std::string dump(const DocumentResult& d) {
  std::string s = "mentions:";
  for (const auto& m : d.mentions)
    s += " [" + std::string(toString(d.entities[m.entity].type)) + " " + std::string(d.surface(m)) +
         " by " + d.rule(m) + "]";
  s += "\nrelations:";
  for (const auto& r : d.relations)
    s += " (" + std::string(toString(r.type)) + " " + d.entities[r.source].name + " -> " +
         d.entities[r.target].name + " by " + r.rule + ")";
  return s;
}

// A scratch folder holding a copy of the rule data with one file replaced.
struct ScratchRules {
  std::filesystem::path dir;
  explicit ScratchRules(const std::string& rulesText) {
    static int serial = 0;
    dir = std::filesystem::temp_directory_path() /
          ("kg-rules-test-" + std::to_string(::getpid()) + "-" + std::to_string(serial++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    for (const char* f : {"josa.tsv", "nosplit.txt", "words.tsv", "heads.tsv", "endings.tsv"})
      std::filesystem::copy_file(std::filesystem::path(resolveRulesDir("")) / f, dir / f);
    std::ofstream(dir / "test.rules") << rulesText;
  }
  ~ScratchRules() { std::filesystem::remove_all(dir); }
};

// The RuleError text that loading `scratch` gives (a test failure when it loads).
std::string loadErrors(const ScratchRules& scratch) {
  try {
    detail::RelationRules::load(scratch.dir.string());
  } catch (const RuleError& e) {
    return e.what();
  }
  FAIL("the rule data loaded without an error");
  return "";
}

}  // namespace

TEST_CASE(
    "token layer: an eojeol splits into stem and josa, after Hangul, Latin letters and digits") {
  const detail::JosaTable& j = rules().josa();
  struct Case {
    std::string_view word, stem;
    Role role;
  };
  const Case cases[] = {
      {"TCL은", "TCL", Role::Top},
      {"3M이", "3M", Role::Subj},
      {"5G를", "5G", Role::Obj},
      {"LG디스플레이는", "LG디스플레이", Role::Top},
      {"SK온과", "SK온", Role::With},
      {"삼성전자와의", "삼성전자", Role::With},
      {"베이징에서", "베이징", Role::Loc},
      {"베이징에서는", "베이징", Role::Loc},
      {"체결했다", "체결", Role::Verb},
      {"협력하기로", "협력", Role::Verb},
      {"과학기술부의", "과학기술부", Role::Gen},
      {"상하이로부터", "상하이", Role::From},
      {"회의", "회의", Role::None},
      {"참가", "참가", Role::None},
      {"국가", "국가", Role::None},
      {"회의에서", "회의", Role::Loc},
      {"이", "이", Role::None},
      // a josa that does not fit the syllable before it is part of the name
      {"천수메이", "천수메이", Role::None},
      {"천수메이가", "천수메이", Role::Subj},
      {"레이쥔은", "레이쥔", Role::Top},
      {"하이테크", "하이테크", Role::None},
      {"과학원이", "과학원", Role::Subj},
      {"샤오미가", "샤오미", Role::Subj},
      {"서울로", "서울", Role::Dir},
      {"베이징으로", "베이징", Role::Dir},
      {"회사이며", "회사", Role::Cop},
      {"파트너이다", "파트너", Role::Cop},
      {"...", "...", Role::None},
  };
  for (const auto& c : cases) {
    CAPTURE(c.word);
    Role r;
    size_t stem = j.split(c.word, &r);
    CHECK(c.word.substr(0, stem) == c.stem);
    CHECK(r == c.role);
  }
  Role none;
  CHECK(j.split("", &none) == 0);
  CHECK(j.roleOf("") == Role::None);
  CHECK(j.roleOf("에서는") == Role::Loc);
  CHECK(j.roleOf("어") == Role::Other);
}

TEST_CASE("token layer: words and punctuation with their byte spans") {
  const std::string text = "한빛테크는 ‘5G 협약’을 체결했다.";
  auto toks = rules().josa().tokenize(text);
  std::vector<std::string> words;
  for (const auto& t : toks) words.push_back(text.substr(t.b, t.e - t.b) + (t.punct ? "/p" : ""));
  CHECK(words == std::vector<std::string>{"한빛테크는", "‘/p", "5G", "협약", "’/p", "을",
                                          "체결했다", "./p"});
  CHECK(text.substr(toks[0].b, toks[0].stemEnd - toks[0].b) == "한빛테크");
}

TEST_CASE(
    "every rule's own sentences, the rule loaded alone: `fires` ones give its name or edge, "
    "`never` ones nothing") {
  size_t checked = 0;
  for (uint32_t r = 0; r < rules().size(); ++r) {
    const std::string& name = rules().name(r);
    CAPTURE(name);
    // A relation rule reads the names phase 1 gives: the name rules come along.
    std::string text = rules().source(r);
    if (!rules().isNameRule(r))
      for (uint32_t n = 0; n < rules().size(); ++n)
        if (rules().isNameRule(n)) text += "\n" + rules().source(n);
    ScratchRules alone(text);
    ExtractOptions o;
    o.rulesDir = alone.dir.string();
    o.legacyRelations = false;  // the old engine's relation code would hide what the rule does
    Extractor ex(lexicon(), o);
    for (const auto& example : rules().examples(r)) {
      CAPTURE(example.where);
      CAPTURE(example.text);
      DocumentResult d = ex.extractBytes(example.text + "\n", "rule.txt");
      CAPTURE(dump(d));
      bool found = false, byRule = false;
      if (rules().isNameRule(r)) {
        // (a name met again after its first sentence is the document's own: "document")
        for (const auto& m : d.mentions) {
          if (d.rule(m) != name) continue;
          byRule = true;
          if (d.surface(m) == example.source && d.entities[m.entity].type == example.type)
            found = true;
        }
      } else {
        for (const auto& rel : d.relations) {
          if (rel.rule != name) continue;
          byRule = true;
          const Entity &s = d.entities[rel.source], &t = d.entities[rel.target];
          bool ends =
              (names(s, example.source) && names(t, example.target)) ||
              (isSymmetric(rel.type) && names(s, example.target) && names(t, example.source));
          if (rel.type == example.edge && ends) found = true;
        }
      }
      if (example.fires)
        CHECK(found);
      else
        CHECK_FALSE(byRule);
      ++checked;
    }
  }
  CHECK(checked >= 2 * rules().size());
}

TEST_CASE("a list distributes: each member of 'A·B와' gets the edge") {
  ExtractOptions rulesOnly;
  rulesOnly.legacyRelations = false;
  Extractor ex(lexicon(), rulesOnly);
  DocumentResult d =
      ex.extractBytes("한빛테크는 화웨이·샤오미·텐센트와 각각 업무협약을 체결했다.\n", "list.txt");
  CAPTURE(dump(d));
  size_t coop = 0;
  for (const auto& r : d.relations)
    if (r.type == EdgeType::CooperatesWith) ++coop;
  CHECK(coop == 3);
  // a member may have its province before it: the member gets the edge, the province not
  DocumentResult q = ex.extractBytes(
      "‘한중 산업협력 협정’에 따라 중국은 장쑤성 옌청시·광둥성 후이저우시를 협력단지로 지정했다.\n", "list.txt");
  CAPTURE(dump(q));
  std::vector<std::string> targets;
  for (const auto& r : q.relations)
    if (r.type == EdgeType::Targets) targets.push_back(q.entities[r.target].name);
  std::sort(targets.begin(), targets.end());
  CHECK(targets == std::vector<std::string>{"옌청시", "후이저우"});
}

TEST_CASE("a bare head refers back, never forward, and never from inside another name") {
  ExtractOptions rulesOnly;
  rulesOnly.legacyRelations =
      false;  // (the first engine's own code has its own idea of these sentences)
  Extractor ex(lexicon(), rulesOnly);
  auto participates = [&](std::string_view text, std::string_view who) {
    DocumentResult d = ex.extractBytes(text, "anaphor.txt");
    for (const auto& r : d.relations)
      if (r.type == EdgeType::ParticipatesIn && names(d.entities[r.source], who)) return true;
    return false;
  };
  // back: the forum named before
  CHECK(participates("‘한중 기술협력 포럼’이 열렸다.\n포럼은 한국연구재단이 주최했다.\n",
                     "한국연구재단"));
  // not forward: the event is named only later in the sentence
  CHECK_FALSE(participates(
      "상담회에는 화웨이가 참가했고 KOTRA는 ‘2024 한중 수출상담회’를 열었다.\n", "화웨이"));
  // not from inside another name: "일대일 상담회" is no back-reference
  CHECK_FALSE(participates(
      "‘2024 한중 수출상담회’가 열렸다.\n일대일 상담회에는 화웨이가 참가했다.\n", "화웨이"));
  // clipped: "공동위" is 공동위원회 cut to its first syllables, "과기공동위" also clips the
  // name's words before the head (과기 = 과학기술)
  const std::string committee = "양국은 ‘제7차 한중 과학기술협력 공동위원회’를 열었다.\n";
  CHECK(participates(committee + "이번 공동위에는 김태성 차관이 수석대표로 참석했다.\n", "김태성"));
  CHECK(participates(committee + "이번 과기공동위에는 김태성 차관이 수석대표로 참석했다.\n", "김태성"));
  // (a clip of two syllables is a word of its own: "공동" is no committee)
  CHECK_FALSE(participates(committee + "이번 공동에는 김태성 차관이 참석했다.\n", "김태성"));
  // (the syllables before the clip must be the name's: 경제 is not in it)
  CHECK_FALSE(participates(committee + "이번 경제공동위에는 김태성 차관이 참석했다.\n", "김태성"));
  // after a demonstrative or a day word, an event's head refers to the last event of any
  // name ("이날 회의": the committee); bare, only to an event whose name ends with it
  CHECK(participates(committee + "이날 회의에는 김태성 차관도 배석했다.\n", "김태성"));
  CHECK_FALSE(participates(committee + "회의에는 김태성 차관도 배석했다.\n", "김태성"));
  // "the event" of a speech is the one last referred to, by name or by a bare head: the
  // forum, not the workshop named before it as a plan
  auto speaksAt = [&](std::string_view text, std::string_view who, std::string_view event) {
    DocumentResult d = ex.extractBytes(text, "anaphor.txt");
    for (const auto& r : d.relations)
      if (r.type == EdgeType::ParticipatesIn && names(d.entities[r.source], who) &&
          names(d.entities[r.target], event))
        return true;
    return false;
  };
  const std::string forum =
      "‘제2회 한중 과학기술단체 포럼’이 서울에서 열렸다.\n양측은 내년 ‘청년 과학자 공동 워크숍’을 열기로 했다.\n"
      "포럼에서는 과학교육 사례가 소개됐다.\n왕리 부원장은 기조연설에서 협력을 강조했다.\n";
  CHECK(speaksAt(forum, "왕리", "제2회 한중 과학기술단체 포럼"));
  CHECK_FALSE(speaksAt(forum, "왕리", "청년 과학자 공동 워크숍"));
}

TEST_CASE("head nouns are data: each head's example gives a name of its type ending in it") {
  Extractor ex(lexicon(), ExtractOptions{});
  size_t checked = 0;
  for (const auto& h : rules().heads()) {
    if (h.example.empty()) continue;
    CAPTURE(h.where);
    CAPTURE(h.example);
    DocumentResult d = ex.extractBytes(h.example + "\n", "head.txt");
    CAPTURE(dump(d));
    // (the names are made up, so no lexicon entry gives them: the head did)
    bool found = false;
    for (const auto& e : d.entities)
      if (e.type == h.type && e.lexiconId.empty() && e.name.size() > h.head.size() &&
          e.name.compare(e.name.size() - h.head.size(), h.head.size(), h.head) == 0)
        found = true;
    CHECK(found);
    ++checked;
  }
  CHECK(checked >= 10);
  // a head the data does not list names nothing ("…연구실" alone is no head)
  DocumentResult none = ex.extractBytes("한빛 분석연구실은 장비를 들였다.\n", "head.txt");
  for (const auto& m : none.mentions) CHECK(none.rule(m) != "head:연구실");
}

TEST_CASE("bad head lines: every problem with file:line") {
  ScratchRules scratch("rule a\npattern {P:Person} @lead-title {O:Body}\nedge leads P O\nfires 왕리 원장 중국과학원 => leads 왕리 -> 중국과학원\n");
  const std::string file = (scratch.dir / "heads.tsv").string();
  size_t lines = 0;
  {
    std::ifstream in(file);
    for (std::string l; std::getline(in, l);) ++lines;
  }
  std::ofstream(file, std::ios::app) << "오픈랩\tOrganization\t1\tunit\n"  // again
                                     << "테스트국\tAgencie\t2\t-\n"
                                     << "테스트원\tOrganization\tx\tunit\n"
                                     << "테스트소\tOrganization\t2\tshiny\n"
                                     << "외로운줄\n";
  const std::string all = loadErrors(scratch);
  CAPTURE(all);
  auto at = [&](size_t k) { return file + ":" + std::to_string(lines + k) + ": "; };
  CHECK(all.find(at(1) + "head '오픈랩' again") != std::string::npos);
  CHECK(all.find(at(2) + "unknown type 'Agencie'") != std::string::npos);
  CHECK(all.find(at(3) + "MIN_STEM 'x' is no number 0-9") != std::string::npos);
  CHECK(all.find(at(4) + "unknown flag 'shiny'") != std::string::npos);
  CHECK(all.find(at(5) + "expected HEAD<TAB>TYPE") != std::string::npos);
}

TEST_CASE("bad ending lines: every problem with file:line") {
  ScratchRules scratch("rule a\npattern {P:Person} @lead-title {O:Body}\nedge leads P O\nfires 왕리 원장 중국과학원 => leads 왕리 -> 중국과학원\n");
  const std::string file = (scratch.dir / "endings.tsv").string();
  size_t lines = 0;
  {
    std::ifstream in(file);
    for (std::string l; std::getline(in, l);) ++lines;
  }
  std::ofstream(file, std::ios::app) << "함\t했다\t개최함\n"  // again
                                     << "음\t다\t개최함\n"    // the example lacks the ending
                                     << "음\t다\n";
  const std::string all = loadErrors(scratch);
  CAPTURE(all);
  auto at = [&](size_t k) { return file + ":" + std::to_string(lines + k) + ": "; };
  CHECK(all.find(at(1) + "ending '함' again") != std::string::npos);
  CHECK(all.find(at(2) + "example '개최함' does not end in '음'") != std::string::npos);
  CHECK(all.find(at(3) + "expected ENDING<TAB>READ_AS<TAB>EXAMPLE") != std::string::npos);
}

TEST_CASE("a digest's ending is read as the plain form the word classes list") {
  // @locate-predicate lists 있다, not 있음: endings.tsv reads 있음 as 있다 (and without
  // that line the rule finds nothing).
  const std::string rule =
      "rule located\n"
      "pattern {L:Place|Zone/loc} {X+:Company|Organization/none} \"등\" ..7 @locate-predicate\n"
      "edge locatedIn X L\n"
      "fires 대덕연구개발특구에는 한빛소재㈜, 화웨이 등 기업이 입주해 있다. => locatedIn 화웨이 -> 대덕연구개발특구\n";
  const std::string digest = "ㅇ 대덕연구개발특구에는 한빛소재㈜, 화웨이 등 기업의 연구소가 있음\n";
  auto located = [&](const ScratchRules& scratch) {
    ExtractOptions o;
    o.rulesDir = scratch.dir.string();
    o.legacyRelations = false;
    Extractor ex(lexicon(), o);
    DocumentResult d = ex.extractBytes(digest, "digest.txt");
    CAPTURE(dump(d));
    size_t n = 0;
    for (const auto& r : d.relations) n += r.rule == "located";
    return n;
  };
  const auto names = std::filesystem::path(resolveRulesDir("")) / "names.rules";  // phase 1
  ScratchRules with(rule);
  std::filesystem::copy_file(names, with.dir / "names.rules");
  CHECK(located(with) == 2);
  ScratchRules without(rule);
  std::filesystem::copy_file(names, without.dir / "names.rules");
  std::ofstream(without.dir / "endings.tsv") << "함\t했다\t체결함\n";
  CHECK(located(without) == 0);
}

TEST_CASE("bad rule files: every problem with file:line") {
  ScratchRules scratch(
      "rule a\n"
      "pattern {P:Persn} @no-such-class\n"
      "edge leads P Q\n"
      "fires x => leads a -> b\n"
      "rule b\n"
      "pattern {A:Body/subjj}\n"
      "edge issued A A\n"
      "bogus line\n"
      "rule c\n"
      "pattern {A:Body} <start> \",\" {B:Body} \"(\"\n"
      "edge cooperatesWith A B\n"
      "fires x => cooperatesWith a -> b\n");
  const std::string all = loadErrors(scratch);
  CAPTURE(all);
  const std::string file = (scratch.dir / "test.rules").string();
  CHECK(all.find(file + ":2: '{P:Persn}': unknown type 'Persn'") != std::string::npos);
  CHECK(all.find(file + ":2: unknown word class '@no-such-class'") != std::string::npos);
  CHECK(all.find(file + ":3: edge names a label the pattern does not bind") != std::string::npos);
  CHECK(all.find(file + ":6: '{A:Body/subjj}': unknown role 'subjj'") != std::string::npos);
  CHECK(all.find(file + ":8: unknown key 'bogus'") != std::string::npos);
  CHECK(all.find("rule b has no `fires` example") != std::string::npos);
  CHECK(all.find(file + ":10: <start> must be the pattern's first element") != std::string::npos);
  CHECK(all.find(file + ":10: '\"(\"': quotes and brackets cannot be matched as marks") != std::string::npos);
}
