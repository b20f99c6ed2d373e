#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "doctest_support.h"

#include <unistd.h>
#include <algorithm>
#include <fstream>
#include <filesystem>
#include <set>

#include <sstream>
#include <thread>

#include "kg/build_cache.h"
#include "kg/checksum.h"
#include "kg/error.h"
#include "kg/eval.h"
#include "kg/extractor.h"
#include "kg/graph.h"
#include "kg/lexicon.h"
#include "detail/name_forms.h"

using namespace kg;

namespace {

// A document result made by hand: one sentence, the given entities and relations.
struct DocSpec {
  std::string path, date, sentence;
  std::vector<Entity> entities;
  std::vector<Relation> relations;
};

DocumentResult makeDoc(const DocSpec& s) {
  DocumentResult d;
  d.path = s.path;
  d.date = s.date;
  d.encoding = "UTF-8";
  d.text = normalize(s.sentence);
  d.bytes = s.sentence.size();
  Sentence sent;
  sent.span = Span{0, static_cast<uint32_t>(d.text.text.size())};
  d.sentences.push_back(sent);
  d.entities = s.entities;
  d.relations = s.relations;
  return d;
}

Entity ent(NodeType t, std::string name, std::vector<std::string> aliases = {}, std::string lexId = "") {
  Entity e;
  e.type = t;
  e.name = std::move(name);
  e.aliases = std::move(aliases);
  e.lexiconId = std::move(lexId);
  e.mentions = 1;
  return e;
}

// A graph made by hand for the query tests: places "place:<name>", no edges yet.
Graph places(const std::vector<std::string>& names) {
  Graph g;
  for (const auto& n : names) {
    Node node;
    node.id = "place:" + n;
    node.name = n;
    g.nodes.push_back(node);
  }
  return g;
}

void addEdge(Graph& g, uint32_t s, uint32_t t, EdgeType type) {
  Edge e;
  e.source = s;
  e.target = t;
  e.type = type;
  g.edges.push_back(e);
}

Relation rel(EdgeType t, uint32_t s, uint32_t o) {
  Relation r;
  r.type = t;
  r.source = s;
  r.target = o;
  r.rule = "test";
  return r;
}

const Node* byName(const Graph& g, std::string_view name) {
  for (const auto& n : g.nodes)
    if (n.name == name) return &n;
  return nullptr;
}

std::vector<DocSpec> corpus() {
  return {
      {"a.txt", "2015-07-16", "과학기술부(科學技術部, MOST)가 시범지역을 선정함.",
       {ent(NodeType::Agency, "중국 과학기술부", {"과학기술부", "科學技術部", "MOST"}, "most-china"),
        ent(NodeType::Program, "과학기술서비스업 시범지역")},
       {rel(EdgeType::Issued, 0, 1)}},
      {"b.txt", "2024-03-29", "과기부 등 5개 부처는 계획을 발표했다.",
       {ent(NodeType::Agency, "중국 과학기술부", {"과기부"}, "most-china"),
        ent(NodeType::Agency, "미래창조과학부", {"미래부"}, "msip")},
       {rel(EdgeType::CooperatesWith, 1, 0)}},
      {"c.txt", "2014-12-19", "미래부와 과학기술부는 협력하기로 했다.",
       {ent(NodeType::Agency, "미래창조과학부", {"미래부"}, "msip"),
        ent(NodeType::Agency, "중국 과학기술부", {"과학기술부"}, "most-china"),
        ent(NodeType::Company, "포켓모바일", {"pocketmobile"})},
       {rel(EdgeType::CooperatesWith, 0, 1)}},
      {"d.txt", "", "한국의 포켓모바일(pocketmobile)사는 제휴했다.",
       {ent(NodeType::Company, "포켓모바일사", {"pocketmobile"}), ent(NodeType::Place, "포켓모바일")},
       {}},
  };
}

Graph buildInOrder(const std::vector<size_t>& order) {
  auto docs = corpus();
  GraphBuilder b;
  for (size_t i : order) b.add(makeDoc(docs[i]), "hash" + std::to_string(i));
  return b.build();
}

}  // namespace

TEST_CASE("one node for China's science ministry however it is written; Korea's stays apart") {
  Graph g = buildInOrder({0, 1, 2, 3});
  const Node* most = byName(g, "중국 과학기술부");
  REQUIRE(most);
  CHECK(most->id == "agency:most-china");
  for (const char* a : {"과학기술부", "科學技術部", "MOST", "과기부"})
    CHECK(std::find(most->aliases.begin(), most->aliases.end(), a) != most->aliases.end());
  CHECK(most->documents.size() == 3);
  CHECK(most->mentions == 3);
  const Node* msip = byName(g, "미래창조과학부");
  REQUIRE(msip);
  CHECK(msip != most);
}

TEST_CASE("rule-found names merge on aliases, never across types") {
  Graph g = buildInOrder({0, 1, 2, 3});
  size_t companies = 0, places = 0;
  for (const auto& n : g.nodes) {
    if (n.type == NodeType::Company && (n.name == "포켓모바일" || n.name == "포켓모바일사")) ++companies;
    if (n.type == NodeType::Place && n.name == "포켓모바일") ++places;
  }
  CHECK(companies == 1);  // 포켓모바일 and 포켓모바일사 share the alias pocketmobile
  CHECK(places == 1);     // the same name as a Place is another node
}

TEST_CASE("cooperatesWith is undirected and deduplicated, with weight, evidence and dates") {
  Graph g = buildInOrder({0, 1, 2, 3});
  std::vector<const Edge*> coop;
  for (const auto& e : g.edges)
    if (e.type == EdgeType::CooperatesWith) coop.push_back(&e);
  REQUIRE(coop.size() == 1);
  const Edge& e = *coop[0];
  CHECK(e.weight() == 2);
  CHECK(g.nodes[e.source].id < g.nodes[e.target].id);
  CHECK(unpackDate(e.firstSeen) == "2014-12-19");
  CHECK(unpackDate(e.lastSeen) == "2024-03-29");
  std::vector<std::string> docs;
  for (uint32_t d : e.documents()) docs.push_back(g.documents.at(d).id);
  CHECK(docs == std::vector<std::string>{"doc/b.txt", "doc/c.txt"});
  CHECK(g.text(e.evidence[0]) == "과기부 등 5개 부처는 계획을 발표했다.");
  CHECK(e.evidence[0].span.begin == 0);
}

TEST_CASE("the graph does not depend on the order documents are added in") {
  Graph a = buildInOrder({0, 1, 2, 3});
  Graph b = buildInOrder({3, 2, 1, 0});
  Graph c = buildInOrder({2, 0, 3, 1});
  CHECK(a == b);
  CHECK(a == c);
}

TEST_CASE("the graph does not depend on the number of threads that build it") {
  // Enough entities (several chunks of 256) that the nodes are drafted on several threads.
  static const char* const kSyl[] = {"가", "나", "다", "라", "마", "바", "사", "아", "자", "차", "카", "타"};
  auto docs = [&] {
    std::vector<DocumentResult> out;
    for (int i = 0; i < 600; ++i) {
      std::string firm = std::string(kSyl[i % 12]) + kSyl[(i / 12) % 12] + kSyl[(i / 144) % 12] + "그룹";
      std::string zone = std::string(kSyl[(i / 7) % 12]) + kSyl[i % 12] + "산업단지";
      std::string sentence = firm + "은 " + zone + "에 공장을 세웠다.";
      out.push_back(makeDoc({"d/" + std::to_string(i) + ".txt", "2024-01-0" + std::to_string(1 + i % 9), sentence,
                             {ent(NodeType::Company, firm), ent(NodeType::Zone, zone), ent(NodeType::Place, "상하이")},
                             {rel(EdgeType::LocatedIn, 0, 1), rel(EdgeType::LocatedIn, 1, 2)}}));
    }
    return out;
  };
  auto buildWith = [&](unsigned threads) {
    GraphBuilder gb;
    for (auto& d : docs()) gb.add(d);
    return gb.build(threads);
  };
  Graph one = buildWith(1);
  REQUIRE(one.nodes.size() > 2 * 256);
  CHECK(buildWith(2) == one);
  CHECK(buildWith(4) == one);
}

