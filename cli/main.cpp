// kg: knowledge graphs from Korean documents on China's science and technology.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cmath>
#include <exception>
#include <functional>
#include <new>
#include <system_error>

#include "commands.h"
#include "kg/error.h"

namespace {

// A numeric option's range, both ends included. Unlike CLI::Range it refuses
// nan and infinities (every comparison with nan is false), and names the option.
CLI::Validator finiteRange(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& s) -> std::string {
        double v = 0;
        try {
          size_t used = 0;
          v = std::stod(s, &used);
          if (used != s.size()) return "'" + s + "' is not a number";
        } catch (const std::exception&) {
          return "'" + s + "' is not a number";
        }
        if (!std::isfinite(v) || v < lo || v > hi)
          return fmt::format("{} is not in the range {:.15g} to {:.15g}", s, lo, hi);
        return {};
      },
      fmt::format("NUMBER in [{:.15g} - {:.15g}]", lo, hi));
}

}  // namespace

int run(int argc, char** argv);

// Every failure ends here with one line and the exit code the README's table
// gives it: kg's own errors by kind; a failure of the machine (no memory, no
// more threads, any other exception) with 4, like a file that cannot be
// written. Nothing reaches std::terminate.
int main(int argc, char** argv) {
  using namespace kg::cli;
  try {
    return run(argc, argv);
  } catch (const kg::LexiconError& e) {
    fmt::print(stderr, "kg: {}\n", e.what());
    return kLexicon;
  } catch (const kg::Error& e) {
    fmt::print(stderr, "kg: {}\n", e.what());
    return kOutput;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "kg: out of memory\n");
    return kOutput;
  } catch (const std::system_error& e) {
    fmt::print(stderr, "kg: the system refused: {}\n", e.what());
    return kOutput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "kg: internal error: {}\n", e.what());
    return kOutput;
  } catch (...) {
    fmt::print(stderr, "kg: internal error (unknown exception)\n");
    return kOutput;
  }
}

