// What the JSON-LD writer and loader share with the query index
// (graph_file.cpp): statement byte ranges and the parse of one statement.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "kg/graph.h"

namespace kg::detail {

// Bytes [begin, end) of the output; a statement's range may start with the
// separating ',' and white space before its '{'.
struct ByteRange {
  uint64_t begin = 0, end = 0;
};

// writeJsonLd, also recording where each edge's statement object lies in the
// output (one range per g.edges entry, in order) when `statements` is given.
void writeJsonLd(const Graph& g, std::ostream& out, std::vector<ByteRange>* statements);

// One statement object read back: the edge without source and target, the
// ids (without "kgr:") of its subject and object, and of each evidence's
// document (the evidence's document index is left for the caller to set).
struct ParsedStatement {
  std::string subject, object;
  Edge edge;
  std::vector<std::string> documents;  // one per edge.evidence
};
// Parses the statement object at the start of `text` (after any ',' and white
// space); its evidence sentences are added to `texts`, rule names not yet in
// `rules` to `rules`. Throws FormatError starting with `name` when it is not one.
ParsedStatement parseStatement(std::string_view text, const std::string& name, TextStore& texts,
                               std::vector<std::string>& rules);

}  // namespace kg::detail

namespace kg::detail {

// The JSON-LD's identity as the query index records it: its size and a
// Checksum64 (kg/checksum.h) of all of its bytes.
struct FileFingerprint {
  uint64_t size = 0, checksum = 0;
  friend bool operator==(const FileFingerprint&, const FileFingerprint&) = default;
};
// Reads the whole file. Throws IoError when it cannot be read or is not a
// regular file.
FileFingerprint fingerprintOf(const std::string& path);
// writeJsonLd(g, out, statements), returning the fingerprint of the bytes
// written, computed as they are written (not read back from a path another
// build may have replaced meanwhile).
FileFingerprint writeJsonLdFingerprinted(const Graph& g, std::ostream& out, std::vector<ByteRange>* statements);

// Writes the query index of `g`, whose JSON-LD (with these statement ranges)
// has the given fingerprint. See kg/graph_file.h.
void writeQueryIndex(const Graph& g, const std::vector<ByteRange>& statements, const FileFingerprint& jsonld,
                     std::ostream& out);

}  // namespace kg::detail
