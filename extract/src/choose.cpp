// Stage: choose one reading among overlapping candidates, and the name rules' answer
// (SentenceRun, detail/sentence_run.h).
#include <algorithm>
#include <string>
#include <vector>

#include "detail/aliases.h"
#include "detail/relation_rules.h"
#include "detail/rules.h"
#include "detail/sentence_run.h"
#include "kg/names.h"

namespace kg::detail {

namespace {

bool sameMentions(const std::vector<detail::RuleMention>& a,
                  const std::vector<detail::RuleMention>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.b == y.b && x.e == y.e && x.tailEnd == y.tailEnd && x.entity == y.entity &&
           x.type == y.type && x.role == y.role && x.lexEntry == y.lexEntry;
  });
}

}  // namespace

// ---- choose non-overlapping mentions; keep qualifiers nested in rule names
// Length of the closing mark of a quoted title at `at` ("'…'에서", "「…」을"), or 0.
size_t SentenceRun::closingMarkAt(size_t at) const {
  for (std::string_view q : {"'", "\"", "’", "”", "」", "』", "》", "〉", ">"})
    if (std::string_view(c.s).substr(std::min(at, c.s.size()), q.size()) == q) return q.size();
  return 0;
}

// Whether the rest of the word at `at` is a whole particle chain: "국가지적재산권국의 …".
bool SentenceRun::particleEnds(uint32_t at) const {
  size_t we = wordEnd(c.s, at);
  if (we == at) return false;
  bool whole = false;
  particleChain(std::string_view(c.s).substr(at, we - at), &whole);
  return whole;
}

