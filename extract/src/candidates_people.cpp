// Stage: persons by title and surname (SentenceRun, detail/sentence_run.h).
#include <algorithm>
#include <string>
#include <vector>

#include "detail/aliases.h"
#include "detail/relation_rules.h"
#include "detail/rules.h"
#include "detail/sentence_run.h"
#include "kg/names.h"

namespace kg::detail {

// ---- people: a name next to a title
void SentenceRun::personCandidates() {
  auto isTitle = [](std::string_view w, std::string* title) {
    // (the titles w starts with, tried in kTitles' order)
    uint8_t starts[std::size(kTitles)];
    size_t n = 0;
    titleTrie().forEachPrefix(w, [&](size_t, uint8_t i) { starts[n++] = i; });
    std::sort(starts, starts + n);
    for (size_t j = 0; j < n; ++j) {
      std::string_view t = kTitles[starts[j]];
      bool whole = false;
      std::string_view rest = w.substr(t.size());
      particleChain(rest, &whole);
      if (rest.empty() || whole) {
        *title = std::string(t);
        return true;
      }
    }
    return false;
  };
  auto nameLike = [&](std::string_view w) {
    if (!allHangul(w)) return false;
    size_t n = syllables(w);
    if (n < 2 || n > 4) return false;
    // (a word the name rules never read as a name, @not-name of words.tsv: "양측", "스마트폰", a
    // firm's legal form "유한공사" cut from its name by a bracket)
    if (auto wf = st.rules->words(w); wf.tokens.size() == 1 && st.rules->tokenInClass(wf, 0, "@not-name"))
      return false;
    // A name starts with a surname and does not end like a verb or a particle.
    bool surname = false;
    for (auto sn : kSurnames)
      if (startsWith(w, sn) && w.size() > sn.size()) surname = true;
    if (!surname) return false;
    for (std::string_view end : {"의", "한", "된", "는", "은", "을", "를", "나", "서", "고", "며", "여", "해"})
      if (endsWith(w, end) && n <= 3) return false;
    if (genericStem(w, st.rules->genericStems()) || endsWith(w, "산업") || endsWith(w, "기업") || endsWith(w, "시장")) return false;
    size_t sl, nl;
    if (headIn(w, &sl, &nl)) return false;
    for (const auto& h : st.lex.findAll(w))
      if (h.span.begin == 0 && h.span.end >= w.size() - 3) return false;
    return true;
  };
  auto addPerson = [&](uint32_t b, uint32_t e, std::string rule) {
    cands.push_back(spanCand(b, e, NodeType::Person, std::move(rule), 3));
  };
  // "남궁현부사장", "염태규사장", "주광우(朱廣宇)동사장": a post written against a name of
  // three syllables with no space (@glued-post), the rest of the word a particle chain.
  for (const auto& t : toks) {
    std::string_view w = text(t.b, t.e);
    if (w.size() < 9 + 6) continue;
    std::string_view name = w.substr(0, 9);
    for (const std::string& post : st.rules->gluedPosts()) {
      if (w.compare(9, post.size(), post) != 0) continue;
      bool whole = true;
      std::string_view rest = w.substr(9 + post.size());
      if (!rest.empty()) particleChain(rest, &whole);
      if (whole && nameLike(name)) addPerson(t.b, t.b + 9, "person-glued-post");
      break;
    }
  }
  // (a table's header row names columns, not people: "기업명\t대표")
  const bool header = st.table.cells && st.table.header == index;
  for (size_t k = 0; k < toks.size() && !header; ++k) {
    std::string title;
    if (!isTitle(text(toks[k].b, toks[k].e), &title)) continue;
    if (k == 0) continue;
    std::string_view prev = text(toks[k - 1].b, toks[k - 1].e);
    // 시장 and 성장 are also "market" and "growth": after a two-syllable noun
    // ("주식 시장", "경제 성장") they are no title; names with them have three syllables.
    // (unless a body or a place names whose: "상하이시정부 궁정 시장", "베이징시 천지닝 시장")
    if ((title == "시장" || title == "성장") && syllables(prev) < 3) {
      bool whose = false;
      if (k >= 2 && text(toks[k - 2].e, toks[k - 1].b) == " ")
        for (const auto& o : cands)
          if (o.e == toks[k - 2].e && (o.type == NodeType::Agency || o.type == NodeType::Place)) whose = true;
      if (!whose) continue;
    }
    if (nameLike(prev)) {
      addPerson(toks[k - 1].b, toks[k - 1].e, "person:" + title);
      continue;
    }
    // "중국과학기술부(科學技術部, MOST)자오젠린(曹健林) 부부장": name glued after a parenthesis.
    for (uint32_t q = toks[k - 1].e; q-- > toks[k - 1].b + 1;) {
      if (c.soft[q] && nameLike(text(q, toks[k - 1].e))) {
        addPerson(q, toks[k - 1].e, "person:" + title);
        break;
      }
    }
    // "최양희 미래창조과학부 장관": name, body, title.
    if (k >= 2 && nameLike(text(toks[k - 2].b, toks[k - 2].e))) {
      bool bodyBetween = false;
      for (const auto& h : st.lex.findAll(prev))
        if (isBody(st.lex.entry(h.entry).type) && h.span.end >= prev.size() - 3) bodyBetween = true;
      size_t sl, nl;
      const detail::Head* hh = headIn(prev, &sl, &nl);
      if (hh && isBody(hh->type)) bodyBetween = true;
      if (bodyBetween) addPerson(toks[k - 2].b, toks[k - 2].e, "person:" + title);
    }
    // "샤오미의 CEO 레이쥔": title first (English titles).
    if ((title == "CEO") && k + 1 < toks.size()) {
      std::string_view nw = text(toks[k + 1].b, toks[k + 1].e);
      std::string tailStripped(nw);
      bool whole = false;
      for (size_t cut = 6; cut < nw.size(); cut += 3) {
        particleChain(nw.substr(cut), &whole);
        if (whole) {
          tailStripped = std::string(nw.substr(0, cut));
          break;
        }
      }
      if (nameLike(tailStripped)) addPerson(toks[k + 1].b, toks[k + 1].b + static_cast<uint32_t>(tailStripped.size()), "person:" + title);
    }
  }
}

// ---- a table's person column: "기업명 | 대표자 | 본사 소재지" over "㈜나래퀀텀 | 심규리 | …":
// the header's label of @person-column makes the cell under it, a name of two to four
// Hangul syllables with a surname first, a person (no title stands beside it there).
void SentenceRun::tableColumnCandidates() {
  const auto& cells = rowCells();
  if (cells.empty()) {
    st.table = {};
    return;
  }
  // (the header is a table's first row: a data row's "회장" under 직위 is no label)
  if (st.table.cells == 0) {
    st.table.cells = cells.size();
    st.table.header = index;
    for (size_t k = 0; k < cells.size(); ++k) {
      std::string_view label = trimBlanks(text(cells[k].first, cells[k].second));
      auto w = st.rules->words(label);
      if (w.tokens.size() == 1 && st.rules->tokenInClass(w, 0, "@person-column")) {
        st.table.personColumn = k;
        st.table.leads = st.rules->tokenInClass(w, 0, "@lead-title");
        break;
      }
    }
    return;
  }
  if (cells.size() != st.table.cells || st.table.personColumn == SIZE_MAX) return;
  const auto [cellB, cellE] = cells[st.table.personColumn];
  std::string_view name = trimBlanks(text(cellB, cellE));
  const auto b = static_cast<uint32_t>(name.data() - c.s.data());
  const auto e = b + static_cast<uint32_t>(name.size());
  // (the whole cell: no josa in a cell, "박성은" is a name of three syllables)
  auto w = st.rules->words(name);
  if (w.tokens.size() != 1 || !allHangul(name) || !w.shapes[0].surname || syllables(name) < 2 || syllables(name) > 4)
    return;
  cands.push_back(spanCand(b, e, NodeType::Person, "table-column", 3));
}

}  // namespace kg::detail
