// Ed25519 keys for signing evidence manifests (docs/evidence.md "Signing"): a private key to sign
// with (`drill run --sign-key`), a public key to check with (`evidence verify --public-key`),
// both PEM files as `openssl genpkey -algorithm ed25519` writes them. Each owns its OpenSSL key;
// a file that is missing, unreadable or not an Ed25519 key of the right kind is refused before
// anything starts, located at the option or the file, with a hint.
#pragma once

#include <memory>
#include <string>

struct evp_pkey_st;

namespace drsim::history {

struct PkeyFree {
  void operator()(evp_pkey_st* key) const;
};
using Pkey = std::unique_ptr<evp_pkey_st, PkeyFree>;

// "sha256:<hex>" of a raw 32-byte Ed25519 public key: how manifests name the key that signed.
std::string key_fingerprint(const std::string& raw_public_key);

class SigningKey {
 public:
  // Loads the PEM private key at `path`, given as `option` ("--sign-key"). Throws InputError:
  // at <command line> `option` (exit 2) when the file cannot be read, at the file (exit 3) when
  // it holds no Ed25519 private key.
  static SigningKey load(const std::string& path, const std::string& option);
  // The 64-byte Ed25519 signature of `message`.
  std::string sign(const std::string& message) const;
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  explicit SigningKey(Pkey key);
  Pkey key_;
  std::string fingerprint_;
};

class PublicKey {
 public:
  // Loads the PEM public key at `path` (a private key's file is taken too: its public half).
  // Refuses as SigningKey::load does.
  static PublicKey load(const std::string& path, const std::string& option);
  // True if `signature` is this key's Ed25519 signature of `message`.
  bool verify(const std::string& message, const std::string& signature) const;
  const std::string& fingerprint() const { return fingerprint_; }
  const std::string& path() const { return path_; }

 private:
  PublicKey(Pkey key, std::string path);
  Pkey key_;
  std::string fingerprint_, path_;
};

}  // namespace drsim::history
