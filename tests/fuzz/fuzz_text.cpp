// Fuzz target: the text layer (decode -> normalize -> segment), plus the date
// finder and the particle matcher over what comes out. Invariants checked:
// offsets stay inside the text, the offset map is monotone, spans are ordered.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "kg/error.h"
#include "kg/text.h"


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kg::DecodedText dec;
  try {
    dec = kg::decode(bytes);
  } catch (const kg::DecodeError&) {
    return 0;
  }
  kg::NormalizedText n = kg::normalize(dec.utf8);
  const std::vector<uint32_t> map = n.toOriginal.expand();  // (one pass; [] reads up to 63 steps)
  FUZZ_CHECK(map.size() == n.text.size() + 1);
  for (size_t i = 1; i < map.size(); ++i) FUZZ_CHECK(map[i - 1] <= map[i]);
  for (size_t i = 0; i < map.size(); i += 61) FUZZ_CHECK(n.toOriginal[i] == map[i]);
  FUZZ_CHECK(n.toOriginal.back() == dec.utf8.size());
  kg::SegmentOptions opt;
  opt.maxSentenceBytes = 64 + size % 200;  // small limits exercise the splitter
  auto sentences = kg::segment(n.text, opt);
  uint32_t last = 0;
  for (const auto& s : sentences) {
    FUZZ_CHECK(s.span.begin <= s.span.end && s.span.end <= n.text.size());
    FUZZ_CHECK(s.span.begin >= last);
    FUZZ_CHECK(s.span.size() <= opt.maxSentenceBytes);
    last = s.span.end;
    std::string_view t = std::string_view(n.text).substr(s.span.begin, s.span.size());
    bool whole = false;
    size_t p = kg::particleChain(t, &whole);
    FUZZ_CHECK(p <= t.size());
  }
  (void)kg::findDate(n.text);
  (void)kg::isChromeLine(n.text.substr(0, std::min<size_t>(n.text.size(), 300)));
  return 0;
}
