// Digests of bytes as lowercase hex (OpenSSL): the checksums models, drill files and results
// carry ("sha256:<hex>"), and those object stores and their signatures use.
#pragma once

#include <string>

namespace drsim::model {

enum class DigestKind { kMd5, kSha256 };

// The digest of `bytes` as lowercase hex; throws InternalError if OpenSSL cannot compute it.
std::string hex_digest(const std::string& bytes, DigestKind kind);

// "sha256:<hex>" of `bytes`: the checksum of an input file in results and journals.
inline std::string file_checksum(const std::string& bytes) {
  return "sha256:" + hex_digest(bytes, DigestKind::kSha256);
}

}  // namespace drsim::model
