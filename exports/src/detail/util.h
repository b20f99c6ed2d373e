// Small helpers shared by the writers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kg/types.h"

namespace kg::detail {

// A JSON string literal (quotes included), escaping what RFC 8259 requires.
std::string jsonQuote(std::string_view s);
// A JSON array of strings, compact: ["a","b"].
std::string jsonArray(const std::vector<std::string>& items);
// Node type lower-cased for labels, colours by type.
struct Rgb {
  int r, g, b;
};
Rgb colorOf(NodeType t);
std::string hexColor(NodeType t);

}  // namespace kg::detail
