// Relations stated by the layout of a table row ("㈜한빛테크 | 의료기기 | 옌타이 고신구",
// "2013 푸장혁신포럼 | 상하이 | 과기부, 상하이시 인민정부", "후베이 <TAB> 12 <TAB> 우한 둥후
// 하이테크산업개발구"): a row names one thing (its head) and, in the other cells, where it
// is and who takes part in it (ANNOTATION.md: "Where a company is", participatesIn).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "kg/types.h"

namespace kg::detail {

// A top-level mention of a row; offsets are UTF-8 bytes of the sentence text.
struct RowMention {
  uint32_t b = 0, e = 0;
  uint32_t entity = 0;  // the caller's entity index
  NodeType type = NodeType::Place;
};

struct RowEdge {
  EdgeType type = EdgeType::LocatedIn;
  uint32_t from = 0, to = 0;  // entity indexes
};

// The cell boundaries of `row` when it is a table row: cells separated by '|' or TAB
// (outside brackets), at least three cells; else empty. Each pair is [begin, end).
std::vector<std::pair<uint32_t, uint32_t>> tableCells(std::string_view row);

// The edges a row's layout states, given its cells and its mentions (sorted by
// position). The head is the first mention that is no place and stands alone in its
// cell (or, in a row whose first named cell is a place, the zone after it). Then:
// a place cell places the head (its last place when the cell nests them, "대전 유성구";
// each when it lists them, "서울·베이징"), a zone cell places a firm or organisation,
// the bodies of other cells take part in an event or programme head, and when the head
// is a programme or `cooperation` is set (the row says so), two bodies in two other
// cells, or the head body and one other, cooperate.
std::vector<RowEdge> tableRowEdges(std::string_view row,
                                   const std::vector<std::pair<uint32_t, uint32_t>>& cells,
                                   const std::vector<RowMention>& mentions, bool cooperation);

}  // namespace kg::detail
