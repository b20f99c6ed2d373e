#include "detail/relation_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "detail/gazetteer_parents.h"
#include "kg/error.h"

namespace kg::detail {

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

std::vector<std::string_view> splitOn(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(
        s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

// An example sentence as written in a rule file: "\\n" stands for a line break.
std::string unescapeLines(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') {
      out.push_back('\n');
      ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Words of a pattern line: quoted strings keep their spaces.
std::vector<std::string_view> patternWords(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ' || s[i] == '\t') {
      ++i;
      continue;
    }
    size_t b = i;
    if (s[i] == '"' || (s[i] == '^' && i + 1 < s.size() && s[i + 1] == '"')) {
      size_t q = s.find('"', s[i] == '^' ? i + 2 : i + 1);
      i = q == std::string_view::npos ? s.size() : q + 1;
      while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;  // "w"/roles, "w"?
    } else if (s[i] == '{') {
      size_t q = s.find('}', i);
      i = q == std::string_view::npos ? s.size() : q + 1;
      if (i < s.size() && s[i] == '?') ++i;
    } else {
      while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    }
    out.push_back(s.substr(b, i - b));
  }
  return out;
}

bool softPunct(char32_t cp) {
  // Quotes, brackets and middle dots may stand between adjacent elements.
  switch (cp) {
    case '\'':
    case '"':
    case '(':
    case ')':
    case '[':
    case ']':
    case 0xB7:
    case 0x30FB:
    case 0x2018:
    case 0x2019:
    case 0x201C:
    case 0x201D:
    case 0x300C:
    case 0x300D:
    case 0x300E:
    case 0x300F:
    case 0x300A:
    case 0x300B:
    case 0x3008:
    case 0x3009:
    case 0x318D:
    case 0x2027:
    case 0x2219:
    case 0x3010:
    case 0x3011:
    case 0xFF08:
    case 0xFF09:
    case 0x3231:  // the company mark (주), read as one mark
      return true;
    default:
      return false;
  }
}

// Separators between members of a list: "A·B", "A, B", "A、B".
bool listPunct(char32_t cp) {
  // (and the bullets of an inline list: "▲A ▲B ▲C와")
  return cp == 0xB7 || cp == 0x30FB || cp == ',' || cp == 0x3001 || cp == 0xFF0C || cp == 0x318D ||
         cp == 0x2027 || cp == 0x2219 || cp == '/' || cp == 0x25B2 || cp == 0x25B3 ||
         cp == 0x2022 || cp == 0x25CF;
}

}  // namespace

// One unit of a sentence: a mention (with its josa), a word or a punctuation mark.
struct RelationRules::Unit {
  int32_t mention = -1;  // index into the mentions, or -1
  uint32_t b = 0, e = 0;
  uint32_t stemEnd = 0;    // words: end of the stem
  std::string_view gloss;  // words: the gloss lifted out right after the stem or the word
  Role role = Role::None;
  char32_t punct = 0;    // the mark, for punctuation units
  const uint64_t* classes = nullptr;  // the word's class bits (WordFeatures::bits or a post's)
  uint32_t token = 0;    // index into WordFeatures::tokens
  // A person mention followed by its post (appositive phrase): the unit after the post
  // and the post's josa role; units inside the phrase name their person's unit.
  uint32_t phraseEnd = 0;
  Role phraseRole = Role::None;
  int32_t phraseOwner = -1;
  bool isWord() const { return mention < 0 && punct == 0; }
};

struct RelationRules::Matcher {
  const RelationRules& rules;
  std::string_view text;
  const std::vector<RuleMention>& ms;
  const std::vector<Gloss>* glosses = nullptr;
  const std::vector<int32_t>* parentOf = nullptr;
  std::vector<Unit> units{};
  const WordFeatures* wf = nullptr;  // the sentence's words and their classes
  size_t words = 1;
  // Label bindings of the current attempt: the first and last unit of the mention(s).
  std::pair<int32_t, int32_t> bound[26] = {};

  bool inClass(const Unit& u, uint16_t c) const {
    return u.isWord() && u.classes && (u.classes[c / 64] >> (c % 64) & 1);
  }

  void build() {
    const std::vector<Token>& toks = wf->tokens;
    words = wf->words;
    size_t k = 0;
    // "(주)" (NFKC of ㈜) marks a company like a bracket: for the relation rules all
    // three count as punctuation (the name rules read the mark as a word).
    auto companyMark = [&](size_t i) {
      return glosses == nullptr && i >= 1 && i + 1 < toks.size() && !toks[i].punct &&
             toks[i - 1].punct && text[toks[i - 1].b] == '(' && toks[i + 1].punct &&
             text[toks[i + 1].b] == ')' && text.substr(toks[i].b, toks[i].e - toks[i].b) == "주";
    };
    auto pushToken = [&](size_t i) {
      const Token& t = toks[i];
      Unit u;
      u.b = t.b;
      u.e = t.e;
      u.stemEnd = t.stemEnd;
      u.role = t.role;
      if (glosses)
        for (const auto& [at, g] : *glosses)
          if (at == t.stemEnd || at == t.e) u.gloss = g;
      if (t.punct) {
        int len;
        u.punct = codePointAt(text, t.b, &len);
      } else if (companyMark(i)) {
        u.punct = 0x3231;  // ㈜: between the brackets, which stay balanced
      } else {
        u.classes = wf->bits.data() + i * words;
        u.token = static_cast<uint32_t>(i);
        // "도원모터스 주식회사와": a company's legal form after its name is part of the
        // mention, and its josa is the company's (@company-form-word).
        if (rules.companyFormClass_ >= 0 && !units.empty() && units.back().mention >= 0 &&
            units.back().role == Role::None && ms[units.back().mention].type == NodeType::Company &&
            units.back().e + 1 == u.b && inClass(u, static_cast<uint16_t>(rules.companyFormClass_))) {
          units.back().e = u.e;
          units.back().role = u.role;
          return;
        }
      }
      units.push_back(u);
    };
    for (size_t m = 0; m <= ms.size(); ++m) {
      uint32_t until = m < ms.size() ? ms[m].b : static_cast<uint32_t>(text.size());
      for (; k < toks.size() && toks[k].b < until; ++k)
        if (toks[k].e <= until || toks[k].punct) pushToken(k);
      if (m == ms.size()) break;
      Unit u;
      u.mention = static_cast<int32_t>(m);
      u.b = ms[m].b;
      u.e = std::max(ms[m].tailEnd, ms[m].e);
      u.role = ms[m].role;
      units.push_back(u);
      while (k < toks.size() && toks[k].b < u.e) ++k;
      // A post written onto the name ("중국과학원장은"): the rest of the word is a word
      // unit of its own, written against the name, with the word's josa.
      if (k > 0 && !toks[k - 1].punct && toks[k - 1].e > u.e && ms[m].tailEnd <= ms[m].e &&
          toks[k - 1].stemEnd > u.e)
        if (auto it = rules.postBits_.find(text.substr(u.e, toks[k - 1].stemEnd - u.e)); it != rules.postBits_.end()) {
          Unit r;
          r.b = u.e;
          r.e = toks[k - 1].e;
          r.stemEnd = toks[k - 1].stemEnd;
          r.role = toks[k - 1].role;
          r.classes = it->second.data();
          r.token = static_cast<uint32_t>(k - 1);
          units.push_back(r);
        }
    }
    josaAfterBrackets();
    if (rules.topicWordClass_ >= 0) topicWords();
    if (rules.etcClass_ >= 0) etceteraPhrases();
    if (rules.titleClass_ >= 0) markTitlePhrases();
  }

