// doctest 2.4.9 cannot print std::string_view; teach it.
#pragma once

#include <doctest/doctest.h>

#include <string_view>

namespace doctest {
template <>
struct StringMaker<std::string_view> {
  static String convert(std::string_view s) { return String(s.data(), static_cast<unsigned>(s.size())); }
};
}  // namespace doctest
