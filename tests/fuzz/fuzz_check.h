// FUZZ_CHECK(cond): an invariant of a fuzz target. A violation aborts, which
// libFuzzer reports as a crash with the input (and the replay test as a failure).
#pragma once

#include <cstdlib>

#define FUZZ_CHECK(c)         \
  do {                        \
    if (!(c)) std::abort();   \
  } while (0)
