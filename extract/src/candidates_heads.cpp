// Stage: NAME + head noun candidates (extract/rules/heads.tsv), enumerations, designations,
// governments and ports (SentenceRun, detail/sentence_run.h).
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

// ---- head nouns: "...연구소", "...신구", "...그룹", "... 센터"
// Finds the head in token k (before its particle tail); returns the head or nullptr.
const detail::Head* SentenceRun::headIn(std::string_view w, size_t* stemLen, size_t* nameLen) const {
  // A head must end where the word ends or where a whole particle chain
  // begins; those ends are few, so find them first (right to left), then
  // take the first head of heads.tsv that ends at one of them (the rightmost).
  uint32_t ends[16];
  size_t nends = 0;
  for (size_t q = w.size(); q > 0 && nends < 16;) {
    std::string_view rest = w.substr(q);
    bool whole = false;
    particleChain(rest, &whole);
    if (rest.empty() || whole) ends[nends++] = static_cast<uint32_t>(q);
    do --q;
    while (q > 0 && (static_cast<unsigned char>(w[q]) & 0xC0) == 0x80);
  }
  const std::vector<detail::Head>& heads = st.rules->heads();
  size_t best = SIZE_MAX, bestEnd = 0;
  for (size_t i = 0; i < nends; ++i) {
    size_t end = ends[i];
    // (only the heads that can end there: indexed by their last code point, ascending)
    const std::vector<uint16_t>* cand = st.rules->headsEndingWith(static_cast<char32_t>(cpBefore(w, end)));
    if (!cand) continue;
    for (uint16_t hi : *cand) {
      if (hi >= best) break;  // ascending: the rest cannot win
      const detail::Head& h = heads[hi];
      if (end >= h.head.size() && w.compare(end - h.head.size(), h.head.size(), h.head) == 0) {
        best = hi;  // the rightmost end of a head wins: ends run right to left
        bestEnd = end;
        break;
      }
    }
  }
  if (best == SIZE_MAX) return nullptr;
  *stemLen = bestEnd - heads[best].head.size();
  *nameLen = bestEnd;
  return &heads[best];
}

bool SentenceRun::agencyFalseFriend(std::string_view word) const {
  for (const auto& n : st.rules->agencyFalseFriends())
    if (endsWith(word, n)) return true;
  return false;
}

// Is the parenthesis removed at clean offset `at` a person's name in Han characters: a
// surname first (RelationRules::hanSurnameGloss), and not ending as an agency's name does
// (@agency-han-end: "商務部" is the ministry)?
bool SentenceRun::personGlossed(uint32_t at) const {
  for (const Paren& p : c.parens) {
    if (p.at != at || p.hereafter || p.aliases.empty()) continue;
    const std::string& gloss = p.aliases.front();
    if (!st.rules->hanSurnameGloss(gloss)) return false;
    for (const auto& end : st.rules->agencyHanEnds())
      if (endsWith(gloss, end)) return false;
    return true;
  }
  return false;
}

