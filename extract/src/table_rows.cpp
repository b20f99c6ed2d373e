#include "detail/table_rows.h"

#include <algorithm>
#include <cctype>

namespace kg::detail {

namespace {
bool isBody(NodeType t) {
  return t == NodeType::Agency || t == NodeType::Company || t == NodeType::Organization;
}
}  // namespace

std::vector<std::pair<uint32_t, uint32_t>> tableCells(std::string_view row) {
  std::vector<std::pair<uint32_t, uint32_t>> cells;
  uint32_t from = 0;
  int depth = 0;
  size_t seps = 0;
  for (uint32_t i = 0; i <= row.size(); ++i) {
    char ch = i < row.size() ? row[i] : '|';
    if (ch == '(' || ch == '[') ++depth;
    if ((ch == ')' || ch == ']') && depth > 0) --depth;
    if ((ch == '|' || ch == '\t') && depth == 0) {
      if (i < row.size()) ++seps;
      cells.emplace_back(from, i);
      from = i + 1;
    }
  }
  // (a leading or trailing bar of a Markdown row opens no cell)
  auto blank = [&](std::pair<uint32_t, uint32_t> c) {
    return row.substr(c.first, c.second - c.first).find_first_not_of(" \t") == std::string_view::npos;
  };
  if (!cells.empty() && blank(cells.front())) cells.erase(cells.begin());
  if (!cells.empty() && blank(cells.back())) cells.pop_back();
  if (seps < 2 || cells.size() < 3) cells.clear();
  return cells;
}

std::vector<RowEdge> tableRowEdges(std::string_view row,
                                   const std::vector<std::pair<uint32_t, uint32_t>>& cells,
                                   const std::vector<RowMention>& ms, bool cooperation) {
  std::vector<RowEdge> out;
  if (cells.empty() || ms.empty()) return out;
  // the mentions of each cell
  std::vector<std::vector<size_t>> in(cells.size());
  for (size_t m = 0; m < ms.size(); ++m)
    for (size_t c = 0; c < cells.size(); ++c)
      if (ms[m].b >= cells[c].first && ms[m].e <= cells[c].second) in[c].push_back(m);
  // A place cell holds places and nothing else but spaces, marks and bracketed glosses
  // ("대전 유성구", "단저우(儋州)시", "서울·베이징"; not "창저우 톈청전지재료 유한공사",
  // where a name the mentions missed stands beside the place).
  auto onlyPlaces = [&](size_t c) {
    if (in[c].empty() || !std::all_of(in[c].begin(), in[c].end(), [&](size_t m) {
          return ms[m].type == NodeType::Place;
        }))
      return false;
    uint32_t at = cells[c].first;
    int depth = 0;
    auto wordy = [&](uint32_t from, uint32_t to) {
      for (uint32_t i = from; i < to; ++i) {
        unsigned char ch = static_cast<unsigned char>(row[i]);
        if (ch == '(') ++depth;
        if (ch == ')' && depth > 0) --depth;
        if (depth > 0) continue;
        if (std::isalnum(ch)) return true;
        // Hangul syllables: EA B0 80 .. ED 9E A3
        if ((ch >= 0xEA && ch <= 0xED) && i + 2 < to) {
          unsigned cp = (ch & 0x0F) << 12 | (static_cast<unsigned char>(row[i + 1]) & 0x3F) << 6 |
                        (static_cast<unsigned char>(row[i + 2]) & 0x3F);
          if (cp >= 0xAC00 && cp <= 0xD7A3) return true;
        }
      }
      return false;
    };
    for (size_t m : in[c]) {
      if (wordy(at, ms[m].b)) return false;
      at = ms[m].e;
    }
    return !wordy(at, cells[c].second);
  };
  // The head: the first cell holding one mention that is no place (and no person).
  size_t headCell = cells.size(), head = 0;
  for (size_t c = 0; c < cells.size() && headCell == cells.size(); ++c) {
    if (in[c].empty() || onlyPlaces(c)) continue;
    if (in[c].size() != 1) return out;  // a list or a nesting first: no head to read
    NodeType t = ms[in[c][0]].type;
    if (t == NodeType::Person) return out;
    headCell = c, head = in[c][0];
  }
  if (headCell == cells.size()) return out;
  const NodeType ht = ms[head].type;
  const uint32_t he = ms[head].entity;
  bool placed = ht == NodeType::Company || ht == NodeType::Organization ||
                ht == NodeType::Event || ht == NodeType::Zone;
  bool takesPart = ht == NodeType::Event || ht == NodeType::Program;
  std::vector<uint32_t> partners;  // bodies of other cells, one per cell
  for (size_t c = 0; c < cells.size(); ++c) {
    if (c == headCell || in[c].empty()) continue;
    if (onlyPlaces(c)) {
      // a province before a zone head, or any place after the head
      if (!placed || (c < headCell && ht != NodeType::Zone)) continue;
      for (size_t i = 0; i < in[c].size(); ++i) {
        const RowMention& p = ms[in[c][i]];
        // the last of a nesting ("대전 유성구"): a place followed by a space and another
        if (i + 1 < in[c].size()) {
          std::string_view gap = row.substr(p.e, ms[in[c][i + 1]].b - p.e);
          if (gap.find_first_not_of(' ') == std::string_view::npos) continue;
        }
        out.push_back({EdgeType::LocatedIn, he, p.entity});
      }
      continue;
    }
    if (c < headCell) continue;
    if (in[c].size() == 1 && ms[in[c][0]].type == NodeType::Zone &&
        (ht == NodeType::Company || ht == NodeType::Organization || ht == NodeType::Event)) {
      out.push_back({EdgeType::LocatedIn, he, ms[in[c][0]].entity});
      continue;
    }
    size_t bodies = 0;
    for (size_t m : in[c])
      if (isBody(ms[m].type)) {
        ++bodies;
        if (takesPart) out.push_back({EdgeType::ParticipatesIn, ms[m].entity, he});
      }
    if (bodies == 1 && in[c].size() == 1) partners.push_back(ms[in[c][0]].entity);
  }
  if (ht == NodeType::Program && partners.size() == 2)
    out.push_back({EdgeType::CooperatesWith, partners[0], partners[1]});
  if (cooperation && isBody(ht) && partners.size() == 1)
    out.push_back({EdgeType::CooperatesWith, he, partners[0]});
  return out;
}

}  // namespace kg::detail