void SentenceRun::choose(bool pass2) {
  // "상하이 린강신구", "제15차 한중 과학기술협력공동위원회": a name found by its head
  // that is a lexicon entry with a place or an ordinal before it is that entry.
  for (auto& o : cands) {
    if (o.lex != -1 || o.rule.rfind("head:", 0) != 0) continue;
    for (const auto& x : cands)
      if (x.lex >= 0 && x.type == o.type && x.e == o.e && x.b > o.b && text(o.b, x.b).back() == ' ') {
        std::string_view prefix = text(o.b, x.b - 1);
        bool ordinal = prefix.find(' ') == std::string_view::npos &&
                       (startsWith(prefix, "제") || std::isdigit(static_cast<unsigned char>(prefix[0]))) &&
                       (endsWith(prefix, "차") || endsWith(prefix, "회") || endsWith(prefix, "기"));
        bool placeFirst = ordinal;
        for (const auto& q : cands)
          if (q.type == NodeType::Place && q.b == o.b && q.e + 1 == x.b) placeFirst = true;
        if (!placeFirst) continue;
        o.aliases.push_back(std::string(text(o.b, o.e)));
        o.lex = x.lex;
        o.name = x.name;
        break;
      }
  }
  // A name the document defined ("(이하 웨이하이 산업단지)", a gloss) names its entity again,
  // though a head reads the same words as a name of their own: the document's reading goes
  // first (lexicon candidates, and so gazetteer hits, come before head candidates).
  // (only where the document's entity has another name: where the names agree, the head's
  // reading is that entity too, and keeps what its rule knows, "포켓모바일사는": 사 and 는)
  for (auto& d : cands) {
    if (d.lex > -2) continue;
    for (const auto& o : cands)
      if (o.lex == -1 && o.b == d.b && o.e == d.e && o.type == d.type && o.name != d.name)
        d.priority = std::max(d.priority, o.priority);
  }
  std::vector<size_t> order(cands.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Cand &x = cands[a], &y = cands[b];
    uint32_t lx = x.e - x.b, ly = y.e - y.b;
    if (x.priority == 3 && y.priority != 3 && x.b <= y.b && y.e <= x.e) return true;
    if (y.priority == 3 && x.priority != 3 && y.b <= x.b && x.e <= y.e) return false;
    if (lx != ly) return lx > ly;
    if (x.priority != y.priority) return x.priority > y.priority;
    return x.b < y.b;
  });
  std::vector<const Cand*> chosen, inner;
  for (size_t i : order) {
    const Cand& cd = cands[i];
    bool clash = false, nested = false;
    for (const Cand* o : chosen) {
      if (cd.b < o->e && o->b < cd.e) {
        clash = true;
        // A named thing inside a title or multi-word name, standing as its own word(s).
        bool wordAligned = (cd.b == o->b || sepLength(c.s, cd.b - 1) || c.soft[cd.b] || c.s[cd.b - 1] == '-') &&
                           (cd.e == o->e || sepLength(c.s, cd.e) || c.soft[cd.e] || c.s[cd.e] == ' ' ||
                            c.s[cd.e] == '-' || particleEnds(cd.e));
        // (a part of a city found by its head counts: "베이징 부도심" in "베이징 부도심 …시범구")
        bool known = cd.lex != -1 || (cd.type == NodeType::Place && cd.rule.rfind("head:", 0) == 0);
        if (o->b <= cd.b && cd.e <= o->e && known && wordAligned &&
            (o->type == NodeType::Program || o->type != NodeType::Event) && !(cd.b == o->b && cd.e == o->e))
          nested = true;
        // not the same thing again, with or without its place: "부도심 …시범구" in "베이징 부도심 …시범구"
        // (a lexicon entry inside stays: it tells which entry the longer form is, "상하이 린강신구")
        if (nested && cd.lex < 0 && (cd.name == o->name || (cd.type == o->type && cd.e == o->e))) nested = false;
        // nor another entry of the same type that ends the longer entry: its generic head
        // ("발전개혁위원회", the NDRC's short form, in "광둥성 발전개혁위원회")
        if (nested && cd.lex >= 0 && o->lex >= 0 && cd.lex != o->lex && cd.type == o->type && cd.e == o->e)
          nested = false;
        // nor a company inside a company's name ("화웨이" of "화웨이 클라우드", "삼성" of
        // "삼성중국반도체유한공사"): no edge joins two companies that way (partOf takes a body
        // of a government or an organisation), so it would stand alone, a name not meant
        if (nested && cd.type == NodeType::Company && o->type == NodeType::Company) nested = false;
      }
    }
    if (!clash) chosen.push_back(&cd);
    else if (nested) inner.push_back(&cd);
  }
  // Drop inner mentions overlapping each other (keep the longer).
  std::vector<const Cand*> keptInner;
  for (const Cand* cd : inner) {
    bool clash = false;
    for (const Cand* o : keptInner)
      if (cd->b < o->e && o->b < cd->e) clash = true;
    if (!clash) keptInner.push_back(cd);
  }
  auto make = [&](const Cand* cd, bool isInner) {
    SentMention m;
    m.b = cd->b;
    m.e = cd->e;
    m.type = cd->type;
    m.inner = isInner;
    // A unit by its head, whichever rule found it ("…연구소" from the lexicon or met before).
    m.unitHead = cd->unitHead;
    if (cd->type == NodeType::Organization)
      for (const std::string& h : st.rules->organizationUnitHeads())
        if (endsWith(cd->name, h)) m.unitHead = true;
    m.surface = std::string(text(cd->b, cd->e));
    m.rule = cd->rule;
    if (cd->lex <= -2) {
      m.entity = static_cast<uint32_t>(-2 - cd->lex);
    } else if (cd->parentPrefix.empty()) {
      m.entity = st.entityFor(cd->type, cd->name, cd->lex);
    } else {
      m.entity = st.entityFor(cd->type, cd->parentPrefix + " " + cd->name, cd->lex);
    }
    Entity& ent = st.doc.entities[m.entity];
    // A back-reference ("「의견」") names the entity only here: no alias.
    if (cd->rule != "quote-back-reference") st.addAlias(m.entity, m.surface);
    if (!cd->parentPrefix.empty()) st.addAlias(m.entity, cd->name);
    for (const auto& a : cd->aliases) st.addAlias(m.entity, a);
    (void)ent;
    // Tail particles, after the closing quote of a quoted title ("'…'에서", "「…」을").
    size_t from = m.e + closingMarkAt(m.e);
    // The classifier of "포켓모바일사는" is not part of the name, nor of its particles.
    if (cd->rule == "head:사" && std::string_view(c.s).substr(from, 3) == "사") from += 3;
    size_t we = from;
    while (we < c.s.size() && !sepLength(c.s, we) && !(we > from && c.soft[we])) {
      int32_t len;
      cpAt(c.s, we, &len);
      we += std::max(len, 1);
    }
    std::string_view rest = std::string_view(c.s).substr(from, we - from);
    bool whole = false;
    size_t n = particleChain(rest, &whole);
    m.tailEnd = m.e;
    if (whole) {
      m.tail = std::string(rest.substr(0, n));
      m.tailEnd = static_cast<uint32_t>(from + n);
    }
    return m;
  };
  for (const Cand* cd : chosen) ms.push_back(make(cd, false));
  for (const Cand* cd : keptInner) ms.push_back(make(cd, true));
  std::sort(ms.begin(), ms.end(), [](const SentMention& a, const SentMention& b) {
    return a.b != b.b ? a.b < b.b : a.e > b.e;
  });
  // Aliases from parentheticals go to the mention ending right there, else the one around it.
  for (const Paren& p : c.parens) {
    const SentMention* target = nullptr;
    for (const auto& m : ms)
      if (m.e == p.at) target = &m;
    if (!target)
      for (const auto& m : ms)
        if (m.b < p.at && p.at < m.e && !m.inner) target = &m;
    if (!target) continue;
    for (const auto& a : p.aliases) {
      st.addAlias(target->entity, a);
      if (!pass2) st.addGazetteer(a, target->entity);
    }
  }
  if (!pass2) {
    for (const auto& m : ms)
      // (not a Korean form that only its Hanja made clear: "장강(張江)" vs "장강(長江)")
      if (m.rule != "lexicon" && m.rule != "document" && m.rule != "lexicon-hanja" && syllables(m.surface) >= 2)
        st.addGazetteer(m.surface, m.entity);
  }
  if (!st.collectOnly) {
    for (const auto& m : ms) {
      st.doc.addMention(Span{c.map[m.b], c.map[m.e]}, m.entity, m.surface, m.rule);
      st.doc.entities[m.entity].mentions++;
    }
  }
}