void SentenceRun::headCandidates() {
  for (size_t k = 0; k < toks.size(); ++k) {
    std::string_view w = text(toks[k].b, toks[k].e);
    size_t stemLen = 0, nameLen = 0;
    const detail::Head* h = headIn(w, &stemLen, &nameLen);
    // A firm written with the classifier 사 after a nationality: "한국의 넥스트칩사는".
    if (!h && k > 0 && endsWith(text(toks[k - 1].b, toks[k - 1].e), "의")) {
      std::string_view prev = text(toks[k - 1].b, toks[k - 1].e);
      bool placeBefore = false;
      for (const auto& other : cands)
        if (other.b == toks[k - 1].b && other.type == NodeType::Place &&
            other.e + 3 == toks[k - 1].b + prev.size())
          placeBefore = true;
      size_t p = w.find("사");
      while (placeBefore && p != std::string_view::npos) {
        std::string_view stemW = w.substr(0, p), rest = w.substr(p + 3);
        bool whole = false;
        particleChain(rest, &whole);
        if ((rest.empty() || whole) && syllables(stemW) >= 3 && !firmClassWord(stemW, st.rules->genericStems())) {
          cands.push_back(spanCand(toks[k].b, toks[k].b + static_cast<uint32_t>(p),
                                   NodeType::Company, "head:사", 2));
          break;
        }
        p = w.find("사", p + 3);
      }
    }
    // Company marker after an alias parenthesis: "포켓모바일(pocketmobile)사는"
    if (!h) {
      for (uint32_t q = toks[k].b + 1; q < toks[k].e; ++q) {
        if (!c.soft[q]) continue;
        std::string_view rest = text(q, toks[k].e);
        bool whole = false;
        if (startsWith(rest, "사") && (particleChain(rest.substr(3), &whole), whole || rest.size() == 3)) {
          cands.push_back(spanCand(toks[k].b, q, NodeType::Company, "head:사", 2));
        }
      }
      continue;
    }
    // A pair written with a hyphen, "한국연구재단-중국과학기술교류센터", "KRIBB-중국과학원
    // 미생물연구소": when a body the lexicon knows ends at the hyphen, the name with this
    // head starts after it (and takes no words from the left).
    uint32_t pairCut = 0;
    for (size_t p = w.rfind('-', nameLen); p != std::string_view::npos && p > 0 && p + 1 < nameLen;) {
      uint32_t at = toks[k].b + static_cast<uint32_t>(p);
      if (std::any_of(cands.begin(), cands.end(),
                      [&](const Cand& o) { return o.lex >= 0 && isBody(o.type) && o.e == at; }))
        pairCut = static_cast<uint32_t>(p + 1);
      if (pairCut > stemLen) pairCut = 0;
      break;
    }
    std::string_view stem = w.substr(pairCut, stemLen - pairCut);
    std::string_view nameInWord = w.substr(pairCut, nameLen - pairCut);
    // A person's post that ends in a head ("책임연구원", "선임연구원": a researcher, not an
    // institute) names no body: the word is of @person-title or @lead-title.
    if (pairCut == 0 && !stem.empty() && wordInClass(toks[k].b, {"@person-title", "@lead-title"}))
      continue;
    // (the false friends are words ending in the one-syllable heads: "정부" is no "…부")
    if (h->type == NodeType::Agency && syllables(h->head) == 1 && agencyFalseFriend(nameInWord)) continue;
    // "판즈청(潘志成) … 주임": a word glossed with a person's name in Han characters (a surname
    // first, no agency's last character) is that person, not a body of a one-syllable head.
    if (h->type == NodeType::Agency && syllables(h->head) == 1 && personGlossed(toks[k].b + nameLen)) continue;
    // A place the lexicon knows that merely ends in a one-syllable head ("옌청" is no
    // "…청", "난징" no "…징") names the place, not a body.
    if (syllables(h->head) == 1 && std::any_of(cands.begin(), cands.end(), [&](const Cand& o) {
          return o.lex >= 0 && (o.type == NodeType::Place || o.type == NodeType::Zone) &&
                 o.b == toks[k].b && o.e == toks[k].b + nameLen;
        }))
      continue;
    // "산업1부 홍보영 기자": a numbered desk of a newsroom or a firm, not a ministry.
    if (h->type == NodeType::Agency &&
        std::any_of(stem.begin(), stem.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); }))
      continue;
    if (!stem.empty() && stem.back() == '-') continue;
    size_t syl = syllables(stem);
    bool numeric = !stem.empty() && (std::isdigit(static_cast<unsigned char>(stem[0])) ||
                                     (startsWith(stem, "제") && stem.size() > 3 &&
                                      std::isdigit(static_cast<unsigned char>(stem[3]))));
    bool unitHead = h->unit;
    Cand cd;
    cd.type = h->type;
    // "한중 과학기술협력위원회를 개최": a committee that is held is a meeting.
    if (h->type == NodeType::Agency && h->head == "위원회" && k + 1 < toks.size() &&
        startsWith(text(toks[k + 1].b, toks[k + 1].e), "개최")) {
      std::string_view rest = w.substr(nameLen);
      if (rest == "를" || rest == "을" || rest == "가" || rest == "이") cd.type = NodeType::Event;
    }
    cd.rule = "head:" + std::string(h->head);
    cd.priority = 2;
    cd.unitHead = unitHead;
    cd.e = toks[k].b + static_cast<uint32_t>(nameLen);
    cd.b = toks[k].b + pairCut;
    // "국가에너지투자공사" names one firm; "국가공정기술연구센터" is a class of centres.
    bool generic = numeric || genericStem(stem, st.rules->genericStems()) ||
                   (h->type == NodeType::Company ? classPrefix(stem) && genericRest(stem, st.rules->genericStems())
                                                 : h->type != NodeType::Agency && classPrefix(stem));
    if (syl < static_cast<size_t>(h->minStem) && !stem.empty() && !numeric) generic = true;
    if (stem.empty()) generic = true;
    // Extend to the left over the words of a multi-word name.
    // A zone the lexicon knows by this very word ("중국 장쑤성 쑤저우공업원구"): the
    // places before it are where it lies, not words of a longer name.
    if (cd.type == NodeType::Zone && pairCut == 0 &&
        std::any_of(cands.begin(), cands.end(), [&](const Cand& o) {
          return o.lex >= 0 && o.type == NodeType::Zone && o.b == toks[k].b && o.e == cd.e;
        }))
      continue;
    bool named = !generic;
    bool countBefore = false;
    size_t first = k;
    std::vector<size_t> ext;
    for (size_t j = k; pairCut == 0 && j-- > 0 && k - j <= 6;) {
      std::string_view gap = text(toks[j].e, toks[j + 1].b);
      bool gapOk = std::all_of(gap.begin(), gap.end(), [](char ch) { return ch == ' '; });
      // A parenthesised qualifier glued to a name: "중국-싱가포르(충칭) … 산업단지", not a
      // label opening the line: "(배경) 국가급 신구".
      if (!gapOk && (gap == "(" || gap == ")" || gap == ") ")) {
        uint32_t open = gap == "(" ? toks[j].e : (toks[j].b > 0 ? toks[j].b - 1 : 0);
        gapOk = open > 0 && open < c.s.size() && c.s[open] == '(' && c.s[open - 1] != ' ' &&
                !sepLength(c.s, open - 1);
      }
      if (!gapOk) break;
      // "두산공정기계(중국)유한공사", "LG디스플레이(옌타이)유한공사": a name written against
      // the bracket of a place qualifier is the first word of this one.
      const bool bracketGlued = gap == "(" && (cd.type == NodeType::Company || cd.type == NodeType::Agency) &&
                                first == k - 1;
      std::string_view pw = text(toks[j].b, toks[j].e);
      if (isCountToken(pw)) {
        countBefore = true;
        break;
      }
      if (isStopWord(pw) || startsWith(pw, "'")) break;
      // "KRIBB-중국과학원 미생물연구소": a pair's hyphen after a known body ends the name
      // (the body after the hyphen is the unit's parent).
      if (size_t hy = pw.rfind('-'); hy != std::string_view::npos && hy > 0) {
        uint32_t at = toks[j].b + static_cast<uint32_t>(hy);
        bool pair = std::any_of(cands.begin(), cands.end(),
                                [&](const Cand& o) { return o.lex >= 0 && isBody(o.type) && o.e == at; });
        if (pair) {
          if (unitHead && first == k)
            for (const auto& other : cands)
              if (other.lex >= 0 && isBody(other.type) && other.b == at + 1 && other.e == toks[j].e) {
                named = true;
                cd.parentPrefix = std::string(text(other.b, other.e));
              }
          break;
        }
      }
      bool inBody = false, inName = false, particleAfter = false;
      for (const auto& other : cands) {
        if (other.lex == -1 && other.rule.rfind("head:", 0) != 0) continue;
        if (other.type == NodeType::Person || other.type == NodeType::Event) continue;
        if (other.b <= toks[j].b && toks[j].e <= other.e + 6 && other.e > toks[j].b) {
          if (other.b == toks[j].b || other.e >= toks[j].e - 1) {
            // A name followed by a particle inside its word ("저장성은", "푸둥신구와")
            // ends a phrase: the words before the head are not part of its name.
            if (other.e < toks[j].e && closingParticle(text(other.e, toks[j].e))) particleAfter = true;
            if (isBody(other.type) && other.e >= toks[j].e - 6) inBody = true;
            else inName = true;
          }
        }
      }
      if (particleAfter) break;
      // A glossed word that is no known name ("류창허(劉長河) 옌타이 고신구": a person) is
      // no word of this name.
      // (a person's name: two or three Hangul syllables; a glossed term, "신품질생산력(新質生產力)
      // 연구 개발 센터", is longer)
      if (!inName && !inBody && !bracketGlued && toks[j].e < c.soft.size() && c.soft[toks[j].e] &&
          allHangul(pw) && syllables(pw) <= 3)
        break;
      if (bracketGlued) {
        ext.push_back(j);
        first = j;
        named = true;
        break;
      }
      // Agency and company names take only a place before them ("베이징시정부", "하얼빈 창룽그룹"),
      // a word of a place or zone of several words the lexicon knows too ("옌타이 하이테크산업개발구
      // 관리위원회"; not a class of zones, "… 하이테크산업개발구 관리위원회").
      if ((cd.type == NodeType::Agency || cd.type == NodeType::Company) && inName) {
        bool place = false;
        for (const auto& other : cands)
          if ((other.type == NodeType::Place || other.type == NodeType::Zone) &&
              (other.b == toks[j].b || (other.lex >= 0 && other.b < toks[j].b && toks[j].e <= other.e)))
            place = true;
        if (!place) break;
      }
      if (inBody) {
        // A unit under a named body: "중국과학원 선전선진기술연구소", "제6연구원 101연구소".
        if (unitHead && first == k) {
          named = true;
          cd.parentPrefix = std::string(text(toks[j].b, toks[j].e));
        }
        break;
      }
      if (closesPhrase(pw) && !inName) break;
      if (cd.type == NodeType::Agency || cd.type == NodeType::Company) {
        // Agency and company names are one word; only a place before them is joined.
        if (!inName) break;
      }
      ext.push_back(j);
      first = j;
      if (inName || !genericStem(pw, st.rules->genericStems())) named = true;
      if (contains(pw, "-")) named = true;
    }
    if (countBefore && first == k) continue;  // "20개의 하이테크산업개발구": a class
    // "10만 명당 평균 대학 재학생": words after a count are no name (a date is no count).
    if (countBefore && first > 0) {
      std::string_view cnt = text(toks[first - 1].b, toks[first - 1].e);
      bool date = false;
      for (std::string_view d : {"년", "월", "일", "년도", "년까지", "년에", "년부터"})
        if (endsWith(cnt, d)) date = true;
      if (!date) continue;
    }
    if (!named) continue;
    if (classPrefix(text(toks[first].b, toks[k].e)) && first != k) {
      bool hasLex = false;
      for (const auto& other : cands)
        if (other.lex != -1 && other.b >= toks[first].b && other.e <= toks[k].b) hasLex = true;
      if (!hasLex) continue;
    }
    cd.b = first == k ? toks[k].b + pairCut : toks[first].b;
    // The words taken end inside a place or zone the lexicon knows (its first word stopped the
    // walk, "지난 하이테크산업개발구 관리위원회"): the name starts where that one does.
    if (first != k && (cd.type == NodeType::Agency || cd.type == NodeType::Company))
      for (const auto& other : cands)
        if ((other.type == NodeType::Place || other.type == NodeType::Zone) && other.lex >= 0 &&
            other.b < cd.b && cd.b < other.e)
          cd.b = other.b;
    cd.name = std::string(text(cd.b, cd.e));
    if (first != k && !genericStem(stem, st.rules->genericStems()) && syl >= 1) cd.aliases.push_back(std::string(nameInWord));
    cands.push_back(std::move(cd));
  }
}

