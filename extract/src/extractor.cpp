#include "kg/extractor.h"

#include <fmt/format.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

#include <filesystem>

#include "detail/aliases.h"
#include "detail/metadata.h"
#include "detail/relation_rules.h"
#include "detail/rules.h"
#include "detail/sentence_basics.h"
#include "detail/sentence_run.h"
#include "detail/table_rows.h"
#include "kg/document_file.h"
#include "kg/error.h"
#include "kg/names.h"

namespace kg {

using namespace detail;

// ---------------------------------------------------------------- extractor

struct Extractor::Impl {
  const Lexicon& lex;
  ExtractOptions opt;
  NameFolder folder;
  detail::RelationRules rules;  // phases 1 and 2 as data, compiled from extract/rules
  std::vector<int32_t> parentOf;  // lexicon entry -> the entry its gazetteer line names as parent, or -1

  Impl(const Lexicon& l, ExtractOptions o)
      : lex(l), opt(std::move(o)), rules(detail::RelationRules::load(resolveRulesDir(opt.rulesDir))) {
    parentOf.assign(lex.size(), -1);
    for (uint32_t i = 0; i < lex.size(); ++i)
      if (!lex.entry(i).parent.empty())
        if (auto p = lex.findId(lex.entry(i).parent)) parentOf[i] = static_cast<int32_t>(*p);
  }

  // `owned`, when given, holds `bytes` and is taken (decodeOwned).
  DocumentResult run(std::string_view bytes, std::string* owned, const std::string& path) const;
};

Extractor::Extractor(const Lexicon& lexicon, ExtractOptions options)
    : impl_(std::make_unique<Impl>(lexicon, std::move(options))) {}
Extractor::~Extractor() = default;

std::string resolveRulesDir(const std::string& given) {
  if (!given.empty()) return given;
  std::error_code ec;
  if (std::filesystem::is_directory(KG_RULES_DIR, ec)) return KG_RULES_DIR;
  return "extract/rules";
}
const Lexicon& Extractor::lexicon() const { return impl_->lex; }

DocumentResult Extractor::extractFile(const std::string& path) const {
  // Regular files only, bounded before reading (kg/document_file.h).
  return extractOwnedBytes(readDocument(path, impl_->opt.maxDocumentBytes), path);
}

uint32_t DocumentResult::internRule(std::string_view rule) {
  // (a few dozen rule names in a document: the last one used first, then a scan)
  uint32_t r = mentions.empty() ? 0 : mentions.back().rule;
  if (r >= mentionRules.size() || mentionRules[r] != rule) {
    r = 0;
    while (r < mentionRules.size() && mentionRules[r] != rule) ++r;
    if (r == mentionRules.size()) {
      if (r >= Mention::kMaxRules)
        throw LimitError(path + ": the mentions use over " + std::to_string(Mention::kMaxRules) + " rule names");
      mentionRules.emplace_back(rule);
    }
  }
  return r;
}

uint32_t DocumentResult::sentenceOf(const Mention& m) const {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), m.span.begin,
                             [](uint32_t b, const Sentence& s) { return b < s.span.begin; });
  return it == sentences.begin() ? 0 : static_cast<uint32_t>(it - sentences.begin() - 1);
}

Mention& DocumentResult::addMention(Span span, uint32_t entity, std::string_view surface, std::string_view rule) {
  Mention m;
  m.span = span;
  m.entity = entity;
  // (issue 21: a copy of every surface was about the document's size again, twice that while
  // the string doubled)
  if (span.begin > span.end || span.end > text.text.size() ||
      std::string_view(text.text).substr(span.begin, span.size()) != surface) {
    auto [it, added] = storedSurfaceIndex.try_emplace(std::string(surface), static_cast<uint32_t>(storedSurfaces.size()));
    if (added) {
      if (surfaces.size() + surface.size() > UINT32_MAX || storedSurfaces.size() >= Mention::kSurfaceIsSpan) {
        storedSurfaceIndex.erase(it);
        throw LimitError(path + ": over " + std::to_string(Mention::kSurfaceIsSpan) +
                         " distinct mentions written otherwise than their text, or 4 GiB of them");
      }
      storedSurfaces.push_back(
          Span{static_cast<uint32_t>(surfaces.size()), static_cast<uint32_t>(surfaces.size() + surface.size())});
      surfaces.append(surface);
    }
    m.surface = it->second;
  }
  m.rule = internRule(rule);
  mentions.push_back(m);
  return mentions.back();
}

