// Fuzz target: the build-cache readers (parseBuildCache over the bytes, and
// BuildCacheIndex over the same bytes in a file, each document line parsed).
// Whatever they accept must write back out and read again to the same cache.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "kg/build_cache.h"
#include "kg/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    kg::BuildCache cache = kg::parseBuildCache(text, "fuzz.jsonl");
    std::ostringstream out;
    kg::writeBuildCache(cache, out);
    FUZZ_CHECK(kg::parseBuildCache(out.str(), "rewritten.jsonl") == cache);
  } catch (const kg::Error&) {
  }
  static const std::string path = "/tmp/kg-fuzz-cache-" + std::to_string(::getpid()) + ".jsonl";
  {
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(text.data(), static_cast<std::streamsize>(size));
  }
  try {
    kg::BuildCacheIndex index(path);
    for (const auto& e : index.entries()) {
      try {
        kg::CachedDocument d = index.document(e, index.line(e));
        FUZZ_CHECK(d.path == e.path);
      } catch (const kg::FormatError&) {
      }
    }
  } catch (const kg::Error&) {
  }
  std::remove(path.c_str());
  return 0;
}