// ---- enumerations with a classifier: "A, B, C 등 8개사", "A 등 5개 부처"
void SentenceRun::enumerationCandidates() {
  for (size_t k = 0; k + 1 < toks.size(); ++k) {
    if (text(toks[k].b, toks[k].e) != "등") continue;
    std::string_view cls = text(toks[k + 1].b, toks[k + 1].e);
    if (cls.empty() || !std::isdigit(static_cast<unsigned char>(cls[0]))) continue;
    size_t d = 0;
    while (d < cls.size() && std::isdigit(static_cast<unsigned char>(cls[d]))) ++d;
    std::string_view unit = cls.substr(d);
    std::string_view next = k + 2 < toks.size() ? text(toks[k + 2].b, toks[k + 2].e) : "";
    std::optional<NodeType> type;
    if (startsWith(unit, "개사") || startsWith(unit, "개 기업") || (unit == "개" && startsWith(next, "기업")) ||
        (unit == "개" && startsWith(next, "업체")))
      type = NodeType::Company;
    else if (unit == "개" && (startsWith(next, "부처") || startsWith(next, "부서") || startsWith(next, "부문")))
      type = NodeType::Agency;
    else if (unit == "개" && startsWith(next, "대학"))
      type = NodeType::Organization;
    if (!type) continue;
    for (size_t j = k; j-- > 0;) {
      std::string_view gap = text(toks[j].e, toks[j + 1].b);
      if (gap.find_first_not_of(" ,·、") != std::string_view::npos && !startsWith(gap, "·") &&
          !startsWith(gap, "、"))
        break;
      // Items are separated by commas or dots; a bare space ends the list on
      // the left ("화웨이 클라우드는 A, B, C 등": the subject is no item) but
      // is what stands before "등".
      if (j + 1 < k && gap == " ") break;
      std::string_view w = text(toks[j].b, toks[j].e);
      if (closesPhrase(w) || syllables(w) < 2 || isCountToken(w)) break;
      cands.push_back(spanCand(toks[j].b, toks[j].e, *type, "enumeration", 1));
    }
  }
}