  // "과학기술정보통신부(과기정통부)는", "KOTRA(대한무역투자진흥공사)가": the josa
  // written after a bracket that follows the name is the name's (a phrase ending
  // after the josa, read besides the name alone).
  void josaAfterBrackets() {
    for (size_t i = 0; i + 1 < units.size(); ++i) {
      if (units[i].mention < 0 || units[i].role != Role::None) continue;
      size_t j = i + 1;
      if (!(units[j].punct == '(' || units[j].punct == 0xFF08)) continue;
      int depth = 0;
      for (; j < units.size() && j < i + 24; ++j) {
        if (units[j].punct == '(' || units[j].punct == 0xFF08) ++depth;
        if ((units[j].punct == ')' || units[j].punct == 0xFF09) && --depth == 0) break;
      }
      if (j + 1 >= units.size() || depth != 0) continue;
      const Unit& w = units[j + 1];
      if (!w.isWord() || w.b != units[j].e) continue;  // written against the bracket
      Role r = rules.josa_.roleOf(text.substr(w.b, w.e - w.b));
      if (r == Role::None || r == Role::Other) continue;
      // (an alternative reading: "한국연구재단(이사장 정민호)은" is still read inside too)
      units[i].phraseEnd = static_cast<uint32_t>(j + 2);
      units[i].phraseRole = r;
      for (size_t v = i + 1; v < j + 2; ++v) units[v].phraseOwner = static_cast<int32_t>(i);
    }
  }

  // "DJI 역시 난산구에 본사를 두고 있다": a name with no josa and an adverb of
  // @topic-word after it reads as a topic (a phrase ending after the adverb).
  void topicWords() {
    const auto cls = static_cast<uint16_t>(rules.topicWordClass_);
    for (size_t i = 0; i + 1 < units.size(); ++i)
      if (units[i].mention >= 0 && units[i].role == Role::None && !units[i].phraseEnd &&
          inClass(units[i + 1], cls)) {
        units[i].phraseEnd = static_cast<uint32_t>(i + 2);
        units[i].phraseRole = Role::Top;
      }
  }

  // "A, B 등 7개 부처와 함께", "A 등 입주기업 4개사가": a name closed by 등 (@etc) and a
  // few words of its class takes the josa of the last of them (a phrase to there).
  void etceteraPhrases() {
    const auto cls = static_cast<uint16_t>(rules.etcClass_);
    for (size_t i = 0; i + 2 < units.size(); ++i) {
      if (units[i].mention < 0 || units[i].role != Role::None || units[i].phraseEnd ||
          !inClass(units[i + 1], cls) || units[i + 1].role != Role::None)
        continue;
      for (size_t j = i + 2; j < units.size() && j < i + 8; ++j) {
        const Unit& u = units[j];
        // (the class may be quoted: "A, B 등 ‘3대 과학성’을")
        if (u.punct && softPunct(u.punct)) continue;
        if (!u.isWord()) break;
        Role role = u.role;
        // a josa written against the closing quote: "‘3대 과학성’을"
        if (role == Role::None && units[j - 1].punct && units[j - 1].e == u.b)
          if (Role r = rules.josa_.roleOf(text.substr(u.b, u.e - u.b)); r != Role::Other) role = r;
        if (role == Role::None) continue;
        if (role == Role::Verb || role == Role::Other || role == Role::Cop) break;
        units[i].phraseEnd = static_cast<uint32_t>(j + 1);
        units[i].phraseRole = role;
        break;
      }
    }
  }

  // "천리신(陳立新) 중국 과학기술부(MOST) 부장과": a person, then bodies (no josa or 의),
  // glosses in brackets and modifiers, then the post; "정기환 부총리 겸 과학기술부 장관과":
  // posts joined by @appositive-joiner. The phrase ends after the last post.
  void markTitlePhrases() {
    const auto title = static_cast<uint16_t>(rules.titleClass_);
    for (size_t i = 0; i < units.size(); ++i) {
      if (units[i].mention < 0 || ms[units[i].mention].type != NodeType::Person ||
          units[i].role != Role::None || units[i].phraseEnd)
        continue;
      size_t end = 0;
      Role role = Role::None;
      int depth = 0;
      for (size_t j = i + 1; j < units.size() && j < i + 16; ++j) {
        const Unit& u = units[j];
        if (u.punct) {
          if (u.punct == '(' || u.punct == 0xFF08) ++depth;
          else if ((u.punct == ')' || u.punct == 0xFF09) && depth > 0) --depth;
          else if (depth == 0 && !softPunct(u.punct)) break;
          continue;
        }
        if (depth > 0) continue;
        if (end && u.isWord() && j == end + 1 && units[j - 1].punct && u.b == units[j - 1].e) {
          // "사장(司長)도": the josa after the post's gloss
          Role r = rules.josa_.roleOf(text.substr(u.b, u.e - u.b));
          if (r != Role::None && r != Role::Other) end = j + 1, role = r;
          break;
        }
        if (u.mention >= 0) {
          NodeType t = ms[u.mention].type;
          if (t == NodeType::Person || t == NodeType::Event || t == NodeType::Program ||
              !(u.role == Role::None || u.role == Role::Gen))
            break;
          continue;
        }
        if (inClass(u, title)) {
          end = j + 1, role = u.role;
          if (u.role != Role::None) break;
          continue;
        }
        if (end && rules.titleJoinerClass_ >= 0 &&
            inClass(u, static_cast<uint16_t>(rules.titleJoinerClass_)))
          continue;
        if (!end && u.role == Role::None && wf->shapes[u.token].syllables <= 3) continue;  // 초대, 前
        break;
      }
      if (!end || role == Role::None) continue;
      // the bodies written right before the person are the person's as well
      // ("중국 과기부 국제합작사(國際合作司) 장원빈 사장도"): no list members of their own
      for (size_t j = i, depth2 = 0; j-- > 0 && j + 12 > i;) {
        const Unit& u = units[j];
        if (u.punct == ')' || u.punct == 0xFF09) ++depth2;
        else if ((u.punct == '(' || u.punct == 0xFF08) && depth2 > 0) --depth2;
        else if (depth2 > 0) {
        } else if (u.mention >= 0 && u.phraseOwner < 0 && !u.phraseEnd &&
                   ms[u.mention].type != NodeType::Person && ms[u.mention].type != NodeType::Event &&
                   ms[u.mention].type != NodeType::Program &&
                   (u.role == Role::None || u.role == Role::Gen)) {
        } else {
          break;
        }
        units[j].phraseOwner = static_cast<int32_t>(i);
      }
      units[i].phraseEnd = static_cast<uint32_t>(end);
      units[i].phraseRole = role;
      for (size_t j = i + 1; j < end; ++j) units[j].phraseOwner = static_cast<int32_t>(i);
    }
  }

  // The next unit an element adjacent to unit `u` may start at: past soft punctuation.
  size_t adjacentFrom(size_t u) const {
    while (u < units.size() && units[u].punct && softPunct(units[u].punct)) ++u;
    return u;
  }

  bool mentionOk(const Element& el, const Unit& u) const {
    return u.mention >= 0 && (el.typeMask >> static_cast<int>(ms[u.mention].type) & 1);
  }
  static bool roleOk(const Element& el, Role r) {
    return el.roleMask == 0 || (el.roleMask >> static_cast<int>(r) & 1);
  }

  // Is the mention at unit `u` a place the gazetteer puts inside nothing (a country, a world
  // region)?
  bool isCountry(int32_t u) const {
    if (u < 0 || !parentOf || units[u].mention < 0) return false;
    const RuleMention& m = ms[units[u].mention];
    return isCountryPlace(m.type, m.lexEntry, *parentOf);
  }

  // Is the mention at unit `a` inside the one at unit `b` by the gazetteer's parents?
  bool inside(int32_t a, int32_t b) const {
    if (a < 0 || b < 0 || !parentOf || units[a].mention < 0 || units[b].mention < 0) return false;
    int32_t x = ms[units[a].mention].lexEntry, outer = ms[units[b].mention].lexEntry;
    if (x < 0 || outer < 0) return false;
    for (int depth = 0; depth < 16 && x >= 0 && static_cast<size_t>(x) < parentOf->size();
         ++depth) {
      x = (*parentOf)[x];
      if (x == outer) return true;
    }
    return false;
  }

