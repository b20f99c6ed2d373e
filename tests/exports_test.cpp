#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "doctest_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "kg/checksum.h"
#include "kg/error.h"
#include "kg/export_set.h"
#include "kg/exports.h"
#include "kg/extractor.h"
#include "kg/graph.h"
#include "kg/graph_file.h"
#include "kg/lexicon.h"

using namespace kg;
namespace fs = std::filesystem;

namespace {

// A graph from real extraction of a small document of the genre.
Graph sampleGraph() {
  LexiconBuilder lb;
  lb.addDirectory(KG_LEXICON_DIR);
  static Lexicon lex = lb.build();
  Extractor ex(lex);
  GraphBuilder gb(&lex);
  gb.add(ex.extractBytes(
             "중국 과학기술 동향\n\n기사입력 2024-03-29\n\n"
             "- 국무원(國務院)은 '과학기술 혁신 지원 방안'을 발표하고 상하이 푸둥신구와 베이징 중관촌을 시범지역으로 "
             "지정함.\n"
             "- 한국의 포켓모바일(pocketmobile)사는 하얼빈 창룽그룹과 제휴하여 \"연구개발기지\"를 설립함.\n",
             "docs/a & b.txt"),
         "h1");
  gb.add(ex.extractBytes("최양희 미래창조과학부 장관은 중국 과학기술부 완강 장관과 한중 과학기술장관회의를 개최했다.\n",
                         "docs/c.txt"),
         "h2");
  return gb.build();
}

std::string slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("JSON-LD round trip: write, read back, compare") {
  Graph g = sampleGraph();
  REQUIRE(g.nodes.size() > 5);
  REQUIRE(g.edges.size() > 2);
  std::ostringstream out;
  writeJsonLd(g, out);
  Graph back = parseJsonLd(out.str(), "test.jsonld");
  g.clashes.clear();
  CHECK(back == g);
  // Writing the loaded graph again gives the same bytes.
  std::ostringstream again;
  writeJsonLd(back, again);
  CHECK(again.str() == out.str());
}

TEST_CASE("JSON-LD follows the contract: inline context, @graph, exact types, edges as @id arrays") {
  Graph g = sampleGraph();
  std::ostringstream out;
  writeJsonLd(g, out);
  std::string s = out.str();
  CHECK(s.find("\"@context\"") != std::string::npos);
  CHECK(s.find("\"@graph\"") != std::string::npos);
  CHECK(s.find("http") != std::string::npos);
  CHECK(s.find("\"@type\": \"Agency\"") != std::string::npos);
  CHECK(s.find("\"issued\": [") != std::string::npos);
  CHECK(s.find("\"alternateName\": [") != std::string::npos);
  CHECK(s.find("schema:GovernmentOrganization") != std::string::npos);
  CHECK(s.find("prov:wasDerivedFrom") != std::string::npos);
}

TEST_CASE("the JSON-LD loader names what is wrong") {
  Graph g = sampleGraph();
  std::ostringstream out;
  writeJsonLd(g, out);
  std::string s = out.str();
  CHECK_THROWS_WITH_AS(parseJsonLd(s.substr(0, s.size() / 2), "cut.jsonld"), doctest::Contains("cut.jsonld: line "),
                       FormatError);
  std::string wrongType = std::regex_replace(s, std::regex("\"@type\": \"Zone\""), "\"@type\": \"Zoen\"");
  CHECK_THROWS_WITH_AS(parseJsonLd(wrongType, "t.jsonld"), doctest::Contains("unknown @type 'Zoen'"), FormatError);
  CHECK_THROWS_AS(parseJsonLd("[1,2]", "a.jsonld"), FormatError);
  CHECK_THROWS_AS(loadJsonLd("/nonexistent/graph.jsonld"), IoError);
  // Evidence and nodes point at documents of the graph; a dangling one is named.
  REQUIRE(!g.documents.empty());
  const std::string& docId = g.documents.front().id;
  std::string lost = std::regex_replace(s, std::regex("\"@id\": \"kgr:" + docId + "\""), "\"@id\": \"kgr:doc/gone.txt\"");
  REQUIRE(lost != s);
  CHECK_THROWS_WITH_AS(parseJsonLd(lost, "lost.jsonld"), doctest::Contains("unknown document 'doc/"), FormatError);
}

TEST_CASE("query index: the graph without evidence, evidence read on demand, same graph as the JSON-LD") {
  Graph g = sampleGraph();
  g.clashes.clear();
  fs::path dir = fs::temp_directory_path() / ("kg-idx-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto written = writeExports(g, dir.string(), {Format::JsonLd});
  std::string jsonld = (dir / "graph.jsonld").string();
  REQUIRE(written == std::vector<std::string>{jsonld, queryIndexPath(jsonld), (dir / "kg-manifest.json").string()});

  GraphFile f(jsonld);
  REQUIRE(f.indexed());
  CHECK(f.indexNote().empty());
  // Before loadEvidence the structure is whole and the evidence empty.
  REQUIRE(f.graph().edges.size() == g.edges.size());
  CHECK(f.graph().nodes == g.nodes);
  CHECK(f.graph().documents == g.documents);
  for (const auto& e : f.graph().edges) CHECK(e.evidence.empty());
  // Evidence of one edge, then of all: the same graph as parsing the JSON-LD.
  f.loadEvidence({1});
  CHECK(equalEdges(f.graph(), f.graph().edges[1], g, g.edges[1]));
  CHECK(f.graph().edges[0].evidence.empty());
  std::vector<uint32_t> all(g.edges.size());
  for (uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  f.loadEvidence(all);
  CHECK(f.graph() == g);
  CHECK(f.graph() == loadJsonLd(jsonld));

  SUBCASE("a JSON-LD changed after the build: the index is not used") {
    { std::ofstream(jsonld, std::ios::app) << "\n"; }
    GraphFile changed(jsonld);
    CHECK_FALSE(changed.indexed());
    CHECK(std::string(changed.indexNote()).find("another version of the JSON-LD") != std::string::npos);
    CHECK(changed.graph() == g);  // parsed whole, evidence included
  }
  SUBCASE("a damaged index: not used, and never read out of bounds") {
    std::string idx = slurp(queryIndexPath(jsonld));
    for (size_t cut : {size_t{5}, size_t{30}, idx.size() / 2, idx.size() - 1}) {
      { std::ofstream(queryIndexPath(jsonld), std::ios::binary | std::ios::trunc) << idx.substr(0, cut); }
      GraphFile damaged(jsonld);
      CHECK_FALSE(damaged.indexed());
      CHECK_FALSE(damaged.indexNote().empty());
      CHECK(damaged.graph() == g);
    }
    // A flipped byte anywhere (a name, an edge, a count, a checksum) is
    // noticed by the section checksums: the index is not used, the whole
    // JSON-LD is read, and the answer is the graph as built.
    for (size_t at = 0; at < idx.size(); ++at) {
      std::string bad = idx;
      bad[at] = static_cast<char>(bad[at] ^ 0x5a);
      { std::ofstream(queryIndexPath(jsonld), std::ios::binary | std::ios::trunc) << bad; }
      GraphFile flipped(jsonld);
      CAPTURE(at);
      CHECK_FALSE(flipped.indexed());
      CHECK(flipped.graph() == g);
    }
    // An edited node name in the nodes section names it.
    std::string renamed = idx;
    std::string name = g.nodes.front().name;
    size_t at = renamed.find(name);
    REQUIRE(at != std::string::npos);
    renamed[at] = static_cast<char>(renamed[at] ^ 1);
    { std::ofstream(queryIndexPath(jsonld), std::ios::binary | std::ios::trunc) << renamed; }
    GraphFile edited(jsonld);
    CHECK_FALSE(edited.indexed());
    CHECK(std::string(edited.indexNote()).find("its nodes do not match their checksum") != std::string::npos);
  }
  SUBCASE("an index that matches the fingerprint but not the statements: loadEvidence says so") {
    // Another graph's JSON-LD under this index, with the index's fingerprint
    // (bytes 8..24 of the layout in graph_file.cpp) patched to match it.
    Graph other = g;
    Evidence& changed = other.edges.front().evidence.front();
    changed.text = other.texts.add(other.text(changed) + " (수정됨)");
    fs::path dir2 = dir / "other";
    writeExports(other, dir2.string(), {Format::JsonLd});
    fs::copy_file(dir2 / "graph.jsonld", jsonld, fs::copy_options::overwrite_existing);
    std::string idx = slurp(queryIndexPath(jsonld));
    idx.replace(8, 16, slurp(queryIndexPath((dir2 / "graph.jsonld").string())).substr(8, 16));
    uint64_t header = checksum64(std::string_view(idx).substr(0, 36));  // and the header's checksum after it
    for (int i = 0; i < 8; ++i) idx[36 + static_cast<size_t>(i)] = static_cast<char>(header >> (8 * i));
    { std::ofstream(queryIndexPath(jsonld), std::ios::binary | std::ios::trunc) << idx; }
    GraphFile stale(jsonld);
    REQUIRE(stale.indexed());
    CHECK_THROWS_WITH_AS(stale.loadEvidence(all), doctest::Contains("does not match its index"), FormatError);
  }
  fs::remove_all(dir);
}

TEST_CASE("hostile JSON-LD: deep nesting, trailing data and a repeated statement are errors with the byte") {
  Graph g = sampleGraph();
  std::ostringstream out;
  writeJsonLd(g, out);
  const std::string s = out.str();
  // A million '[' (and the same inside @graph): an error, not a stack overflow.
  std::string deep(1000000, '[');
  CHECK_THROWS_WITH_AS(parseJsonLd(deep, "deep.jsonld"), doctest::Contains("deep.jsonld: line 1 (byte "), FormatError);
  CHECK_THROWS_WITH_AS(parseJsonLd(deep, "deep.jsonld"), doctest::Contains("nested more than 64 levels deep"),
                       FormatError);
  std::string deepInside = "{\"@graph\": [" + std::string(200000, '[') + std::string(200000, ']') + "]}";
  CHECK_THROWS_WITH_AS(parseJsonLd(deepInside, "in.jsonld"), doctest::Contains("nested more than 64 levels deep"),
                       FormatError);
  // Closed properly, 10^5 levels of objects: still refused, on a small stack too.
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  objects += "1" + std::string(100000, '}');
  CHECK_THROWS_AS(parseJsonLd(objects, "o.jsonld"), FormatError);

  // Anything after the top-level object but white space.
  CHECK_NOTHROW(parseJsonLd(s + "\n \n", "ws.jsonld"));
  const std::string moreAt = "(byte " + std::to_string(s.size()) + "): more data after the end";
  CHECK_THROWS_WITH_AS(parseJsonLd(s + "{}", "more.jsonld"), doctest::Contains(moreAt.c_str()), FormatError);
  CHECK_THROWS_WITH_AS(parseJsonLd(s + "garbage", "g.jsonld"), doctest::Contains("more data after the end"),
                       FormatError);

  // A statement given twice (same @id): refused with both places.
  size_t open = s.rfind('{', s.find("\"kgr:stmt/"));
  REQUIRE(open != std::string::npos);
  size_t close = open;  // its matching '}', strings skipped
  for (int depth = 0; close < s.size(); ++close) {
    if (s[close] == '"') {
      for (++close; s[close] != '"'; ++close)
        if (s[close] == '\\') ++close;
    } else if (s[close] == '{') {
      ++depth;
    } else if (s[close] == '}' && --depth == 0) {
      break;
    }
  }
  REQUIRE(close < s.size());
  std::string stmt = s.substr(open, close + 1 - open);
  REQUIRE(stmt.find("\"Statement\"") != std::string::npos);
  std::string twice = s;
  twice.insert(close + 1, ", " + stmt);
  CHECK_THROWS_WITH_AS(parseJsonLd(twice, "twice.jsonld"), doctest::Contains("appears twice (first @graph["),
                       FormatError);
  const std::string twiceAt = "byte " + std::to_string(close + 3) + ": statement id 'kgr:stmt/";
  CHECK_THROWS_WITH_AS(parseJsonLd(twice, "twice.jsonld"), doctest::Contains(twiceAt.c_str()), FormatError);
  // The same edge under another @id: refused too.
  std::string renamed = stmt;
  renamed.replace(renamed.find("kgr:stmt/"), 9, "kgr:stmt/x");
  std::string again = s;
  again.insert(close + 1, ", " + renamed);
  CHECK_THROWS_WITH_AS(parseJsonLd(again, "again.jsonld"), doctest::Contains("appears twice"), FormatError);

  // A folder is not a graph file.
  fs::path dir = fs::temp_directory_path() / ("kg-dirgraph-" + std::to_string(::getpid()));
  fs::create_directories(dir / "graph.jsonld");
  CHECK_THROWS_WITH_AS(loadJsonLd((dir / "graph.jsonld").string()), doctest::Contains("not a regular file"), IoError);
  CHECK_THROWS_WITH_AS(GraphFile((dir / "graph.jsonld").string()), doctest::Contains("not a regular file"), IoError);
  fs::remove_all(dir);
}

TEST_CASE("the query index checks all of the JSON-LD, summed while it was written; an index that is a folder") {
  // A graph whose JSON-LD is well over 256 KiB, so that sampling would miss an edit.
  Graph g = sampleGraph();
  g.clashes.clear();
  for (int i = 0; i < 3000; ++i) {
    Node n = g.nodes.front();
    n.id = "zz/filler-" + std::to_string(100000 + i);
    n.name = "채움 노드 " + std::to_string(100000 + i);
    n.aliases.clear();
    g.nodes.push_back(n);
  }
  fs::path dir = fs::temp_directory_path() / ("kg-idxsum-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  writeExports(g, dir.string(), {Format::JsonLd});
  std::string jsonld = (dir / "graph.jsonld").string();
  std::string text = slurp(jsonld);
  REQUIRE(text.size() > (1u << 19));  // 4 KiB samples would cover every byte below 256 KiB
  REQUIRE(GraphFile(jsonld).indexed());
  // The index records the checksum of exactly the bytes on disk.
  std::string idx = slurp(queryIndexPath(jsonld));
  uint64_t recorded = 0;
  for (int i = 0; i < 8; ++i) recorded |= static_cast<uint64_t>(static_cast<unsigned char>(idx[16 + static_cast<size_t>(i)])) << (8 * i);
  CHECK(recorded == checksum64(text));
  // A same-size edit between the blocks the old fingerprint sampled (the
  // first 4 KiB, then 4 KiB every (size - 4 KiB) / 63 bytes).
  size_t at = 4096 + ((text.size() - 4096) / 63 - 4096) / 2;
  while (!std::isalpha(static_cast<unsigned char>(text[at]))) ++at;
  REQUIRE(at < (text.size() - 4096) / 63);
  text[at] = static_cast<char>(text[at] ^ 0x20);  // a letter's case
  { std::ofstream(jsonld, std::ios::binary | std::ios::trunc) << text; }
  GraphFile edited(jsonld);
  CHECK_FALSE(edited.indexed());
  CHECK(std::string(edited.indexNote()).find("does not match the checksum") != std::string::npos);
  // An index that is a folder: not used, no crash.
  fs::remove(queryIndexPath(jsonld));
  fs::create_directories(queryIndexPath(jsonld));
  GraphFile folder(jsonld);
  CHECK_FALSE(folder.indexed());
  fs::remove_all(dir);
}

TEST_CASE("GraphML round trip: every node and edge with label, type, weight") {
  Graph g = sampleGraph();
  std::ostringstream out;
  writeGraphML(g, out);
  std::string s = out.str();
  CHECK(count(s, "<node id=") == g.nodes.size());
  CHECK(count(s, "<edge id=") == g.edges.size());
  CHECK(s.find("edgedefault=\"directed\"") != std::string::npos);
  CHECK(s.find("id=\"d3\"") == std::string::npos);
  CHECK(s.find("attr.name=\"weight\" attr.type=\"double\"") != std::string::npos);
  // Read back: each node's id, label and type.
  std::regex nodeRe("<node id=\"([^\"]+)\">\\s*<data key=\"label\">([^<]*)</data>\\s*<data key=\"type\">([^<]*)</data>");
  size_t i = 0;
  for (std::sregex_iterator it(s.begin(), s.end(), nodeRe), end; it != end; ++it, ++i) {
    REQUIRE(i < g.nodes.size());
    CHECK((*it)[1].str() == xmlEscape(g.nodes[i].id));
    CHECK((*it)[2].str() == xmlEscape(g.nodes[i].name));
    CHECK((*it)[3].str() == std::string(toString(g.nodes[i].type)));
  }
  CHECK(i == g.nodes.size());
  std::regex edgeRe("source=\"([^\"]+)\" target=\"([^\"]+)\">\\s*<data key=\"e_label\">([^<]*)</data>\\s*<data key=\"e_type\">[^<]*</data>\\s*<data key=\"weight\">([0-9.]+)</data>");
  i = 0;
  for (std::sregex_iterator it(s.begin(), s.end(), edgeRe), end; it != end; ++it, ++i) {
    REQUIRE(i < g.edges.size());
    CHECK((*it)[1].str() == g.nodes[g.edges[i].source].id);
    CHECK((*it)[2].str() == g.nodes[g.edges[i].target].id);
    CHECK((*it)[3].str() == std::string(toString(g.edges[i].type)));
    CHECK(std::stod((*it)[4]) == g.edges[i].weight());
  }
  CHECK(i == g.edges.size());
}

TEST_CASE("GEXF 1.3: every edge directed and written once, kind = type, colours, spells") {
  Graph g = sampleGraph();
  std::ostringstream out;
  writeGexf(g, out);
  std::string s = out.str();
  CHECK(s.find("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" "
               "version=\"1.3\">") != std::string::npos);
  CHECK(s.find("defaultedgetype=\"directed\"") != std::string::npos);
  CHECK(count(s, "<node id=") == g.nodes.size());
  CHECK(count(s, "<edge id=") == g.edges.size());
  size_t coop = 0;
  for (const auto& e : g.edges) coop += e.type == EdgeType::CooperatesWith;
  CHECK(coop > 0);
  // networkx refuses an undirected edge in a directed graph; Gephi drops it.
  CHECK(count(s, "type=\"undirected\"") == 0);
  CHECK(count(s, "<attvalue for=\"symmetric\" value=\"true\"/>") == coop);
  CHECK(count(s, "<attvalue for=\"symmetric\" value=\"false\"/>") == g.edges.size() - coop);
  // kind and label are the edge type, on every edge.
  std::regex edgeRe(
      "<edge id=\"e[0-9]+\" source=\"([^\"]+)\" target=\"([^\"]+)\" label=\"([^\"]+)\" "
      "kind=\"([^\"]+)\"");
  size_t i = 0;
  for (std::sregex_iterator it(s.begin(), s.end(), edgeRe), end; it != end; ++it, ++i) {
    REQUIRE(i < g.edges.size());
    CHECK((*it)[1].str() == g.nodes[g.edges[i].source].id);
    CHECK((*it)[2].str() == g.nodes[g.edges[i].target].id);
    CHECK((*it)[3].str() == std::string(toString(g.edges[i].type)));
    CHECK((*it)[4].str() == std::string(toString(g.edges[i].type)));
  }
  CHECK(i == g.edges.size());
  CHECK(count(s, "<viz:color") == g.nodes.size());
  CHECK(s.find("<spell start=\"2024-01-01\"/>") != std::string::npos);
  CHECK(s.find("<attvalue for=\"country\" value=\"CN\"/>") != std::string::npos);
}

TEST_CASE("GraphML for Gephi: lists as one ';'-joined string, country, first and last dates") {
  Graph g = sampleGraph();
  std::ostringstream out;
  writeGraphML(g, out);
  std::string s = out.str();
  CHECK(s.find("<key id=\"country\" for=\"node\" attr.name=\"country\" attr.type=\"string\"/>") !=
        std::string::npos);
  CHECK(s.find("attr.name=\"first_seen\"") != std::string::npos);
  CHECK(s.find("[\"") == std::string::npos);  // no JSON arrays inside strings
  {
    Graph h = sampleGraph();
    h.nodes[0].aliases = {"Shanghai", "上海", "상하이"};
    std::ostringstream o2;
    writeGraphML(h, o2);
    CHECK(o2.str().find("<data key=\"aliases\">Shanghai;上海;상하이</data>") != std::string::npos);
  }
  // A node of the dated document: its first and last dates; the document by its id.
  for (const auto& n : g.nodes) {
    bool dated = false;
    for (uint32_t d : n.documents) dated |= g.documents[d].date == "2024-03-29";
    if (!dated || n.documents.size() != 1) continue;
    std::string block = s.substr(s.find("<node id=\"" + xmlEscape(n.id) + "\">"));
    block = block.substr(0, block.find("</node>"));
    CHECK(block.find("<data key=\"n_first_seen\">2024-03-29</data>") != std::string::npos);
    CHECK(block.find("<data key=\"n_last_seen\">2024-03-29</data>") != std::string::npos);
    CHECK(block.find("<data key=\"documents\">" + xmlEscape(g.documents[n.documents[0]].id) +
                     "</data>") != std::string::npos);
  }
  size_t withCountry = 0;
  for (const auto& n : g.nodes) withCountry += !n.country.empty();
  CHECK(withCountry > 0);
  CHECK(count(s, "<data key=\"country\">") == g.nodes.size());
}

TEST_CASE("CSV round trip with Neo4j headers") {
  Graph g = sampleGraph();
  std::ostringstream n, e;
  writeNodesCsv(g, n);
  writeEdgesCsv(g, e);
  std::istringstream nin(n.str()), ein(e.str());
  std::string line;
  std::getline(nin, line);
  CHECK(line.rfind("id:ID,name,:LABEL", 0) == 0);
  size_t rows = 0;
  while (std::getline(nin, line)) {
    REQUIRE(rows < g.nodes.size());
    CHECK(line.rfind(g.nodes[rows].id + ",", 0) == 0);
    ++rows;
  }
  CHECK(rows == g.nodes.size());
  std::getline(ein, line);
  CHECK(line.rfind(":START_ID,:END_ID,:TYPE", 0) == 0);
  rows = 0;
  while (std::getline(ein, line)) {
    REQUIRE(rows < g.edges.size());
    const Edge& x = g.edges[rows];
    CHECK(line.rfind(g.nodes[x.source].id + "," + g.nodes[x.target].id + "," + std::string(toString(x.type)) + ",", 0) == 0);
    ++rows;
  }
  CHECK(rows == g.edges.size());
}

TEST_CASE("writes are atomic: a failing writer leaves the previous file whole") {
  fs::path dir = fs::temp_directory_path() / ("kg-atomic-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string path = (dir / "graph.jsonld").string();
  writeFileAtomic(path, [](std::ostream& o) { o << "old"; });
  CHECK_THROWS(writeFileAtomic(path, [](std::ostream& o) {
    o << "half";
    throw IoError("simulated failure");
  }));
  CHECK(slurp(path) == "old");
  size_t files = 0;
  for (auto& de : fs::directory_iterator(dir)) (void)de, ++files;
  CHECK(files == 1);  // no temporary left behind
  CHECK_THROWS_AS(writeFileAtomic((dir / "no/such/dir/x").string(), [](std::ostream& o) { o << "x"; }), IoError);
  fs::remove_all(dir);
}

TEST_CASE("writeExports removes temporaries of killed runs, and only those") {
  fs::path dir = fs::temp_directory_path() / ("kg-stale-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);  // `child` is now a PID that runs no process
  std::string dead = std::to_string(child), alive = std::to_string(::getppid());
  std::string self = std::to_string(::getpid());
  for (std::string name : {"graph.jsonld.tmp." + dead, "nodes.csv.tmp." + alive, "notes.tmp." + dead,
                           ".kg-cache.jsonl.tmp." + self, ".kg-cache.jsonl.tmp." + dead})
    std::ofstream(dir / name) << "half";
  Graph g;
  writeExports(g, dir.string(), {Format::Csv});
  CHECK(!fs::exists(dir / ("graph.jsonld.tmp." + dead)));  // ours, its writer is gone
  CHECK(fs::exists(dir / ("nodes.csv.tmp." + alive)));     // a live process may still be writing it
  CHECK(fs::exists(dir / ("notes.tmp." + dead)));          // not ours
  // The build cache is not an export: `kg build` may be writing it at the same time.
  CHECK(fs::exists(dir / (".kg-cache.jsonl.tmp." + self)));
  CHECK(fs::exists(dir / (".kg-cache.jsonl.tmp." + dead)));
  CHECK(fs::exists(dir / "nodes.csv"));
  // Asked by name, before writing it: the dead writer's and an earlier same-PID process's go.
  removeStaleTemporaries(dir.string(), {".kg-cache.jsonl"});
  CHECK(!fs::exists(dir / (".kg-cache.jsonl.tmp." + self)));
  CHECK(!fs::exists(dir / (".kg-cache.jsonl.tmp." + dead)));
  CHECK(fs::exists(dir / ("nodes.csv.tmp." + alive)));
  fs::remove_all(dir);
}

TEST_CASE("writeExports writes the same bytes on one thread or several") {
  Graph g = sampleGraph();
  fs::path base = fs::temp_directory_path() / ("kg-threads-" + std::to_string(::getpid()));
  fs::remove_all(base);
  auto one = writeExports(g, (base / "one").string(), {Format::GraphML, Format::JsonLd, Format::Gexf, Format::Csv}, 1);
  auto four = writeExports(g, (base / "four").string(), {Format::GraphML, Format::JsonLd, Format::Gexf, Format::Csv}, 4);
  REQUIRE(one.size() == four.size());
  REQUIRE(one.size() == 7);  // graphml, jsonld + index, gexf, nodes.csv, edges.csv, the manifest
  for (size_t i = 0; i < one.size(); ++i) {
    CHECK(fs::path(one[i]).filename() == fs::path(four[i]).filename());
    CHECK(slurp(one[i]) == slurp(four[i]));
  }
  fs::remove_all(base);
}

// Issue 21, kind 5: the export set is one unit.
TEST_CASE("writeExports replaces the set as one unit: one failing file keeps every previous file") {
  Graph g = sampleGraph();
  fs::path dir = fs::temp_directory_path() / ("kg-set-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  writeExports(g, dir.string(), {Format::GraphML, Format::JsonLd, Format::Gexf, Format::Csv}, 2,
               {{".kg-cache.jsonl", [](std::ostream& o) { o << "old cache\n"; }}});
  std::map<std::string, std::string> before;
  for (auto& de : fs::directory_iterator(dir)) before[de.path().filename().string()] = slurp(de.path().string());
  REQUIRE(before.count("kg-manifest.json"));
  Graph other;  // an empty graph: every export would differ
  CHECK_THROWS_AS(writeExports(other, dir.string(), {Format::GraphML, Format::JsonLd, Format::Gexf, Format::Csv}, 2,
                               {{".kg-cache.jsonl",
                                 [](std::ostream& o) {
                                   o << "half";
                                   throw MachineError("simulated: No space left on device");
                                 }}}),
                  MachineError);
  std::map<std::string, std::string> after;
  for (auto& de : fs::directory_iterator(dir)) after[de.path().filename().string()] = slurp(de.path().string());
  CHECK(after == before);  // nothing renamed, no temporary left
  fs::remove_all(dir);
}

TEST_CASE("the manifest names every file with size and SHA-256; a mixed set is refused") {
  Graph g = sampleGraph();
  fs::path dir = fs::temp_directory_path() / ("kg-manifest-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto written = writeExports(g, dir.string());
  REQUIRE(fs::path(written.back()).filename() == "kg-manifest.json");
  std::string manifest = slurp(written.back());
  for (size_t i = 0; i + 1 < written.size(); ++i) {
    std::string bytes = slurp(written[i]);
    std::string entry = "{\"name\": \"" + fs::path(written[i]).filename().string() + "\", \"bytes\": " +
                        std::to_string(bytes.size()) + ", \"sha256\": \"" + sha256Hex(bytes) + "\"}";
    CHECK_MESSAGE(manifest.find(entry) != std::string::npos, entry);
  }
  std::string jsonld = (dir / "graph.jsonld").string();
  CHECK(checkExportSet(jsonld).empty());
  {
    ExportSetLock shared(dir.string(), false);  // readers share the lock
    ExportSetLock again(dir.string(), false);
  }
  // Same size, other bytes: the hash tells.
  std::string text = slurp(jsonld);
  text[text.size() / 2] = text[text.size() / 2] == ' ' ? '\t' : ' ';
  std::ofstream(jsonld, std::ios::binary) << text;
  CHECK_THROWS_WITH_AS(checkExportSet(jsonld), doctest::Contains("different builds"), FormatError);
  // Another size: the size tells, for any file of the set.
  writeExports(g, dir.string());
  std::ofstream(dir / "nodes.csv", std::ios::app) << "x\n";
  CHECK_THROWS_WITH_AS(checkExportSet(jsonld), doctest::Contains("nodes.csv"), FormatError);
  // No manifest (a graph from elsewhere): nothing to check.
  fs::remove(dir / "kg-manifest.json");
  CHECK(checkExportSet(jsonld).empty());
  fs::remove_all(dir);
}

TEST_CASE("SHA-256 piece by piece equals SHA-256 of the whole") {
  std::string all;
  for (int i = 0; i < 300; ++i) all += static_cast<char>(i * 7 + 3);
  for (size_t cut : {0, 1, 55, 56, 63, 64, 65, 127, 200, 300}) {
    Sha256 h;
    h.update(std::string_view(all).substr(0, cut));
    h.update(std::string_view(all).substr(cut));
    CHECK(h.hex() == sha256Hex(all));
  }
  CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("XML escaping drops what XML 1.0 forbids") {
  CHECK(xmlEscape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;");
  CHECK(xmlEscape(std::string("x\x01y", 3)) == "xy");
  CHECK(xmlEscape("줄\n바꿈") == "줄&#10;바꿈");
}

TEST_CASE(
    "a government's jurisdiction: in every export, read back from the JSON-LD and the query "
    "index") {
  LexiconBuilder lb;
  lb.addDirectory(KG_LEXICON_DIR);
  static Lexicon lex = lb.build();
  Extractor ex(lex);
  GraphBuilder gb(&lex);
  gb.add(ex.extractBytes("상하이시 인민정부는 '인공지능 발전 실시의견'을 발표했다. 상하이 "
                         "푸둥신구에 연구센터가 설립됐다.\n",
                         "docs/sh.txt"),
         "h1");
  Graph g = gb.build();
  const Node* gov = nullptr;
  for (const auto& n : g.nodes)
    if (n.type == NodeType::Agency && !n.jurisdiction.empty()) gov = &n;
  REQUIRE(gov);
  CHECK(gov->jurisdiction == "place:shanghai");
  REQUIRE(g.findNode(gov->jurisdiction));
  CHECK((g.nodes[*g.findNode(gov->jurisdiction)].type == NodeType::Place));
  for (const auto& n : g.nodes)
    if (&n != gov) CHECK(n.jurisdiction.empty());  // no other node is a government

  std::ostringstream jsonld, graphml, gexf, nodesCsv;
  writeJsonLd(g, jsonld);
  writeGraphML(g, graphml);
  writeGexf(g, gexf);
  writeNodesCsv(g, nodesCsv);
  const std::string ref = "\"jurisdiction\": \\{\\s*\"@id\": \"kgr:place:shanghai\"\\s*\\}";
  CHECK(count(jsonld.str(), "\"jurisdiction\": {") ==
        2);  // the context's term and the government's reference
  CHECK(std::regex_search(jsonld.str(), std::regex(ref)));
  CHECK(std::regex_search(
      jsonld.str(),
      std::regex(
          "\"jurisdiction\": \\{\\s*\"@id\": \"kg:jurisdiction\",\\s*\"@type\": \"@id\"\\s*\\}")));
  CHECK(graphml.str().find("<key id=\"jurisdiction\" for=\"node\" attr.name=\"jurisdiction\" "
                           "attr.type=\"string\"/>") != std::string::npos);
  CHECK(graphml.str().find("<data key=\"jurisdiction\">place:shanghai</data>") !=
        std::string::npos);
  CHECK(count(graphml.str(), "<data key=\"jurisdiction\">") == g.nodes.size());
  CHECK(gexf.str().find("<attvalue for=\"jurisdiction\" value=\"place:shanghai\"/>") !=
        std::string::npos);
  CHECK(nodesCsv.str().rfind(
            "id:ID,name,:LABEL,aliases:string[],mentions:int,documents:string[],jurisdiction\n",
            0) == 0);
  CHECK(nodesCsv.str().find("," + gov->id + ",") == std::string::npos);  // ids start their rows
  CHECK(nodesCsv.str().find("\n" + gov->id + ",") != std::string::npos);
  CHECK(nodesCsv.str().find(",place:shanghai\n") != std::string::npos);

  // Read back: the JSON-LD, and the query index written beside it.
  g.clashes.clear();
  Graph back = parseJsonLd(jsonld.str(), "gov.jsonld");
  CHECK(back == g);
  fs::path dir = fs::temp_directory_path() / ("kg-gov-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  writeExports(g, dir.string(), {Format::JsonLd});
  GraphFile f((dir / "graph.jsonld").string());
  REQUIRE(f.indexed());
  CHECK(f.graph().nodes == g.nodes);
  fs::remove_all(dir);

  // A jurisdiction must name a Place of the graph.
  std::string dangling = std::regex_replace(jsonld.str(), std::regex(ref),
                                            "\"jurisdiction\": {\"@id\": \"kgr:place:nowhere\"}");
  REQUIRE(dangling != jsonld.str());
  CHECK_THROWS_WITH_AS(parseJsonLd(dangling, "d.jsonld"),
                       doctest::Contains("unknown node 'place:nowhere'"), FormatError);
  std::string notPlace = std::regex_replace(jsonld.str(), std::regex(ref),
                                            "\"jurisdiction\": {\"@id\": \"kgr:" + gov->id + "\"}");
  CHECK_THROWS_WITH_AS(parseJsonLd(notPlace, "n.jsonld"), doctest::Contains("is no Place"),
                       FormatError);
}