// ---- an edition of a meeting named by its number alone: "제3차 공동위원회는 2000년 북경에서
// 열린다", "제2회 포럼", "제15차 공동위" (an ordinal word, then an event head of
// @event-anaphor-head, whole or clipped).
void SentenceRun::editionCandidates() {
  for (size_t k = 0; k + 1 < toks.size(); ++k) {
    std::string_view w = text(toks[k].b, toks[k].e);
    if (!startsWith(w, "제") || w.size() < 3 + 1 + 3) continue;
    size_t d = 3;
    while (d < w.size() && std::isdigit(static_cast<unsigned char>(w[d]))) ++d;
    if (d == 3 || d + 3 != w.size() || !(endsWith(w, "차") || endsWith(w, "회"))) continue;
    if (text(toks[k].e, toks[k + 1].b) != " ") continue;
    const Token* head = wordAt(toks[k + 1].b);
    if (!head) continue;
    // (or the head clipped: "제15차 공동위")
    const Clip clip = clippedEventHead(text(head->b, head->stemEnd));
    if (!wordInClass(toks[k + 1].b, {"@event-anaphor-head"}) && !(clip.head && clip.rest.empty())) continue;
    cands.push_back(spanCand(toks[k].b, head->stemEnd, NodeType::Event, "edition-head", 1));
  }
}

