// Pictures of a part of the graph: Graphviz DOT text, and SVG drawn by
// Graphviz's `dot` run as a subprocess, for `kg path --svg` and
// `kg neighbors --svg`.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "kg/graph.h"

namespace kg {

struct PictureOptions {
  std::string title;                 // drawn above the graph
  std::vector<uint32_t> highlight;   // edges drawn bold (the path's hops)
  std::vector<uint32_t> emphasise;   // nodes drawn with a double border (the ends)
  std::string font = "NanumGothic";  // a font with Hangul (fonts-nanum, installed by scripts/setup.sh)
};

// DOT text of the given nodes and edges of `g`: nodes filled with the colour
// of their type (as in the GEXF export) and labelled with name and type,
// edges labelled with their type and weight; cooperatesWith without arrow.
void writeDot(const Graph& g, const std::vector<uint32_t>& nodes, const std::vector<uint32_t>& edges,
              const PictureOptions& options, std::ostream& out);

// Runs `dot -Tsvg` on the DOT text and writes `svgPath` atomically. Throws
// IoError when dot cannot be run (naming the package to install) or fails
// (with its message).
void renderSvg(const std::string& dot, const std::string& svgPath);

}  // namespace kg
