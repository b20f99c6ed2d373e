// The gazetteer's parent table (internal): `parentOf[i]` is the lexicon entry that entry i's
// gazetteer line names as its parent, or -1 (made by the extractor, read by the candidate
// stages, the first engine's relation code and the relation rules' `require country`).
#pragma once

#include <cstdint>
#include <vector>

#include "kg/types.h"

namespace kg::detail {

// Is a mention of type `type` with lexicon entry `entry` (negative: none) a country: a place
// the gazetteer puts inside nothing (a world region, "아시아", too)?
inline bool isCountryPlace(NodeType type, int64_t entry, const std::vector<int32_t>& parentOf) {
  return type == NodeType::Place && entry >= 0 && static_cast<size_t>(entry) < parentOf.size() &&
         parentOf[static_cast<size_t>(entry)] < 0;
}

}  // namespace kg::detail