// ---- designated sets: "과학기술부가 25곳의 과학기술서비스업 시범지역(…)을 선정함".
// A count, then a name ending in a designation head, the object of a
// designation verb: the name is the programme that designates the places
// (they follow as its targets), not a zone. Without the count ("상하이를
// 시범지역으로 지정") or the verb it is nothing.
void SentenceRun::designationCandidates() {
  for (size_t k = 1; k < toks.size(); ++k) {
    std::string_view w = text(toks[k].b, toks[k].e);
    size_t headEnd = 0;
    for (auto head : kDesignationHeads) {
      for (size_t at = w.find(head); at != std::string_view::npos; at = w.find(head, at + 1)) {
        std::string_view rest = w.substr(at + head.size());
        bool whole = false;
        if (rest.empty() || (particleChain(rest, &whole), whole)) headEnd = at + head.size();
      }
      if (headEnd) break;
    }
    if (!headEnd) continue;
    // The words before, back to the count: "25곳의", "10개", "3대".
    size_t first = k;
    bool counted = false;
    for (size_t j = k; j-- > 0 && k - j <= 4;) {
      if (text(toks[j].e, toks[j + 1].b) != " ") break;
      std::string_view pw = text(toks[j].b, toks[j].e);
      if (isCountToken(pw)) {
        counted = true;
        break;
      }
      if (isStopWord(pw) || closesPhrase(pw)) break;
      first = j;
    }
    uint32_t b = toks[first].b, e = toks[k].b + static_cast<uint32_t>(headEnd);
    std::string_view name = text(b, e);
    if (!counted || syllables(name) < 6) continue;  // a stem of two syllables at least
    // The object of a designation verb: "…시범지역을 선정", "…시범도시(…)를 지정".
    std::string_view after = text(e, static_cast<uint32_t>(c.s.size()));
    if (startsWith(after, "(")) {
      size_t close = after.find(')');
      if (close == std::string_view::npos) continue;
      after.remove_prefix(close + 1);
    }
    if (!(startsWith(after, "을 ") || startsWith(after, "를 ") || startsWith(after, "들을 "))) continue;
    after.remove_prefix(after.find(' ') + 1);
    bool verb = false;
    for (auto v : kDesignationVerbs)
      if (startsWith(after, v)) verb = true;
    if (!verb) continue;
    cands.push_back(spanCand(b, e, NodeType::Program, "designation", 2));
  }
}

