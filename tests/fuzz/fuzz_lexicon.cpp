// Fuzz target: the lexicon loader and matcher. The input is parsed as a
// lexicon file; when it loads, the automaton is run over the input itself and
// every match must lie inside it and on code-point boundaries.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz_check.h"
#include "kg/error.h"
#include "kg/lexicon.h"


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  kg::LexiconBuilder b;
  b.addText(text, "fuzz.tsv");
  kg::Lexicon lex;
  try {
    lex = b.build();
  } catch (const kg::LexiconError& e) {
    FUZZ_CHECK(!e.problems().empty());
    return 0;
  }
  for (const auto& m : lex.findAll(text)) {
    FUZZ_CHECK(m.span.begin < m.span.end && m.span.end <= text.size());
  }
  return 0;
}
