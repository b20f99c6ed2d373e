// Stage: the relation rules (extract/rules/*.rules) over the chosen mentions
// (SentenceRun, detail/sentence_run.h).
#include <algorithm>
#include <string>
#include <vector>

#include "detail/aliases.h"
#include "detail/relation_rules.h"
#include "detail/rules.h"
#include "detail/table_rows.h"
#include "detail/sentence_run.h"
#include "kg/names.h"

namespace kg::detail {

// A word that clips an event's head: `head` is the whole head noun, `rest` the syllables
// before the clipped part ("과기" of "과기공동위"), empty when none.
SentenceRun::Clip SentenceRun::clippedEventHead(std::string_view stem) const {
  if (stem.size() < 9 || !st.rules->mayEndEventClip(cpBefore(stem, stem.size())) || !allHangul(stem)) return {};
  for (const auto& h : st.rules->eventHeads()) {
    if (!allHangul(h)) continue;  // (Hangul syllables are three bytes each)
    // the longest proper prefix of h, of three syllables or more, that ends the stem
    for (size_t n = h.size(); n >= 12;) {
      n -= 3;
      std::string_view cut = std::string_view(h).substr(0, n);
      if (endsWith(stem, cut)) return Clip{&h, stem.substr(0, stem.size() - n)};
    }
  }
  return {};
}

// Whether `name` ends with the clip's head and holds the syllables before it in order
// ("과기" in "과학기술").
bool SentenceRun::clips(const Clip& clip, std::string_view name) {
  if (!endsWith(name, *clip.head)) return false;
  std::string_view before = name.substr(0, name.size() - clip.head->size());
  size_t at = 0;
  for (size_t i = 0; i < clip.rest.size();) {
    int32_t len = 0;
    UChar32 want = cpAt(clip.rest, i, &len);
    bool hit = false;
    while (at < before.size() && !hit) {
      int32_t l = 0;
      hit = cpAt(before, at, &l) == want;
      at += static_cast<size_t>(std::max(l, 1));
    }
    if (!hit) return false;
    i += static_cast<size_t>(std::max(len, 1));
  }
  return true;
}

// ---- in-document coreference for phase 2: "설명회는 …가 주최했다", "양해각서에
// 서명했다": a bare head noun of an event or programme the document named
// before (in this sentence or an earlier one) stands for that event or
// programme. The head nouns that may refer back are the word class @anaphor-head.
void SentenceRun::anaphorMentions(std::vector<detail::RuleMention>& rm) const {
  const auto& toks = words().tokens;
  std::vector<detail::RuleMention> extra;
  size_t next = 0;
  for (const auto& t : toks) {
    if (t.punct) continue;
    while (next < rm.size() && rm[next].tailEnd <= t.b) ++next;
    if (next < rm.size() && rm[next].b < t.e) continue;  // inside a mention
    std::string_view stem = text(t.b, t.stemEnd);
    // "주최: A, B" in an event's fact box: the label stands for the event the
    // document described last.
    bool label = false;
    const size_t k = static_cast<size_t>(&t - toks.data());
    if (st.rules->tokenInClass(words(), k, "@event-label")) {
      label = k + 1 < toks.size() && toks[k + 1].punct && c.s[toks[k + 1].b] == ':';
      if (!label) continue;
    }
    // "관리위원회와 투자협약을 맺었다", "센터는 첫 사업으로": a body's bare head refers back
    // to the last body of the document whose name ends with it.
    const bool bodyHead = !label && st.rules->tokenInClass(words(), k, "@body-anaphor-head");
    // "이번 공동위에는", "과기공동위": an event's head clipped to its first syllables (three
    // or more), after the first syllables of the name's words.
    const Clip clip = label || bodyHead ? Clip{} : clippedEventHead(stem);
    if (!label && !bodyHead && !clip.head && !st.rules->tokenInClass(words(), k, "@anaphor-head") &&
        !(t.role == detail::Role::Loc && st.rules->tokenInClass(words(), k, "@event-speech")))
      continue;
    // The word before must not make it part of another name ("일대일 상담회"): only
    // demonstratives and day words (@anaphor-before), or nothing, or punctuation.
    // (a word with a josa or an ending, "부원장은 기조연설에서", ends its own phrase)
    const bool wordBefore = !label && k > 0 && !toks[k - 1].punct && toks[k - 1].e + 1 >= t.b &&
                            toks[k - 1].role == detail::Role::None;
    const bool demonstrative = wordBefore && st.rules->tokenInClass(words(), k - 1, "@anaphor-before");
    if (wordBefore && !demonstrative) continue;
    int64_t found = -1;
    bool anyName = false;
    const bool eventPartOrSpeech =
        st.rules->tokenInClass(words(), k, "@event-part") || st.rules->tokenInClass(words(), k, "@event-speech");
    auto matches = [&](const Entity& en) {
      if (bodyHead && isBody(en.type))
        return en.name.size() > stem.size() + 3 && endsWith(en.name, stem);
      if (en.type != NodeType::Event && en.type != NodeType::Program) return false;
      if (clip.head) return en.type == NodeType::Event && clips(clip, en.name);
      // (행사 "the event", its ceremonies and speeches, @event-part, refer to the last
      // event of any name; so does an event's head after a demonstrative, "이날 회의에는",
      // when no event's name ends with it)
      return label || eventPartOrSpeech || anyName ? en.type == NodeType::Event : endsWith(en.name, stem);
    };
    uint32_t foundSentence = 0;
    auto search = [&] {
      for (size_t q = ms.size(); q-- > 0 && found < 0;)
        if (ms[q].e <= t.b && matches(st.doc.entities[ms[q].entity])) found = ms[q].entity, foundSentence = index;
      // (earlier sentences only: this one's names are in ms, with their positions)
      const uint32_t here = st.doc.sentences[index].span.begin;
      for (size_t q = st.doc.mentions.size(); q-- > 0 && found < 0;)
        if (st.doc.mentions[q].span.begin < here && matches(st.doc.entities[st.doc.mentions[q].entity]))
          found = st.doc.mentions[q].entity, foundSentence = st.doc.sentenceOf(st.doc.mentions[q]);
    };
    search();
    if (found < 0 && demonstrative && !clip.head && st.rules->tokenInClass(words(), k, "@any-event-head")) {
      anyName = true;
      search();
    }
    // "the event" of any name is the one the text last referred to, by its name or by a
    // bare head ("포럼에서는 … 왕샤오리 서기는 주제발표에서": the forum, not a workshop named
    // before it as a plan)
    const bool anyEvent = label || anyName || eventPartOrSpeech;
    if (anyEvent && !bodyHead && st.eventReferred >= 0 && (found < 0 || st.eventReferredIn > foundSentence))
      found = st.eventReferred;
    if (found < 0) continue;
    if (st.doc.entities[found].type == NodeType::Event) {
      st.eventReferred = found;
      st.eventReferredIn = index;
    }
    detail::RuleMention x;
    x.b = t.b;
    // "이번 박람회", "이날 회의": the demonstrative is part of the mention, so a
    // pattern that wants the event right after a verb ("주관한 이번 박람회") sees it there.
    if (demonstrative) x.b = toks[k - 1].b;
    x.e = t.stemEnd;
    x.tailEnd = t.e;
    x.entity = static_cast<uint32_t>(found);
    x.type = st.doc.entities[found].type;
    x.role = label ? detail::Role::Label : t.role;
    extra.push_back(x);
  }
  if (extra.empty()) return;
  rm.insert(rm.end(), extra.begin(), extra.end());
  std::sort(rm.begin(), rm.end(), [](const auto& a, const auto& b) { return a.b < b.b; });
}

// ---- phase 2 as data: the relation rules of extract/rules/*.rules over this
// sentence's top-level mentions and words.
void SentenceRun::ruleRelations() {
  // A body whose name starts with the name of another body is its unit:
  // "KOTRA 칭다오무역관", "중국과학원 국제합작국", "국무원 판공청" (ANNOTATION.md, partOf).
  for (const auto& outer : ms) {
    if (outer.inner) continue;
    for (const auto& in : ms)
      if (in.inner && in.b == outer.b && in.e < outer.e && isBody(in.type) && isBody(outer.type) &&
          in.entity != outer.entity && c.s[in.e] == ' ')
        st.addRelation(EdgeType::PartOf, outer.entity, in.entity, index, "unit-named-after-body");
  }
  std::vector<detail::RuleMention> rm;
  rm.reserve(ms.size());
  for (const auto& m : ms) {
    if (m.inner || (!rm.empty() && m.b < rm.back().tailEnd)) continue;
    detail::RuleMention x;
    x.b = m.b;
    x.e = m.e;
    x.tailEnd = m.tail.empty() ? m.e : m.tailEnd;
    x.entity = m.entity;
    x.type = m.type;
    x.role = st.rules->josa().roleOf(m.tail);
    const std::string& lexId = st.doc.entities[m.entity].lexiconId;
    if (!lexId.empty())
      if (auto entry = st.lex.findId(lexId)) x.lexEntry = static_cast<int32_t>(*entry);
    rm.push_back(x);
  }
  anaphorMentions(rm);
  std::vector<detail::RuleEdge> edges;
  st.rules->match(c.s, words(), rm, *st.parentOf, edges);
  if (!st.collectOnly) governmentRoles(edges);
  for (const auto& e : edges) st.addRelation(e.type, e.source, e.target, index, st.rules->name(e.rule).c_str());
  tableRowRelations();
}

// "새만금개발청·전라북도·군산시, X㈜와 투자협약", "산동성은 …규정을 공포했다", "펑즈창 하이난성
// 부성장", "다롄시 과학기술국": a province or city written with its suffix (시, 성, 도) in the
// role of a body (a party to cooperation, an issuer, a participant, led by a person, the
// parent of a unit) is its government (ANNOTATION.md, "A province or city acting as its
// government"): the mention becomes the government's Agency (the lexicon's, e.g. 베이징시
// 인민정부, when it knows one; else the name as written) and the edges of that role go to it.
// A country stays a Place ("한국과 중국은 …"), and so does a bare city name ("인천").
void SentenceRun::governmentRoles(std::vector<detail::RuleEdge>& edges) {
  auto roleOfBody = [](EdgeType type, bool source) {
    switch (type) {
      case EdgeType::CooperatesWith: return true;
      case EdgeType::Issued:
      case EdgeType::ParticipatesIn: return source;
      case EdgeType::Leads:
      case EdgeType::PartOf: return !source;
      default: return false;
    }
  };
  std::vector<std::pair<uint32_t, uint32_t>> retyped;  // place entity -> its government
  auto governmentFor = [&](uint32_t place) -> int64_t {
    for (const auto& r : retyped)
      if (r.first == place) return r.second;
    if (st.doc.entities[place].type != NodeType::Place) return -1;
    const std::string& lexId = st.doc.entities[place].lexiconId;
    if (!lexId.empty())
      if (auto entry = st.lex.findId(lexId); entry && st.lex.entry(*entry).parent.empty())
        return -1;  // a country
    for (auto& m : ms) {
      // (the mention that stands in the relation: not one inside a longer name, "다롄시
      // 과학기술국", nor one with a locative josa, "경기도에 본사를 둔")
      if (m.entity != place || m.inner || st.rules->josa().roleOf(m.tail) == Role::Loc) continue;
      std::string surface(text(m.b, m.e));
      // A post written onto the bare name brings the suffix: "포항시장" is 포항 + 시장,
      // the mayor of 포항시; "경남도지사", 경남도.
      if (!detail::governmentSuffixed(surface))
        for (const std::string& post : st.rules->fusedPosts(true)) {
          std::string_view rest = std::string_view(c.s).substr(m.e);
          if (rest.substr(0, post.size()) != post) continue;
          if (detail::governmentSuffixed(surface + post.substr(0, 3))) surface += post.substr(0, 3);
          break;
        }
      if (!detail::governmentSuffixed(surface)) continue;
      Cand k;
      k.b = m.b;
      k.e = m.e;
      governmentNamed(k, surface);
      uint32_t gov = st.entityFor(NodeType::Agency, k.name, k.lex);
      if (k.lex >= 0 || surface != k.name) st.addAlias(gov, surface);
      // The mention stands for the government now (it was recorded by choose()).
      for (size_t q = st.doc.mentions.size(); q-- > 0 && st.doc.mentions[q].span.begin >= sent.span.begin;)
        if (st.doc.mentions[q].entity == place && st.doc.mentions[q].span.begin == c.map[m.b]) {
          st.doc.mentions[q].entity = gov;
          st.doc.mentions[q].rule = st.doc.internRule("government-role");
          st.doc.entities[place].mentions--;
          st.doc.entities[gov].mentions++;
        }
      m.entity = gov;
      m.type = NodeType::Agency;
      retyped.emplace_back(place, gov);
      return gov;
    }
    return -1;
  };
  for (auto& e : edges) {
    if (edgeAllowed(e.type, st.doc.entities[e.source].type, st.doc.entities[e.target].type) &&
        e.type != EdgeType::CooperatesWith)
      continue;
    for (bool source : {true, false}) {
      uint32_t& end = source ? e.source : e.target;
      if (!roleOfBody(e.type, source)) continue;
      int64_t gov = governmentFor(end);
      if (gov >= 0) end = static_cast<uint32_t>(gov);
    }
  }
  // The first engine's relation code ran before on this sentence: its edges of that role
  // go to the government too, so one fact is one edge.
  // (relations are added in sentence order: this sentence's are the last ones)
  for (size_t q = st.doc.relations.size(); !retyped.empty() && q-- > 0 && st.doc.relations[q].sentence == index;) {
    Relation& r = st.doc.relations[q];
    for (const auto& [place, gov] : retyped)
      for (bool source : {true, false}) {
        uint32_t& end = source ? r.source : r.target;
        if (end != place || !roleOfBody(r.type, source)) continue;
        end = gov;
        uint32_t a = r.source, b = r.target;
        if (isSymmetric(r.type) && a > b) std::swap(a, b);
        st.relSeen.emplace(static_cast<int>(r.type), a, b);
      }
  }
}

// What a table row states by its layout (detail/table_rows.h); the row says it is
// about cooperation when one of its words is of @coop-verb or @joint.
void SentenceRun::tableRowRelations() {
  const auto& cells = rowCells();
  if (cells.empty()) return;
  std::vector<detail::RowMention> rm;
  for (const auto& m : ms)
    if (!m.inner) rm.push_back(detail::RowMention{m.b, m.e, m.entity, m.type});
  bool cooperation = false;
  for (size_t k = 0; k < words().tokens.size() && !cooperation; ++k)
    cooperation = st.rules->tokenInClass(words(), k, "@coop-verb") ||
                  st.rules->tokenInClass(words(), k, "@joint");
  for (const auto& e : detail::tableRowEdges(c.s, cells, rm, cooperation))
    st.addRelation(e.type, e.from, e.to, index, "table-row");
  // Under a header whose person column is a post ("대표자"), the person of that column leads
  // the row's first body ("㈜나래퀀텀 | 심규리 | 대전 유성구").
  if (st.table.leads && cells.size() == st.table.cells && st.table.header != index) {
    const auto [pb, pe] = cells[st.table.personColumn];
    const detail::RowMention *person = nullptr, *body = nullptr;
    for (const auto& m : rm) {
      if (m.type == NodeType::Person && m.b >= pb && m.e <= pe) person = &m;
      if (!body && isBody(m.type) && m.b < pb) body = &m;
    }
    if (person && body) st.addRelation(EdgeType::Leads, person->entity, body->entity, index, "table-column");
  }
}

}  // namespace kg::detail
