// SHA-256 (FIPS 180-4), for content hashes of documents: OpenSSL's libcrypto
// (libssl-dev), which uses the CPU's SHA extensions or vector code where it can.
#include <openssl/evp.h>

#include <string>
#include <string_view>

#include "kg/error.h"
#include "kg/graph.h"

namespace kg {

std::string sha256Hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) != 1 || len != 32)
    throw Error("OpenSSL's SHA-256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(64, '0');
  for (unsigned int i = 0; i < 32; ++i) {
    out[2 * i] = kHex[md[i] >> 4];
    out[2 * i + 1] = kHex[md[i] & 15];
  }
  return out;
}

}  // namespace kg
