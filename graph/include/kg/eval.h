// Evaluation against gold annotations (the format of ANNOTATION.md): the
// project's own scorer, matching ../shared/tools/score.py. A predicted node
// matches a gold entity of the same type when one of its names equals one of
// the gold names after NFKC, removal of white space and quote marks, and case
// folding; matching is greedy and one-to-one, most shared names first. A
// predicted edge matches when its type and both matched ends agree (either
// order for cooperatesWith).
#pragma once

#include <string>
#include <vector>

#include "kg/graph.h"
#include "kg/types.h"

namespace kg {

struct GoldEntity {
  std::string id;
  NodeType type = NodeType::Place;
  std::vector<std::string> names;
};
struct GoldRelation {
  EdgeType type = EdgeType::LocatedIn;
  std::string source, target, evidence;
};
struct GoldDocument {
  std::string document;  // file name of the document it annotates
  std::vector<GoldEntity> entities;
  std::vector<GoldRelation> relations;
};

// Throws FormatError (file and what is wrong) or IoError.
GoldDocument loadGold(const std::string& path);

struct Counts {
  uint64_t tp = 0, pred = 0, gold = 0;
  double precision() const { return pred ? double(tp) / pred : 0.0; }
  double recall() const { return gold ? double(tp) / gold : 0.0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
  Counts& operator+=(const Counts& o) {
    tp += o.tp, pred += o.pred, gold += o.gold;
    return *this;
  }
};

struct EvalReport {
  Counts entities[kNodeTypeCount];
  Counts relations[kEdgeTypeCount];
  std::vector<std::string> misses;     // "FN entity Zone: pudong [푸둥신구]"
  std::vector<std::string> falseHits;  // "FP relation targets: a -> b"
  Counts entityTotal() const;
  Counts relationTotal() const;
  EvalReport& operator+=(const EvalReport& o);
};

// Scores the entity nodes and edges of `predicted` against one gold document.
EvalReport evaluate(const Graph& predicted, const GoldDocument& gold);

// The normal form names are compared in (NFKC, no white space or quote marks, case-folded).
std::string evalNorm(std::string_view name);

}  // namespace kg