  // A word that may fill a slot: its stem has the features asked for.
  bool slotOk(const Element& x, const Unit& u) const {
    if (u.stemEnd <= u.b) return false;
    if (x.notClass >= 0 && inClass(u, static_cast<uint16_t>(x.notClass))) return false;
    if (x.stemClass >= 0 && !inClass(u, static_cast<uint16_t>(x.stemClass))) return false;
    const WordShape& shape = wf->shapes[u.token];
    if ((x.features & Hangul) && !shape.hangul) return false;
    if ((x.features & Latin) && !shape.latin) return false;
    if ((x.features & Letter) && !shape.letter) return false;
    if (x.minSyl && (shape.syllables < x.minSyl || shape.syllables > x.maxSyl)) return false;
    if ((x.features & Surname) && !shape.surname) return false;
    if ((x.features & Glossed) && u.gloss.empty()) return false;
    if ((x.features & HanSurnameGloss) && !rules.hanSurnameGloss(u.gloss)) return false;
    return true;
  }

  // Matches pattern[el..] starting at unit u; on success *end is one past the last unit used.
  bool at(const Rule& r, size_t el, size_t u, size_t* end) {
    if (el == r.pattern.size()) {
      *end = u;
      emit(r, u);
      return false;  // go on: every way the pattern matches counts
    }
    const Element& x = r.pattern[el];
    size_t start = el == 0 || r.pattern[el - 1].kind == Element::Gap ? u : adjacentFrom(u);
    if (x.glued && u > 0 && start < units.size()) {
      // ^: written against what comes before, with no white space between
      std::string_view between = text.substr(units[u - 1].e, units[start].b - units[u - 1].e);
      if (between.find(' ') != std::string_view::npos ||
          between.find('\n') != std::string_view::npos) {
        if (x.optional) return at(r, el + 1, u, end);
        return false;
      }
    }
    if (x.kind == Element::Start) {
      for (size_t k = 0; k < u && k < units.size(); ++k)
        if (!units[k].punct) return false;
      return at(r, el + 1, u, end);
    }
    if (x.kind == Element::Gap) {
      for (size_t n = 0; n <= x.gapMax && u + n <= units.size(); ++n)
        if (at(r, el + 1, u + n, end)) return true;
      return false;
    }
    if (start < units.size()) {
      const Unit& first = units[start];
      if (x.kind == Element::Word) {
        if (inClass(first, x.wordClass) && roleOk(x, first.role) && at(r, el + 1, start + 1, end))
          return true;
      } else if (x.kind == Element::Mark) {
        // (a mark that is no separator, "-", stands as a word of its own: " - ")
        bool mark = first.punct == x.mark ||
                    (first.isWord() && first.e == first.b + 1 && static_cast<unsigned char>(text[first.b]) == x.mark);
        if (mark && at(r, el + 1, start + 1, end)) return true;
      } else if (x.kind == Element::Slot) {
        if (first.isWord() && slotOk(x, first) && roleOk(x, first.role)) {
          auto saved = bound[x.label];
          bound[x.label] = {static_cast<int32_t>(start), static_cast<int32_t>(start)};
          if (at(r, el + 1, start + 1, end)) return true;
          bound[x.label] = saved;
        }
      } else if (mentionOk(x, first)) {
        // The members of a list, longest first: each but the last closed by a list mark or
        // 와/과. A person's post may stand between a member and its mark ("A 차관과 B 부장이"):
        // the member then ends where the post does, with the post's josa.
        struct Stop {
          size_t last, next;
          Role role;
        };
        Stop stops[64];
        size_t nStops = 0;
        auto addStops = [&](size_t m) {
          if (nStops < 63) stops[nStops++] = {m, m + 1, units[m].role};
          if (units[m].phraseEnd && nStops < 63)
            stops[nStops++] = {m, units[m].phraseEnd, units[m].phraseRole};
        };
        addStops(start);
        if (x.list) {
          size_t cur = start;
          while (nStops < 60) {
            // how member `cur` is joined to the next one, by its own josa or its post's
            auto joinAfter = [&](size_t next, Role role) -> size_t {
              if (role == Role::With) return next;
              // (past a bracket after the member: "국가발전개혁위원회(발개위), 과기부")
              if (role == Role::None && next < units.size() &&
                  (units[next].punct == '(' || units[next].punct == 0xFF08)) {
                int depth = 0;
                size_t j = next;
                for (; j < units.size() && j < next + 12; ++j) {
                  if (units[j].punct == '(' || units[j].punct == 0xFF08) ++depth;
                  if ((units[j].punct == ')' || units[j].punct == 0xFF09) && --depth == 0) break;
                }
                if (depth == 0 && j < units.size()) next = j + 1;
              }
              if (role == Role::None && next < units.size() && units[next].punct &&
                  listPunct(units[next].punct))
                return next + 1;
              if (role == Role::None && next < units.size() && inClass(units[next], rules.andClass_))
                return next + 1;
              return 0;
            };
            size_t nx = joinAfter(cur + 1, units[cur].role);
            if (!nx && units[cur].phraseEnd) nx = joinAfter(units[cur].phraseEnd, units[cur].phraseRole);
            if (!nx) break;
            nx = adjacentFrom(nx);
            // (a member may have its province before it: "장쑤성 옌청시·산둥성 옌타이시를")
            if (nx + 1 < units.size() && units[nx].mention >= 0 && units[nx].role == Role::None &&
                ms[units[nx].mention].type == NodeType::Place && units[nx + 1].mention >= 0 &&
                units[nx + 1].b == units[nx].e + 1 && text[units[nx].e] == ' ' && mentionOk(x, units[nx + 1]))
              nx = nx + 1;
            // (a person's own body may come first: "A 차관과 중국 과기부 B 사장이")
            if (nx < units.size() && units[nx].phraseOwner > static_cast<int32_t>(nx) &&
                !mentionOk(x, units[nx]))
              nx = static_cast<size_t>(units[nx].phraseOwner);
            if (nx >= units.size() || !mentionOk(x, units[nx])) break;
            addStops(nx);
            cur = nx;
          }
        }
        for (size_t i = nStops; i-- > 0;) {
          const Stop& st = stops[i];
          if (!roleOk(x, st.role)) continue;
          auto saved = bound[x.label];
          bound[x.label] = {static_cast<int32_t>(start), static_cast<int32_t>(st.last)};
          if (at(r, el + 1, st.next, end)) return true;
          bound[x.label] = saved;
        }
      }
    }
    if (x.optional) return at(r, el + 1, u, end);
    return false;
  }

  // The rule being matched, where its match began, and where the results go.
  uint32_t ruleIndex = 0;
  size_t matchStart = 0;
  std::vector<RuleEdge>* edgesOut = nullptr;
  std::vector<RuleName>* namesOut = nullptr;

