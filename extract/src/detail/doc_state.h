// What one document's extraction keeps while its sentences run (internal):
// entities made so far and their keys, relations (each once), the names the
// document itself defined, and the section topic.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "detail/clean_sentence.h"
#include "detail/relation_rules.h"
#include "kg/extractor.h"
#include "kg/lexicon.h"
#include "kg/names.h"

namespace kg::detail {

// Everything one document's extraction keeps while it runs.
struct DocState {
  const Lexicon& lex;
  const NameFolder& folder;
  DocumentResult& doc;
  std::unordered_map<std::string, uint32_t> entityByKey;
  std::set<std::tuple<int, uint32_t, uint32_t>> relSeen;
  // Names the document itself defined (rule-found names, "(이하 X)"), matched again in pass 2.
  std::vector<std::pair<std::string, uint32_t>> gazetteer;  // clean form -> entity, each pair once
  std::set<std::pair<std::string, uint32_t>> gazetteerSeen;
  // gazetteer indices by the first two code points of their form (gazetteerKey), each list
  // ascending: forms added since the last lookup are appended (indexGazetteer); rebuilt only
  // when the order changes (gazetteerIndexed = SIZE_MAX after the sort of pass 2).
  std::unordered_map<uint64_t, std::vector<uint32_t>> gazetteerByStart;
  size_t gazetteerIndexed = SIZE_MAX;
  bool collectOnly = false;  // pass 1
  const detail::RelationRules* rules = nullptr;
  const std::vector<int32_t>* parentOf =
      nullptr;  // lexicon entry -> the entry it belongs to, or -1

  void addGazetteer(const std::string& form, uint32_t entity) {
    if (form.empty() || !gazetteerSeen.emplace(form, entity).second) return;
    gazetteer.emplace_back(form, entity);
  }
  // The bucket of a form: its first code point and its second (kOneCodePoint for a form of one).
  static constexpr uint32_t kOneCodePoint = 0xFFFFFFFFu;
  static uint64_t gazetteerKey(UChar32 first, uint32_t second) {
    return uint64_t{static_cast<uint32_t>(first)} << 32 | second;
  }
  void indexGazetteer() {
    if (gazetteerIndexed > gazetteer.size()) {  // never built, or the order changed
      gazetteerByStart.clear();
      gazetteerIndexed = 0;
    }
    for (size_t g = gazetteerIndexed; g < gazetteer.size(); ++g) {
      const std::string& form = gazetteer[g].first;
      int32_t len = 0;
      UChar32 first = cpAt(form, 0, &len);
      uint32_t second = static_cast<size_t>(len) < form.size()
                            ? static_cast<uint32_t>(cpAt(form, len))
                            : kOneCodePoint;
      gazetteerByStart[gazetteerKey(first, second)].push_back(static_cast<uint32_t>(g));
    }
    gazetteerIndexed = gazetteer.size();
  }
  // Every (gazetteer index, byte offset) where a form occurs in `s`, ordered by
  // index, then offset: the order a find() per form would give.
  std::vector<std::pair<uint32_t, uint32_t>> gazetteerHits(std::string_view s) {
    indexGazetteer();
    std::vector<std::pair<uint32_t, uint32_t>> hits;
    if (gazetteer.empty()) return hits;
    auto scan = [&](uint64_t key, size_t i) {
      auto it = gazetteerByStart.find(key);
      if (it == gazetteerByStart.end()) return;
      for (uint32_t g : it->second)
        if (s.compare(i, gazetteer[g].first.size(), gazetteer[g].first) == 0)
          hits.emplace_back(g, static_cast<uint32_t>(i));
    };
    for (size_t i = 0; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // inside a code point
      int32_t len = 0;
      UChar32 first = cpAt(s, i, &len);
      if (first < 0) continue;  // forms are valid UTF-8
      scan(gazetteerKey(first, kOneCodePoint), i);
      if (i + static_cast<size_t>(len) < s.size()) {
        UChar32 second = cpAt(s, i + static_cast<size_t>(len));
        if (second >= 0) scan(gazetteerKey(first, static_cast<uint32_t>(second)), i);
      }
    }
    std::sort(hits.begin(), hits.end());
    return hits;
  }
  // Section topic for `targets`: the programme the current section is about.
  uint32_t topicSection = UINT32_MAX;
  int64_t topic = -1;
  // Programme issued by "X 등 N개 부처", waiting for a footnote that lists them.
  int64_t pendingGroupProgram = -1;
  // The event a bare head last referred to ("포럼에서는"), and in which sentence: "the event"
  // of a later speech or ceremony is that one when no event was named after it.
  int64_t eventReferred = -1;
  uint32_t eventReferredIn = 0;
  // Lexicon entries a gloss in the document named where their Korean reading is shared
  // ("산시(陝西)성": Shaanxi, not Shanxi): the document's bare "산시성" is then that one too
  // (kept over both passes; sorted).
  std::vector<uint32_t> glossedReadings{};
  // The table being read: its header's cell count and the column whose label names people
  // ("기업명 | 대표자 | 본사 소재지"), and whether that label is a post that leads the row's
  // body (대표자 yes, 담당자 no); cells = 0 outside a table (reset at each pass).
  struct TableHeader {
    size_t cells = 0;
    uint32_t header = 0;  // the sentence of the header row
    size_t personColumn = SIZE_MAX;
    bool leads = false;
  } table{};

