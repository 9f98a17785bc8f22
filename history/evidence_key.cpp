#include "history/evidence_key.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "history/evidence_chain.hpp"
#include "model/errors.hpp"

namespace drsim::history {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

const char* const kMakeKey =
    "make a key with: openssl genpkey -algorithm ed25519 -out KEY.pem, and its public half with: "
    "openssl pkey -in KEY.pem -pubout -out PUB.pem";

[[noreturn]] void refuse_at_file(const std::string& path, const std::string& message) {
  Diagnostic d;
  d.loc.file = path;
  d.message = message;
  d.hints = {kMakeKey};
  throw InputError({d});
}

// The PEM text of `path`; refuses a file that cannot be read at the command line's `option`.
std::string pem_of(const std::string& path, const std::string& option) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const std::string why = std::strerror(errno);
    DiagnosticList diags;
    diags.error(command_line_loc(option), "cannot read the key " + path + ": " + why, {kMakeKey});
    diags.throw_if_errors();
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A key of `path` read by `read` (a PEM reader of OpenSSL); refuses anything not Ed25519.
template <typename Read>
Pkey ed25519_of(const std::string& pem, const std::string& path, const char* what, Read read) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) throw std::bad_alloc();
  Pkey key(read(bio.get()));
  ERR_clear_error();
  if (!key) refuse_at_file(path, std::string("not ") + what + " in PEM form");
  if (EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) {
    refuse_at_file(path, std::string("not an Ed25519 key: it holds a key of type ") +
                             EVP_PKEY_get0_type_name(key.get()));
  }
  return key;
}

std::string raw_public(const Pkey& key) {
  std::string raw(32, '\0');
  size_t len = raw.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(raw.data()), &len) !=
          1 ||
      len != raw.size()) {
    throw InternalError("cannot read an Ed25519 public key from OpenSSL");
  }
  return raw;
}

}  // namespace

void PkeyFree::operator()(evp_pkey_st* key) const { EVP_PKEY_free(key); }

std::string key_fingerprint(const std::string& raw_public_key) {
  return "sha256:" + to_hex(sha256(raw_public_key));
}

SigningKey::SigningKey(Pkey key)
    : key_(std::move(key)), fingerprint_(key_fingerprint(raw_public(key_))) {}

SigningKey SigningKey::load(const std::string& path, const std::string& option) {
  const std::string pem = pem_of(path, option);
  return SigningKey(ed25519_of(pem, path, "a private key", [](BIO* b) {
    return PEM_read_bio_PrivateKey(b, nullptr, nullptr, nullptr);
  }));
}

std::string SigningKey::sign(const std::string& message) const {
  MdCtx ctx(EVP_MD_CTX_new());
  std::string sig(64, '\0');
  size_t len = sig.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1) {
    throw InternalError("Ed25519 signing failed in OpenSSL");
  }
  sig.resize(len);
  return sig;
}

PublicKey::PublicKey(Pkey key, std::string path)
    : key_(std::move(key)),
      fingerprint_(key_fingerprint(raw_public(key_))),
      path_(std::move(path)) {}

PublicKey PublicKey::load(const std::string& path, const std::string& option) {
  const std::string pem = pem_of(path, option);
  const bool is_private = pem.find("PRIVATE KEY-----") != std::string::npos;
  return PublicKey(ed25519_of(pem, path, is_private ? "a private key" : "a public key",
                              [is_private](BIO* b) {
                                return is_private
                                           ? PEM_read_bio_PrivateKey(b, nullptr, nullptr, nullptr)
                                           : PEM_read_bio_PUBKEY(b, nullptr, nullptr, nullptr);
                              }),
                   path);
}

bool PublicKey::verify(const std::string& message, const std::string& signature) const {
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1) {
    throw InternalError("Ed25519 verification failed to start in OpenSSL");
  }
  const int rc = EVP_DigestVerify(
      ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(message.data()), message.size());
  ERR_clear_error();
  return rc == 1;
}

}  // namespace drsim::history