// ---- demonstration projects named after a place or a quoted phrase:
// "상하이 푸둥신구 종합개혁 시범 프로젝트 구축을", "'고급·정밀·첨단·희소' 외국 인재 인정
// 표준시범 프로젝트를". Without the named start ("탄소배출 이중관리 시범사업") the
// words may name a kind of project, not one: nothing.
void SentenceRun::demonstrationCandidates() {
  for (size_t k = 1; k < toks.size(); ++k) {
    std::string_view w = text(toks[k].b, toks[k].e);
    size_t headEnd = 0;
    for (std::string_view head : {"프로젝트", "사업"}) {
      size_t at = w.rfind(head);
      if (at == std::string_view::npos) continue;
      std::string_view rest = w.substr(at + head.size());
      bool whole = false;
      if (!rest.empty() && (particleChain(rest, &whole), !whole)) continue;
      std::string_view before = w.substr(0, at);
      bool demo = endsWith(before, "시범") ||
                  (before.empty() && endsWith(text(toks[k - 1].b, toks[k - 1].e), "시범") &&
                   text(toks[k - 1].e, toks[k].b) == " ");
      if (demo) headEnd = at + head.size();
      break;
    }
    if (!headEnd) continue;
    // Left over plain words to a named place or zone, or to a quoted phrase.
    int64_t start = -1;
    size_t words = 0;
    for (size_t j = k; j-- > 0 && words < 8; ++words) {
      std::string_view gap = text(toks[j].e, toks[j + 1].b);
      if (gap == "' " || gap == "’ ") {  // a quoted phrase ends here: it starts the name
        std::string_view s = text(0, toks[j].e);
        size_t straight = s.rfind('\''), curly = s.rfind("‘");
        size_t open = straight == std::string_view::npos ? curly
                      : curly == std::string_view::npos  ? straight
                                                         : std::max(straight, curly);
        if (open != std::string_view::npos && toks[j].e - open <= 120) start = static_cast<int64_t>(open);
        ++words;
        break;
      }
      if (gap != " ") break;
      std::string_view pw = text(toks[j].b, toks[j].e);
      // a named place or zone starts it; the longest that ends here ("상하이 푸둥신구")
      const Cand* named = nullptr;
      for (const auto& o : cands)
        if (o.e == toks[j].e && o.lex != -1 && (o.type == NodeType::Place || o.type == NodeType::Zone))
          if (!named || o.b < named->b) named = &o;
      if (named) {
        start = named->b;
        break;
      }
      if (closesPhrase(pw) || isStopWord(pw) || isCountToken(pw) || !allHangul(pw)) break;
    }
    if (start < 0 || words < 2) continue;
    uint32_t b = static_cast<uint32_t>(start), e = toks[k].b + static_cast<uint32_t>(headEnd);
    std::string name;
    for (char ch : text(b, e)) name.push_back(ch);
    for (std::string_view q : {"'", "‘", "’"})
      for (size_t at = name.find(q); at != std::string::npos; at = name.find(q)) name.erase(at, q.size());
    cands.emplace_back(b, e, NodeType::Program, std::move(name), "demonstration", 2);
  }
}