namespace {
// A cache line as kg writes it: the checksum of `json` as its first member.
std::string seal(const std::string& json) {
  return "{\"check\":\"" + checksumHex(checksum64(json)) + "\"," + json.substr(1);
}
}  // namespace

TEST_CASE("checksum64: the same in pieces of any size as in one") {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += static_cast<char>(i * 7 + i / 13);
  uint64_t whole = checksum64(text);
  for (size_t piece : {1, 3, 7, 8, 9, 64, 999}) {
    Checksum64 c;
    for (size_t at = 0; at < text.size(); at += piece) c.update(std::string_view(text).substr(at, piece));
    CHECK(c.value() == whole);
    CHECK(c.bytes() == text.size());
  }
  CHECK(checksum64("") != checksum64(std::string(1, '\0')));
  CHECK(checksum64("ab") != checksum64("ba"));
  uint64_t back = 0;
  CHECK(parseChecksumHex(checksumHex(whole), back));
  CHECK(back == whole);
  CHECK_FALSE(parseChecksumHex("0123", back));
}

TEST_CASE("build cache: write, read back, compare; a graph from the cache equals one from the documents") {
  auto docs = corpus();
  BuildCache cache;
  cache.fingerprint = "fp";
  GraphBuilder direct;
  for (size_t i = 0; i < docs.size(); ++i) {
    DocumentResult d = makeDoc(docs[i]);
    direct.add(d, "hash" + std::to_string(i));
    CachedDocument c;
    c.path = d.path;
    c.size = 100 + i;
    c.mtime = -5 + static_cast<int64_t>(i);
    c.contribution = contributionOf(d, "hash" + std::to_string(i));
    cache.documents.push_back(std::move(c));
  }
  std::sort(cache.documents.begin(), cache.documents.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  std::ostringstream out;
  writeBuildCache(cache, out);
  BuildCache back = parseBuildCache(out.str(), "cache.jsonl");
  CHECK(back == cache);
  GraphBuilder fromCache;
  for (const auto& c : back.documents) fromCache.add(c.contribution);
  CHECK(fromCache.build() == direct.build());

  // A cut file and a foreign file are refused with the line.
  std::string s = out.str();
  std::string cut = s.substr(0, s.rfind('\n', s.size() - 2) + 1);  // the last document missing
  CHECK_THROWS_WITH_AS(parseBuildCache(cut, "c.jsonl"), doctest::Contains("truncated?"), FormatError);
  CHECK_THROWS_WITH_AS(parseBuildCache("{\"a\": 1}\n", "c.jsonl"), doctest::Contains("c.jsonl:1: not a kg build cache"),
                       FormatError);
  CHECK_THROWS_WITH_AS(parseBuildCache(s.substr(0, s.find('\n') + 1) + seal("{oops") + "\n", "c.jsonl"),
                       doctest::Contains("c.jsonl:2: invalid JSON"), FormatError);
  // Damage that stays valid JSON (a changed name, a changed offset) is
  // noticed by the line's checksum.
  std::string renamed = s;
  size_t name = renamed.find("\"path\":\"") + 8;
  renamed[name] = static_cast<char>(renamed[name] ^ 1);
  CHECK_THROWS_WITH_AS(parseBuildCache(renamed, "c.jsonl"),
                       doctest::Contains("c.jsonl:2: damaged line: its checksum does not match"), FormatError);
  // Nested 10^5 levels deep: an error, not a stack overflow.
  std::string deep = seal("{\"path\":" + std::string(100000, '[') + std::string(100000, ']') + "}");
  CHECK_THROWS_AS(parseBuildCache(s.substr(0, s.find('\n') + 1) + deep + "\n", "c.jsonl"), FormatError);
  CHECK_THROWS_WITH_AS(parseBuildCache(s.substr(s.find('\n') + 1), "c.jsonl"),
                       doctest::Contains("c.jsonl:1: not a kg build cache of version 3"),
                       FormatError);
}

TEST_CASE("build cache index: identities at open, each document parsed when asked, errors with file:line") {
  auto docs = corpus();
  BuildCache cache;
  cache.fingerprint = "fp";
  for (size_t i = 0; i < docs.size(); ++i) {
    CachedDocument c;
    c.path = docs[i].path;
    c.size = 100 + i;
    c.mtime = -5 + static_cast<int64_t>(i);
    c.contribution = contributionOf(makeDoc(docs[i]), "hash" + std::to_string(i));
    cache.documents.push_back(std::move(c));
  }
  std::sort(cache.documents.begin(), cache.documents.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  std::ostringstream out;
  writeBuildCache(cache, out);
  const std::string text = out.str();
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("kg-cacheidx-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto writeFile = [&](const std::string& name, const std::string& content) {
    std::ofstream(dir / name, std::ios::binary) << content;
    return (dir / name).string();
  };

  BuildCacheIndex index(writeFile("good.jsonl", text));
  CHECK(index.fingerprint() == "fp");
  REQUIRE(index.entries().size() == cache.documents.size());
  for (size_t i = 0; i < cache.documents.size(); ++i) {
    const auto& want = cache.documents[i];
    const auto* e = index.find(want.path);
    REQUIRE(e != nullptr);
    CHECK(e == &index.entries()[i]);
    CHECK(e->size == want.size);
    CHECK(e->mtime == want.mtime);
    CHECK(e->sha256 == want.contribution.document.sha256);
    CHECK(e->line == i + 2);
    std::string line = index.line(*e);
    CHECK(line == cacheLine(want));  // copied to the next cache as it is
    CHECK(index.document(*e, line) == want);
  }
  CHECK(index.find("no/such.txt") == nullptr);

  // A damaged line (its checksum does not match) is left out at open and
  // named with its line: its document is then read again.
  std::string damaged = text;
  size_t third = 0;
  for (int n = 0; n < 3; ++n) third = damaged.find('\n', third) + 1;  // start of line 4
  size_t title = damaged.find("\"title\"", third);
  damaged.replace(title, 7, "\"title\"!");
  BuildCacheIndex hurt(writeFile("hurt.jsonl", damaged));
  CHECK(hurt.entries().size() == cache.documents.size() - 1);
  REQUIRE(hurt.problems().size() == 1);
  CHECK(hurt.problems()[0].find("hurt.jsonl:4: damaged line") != std::string::npos);
  CHECK(hurt.find(cache.documents[2].path) == nullptr);
  CHECK(hurt.document(hurt.entries()[1], hurt.line(hurt.entries()[1])) == cache.documents[1]);
  // Damage that stays valid JSON, in a line read after open: document() refuses it.
  {
    const auto* e = index.find(cache.documents[0].path);
    std::string line = index.line(*e);
    line[line.find("\"bytes\":") + 8] ^= 1;  // a digit
    CHECK_THROWS_WITH_AS(index.document(*e, line), doctest::Contains("good.jsonl:2: damaged line"), FormatError);
  }

  // What open() refuses.
  std::string header = text.substr(0, text.find('\n') + 1);
  std::string cut = text.substr(0, text.rfind('\n', text.size() - 2) + 1);
  CHECK_THROWS_WITH_AS(BuildCacheIndex(writeFile("cut.jsonl", cut)), doctest::Contains("truncated?"), FormatError);
  CHECK_THROWS_WITH_AS(BuildCacheIndex(writeFile("foreign.jsonl", "{\"a\": 1}\n")),
                       doctest::Contains("foreign.jsonl:1: not a kg build cache"), FormatError);
  CHECK_THROWS_WITH_AS(BuildCacheIndex(writeFile("noid.jsonl", header + seal("{\"path\":\"a.txt\",\"size\":1}") + "\n")),
                       doctest::Contains("noid.jsonl:2: missing"), FormatError);
  CHECK_THROWS_WITH_AS(
      BuildCacheIndex(writeFile("neg.jsonl", header + seal("{\"path\":\"a.txt\",\"size\":-1,\"mtime\":0,\"sha256\":\"x\"}") + "\n")),
      doctest::Contains("neg.jsonl:2: expected a non-negative integer"), FormatError);
  // Nested 10^5 levels deep (the crash of issue 21): refused with its line.
  std::string deep = seal("{\"path\":\"a.txt\",\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}");
  CHECK_THROWS_WITH_AS(BuildCacheIndex(writeFile("deep.jsonl", header + deep + "\n")),
                       doctest::Contains("deep.jsonl:2: nested more than 64 levels deep"), FormatError);
  CHECK_THROWS_AS(BuildCacheIndex(writeFile("deep2.jsonl", header + std::string(1 << 20, '[') + "\n")), FormatError);
  std::string l2 = text.substr(header.size(), text.find('\n', header.size()) + 1 - header.size());
  std::string l3 = text.substr(header.size() + l2.size(), text.find('\n', header.size() + l2.size()) + 1 - header.size() - l2.size());
  CHECK_THROWS_WITH_AS(BuildCacheIndex(writeFile("order.jsonl", header + l3 + l2)),
                       doctest::Contains("order.jsonl:3: documents out of path order"), FormatError);
  CHECK_THROWS_AS(BuildCacheIndex((dir / "missing.jsonl").string()), IoError);
  fs::remove_all(dir);
}

TEST_CASE("the cache spool writes lines put in any order, from any thread, in index order") {
  std::vector<std::string> lines;
  for (int i = 0; i < 200; ++i) lines.push_back("{\"n\":" + std::to_string(i) + ",\"pad\":\"" + std::string(i % 37, 'x') + "\"}");
  CacheSpool spool(lines.size() + 5);  // five indices never put
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t)
    pool.emplace_back([&, t] {
      for (size_t i = lines.size(); i-- > 0;)
        if (i % 4 == static_cast<size_t>(t)) spool.put(i, lines[i]);
    });
  for (auto& t : pool) t.join();
  CHECK(spool.size() == lines.size());
  std::ostringstream viaSpool, direct;
  spool.write("fp", viaSpool);
  writeBuildCache("fp", lines, direct);
  CHECK(viaSpool.str() == direct.str());
  spool.put(3, "{\"again\":1}");  // put twice: the last one counts, once
  CHECK(spool.size() == lines.size());
  std::ostringstream again;
  spool.write("fp", again);
  CHECK(again.str().find("{\"again\":1}\n{\"n\":4,") != std::string::npos);
  CHECK(again.str().find("{\"n\":3,") == std::string::npos);
  CHECK_THROWS_AS(spool.put(lines.size() + 5, "x"), Error);
}

TEST_CASE("documents are nodes with their dates and mentions") {
  Graph g = buildInOrder({0, 1, 2, 3});
  REQUIRE(g.documents.size() == 4);
  CHECK(g.documents[0].path == "a.txt");
  CHECK(g.documents[0].date == "2015-07-16");
  CHECK(g.documents[0].mentions.size() == 2);
  CHECK(documentIdFor("seeds/뉴스 1.txt") == "doc/seeds/%EB%89%B4%EC%8A%A4%201.txt");
}

TEST_CASE("a short form the lexicon gives to two entries links nothing, and is reported") {
  LexiconBuilder lb;
  lb.addText("Zone\t장장하이테크파크\t장강\tzj-park\nZone\t장강경제구\t장강\tyangtze-zone\n", "t.tsv");
  Lexicon lex = lb.build();
  GraphBuilder b(&lex);
  b.add(makeDoc({"x.txt", "", "장강", {ent(NodeType::Zone, "장장하이테크파크", {"장강"}, "zj-park")}, {}}));
  b.add(makeDoc({"y.txt", "", "장강", {ent(NodeType::Zone, "장강경제구", {"장강"}, "yangtze-zone")}, {}}));
  b.add(makeDoc({"z.txt", "", "장강", {ent(NodeType::Zone, "장강")}, {}}));
  Graph g = b.build();
  CHECK(g.nodes.size() == 3);
  CHECK_FALSE(g.clashes.empty());
}

TEST_CASE("stable ids come from type and name") {
  Graph g1 = buildInOrder({3});
  Graph g2 = buildInOrder({0, 1, 2, 3});
  auto id1 = byName(g1, "포켓모바일사");
  REQUIRE(id1);
  // In the larger corpus the company's canonical name may change, but a lexicon entity's never does.
  CHECK(byName(g2, "중국 과학기술부")->id == "agency:most-china");
  CHECK(id1->id.rfind("company:", 0) == 0);
}

TEST_CASE("sha256 matches the FIPS test vectors") {
  CHECK(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256Hex(std::string(1000, 'a')).size() == 64);
  CHECK(sha256Hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 at the padding boundaries agrees with coreutils' sha256sum") {
  // n bytes of 'a': the lengths where the length field does or does not fit the last block
  // (digests from `head -c N /dev/zero | tr '\0' a | sha256sum`).
  const std::pair<size_t, const char*> cases[] = {
      {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
      {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
      {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
      {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
      {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"}};
  for (auto [n, want] : cases) {
    CAPTURE(n);
    CHECK(sha256Hex(std::string(n, 'a')) == want);
  }
}

TEST_CASE("evaluation matches names after normalisation, one to one, and scores edges") {
  Graph g = buildInOrder({2});
  GoldDocument gold;
  gold.entities = {{"msip", NodeType::Agency, {"미래창조과학부", "미래부"}},
                   {"most", NodeType::Agency, {"과학 기술부"}},
                   {"x", NodeType::Person, {"최양희"}}};
  gold.relations = {{EdgeType::CooperatesWith, "most", "msip", ""}, {EdgeType::Leads, "x", "msip", ""}};
  EvalReport r = evaluate(g, gold);
  CHECK(r.entityTotal().tp == 2);
  CHECK(r.entityTotal().pred == 3);
  CHECK(r.entityTotal().gold == 3);
  CHECK(r.relationTotal().tp == 1);
  CHECK(r.relationTotal().gold == 2);
  CHECK(r.relationTotal().f1() == doctest::Approx(2.0 / 3.0));
  CHECK(evalNorm(" ‘Ｍ OST’ ") == "most");
}

TEST_CASE("a gold file nested deeply is an error naming the file, not a stack overflow") {
  namespace fs = std::filesystem;
  // 1 MB of '[' inside the entities array: RapidJSON's recursive parser overflowed the stack
  // (SIGSEGV); the gold reader parses iteratively and stops at 64 levels.
  fs::path dir = fs::temp_directory_path() / ("kg-gold-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path deep = dir / "deep.json";
  std::ofstream(deep, std::ios::binary)
      << "{\"document\": \"a.txt\",\n \"entities\": " << std::string(1 << 20, '[');
  try {
    loadGold(deep.string());
    FAIL("no error");
  } catch (const FormatError& e) {
    std::string what = e.what();
    CHECK(what.find(deep.string() + ": line 2 (byte ") == 0);
    CHECK(what.find("nested more than 64 levels deep") != std::string::npos);
  }
  // 64 levels are read (then refused by shape, not by depth); bad JSON names its line.
  fs::path ok = dir / "ok.json";
  std::ofstream(ok, std::ios::binary)
      << "{\"entities\": [], \"x\": " << std::string(62, '[') << std::string(62, ']') << "}";
  CHECK(loadGold(ok.string()).entities.empty());
  fs::path bad = dir / "bad.json";
  std::ofstream(bad, std::ios::binary) << "{\n\"entities\": [}";
  CHECK_THROWS_WITH_AS(loadGold(bad.string()),
                       doctest::Contains("bad.json: invalid JSON at byte 15 (line 2)"),
                       FormatError);
  fs::remove_all(dir);
}

#include "kg/query.h"

TEST_CASE("queries: names resolve through aliases and typos; paths walk edges both ways") {
  Graph g = buildInOrder({0, 1, 2, 3});
  GraphIndex idx(g);
  auto m = idx.find("科学技术部");  // simplified script of an alias
  REQUIRE(!m.empty());
  CHECK(g.nodes[m.front().node].id == "agency:most-china");
  CHECK(m.front().how == "alias");
  auto typo = idx.find("미래창조과학브");
  REQUIRE(!typo.empty());
  CHECK(g.nodes[typo.front().node].name == "미래창조과학부");
  CHECK(idx.find("전혀없는이름입니다").empty());

  uint32_t most = *g.findNode("agency:most-china"), msip = *g.findNode("agency:msip");
  uint32_t prog = 0;
  for (uint32_t i = 0; i < g.nodes.size(); ++i)
    if (g.nodes[i].type == NodeType::Program) prog = i;
  auto paths = idx.shortestPaths(msip, prog);
  REQUIRE(paths.size() == 1);
  REQUIRE(paths[0].size() == 2);
  CHECK(paths[0][0].to == most);
  CHECK(paths[0][1].forward);  // most -issued-> programme
  PathOptions directed;
  directed.directed = true;
  CHECK(idx.shortestPaths(prog, most, directed).empty());  // issued only goes one way
  PathOptions onlyCoop;
  onlyCoop.edgeTypes = {EdgeType::CooperatesWith};
  CHECK(idx.shortestPaths(msip, prog, onlyCoop).empty());
  PathOptions avoid;
  avoid.avoid = {most};
  CHECK(idx.shortestPaths(msip, prog, avoid).empty());
  auto nb = idx.neighbors(most, 1);
  CHECK(nb.nodes.size() == 3);
  CHECK(idx.componentCount() == g.nodes.size() - 2);  // msip-most-prog joined
  auto bc = idx.betweenness();
  CHECK(bc[most] > 0);
}

TEST_CASE("k shortest simple paths (Yen): every loopless path, shortest first, in a fixed order") {
  // A-B, B-E, A-C, C-D, D-E, B-C: from A to E the simple paths are
  // A-B-E (2), A-C-B-E (3), A-C-D-E (3), A-B-C-D-E (4).
  Graph g = places({"a", "b", "c", "d", "e"});
  auto edge = [&](uint32_t s, uint32_t t, EdgeType type = EdgeType::CooperatesWith) { addEdge(g, s, t, type); };
  edge(0, 1), edge(1, 4), edge(0, 2), edge(2, 3), edge(3, 4), edge(1, 2);
  GraphIndex idx(g);
  auto nodesOf = [](const Path& p) {
    std::string s = "a";
    for (const Hop& h : p) s += "abcde"[h.to];
    return s;
  };
  auto paths = idx.kShortestPaths(0, 4, 10);
  REQUIRE(paths.size() == 4);
  CHECK(nodesOf(paths[0]) == "abe");
  CHECK(paths[1].size() == 3);
  CHECK(paths[2].size() == 3);
  CHECK(nodesOf(paths[3]) == "abcde");
  std::set<std::string> middle{nodesOf(paths[1]), nodesOf(paths[2])};
  CHECK(middle == std::set<std::string>{"acbe", "acde"});
  for (const auto& p : paths) {  // simple: no node twice; hops chain
    std::set<uint32_t> nodes{p.front().from};
    for (size_t i = 0; i < p.size(); ++i) {
      CHECK(nodes.insert(p[i].to).second);
      if (i) CHECK(p[i].from == p[i - 1].to);
    }
  }
  CHECK(idx.kShortestPaths(0, 4, 2).size() == 2);
  CHECK(idx.kShortestPaths(0, 4, 10) == paths);  // deterministic
  PathOptions shortOnly;
  shortOnly.maxHops = 3;
  CHECK(idx.kShortestPaths(0, 4, 10, shortOnly).size() == 3);  // the 4-hop path is over the bound
  PathOptions avoidB;
  avoidB.avoid = {1};
  auto noB = idx.kShortestPaths(0, 4, 10, avoidB);
  REQUIRE(noB.size() == 1);
  CHECK(nodesOf(noB[0]) == "acde");
  // Two edges of different types between the same nodes are two paths.
  edge(0, 1, EdgeType::LocatedIn);
  GraphIndex idx2(g);
  auto two = idx2.kShortestPaths(0, 4, 2);
  REQUIRE(two.size() == 2);
  CHECK(nodesOf(two[0]) == "abe");
  CHECK(nodesOf(two[1]) == "abe");
  CHECK(two[0][0].edge != two[1][0].edge);
}

TEST_CASE("betweenness: exact through Boost.Graph, estimated from sampled sources on large graphs") {
  // A cycle of 12: every node lies on the same share of shortest paths, so
  // the estimate from any sources sums to the exact total.
  std::vector<std::string> cycle;
  for (int i = 0; i < 12; ++i) cycle.push_back(std::string("p").append(std::to_string(i)));
  Graph g = places(cycle);
  for (uint32_t i = 0; i < 12; ++i) addEdge(g, i, (i + 1) % 12, EdgeType::CooperatesWith);
  GraphIndex idx(g);
  auto exact = idx.betweenness();
  auto estimate = idx.betweenness(4);
  double sumExact = 0, sumEstimate = 0;
  for (double x : exact) sumExact += x;
  for (double x : estimate) sumEstimate += x;
  CHECK(exact[0] > 0);
  for (double x : exact) CHECK(x == doctest::Approx(exact[0]));  // symmetric
  CHECK(sumEstimate == doctest::Approx(sumExact));
  CHECK(idx.betweenness(12) == exact);  // enough sources: exact
  // On a path a-b-c, only b lies between: the estimate from every node agrees with Boost.
  Graph p = places({"q0", "q1", "q2"});
  for (uint32_t i = 0; i < 2; ++i) addEdge(p, i, i + 1, EdgeType::LocatedIn);
  GraphIndex pi(p);
  auto pe = pi.betweenness();
  CHECK(pe[0] == 0);
  CHECK(pe[1] > 0);
  CHECK(pe[2] == 0);
}

TEST_CASE("TextStore: texts read back by number, in memory or spilled to a temporary file") {
  const std::vector<std::string> texts = {"중국 과학기술부는 계획을 발표했다.", "", "포켓모바일은 중관촌에 있다.",
                                          std::string(5000, 'x')};
  // 60 bytes: the first two texts stay in memory, the third spills them
  for (uint64_t budget : {uint64_t{0}, uint64_t{60}, UINT64_MAX}) {
    CAPTURE(budget);
    TextStore store = budget == UINT64_MAX ? TextStore() : TextStore::spilling(budget);
    std::vector<uint32_t> ids;
    for (const auto& t : texts) ids.push_back(store.add(t));
    REQUIRE(store.size() == texts.size());
    CHECK(store.spilled() == (budget != UINT64_MAX));
    for (size_t i = 0; i < texts.size(); ++i) CHECK(store.at(ids[i]) == texts[i]);
    // A copy shares what was added before it; each adds on its own.
    TextStore copy = store;
    uint32_t a = store.add("원본");
    uint32_t b = copy.add("사본에만");
    CHECK(a == b);  // the same number in each, different texts
    CHECK(store.at(a) == "원본");
    CHECK(copy.at(b) == "사본에만");
    CHECK(copy.at(ids[2]) == texts[2]);
    CHECK_THROWS_AS(store.at(static_cast<uint32_t>(store.size())), Error);
  }
  // Spilled texts are written a mebibyte at a time: those written out, those
  // still waiting and the ones on either side of each write all read back.
  TextStore store = TextStore::spilling(0);
  std::vector<std::string> many;
  for (int i = 0; i < 3000; ++i)
    many.push_back(std::to_string(i) + "번째 문장: " + std::string(static_cast<size_t>(400 + i % 700), 'a' + i % 26));
  std::vector<uint32_t> ids;
  for (const auto& t : many) ids.push_back(store.add(t));
  CHECK(store.spilled());
  for (size_t i = 0; i < many.size(); ++i) {
    CAPTURE(i);
    REQUIRE(store.at(ids[i]) == many[i]);
  }
}

TEST_CASE("a graph whose evidence text spilled to disk equals one built in memory") {
  auto docs = corpus();
  GraphBuilder inMemory, spilled(nullptr, TextStore::spilling(0));
  for (size_t i = 0; i < docs.size(); ++i) {
    inMemory.add(makeDoc(docs[i]), "hash" + std::to_string(i));
    spilled.add(makeDoc(docs[i]), "hash" + std::to_string(i));
  }
  Graph a = inMemory.build(), b = spilled.build(2);
  CHECK_FALSE(a.texts.spilled());
  CHECK(b.texts.spilled());
  REQUIRE(!a.edges.empty());
  CHECK(a == b);
  // Equality compares the sentences, not their numbers.
  Evidence& ev = b.edges.front().evidence.front();
  ev.text = b.texts.add(b.text(ev) + " (다른 문장)");
  CHECK_FALSE(a == b);
}

TEST_CASE("edge dates pack into comparable numbers and back") {
  CHECK(packDate("2024-03-29") == 20240329u);
  CHECK(unpackDate(20240329) == "2024-03-29");
  CHECK(unpackDate(packDate("0999-01-01")) == "0999-01-01");
  CHECK(packDate("2014-12-19") < packDate("2024-03-01"));
  for (const char* bad : {"", "2024-3-29", "2024/03/29", "2024-13-01", "2024-00-10", "2024-01-32", "abcd-ef-gh"})
    CHECK(packDate(bad) == 0u);
  CHECK(unpackDate(0).empty());
}

TEST_CASE("find ranks exact names first, then prefixes, parts, English ids and romanisation") {
  Graph g;
  auto node = [&](std::string id, NodeType t, std::string name, std::vector<std::string> aliases = {}) {
    Node n;
    n.id = std::move(id);
    n.type = t;
    n.name = std::move(name);
    n.aliases = std::move(aliases);
    g.nodes.push_back(std::move(n));
  };
  node("place:china", NodeType::Place, "중국");
  node("agency:most-china", NodeType::Agency, "중국 과학기술부", {"MOST"});
  node("company:huawei-cloud", NodeType::Company, "화웨이 클라우드");
  node("person:lei-jun", NodeType::Person, "레이쥔");
  node("program:town", NodeType::Program, "한중기술산업타운");
  node("zone:luoyang-town", NodeType::Zone, "뤄양 한중기술산업타운", {"한중기술산업타운"});
  GraphIndex idx(g);
  auto names = [&](const std::vector<NameMatch>& ms) {
    std::vector<std::string> out;
    for (const auto& m : ms) out.push_back(g.nodes[m.node].name);
    return out;
  };
  // The exact match first, the names it begins no longer hidden.
  auto china = idx.find("중국");
  REQUIRE(china.size() == 2);
  CHECK(names(china) == std::vector<std::string>{"중국", "중국 과학기술부"});
  CHECK(china[0].how == "name");
  CHECK(china[1].how == "prefix");
  CHECK(china[1].score < kExactMatch);
  CHECK(names(idx.find("화웨이")) == std::vector<std::string>{"화웨이 클라우드"});
  CHECK(idx.find("클라우드").at(0).how == "part");
  // Latin text against the ids' last word, without case, hyphens or spaces.
  for (const char* q : {"Lei Jun", "lei-jun", "LEIJUN"}) {
    auto m = idx.find(q);
    REQUIRE(!m.empty());
    CHECK(g.nodes[m[0].node].id == "person:lei-jun");
    CHECK(m[0].how == "English or romanised id");
  }
  // A name two nodes carry: both exact, the name before the alias.
  auto town = idx.find("한중기술산업타운");
  REQUIRE(town.size() == 2);
  CHECK(town[0].how == "name");
  CHECK(town[1].how == "alias");
  CHECK(town[1].score >= kExactMatch);
  CHECK(idx.find("중국", 1).size() == 1);
}

// ---- Entity resolution (issue 18): a table of merge cases over two or three short documents.

namespace {

Entity leaderOf(std::string name, std::vector<std::string> aliases) {
  return ent(NodeType::Person, std::move(name), std::move(aliases));
}

// How many nodes of `type` carry `form` as name or alias.
size_t carrying(const Graph& g, NodeType type, std::string_view form) {
  size_t n = 0;
  for (const auto& node : g.nodes)
    if (node.type == type &&
        (node.name == form || std::find(node.aliases.begin(), node.aliases.end(), form) != node.aliases.end()))
      ++n;
  return n;
}

size_t countType(const Graph& g, NodeType type) {
  return static_cast<size_t>(
      std::count_if(g.nodes.begin(), g.nodes.end(), [&](const Node& n) { return n.type == type; }));
}

struct MergeCase {
  const char* what;
  std::vector<DocSpec> docs;
  NodeType type;
  size_t nodes;  // nodes of `type` expected
};

}  // namespace

TEST_CASE("merge table: what must merge across documents and what must not") {
  const std::vector<MergeCase> cases = {
      {"two ministers called 최 장관 are two people",
       {{"a.txt", "2014-07-16", "최양희 장관은 … 최 장관은 …",
         {leaderOf("최양희", {"최"}), ent(NodeType::Agency, "미래창조과학부")},
         {rel(EdgeType::Leads, 0, 1)}},
        {"b.txt", "2019-09-09", "최기영 장관은 … 최 장관은 …",
         {leaderOf("최기영", {"최"}), ent(NodeType::Agency, "과학기술정보통신부")},
         {rel(EdgeType::Leads, 0, 1)}}},
       NodeType::Person, 2},
      {"two ministers called 이 장관 are two people",
       {{"a.txt", "", "이종호 장관은 … 이 장관은 …",
         {leaderOf("이종호", {"이"}), ent(NodeType::Agency, "과학기술정보통신부")},
         {rel(EdgeType::Leads, 0, 1)}},
        {"b.txt", "", "이상민 장관은 … 이 장관은 …",
         {leaderOf("이상민", {"이"}), ent(NodeType::Agency, "행정안전부")},
         {rel(EdgeType::Leads, 0, 1)}}},
       NodeType::Person, 2},
      {"a surname alone names nobody across documents",
       {{"a.txt", "", "최양희 장관", {leaderOf("최양희", {})}, {}},
        {"b.txt", "", "최 장관", {leaderOf("최", {})}, {}}},
       NodeType::Person, 2},
      {"one person by full name in two documents is one person",
       {{"a.txt", "", "최양희 장관은 … 최 장관은 …", {leaderOf("최양희", {"최", "崔陽熙"})}, {}},
        {"b.txt", "", "최양희 미래부 장관", {leaderOf("최양희", {})}, {}}},
       NodeType::Person, 1},
      {"two people of one full name who lead different bodies are two people",
       {{"a.txt", "", "김영수 삼성전자 사장", {leaderOf("김영수", {}), ent(NodeType::Company, "삼성전자")},
         {rel(EdgeType::Leads, 0, 1)}},
        {"b.txt", "", "김영수 한화 사장", {leaderOf("김영수", {}), ent(NodeType::Company, "한화솔루션")},
         {rel(EdgeType::Leads, 0, 1)}}},
       NodeType::Person, 2},
      {"one full name leading one body in two documents is one person",
       {{"a.txt", "", "김영수 삼성전자 사장", {leaderOf("김영수", {}), ent(NodeType::Company, "삼성전자")},
         {rel(EdgeType::Leads, 0, 1)}},
        {"b.txt", "", "김영수 사장", {leaderOf("김영수", {})}, {}},
        {"c.txt", "", "삼성전자 김영수 사장", {ent(NodeType::Company, "삼성전자"), leaderOf("김영수", {})},
         {rel(EdgeType::Leads, 1, 0)}}},
       NodeType::Person, 1},
      {"Korea's and China's 과학기술부 are two agencies",
       {{"a.txt", "", "한국 과학기술부는 …", {ent(NodeType::Agency, "한국 과학기술부", {"과학기술부"})}, {}},
        {"b.txt", "", "중국 과학기술부는 …", {ent(NodeType::Agency, "중국 과학기술부", {"과학기술부"})}, {}}},
       NodeType::Agency, 2},
      {"one full name with two countries is two things",
       {{"a.txt", "", "한국 산업기술연구원(산업기술연구원 본원)",
         {ent(NodeType::Organization, "한국 산업기술연구원", {"산업기술연구원 본원"})}, {}},
        {"b.txt", "", "중국 산업기술연구원(산업기술연구원 본원)",
         {ent(NodeType::Organization, "중국 산업기술연구원", {"산업기술연구원 본원"})}, {}}},
       NodeType::Organization, 2},
      {"spacing variants of one name merge",
       {{"a.txt", "", "하얼빈 창룽 그룹", {ent(NodeType::Company, "하얼빈 창룽 그룹", {"창룽"})}, {}},
        {"b.txt", "", "하얼빈창룽그룹", {ent(NodeType::Company, "하얼빈창룽그룹", {"哈爾賓昌隆集團"})}, {}}},
       NodeType::Company, 1},
      {"a stem made inside one document merges nothing across documents",
       {{"a.txt", "", "하얼빈창룽그룹(창룽)", {ent(NodeType::Company, "하얼빈창룽그룹", {"창룽"})}, {}},
        {"b.txt", "", "창룽전자(창룽)", {ent(NodeType::Company, "창룽전자", {"창룽"})}, {}}},
       NodeType::Company, 2},
      {"an acronym made inside one document merges nothing across documents",
       {{"a.txt", "", "한중과학기술협력센터(KCC)", {ent(NodeType::Organization, "한중과학기술협력센터", {"KCC"})}, {}},
        {"b.txt", "", "한국화학회(KCC)", {ent(NodeType::Organization, "한국화학회", {"KCC"})}, {}}},
       NodeType::Organization, 2},
      {"a full alias (an English name, Hanja) merges across documents",
       {{"a.txt", "", "포켓모바일(pocketmobile)", {ent(NodeType::Company, "포켓모바일", {"pocketmobile"})}, {}},
        {"b.txt", "", "포켓모바일사(pocketmobile)", {ent(NodeType::Company, "포켓모바일사", {"pocketmobile"})}, {}}},
       NodeType::Company, 1},
      {"a short form resolves inside its own document to the entity that document introduced",
       {{"a.txt", "", "하얼빈창룽그룹 … 창룽은",
         {ent(NodeType::Company, "하얼빈창룽그룹", {"창룽"}), ent(NodeType::Company, "창룽")}, {}}},
       NodeType::Company, 1},
  };
  for (const auto& c : cases) {
    std::string what = c.what;  // named in a failure
    CAPTURE(what);
    GraphBuilder b;
    for (const auto& d : c.docs) b.add(makeDoc(d));
    Graph g = b.build();
    CHECK(countType(g, c.type) == c.nodes);
  }
}

TEST_CASE("merge table: the two 최 ministers keep their own names, posts and evidence") {
  GraphBuilder b;
  b.add(makeDoc({"a.txt", "2014-07-16", "최양희 장관은 … 최 장관은 …",
                 {leaderOf("최양희", {"최"}), ent(NodeType::Agency, "미래창조과학부")},
                 {rel(EdgeType::Leads, 0, 1)}}));
  b.add(makeDoc({"b.txt", "2019-09-09", "최기영 장관은 … 최 장관은 …",
                 {leaderOf("최기영", {"최"}), ent(NodeType::Agency, "과학기술정보통신부")},
                 {rel(EdgeType::Leads, 0, 1)}}));
  Graph g = b.build();
  const Node* choi = byName(g, "최기영");
  REQUIRE(choi);
  CHECK(choi->aliases.empty());  // neither 최 (not a name) nor 최양희
  CHECK(choi->documents.size() == 1);
  for (const auto& e : g.edges)
    if (e.type == EdgeType::Leads && g.nodes[e.source].name == "최기영")
      CHECK(g.nodes[e.target].name == "과학기술정보통신부");
}

TEST_CASE("merge table: a clash names each thing with its documents") {
  GraphBuilder b;
  b.add(makeDoc({"kr.txt", "", "한국 산업기술연구원", {ent(NodeType::Organization, "한국 산업기술연구원", {"산업기술연구원 본원"})}, {}}));
  b.add(makeDoc({"cn.txt", "", "중국 산업기술연구원", {ent(NodeType::Organization, "중국 산업기술연구원", {"산업기술연구원 본원"})}, {}}));
  b.add(makeDoc({"p.txt", "", "경기도", {ent(NodeType::Place, "경기도")}, {}}));
  b.add(makeDoc({"q.txt", "", "경기도는 발표했다", {ent(NodeType::Agency, "경기도")}, {}}));
  Graph g = b.build();
  REQUIRE(g.clashes.size() == 2);
  CHECK(g.clashes[0] == "경기도: Agency 경기도 in q.txt; Place 경기도 in p.txt");
  CHECK(g.clashes[1] ==
        "산업기술연구원본원: Organization 중국 산업기술연구원 (CN) in cn.txt; Organization 한국 산업기술연구원 (KR) in kr.txt");
}

TEST_CASE("merge table: the lexicon's records merge, its different entries never do") {
  LexiconBuilder lb;
  lb.addText(
      "Agency\t중국 과학기술부\t과학기술부|MOST|科學技術部\tmost-china\n"
      "Agency\t한국 과학기술부\t과학기술부|MOST\tkr-most\n"
      "Place\t쑤저우\t蘇州|苏州\tsuzhou\n"
      "Zone\t쑤저우공업원구\t苏州工业园区\tsuzhou-park\n"
      "Place\t일본\t日本|Japan\tjapan\n",
      "t.tsv");
  Lexicon lex = lb.build();
  GraphBuilder b(&lex);
  b.add(makeDoc({"a.txt", "", "중국 과학기술부(MOST)",
                 {ent(NodeType::Agency, "중국 과학기술부", {"MOST", "과학기술부", "科學技術部"}, "most-china")}, {}}));
  // A recorded alias of the entry merges; one the lexicon gives two entries links nothing.
  b.add(makeDoc({"b.txt", "", "科學技術部는", {ent(NodeType::Agency, "科學技術部")}, {}}));
  b.add(makeDoc({"b2.txt", "", "MOST는", {ent(NodeType::Agency, "MOST")}, {}}));
  b.add(makeDoc({"c.txt", "", "한국 과학기술부", {ent(NodeType::Agency, "한국 과학기술부", {"과학기술부"}, "kr-most")}, {}}));
  b.add(makeDoc({"d.txt", "", "쑤저우공업원구(蘇州)",
                 {ent(NodeType::Zone, "쑤저우공업원구", {"蘇州", "그중 쑤저우공업원구"}, "suzhou-park")}, {}}));
  b.add(makeDoc({"e.txt", "", "일본(JICA)", {ent(NodeType::Place, "일본", {"JICA"}, "japan")}, {}}));
  Graph g = b.build();
  CHECK(countType(g, NodeType::Agency) == 3);  // China's (with 科學技術部), Korea's, the bare MOST
  CHECK(carrying(g, NodeType::Agency, "科學技術部") == 1);
  CHECK(byName(g, "중국 과학기술부")->documents.size() == 2);
  CHECK(byName(g, "MOST"));
  const Node* zone = byName(g, "쑤저우공업원구");
  REQUIRE(zone);
  CHECK(zone->aliases.empty());  // 蘇州 glosses the city; "그중" is no part of a name
  const Node* japan = byName(g, "일본");
  REQUIRE(japan);
  CHECK(japan->aliases.empty());  // JICA is an organisation's acronym
}

TEST_CASE("name forms: cleaning and strength") {
  CHECK(cleanNameForm("그중 푸둥신구") == "푸둥신구");
  CHECK(cleanNameForm("또 이번 푸둥신구") == "푸둥신구");
  CHECK(cleanNameForm("일대일로' 과학기술교류대회") == "일대일로 과학기술교류대회");
  CHECK(cleanNameForm("'일대일로' 과학기술교류대회") == "'일대일로' 과학기술교류대회");
  CHECK(cleanNameForm("「과학기술 진흥법") == "과학기술 진흥법");
  CHECK(cleanNameForm("이천시") == "이천시");  // 이 as a word only
  CHECK(shortNameForm(NodeType::Person, "최양희", "최"));
  CHECK(shortNameForm(NodeType::Person, "최", "최"));
  CHECK_FALSE(shortNameForm(NodeType::Person, "최양희", "최양희"));
  CHECK_FALSE(shortNameForm(NodeType::Person, "최양희", "崔陽熙"));
  CHECK(shortNameForm(NodeType::Company, "하얼빈창룽그룹", "창룽"));
  CHECK(shortNameForm(NodeType::Agency, "중국 과학기술부", "과학기술부"));
  CHECK(shortNameForm(NodeType::Organization, "한중과학기술협력센터", "KCC"));
  CHECK_FALSE(shortNameForm(NodeType::Company, "하얼빈창룽그룹", "하얼빈 창룽 그룹"));
  CHECK_FALSE(shortNameForm(NodeType::Company, "포켓모바일", "pocketmobile"));
  CHECK_FALSE(shortNameForm(NodeType::Place, "중국", "중국"));
}

// ---- Issue 18, what was left: a government's forms, the names the text writes, glosses of a part,
// a government's place.

namespace {

// A mention of entity `e` at [b, e) written as `surface`.
struct TestMention {
  uint32_t entity, b, e;
  std::string surface;
};
TestMention mention(uint32_t entity, uint32_t b, uint32_t e, std::string surface) {
  return TestMention{entity, b, e, std::move(surface)};
}

DocumentResult withMentions(DocumentResult d, std::vector<TestMention> ms) {
  d.mentions.clear();
  for (const auto& m : ms) d.addMention(Span{m.b, m.e}, m.entity, m.surface, "lexicon");
  return d;
}

bool hasForm(const Node* n, std::string_view form) {
  return n && (n->name == form ||
               std::find(n->aliases.begin(), n->aliases.end(), form) != n->aliases.end());
}

Lexicon governmentLexicon() {
  LexiconBuilder lb;
  lb.addText(
      "Place\t다롄\t대련|다롄시|대련시|大連\tdalian\n"
      "Agency\t다롄시 인민정부\t다롄시정부|大连市人民政府\tdalian-government\n"
      "Place\t상하이\t상해|상하이시|上海\tshanghai\n"
      "Agency\t상하이시 인민정부\t상하이시정부|上海市人民政府\tshanghai-government\n"
      "Place\t제주특별자치도\t제주|제주도\tkr-jeju\n"
      "Agency\t제주특별자치도\t제주도청\tkr-jeju-gov\n"
      "Zone\t장장하이테크파크\t상하이 장장|장장\tzhangjiang-park\n",
      "gov.tsv");
  return lb.build();
}

}  // namespace

TEST_CASE("merge table: a form one document gives to the government is not the place's") {
  // "대련시는 … 공포했다" (the government) beside the place 대련: 대련시 is the Agency's.
  Lexicon lex = governmentLexicon();
  GraphBuilder b(&lex);
  b.add(makeDoc({"a.txt",
                 "",
                 "중국 요령성 대련시는 … 대련시 인민정부가 공포한 … 대련을 포함해",
                 {ent(NodeType::Agency, "다롄시 인민정부", {"대련시 인민정부", "대련시"},
                      "dalian-government"),
                  ent(NodeType::Place, "다롄", {"대련", "대련시"}, "dalian")},
                 {}}));
  // A place whose only form is the shared one keeps it (the text uses it as the place too).
  b.add(makeDoc(
      {"b.txt",
       "",
       "상하이시는 … 상하이시에 위치한",
       {ent(NodeType::Agency, "상하이시"), ent(NodeType::Place, "상하이시", {}, "shanghai")},
       {}}));
  Graph g = b.build();
  const Node* dalian = byName(g, "다롄");
  REQUIRE(dalian);
  CHECK_FALSE(hasForm(dalian, "대련시"));
  CHECK(hasForm(dalian, "대련"));
  CHECK(carrying(g, NodeType::Agency, "대련시") == 1);
  CHECK(carrying(g, NodeType::Place, "상하이시") == 1);
  CHECK(carrying(g, NodeType::Agency, "상하이시") == 1);
}

TEST_CASE("merge table: a place's mention inside its government's name is no alias of the place") {
  // "상하이시 인민정부는 …" and "상하이 푸둥신구": 상하이시 is written only inside the government's
  // name.
  Lexicon lex = governmentLexicon();
  GraphBuilder b(&lex);
  DocumentResult d =
      makeDoc({"a.txt",
               "",
               "상하이시 인민정부는 … 상하이 푸둥신구",
               {ent(NodeType::Agency, "상하이시 인민정부", {}, "shanghai-government"),
                ent(NodeType::Place, "상하이", {"상하이시"}, "shanghai")},
               {}});
  b.add(withMentions(d, {mention(0, 0, 25, "상하이시 인민정부"), mention(1, 0, 12, "상하이시"),
                         mention(1, 40, 49, "상하이")}));
  // Written on its own elsewhere, it stays.
  DocumentResult e =
      makeDoc({"b.txt",
               "",
               "상하이시에 위치한 … 상하이시 인민정부는",
               {ent(NodeType::Agency, "상하이시 인민정부", {}, "shanghai-government"),
                ent(NodeType::Place, "상하이", {"상하이시"}, "shanghai")},
               {}});
  GraphBuilder b2(&lex);
  b2.add(withMentions(e, {mention(1, 0, 12, "상하이시"), mention(0, 30, 55, "상하이시 인민정부"),
                          mention(1, 30, 42, "상하이시")}));
  Graph g = b.build();
  CHECK(carrying(g, NodeType::Place, "상하이시") == 0);
  CHECK(carrying(g, NodeType::Place, "상하이") == 1);
  Graph h = b2.build();
  CHECK(carrying(h, NodeType::Place, "상하이시") == 1);
}

TEST_CASE("contributionOf finds a place inside an agency's name whatever order the mentions come in") {
  // (issue 21: mentions by position are read in step with the agencies, others through a
  // list of the agencies; both give the same)
  DocumentResult d = makeDoc({"a.txt",
                              "",
                              "상하이시 인민정부는 … 상하이 푸둥신구",
                              {ent(NodeType::Agency, "상하이시 인민정부", {}, "shanghai-government"),
                               ent(NodeType::Place, "상하이", {"상하이시"}, "shanghai")},
                              {}});
  const std::vector<std::vector<TestMention>> orders = {
      // by position, the agency first; the place first at the same start; not by position
      {mention(0, 0, 25, "상하이시 인민정부"), mention(1, 0, 12, "상하이시"), mention(1, 33, 42, "상하이")},
      {mention(1, 0, 12, "상하이시"), mention(0, 0, 25, "상하이시 인민정부"), mention(1, 33, 42, "상하이")},
      {mention(1, 33, 42, "상하이"), mention(1, 0, 12, "상하이시"), mention(0, 0, 25, "상하이시 인민정부")},
  };
  for (const auto& order : orders) {
    DocumentContribution c = contributionOf(withMentions(d, order));
    REQUIRE(c.entities.size() == 2);
    CHECK(c.entities[1].aliases.empty());
  }
  // Written on its own past the agency's end, in either reading: an alias.
  for (bool byPosition : {true, false}) {
    std::vector<TestMention> ms = {mention(0, 0, 25, "상하이시 인민정부"), mention(1, 0, 12, "상하이시"),
                                   mention(1, 33, 45, "상하이시")};
    if (!byPosition) std::swap(ms[0], ms[2]);
    DocumentContribution c = contributionOf(withMentions(d, ms));
    REQUIRE(c.entities.size() == 2);
    CHECK(c.entities[1].aliases == std::vector<std::string>{"상하이시"});
  }
}

TEST_CASE(
    "merge table: nodes are named by forms the text writes, the lexicon's name when written") {
  Lexicon lex = governmentLexicon();
  GraphBuilder b(&lex);
  // The gazetteer names the place of Jeju as its government is named; the text says 제주.
  DocumentResult jeju = makeDoc({"a.txt",
                                 "",
                                 "제주특별자치도와 하이난성은 … 제주에서",
                                 {ent(NodeType::Agency, "제주특별자치도", {}, "kr-jeju-gov"),
                                  ent(NodeType::Place, "제주특별자치도", {"제주"}, "kr-jeju")},
                                 {}});
  b.add(withMentions(jeju, {mention(0, 0, 21, "제주특별자치도"), mention(1, 40, 46, "제주")}));
  // The lexicon's 장장하이테크파크 appears in no document; the text writes 상하이 장장.
  DocumentResult zj =
      makeDoc({"b.txt",
               "",
               "상하이 장장(張江) 등 선도 단지",
               {ent(NodeType::Zone, "장장하이테크파크", {"상하이 장장"}, "zhangjiang-park")},
               {}});
  b.add(withMentions(zj, {mention(0, 0, 16, "상하이 장장")}));
  // 대련시 인민정부 in one document, 다롄시 인민정부 (the lexicon's name) in another: the
  // lexicon's.
  DocumentResult d1 =
      makeDoc({"c.txt",
               "",
               "대련시 인민정부가 공포한",
               {ent(NodeType::Agency, "다롄시 인민정부", {"대련시 인민정부"}, "dalian-government")},
               {}});
  b.add(withMentions(d1, {mention(0, 0, 22, "대련시 인민정부")}));
  Graph g = b.build();
  const Node* place = nullptr;
  for (const auto& n : g.nodes)
    if (n.id == "place:kr-jeju") place = &n;
  REQUIRE(place);
  CHECK(place->name == "제주");
  CHECK(place->aliases.empty());  // 제주특별자치도 is the government's name in this text
  CHECK((byName(g, "제주특별자치도")->type == NodeType::Agency));
  CHECK(byName(g, "상하이 장장"));
  CHECK_FALSE(byName(g, "장장하이테크파크"));
  CHECK(byName(g, "대련시 인민정부"));  // the only form written
  CHECK_FALSE(hasForm(byName(g, "대련시 인민정부"), "다롄시 인민정부"));

  DocumentResult d2 = makeDoc({"d.txt",
                               "",
                               "다롄시 인민정부는",
                               {ent(NodeType::Agency, "다롄시 인민정부", {}, "dalian-government")},
                               {}});
  GraphBuilder b2(&lex);
  b2.add(withMentions(d1, {mention(0, 0, 22, "대련시 인민정부")}));
  b2.add(withMentions(d2, {mention(0, 0, 22, "다롄시 인민정부")}));
  Graph h = b2.build();
  CHECK(byName(h, "다롄시 인민정부"));
  CHECK(hasForm(byName(h, "다롄시 인민정부"), "대련시 인민정부"));
  // The lexicon's name written inside a longer form is written ("중서부" of "중서부 지역").
  LexiconBuilder lb;
  lb.addText("Place\t중서부\t중서부 지역\tmidwest\n", "m.tsv");
  Lexicon mid = lb.build();
  GraphBuilder b3(&mid);
  b3.add(withMentions(makeDoc({"e.txt",
                               "",
                               "중서부 지역",
                               {ent(NodeType::Place, "중서부", {"중서부 지역"}, "midwest")},
                               {}}),
                      {mention(0, 0, 16, "중서부 지역")}));
  Graph m = b3.build();
  REQUIRE(m.nodes.size() == 1);
  CHECK(m.nodes[0].name == "중서부");
  // Among written names, Hangul before Latin.
  GraphBuilder b4;
  b4.add(makeDoc({"f.txt",
                  "",
                  "Peoples Daily",
                  {ent(NodeType::Organization, "Peoples Daily", {"인민일보"}, "")},
                  {}}));
  b4.add(makeDoc(
      {"g.txt", "", "Peoples Daily", {ent(NodeType::Organization, "Peoples Daily", {}, "")}, {}}));
  b4.add(makeDoc({"h.txt",
                  "",
                  "인민일보",
                  {ent(NodeType::Organization, "인민일보", {"Peoples Daily"}, "")},
                  {}}));
  Graph p = b4.build();
  REQUIRE(p.nodes.size() == 1);
  CHECK(p.nodes[0].name == "인민일보");
}

TEST_CASE("merge table: a Hanja gloss of a name's first word is not the whole's alias") {
  GraphBuilder b;
  b.add(makeDoc(
      {"a.txt",
       "",
       "와이가오차오(外高橋) 보세구, 양산(洋山) 보세항구, 중관촌(中關村), 발개위(發改委)",
       {ent(NodeType::Zone, "와이가오차오 보세구", {"外高橋"}),
        ent(NodeType::Zone, "양산 보세항구", {"洋山"}), ent(NodeType::Zone, "중관촌", {"中關村"}),
        ent(NodeType::Agency, "국가발전개혁위원회", {"발개위", "發改委"}),
        ent(NodeType::Company, "하얼빈창룽그룹", {"哈爾賓昌隆集團"})},
       {}}));
  Graph g = b.build();
  CHECK(byName(g, "와이가오차오 보세구")->aliases.empty());
  CHECK(byName(g, "양산 보세항구")->aliases.empty());
  CHECK(hasForm(byName(g, "중관촌"), "中關村"));              // the whole name
  CHECK(hasForm(byName(g, "국가발전개혁위원회"), "發改委"));  // an abbreviation of a one-word name
  CHECK(hasForm(byName(g, "하얼빈창룽그룹"), "哈爾賓昌隆集團"));
  CHECK(hanGlossOfFirstWord(NodeType::Zone, "와이가오차오 보세구", {}, "外高橋"));
  CHECK_FALSE(hanGlossOfFirstWord(NodeType::Zone, "와이가오차오 보세구", {"와이가오차오보세구"},
                                  "外高橋保稅區"));
  CHECK_FALSE(hanGlossOfFirstWord(NodeType::Place, "하얼빈 종합보세구", {}, "哈爾濱"));
}

TEST_CASE(
    "a government's jurisdiction: the Place it governs, by the graph's forms or the lexicon") {
  Lexicon lex = governmentLexicon();
  GraphBuilder b(&lex);
  b.add(makeDoc(
      {"a.txt",
       "",
       "상하이시는 … 발표했다",
       {ent(NodeType::Agency, "상하이시"), ent(NodeType::Agency, "상하이시 과학기술위원회")},
       {}}));
  b.add(makeDoc(
      {"b.txt", "", "상하이 푸둥신구", {ent(NodeType::Place, "상하이", {}, "shanghai")}, {}}));
  b.add(makeDoc({"c.txt",
                 "",
                 "상하이시 인민정부는",
                 {ent(NodeType::Agency, "상하이시 인민정부", {}, "shanghai-government")},
                 {}}));
  b.add(makeDoc({"d.txt",
                 "",
                 "경기도는 … 발표했다. 경기도에 위치한",
                 {ent(NodeType::Agency, "경기도"), ent(NodeType::Place, "경기도")},
                 {}}));
  b.add(makeDoc({"e.txt",
                 "",
                 "대련시 인민정부는",
                 {ent(NodeType::Agency, "대련시 인민정부")},
                 {}}));  // no Place of Dalian
  // The government of another place stays apart; "각 성 정부" ("each province's government") names
  // none.
  b.add(makeDoc({"f.txt",
                 "",
                 "톈진시정부와 각 성 정부",
                 {ent(NodeType::Agency, "톈진시정부"), ent(NodeType::Agency, "각 성 정부")},
                 {}}));
  Graph g = b.build();
  auto jurisdictionOf = [&](std::string_view name) {
    return byName(g, name) ? byName(g, name)->jurisdiction : "?";
  };
  // One government, one Agency: 상하이시 acting and 상하이시 인민정부 are one node, named by the
  // lexicon.
  CHECK(carrying(g, NodeType::Agency, "상하이시") == 1);
  CHECK(hasForm(byName(g, "상하이시 인민정부"), "상하이시"));
  CHECK(jurisdictionOf("상하이시 인민정부") == "place:shanghai");
  CHECK(jurisdictionOf("상하이시 과학기술위원회").empty());  // a department is no government
  std::string gyeonggi;
  for (const auto& n : g.nodes)
    if (n.type == NodeType::Place && n.name == "경기도") gyeonggi = n.id;
  for (const auto& n : g.nodes)
    if (n.type == NodeType::Agency && n.name == "경기도") CHECK(n.jurisdiction == gyeonggi);
  CHECK(jurisdictionOf("대련시 인민정부").empty());  // the graph has no place for it
  CHECK(jurisdictionOf("톈진시정부").empty());
  CHECK(countType(g, NodeType::Agency) ==
        6);  // 상하이시 (인민정부), 과학기술위원회, 경기도, 대련시, 톈진시, 각 성
  CHECK(jurisdictionOf("성 정부").empty());  // 각 is no part of a name
  CHECK(governedPlaceName("각 성 정부").empty());
  CHECK(governedPlaceName("상하이시 인민정부") == "상하이시");
  CHECK(governedPlaceName("제주도청") == "제주도");
  CHECK(governedPlaceName("上海市人民政府") == "上海市");
  CHECK(governedPlaceName("상하이시 과학기술위원회").empty());
  CHECK(governedPlaceName("특허청").empty());
  for (const auto& n : g.nodes)
    if (n.type != NodeType::Agency) CHECK(n.jurisdiction.empty());
}
