// Stage: the first engine's relation code, for the edges no relation rule finds yet
// (SentenceRun, detail/sentence_run.h; ExtractOptions::legacyRelations retires edge types).
#include <algorithm>
#include <string>
#include <vector>

#include "detail/aliases.h"
#include "detail/gazetteer_parents.h"
#include "detail/relation_rules.h"
#include "detail/rules.h"
#include "detail/sentence_run.h"
#include "kg/names.h"

namespace kg::detail {

bool SentenceRun::sentenceHas(std::initializer_list<std::string_view> words) const {
  for (auto w : words)
    if (mayContain(w) && contains(c.s, w)) return true;
  return false;
}

std::string_view SentenceRun::between(const SentMention& a, const SentMention& b) const {
  uint32_t from = a.tailEnd;
  if (b.b <= from) return {};
  return text(from, b.b);
}

bool SentenceRun::isSubjectTail(const std::string& t) {
  return t == "은" || t == "는" || t == "이" || t == "가" || t == "께서" || t == "에서는";
}

bool SentenceRun::isWithTail(const std::string& t) {
  return t == "와" || t == "과" || t == "와의" || t == "과의" || t == "와는" || t == "과는";
}

// Is mention i followed directly by a comma that opens a headline ("발개위, '…' 수립")?
bool SentenceRun::headlineSubject(size_t i) const {
  const auto& m = ms[i];
  if (!(m.tail.empty() && m.e < c.s.size() && c.s[m.e] == ',' && (sent.headline || m.b < 4))) return false;
  // The headline's subject comes first; a later name before a comma is a list item.
  for (const auto& o : ms)
    if (!o.inner && o.b < m.b) return false;
  return true;
}

void SentenceRun::relations() {
  const size_t n = ms.size();
  auto top = [&](size_t i) { return !ms[i].inner; };
  // locatedIn / partOf by adjacency: "하얼빈 종합보세구", "제6연구원 101연구소"
  for (size_t i = 0; i + 1 < n; ++i) {
    const auto &a = ms[i], &b = ms[i + 1];
    if (a.e > b.b) {
      // b nested in a: a named place inside a zone's or organisation's name qualifies it.
      continue;
    }
    std::string_view gap = text(a.e, b.b);
    bool adjacent = a.tail.empty() && (gap.empty() || gap == " ");
    if (!adjacent) continue;
    // "중-말레이시아 친저우산업단지": one of a pair of partners, not the location.
    if ((a.b > 0 && c.s[a.b - 1] == '-') || (a.e < c.s.size() && c.s[a.e] == '-')) continue;
    // Place before place only when the second is written as a lower unit ("허난 뤄양시",
    // "베이징 통저우구"); "베이징 상하이 광저우" is a list.
    bool placeInPlace = b.type == NodeType::Place &&
                        (endsWith(b.surface, "시") || endsWith(b.surface, "구") || endsWith(b.surface, "현") ||
                         endsWith(b.surface, "자치주") || endsWith(b.surface, "지역") ||
                         endsWith(b.surface, "성") || endsWith(b.surface, "권")) &&
                        !(i + 2 < n && ms[i + 2].type == NodeType::Place && text(b.e, ms[i + 2].b) == " ");
    if (a.type == NodeType::Place && (b.type == NodeType::Zone || b.type == NodeType::Organization ||
                                      b.type == NodeType::Event || placeInPlace)) {
      st.addRelation(EdgeType::LocatedIn, b.entity, a.entity, index, "place-before");
    }
    if (isBody(a.type) && (b.type == NodeType::Organization || b.type == NodeType::Agency) && b.unitHead)
      st.addRelation(EdgeType::PartOf, b.entity, a.entity, index, "unit-after-body");
  }
  // The same between top-level names with names inside them:
  // "장시성과학원 과학기술전략연구소" (장시 inside the first).
  for (size_t i = 0; i < n; ++i) {
    if (ms[i].inner || !isBody(ms[i].type) || !ms[i].tail.empty()) continue;
    size_t j = i + 1;
    while (j < n && ms[j].inner) ++j;
    if (j == i + 1 || j == n) continue;  // nothing inside: handled above
    const auto& b = ms[j];
    if (text(ms[i].e, b.b) == " " && (b.type == NodeType::Organization || b.type == NodeType::Agency) && b.unitHead)
      st.addRelation(EdgeType::PartOf, b.entity, ms[i].entity, index, "unit-after-body");
  }
  // Places named inside a zone's or organisation's name: "베이징 부도심 국가녹색개발시범구".
  auto isCountry = [&](const SentMention& m) {  // a place the gazetteer puts inside nothing
    const std::string& id = st.doc.entities[m.entity].lexiconId;
    if (id.empty()) return false;
    auto entry = st.lex.findId(id);
    return entry && isCountryPlace(m.type, *entry, *st.parentOf);
  };
  for (size_t i = 0; i < n; ++i) {
    if (ms[i].inner) continue;
    for (size_t j = 0; j < n; ++j) {
      if (!ms[j].inner || !(ms[i].b <= ms[j].b && ms[j].e <= ms[i].e)) continue;
      // A named zone written as the first word of a zone's or unit's name is where
      // it is: "중관촌 창업거리", "대덕연구개발특구 나노종합기술원".
      if (ms[j].type == NodeType::Zone && ms[j].b == ms[i].b && ms[j].entity != ms[i].entity &&
          text(ms[j].e, ms[j].e + 1) == " " &&
          (ms[i].type == NodeType::Zone || ms[i].type == NodeType::Organization))
        st.addRelation(EdgeType::LocatedIn, ms[i].entity, ms[j].entity, index, "zone-in-name");
      if (ms[j].type != NodeType::Place) continue;
      std::string_view after = text(ms[j].e, std::min<uint32_t>(ms[j].e + 1, ms[i].e));
      std::string_view before = ms[j].b > 0 ? text(ms[j].b - 1, ms[j].b) : "";
      if (after == "-" || before == "-") continue;  // "중국-싱가포르": a partnership, not a location
      // (a country in a name is its scope, not where it is: "중국인공지능산업발전연맹",
      // "중국(상하이)자유무역시험구"; nor is a place glued into an organisation's name, "홍콩대학")
      if (ms[i].type != NodeType::Place && ms[i].type != NodeType::Program && isCountry(ms[j]))
        continue;
      if (ms[i].type == NodeType::Organization && after != " ") continue;
      if (ms[i].type == NodeType::Zone || ms[i].type == NodeType::Organization ||
          (ms[i].type == NodeType::Place && ms[i].entity != ms[j].entity))  // "베이징 부도심"
        st.addRelation(EdgeType::LocatedIn, ms[i].entity, ms[j].entity, index, "place-in-name");
      if (ms[i].type == NodeType::Program)
        st.addRelation(EdgeType::Targets, ms[i].entity, ms[j].entity, index, "place-in-title");
    }
    // A unit named with its parent body first: "중국과학원 선전선진기술연구소".
    if (ms[i].unitHead && (ms[i].type == NodeType::Organization || ms[i].type == NodeType::Agency))
      for (size_t j = 0; j < n; ++j)
        if (ms[j].inner && ms[j].b == ms[i].b && ms[j].e < ms[i].e && isBody(ms[j].type) &&
            ms[j].type != NodeType::Place && ms[j].entity != ms[i].entity && text(ms[j].e, ms[j].e + 1) == " ")
          st.addRelation(EdgeType::PartOf, ms[i].entity, ms[j].entity, index, "unit-in-name");
    for (size_t j = 0; j < n; ++j) {
      if (!ms[j].inner || !(ms[i].b <= ms[j].b && ms[j].e <= ms[i].e)) continue;
      if (ms[i].type == NodeType::Program && ms[j].type == NodeType::Zone) {
        bool covered = false;  // only the outermost named zone
        for (size_t k2 = 0; k2 < n; ++k2)
          if (k2 != j && ms[k2].inner && ms[k2].b <= ms[j].b && ms[j].e <= ms[k2].e &&
              (ms[k2].e - ms[k2].b) > (ms[j].e - ms[j].b))
            covered = true;
        if (!covered) st.addRelation(EdgeType::Targets, ms[i].entity, ms[j].entity, index, "zone-in-title");
      }
      if (ms[i].type == NodeType::Program && isBody(ms[j].type) && ms[j].tail == "의" && ms[j].b == ms[i].b) {
        st.addRelation(EdgeType::Issued, ms[j].entity, ms[i].entity, index, "issuer-in-title");
        std::string rest = trimCopy(text(ms[j].tailEnd, ms[i].e));
        st.addAlias(ms[i].entity, rest);
      }
    }
  }
  // "X에 위치한 Y", "X 서부에 위치한 Y", "Y가 위치한 X"
  for (size_t i = 0; i < n; ++i) {
    if (!top(i) || ms[i].type != NodeType::Place) continue;
    std::string_view after = text(ms[i].e, static_cast<uint32_t>(c.s.size()));
    size_t p = after.find("위치한");
    if (p == std::string_view::npos || p > 30) continue;
    std::string_view lead = after.substr(0, p);
    for (size_t j = i + 1; j < n; ++j) {
      if (!top(j)) continue;
      if (ms[j].b < ms[i].e + p) continue;
      if (ms[i].tail == "에" || (ms[i].tail.empty() && endsWith(trimCopy(lead), "에"))) {
        st.addRelation(EdgeType::LocatedIn, ms[j].entity, ms[i].entity, index, "located-at");
      }
      break;
    }
    if (ms[i].tail == "이" || ms[i].tail == "가") {
      for (size_t j = i + 1; j < n; ++j)
        if (top(j) && ms[j].b >= ms[i].e + p) {
          st.addRelation(EdgeType::LocatedIn, ms[i].entity, ms[j].entity, index, "located-at");
          break;
        }
    }
  }
  // Appositives: "한국의 포켓모바일", "중국의 실리콘밸리로 불리는 중관촌", "중국 최대 연구개발기지인 장강하이테크파크"
  // A zone's bodies too: "동후하이테크개발구의 우한광전국가연구센터".
  for (size_t i = 0; i + 1 < n; ++i) {
    const bool zone = ms[i].type == NodeType::Zone;
    if (!top(i) || !(ms[i].type == NodeType::Place || zone)) continue;
    if (!(ms[i].tail == "의" || ms[i].tail.empty())) continue;
    size_t j = i + 1;
    while (j < n && ms[j].inner) ++j;
    if (j >= n) break;
    const auto& b = ms[j];
    if (!(b.type == NodeType::Zone || b.type == NodeType::Company || b.type == NodeType::Organization)) continue;
    if (zone && b.type == NodeType::Zone) continue;
    std::string g = trimCopy(between(ms[i], b));
    if (contains(g, ",") || g.size() > 60) continue;
    bool ok = (g.empty() && ms[i].tail == "의") || (!zone && (endsWith(g, "인") || endsWith(g, "불리는")));
    if (ok) st.addRelation(EdgeType::LocatedIn, b.entity, ms[i].entity, index, "appositive");
  }
  // Where an event is held: "북경에서 … 회의를 개최", "‘…행사’가 … 충칭에서 개최"
  if (sentenceHas({"개최", "열리", "열려", "열린", "열림", "진행"})) {
    for (size_t i = 0; i < n; ++i) {
      if (!top(i) || ms[i].type != NodeType::Place || ms[i].tail != "에서") continue;
      for (size_t j = 0; j < n; ++j)
        if (top(j) && ms[j].type == NodeType::Event)
          st.addRelation(EdgeType::LocatedIn, ms[j].entity, ms[i].entity, index, "held-in");
    }
  }
  // People and events: "최 장관은 … 회의와 … 행사를 개최", "시진핑 주석은 '…좌담회'에서"
  for (size_t i = 0; i < n; ++i) {
    if (!top(i) || ms[i].type != NodeType::Person) continue;
    for (size_t j = 0; j < n; ++j) {
      if (!top(j) || ms[j].type != NodeType::Event) continue;
      bool ok = ms[j].tail == "에서" || ms[j].tail == "에" || sentenceHasAny(kParticipateVerbs);
      if (ok) st.addRelation(EdgeType::ParticipatesIn, ms[i].entity, ms[j].entity, index, "attends");
    }
  }
  // Bodies holding or joining an event: "과학기술정보통신부는 중관촌포럼을 개최했다".
  if (sentenceHas({"개최", "주최", "주관", "참가", "참석", "참여", "공동 개최"})) {
    for (size_t i = 0; i < n; ++i) {
      if (!top(i) || !isBody(ms[i].type) || !isSubjectTail(ms[i].tail)) continue;
      for (size_t j = i + 1; j < n; ++j) {
        if (!top(j) || ms[j].type != NodeType::Event) continue;
        bool object = ms[j].tail == "을" || ms[j].tail == "를" || ms[j].tail == "에" || ms[j].tail == "에서";
        if (object) st.addRelation(EdgeType::ParticipatesIn, ms[i].entity, ms[j].entity, index, "holds");
      }
      break;  // the first subject only
    }
  }
  // leads: person next to a title and a body
  for (size_t i = 0; i < n; ++i) {
    if (!top(i) || ms[i].type != NodeType::Person) continue;
    std::string_view after = text(ms[i].e, static_cast<uint32_t>(c.s.size()));
    while (!after.empty() && after.front() == ' ') after.remove_prefix(1);
    std::string_view before = text(0, ms[i].b);
    auto leadingTitleAt = [&](std::string_view s) {
      for (auto t : kLeadingTitles)
        if (startsWith(s, t)) return true;
      return false;
    };
    auto leadingTitleEnds = [&](std::string_view s) {
      std::string t = trimCopy(s);
      for (auto lt : kLeadingTitles)
        if (endsWith(t, lt)) return true;
      return false;
    };
    int body = -1;
    // body right before the person: "중국 과학기술부 완강 장관"
    if (leadingTitleAt(after)) {
      for (size_t j = i; j-- > 0;) {
        if (!top(j)) continue;
        if (isBody(ms[j].type)) {
          std::string_view gap = text(ms[j].e, ms[i].b);
          bool near = gap.size() <= 1 || (ms[j].tail.size() + 1 >= gap.size());
          bool visit = contains(gap, "방문") || contains(gap, "만나");
          if ((near || visit) && !contains(gap, ",")) body = static_cast<int>(j);
        }
        break;
      }
      // body between the person and the title: "최양희 미래창조과학부 장관"
    }
    if (body < 0 && i + 1 < n && top(i + 1) && isBody(ms[i + 1].type)) {
      std::string_view gap = text(ms[i].e, ms[i + 1].b);
      std::string_view t = text(ms[i + 1].e, static_cast<uint32_t>(c.s.size()));
      while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
      if (trimCopy(gap).empty() && leadingTitleAt(t)) body = static_cast<int>(i + 1);
    }
    // title before the person: "샤오미의 CEO 레이쥔"
    if (body < 0 && leadingTitleEnds(before)) {
      for (size_t j = i; j-- > 0;) {
        if (!top(j)) continue;
        if (isBody(ms[j].type) && ms[j].tail == "의") body = static_cast<int>(j);
        break;
      }
    }
    if (body >= 0) st.addRelation(EdgeType::Leads, ms[i].entity, ms[body].entity, index, "title");
  }
  issuedRelations();
  cooperationRelations();
  participationRelations();
  foundingRelations();
  containmentRelations();
  siteRelations();
  visitRelations();
  facilityRelations();
  targetRelations();
}

// Subjects of the sentence before position `before`: bodies marked as subject,
// with those joined to them by 와/과 or commas, and "X 등 N개 부처".
std::vector<size_t> SentenceRun::subjectGroup(size_t before) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < before && i < ms.size(); ++i) {
    if (ms[i].inner) continue;
    bool subj = isSubjectTail(ms[i].tail) || headlineSubject(i);
    std::string_view after = text(ms[i].e, static_cast<uint32_t>(c.s.size()));
    if (startsWith(after, " 등 ") && ms[i].tail.empty()) subj = true;
    if (ms[i].tail == "등은" || ms[i].tail == "등이" || ms[i].tail == "등") subj = true;
    if (!subj) continue;
    out.push_back(i);
    for (size_t j = i; j-- > 0;) {
      if (ms[j].inner) continue;
      std::string_view gap = text(ms[j].tailEnd, ms[j + 1 <= i ? j + 1 : i].b);
      bool joined = isWithTail(ms[j].tail) || ((ms[j].tail.empty()) && (trimCopy(gap) == "," || trimCopy(gap) == "·"));
      if (!joined) break;
      out.push_back(j);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void SentenceRun::issuedRelations() {
  const size_t n = ms.size();
  for (size_t p = 0; p < n; ++p) {
    if (ms[p].inner || ms[p].type != NodeType::Program) continue;
    std::string_view after = text(ms[p].e, static_cast<uint32_t>(c.s.size()));
    bool verb = false;
    for (auto v : kIssueVerbs)
      if (contains(after, v)) verb = true;
    if (ms[p].tail == "의" || ms[p].tail == "과" || ms[p].tail == "와") verb = false;
    if (ms[p].tail == "에서" || ms[p].tail == "에서는") verb = true;
    // "…계획을 통해 추진한 '…'의 성과를 발표": the programme is the means, not what is issued.
    if ((ms[p].tail == "을" || ms[p].tail == "를") &&
        (startsWith(after, std::string(ms[p].tail) + " 통해") || startsWith(after, std::string(ms[p].tail) + " 통하여")))
      verb = false;
    if (!verb) continue;
    std::vector<size_t> issuers = subjectGroup(p);
    // "국무원 '…'을 발표": a body right before the title with no particle.
    if (p > 0) {
      size_t q = p - 1;
      while (q > 0 && ms[q].inner) --q;
      if (!ms[q].inner && isBody(ms[q].type) && ms[q].tail.empty() && text(ms[q].e, ms[p].b).size() <= 6)
        issuers.push_back(q);
    }
    bool group = contains(text(0, ms[p].b), "등 ") && sentenceHas({"개 부처", "개 기관", "개 부문"});
    for (size_t q : issuers) {
      uint32_t who = ms[q].entity;
      if (ms[q].type == NodeType::Place) {
        // A city or province that issues is its government: "베이징시는 … 발표".
        if (!(endsWith(ms[q].surface, "시") || endsWith(ms[q].surface, "성"))) continue;
        who = st.entityFor(NodeType::Agency, ms[q].surface, -1);
        st.doc.entities[who].mentions++;
      }
      st.addRelation(EdgeType::Issued, who, ms[p].entity, index, "issued");
    }
    if (!issuers.empty()) {
      if (sent.section != st.topicSection || st.topic < 0) {
        st.topicSection = sent.section;
      }
      st.topic = ms[p].entity;
      st.topicSection = sent.section;
      if (group) st.pendingGroupProgram = ms[p].entity;
    }
  }
  // "* 국가지적재산권국, 공업신식화부, … 등 5개": the footnote lists the group.
  if (sent.footnote && st.pendingGroupProgram >= 0 && contains(c.s, "등 ")) {
    for (const auto& m : ms)
      if (!m.inner && (m.type == NodeType::Agency || m.type == NodeType::Organization))
        st.addRelation(EdgeType::Issued, m.entity, static_cast<uint32_t>(st.pendingGroupProgram), index, "issued-group");
    st.pendingGroupProgram = -1;
  } else if (!sent.footnote) {
    bool hadGroup = false;
    for (const auto& m : ms)
      if (m.type == NodeType::Program && static_cast<int64_t>(m.entity) == st.pendingGroupProgram) hadGroup = true;
    if (!hadGroup) st.pendingGroupProgram = -1;
  }
}

bool SentenceRun::coopEligible(NodeType t) const {
  return t == NodeType::Company || t == NodeType::Agency || t == NodeType::Organization ||
         t == NodeType::Place || t == NodeType::Zone;
}

void SentenceRun::cooperationRelations() {
  if (!sentenceHasAny(kCoopWords)) return;
  // Cooperation only discussed, sought, denied or not reached ("협의하고 있지만 아직 … 이르지
  // 못했다", "검토한 적이 없다"; words of @not-done-act, ANNOTATION.md) is no edge: such a word
  // between the subject and the end of the partner's clause (a connective ending of
  // @clause-end: "체결했으나 투자 규모는 밝히지 않았다" keeps the signing), outside names
  // ("'전략적 협력 협의'를 체결함").
  const auto& wt = words().tokens;
  std::vector<uint32_t> notDone, clauseEnds;  // token starts, ascending
  for (size_t k = 0, m = 0; k < wt.size(); ++k) {
    while (m < ms.size() && ms[m].e <= wt[k].b) ++m;
    bool inName = false;
    for (size_t q = m; q < ms.size() && ms[q].b <= wt[k].b && !inName; ++q) inName = wt[k].b < ms[q].e;
    if (inName || wt[k].punct) continue;
    if (st.rules->tokenInClass(words(), k, "@not-done-act")) notDone.push_back(wt[k].b);
    if (st.rules->tokenInClass(words(), k, "@clause-end")) clauseEnds.push_back(wt[k].b);
  }
  auto undone = [&](const SentMention& subject, const SentMention& partner) {
    auto end = std::lower_bound(clauseEnds.begin(), clauseEnds.end(), partner.e);
    uint32_t to = end == clauseEnds.end() ? UINT32_MAX : *end;
    auto p = std::upper_bound(notDone.begin(), notDone.end(), subject.b);
    return p != notDone.end() && *p <= to;
  };
  const size_t n = ms.size();
  bool issuing = false;
  for (const auto& r : st.doc.relations)
    if (r.sentence == index && r.type == EdgeType::Issued) issuing = true;
  // (a headline reports it with a noun: "바이두, 슝안신구와 스마트시티 협력")
  bool coopVerb = sent.headline;
  for (size_t k = 0; k < words().tokens.size() && !coopVerb; ++k)
    coopVerb = st.rules->tokenInClass(words(), k, "@coop-verb");
  auto isPlaceLike = [](NodeType t) { return t == NodeType::Place || t == NodeType::Zone; };
  for (size_t i = 0; i < n; ++i) {
    if (ms[i].inner || !coopEligible(ms[i].type)) continue;
    bool subj = isSubjectTail(ms[i].tail) || headlineSubject(i);
    // "A와 B 간의 협력", "A와 B 국가간의", "A&B, …"
    if (isWithTail(ms[i].tail) || (ms[i].tail.empty() && ms[i].e < c.s.size() && c.s[ms[i].e] == '&')) {
      size_t j = i + 1;
      while (j < n && ms[j].inner) ++j;
      if (j < n && coopEligible(ms[j].type)) {
        std::string_view after = text(ms[j].e, static_cast<uint32_t>(c.s.size()));
        std::string g = trimCopy(between(ms[i], ms[j]));
        bool pairWord = startsWith(ms[j].tail, "간") || startsWith(after, " 간") || startsWith(after, " 국가간") ||
                        startsWith(after, " 국가 간") || startsWith(after, "국가간") || startsWith(after, "국가와");
        bool amp = ms[i].tail.empty() && g == "&";
        bool jointSubject = isSubjectTail(ms[j].tail) && contains(after, "공동");
        if ((g.empty() || amp) && (pairWord || amp || (jointSubject && !issuing)) && !undone(ms[i], ms[j]))
          st.addRelation(EdgeType::CooperatesWith, ms[i].entity, ms[j].entity, index, "pair");
      }
    }
    if (!subj) continue;
    // Partners: later mentions marked with 와/과, or the members of "A, B 등 N개사와".
    for (size_t j = i + 1; j < n; ++j) {
      if (ms[j].inner || !coopEligible(ms[j].type)) continue;
      bool partner = isWithTail(ms[j].tail);
      if (!partner && ms[j].tail.empty()) {
        std::string_view after = text(ms[j].e, static_cast<uint32_t>(c.s.size()));
        // enumeration members before "등 N개사와"
        constexpr std::string_view kEtc = " 등 ";
        size_t d = after.find(kEtc);
        if (d != std::string_view::npos && d < 80) {
          std::string_view rest = after.substr(d + kEtc.size());
          size_t we = rest.find(' ');
          std::string_view cls = rest.substr(0, we);
          if (endsWith(cls, "와") || endsWith(cls, "과")) {
            partner = true;
            // no subject between the member and "등" (the list is the partners')
            for (size_t k2 = 0; k2 < n; ++k2)
              if (!ms[k2].inner && ms[k2].b > ms[j].b && ms[k2].b < ms[j].e + d && isSubjectTail(ms[k2].tail))
                partner = false;
          }
        }
      }
      // (a place or zone as a party needs a word of cooperation done, @coop-verb, or a headline:
      // "한국과 중국은 협정을 체결했다", "인천과 웨이하이는 … 협력사업을 진행"; "천진은 북경과
      // 가깝고 … 협력업체", "마카오와의 관광 협력에 중점" state none)
      if (partner && (isPlaceLike(ms[i].type) || isPlaceLike(ms[j].type)) && !coopVerb) partner = false;
      if (partner && undone(ms[i], ms[j])) partner = false;
      // (a partner in a later clause that has a subject of its own is that subject's: "A가
      // 공동으로 수행하고, 표준 분야는 B와 C가 맡는다"; "A가 합류했으며, B와 … 적용하기로" keeps A)
      if (partner) {
        auto end = std::lower_bound(clauseEnds.begin(), clauseEnds.end(), ms[i].e);
        if (end != clauseEnds.end() && *end < ms[j].b) {
          auto next = std::upper_bound(clauseEnds.begin(), clauseEnds.end(), ms[j].b);
          uint32_t to = next == clauseEnds.end() ? UINT32_MAX : *next;
          for (const auto& t : wt)
            if (t.b > *end && t.b < to && (t.role == Role::Top || t.role == Role::Subj)) partner = false;
        }
      }
      if (partner) st.addRelation(EdgeType::CooperatesWith, ms[i].entity, ms[j].entity, index, "with");
    }
  }
}

void SentenceRun::participationRelations() {
  if (!sentenceHas({"체결", "서명", "참여", "참가", "통해", "추진한", "가입"})) return;
  const size_t n = ms.size();
  for (size_t p = 0; p < n; ++p) {
    if (ms[p].inner || ms[p].type != NodeType::Program) continue;
    bool issuedBy = false;
    for (size_t i = 0; i < n; ++i) {
      if (ms[i].inner || !isBody(ms[i].type) || ms[i].type == NodeType::Agency) continue;
      for (const auto& r : st.doc.relations)
        if (r.type == EdgeType::Issued && r.source == ms[i].entity && r.target == ms[p].entity) issuedBy = true;
      if (issuedBy) continue;
      bool subj = isSubjectTail(ms[i].tail) || headlineSubject(i);
      bool signing = sentenceHas({"체결", "서명"});
      if (subj || (signing && ms[i].type == NodeType::Company))
        st.addRelation(EdgeType::ParticipatesIn, ms[i].entity, ms[p].entity, index, "takes-part");
    }
  }
}

void SentenceRun::foundingRelations() {
  if (!sentenceHasAny(kFoundVerbs)) return;
  const size_t n = ms.size();
  for (size_t i = 0; i < n; ++i) {
    if (ms[i].inner || !isBody(ms[i].type)) continue;
    if (!(isSubjectTail(ms[i].tail) || headlineSubject(i))) continue;
    for (size_t j = i + 1; j < n; ++j)
      if (!ms[j].inner && ms[j].unitHead)
        st.addRelation(EdgeType::PartOf, ms[j].entity, ms[i].entity, index, "founded-by");
    break;
  }
}

// "상해를 방문해 … 장강하이테크파크와 … 방사광원을 시찰", "북경에서 … 중관촌을 시찰":
// what is visited there lies in the place visited.
void SentenceRun::visitRelations() {
  static constexpr std::string_view kVisit[] = {"시찰", "견학", "방문"};
  if (!sentenceHasAny(kVisit)) return;
  const size_t n = ms.size();
  auto visitedAfter = [&](const SentMention& m) {
    std::string_view after = text(m.tailEnd, static_cast<uint32_t>(c.s.size()));
    if (!startsWith(after, " ")) return false;
    after.remove_prefix(1);
    for (auto v : kVisit)
      if (startsWith(after, v)) return true;
    return false;
  };
  for (size_t i = 0; i < n; ++i) {
    const auto& site = ms[i];
    if (site.inner || !(site.type == NodeType::Zone || site.type == NodeType::Organization)) continue;
    bool visited = false;
    if (site.tail == "을" || site.tail == "를") visited = visitedAfter(site);
    // "A와 B를 시찰": A too, whether or not B is a name we know
    if (!visited && (site.tail == "와" || site.tail == "과")) {
      std::string_view rest = text(site.tailEnd, static_cast<uint32_t>(c.s.size()));
      for (int words = 0; words < 6 && startsWith(rest, " "); ++words) {
        rest.remove_prefix(1);
        std::string_view w = rest.substr(0, rest.find(' '));
        if (endsWith(w, "을") || endsWith(w, "를")) {
          std::string_view after = rest.substr(w.size());
          if (startsWith(after, " "))
            for (auto v : kVisit)
              if (startsWith(after.substr(1), v)) visited = true;
          break;
        }
        // a name we know ("상해") is a word of the phrase, whatever it ends like
        const auto pos = static_cast<uint32_t>(c.s.size() - rest.size());
        bool known = false;
        for (const auto& o : ms)
          if (o.b == pos && o.tail.empty()) known = true;
        if (!known && closesPhrase(w)) break;
        rest.remove_prefix(w.size());
      }
    }
    if (!visited) continue;
    // The place: the last one before, where the visit happens ("…에서") or which is visited ("…를 방문").
    size_t where = n;
    for (size_t q = 0; q < n; ++q) {
      if (ms[q].inner || ms[q].type != NodeType::Place || ms[q].e > site.b) continue;
      bool at = ms[q].tail == "에서" || ((ms[q].tail == "을" || ms[q].tail == "를") && visitedAfter(ms[q]));
      if (at && (where == n || ms[q].b > ms[where].b)) where = q;
    }
    if (where != n) st.addRelation(EdgeType::LocatedIn, site.entity, ms[where].entity, index, "visited-in");
  }
}

// "삼성전자는 시안 하이테크산업개발구에 반도체 공장을 증설", "…사는 상하이 린강신구에
// 연구개발센터를 설립": a body that builds its plant or centre somewhere is there.
void SentenceRun::facilityRelations() {
  static constexpr std::string_view kFacilities[] = {"공장", "센터", "법인", "본사", "지사", "연구소", "연구원",
                                                     "기지", "사무소", "캠퍼스", "생산라인", "데이터센터"};
  static constexpr std::string_view kBuild[] = {"설립", "증설", "건설", "세우", "개설", "구축", "이전", "신설",
                                                "착공", "준공", "가동", "개소", "두"};
  const size_t n = ms.size();
  for (size_t i = 0; i < n; ++i) {
    if (ms[i].inner || !(ms[i].type == NodeType::Company || ms[i].type == NodeType::Organization) ||
        !isSubjectTail(ms[i].tail))
      continue;
    for (size_t j = i + 1; j < n; ++j) {
      if (ms[j].inner || !(ms[j].type == NodeType::Zone || ms[j].type == NodeType::Place) || ms[j].tail != "에")
        continue;
      // up to four words after "…에": a facility noun with 을/를, then a building verb
      std::string_view rest = text(ms[j].tailEnd, static_cast<uint32_t>(c.s.size()));
      bool found = false;
      for (int words = 0; words < 4 && startsWith(rest, " ") && !found; ++words) {
        rest.remove_prefix(1);
        std::string_view w = rest.substr(0, rest.find(' '));
        rest.remove_prefix(w.size());
        if (!(endsWith(w, "을") || endsWith(w, "를"))) {
          if (closesPhrase(w)) break;
          continue;
        }
        std::string_view noun = w.substr(0, w.size() - 3);
        bool facility = false;
        for (auto f : kFacilities)
          if (endsWith(noun, f)) facility = true;
        std::string_view verb = startsWith(rest, " ") ? rest.substr(1) : std::string_view{};
        bool build = false;
        for (auto v : kBuild)
          if (startsWith(verb, v)) build = true;
        found = facility && build;
        break;
      }
      if (found) st.addRelation(EdgeType::LocatedIn, ms[i].entity, ms[j].entity, index, "facility-in");
      break;  // the first place with 에 only
    }
  }
}

// "상하이 푸둥·광저우 난사·충칭 량장 신구에서 '…' 프로젝트를 수행": the places
// where a programme is carried out are its targets. The places are a list
// (joined by ·, commas, 및, 와/과) whose last word carries 에서.
void SentenceRun::siteRelations() {
  static constexpr std::string_view kCarryOut[] = {"수행", "추진", "시행", "실시", "전개", "도입", "시범 운영"};
  const size_t n = ms.size();
  for (size_t p = 0; p < n; ++p) {
    if (ms[p].inner || ms[p].type != NodeType::Program || !(ms[p].tail == "을" || ms[p].tail == "를")) continue;
    std::string_view after = text(ms[p].e + closingMarkAt(ms[p].e), static_cast<uint32_t>(c.s.size()));
    after.remove_prefix(std::min(after.size(), ms[p].tail.size()));
    while (startsWith(after, " ")) after.remove_prefix(1);
    bool carried = false;
    for (auto v : kCarryOut)
      if (startsWith(after, v)) carried = true;
    if (!carried) continue;
    // The last site before the programme: its word (or the next word) ends in 에서.
    size_t last = n;
    for (size_t q = 0; q < n; ++q)
      if (!ms[q].inner && ms[q].e <= ms[p].b && (ms[q].type == NodeType::Zone || ms[q].type == NodeType::Place) &&
          (last == n || ms[q].b > ms[last].b))
        last = q;
    if (last == n) continue;
    std::string_view rest = text(ms[last].e, ms[p].b);
    size_t sp = rest.find(' ');
    std::string_view word = rest.substr(0, sp);
    if (sp != std::string_view::npos && word.empty()) {  // "량장 신구에서": one more word
      rest.remove_prefix(1);
      word = rest.substr(0, rest.find(' '));
    }
    if (!(endsWith(word, "에서") || endsWith(word, "에서는")) || syllables(word) > 4) continue;
    std::vector<size_t> sites{last};
    for (size_t cur = last;;) {
      size_t prev = n;
      for (size_t q = 0; q < n; ++q)
        if (!ms[q].inner && ms[q].e <= ms[cur].b && (prev == n || ms[q].b > ms[prev].b)) prev = q;
      if (prev == n || !(ms[prev].type == NodeType::Zone || ms[prev].type == NodeType::Place)) break;
      std::string gap = std::string(ms[prev].tail) + std::string(text(ms[prev].tailEnd, ms[cur].b));
      if (!(gap == "·" || gap == ", " || gap == "," || gap == "、" || gap == " 및 " || gap == "와 " || gap == "과 "))
        break;
      sites.push_back(prev);
      cur = prev;
    }
    for (size_t q : sites) st.addRelation(EdgeType::Targets, ms[p].entity, ms[q].entity, index, "carried-out-in");
  }
}

// "중국 중부지역은 산시성, 안후이성, … 후난성 등 6개 성을 포함": each place
// listed lies in the region that is the sentence's subject. The list must run
// up to the verb, closed at most by "등", a count and its unit.
void SentenceRun::containmentRelations() {
  size_t verbAt = std::string_view(c.s).find("포함");
  if (verbAt == std::string_view::npos) return;
  const size_t n = ms.size();
  size_t region = n;
  for (size_t i = 0; i < n; ++i)
    if (!ms[i].inner && ms[i].e < verbAt && isSubjectTail(ms[i].tail)) {
      region = i;
      break;
    }
  if (region == n || !(ms[region].type == NodeType::Place || ms[region].type == NodeType::Zone)) return;
  std::vector<size_t> members;
  size_t last = region;
  for (size_t j = region + 1; j < n && ms[j].b < verbAt; ++j) {
    if (ms[j].inner) continue;
    if (ms[j].type != NodeType::Place) return;
    std::string_view gap = between(ms[last], ms[j]);
    bool joined = last == region ? gap == " " : (gap == ", " || gap == "," || gap == " " || gap == "·");
    if (last != region && (ms[last].tail == "와" || ms[last].tail == "과")) joined = gap == " ";
    if (!joined) return;
    if (!(ms[j].tail.empty() || ms[j].tail == "와" || ms[j].tail == "과" || ms[j].tail == "을" ||
          ms[j].tail == "를"))
      return;
    members.push_back(j);
    last = j;
  }
  if (members.size() < 2) return;
  // What closes the list: "등 6개 성을 ", "등을 ", "을 ".
  std::string_view close = text(ms[last].tailEnd, static_cast<uint32_t>(verbAt));
  size_t words = 0;
  for (size_t at = 0; at < close.size();) {
    size_t sp = close.find(' ', at);
    std::string_view w = close.substr(at, sp == std::string_view::npos ? std::string_view::npos : sp - at);
    at = sp == std::string_view::npos ? close.size() : sp + 1;
    if (w.empty()) continue;
    ++words;
    bool ok = w == "등" || w == "등을" || w == "등이" || isCountToken(w);
    for (auto unit : {"성을", "시를", "지역을", "도시를", "곳을", "개성을", "성시를", "국가를"})
      if (w == unit) ok = true;
    if (!ok || words > 3) return;
  }
  for (size_t j : members)
    st.addRelation(EdgeType::LocatedIn, ms[j].entity, ms[region].entity, index, "region-includes");
}

void SentenceRun::targetRelations() {
  // A sentence in which someone issues something new is about that, not about
  // the section's programme; when its programme has no name we know, the old
  // topic ends here ("과학기술부가 25곳의 시범지역을 선정함").
  if (st.topic >= 0 && sentenceHasAny(kIssueVerbs)) {
    bool mentionsTopic = false, newIssuer = false;
    for (const auto& m : ms) {
      if (m.type == NodeType::Program && static_cast<int64_t>(m.entity) == st.topic) mentionsTopic = true;
      if (!m.inner && (isBody(m.type) || m.type == NodeType::Place) && isSubjectTail(m.tail)) newIssuer = true;
      if (!m.inner && m.type == NodeType::Place && (m.tail == "에서" || m.tail == "에서는")) newIssuer = true;
    }
    // "상하이, 허베이 … 등 여러 지역에서 잇달아 … 정책을 발표함": the places listed issue their own.
    for (auto where : {"지역에서", "도시에서", "지방에서", "성에서", "시에서"})
      if (contains(c.s, std::string("등 ")) && contains(c.s, where)) newIssuer = true;
    if (!mentionsTopic && newIssuer) {
      st.topic = -1;
      return;
    }
  }
  if (st.topic < 0 || sent.section != st.topicSection) return;
  if (sent.footnote || sent.caption || sent.tableRow) return;
  std::string_view s = c.s;
  if (startsWith(s, "(배경)") || startsWith(s, "(背景)")) return;
  if (!sentenceHasAny(kPolicyVerbs)) return;
  const size_t n = ms.size();
  for (size_t i = 0; i < n; ++i) {
    if (ms[i].inner) continue;
    if (ms[i].type == NodeType::Program && static_cast<int64_t>(ms[i].entity) != st.topic) return;
  }
  // (a sentence whose first name is a zone as its subject describes that zone: "빈하이신구는
  // 톈진경제기술개발구와 톈진항 등을 포함해 …": its parts are no targets of the section's programme)
  for (size_t i = 0; i < n; ++i)
    if (!ms[i].inner) {
      if (ms[i].type == NodeType::Zone && isSubjectTail(ms[i].tail)) return;
      break;  // (the first top-level name only)
    }
  for (size_t i = 0; i < n; ++i) {
    const auto& m = ms[i];
    if (m.inner || !(m.type == NodeType::Zone || m.type == NodeType::Place)) continue;
    if (isSubjectTail(m.tail) && !contains(text(m.e, static_cast<uint32_t>(s.size())), "공동")) continue;
    // A place right before a zone or place qualifies it, it is not the target.
    size_t j = i + 1;
    while (j < n && ms[j].inner) ++j;
    if (j < n && m.tail.empty() && text(m.e, ms[j].b) == " " &&
        (ms[j].type == NodeType::Zone || ms[j].type == NodeType::Place))
      continue;
    std::string_view after = text(m.tailEnd, static_cast<uint32_t>(s.size()));
    // ... nor before a name we do not know: "상하이 장강, 우한동후 등" (the gloss
    // "장강(張江)" is already cut from the text here).
    if (m.type == NodeType::Place && m.tail.empty() && startsWith(after, " ")) {
      std::string_view w = after.substr(1);
      w = w.substr(0, std::min(w.find(' '), w.find(',')));
      const auto pos = static_cast<uint32_t>(s.size() - after.size() + 1);
      bool known = false;
      for (const auto& x : ms)
        if (x.b == pos) known = true;
      std::string_view rest = after.substr(1 + w.size());
      if (!known && allHangul(w) && syllables(w) >= 2 && !closesPhrase(w) && !isStopWord(w) &&
          (startsWith(rest, ",") || startsWith(rest, " 등")))
        continue;
    }
    // member of an enumeration closed by "등", or the object of the verb
    bool listed = false;
    {
      size_t k = 0;
      std::string_view a = after;
      while (k < 8) {
        size_t skip = a.find_first_not_of(" ,·、");
        if (skip == std::string_view::npos) break;
        a.remove_prefix(skip);
        if (startsWith(a, "등")) {
          listed = true;
          break;
        }
        // a gloss of the previous name: "장강(張江), 우한동후 등"
        if (startsWith(a, "(")) {
          size_t close = a.find(')');
          if (close == std::string_view::npos) break;
          a.remove_prefix(close + 1);
          continue;
        }
        // skip over the next name ("우한동후" ends like a phrase but is a name) ...
        const auto pos = static_cast<uint32_t>(s.size() - a.size());
        const SentMention* next = nullptr;
        for (const auto& x : ms)
          if (!x.inner && x.b == pos) next = &x;
        if (next) {
          if (!next->tail.empty() && next->tail != "와" && next->tail != "과") break;
          a.remove_prefix(next->e + next->tail.size() - pos);
          ++k;
          continue;
        }
        // ... or word
        size_t we = 0;
        while (we < a.size() && a[we] != '(' && !sepLength(std::string(a), we)) ++we;
        std::string_view w = a.substr(0, we);
        if (closesPhrase(w) || we == 0) break;
        a.remove_prefix(we);
        ++k;
      }
    }
    bool object = m.tail == "을" || m.tail == "를";
    if (!object && m.tail.empty()) {
      std::string_view a = after;
      while (!a.empty() && a.front() == ' ') a.remove_prefix(1);
      size_t we = a.find(' ');
      std::string_view w = a.substr(0, we);
      object = endsWith(w, "을") || endsWith(w, "를");
    }
    bool inParens = m.b > 0 && c.s[m.b - 1] == '(';
    if ((listed || object) && !inParens)
      st.addRelation(EdgeType::Targets, static_cast<uint32_t>(st.topic), m.entity, index, "section-target");
  }
}

}  // namespace kg::detail
