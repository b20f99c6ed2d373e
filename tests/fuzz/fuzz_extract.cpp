// Fuzz target: the whole single-document extraction with the built-in
// lexicon. Invariants: every mention lies in its sentence, every relation
// points at entities and sentences that exist.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "fuzz_check.h"
#include "kg/error.h"
#include "kg/extractor.h"
#include "kg/lexicon.h"


namespace {
const kg::Extractor& extractor() {
  static const kg::Lexicon lexicon = [] {
    kg::LexiconBuilder b;
    b.addDirectory(KG_LEXICON_DIR);
    return b.build();
  }();
  static const kg::Extractor ex(lexicon);
  return ex;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kg::DocumentResult d;
  try {
    d = extractor().extractBytes(bytes, "fuzz.txt");
  } catch (const kg::DecodeError&) {
    return 0;
  } catch (const kg::LimitError&) {
    return 0;
  }
  for (const auto& m : d.mentions) {
    FUZZ_CHECK(d.sentenceOf(m) < d.sentences.size());
    FUZZ_CHECK(m.entity < d.entities.size());
    FUZZ_CHECK(d.sentences[d.sentenceOf(m)].span.contains(m.span));
  }
  for (const auto& r : d.relations) {
    FUZZ_CHECK(r.source < d.entities.size() && r.target < d.entities.size());
    FUZZ_CHECK(r.sentence < d.sentences.size());
  }
  for (const auto& e : d.entities) FUZZ_CHECK(!e.name.empty());
  return 0;
}