  std::string entityKey(NodeType t, const std::string& name, int lexEntry) const {
    if (lexEntry >= 0) return "L:" + lex.entry(lexEntry).id;
    if (t == NodeType::Event) return "Event:" + folder.key(withoutYear(name));
    return std::string(toString(t)) + ":" + folder.key(name);
  }
  // An event's name without the year it opens with: "2019 한·중 과학기술혁신 박람회" and the
  // headline's "한·중 과학기술혁신 박람회" are one event of the document ("'97 …", "2019년 …").
  static std::string_view withoutYear(std::string_view name) {
    std::string_view n = name;
    if (!n.empty() && (n[0] == '\'')) n.remove_prefix(1);
    size_t d = 0;
    while (d < n.size() && std::isdigit(static_cast<unsigned char>(n[d]))) ++d;
    if (d != 2 && d != 4) return name;
    n.remove_prefix(d);
    if (n.substr(0, 3) == "년") n.remove_prefix(3);
    if (n.empty() || n[0] != ' ') return name;
    while (!n.empty() && n[0] == ' ') n.remove_prefix(1);
    return n.empty() ? name : n;
  }

  // entityFor's answers, by (lexEntry, type, name): the entity of a key never changes once
  // made, so a name met again skips the lexicon lookup and the folding (ICU).
  std::unordered_map<std::string, uint32_t> entityMemo{};
  uint32_t entityFor(NodeType type, const std::string& name, int lexEntry) {
    std::string memoKey = std::to_string(lexEntry);
    memoKey += '\x1f';
    memoKey += static_cast<char>('A' + static_cast<int>(type));
    memoKey += name;
    if (auto m = entityMemo.find(memoKey); m != entityMemo.end()) return m->second;
    uint32_t idx = makeEntity(type, name, lexEntry);
    entityMemo.emplace(std::move(memoKey), idx);
    return idx;
  }
  uint32_t makeEntity(NodeType type, const std::string& name, int lexEntry) {
    if (lexEntry < 0) {
      // A rule-found name the lexicon knows under this type is the lexicon's entity.
      for (uint32_t e : lex.lookup(name))
        if (lex.entry(e).type == type) {
          lexEntry = static_cast<int>(e);
          break;
        }
    }
    std::string key = entityKey(type, name, lexEntry);
    auto it = entityByKey.find(key);
    if (it != entityByKey.end()) return it->second;
    Entity ent;
    ent.type = type;
    if (lexEntry >= 0) {
      ent.name = lex.entry(lexEntry).canonical;
      ent.lexiconId = lex.entry(lexEntry).id;
    } else {
      ent.name = name;
    }
    doc.entities.push_back(std::move(ent));
    uint32_t idx = static_cast<uint32_t>(doc.entities.size() - 1);
    entityByKey.emplace(key, idx);
    return idx;
  }

  void addAlias(uint32_t e, const std::string& alias) {
    std::string_view a = trimBlanks(alias);  // (as trimCopy, without a copy)
    if (a.empty()) return;
    Entity& ent = doc.entities[e];
    if (a == ent.name) return;  // (no folding: only the same name as written is no alias)
    if (std::find(ent.aliases.begin(), ent.aliases.end(), a) == ent.aliases.end())
      ent.aliases.emplace_back(a);
  }

  // While the first engine's relation code runs: the edge types it no longer
  // adds, now that the relation rules find them (ExtractOptions::legacyRelations).
  uint32_t legacyRetired = 0;  // bit per EdgeType; 0 outside the first engine's code
  void addRelation(EdgeType t, uint32_t s, uint32_t d, uint32_t sentence, const char* rule) {
    if (collectOnly || s == d) return;
    if (legacyRetired >> static_cast<int>(t) & 1) return;
    if (!edgeAllowed(t, doc.entities[s].type, doc.entities[d].type)) return;
    uint32_t a = s, b = d;
    if (isSymmetric(t) && a > b) std::swap(a, b);
    if (!relSeen.emplace(static_cast<int>(t), a, b).second) return;
    doc.relations.push_back(Relation{t, s, d, sentence, rule});
  }
};

}  // namespace kg::detail