  void emit(const Rule& r, size_t end) {
    if (r.unlessRoles)
      for (size_t v = matchStart + 1; v < end && v < units.size(); ++v) {
        if (units[v].mention < 0 || !(r.unlessRoles >> static_cast<int>(units[v].role) & 1))
          continue;
        bool bound = false;  // (a member of a list the pattern bound is the pattern's own)
        for (const auto& [b, e] : this->bound)
          if (b >= 0 && static_cast<size_t>(b) <= v && v <= static_cast<size_t>(e)) bound = true;
        if (!bound) return;
      }
    size_t wordsAfter = 0;
    // (a match that ends on a connective ending, "열고", "서명하며", closes its clause:
    // the words after it belong to the next one)
    size_t lookTo = units.size();
    if (end > 0 && end <= units.size() && rules.clauseEndClass_ >= 0 &&
        inClass(units[end - 1], static_cast<uint16_t>(rules.clauseEndClass_)))
      lookTo = end;
    for (size_t v = matchStart; v < lookTo && wordsAfter < 4; ++v) {
      if (v >= end && units[v].isWord()) ++wordsAfter;
      for (uint16_t c : r.unless)
        if (inClass(units[v], c)) return;
    }
    for (auto [inner, outer] : r.within)
      if (!inside(bound[inner].first, bound[outer].first)) return;
    for (uint8_t label : r.countries)
      if (!isCountry(bound[label].first)) return;
    for (const NameSpec& ns : r.names) {
      auto [nb, ne] = bound[ns.label];
      if (nb < 0) continue;
      const Unit &f = units[nb], &l = units[ne];
      uint32_t e = l.mention >= 0 ? ms[l.mention].e : l.stemEnd;
      namesOut->push_back(RuleName{ns.type, f.b, e, ruleIndex});
    }
    for (const EdgeSpec& es : r.edges) {
      auto [fb, fe] = bound[es.from];
      auto [tb, te] = bound[es.to];
      if (fb < 0 || tb < 0) continue;
      auto member = [&](int32_t v, int32_t first, int32_t last) {
        // (a body inside a listed person's post is no member: "A 부총리 겸 과학기술부 장관과 B";
        // nor the province before a member: 산둥성 of "옌청시·산둥성 옌타이시")
        if (v < last && units[v].mention >= 0 && units[v].role == Role::None &&
            ms[units[v].mention].type == NodeType::Place && units[v + 1].mention >= 0 &&
            units[v + 1].b == units[v].e + 1 && text[units[v].e] == ' ')
          return false;
        return units[v].mention >= 0 && (v == first || units[v].phraseOwner < first);
      };
      for (int32_t a = fb; a <= fe; ++a) {
        if (!member(a, fb, fe)) continue;
        for (int32_t b = tb; b <= te; ++b)
          if (member(b, tb, te))
            edgesOut->push_back(RuleEdge{es.type, ms[units[a].mention].entity,
                                         ms[units[b].mention].entity, ruleIndex});
      }
    }
  }

  // Could the first element of `r` (when it must be there) start at unit u? (at() asks
  // the same first: a unit that fails here is one where the pattern cannot match.)
  bool mayStart(const Element& x, const Unit& u) const {
    if (x.optional) return true;
    switch (x.kind) {
      case Element::Word:
        return inClass(u, x.wordClass);
      case Element::Slot:
        return u.isWord();
      case Element::Mention:
        return mentionOk(x, u);
      default:
        return true;
    }
  }

  void run(std::vector<RuleEdge>* edges, std::vector<RuleName>* names) {
    edgesOut = edges;
    namesOut = names;
    // The word classes and mention types the sentence holds, for the rules' needs.
    std::vector<uint64_t> present(words, 0);
    uint32_t types = 0;
    for (const Unit& u : units) {
      if (u.mention >= 0)
        types |= 1u << static_cast<int>(ms[u.mention].type);
      else if (u.isWord() && u.classes)
        for (size_t w = 0; w < words; ++w) present[w] |= u.classes[w];
    }
    for (uint32_t ri = 0; ri < rules.rules_.size(); ++ri) {
      const Rule& r = rules.rules_[ri];
      if (r.names.empty() != (names == nullptr)) continue;  // the other phase's rule
      bool possible = true;
      for (uint16_t c : r.needClasses) possible &= (present[c / 64] >> (c % 64) & 1) != 0;
      for (uint8_t mask : r.needTypes) possible &= (types & mask) != 0;
      if (!possible || r.pattern.empty()) continue;
      ruleIndex = ri;
      const Element& first = r.pattern[0];
      for (size_t u = 0; u < units.size(); ++u) {
        if (!mayStart(first, units[u])) continue;
        for (auto& b : bound) b = {-1, -1};
        matchStart = u;
        size_t end = 0;
        at(r, 0, u, &end);
      }
    }
  }
};

namespace {
// Keeps the first of equal results found since `first`, in the order found (a
// pattern with gaps matches one way after another).
template <class T, class Key>
void keepFirst(std::vector<T>& out, size_t first, Key key) {
  std::set<decltype(key(out[0]))> seen;
  size_t kept = first;
  for (size_t i = first; i < out.size(); ++i)
    if (seen.insert(key(out[i])).second) out[kept++] = out[i];
  out.resize(kept);
}
}  // namespace

void RelationRules::classBits(std::string_view stem, std::string_view word, uint64_t* bits,
                              bool* surname) const {
  auto mark = [&](const std::vector<uint16_t>& cs) {
    for (uint16_t c : cs) bits[c / 64] |= uint64_t{1} << (c % 64);
  };
  // (exact entries: the stem and the word, and the surname cuts, all prefixes of the word)
  exactTrie_.forEachPrefix(word, [&](size_t p, const std::vector<uint16_t>& cs) {
    if (p == stem.size() || p == word.size()) mark(cs);
    if (surname && (p == 3 || p == 6) && p < stem.size())
      for (uint16_t c : cs) *surname |= c == surnameClass_;
  });
  // (prefix and suffix entries: one walk of a byte trie each, detail/byte_trie.h)
  prefixTrie_.forEachPrefix(word, [&](size_t p, const std::vector<uint16_t>& cs) {
    if (p < word.size() && (static_cast<unsigned char>(word[p]) & 0xC0) == 0x80) return;
    mark(cs);
  });
  // Suffix entries: a stem (or the whole word) that ends with one and is longer than it.
  for (std::string_view w : {stem, word}) {
    suffixTrie_.forEachSuffix(w, [&](size_t n, const std::vector<uint16_t>& cs) {
      if (n >= w.size()) return;
      if ((static_cast<unsigned char>(w[w.size() - n]) & 0xC0) == 0x80) return;
      mark(cs);
    });
    if (stem.size() == word.size()) break;
  }
}

RelationRules::WordFeatures RelationRules::words(std::string_view text) const {
  WordFeatures wf;
  wf.tokens = josa_.tokenize(text);
  wf.words = classes_.size() / 64 + 1;
  wf.bits.assign(wf.tokens.size() * wf.words, 0);
  wf.shapes.assign(wf.tokens.size(), WordShape{});
  for (size_t i = 0; i < wf.tokens.size(); ++i) {
    const Token& t = wf.tokens[i];
    if (t.punct) continue;
    uint64_t* bits = wf.bits.data() + i * wf.words;
    std::string_view word = text.substr(t.b, t.e - t.b), stem = text.substr(t.b, t.stemEnd - t.b);
    WordShape& shape = wf.shapes[i];
    size_t syl = 0, hangul = 0, latin = 0;
    for (size_t k = 0; k < stem.size();) {
      int len;
      char32_t cp = codePointAt(stem, k, &len);
      ++syl;
      if (cp >= 0xAC00 && cp <= 0xD7A3) ++hangul;
      if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) ++latin;
      k += len;
    }
    shape.syllables = static_cast<uint8_t>(std::min<size_t>(syl, 255));
    shape.hangul = syl > 0 && hangul == syl;
    shape.latin = latin > 0 && !(static_cast<unsigned char>(stem[0]) & 0x80);
    shape.letter = hangul > 0 || latin > 0;
    classBits(stem, word, bits, &shape.surname);
    // A digest's ending ("입주해 있음", "협약을 체결함", "개최됨"): the word is read as its
    // plain form too, so the classes list each verb form once.
    for (const Ending& e : endings_) {
      // (a word that is the ending itself: "있음", not "함" alone)
      if (word.size() < e.ending.size() || (word.size() == e.ending.size() && e.ending.size() < 6) ||
          word.substr(word.size() - e.ending.size()) != e.ending)
        continue;
      std::string plain(word.substr(0, word.size() - e.ending.size()));
      plain += e.readAs;
      classBits(plain, plain, bits);
      break;
    }
  }
  return wf;
}