int run(int argc, char** argv) {
  using namespace kg::cli;
  CLI::App app{
      "kg builds a knowledge graph from Korean news and policy digests on Chinese science and\n"
      "technology policy and Korea-China cooperation: agencies, zones, companies, programmes,\n"
      "places, organisations, people and events, and the edges between them, each with the\n"
      "sentence that states it.\n\n"
      "Examples: kg build seeds -o out     (then open out/graph.graphml in Gephi)\n"
      "          kg path 포켓모바일 하얼빈창룽그룹\n"
      "          kg extract seeds/002_f8c36edb7488f8b4.txt\n"
      "          kg eval --gold ../shared/gold seeds\n\n"
      "Exit codes: 0 success; 1 some inputs skipped, or no such name / no path; 2 bad arguments, an\n"
      "input that does not exist, an ambiguous name, an option out of its range; 3 bad lexicon or rule\n"
      "data; 4 a file could not be written or a graph loaded, or the machine failed (out of memory).",
      "kg"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::function<std::string()>(versionText),
                       "Print kg's version and the fingerprint of its lexicon and rule data");

  BuildArgs b;
  auto* build = app.add_subcommand("build", "Extract every document and write the merged graph");
  build->footer(
      "Inputs are files or directories (recursing into *.txt). Writes DIR/graph.graphml,\n"
      "graph.jsonld, graph.gexf, nodes.csv and edges.csv, each atomically (a failed run leaves\n"
      "the previous export whole). A document that cannot be read or decoded is reported and\n"
      "skipped; the rest is still written, and the exit code is then 1.\n\n"
      "Every build also writes DIR/.kg-cache.jsonl, what each document contributed, for --update.\n\n"
      "An input that does not exist writes nothing (exit 2); nor do inputs without one readable\n"
      "document when DIR holds a graph: it is left as it was (--allow-empty replaces it).\n\n"
      "Examples: kg build seeds -o out --jobs 2\n"
      "          kg build seeds --update out   (after adding, changing or removing files)\n");
  build->add_option("inputs", b.inputs, "Files or directories to read (default: seeds)");
  build->add_option("-o,--output", b.outDir, "Output directory, created if missing (default: out)");
  build->add_option("--lexicon", b.lexiconDir, "Lexicon directory of *.tsv files (default: the built-in schema/data)");
  build->add_option("--rules", b.extract.rulesDir,
                    "Rule data directory: josa.tsv, words.tsv, *.rules (default: the built-in extract/rules)");
  build->add_option("--formats", b.formats, "Comma-separated subset of graphml,jsonld,gexf,csv (default: all)")
      ->delimiter(',')
      ->check(CLI::IsMember({"graphml", "jsonld", "gexf", "csv"}));
  build->add_option("-j,--jobs", b.jobs,
                    "Extraction threads, 0 to 256 (default 0: all cores); the output does not depend on it")
      ->check(CLI::Range(0u, 256u));
  build->add_option("--max-document-bytes", b.extract.maxDocumentBytes,
                    fmt::format("Larger documents are reported and skipped, 1 to 2^40 (default: {})",
                                b.extract.maxDocumentBytes))
      ->check(CLI::Range(size_t{1}, size_t{1} << 40));
  build->add_option("--max-sentence-bytes", b.extract.segment.maxSentenceBytes,
                    fmt::format("Longer runs without a sentence ending are split at white space before the rules "
                                "see them, with a warning (default: {}, at least 64)",
                                b.extract.segment.maxSentenceBytes))
      ->check(CLI::Range(size_t{64}, size_t{1} << 30));
  build->add_option("--max-document-seconds", b.extract.maxSeconds,
                    fmt::format("A document whose extraction runs longer is reported and skipped, 0 to "
                                "1000000; 0: no bound (default: {})",
                                b.extract.maxSeconds))
      ->check(finiteRange(0, 1e6));
  build->add_option("--text-memory", b.textMemoryMiB,
                    fmt::format("MiB of evidence sentences held in memory; beyond that they wait in a temporary "
                                "file in $TMPDIR until the exports are written, 0 to 1048576 (default: {}). Same "
                                "output either way",
                                b.textMemoryMiB))
      ->check(CLI::Range(uint64_t{0}, uint64_t{1} << 20));
  std::string updateDir;
  auto* outOpt = build->get_option("--output");
  build->add_option("--update", updateDir,
                    "Update the graph in DIR (an earlier kg build -o DIR) from the inputs: only new or changed "
                    "documents are read and extracted, removed ones are dropped; the files are byte-identical to "
                    "a full rebuild. Unchanged means same size and time, else same SHA-256")
      ->type_name("DIR")
      ->excludes(outOpt);
  build->add_flag("--timings", b.timings, "Print the time of each phase (read and extract, merge, write) on standard error");
  build->add_flag("-q,--quiet", b.quiet, "Print only errors");
  bool noProgress = false;
  build->add_flag("--no-progress", noProgress, "No progress bar on standard error (it shows only on a terminal)");
  build->add_flag("--allow-empty", b.allowEmpty,
                  "Replace the graph in DIR even when no document could be read (an --update that drops "
                  "every document); without it such a run exits 2 and writes nothing");

  ExtractArgs x;
  auto* extract = app.add_subcommand("extract", "Print one document's mentions and relations with evidence as JSON");
  extract->footer("Offsets are UTF-8 bytes of the NFKC-normalised text; original* offsets are bytes of the\n"
                  "decoded text. Example: kg extract seeds/004_cc827a301658546f.txt --relations-only");
  extract->add_option("file", x.file, "The document")->required();
  extract->add_option("--lexicon", x.lexiconDir, "Lexicon directory (default: the built-in schema/data)");
  extract->add_option("--rules", x.rulesDir, "Rule data directory (default: the built-in extract/rules)");
  extract->add_flag("--relations-only", x.relationsOnly, "Leave out mentions and sentences");

  EvalArgs e;
  auto* eval = app.add_subcommand("eval", "Score extraction against gold annotations");
  eval->footer("Each gold file (ANNOTATION.md format) names its document; the document is looked up among\n"
               "the inputs by file name, extracted alone and scored as score.py scores its own export.\n"
               "Example: kg eval --gold ../shared/gold seeds --verbose\n"
               "         kg eval --gold tests/data/heldout/gold tests/data/heldout/docs --min-entity-f1 0.85");
  eval->add_option("--gold", e.goldDir, "Directory of gold *.json files")->required();
  eval->add_option("inputs", e.inputs, "Files or directories holding the documents (default: seeds)");
  eval->add_option("--lexicon", e.lexiconDir, "Lexicon directory (default: the built-in schema/data)");
  eval->add_option("--rules", e.rulesDir, "Rule data directory (default: the built-in extract/rules)");
  eval->add_flag("-v,--verbose", e.verbose, "List every miss and false hit");
  eval->add_flag("--json", e.json, "One JSON document on standard output");
  eval->add_option("--min-entity-f1", e.minEntityF1, "Exit 1 when the micro-averaged entity F1 is below this")
      ->check(finiteRange(0, 1));
  eval->add_option("--min-relation-f1", e.minRelationF1, "Exit 1 when the micro-averaged relation F1 is below this")
      ->check(finiteRange(0, 1));

  auto graphOpt = [](CLI::App* c, QueryArgs& q) {
    c->add_option("--graph", q.graph, "The JSON-LD export to question (default: out/graph.jsonld)");
    c->add_flag("--json", q.json, "One JSON document on standard output, for scripts");
  };
  PathArgs pa;
  auto* path = app.add_subcommand("path", "How are two entities connected? Shortest path(s) with the evidence of every hop");
  path->footer("Names resolve through ids, aliases, Hanja in either script, romanisation, prefixes and small\n"
               "typos; a loose match is said so (a note, and \"resolved\" in --json). A name several nodes\n"
               "carry is ambiguous (exit 2, the candidates listed) unless --types leaves one; an unknown one\n"
               "suggests the nearest (exit 1). Each hop is printed with its evidence sentence, document and date.\n"
               "Examples: kg path 포켓모바일 하얼빈창룽그룹\n"
               "          kg path 하얼빈창룽그룹 한국 --edges cooperatesWith,locatedIn\n"
               "          kg path 국무원 베이징 --k 3");
  path->add_option("from", pa.from, "Start entity")->required();
  path->add_option("to", pa.to, "End entity")->required();
  path->add_flag("--all", pa.all, "Every shortest path, not just one");
  path->add_option("--k", pa.k, "The N shortest simple paths, 1 to 1000, of any length up to --max-hops (Yen's algorithm)")
      ->check(CLI::Range(size_t{1}, size_t{1000}));
  path->add_option("--max-hops", pa.maxHops, "Longest path considered, 1 to 1000 (default 8)")->check(CLI::Range(1, 1000));
  path->add_option("--edges", pa.edges, "Only these edge types (comma-separated)")->delimiter(',');
  path->add_option("--types", pa.types,
                   "Only through nodes of these types (comma-separated); also decides between nodes that carry "
                   "the same name")
      ->delimiter(',');
  path->add_option("--via", pa.via, "Pass through this entity");
  path->add_option("--avoid", pa.avoid, "Never pass through this entity (repeatable)");
  path->add_flag("--directed", pa.directed, "Follow edges only from source to target");
  path->add_option("--svg", pa.svg, "Also draw the path(s) into this SVG file (Graphviz, Korean font)")
      ->type_name("FILE");
  graphOpt(path, pa);
  NeighborsArgs na;
  auto* nb = app.add_subcommand("neighbors", "Entities within N hops of one, with the edges and their evidence");
  nb->add_option("name", na.name, "The entity")->required();
  nb->footer("Example: kg neighbors 포켓모바일 --depth 2\n"
             "         kg neighbors 과기부 --edges issued --json");
  nb->add_option("--depth", na.depth, "Hops, 1 to 100 (default 1)")->check(CLI::Range(1, 100));
  nb->add_option("--edges", na.edges, "Only these edge types (comma-separated)")->delimiter(',');
  nb->add_option("--svg", na.svg, "Also draw the neighbourhood into this SVG file (Graphviz, Korean font)")
      ->type_name("FILE");
  graphOpt(nb, na);
  ShowArgs sa;
  auto* show = app.add_subcommand("show", "One entity: type, aliases, documents, every edge with its evidence");
  show->footer("Every edge is printed as a block: the edge, then each evidence sentence with its document\n"
               "and date.\n"
               "Example: kg show 중관촌\n"
               "         kg show MOST --json");
  show->add_option("name", sa.name, "The entity")->required();
  graphOpt(show, sa);
  StatsArgs ta;
  auto* stats = app.add_subcommand("stats", "Counts by type, connected components, top entities by degree and betweenness");
  stats->footer("Example: kg stats\n"
                "         kg stats --json");
  graphOpt(stats, ta);
  FindArgs fa;
  auto* find = app.add_subcommand("find", "Ranked matches of a text over names, aliases, Hanja and romanisation");
  find->add_option("text", fa.text, "What to look for")->required();
  find->footer("Ranks exact names, ids and aliases first, then English or romanised ids and names (case,\n"
               "hyphens and spaces ignored), the lexicon's English names and pinyin, names that begin with\n"
               "the text, names that hold it, small typos.\n"
               "Examples: kg find 중국\n"
               "          kg find Zhongguancun\n"
               "          kg find 'Lei Jun' --limit 3");
  find->add_option("--limit", fa.limit, "Most matches shown, 1 to 100000 (default 10)")->check(CLI::Range(size_t{1}, size_t{100000}));
  graphOpt(find, fa);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& err) {
    int rc = app.exit(err);
    return rc == 0 ? 0 : kUsage;
  }
  if (*build) {
    b.progress = !noProgress;
    if (!updateDir.empty()) {
      b.outDir = updateDir;
      b.update = true;
    }
    return runBuild(b);
  }
  if (*extract) return runExtract(x);
  if (*eval) return runEval(e);
  if (*path) return runPath(pa);
  if (*nb) return runNeighbors(na);
  if (*show) return runShow(sa);
  if (*stats) return runStats(ta);
  if (*find) return runFind(fa);
  return kUsage;
}