namespace {

void checkSize(size_t size, size_t limit, const std::string& path) {
  if (size > limit)
    throw LimitError(path + ": " + std::to_string(size) + " bytes is over the document limit of " +
                     std::to_string(limit) + " bytes (--max-document-bytes)");
}

}  // namespace

DocumentResult Extractor::extractBytes(std::string_view bytes, const std::string& path) const {
  checkSize(bytes.size(), impl_->opt.maxDocumentBytes, path);
  try {
    return impl_->run(bytes, nullptr, path);
  } catch (const DecodeError& e) {
    throw DecodeError(path + ": " + e.what());
  }
}

DocumentResult Extractor::extractOwnedBytes(std::string&& bytes, const std::string& path) const {
  checkSize(bytes.size(), impl_->opt.maxDocumentBytes, path);
  try {
    return impl_->run(bytes, &bytes, path);
  } catch (const DecodeError& e) {
    throw DecodeError(path + ": " + e.what());
  }
}

namespace {

// What pass 2 takes from pass 1 of a sentence instead of making it again
// (detail/sentence_basics.h): values of the sentence's text alone.
struct SentenceValues {
  Clean c;
  std::vector<WordSpan> toks;
  std::optional<std::vector<LexiconHit>> hits;
  std::optional<detail::RelationRules::WordFeatures> words;
  std::optional<NamesMemo> names;
  // About the memory these hold.
  size_t bytes() const {
    size_t n = sizeof(SentenceValues) + c.s.size() * (1 + sizeof(c.map[0]) + sizeof(c.soft[0])) +
               toks.size() * sizeof(WordSpan);
    if (hits) n += hits->size() * sizeof(LexiconHit);
    if (words)
      n += words->tokens.size() * sizeof(words->tokens[0]) + words->bits.size() * sizeof(uint64_t) +
           words->shapes.size() * sizeof(words->shapes[0]);
    if (names)
      n += names->mentions.size() * sizeof(detail::RuleMention) +
           names->found.size() * sizeof(detail::RuleName);
    return n;
  }
};

}  // namespace

namespace detail {

// Resolves "최 장관" to the person of that family name met earlier in the document.
void surnameMentions(SentenceRun& run, const std::vector<std::pair<std::string, uint32_t>>& people) {
  for (size_t k = 0; k + 1 < run.toks.size(); ++k) {
    std::string_view w = run.text(run.toks[k].b, run.toks[k].e);
    if (syllables(w) != 1 || !allHangul(w)) continue;
    std::string_view t = run.text(run.toks[k + 1].b, run.toks[k + 1].e);
    bool title = false;
    titleTrie().forEachPrefix(t, [&](size_t, uint8_t) { title = true; });
    if (!title) continue;
    int found = -1;
    for (const auto& [name, ent] : people) {
      if (startsWith(name, w)) {
        if (found >= 0 && static_cast<uint32_t>(found) != ent) {
          found = -2;
          break;
        }
        found = static_cast<int>(ent);
      }
    }
    if (found < 0) continue;
    Cand cd;
    cd.b = run.toks[k].b;
    cd.e = run.toks[k].e;
    cd.type = NodeType::Person;
    cd.lex = -2 - found;
    cd.name = run.st.doc.entities[found].name;
    cd.rule = "surname";
    cd.priority = 3;
    run.cands.push_back(std::move(cd));
  }
}

// "샤먼대" for "샤먼대학교" met in the same document.
void abbreviationMentions(SentenceRun& run) {
  for (size_t k = 0; k < run.toks.size(); ++k) {
    std::string_view w = run.text(run.toks[k].b, run.toks[k].e);
    size_t p = w.find("대");
    while (p != std::string_view::npos && p >= 6) {
      std::string_view rest = w.substr(p + 3);
      bool whole = false;
      particleChain(rest, &whole);
      if (rest.empty() || whole) {
        std::string stem(w.substr(0, p));
        for (uint32_t e = 0; e < run.st.doc.entities.size(); ++e) {
          const Entity& ent = run.st.doc.entities[e];
          if (ent.type == NodeType::Organization && (ent.name == stem + "대학교" || ent.name == stem + "대학")) {
            Cand cd;
            cd.b = run.toks[k].b;
            cd.e = run.toks[k].b + static_cast<uint32_t>(p + 3);
            cd.type = NodeType::Organization;
            cd.lex = -2 - static_cast<int>(e);
            cd.name = ent.name;
            cd.rule = "abbreviation";
            cd.priority = 2;
            run.cands.push_back(std::move(cd));
          }
        }
      }
      p = w.find("대", p + 3);
    }
  }
}

}  // namespace detail