void RelationRules::match(std::string_view text, const WordFeatures& wf,
                          const std::vector<RuleMention>& mentions,
                          const std::vector<int32_t>& parentOf, std::vector<RuleEdge>& out) const {
  Matcher m{*this, text, mentions};
  m.wf = &wf;
  m.parentOf = &parentOf;
  m.build();
  size_t first = out.size();
  m.run(&out, nullptr);
  keepFirst(out, first, [](const RuleEdge& x) {
    return std::tuple(static_cast<int>(x.type), x.source, x.target, x.rule);
  });
}

void RelationRules::matchNames(std::string_view text, const WordFeatures& wf,
                               const std::vector<RuleMention>& mentions,
                               const std::vector<Gloss>& glosses,
                               std::vector<RuleName>& out) const {
  Matcher m{*this, text, mentions};
  m.wf = &wf;
  m.glosses = &glosses;
  m.build();
  size_t first = out.size();
  m.run(nullptr, &out);
  keepFirst(out, first, [](const RuleName& x) {
    return std::tuple(static_cast<int>(x.type), x.b, x.e, x.rule);
  });
}

bool RelationRules::tokenInClass(const WordFeatures& wf, size_t i, std::string_view name) const {
  auto c = classByName_.find(name);
  if (c == classByName_.end() || wf.tokens[i].punct) return false;
  return wf.bits[i * wf.words + c->second / 64] >> (c->second % 64) & 1;
}

uint16_t RelationRules::classFor(std::string_view spec, std::string& error) {
  std::string key(spec);
  if (auto it = classByName_.find(key); it != classByName_.end()) return it->second;
  if (spec.front() == '@' && spec.find('|') != std::string_view::npos) {
    // "@a|@b": the union of named classes
    WordClass wc;
    for (std::string_view part : splitOn(spec, '|')) {
      auto it = classByName_.find(std::string(trimmed(part)));
      if (it == classByName_.end()) {
        error = fmt::format("unknown word class '{}' (words.tsv)", part);
        return 0;
      }
      const WordClass& o = classes_[it->second];
      wc.exact.insert(wc.exact.end(), o.exact.begin(), o.exact.end());
      wc.prefixes.insert(wc.prefixes.end(), o.prefixes.begin(), o.prefixes.end());
      wc.suffixes.insert(wc.suffixes.end(), o.suffixes.begin(), o.suffixes.end());
    }
    auto id = static_cast<uint16_t>(classes_.size());
    classes_.push_back(std::move(wc));
    classByName_.emplace(key, id);
    return id;
  }
  if (spec.front() == '@') {
    error = fmt::format("unknown word class '{}' (words.tsv)", spec);
    return 0;
  }
  // A literal "w1|w2*": an anonymous class.
  if (spec.size() < 2 || spec.front() != '"' || spec.back() != '"') {
    error = fmt::format("'{}': a word is written \"w1|w2*\" or @class", spec);
    return 0;
  }
  std::string_view body = spec.substr(1, spec.size() - 2);
  WordClass wc;
  for (std::string_view w : splitOn(body, '|')) {
    w = trimmed(w);
    if (w.empty()) continue;
    if (w.back() == '*')
      wc.prefixes.emplace_back(w.substr(0, w.size() - 1));
    else
      wc.exact.emplace_back(w);
  }
  if (wc.exact.empty() && wc.prefixes.empty()) {
    error = fmt::format("empty word {}", spec);
    return 0;
  }
  auto id = static_cast<uint16_t>(classes_.size());
  classes_.push_back(std::move(wc));
  classByName_.emplace(key, id);
  return id;
}

bool RelationRules::hanSurnameGloss(std::string_view gloss) const {
  if (gloss.empty()) return false;
  int len;
  codePointAt(gloss, 0, &len);
  bool surname = false;
  for (int cut : {len, 2 * len}) {
    if (static_cast<size_t>(cut) > gloss.size()) break;
    auto it = exactIndex_.find(gloss.substr(0, cut));
    if (it == exactIndex_.end()) continue;
    for (uint16_t c : it->second) surname |= c == hanSurnameClass_;
  }
  size_t hanChars = 0;
  for (size_t i = 0; i < gloss.size(); i += len) {
    char32_t cp = codePointAt(gloss, i, &len);
    if (cp < 0x3400 || cp > 0x9FFF) return false;
    ++hanChars;
  }
  return surname && hanChars >= 2 && hanChars <= 4;
}

