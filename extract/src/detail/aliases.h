// Small decisions about names the extractor takes apart from its main pass
// (issue 18), kept in their own file so they stay local.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg::detail {

// Is the place name written at [b, e) of the sentence `s`, with its
// administrative suffix (…시, …성, …도: "베이징시", "인천시") and followed by
// the particles `tail`, the government acting rather than the place?
// "베이징시는 … 발표했다", "인천시가 추진해 온", "톈진시 부시장": yes;
// "베이징시에 위치한", "다롄시 과학기술국", "선전시는 … 위치한 도시로": no.
bool governmentActs(std::string_view s, size_t b, size_t e, std::string_view tail);

// The names under which the lexicon may know the government of the place
// written `surface` ("베이징시": 베이징시 인민정부, 베이징시정부, 베이징시 정부).
std::vector<std::string> governmentNames(std::string_view surface);

// A province's or city's name written with its suffix, as its government is named
// ("군산시", "헤이룽장성", "충북도"; not "인천", "인도"): three syllables or more
// ending in 시, 성 or 도.
bool governmentSuffixed(std::string_view surface);

}  // namespace kg::detail
