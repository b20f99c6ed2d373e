// Stage: lexicon and gazetteer candidates, quoted names (SentenceRun, detail/sentence_run.h).
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

namespace {

// Checks that a name found at [b, e) of the clean text stands as a word: it
// starts at a word start and what follows it in the word is a particle chain.
// Returns the end of the name (which may take an administrative suffix for
// places: 시, 성, 구, 현) or 0 when it does not stand alone.
uint32_t standsAlone(const Clean& c, uint32_t b, uint32_t e, NodeType type, std::string* tail,
                     const detail::RelationRules* rules = nullptr) {
  const std::string& s = c.s;
  if (b > 0 && !c.soft[b] && !sepLength(s, b - 1)) {
    UChar32 prev = cpBefore(s, b);
    // "주칭다오 총영사관", "주상하이 총영사": 주 ("resident in") before a place
    bool resident = type == NodeType::Place && prev == U'주' && (b == 3 || sepLength(s, b - 4) || c.soft[b - 3]);
    if (isHangulSyllable(prev) && !resident) return 0;
    if (prev < 0x80 && std::isalnum(prev)) return 0;
  }
  if (e < s.size() && !sepLength(s, e) && !c.soft[e]) {
    UChar32 next = cpAt(s, e);
    if (next < 0x80 && std::isalnum(next) && std::isalnum(static_cast<unsigned char>(s[e - 1])))
      return 0;
  }
  auto restOf = [&](uint32_t from) {
    size_t we = from;
    while (we < s.size() && !sepLength(s, we) && !(we > from && c.soft[we])) {
      int32_t len;
      cpAt(s, we, &len);
      we += std::max(len, 1);
    }
    return std::string_view(s).substr(from, we - from);
  };
  // The josa chain after `lead` at the start of `word` ("에서" of "시에서" after 시; "" when
  // the word ends there), or nothing when the word does not start with `lead` or goes on.
  auto josaAfter = [](std::string_view word, std::string_view lead) -> std::optional<std::string_view> {
    if (word.compare(0, lead.size(), lead) != 0) return std::nullopt;
    std::string_view after = word.substr(lead.size());
    bool whole = false;
    size_t m = particleChain(after, &whole);
    if (!whole) return std::nullopt;
    return after.substr(0, m);
  };
  // A removed parenthetical ends the name: "중국과학기술부(科學技術部)자오젠린";
  // so does the hyphen of a pair: "말레이시아-중국 콴탄산업단지", "한-중".
  if ((e < c.soft.size() && c.soft[e]) || (e < s.size() && s[e] == '-' && e > b)) {
    // "허베이(河北)성", "옌청(鹽城)시에서": a place's suffix after its gloss is still its own
    if (type == NodeType::Place && e < c.soft.size() && c.soft[e])
      for (std::string_view suffix : {"성", "시", "현"}) {
        if (s.compare(e, suffix.size(), suffix) != 0) continue;
        auto josa = josaAfter(restOf(e + static_cast<uint32_t>(suffix.size())), "");
        if (!josa) continue;
        if (tail) *tail = std::string(*josa);
        return e + static_cast<uint32_t>(suffix.size());
      }
    if (tail) tail->clear();
    return e;
  }
  std::string_view rest = restOf(e);
  if (auto josa = josaAfter(rest, "")) {
    if (tail) *tail = std::string(*josa);
    return e;
  }
  // A post written onto the name ends it: "중국과학원장은", "충북도지사가" (the rules read
  // the post and its josa as the word after the name: words.tsv, @fused-post-*).
  if (rules && (type == NodeType::Place || isBody(type)))
    for (const std::string& post : rules->fusedPosts(type == NodeType::Place)) {
      // (지사 alone is also a branch office, "중국지사": only after a province's 도, "경기도지사")
      if (post == "지사" && !(e - b >= 6 && std::string_view(s).substr(e - 3, 3) == "도")) continue;
      if (!josaAfter(rest, post)) continue;
      if (tail) tail->clear();
      return e;
    }
  // "한국기업 20여개사", "중국업체들과": a class of firms written onto a place (@fused-class-word);
  // the rules read the class word as the word after the place.
  if (rules && type == NodeType::Place)
    for (const std::string& w : rules->fusedClassWords())
      if (josaAfter(rest, w)) {
        if (tail) tail->clear();
        return e;
      }
  if (type == NodeType::Place) {
    // (not 구: "대만구" is no district of Taiwan; districts are listed as aliases, "통저우구")
    for (std::string_view suffix : {"시", "성", "현", "주"})
      if (auto josa = josaAfter(rest, suffix)) {
        if (tail) *tail = std::string(*josa);
        return e + static_cast<uint32_t>(suffix.size());
      }
  }
  return 0;
}

}  // namespace

