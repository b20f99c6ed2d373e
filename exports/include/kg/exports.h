// Writers and the loader for the graph's file formats.
//
//   graph.graphml  GraphML for Gephi, networkx, igraph (entities only)
//   graph.jsonld   JSON-LD 1.1 with an inline @context: entities, statements
//                  with evidence (PROV-O), documents, vocabulary declarations
//   graph.gexf     GEXF 1.3 for Gephi and networkx: a directed graph, every edge
//                  once with kind = its type (cooperatesWith: symmetric=true),
//                  spells for the timeline
//   nodes.csv, edges.csv  Neo4j bulk-import headers, readable by pandas
//
// Every writer is deterministic (the graph is sorted) and every file is
// written atomically: to a temporary file in the same directory, then renamed.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "kg/export_set.h"
#include "kg/graph.h"

namespace kg {

// IRI bases of the JSON-LD export (prefixes kg: and kgr: of its @context).
inline constexpr std::string_view kVocabIri = "https://w3id.org/kg-kc/vocab#";
inline constexpr std::string_view kResourceIri = "https://w3id.org/kg-kc/id/";

void writeGraphML(const Graph& g, std::ostream& out);
void writeJsonLd(const Graph& g, std::ostream& out);
void writeGexf(const Graph& g, std::ostream& out);
void writeNodesCsv(const Graph& g, std::ostream& out);
void writeEdgesCsv(const Graph& g, std::ostream& out);

// Writes `path`'s temporary "PATH.tmp.PID" (fsync'ed, hashed while written)
// and returns it without renaming it. On failure the temporary is removed and
// IoError is thrown, MachineError (kg/error.h) when the disk is full (ENOSPC,
// EFBIG, EDQUOT) or failed (EIO).
WrittenFile writeTemporary(const std::string& path, const std::function<void(std::ostream&)>& write);

// Writes `path` through a temporary file and rename(); on any failure the
// temporary is removed, the previous file is left whole, and IoError (or
// MachineError) is thrown.
void writeFileAtomic(const std::string& path, const std::function<void(std::ostream&)>& write);

// Removes the "NAME.tmp.PID" files of writeFileAtomic that a killed kg left in
// `dir`, for NAME in `names`: those whose PID runs no process, and this
// process's own PID's (an earlier process that had the same PID). Call it
// before writing any of `names` in `dir`, never while this process is
// writing one of them there.
void removeStaleTemporaries(const std::string& dir, const std::vector<std::string>& names);

enum class Format { GraphML, JsonLd, Gexf, Csv };
// A file of the export set that is not an export of the graph (kg build's
// .kg-cache.jsonl): its name in the folder and what writes it.
struct ExtraFile {
  std::string name;
  std::function<void(std::ostream&)> write;
};
// Writes the export set: every format by default, plus `extra`, as one unit
// (kg/export_set.h). Every file is first written whole to its temporary
// (writeTemporary), side by side on up to `threads` threads (the bytes do not
// depend on it); when any fails, every temporary is removed and the first
// failure (in format order) is thrown: the folder keeps its previous set,
// every file of it. Then, under the folder's exclusive lock (a second build
// waits), the temporaries are renamed and kg-manifest.json is written last.
// A run killed at any point leaves each file either the old one or the new
// one, whole, and a mixed set is told by the manifest. Temporaries left by
// earlier killed runs are removed first (removeStaleTemporaries). Returns the
// paths written, in order, the manifest last.
std::vector<std::string> writeExports(const Graph& g, const std::string& dir,
                                      const std::vector<Format>& formats = {Format::GraphML, Format::JsonLd,
                                                                            Format::Gexf, Format::Csv},
                                      unsigned threads = 1, const std::vector<ExtraFile>& extra = {});

// Reads a JSON-LD export written by writeJsonLd back into a Graph (clashes
// are not stored and come back empty). Throws FormatError naming the file and
// what is wrong (bad JSON with its byte offset, unknown type, dangling id).
Graph loadJsonLd(const std::string& path);
Graph parseJsonLd(std::string_view text, const std::string& name = "<memory>");

// Escapes text for XML character data and attribute values; drops characters
// XML 1.0 forbids. Exposed for tests.
std::string xmlEscape(std::string_view s);

}  // namespace kg