RelationRules RelationRules::load(const std::string& dir) {
  RelationRules rr;
  std::vector<std::string> problems;
  rr.josa_.load(dir, problems);

  // heads.tsv: HEAD <TAB> TYPE <TAB> MIN_STEM <TAB> FLAGS [<TAB> EXAMPLE]
  {
    const std::string path = dir + "/heads.tsv";
    forEachDataLine(path, problems, [&](std::string_view l, int n) {
      std::vector<std::string_view> f = splitOn(l, '\t');
      auto bad = [&](std::string_view why) { problems.push_back(fmt::format("{}:{}: {}", path, n, why)); };
      if (f.size() < 4 || f.size() > 5) return bad("expected HEAD<TAB>TYPE<TAB>MIN_STEM<TAB>FLAGS[<TAB>EXAMPLE]");
      Head h;
      h.head = std::string(trimmed(f[0]));
      h.where = fmt::format("{}:{}", path, n);
      auto type = parseNodeType(trimmed(f[1]));
      if (h.head.empty()) return bad("empty head");
      if (!type || *type == NodeType::Person) return bad(fmt::format("unknown type '{}'", f[1]));
      h.type = *type;
      std::string_view ms = trimmed(f[2]);
      if (ms.size() != 1 || ms[0] < '0' || ms[0] > '9') return bad(fmt::format("MIN_STEM '{}' is no number 0-9", ms));
      h.minStem = ms[0] - '0';
      for (std::string_view flag : splitOn(trimmed(f[3]), ',')) {
        flag = trimmed(flag);
        if (flag == "unit") h.unit = true;
        else if (flag != "-" && !flag.empty()) return bad(fmt::format("unknown flag '{}' (unit or -)", flag));
      }
      if (f.size() == 5) h.example = std::string(trimmed(f[4]));
      for (const Head& o : rr.heads_)
        if (o.head == h.head) return bad(fmt::format("head '{}' again (first at {})", h.head, o.where));
      int len = 0;
      char32_t last = 0;
      for (size_t k = 0; k < h.head.size(); k += static_cast<size_t>(std::max(len, 1)))
        last = codePointAt(h.head, k, &len);
      rr.headsByLast_[last].push_back(static_cast<uint16_t>(rr.heads_.size()));
      if (h.unit && h.type == NodeType::Organization) rr.orgUnitHeads_.push_back(h.head);
      rr.heads_.push_back(std::move(h));
    });
  }

  // endings.tsv: ENDING <TAB> READ_AS <TAB> EXAMPLE (a word with the ending and the form it is read as)
  {
    const std::string path = dir + "/endings.tsv";
    forEachDataLine(path, problems, [&](std::string_view l, int n) {
      std::vector<std::string_view> f = splitOn(l, '\t');
      auto bad = [&](std::string_view why) { problems.push_back(fmt::format("{}:{}: {}", path, n, why)); };
      if (f.size() != 3) return bad("expected ENDING<TAB>READ_AS<TAB>EXAMPLE");
      Ending e{std::string(trimmed(f[0])), std::string(trimmed(f[1]))};
      std::string_view example = trimmed(f[2]);
      if (e.ending.empty() || e.readAs.empty()) return bad("empty ending or reading");
      if (example.size() <= e.ending.size() || example.substr(example.size() - e.ending.size()) != e.ending)
        return bad(fmt::format("example '{}' does not end in '{}'", example, e.ending));
      for (const Ending& o : rr.endings_)
        if (o.ending == e.ending) return bad(fmt::format("ending '{}' again", e.ending));
      rr.endings_.push_back(std::move(e));
    });
    std::stable_sort(rr.endings_.begin(), rr.endings_.end(),
                     [](const Ending& a, const Ending& b) { return a.ending.size() > b.ending.size(); });
  }

  // words.tsv: CLASS <TAB> word|word*|*word|@class|…  (a class may take several lines)
  struct Include {
    uint16_t into;
    std::string name, where;
  };
  std::vector<Include> includes;
  {
    const std::string path = dir + "/words.tsv";
    forEachDataLine(path, problems, [&](std::string_view l, int n) {
      size_t tab = l.find('\t');
      if (tab == std::string_view::npos || l.front() != '@') {
        problems.push_back(fmt::format("{}:{}: expected @CLASS<TAB>word|word*|...", path, n));
        return;
      }
      std::string name(trimmed(l.substr(0, tab)));
      uint16_t id;
      if (auto it = rr.classByName_.find(name); it != rr.classByName_.end()) {
        id = it->second;
      } else {
        id = static_cast<uint16_t>(rr.classes_.size());
        rr.classes_.emplace_back();
        rr.classByName_.emplace(name, id);
      }
      for (std::string_view w : splitOn(l.substr(tab + 1), '|')) {
        w = trimmed(w);
        if (w.empty()) continue;
        if (w.find(' ') != std::string_view::npos) {
          // a token never holds a space: such an entry could never match
          problems.push_back(fmt::format(
              "{}:{}: '{}' holds a space; words are matched one at a time", path, n, w));
        } else if (w.front() == '@')
          includes.push_back({id, std::string(w), fmt::format("{}:{}", path, n)});
        else if (w.back() == '*')
          rr.classes_[id].prefixes.emplace_back(w.substr(0, w.size() - 1));
        else if (w.front() == '*')
          rr.classes_[id].suffixes.emplace_back(w.substr(1));
        else
          rr.classes_[id].exact.emplace_back(w);
      }
    });
  }
  // "@other" entries: the whole of another class, resolved once every class is read.
  // (a class that takes in a class that takes in another gets all of them: the
  // copies repeat until no class grows; duplicates are harmless in the indexes)
  for (const auto& inc : includes)
    if (auto it = rr.classByName_.find(inc.name);
        it == rr.classByName_.end() || it->second == inc.into)
      problems.push_back(fmt::format("{}: unknown word class '{}'", inc.where, inc.name));
  auto sizeOf = [](const WordClass& w) {
    return w.exact.size() + w.prefixes.size() + w.suffixes.size();
  };
  for (size_t round = 0, grew = 1; grew && round <= includes.size(); ++round) {
    grew = 0;
    for (const auto& inc : includes) {
      auto it = rr.classByName_.find(inc.name);
      if (it == rr.classByName_.end() || it->second == inc.into) continue;
      WordClass merged = rr.classes_[inc.into];
      const WordClass& o = rr.classes_[it->second];
      auto add = [](std::vector<std::string>& into, const std::vector<std::string>& from) {
        for (const auto& x : from)
          if (std::find(into.begin(), into.end(), x) == into.end()) into.push_back(x);
      };
      add(merged.exact, o.exact);
      add(merged.prefixes, o.prefixes);
      add(merged.suffixes, o.suffixes);
      if (sizeOf(merged) != sizeOf(rr.classes_[inc.into])) {
        rr.classes_[inc.into] = std::move(merged);
        grew = 1;
      }
    }
  }
  {
    std::string err;
    auto it = rr.classByName_.find("@and");
    if (it == rr.classByName_.end())
      problems.push_back(
          dir + "/words.tsv: the class @and (words that join a list: 및, 그리고) is missing");
    else
      rr.andClass_ = it->second;
    if (auto s1 = rr.classByName_.find("@surname"); s1 != rr.classByName_.end())
      rr.surnameClass_ = s1->second;
    if (auto s2 = rr.classByName_.find("@surname-han"); s2 != rr.classByName_.end())
      rr.hanSurnameClass_ = s2->second;
    if (auto t = rr.classByName_.find("@appositive-title"); t != rr.classByName_.end())
      rr.titleClass_ = t->second;
    if (auto j = rr.classByName_.find("@appositive-joiner"); j != rr.classByName_.end())
      rr.titleJoinerClass_ = j->second;
    if (auto c = rr.classByName_.find("@clause-end"); c != rr.classByName_.end())
      rr.clauseEndClass_ = c->second;
    if (auto c = rr.classByName_.find("@topic-word"); c != rr.classByName_.end())
      rr.topicWordClass_ = c->second;
    if (auto c = rr.classByName_.find("@etc"); c != rr.classByName_.end())
      rr.etcClass_ = c->second;
    if (auto c = rr.classByName_.find("@company-form-word"); c != rr.classByName_.end())
      rr.companyFormClass_ = c->second;
    for (auto [name, out] : {std::pair{"@fused-post-body", &rr.bodyPosts_}, std::pair{"@fused-post-place", &rr.placePosts_}})
      if (auto c = rr.classByName_.find(name); c != rr.classByName_.end()) {
        *out = rr.classes_[c->second].exact;
        std::stable_sort(out->begin(), out->end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
      }
    if (auto c = rr.classByName_.find("@generic-stem"); c != rr.classByName_.end())
      rr.genericStems_ = rr.classes_[c->second].exact;
    if (auto c = rr.classByName_.find("@agency-han-end"); c != rr.classByName_.end())
      rr.agencyHanEnds_ = rr.classes_[c->second].exact;
    if (auto c = rr.classByName_.find("@agency-false-friend"); c != rr.classByName_.end())
      rr.agencyFalseFriends_ = rr.classes_[c->second].exact;
    if (auto c = rr.classByName_.find("@event-anaphor-head"); c != rr.classByName_.end())
      rr.eventHeads_ = rr.classes_[c->second].exact;
    for (const auto& h : rr.eventHeads_)  // (Hangul heads only: three bytes a syllable)
      for (size_t n = h.size(); n >= 12 && h.size() % 3 == 0;) {
        n -= 3;
        int len = 0;
        char32_t last = codePointAt(h, n - 3, &len);
        if (std::find(rr.eventClipEnds_.begin(), rr.eventClipEnds_.end(), last) == rr.eventClipEnds_.end())
          rr.eventClipEnds_.push_back(last);
      }
    if (auto c = rr.classByName_.find("@fused-class-word"); c != rr.classByName_.end())
      rr.fusedClassWords_ = rr.classes_[c->second].exact;
    if (auto c = rr.classByName_.find("@glued-post"); c != rr.classByName_.end()) {
      rr.gluedPosts_ = rr.classes_[c->second].exact;
      std::stable_sort(rr.gluedPosts_.begin(), rr.gluedPosts_.end(),
                       [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    }
  }

  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(dir, ec))
    if (f.path().extension() == ".rules") files.push_back(f.path());
  if (ec) problems.push_back(dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  if (files.empty()) problems.push_back(dir + ": no *.rules file");

  static const std::pair<std::string_view, uint8_t> kTypes[] = {
      {"Agency", 1 << 0},  {"Zone", 1 << 1},  {"Company", 1 << 2},
      {"Program", 1 << 3}, {"Place", 1 << 4}, {"Organization", 1 << 5},
      {"Person", 1 << 6},  {"Event", 1 << 7}, {"Body", 1 << 0 | 1 << 2 | 1 << 5}};

  for (const auto& file : files) {
    std::ifstream in(file);
    const std::string path = file.string();
    if (!in) {
      problems.push_back(path + ": cannot open");
      continue;
    }
    std::string line;
    Rule* cur = nullptr;
    int curLine = 0;
    auto finish = [&]() {
      if (!cur) return;
      if (cur->pattern.empty())
        problems.push_back(fmt::format("{}:{}: rule {} has no pattern", path, curLine, cur->name));
      if (cur->edges.empty() == cur->names.empty())
        problems.push_back(
            fmt::format("{}:{}: rule {} needs `edge` lines or `name` lines (not both)", path,
                        curLine, cur->name));
      bool fires = false;
      for (const auto& ex : cur->examples) fires |= ex.fires;
      if (!fires)
        problems.push_back(
            fmt::format("{}:{}: rule {} has no `fires` example", path, curLine, cur->name));
    };
    for (int n = 1; std::getline(in, line); ++n) {
      std::string_view l = trimmed(line);
      if (l.empty() || l.front() == '#') continue;
      size_t sp = l.find(' ');
      std::string_view key = l.substr(0, sp),
                       rest = sp == std::string_view::npos ? "" : trimmed(l.substr(sp + 1));
      auto bad = [&](const std::string& msg) {
        problems.push_back(fmt::format("{}:{}: {}", path, n, msg));
      };
      // "subj|top" after the '/' of element `w`: the bits of those roles; a bad name is reported.
      auto rolesOf = [&](std::string_view list, std::string_view w) {
        uint16_t mask = 0;
        for (std::string_view ro : splitOn(list, '|')) {
          bool ok;
          Role r = parseRole(ro, &ok);
          if (!ok) bad(fmt::format("'{}': unknown role '{}'", w, ro));
          mask |= static_cast<uint16_t>(1u << static_cast<int>(r));
        }
        return mask;
      };
      if (key == "rule") {
        finish();
        for (const auto& r : rr.rules_)
          if (r.name == rest) bad(fmt::format("rule {} is defined twice", rest));
        rr.rules_.emplace_back();
        cur = &rr.rules_.back();
        cur->name = std::string(rest);
        cur->source = std::string(l) + "\n";
        curLine = n;
        continue;
      }
      if (!cur) {
        bad("expected `rule NAME` first");
        continue;
      }
      cur->source += std::string(l) + "\n";
      if (key == "pattern") {
        for (std::string_view w : patternWords(rest)) {
          Element el;
          if (w.size() > 1 && w.back() == '?') {
            el.optional = true;
            w.remove_suffix(1);
          }
          if (w.size() > 1 && w.front() == '^') {
            el.glued = true;
            w.remove_prefix(1);
          }
          if (w == "...") {
            el.kind = Element::Gap;
            el.gapMax = 8;
          } else if (w.size() > 2 && w.substr(0, 2) == "..") {
            el.kind = Element::Gap;
            int v = std::atoi(std::string(w.substr(2)).c_str());
            if (v <= 0 || v > 30) bad(fmt::format("gap '{}': give 1 to 30 units", w));
            el.gapMax = static_cast<uint8_t>(std::clamp(v, 0, 30));
          } else if (w == "<start>") {
            el.kind = Element::Start;
            if (!cur->pattern.empty() || el.optional || el.glued)
              bad("<start> must be the pattern's first element, neither optional nor glued");
          } else if (w.front() == '<' && w.back() == '>') {
            // <X:feature,feature/roles>: a word not yet a mention
            el.kind = Element::Slot;
            std::string_view body = w.substr(1, w.size() - 2);
            size_t colon = body.find(':');
            std::string_view label = body.substr(0, colon);
            if (label.size() != 1 || label[0] < 'A' || label[0] > 'Z') {
              bad(fmt::format("'{}': expected <X:features> with X a capital letter", w));
              continue;
            }
            el.label = static_cast<uint8_t>(label[0] - 'A');
            std::string_view spec = colon == std::string_view::npos ? "" : body.substr(colon + 1);
            size_t slash = spec.find('/');
            std::string nots;  // "!@a,!@b": the union of the classes it must not be in
            for (std::string_view f : splitOn(spec.substr(0, slash), ',')) {
              f = trimmed(f);
              if (f.empty()) continue;
              std::string err;
              if (f == "hangul")
                el.features |= Hangul;
              else if (f == "latin")
                el.features |= Latin;
              else if (f == "surname")
                el.features |= Surname;
              else if (f == "glossed")
                el.features |= Glossed;
              else if (f == "han-surname-gloss")
                el.features |= HanSurnameGloss;
              else if (f == "letter")
                el.features |= Letter;
              else if (f.substr(0, 3) == "syl") {
                int a = 0, b = 0;
                if (std::sscanf(std::string(f.substr(3)).c_str(), "%d-%d", &a, &b) != 2 || a < 1 ||
                    b < a || b > 40)
                  bad(fmt::format("'{}': syllable range '{}' must read sylA-B", w, f));
                el.minSyl = static_cast<uint8_t>(a);
                el.maxSyl = static_cast<uint8_t>(b);
              } else if (f.front() == '@')
                el.stemClass = static_cast<int16_t>(rr.classFor(f, err));
              else if (f.substr(0, 2) == "!@")
                nots += (nots.empty() ? "" : "|") + std::string(f.substr(1));
              else
                bad(
                    fmt::format("'{}': unknown feature '{}' (hangul, latin, surname, glossed, "
                                "han-surname-gloss, letter, "
                                "sylA-B, @class, !@class)",
                                w, f));
              if (!err.empty()) bad(err);
            }
            if (!nots.empty()) {
              std::string err;
              el.notClass = static_cast<int16_t>(rr.classFor(nots, err));
              if (!err.empty()) bad(err);
            }
            if (slash != std::string_view::npos) el.roleMask = rolesOf(spec.substr(slash + 1), w);
          } else if (w.front() == '{' && w.back() == '}') {
            el.kind = Element::Mention;
            std::string_view body = w.substr(1, w.size() - 2);
            size_t colon = body.find(':');
            std::string_view label = body.substr(0, colon);
            if (!label.empty() && label.back() == '+') {
              el.list = true;
              label.remove_suffix(1);
            }
            if (colon == std::string_view::npos || label.size() != 1 || label[0] < 'A' ||
                label[0] > 'Z') {
              bad(fmt::format("'{}': expected {{X:Types/roles}} with X a capital letter", w));
              continue;
            }
            el.label = static_cast<uint8_t>(label[0] - 'A');
            std::string_view spec = body.substr(colon + 1);
            size_t slash = spec.find('/');
            for (std::string_view t : splitOn(spec.substr(0, slash), '|')) {
              bool found = false;
              for (auto [nm, mask] : kTypes)
                if (nm == t) el.typeMask |= mask, found = true;
              if (!found) bad(fmt::format("'{}': unknown type '{}'", w, t));
            }
            if (slash != std::string_view::npos) el.roleMask = rolesOf(spec.substr(slash + 1), w);
          } else if (w.size() == 3 && w.front() == '"' && w.back() == '"' &&
                     std::ispunct(static_cast<unsigned char>(w[1])) && w[1] != '"') {
            el.kind = Element::Mark;
            el.mark = static_cast<unsigned char>(w[1]);
            // (quotes and brackets are skipped between adjacent elements: such a mark could
            // never be matched)
            if (softPunct(el.mark)) bad(fmt::format("'{}': quotes and brackets cannot be matched as marks", w));
          } else if (w.front() == '@' || (w.size() > 2 && w.front() == '"' &&
                                          w.find('"', 1) != std::string_view::npos)) {
            el.kind = Element::Word;
            std::string_view spec = w.front() == '"' ? w.substr(0, w.find('"', 1) + 1) : w;
            size_t slash = w.front() == '@'                          ? w.find('/')
                           : w.find("\"/") == std::string_view::npos ? std::string_view::npos
                                                                     : w.find("\"/") + 1;
            if (slash != std::string_view::npos) {
              spec = w.substr(0, slash);
              el.roleMask = rolesOf(w.substr(slash + 1), w);
            }
            std::string err;
            el.wordClass = rr.classFor(spec, err);
            if (!err.empty()) bad(err);
          } else {
            bad(fmt::format("'{}': not a pattern element ({{X:Type}}, @class, \"word\", ...)", w));
            continue;
          }
          cur->pattern.push_back(el);
        }
      } else if (key == "edge") {
        auto parts = patternWords(rest);
        std::optional<EdgeType> t = parts.size() == 3 ? parseEdgeType(parts[0]) : std::nullopt;
        if (!t || parts[1].size() != 1 || parts[2].size() != 1) {
          bad("expected `edge TYPE X Y` (issued, locatedIn, cooperatesWith, partOf, leads, "
              "participatesIn, targets)");
          continue;
        }
        EdgeSpec es{*t, static_cast<uint8_t>(parts[1][0] - 'A'),
                    static_cast<uint8_t>(parts[2][0] - 'A')};
        bool fromOk = false, toOk = false;
        for (const auto& el : cur->pattern)
          if (el.kind == Element::Mention) {
            fromOk |= el.label == es.from;
            toOk |= el.label == es.to;
          }
        if (!fromOk || !toOk) bad(fmt::format("edge names a label the pattern does not bind"));
        cur->edges.push_back(es);
      } else if (key == "name") {
        auto parts = patternWords(rest);
        std::optional<NodeType> t = parts.size() == 2 ? parseNodeType(parts[0]) : std::nullopt;
        if (!t || parts[1].size() != 1) {
          bad("expected `name TYPE X` (Agency, Zone, Company, Program, Place, Organization, "
              "Person, Event)");
          continue;
        }
        NameSpec ns{*t, static_cast<uint8_t>(parts[1][0] - 'A')};
        bool bound = false;
        for (const auto& el : cur->pattern)
          bound |= (el.kind == Element::Mention || el.kind == Element::Slot) && el.label == ns.label;
        if (!bound) bad("name names a label the pattern does not bind");
        cur->names.push_back(ns);
      } else if (key == "require") {
        auto parts = patternWords(rest);
        // a label must be a capital letter that a mention element of the pattern binds
        auto mentionLabel = [&](std::string_view l) -> int {
          if (l.size() != 1 || l[0] < 'A' || l[0] > 'Z') return -1;
          for (const auto& el : cur->pattern)
            if (el.kind == Element::Mention && el.label == l[0] - 'A') return l[0] - 'A';
          return -1;
        };
        if (parts.size() == 2 && parts[0] == "country") {
          int x = mentionLabel(parts[1]);
          if (x < 0)
            bad(fmt::format("require country {}: no mention of the pattern is labelled so",
                            parts[1]));
          else
            cur->countries.push_back(static_cast<uint8_t>(x));
          continue;
        }
        if (parts.size() != 3 || parts[0] != "within") {
          bad("expected `require within X Y` or `require country X`");
          continue;
        }
        int inner = mentionLabel(parts[1]), outer = mentionLabel(parts[2]);
        if (inner < 0 || outer < 0) {
          bad(fmt::format("require within {} {}: no mention of the pattern is labelled so",
                          parts[1], parts[2]));
          continue;
        }
        cur->within.emplace_back(static_cast<uint8_t>(inner), static_cast<uint8_t>(outer));
      } else if (key == "unless") {
        for (std::string_view w : patternWords(rest)) {
          if (w.front() == '/') {  // "/with": no mention with that josa role inside the match
            bool ok;
            Role r = parseRole(w.substr(1), &ok);
            if (!ok)
              bad(fmt::format("unless {}: unknown role", w));
            else
              cur->unlessRoles |= static_cast<uint16_t>(1u << static_cast<int>(r));
            continue;
          }
          std::string err;
          uint16_t c = rr.classFor(w, err);
          if (!err.empty())
            bad(err);
          else
            cur->unless.push_back(c);
        }
      } else if (key == "fires" || key == "never") {
        RuleExample ex;
        ex.where = fmt::format("{}:{}", path, n);
        ex.fires = key == "fires";
        std::string_view textPart = rest;
        if (ex.fires) {
          size_t arrow = rest.rfind("=>");
          if (arrow == std::string_view::npos) {
            bad("expected `fires SENTENCE => TYPE SOURCE -> TARGET`");
            continue;
          }
          textPart = trimmed(rest.substr(0, arrow));
          std::string_view spec = trimmed(rest.substr(arrow + 2));
          size_t sp2 = spec.find(' '), to = spec.find(" -> ");
          if (sp2 != std::string_view::npos && to == std::string_view::npos) {
            std::optional<NodeType> nt = parseNodeType(spec.substr(0, sp2));
            if (!nt) {
              bad("expected `=> TYPE NAME` (a name rule) or `=> EDGE SOURCE -> TARGET` after the "
                  "sentence");
              continue;
            }
            ex.name = true;
            ex.type = *nt;
            ex.source = std::string(trimmed(spec.substr(sp2 + 1)));
            ex.text = unescapeLines(textPart);
            cur->examples.push_back(std::move(ex));
            continue;
          }
          std::optional<EdgeType> t =
              sp2 == std::string_view::npos ? std::nullopt : parseEdgeType(spec.substr(0, sp2));
          if (!t || to == std::string_view::npos || to <= sp2) {
            bad("expected `=> TYPE SOURCE -> TARGET` after the sentence");
            continue;
          }
          ex.edge = *t;
          ex.source = std::string(trimmed(spec.substr(sp2 + 1, to - sp2 - 1)));
          ex.target = std::string(trimmed(spec.substr(to + 4)));
        }
        ex.text = unescapeLines(textPart);
        cur->examples.push_back(std::move(ex));
      } else {
        bad(fmt::format(
            "unknown key '{}' (rule, pattern, edge, name, require, unless, fires, never)", key));
      }
    }
    finish();
  }

  // Indexes of the word classes: exact words and prefixes.
  for (uint16_t c = 0; c < rr.classes_.size(); ++c) {
    for (const auto& w : rr.classes_[c].exact) rr.exactIndex_[w].push_back(c);
    for (const auto& p : rr.classes_[c].prefixes) {
      rr.prefixIndex_[p].push_back(c);
      rr.maxPrefixBytes_ = std::max(rr.maxPrefixBytes_, p.size());
    }
    for (const auto& x : rr.classes_[c].suffixes) {
      rr.suffixIndex_[x].push_back(c);
      rr.maxSuffixBytes_ = std::max(rr.maxSuffixBytes_, x.size());
    }
  }
  for (const auto& [p, cs] : rr.prefixIndex_) rr.prefixLengths_.push_back(p.size());
  for (const auto& [x, cs] : rr.suffixIndex_) rr.suffixLengths_.push_back(x.size());
  for (auto* v : {&rr.prefixLengths_, &rr.suffixLengths_}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  rr.exactTrie_.build(rr.exactIndex_, false);
  rr.prefixTrie_.build(rr.prefixIndex_, false);
  rr.suffixTrie_.build(rr.suffixIndex_, true);
  // The class bits of each post that may be written onto a name (a word unit of its own).
  for (const auto* posts : {&rr.bodyPosts_, &rr.placePosts_, &rr.gluedPosts_, &rr.fusedClassWords_})
    for (const auto& w : *posts) {
      std::vector<uint64_t> bits(rr.classes_.size() / 64 + 1, 0);
      rr.classBits(w, w, bits.data());
      rr.postBits_.emplace(w, std::move(bits));
    }
  for (Rule& r : rr.rules_)
    for (const Element& x : r.pattern) {
      if (x.optional) continue;
      if (x.kind == Element::Word) r.needClasses.push_back(x.wordClass);
      if (x.kind == Element::Slot && x.stemClass >= 0)
        r.needClasses.push_back(static_cast<uint16_t>(x.stemClass));
      if (x.kind == Element::Mention) r.needTypes.push_back(x.typeMask);
    }
  if (!problems.empty()) throw RuleError(std::move(problems));
  return rr;
}

}  // namespace kg::detail