// ---- phase 1 as data: the name rules of extract/rules/*.rules over the words
// and the names found so far (lexicon, heads, quotes), taken longest first.
void SentenceRun::ruleNameCandidates() {
  std::vector<size_t> order(cands.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Cand &x = cands[a], &y = cands[b];
    if (x.e - x.b != y.e - y.b) return x.e - x.b > y.e - y.b;
    return x.priority > y.priority;
  });
  std::vector<const Cand*> picked;
  for (size_t i : order) {
    const Cand& cd = cands[i];
    // (people the first engine guessed from a title are left to the name rules)
    // and names the document's earlier sentences gave are found again by the rules that gave them
    if (cd.generic || (cd.type == NodeType::Person && cd.lex < 0) || cd.lex <= -2) continue;
    bool clash = false;
    for (const Cand* o : picked) clash |= cd.b < o->e && o->b < cd.e;
    if (!clash) picked.push_back(&cd);
  }
  std::sort(picked.begin(), picked.end(), [](const Cand* a, const Cand* b) { return a->b < b->b; });
  std::vector<detail::RuleMention> rm;
  for (const Cand* cd : picked) {
    detail::RuleMention x;
    x.b = cd->b;
    x.e = cd->e;
    uint32_t we = static_cast<uint32_t>(wordEnd(c.s, cd->e));
    if (!rm.empty() && x.b < rm.back().tailEnd) continue;
    x.role = st.rules->josa().roleOf(text(cd->e, we));
    x.tailEnd = x.role == detail::Role::Other ? cd->e : we;
    x.type = cd->type;
    rm.push_back(x);
  }
  std::vector<detail::RelationRules::Gloss> glosses;
  for (const Paren& p : c.parens)
    if (!p.hereafter && !p.aliases.empty()) glosses.emplace_back(p.at, p.aliases.front());
  // Two rounds: names found in the first are mentions in the second ("김태성
  // 한빛테크 대표": the firm first, then the person before it).
  std::vector<detail::RuleName> found;
  if (namesMemo && sameMentions(namesMemo->mentions, rm)) {  // pass 2, as in pass 1
    found = std::move(namesMemo->found);
    namesMemo.reset();
  } else {
    namesMemo = NamesMemo{rm, {}};
    findNames(rm, glosses, found);
    namesMemo->found = found;
  }
  // In front: of two candidates with one span, choose() keeps the first, and a
  // name rule reads more of the sentence than the first engine's word tests.
  std::vector<Cand> named;
  for (const auto& f : found) {
    named.push_back(spanCand(f.b, f.e, f.type, st.rules->name(f.rule), 3));
  }
  ruleNamesFound(named);
}

// The two rounds of the name rules over the first-round mentions `rm`.
void SentenceRun::findNames(std::vector<detail::RuleMention>& rm, const std::vector<detail::RelationRules::Gloss>& glosses, std::vector<detail::RuleName>& found) const {
  st.rules->matchNames(c.s, words(), rm, glosses, found);
  if (!found.empty()) {
    size_t before = rm.size();
    for (const auto& f : found) {
      bool clash = false;
      for (size_t i = 0; i < before && !clash; ++i) clash = f.b < rm[i].tailEnd && rm[i].b < f.e;
      for (size_t i = before; i < rm.size() && !clash; ++i) clash = f.b < rm[i].tailEnd && rm[i].b < f.e;
      if (clash) continue;
      detail::RuleMention x;
      x.b = f.b;
      x.e = f.e;
      uint32_t we = static_cast<uint32_t>(wordEnd(c.s, f.e));
      x.role = st.rules->josa().roleOf(text(f.e, we));
      x.tailEnd = x.role == detail::Role::Other ? f.e : we;
      x.type = f.type;
      rm.push_back(x);
    }
    std::sort(rm.begin(), rm.end(), [](const auto& a, const auto& b) { return a.b < b.b; });
    std::vector<detail::RuleName> second;
    st.rules->matchNames(c.s, words(), rm, glosses, second);
    for (const auto& n : second)
      if (std::none_of(found.begin(), found.end(),
                       [&](const auto& f) { return f.b == n.b && f.e == n.e && f.type == n.type; }))
        found.push_back(n);
  }
}

// The names the name rules found, as candidates in front of the others.
void SentenceRun::ruleNamesFound(std::vector<Cand>& named) {
  // A person a name rule found ends every guess of the first engine that runs
  // over the name ("왕리 중국과학원" is 왕리 and 중국과학원).
  for (const Cand& p : named) {
    if (p.type != NodeType::Person) continue;
    cands.erase(std::remove_if(cands.begin(), cands.end(),
                               [&](const Cand& o) {
                                 return o.lex < 0 && o.b < p.e && p.b < o.e && !(o.b == p.b && o.e == p.e) &&
                                        !(p.b <= o.b && o.e <= p.e);
                               }),
                cands.end());
  }
  cands.insert(cands.begin(), std::make_move_iterator(named.begin()), std::make_move_iterator(named.end()));
}

}  // namespace kg::detail
