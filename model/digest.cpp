#include "model/digest.hpp"

#include <openssl/evp.h>

#include "model/errors.hpp"

namespace drsim::model {

std::string hex_digest(const std::string& bytes, DigestKind kind) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const EVP_MD* md = kind == DigestKind::kMd5 ? EVP_md5() : EVP_sha256();
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, md, nullptr) != 1) {
    throw InternalError("OpenSSL could not compute a digest");
  }
  static const char* const kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace drsim::model