// "베이징시는 … 발표했다", "톈진시 부시장": the government acting, not the place
// (issue 18): the lexicon's government of the place when it knows one
// (베이징시 인민정부), else an Agency of the name as written.
void SentenceRun::governmentOf(Cand& k, const std::string& tail) const {
  if (!detail::governmentActs(c.s, k.b, k.e, tail)) return;
  governmentNamed(k, std::string(text(k.b, k.e)));
}

// `k` becomes the government of the place written `surface`: the lexicon's Agency
// named by one of its government forms (detail::governmentNames), else the name as written.
void SentenceRun::governmentNamed(Cand& k, const std::string& surface) const {
  k.type = NodeType::Agency;
  k.lex = -1;
  k.name = surface;
  k.rule = "government";
  for (const auto& g : detail::governmentNames(surface))
    for (uint32_t x : st.lex.lookup(g))
      if (st.lex.entry(x).type == NodeType::Agency) {
        k.lex = static_cast<int>(x);
        k.name = st.lex.entry(x).canonical;
        k.aliases.push_back(surface);
        return;
      }
}

// ---- lexicon and gazetteer
void SentenceRun::lexiconCandidates() {
  const auto& hits = lexiconHits();
  // A bare place name that is also a common word ("수소 저장·공급") needs a sign
  // that it is the place: a gloss, a name right after it, a place listed beside it.
  auto placeAt = [&](uint32_t at) {
    for (const auto& o : hits)
      if (o.span.begin == at && o.span.end - o.span.begin >= 6) return true;
    return false;
  };
  auto placeEndsAt = [&](uint32_t at) {
    for (const auto& o : hits)
      if (o.span.end == at && st.lex.entry(o.entry).type == NodeType::Place) return true;
    return false;
  };
  // Is the entry of the hit ending right before `b` (after one space) a place that
  // the gazetteer puts `entry` inside ("광둥성 선전")?
  auto parentBefore = [&](uint32_t b, uint32_t entry) {
    if (b < 2 || c.s[b - 1] != ' ') return false;
    for (const auto& o : hits) {
      if (o.span.end != b - 1 || st.lex.entry(o.entry).type != NodeType::Place) continue;
      int32_t x = static_cast<int32_t>(entry);
      for (int depth = 0; depth < 16 && x >= 0; ++depth)
        if ((x = (*st.parentOf)[x]) == static_cast<int32_t>(o.entry)) return true;
    }
    return false;
  };
  auto commonWordPlace = [&](uint32_t b, uint32_t e, const std::string& tail, uint32_t entry) {
    std::string_view w = text(b, e);
    if (std::find(std::begin(kCommonWordPlaces), std::end(kCommonWordPlaces), w) == std::end(kCommonWordPlaces))
      return false;  // not such a word (or written with 시/성: "선전시", "저장성")
    if (c.soft[e]) return false;  // "선전(深圳)"
    if (parentBefore(b, entry)) return false;  // "광둥성 선전"
    // "선전 소재", "선전 본사에서": a word that places something there
    for (std::string_view w : {" 소재", " 본사", " 본원", " 본부"})
      if (tail.empty() && c.s.compare(e, w.size(), w) == 0) return false;
    uint32_t after = e + static_cast<uint32_t>(tail.size());
    // "선전에 위치한", "선전에서 열린": where something is
    if (tail == "에" || tail == "에서" || tail == "에서는") {
      std::string_view next = text(std::min<uint32_t>(after + 1, static_cast<uint32_t>(c.s.size())),
                                   static_cast<uint32_t>(c.s.size()));
      for (std::string_view v : {"위치", "소재", "본사", "있는", "열린", "개최", "개막", "설립", "진출"})
        if (c.s.compare(after, 1, " ") == 0 && startsWith(next, v)) return false;
    }
    if ((tail.empty() || tail == "의") && after + 1 < c.s.size() && c.s[after] == ' ') {
      // a name after it: known, with a head noun ("저장 지리그룹"), or glossed ("선전 난산(深圳南山)")
      if (placeAt(after + 1)) return false;
      uint32_t we = after + 1;
      while (we < c.s.size() && !sepLength(c.s, we) && !(we > after + 1 && c.soft[we])) ++we;
      size_t stemLen = 0, nameLen = 0;
      if (headIn(text(after + 1, we), &stemLen, &nameLen) || (we < c.soft.size() && c.soft[we])) return false;
    }
    for (std::string_view sep : {", ", "·", ",", "、"}) {
      if (c.s.compare(after, sep.size(), sep) == 0 && placeAt(after + static_cast<uint32_t>(sep.size()))) return false;
      if (b >= sep.size() && c.s.compare(b - sep.size(), sep.size(), sep) == 0 &&
          placeEndsAt(b - static_cast<uint32_t>(sep.size())))
        return false;
    }
    // joined to another place by 과/와: "베이징과 선전에서", "선전과 광저우"
    if ((tail == "과" || tail == "와") && after + 1 < c.s.size() && c.s[after] == ' ' && placeAt(after + 1))
      return false;
    for (std::string_view conj : {"과 ", "와 "})
      if (b >= conj.size() && c.s.compare(b - conj.size(), conj.size(), conj) == 0 &&
          placeEndsAt(b - static_cast<uint32_t>(conj.size())))
        return false;
    return true;
  };
  auto afterCount = [&](uint32_t b) {
    if (b < 5 || c.s[b - 1] != ' ' || c.s.compare(b - 4, 3, "개") != 0) return false;
    return std::isdigit(static_cast<unsigned char>(c.s[b - 5])) != 0;
  };
  // One name, several places of one type (the 중구 of six Korean cities): after a
  // place ("인천 중구"), the one the gazetteer puts inside it, not the others.
  auto siblingInItsParent = [&](const LexiconHit& h) {
    if (parentBefore(h.span.begin, h.entry)) return false;
    for (const auto& o : hits)
      if (o.entry != h.entry && o.span == h.span &&
          st.lex.entry(o.entry).type == NodeType::Place && parentBefore(h.span.begin, o.entry))
        return true;
    return false;
  };
  // Whether a country (a place the gazetteer puts inside nothing) ends at byte `at` and
  // `accept` takes its entry.
  auto countryEndsAt = [&](uint32_t at, auto&& accept) {
    for (const auto& q : hits)
      if (q.span.end == at && isCountryPlace(st.lex.entry(q.entry).type, q.entry, *st.parentOf) &&
          accept(st.lex.entry(q.entry)))
        return true;
    return false;
  };
  // The country written right before a hit ("중국 과학기술부"), one space before; "" when
  // there is none.
  auto qualifier = [&](const LexiconHit& x) -> std::string_view {
    std::string_view country;
    if (x.span.begin < 2 || c.s[x.span.begin - 1] != ' ') return country;
    countryEndsAt(x.span.begin - 1, [&](const LexiconEntry& q) { return country = q.country, true; });
    return country;
  };
  // "중국의 실리콘밸리", "중국판 실리콘밸리": a place of one country named after a country
  // with 의 or 판 is a nickname of something else, not the place.
  // (with 의, only when the place is what something is called: "…의 실리콘밸리로 불리는";
  // "한국의 베이징 대사관" is Beijing)
  auto countryOf = [&](uint32_t entry) -> std::string_view {
    int32_t x = static_cast<int32_t>(entry);
    for (int depth = 0; depth < 16 && x >= 0; ++depth, x = (*st.parentOf)[x])
      if (!st.lex.entry(x).country.empty()) return st.lex.entry(x).country;
    return {};
  };
  auto nickname = [&](const LexiconHit& h, const std::string& tail) {
    std::string_view mine = countryOf(h.entry);
    if (mine.empty() || h.span.begin < 4) return false;
    for (std::string_view mark : {"의 ", "판 "}) {
      if (mark == "의 " && tail != "로" && tail != "으로" && tail != "라" && tail != "이라") continue;
      uint32_t at = h.span.begin - static_cast<uint32_t>(mark.size());
      if (c.s.compare(at, mark.size(), mark) != 0) continue;
      // (a country's own country is its entry's: it lies inside nothing)
      if (countryEndsAt(at, [&](const LexiconEntry& q) { return !q.country.empty() && q.country != mine; }))
        return true;
    }
    return false;
  };
  // One name, two bodies of two countries (Korea's and China's 과학기술부): the one this
  // document has already named, else the one of the country the document's names lean
  // to, else the lexicon's first.
  auto otherCountryWins = [&](const LexiconHit& h) {
    const LexiconEntry& me = st.lex.entry(h.entry);
    for (const auto& o : hits) {
      if (o.entry == h.entry || o.span.begin != h.span.begin || o.span.end != h.span.end) continue;
      const LexiconEntry& other = st.lex.entry(o.entry);
      if (other.type != me.type || other.country == me.country) continue;
      // "중국 과학기술부": the qualifier decides; "과학기술부와 중국 과학기술부는": a bare
      // name beside the same name qualified in this sentence is the other country's.
      if (std::string_view q = qualifier(h); !q.empty()) {
        if (me.country == q) return false;
        if (other.country == q) return true;
      } else {
        for (const auto& y : hits) {
          if (y.span.begin == h.span.begin || !(y.entry == h.entry || y.entry == o.entry)) continue;
          std::string_view qy = qualifier(y);
          if (qy.empty()) continue;
          if (me.country == qy && other.country != qy) return true;
          if (other.country == qy && me.country != qy) return false;
        }
      }
      auto named = [&](const LexiconEntry& en) {
        for (const auto& x : st.doc.entities)
          if (x.lexiconId == en.id) return true;
        return false;
      };
      bool mine = named(me), theirs = named(other);
      if (mine != theirs) return theirs;
      // else the country the document's names so far lean to (a digest of China's
      // policy names China's bodies bare), else the press's own
      auto lean = [&](const std::string& country) {
        size_t n = 0;
        for (const auto& x : st.doc.entities)
          if (!x.lexiconId.empty())
            if (auto id = st.lex.findId(x.lexiconId); id && st.lex.entry(*id).country == country) ++n;
        return n;
      };
      size_t a = lean(me.country), b = lean(other.country);
      if (a != b) return b > a;
    }
    return false;
  };
  // "아시아 최초", "아시아 최대의 장비", "여러 아시아 기록": a world region (a place inside
  // nothing, of no country) before a word of @superlative-scope is the scope of a record,
  // not a place the text is about.
  auto regionAsScope = [&](const LexiconHit& h, uint32_t e, const std::string& tail) {
    const LexiconEntry& en = st.lex.entry(h.entry);
    if (!en.country.empty() || !isCountryPlace(en.type, h.entry, *st.parentOf) || !tail.empty())
      return false;
    return c.s[e] == ' ' && wordInClass(e + 1, {"@superlative-scope"});
  };
  // "산시(陝西)성": a gloss inside a name the lexicon reads two ways (산시성 is both 山西 and
  // 陕西) names the one meant; the other reading of the span is no candidate.
  // The document keeps to that reading where the name comes again unglossed ("산시성은").
  auto glossed = [&](uint32_t entry) {
    return std::binary_search(st.glossedReadings.begin(), st.glossedReadings.end(), entry);
  };
  auto otherReadingGlossed = [&](const LexiconHit& h) {
    std::vector<uint32_t> readings;  // (looked up only when needed)
    auto readsAs = [&](uint32_t entry) {
      if (readings.empty()) readings = st.lex.lookup(text(h.span.begin, h.span.end));
      return std::find(readings.begin(), readings.end(), entry) != readings.end();
    };
    for (const Paren& p : c.parens) {
      if (p.hereafter || p.aliases.empty() || p.at <= h.span.begin || p.at >= h.span.end) continue;
      std::vector<uint32_t> named = st.lex.lookup(p.aliases.front());
      if (named.size() != 1 || named[0] == h.entry || !readsAs(named[0])) continue;
      auto at = std::lower_bound(st.glossedReadings.begin(), st.glossedReadings.end(), named[0]);
      if (at == st.glossedReadings.end() || *at != named[0]) st.glossedReadings.insert(at, named[0]);
      return true;
    }
    if (st.glossedReadings.empty() || glossed(h.entry)) return false;
    for (uint32_t other : st.glossedReadings)
      if (readsAs(other)) return true;
    return false;
  };
  for (const auto& h : hits) {
    NodeType t = st.lex.entry(h.entry).type;
    if (otherCountryWins(h)) continue;
    if (otherReadingGlossed(h)) continue;
    std::string tail;
    uint32_t e = standsAlone(c, h.span.begin, h.span.end, t, &tail, st.rules);
    if (!e) continue;
    if (t == NodeType::Place && commonWordPlace(h.span.begin, e, tail, h.entry)) continue;
    // "3개 구로 구성", "11개 시에": the word after a count of things is the thing counted
    // (a classifier noun), not a place that reads the same (구로, 시와).
    if (t == NodeType::Place && afterCount(h.span.begin)) continue;
    if (t == NodeType::Place && nickname(h, tail)) continue;
    // "옌타이": what reads as a josa after a shorter name (옌타 + 이) is the end of a
    // longer one the lexicon found at the same place
    if (!tail.empty() && std::any_of(hits.begin(), hits.end(), [&](const LexiconHit& o) {
          return o.span.begin == h.span.begin && o.span.end > e && o.span.end <= e + tail.size();
        }))
      continue;
    if (t == NodeType::Place && siblingInItsParent(h)) continue;
    if (t == NodeType::Place && regionAsScope(h, e, tail)) continue;
    Cand k(h.span.begin, e, t, st.lex.entry(h.entry).canonical, "lexicon", 2);
    k.lex = static_cast<int>(h.entry);
    if (t == NodeType::Place) governmentOf(k, tail);
    // "제15차 한·중 과학기술공동위원회": an edition of a meeting is an event of its own, not
    // the series the lexicon names; the longer candidate wins the span.
    if (t == NodeType::Event && k.b >= 2 && c.s[k.b - 1] == ' ') {
      uint32_t wb = k.b - 1;
      while (wb > 0 && !sepLength(c.s, wb - 1)) --wb;
      std::string_view ord = text(wb, k.b - 1);
      bool ordinal = (startsWith(ord, "제") && ord.size() > 3 && std::isdigit(static_cast<unsigned char>(ord[3]))) ||
                     (!ord.empty() && std::isdigit(static_cast<unsigned char>(ord[0])));
      ordinal = ordinal && (endsWith(ord, "차") || endsWith(ord, "회"));
      if (ordinal) {
        Cand ed = k;
        ed.b = wb;
        ed.lex = -1;
        ed.name = std::string(text(wb, k.e));
        ed.rule = "edition";
        cands.push_back(std::move(ed));
      }
    }
    cands.push_back(std::move(k));
  }
  // "상하이 장강(張江)": a word whose parenthesised Hanja or English form the
  // lexicon knows names that entry, even when the Korean form is ambiguous.
  for (const Paren& p : c.parens) {
    if (p.hereafter || p.at == 0 || p.aliases.empty()) continue;
    std::vector<uint32_t> hits = st.lex.lookup(p.aliases.front());
    // Issue 17: a Han name of several things of one type names the gazetteer's first
    // ("중산(中山)": the city before Dalian's district), as a Korean name does.
    if (hits.size() > 1 && std::all_of(hits.begin(), hits.end(), [&](uint32_t x) {
          return st.lex.entry(x).type == st.lex.entry(hits[0]).type;
        }))
      hits.resize(1);
    if (hits.size() != 1) continue;
    uint32_t b = p.at;
    while (b > 0 && !sepLength(c.s, b - 1) && (b == p.at || !c.soft[b])) {  // soft[p.at] is this paren
      uint32_t q = b - 1;
      while (q > 0 && (static_cast<unsigned char>(c.s[q]) & 0xC0) == 0x80) --q;
      b = q;
    }
    if (b >= p.at || !allHangul(text(b, p.at))) continue;
    // The word must be a spelling of one of the entry's Korean names (same
    // first syllable: 장강/장장), not the last word of a longer name
    // ("상하이 광원(SSRF)": 광원 is no name of SSRF).
    {
      const LexiconEntry& en = st.lex.entry(hits[0]);
      UChar32 first = cpAt(c.s, b);
      bool spelling = cpAt(en.canonical, 0) == first;
      for (const auto& a : en.aliases)
        if (!a.empty() && cpAt(a, 0) == first) spelling = true;
      if (!spelling) continue;
    }
    const LexiconEntry& entry = st.lex.entry(hits[0]);
    Cand k(b, p.at, entry.type, entry.canonical, "lexicon-hanja", 2);
    k.lex = static_cast<int>(hits[0]);
    k.aliases.push_back(std::string(text(b, p.at)));
    cands.push_back(std::move(k));
  }
  // A find() per form, in gazetteer order, each continuing after its last hit.
  uint32_t lastForm = UINT32_MAX, nextFrom = 0;
  for (auto [g, from] : st.gazetteerHits(c.s)) {
    const auto& [form, ent] = st.gazetteer[g];
    if (g != lastForm) lastForm = g, nextFrom = 0;
    if (from < nextFrom) continue;  // overlaps the previous hit of this form
    nextFrom = from + static_cast<uint32_t>(form.size());
    {
      uint32_t b = from, e0 = from + static_cast<uint32_t>(form.size());
      NodeType t = st.doc.entities[ent].type;
      uint32_t e = standsAlone(c, b, e0, t, nullptr, st.rules);
      if (!e) continue;
      Cand k(b, e, t, st.doc.entities[ent].name, "document", 1);
      k.lex = -2 - static_cast<int>(ent);  // marks a gazetteer hit of entity `ent`
      cands.push_back(std::move(k));
    }
  }
}

