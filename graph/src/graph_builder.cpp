#include <thread>
#include <atomic>
#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

#include "kg/error.h"
#include "kg/extractor.h"
#include "kg/graph.h"
#include "kg/lexicon.h"
#include "kg/names.h"

namespace kg {

std::vector<std::string> Edge::documents() const {
  std::vector<std::string> out;
  for (const auto& e : evidence) out.push_back(e.document);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<uint32_t> Graph::findNode(std::string_view id) const {
  auto it = std::lower_bound(nodes.begin(), nodes.end(), id,
                             [](const Node& n, std::string_view v) { return n.id < v; });
  if (it == nodes.end() || it->id != id) return std::nullopt;
  return static_cast<uint32_t>(it - nodes.begin());
}

GraphStats statsOf(const Graph& g) {
  GraphStats s;
  for (const auto& n : g.nodes) ++s.nodesByType[static_cast<int>(n.type)];
  for (const auto& e : g.edges) ++s.edgesByType[static_cast<int>(e.type)];
  return s;
}

std::string documentIdFor(std::string_view path) {
  // "doc/" + the path, percent-encoded outside RFC 3986's unreserved set and '/'.
  static const char* hex = "0123456789ABCDEF";
  std::string out = "doc/";
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

namespace {

struct Instance {  // one entity of one document
  NodeType type;
  std::string name;
  std::vector<std::string> forms;  // name and aliases
  std::string lexiconId;
  uint32_t mentions = 0;
  uint32_t doc = 0;
};

struct Statement {
  EdgeType type;
  uint32_t source, target;  // instance indices
  Evidence evidence;
};

struct UnionFind {
  std::vector<uint32_t> parent;
  std::vector<std::string> lexId;  // of the root's component
  explicit UnionFind(size_t n) : parent(n), lexId(n) { std::iota(parent.begin(), parent.end(), 0u); }
  uint32_t find(uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  // Refuses to join two components that the lexicon says are different things.
  bool unite(uint32_t a, uint32_t b) {
    a = find(a), b = find(b);
    if (a == b) return true;
    if (!lexId[a].empty() && !lexId[b].empty() && lexId[a] != lexId[b]) return false;
    if (b < a) std::swap(a, b);
    parent[b] = a;
    if (lexId[a].empty()) lexId[a] = lexId[b];
    return true;
  }
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

}  // namespace

struct GraphBuilder::Impl {
  const Lexicon* lexicon = nullptr;
  NameFolder folder;
  std::vector<DocumentNode> docs;
  std::vector<Instance> instances;
  std::vector<Statement> statements;
};

GraphBuilder::GraphBuilder(const Lexicon* lexicon) : impl_(std::make_unique<Impl>()) {
  impl_->lexicon = lexicon;
}
GraphBuilder::~GraphBuilder() = default;

size_t GraphBuilder::documentCount() const { return impl_->docs.size(); }

DocumentContribution contributionOf(const DocumentResult& doc, std::string_view sha256) {
  DocumentContribution c;
  DocumentNode& dn = c.document;
  dn.id = documentIdFor(doc.path);
  dn.path = doc.path;
  dn.title = doc.title;
  dn.date = doc.date;
  dn.encoding = doc.encoding;
  dn.sha256 = std::string(sha256);
  dn.bytes = doc.bytes;
  c.entities.reserve(doc.entities.size());
  for (const auto& e : doc.entities)
    c.entities.push_back(ContributedEntity{e.type, e.name, e.aliases, e.lexiconId, e.mentions});
  c.facts.reserve(doc.relations.size());
  for (const auto& r : doc.relations) {
    ContributedFact f;
    f.type = r.type;
    f.source = r.source;
    f.target = r.target;
    const Sentence& sent = doc.sentences.at(r.sentence);
    f.evidence.document = dn.id;
    f.evidence.sentence = r.sentence;
    f.evidence.span = sent.span;
    f.evidence.original = doc.text.original(sent.span);
    f.evidence.text = std::string(doc.sentenceText(r.sentence));
    f.evidence.rule = r.rule;
    c.facts.push_back(std::move(f));
  }
  return c;
}

void GraphBuilder::add(const DocumentResult& doc, std::string_view sha256) { add(contributionOf(doc, sha256)); }

void GraphBuilder::add(DocumentContribution c) {
  auto& I = *impl_;
  uint32_t d = static_cast<uint32_t>(I.docs.size());
  c.document.mentions.clear();
  I.docs.push_back(std::move(c.document));
  uint32_t base = static_cast<uint32_t>(I.instances.size());
  for (auto& e : c.entities) {
    Instance in;
    in.type = e.type;
    in.name = e.name;
    in.forms.push_back(e.name);
    in.forms.insert(in.forms.end(), e.aliases.begin(), e.aliases.end());
    in.lexiconId = std::move(e.lexiconId);
    in.mentions = e.mentions;
    in.doc = d;
    I.instances.push_back(std::move(in));
  }
  for (auto& f : c.facts) {
    if (f.source >= c.entities.size() || f.target >= c.entities.size())
      throw FormatError(I.docs[d].path + ": a relation names an entity the document does not have");
    Statement s;
    s.type = f.type;
    s.source = base + f.source;
    s.target = base + f.target;
    s.evidence = std::move(f.evidence);
    s.evidence.document = I.docs[d].id;
    I.statements.push_back(std::move(s));
  }
}

Graph GraphBuilder::build(unsigned threads) {
  auto& I = *impl_;
  Graph g;

  // Documents in path order; instances follow their document's rank so the
  // union order, and with it every tie-break, is independent of add() order.
  std::vector<uint32_t> docOrder(I.docs.size());
  std::iota(docOrder.begin(), docOrder.end(), 0u);
  std::sort(docOrder.begin(), docOrder.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(I.docs[a].path, I.docs[a].sha256) < std::tie(I.docs[b].path, I.docs[b].sha256);
  });
  std::vector<uint32_t> docRank(I.docs.size());
  for (uint32_t r = 0; r < docOrder.size(); ++r) docRank[docOrder[r]] = r;
  std::vector<uint32_t> order(I.instances.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return docRank[I.instances[a].doc] < docRank[I.instances[b].doc]; });
  std::vector<uint32_t> rank(order.size());
  for (uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;

  // Keys: (type, folded form) -> instances (by rank).
  std::set<std::string> lexAmbiguous;
  if (I.lexicon)
    for (const auto& k : I.lexicon->ambiguousKeys()) lexAmbiguous.insert(k);
  std::map<std::pair<int, std::string>, std::vector<uint32_t>> byKey;
  std::vector<std::string> keyOfName(order.size());
  for (uint32_t r = 0; r < order.size(); ++r) {
    const Instance& in = I.instances[order[r]];
    for (size_t f = 0; f < in.forms.size(); ++f) {
      std::string k = I.folder.key(in.forms[f]);
      if (k.empty()) continue;
      if (f == 0) keyOfName[r] = k;
      auto& v = byKey[{static_cast<int>(in.type), k}];
      if (v.empty() || v.back() != r) v.push_back(r);
    }
  }
  UnionFind uf(order.size());
  for (uint32_t r = 0; r < order.size(); ++r) uf.lexId[r] = I.instances[order[r]].lexiconId;
  std::set<std::string> clashes;
  auto describe = [&](uint32_t r) {
    const Instance& in = I.instances[order[r]];
    return std::string(toString(in.type)) + " " + (in.lexiconId.empty() ? in.name : in.lexiconId);
  };
  for (const auto& [tk, members] : byKey) {
    const std::string& key = tk.second;
    std::set<std::string> ids;
    for (uint32_t r : members)
      if (!I.instances[order[r]].lexiconId.empty()) ids.insert(I.instances[order[r]].lexiconId);
    bool ambiguous = ids.size() > 1 || lexAmbiguous.count(key);
    if (ambiguous) {
      // Only instances whose own canonical name is this key may still merge
      // with each other; a bare short form links nothing.
      std::string what;
      std::set<std::string> seen;
      for (uint32_t r : members)
        if (seen.insert(describe(r)).second) what += (what.empty() ? "" : ", ") + describe(r);
      if (seen.size() > 1) clashes.insert(key + ": " + what);
      continue;
    }
    for (size_t i = 1; i < members.size(); ++i)
      if (!uf.unite(members[0], members[i]))
        clashes.insert(key + ": " + describe(members[0]) + ", " + describe(members[i]));
  }
  // Identical canonical names of one type always merge (unless the lexicon
  // splits them): per (type, name key), in rank order, each instance joins the
  // first component it can; those the lexicon keeps apart start the next one.
  std::map<std::pair<int, std::string>, std::vector<uint32_t>> byName;
  for (uint32_t r = 0; r < order.size(); ++r)
    if (!keyOfName[r].empty()) byName[{static_cast<int>(I.instances[order[r]].type), keyOfName[r]}].push_back(r);
  for (auto& [tk, group] : byName) {
    std::vector<uint32_t> rest = std::move(group), left;
    while (rest.size() > 1) {
      left.clear();
      for (size_t i = 1; i < rest.size(); ++i)
        if (!uf.unite(rest[0], rest[i])) left.push_back(rest[i]);
      rest.swap(left);
    }
  }

  // Components -> nodes.
  std::map<uint32_t, std::vector<uint32_t>> comps;  // root -> ranks
  for (uint32_t r = 0; r < order.size(); ++r) comps[uf.find(r)].push_back(r);
  struct Draft {
    Node node;
    std::vector<uint32_t> ranks;
  };
  std::vector<Draft> drafts;
  std::unordered_map<std::string, int> idCount;
  std::vector<const std::vector<uint32_t>*> compList;
  compList.reserve(comps.size());
  for (const auto& [root, ranks] : comps) compList.push_back(&ranks);
  drafts.resize(compList.size());
  // Each component's node (names, aliases, documents, the romanised id) is
  // independent of the others: drafted side by side, each thread with its
  // own NameFolder (romanisation takes a lock), into fixed slots.
  auto draft = [&](const NameFolder& folder, size_t c) {
    const std::vector<uint32_t>& ranks = *compList[c];
    Draft& dr = drafts[c];
    const Instance& first = I.instances[order[ranks[0]]];
    dr.node.type = first.type;
    std::string lexId;
    std::map<std::string, std::pair<int, uint32_t>> nameVotes;  // name -> (documents, first rank)
    std::set<std::string> forms, docIds;
    for (uint32_t r : ranks) {
      const Instance& in = I.instances[order[r]];
      if (!in.lexiconId.empty()) lexId = in.lexiconId;
      auto& v = nameVotes.try_emplace(in.name, 0, r).first->second;
      ++v.first;
      for (const auto& f : in.forms) forms.insert(f);
      docIds.insert(I.docs[in.doc].id);
      dr.node.mentions += in.mentions;
    }
    if (!lexId.empty() && I.lexicon) {
      auto hits = I.lexicon->lookup(first.name);
      for (uint32_t h : hits)
        if (I.lexicon->entry(h).id == lexId) dr.node.name = I.lexicon->entry(h).canonical;
    }
    if (dr.node.name.empty()) {
      // Most documents, then longest, then byte order: independent of input order.
      std::string best;
      std::tuple<int, size_t> bestScore{-1, 0};
      for (const auto& [name, vote] : nameVotes) {
        std::tuple<int, size_t> score{vote.first, name.size()};
        if (score > bestScore) bestScore = score, best = name;
      }
      dr.node.name = best;
    }
    for (const auto& f : forms)
      if (f != dr.node.name) dr.node.aliases.push_back(f);
    dr.node.documents.assign(docIds.begin(), docIds.end());
    std::string slug = !lexId.empty() ? lexId : folder.romanize(dr.node.name);
    if (slug.empty()) slug = "x" + sha256Hex(dr.node.name).substr(0, 12);
    dr.node.id = lower(toString(dr.node.type)) + ":" + slug;
    dr.ranks = ranks;
  };
  constexpr size_t kChunk = 256;
  const size_t nThreads = std::min<size_t>(std::max(1u, threads), (compList.size() + kChunk - 1) / kChunk);
  std::atomic<size_t> nextChunk{0};
  auto worker = [&](const NameFolder& folder) {
    for (size_t c0; (c0 = nextChunk.fetch_add(kChunk)) < compList.size();)
      for (size_t c = c0; c < std::min(c0 + kChunk, compList.size()); ++c) draft(folder, c);
  };
  {
    std::vector<std::unique_ptr<NameFolder>> folders;
    std::vector<std::thread> pool;
    for (size_t t = 1; t < nThreads; ++t) {
      folders.push_back(std::make_unique<NameFolder>());
      pool.emplace_back(worker, std::cref(*folders.back()));
    }
    worker(I.folder);
    for (auto& t : pool) t.join();
  }
  // Distinct entities whose ids collide get -2, -3 ... in component order.
  for (auto& dr : drafts) {
    int n = ++idCount[dr.node.id];
    if (n > 1) dr.node.id += "-" + std::to_string(n);
  }
  std::vector<uint32_t> draftOrder(drafts.size());
  std::iota(draftOrder.begin(), draftOrder.end(), 0u);
  std::sort(draftOrder.begin(), draftOrder.end(),
            [&](uint32_t a, uint32_t b) { return drafts[a].node.id < drafts[b].node.id; });
  std::vector<uint32_t> nodeOfInstance(I.instances.size());
  for (uint32_t i = 0; i < draftOrder.size(); ++i) {
    Draft& dr = drafts[draftOrder[i]];
    for (uint32_t r : dr.ranks) nodeOfInstance[order[r]] = i;
    g.nodes.push_back(std::move(dr.node));
  }

  // Documents.
  std::vector<std::set<uint32_t>> docMentions(I.docs.size());
  for (uint32_t i = 0; i < I.instances.size(); ++i) docMentions[I.instances[i].doc].insert(nodeOfInstance[i]);
  for (uint32_t d : docOrder) {
    DocumentNode dn = I.docs[d];
    dn.mentions.assign(docMentions[d].begin(), docMentions[d].end());
    g.documents.push_back(std::move(dn));
  }
  std::unordered_map<std::string, std::string> dateOf;
  for (const auto& d : g.documents) dateOf[d.id] = d.date;

  // Edges, deduplicated on (source, type, target); cooperatesWith undirected.
  // Statements sorted by that key (then by their order), grouped in one pass.
  struct Keyed {
    uint32_t a, b;
    int type;
    uint32_t statement;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(I.statements.size());
  for (uint32_t i = 0; i < I.statements.size(); ++i) {
    const auto& st = I.statements[i];
    uint32_t a = nodeOfInstance[st.source], b = nodeOfInstance[st.target];
    if (a == b) continue;
    if (isSymmetric(st.type) && b < a) std::swap(a, b);
    keyed.push_back({a, b, static_cast<int>(st.type), i});
  }
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& x, const Keyed& y) {
    return std::tie(x.a, x.type, x.b, x.statement) < std::tie(y.a, y.type, y.b, y.statement);
  });
  for (size_t i = 0; i < keyed.size();) {
    size_t j = i;
    std::vector<Evidence> ev;
    for (; j < keyed.size() && keyed[j].a == keyed[i].a && keyed[j].type == keyed[i].type && keyed[j].b == keyed[i].b; ++j)
      ev.push_back(std::move(I.statements[keyed[j].statement].evidence));
    std::sort(ev.begin(), ev.end(), [](const Evidence& x, const Evidence& y) {
      return std::tie(x.document, x.sentence, x.rule) < std::tie(y.document, y.sentence, y.rule);
    });
    // One statement per sentence: several rules on one sentence are one piece of evidence.
    ev.erase(std::unique(ev.begin(), ev.end(),
                         [](const Evidence& x, const Evidence& y) {
                           return x.document == y.document && x.sentence == y.sentence;
                         }),
             ev.end());
    Edge e;
    e.source = keyed[i].a;
    e.type = static_cast<EdgeType>(keyed[i].type);
    e.target = keyed[i].b;
    for (const auto& x : ev) {
      const std::string& date = dateOf[x.document];
      if (date.empty()) continue;
      if (e.firstSeen.empty() || date < e.firstSeen) e.firstSeen = date;
      if (e.lastSeen.empty() || date > e.lastSeen) e.lastSeen = date;
    }
    e.evidence = std::move(ev);
    g.edges.push_back(std::move(e));
    i = j;
  }
  std::vector<Statement>().swap(I.statements);
  std::vector<Instance>().swap(I.instances);
  std::sort(g.edges.begin(), g.edges.end(), [&](const Edge& x, const Edge& y) {
    return std::make_tuple(x.source, static_cast<int>(x.type), x.target) <
           std::make_tuple(y.source, static_cast<int>(y.type), y.target);
  });
  g.clashes.assign(clashes.begin(), clashes.end());
  const Lexicon* lexicon = I.lexicon;
  impl_ = std::make_unique<Impl>();
  impl_->lexicon = lexicon;
  return g;
}

}  // namespace kg