// ---- "홍콩특별행정구 정부", "광둥성 정부", "일본 정부": a place's government is an agency.
void SentenceRun::governmentCandidates() {
  constexpr std::string_view kGov = " 정부";
  const size_t known = cands.size();
  for (size_t i = 0; i < known; ++i) {
    const Cand& p = cands[i];
    if (p.type != NodeType::Place || p.lex < 0) continue;
    // A country's government ("중국 정부", "미국 정부") is a class of bodies, no entity
    // (ANNOTATION.md, "Names, not classes"): only a province's or a city's.
    if (isCountryPlace(p.type, p.lex, *st.parentOf)) continue;
    if (c.s.compare(p.e, kGov.size(), kGov) != 0) continue;
    uint32_t e = p.e + static_cast<uint32_t>(kGov.size());
    uint32_t we = e;
    while (we < c.s.size() && !sepLength(c.s, we) && !c.soft[we]) ++we;
    bool whole = false;
    if (we > e && (particleChain(text(e, we), &whole), !whole)) continue;  // "정부기관": another word
    cands.push_back(spanCand(p.b, e, NodeType::Agency, "government", 2));
  }
}

// ---- ports: a city's name with 항 in one word ("상하이항", "칭다오항은"): a
// zone in that city. Not "상하이항공" (the rest of the word is no particle),
// not "사항" or "조항" (no city before 항).
void SentenceRun::portCandidates() {
  for (const auto& t : toks) {
    std::string_view w = text(t.b, t.e);
    for (size_t at = w.find("항"); at != std::string_view::npos; at = w.find("항", at + 3)) {
      if (at < 6) continue;  // a city of two syllables at least
      std::string_view rest = w.substr(at + 3);
      bool whole = false;
      if (!rest.empty() && (particleChain(rest, &whole), !whole)) continue;
      std::string_view city = w.substr(0, at);
      int hit = -1;
      for (uint32_t h : st.lex.lookup(city))
        if (st.lex.entry(h).type == NodeType::Place) hit = static_cast<int>(h);
      if (hit < 0) continue;
      const std::string& canonical = st.lex.entry(static_cast<uint32_t>(hit)).canonical;
      const uint32_t cityEnd = t.b + static_cast<uint32_t>(at);
      Cand port(t.b, cityEnd + 3, NodeType::Zone, canonical + "항", "port", 2);
      if (city != canonical) port.aliases.push_back(std::string(w.substr(0, at + 3)));
      cands.push_back(std::move(port));
      // the city inside, which the lexicon scan skips (항 is no particle)
      Cand place(t.b, cityEnd, NodeType::Place, canonical, "lexicon", 2);
      place.lex = hit;
      if (city != canonical) place.aliases.push_back(std::string(city));
      cands.push_back(std::move(place));
    }
  }
}

}  // namespace kg::detail