DocumentResult Extractor::Impl::run(std::string_view bytes, std::string* owned,
                                    const std::string& path) const {
  // A bound of more than ten years (1e10 s overflows the clock's nanoseconds)
  // is no bound: the deadline saturates instead of wrapping into the past.
  const auto start = std::chrono::steady_clock::now();
  const bool bounded = opt.maxSeconds > 0 && opt.maxSeconds < 3.2e8;
  const auto deadline =
      bounded ? start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(opt.maxSeconds))
              : std::chrono::steady_clock::time_point::max();
  DocumentResult doc;
  doc.path = path;
  doc.bytes = bytes.size();
  // Memory (issue 21): the bytes are taken when owned (UTF-8 is moved, not copied) and the
  // decoded text is released once normalised, so a document is held once at a time.
  DecodedText dec = owned ? decodeOwned(std::move(*owned)) : decode(bytes);
  doc.encoding = dec.encoding;
  doc.warnings = std::move(dec.warnings);
  doc.text = normalize(dec.utf8);
  std::string().swap(dec.utf8);
  joinWrappedLines(doc.text.text);
  doc.sentences = segment(doc.text.text, opt.segment);
  for (size_t i = 0; i < doc.sentences.size();) {
    if (!doc.sentences[i].split) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j + 1 < doc.sentences.size() && doc.sentences[j + 1].split &&
           doc.sentences[j + 1].line == doc.sentences[i].line)
      ++j;
    doc.warnings.push_back(fmt::format(
        "line {}: {} bytes without a sentence ending were split into {} pieces (--max-sentence-bytes {})",
        doc.sentences[i].line, doc.sentences[j].span.end - doc.sentences[i].span.begin, j - i + 1,
        opt.segment.maxSentenceBytes));
    i = j + 1;
  }
  doc.date = detail::documentDate(doc.text.text);
  doc.title = detail::documentTitle(doc.text.text, doc.sentences);

  DocState st{lex, folder, doc, {}, {}, {}, {}, {}};
  st.rules = &rules;
  st.parentOf = &parentOf;
  std::vector<std::pair<std::string, uint32_t>> people;
  // What pass 1 made of each sentence from its text alone, for pass 2 (detail/sentence_basics.h).
  detail::SentenceBasics<SentenceValues> basics(doc.sentences.size());
  for (int pass = 1; pass <= 2; ++pass) {
    st.collectOnly = pass == 1;
    st.topic = -1;
    st.topicSection = UINT32_MAX;
    st.pendingGroupProgram = -1;
    st.table = {};
    st.eventReferred = -1;
    if (pass == 2) {
      for (uint32_t e = 0; e < doc.entities.size(); ++e)
        if (doc.entities[e].type == NodeType::Person) people.emplace_back(doc.entities[e].name, e);
      // Longest names first so the gazetteer prefers full forms.
      std::stable_sort(st.gazetteer.begin(), st.gazetteer.end(),
                       [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
      st.gazetteerIndexed = SIZE_MAX;  // the order changed
    }
    for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
      const Sentence& sent = doc.sentences[si];
      if (opt.maxSeconds > 0 && std::chrono::steady_clock::now() > deadline)
        throw LimitError(fmt::format("{}: extraction ran over {} s, at line {} of {} (--max-document-seconds)", path,
                                     opt.maxSeconds, sent.line, doc.sentences.back().line));
      SentenceRun run{st, sent, si, {}, {}, {}, {}};
      if (SentenceValues kept; basics.take(si, kept)) {
        run.c = std::move(kept.c);
        run.toks = std::move(kept.toks);
        run.lexiconHitsMade = std::move(kept.hits);
        run.wordFeatures = std::move(kept.words);
        run.namesMemo = std::move(kept.names);
      } else {
        run.c = makeClean(doc.sentenceText(si), sent.span.begin);
        run.toks = wordSpans(run.c.s);
      }
      run.lexiconCandidates();
      run.quoteCandidates();
      run.headCandidates();
      run.enumerationCandidates();
      run.designationCandidates();
      run.editionCandidates();
      run.portCandidates();
      run.governmentCandidates();
      run.demonstrationCandidates();
      run.tableColumnCandidates();
      run.personCandidates();
      run.ruleNameCandidates();
      if (pass == 2) {
        surnameMentions(run, people);
        abbreviationMentions(run);
      }
      run.choose(pass == 2);
      if (pass == 2) {
        if (opt.legacyRelations) {
          // (leads: the rules of relations.rules find them as well, with fewer false ones)
          st.legacyRetired = 1u << static_cast<int>(EdgeType::Leads);
          run.relations();
          st.legacyRetired = 0;
        }
        run.ruleRelations();
      } else {
        SentenceValues kept{std::move(run.c), std::move(run.toks), std::move(run.lexiconHitsMade),
                            std::move(run.wordFeatures), std::move(run.namesMemo)};
        size_t bytes = kept.bytes();
        basics.keep(si, std::move(kept), bytes);
      }
    }
  }
  // A programme or zone named once with its place and once without ("베이징 부도심 …
  // 실시계획" and, in the headline "베이징, 부도심 … 실시계획 발표", without 베이징) is one
  // thing: the short form folds into the long one when exactly one long one exists.
  std::vector<int64_t> into(doc.entities.size(), -1);
  for (uint32_t e = 0; e < doc.entities.size(); ++e) {
    const Entity& shortE = doc.entities[e];
    if (shortE.mentions == 0 || !shortE.lexiconId.empty() ||
        !(shortE.type == NodeType::Program || shortE.type == NodeType::Zone))
      continue;
    int64_t found = -1;
    for (uint32_t f = 0; f < doc.entities.size() && found != -2; ++f) {
      const Entity& longE = doc.entities[f];
      if (f == e || longE.mentions == 0 || longE.type != shortE.type || longE.name.size() <= shortE.name.size() ||
          !endsWith(longE.name, shortE.name))
        continue;
      std::string_view head = std::string_view(longE.name).substr(0, longE.name.size() - shortE.name.size());
      if (!head.empty() && head.back() == ' ') head.remove_suffix(1);
      bool place = false;
      for (const auto& p : doc.entities)
        if (p.type == NodeType::Place && p.mentions > 0 &&
            (p.name == head || std::find(p.aliases.begin(), p.aliases.end(), head) != p.aliases.end()))
          place = true;
      if (place) found = found == -1 ? static_cast<int64_t>(f) : int64_t{-2};
    }
    if (found >= 0) into[e] = found;
  }
  auto root = [&](uint32_t e) {
    while (into[e] >= 0) e = static_cast<uint32_t>(into[e]);
    return e;
  };
  for (uint32_t e = 0; e < doc.entities.size(); ++e) {
    if (into[e] < 0) continue;
    Entity& longE = doc.entities[root(e)];
    Entity& shortE = doc.entities[e];
    longE.mentions += shortE.mentions;
    auto addAlias = [&](const std::string& a) {
      if (a != longE.name && std::find(longE.aliases.begin(), longE.aliases.end(), a) == longE.aliases.end())
        longE.aliases.push_back(a);
    };
    addAlias(shortE.name);
    for (const auto& a : shortE.aliases) addAlias(a);
    shortE.mentions = 0;
  }
  // Entities never mentioned in pass 2 (pass 1 only) are dropped, folded ones
  // point at what they folded into; indices are remapped.
  std::vector<int64_t> remap(doc.entities.size(), -1);
  std::vector<Entity> kept;
  for (uint32_t e = 0; e < doc.entities.size(); ++e) {
    if (doc.entities[e].mentions == 0) continue;
    remap[e] = static_cast<int64_t>(kept.size());
    kept.push_back(std::move(doc.entities[e]));
  }
  for (uint32_t e = 0; e < doc.entities.size(); ++e)
    if (into[e] >= 0) remap[e] = remap[root(e)];
  doc.entities = std::move(kept);
  for (auto& m : doc.mentions) m.entity = static_cast<uint32_t>(remap[m.entity]);
  std::vector<Relation> rels;
  // the same fact from the same sentence, once per form before folding, is kept once
  std::set<std::tuple<int, uint32_t, uint32_t, uint32_t>> seen;
  for (auto r : doc.relations) {
    if (remap[r.source] < 0 || remap[r.target] < 0 || remap[r.source] == remap[r.target]) continue;
    r.source = static_cast<uint32_t>(remap[r.source]);
    r.target = static_cast<uint32_t>(remap[r.target]);
    if (seen.emplace(static_cast<int>(r.type), r.source, r.target, r.sentence).second) rels.push_back(r);
  }
  doc.relations = std::move(rels);
  std::unordered_map<std::string, uint32_t>().swap(doc.storedSurfaceIndex);  // (needed while mentions were added)
  return doc;
}

}  // namespace kg