// Is quoted text a sentence someone said rather than a title? A title names a
// plan; speech tells an intention, a verb in its future adnominal form right
// before the head ("…을 늘릴 계획", "…를 완성할 계획", "…될 방안").
bool SentenceRun::quotedSpeech(std::string_view content) {
  size_t headSpace = content.rfind(' ');
  if (headSpace == std::string_view::npos) return false;
  std::string_view rest = content.substr(0, headSpace);
  size_t sp = rest.rfind(' ');
  std::string_view beforeHead = sp == std::string_view::npos ? rest : rest.substr(sp + 1);
  if (syllables(beforeHead) < 2 || beforeHead.size() < 3) return false;
  UChar32 last = cpBefore(beforeHead, beforeHead.size());
  return last == U'할' || last == U'될' || last == U'릴';
}

// ---- quoted titles: '…', ‘…’, 「…」, 《…》, 〈…〉, "…", “…”
void SentenceRun::quoteCandidates() {
  static const std::pair<std::string_view, std::string_view> kQuotes[] = {
      {"'", "'"}, {"‘", "’"}, {"\"", "\""}, {"“", "”"}, {"「", "」"}, {"『", "』"}, {"《", "》"}, {"〈", "〉"},
      {"‘", "'"}, {"'", "’"}};
  const std::string& s = c.s;
  std::vector<std::pair<uint32_t, uint32_t>> used;
  for (size_t i = 0; i < s.size(); ++i) {
    // Every opener starts with ', " or the lead byte 0xE2 (‘ “) or 0xE3 (「 『 《 〈).
    unsigned char lead = static_cast<unsigned char>(s[i]);
    if (lead != '\'' && lead != '"' && lead != 0xE2 && lead != 0xE3) continue;
    for (auto [open, close] : kQuotes) {
      if (s.compare(i, open.size(), open) != 0) continue;
      if (sent.caption && open == "〈") continue;
      size_t cb = i + open.size();
      // "'24년", "’23년도": an apostrophe that abbreviates a year, not a quote.
      if ((open == "'" || open == "‘" || open == "’") && cb + 2 < s.size() && std::isdigit(static_cast<unsigned char>(s[cb])) &&
          std::isdigit(static_cast<unsigned char>(s[cb + 1])) && s.compare(cb + 2, 3, "년") == 0)
        continue;
      size_t ce = s.find(close, cb);
      if (ce == std::string::npos || ce - cb < 4 || ce - cb > 200) continue;
      bool overlap = false;
      for (auto [ub, ue] : used)
        if (i < ue && ce > ub) overlap = true;
      if (overlap) continue;
      std::string content = trimCopy(std::string_view(s).substr(cb, ce - cb));
      if (content.empty() || contains(content, "\n")) continue;
      Cand k;
      k.b = static_cast<uint32_t>(cb);
      k.e = static_cast<uint32_t>(ce);
      k.rule = "quote";
      k.priority = 3;
      bool typed = false;
      auto headOf = [&](std::string_view name, const auto& heads) {
        for (auto h : heads)
          if (endsWith(name, h)) return true;
        return false;
      };
      // An event's head: of the quoted titles' list, or an Event head of heads.tsv ("매칭회").
      auto eventHeadOf = [&](std::string_view name) {
        if (headOf(name, kEventHeads)) return true;
        for (const auto& h : st.rules->heads())
          if (h.type == NodeType::Event && endsWith(name, h.head)) return true;
        return false;
      };
      // "'일대일로' 전략", "'15·5' 중점계획", "'일대일로' 과학기술교류대회"
      size_t after = ce + close.size();
      size_t ws = after;
      while (ws < s.size() && s[ws] == ' ') ++ws;
      size_t we = wordEnd(s, ws);
      std::string word(std::string_view(s).substr(ws, we - ws));
      std::string tailless = word;
      for (size_t cut = 0; cut <= word.size(); ++cut) {
        if (cut < word.size() && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) continue;
        bool whole = false;
        std::string_view rest = std::string_view(word).substr(cut);
        if (cut > 0 && (particleChain(rest, &whole), whole)) {
          tailless = word.substr(0, cut);
          break;
        }
      }
      // The head of a title is before a bracket that ends it: its period or status, "…발전계획
      // (2013~2025년)", "…방안(안)" (the name keeps the bracket).
      std::string_view titleHead = content;
      if (titleHead.size() > 2 && titleHead.back() == ')')
        if (size_t open = titleHead.rfind('('); open != std::string_view::npos && open > 0)
          titleHead = trimBlanks(titleHead.substr(0, open));
      if (quotedSpeech(content)) {
        // a quoted sentence ("…냉연강판은 전량 내수용으로 판매할 계획"), no title
      } else if (headOf(titleHead, kProgramHeads) && !eventHeadOf(titleHead)) {
        k.type = NodeType::Program;
        typed = true;
      } else if (eventHeadOf(titleHead)) {
        k.type = NodeType::Event;
        typed = true;
      }
      if (typed && titleHead.size() < content.size()) {
        // What a bracket ending the title holds: another form of the title (a name with a
        // programme's or event's head, "…연구발전계획(863계획)"; an abbreviation, its syllables
        // in the title's order, "…과학기술공동위원회(과기공동위)"; Latin letters, "(KCFTA)"), an
        // alias; anything else (a period, an edition, a status: "(2013~2025년)", "(2020년판)",
        // "(안)", "(가칭)") is part of the title, and the title without it a form of it.
        std::string_view inner = trimBlanks(std::string_view(content).substr(titleHead.size()));
        inner = inner.substr(1, inner.size() - 2);  // (the brackets)
        bool latin = !inner.empty() && std::all_of(inner.begin(), inner.end(), [](char ch) {
          return std::isalpha(static_cast<unsigned char>(ch)) || ch == '-' || ch == '&' || ch == ' ';
        });
        bool abbreviation = syllables(inner) >= 2 && allHangul(inner);
        for (size_t i = 0, from = 0; abbreviation && i < inner.size(); i += 3) {
          size_t at = titleHead.find(inner.substr(i, 3), from);
          if (at == std::string_view::npos) abbreviation = false;
          else from = at + 3;
        }
        bool headed = headOf(inner, kProgramHeads) || eventHeadOf(inner);
        if (latin || abbreviation || headed) {
          k.name = std::string(titleHead);
          k.aliases.emplace_back(inner);
        } else {
          k.name = content;
          k.aliases.emplace_back(titleHead);
        }
      } else if (typed) {
        k.name = content;
      } else if (!tailless.empty() && headOf(tailless, kProgramHeads) && !endsWith(tailless, "협의") && ws - after <= 1) {
        // (a 협의 after the quote is talks about it, "‘탄소중립’ 협의를 시작": only a quoted
        // title ends in the agreement 협의)
        k.type = NodeType::Program;
        typed = true;
        bool bare = false;
        for (auto h : kProgramHeads)
          if (tailless == h) bare = true;
        k.name = bare ? content : content + " " + tailless;
        if (!bare) {
          k.aliases.push_back(content);
          k.e = static_cast<uint32_t>(ws + tailless.size());
        } else {
          k.aliases.push_back(content + " " + tailless);
        }
      } else if (!tailless.empty() && eventHeadOf(tailless) && ws - after <= 1 && tailless != "행사") {
        k.type = NodeType::Event;
        typed = true;
        k.name = content + " " + tailless;
        k.e = static_cast<uint32_t>(ws + tailless.size());
      } else if (!tailless.empty() && tailless == "행사" && ws - after <= 1) {
        k.type = NodeType::Event;
        typed = true;
        k.name = content;
      }
      if (!typed) {
        // (a pair of straight double quotes read as speech or as no title still pairs: its
        // closing mark opens nothing, '"…많다"며 "전략대화를 …"' holds no title "며 ")
        if (open == "\"" && close == "\"") {
          i = ce + close.size() - 1;
          break;
        }
        continue;
      }
      // 「의견」, '방안': a bare head in quotes refers back to the latest programme
      // mentioned with that head ("「…약간의견」에서 … 「의견」에서는"); with none, it is nothing.
      // So does one word ending in such a head that ends the programme's name
      // ("「베이징 … 건설 강화 총체방안」을 발표 … 「총체방안」은"); with none, it is a name.
      bool bareHead =
          std::find(std::begin(kProgramHeads), std::end(kProgramHeads), content) != std::end(kProgramHeads);
      bool headedWord = !bareHead && content.find(' ') == std::string::npos &&
                        std::any_of(std::begin(kProgramHeads), std::end(kProgramHeads),
                                    [&](std::string_view h) { return endsWith(content, h); });
      if (k.type == NodeType::Program && k.name == content && (bareHead || headedWord)) {
        int64_t found = -1;
        for (size_t q = st.doc.mentions.size(); q-- > 0 && found < 0;) {
          const Entity& en = st.doc.entities[st.doc.mentions[q].entity];
          if (en.type == NodeType::Program && en.name != content && endsWith(en.name, " " + content))
            found = st.doc.mentions[q].entity;
          else if (bareHead && en.type == NodeType::Program && en.name != content && endsWith(en.name, content))
            found = st.doc.mentions[q].entity;
        }
        if (found < 0 && bareHead) continue;
        if (found >= 0) {
          k.lex = -2 - static_cast<int>(found);
          k.name = st.doc.entities[static_cast<size_t>(found)].name;
          k.rule = "quote-back-reference";
        }
      }
      // "제15차 ...대회": the ordinal-free form is an alias.
      if (startsWith(k.name, "제")) {
        size_t sp = k.name.find(' ');
        if (sp != std::string::npos && (contains(k.name.substr(0, sp), "차") || contains(k.name.substr(0, sp), "회")) &&
            std::isdigit(static_cast<unsigned char>(k.name[3])))
          k.aliases.push_back(k.name.substr(sp + 1));
      }
      used.emplace_back(static_cast<uint32_t>(i), static_cast<uint32_t>(ce + close.size()));
      cands.push_back(std::move(k));
      i = ce;
      break;
    }
  }
}

}  // namespace kg::detail
