// The evidence chain's formulas against values computed outside drsim (printf | sha256sum and
// Python's hashlib over the same bytes), the canonical form of a run byte for byte, and Ed25519
// signing with keys made in the test.
#include "history/evidence_chain.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <catch2/catch.hpp>
#include <cstdio>

#include "history/evidence_key.hpp"
#include "model/errors.hpp"
#include "scratch_dir.hpp"

using namespace drsim;
using namespace drsim::history;
using drsim::test::ScratchDir;

namespace {

// Writes a new key of OpenSSL type `type` (EVP_PKEY_ED25519, EVP_PKEY_RSA) to `path` as PEM:
// the private key, or with `public_only` its public half.
void make_key(int type, const std::string& path, bool public_only = false,
              const std::string& private_path = "") {
  EVP_PKEY* key = nullptr;
  if (!private_path.empty()) {
    FILE* in = std::fopen(private_path.c_str(), "r");
    REQUIRE(in);
    key = PEM_read_PrivateKey(in, nullptr, nullptr, nullptr);
    std::fclose(in);
  } else {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(type, nullptr);
    REQUIRE(EVP_PKEY_keygen_init(ctx) == 1);
    if (type == EVP_PKEY_RSA) REQUIRE(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) == 1);
    REQUIRE(EVP_PKEY_keygen(ctx, &key) == 1);
    EVP_PKEY_CTX_free(ctx);
  }
  REQUIRE(key);
  FILE* out = std::fopen(path.c_str(), "w");
  REQUIRE(out);
  CHECK((public_only ? PEM_write_PUBKEY(out, key)
                     : PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr)) == 1);
  std::fclose(out);
  EVP_PKEY_free(key);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("history::record_hash: a known record hashes to the value sha256sum gives its input",
          "[history][evidence]") {
  const std::string input = record_input(genesis_head(), "result", "hello\n");
  // "drsim.evidence/1", NUL, 32 zero bytes, then length-prefixed kind and bytes: 77 bytes.
  CHECK(input.size() == 77);
  CHECK(to_hex(input.substr(49)) ==
        "0000000000000006726573756c7400000000000000066865"
        "6c6c6f0a");
  const Digest first = record_hash(genesis_head(), "result", "hello\n");
  CHECK(to_hex(first) == "b63455a960aba17b4eedfd0693aea29482a1cbaa83ae76d5556dd3642111866e");
  CHECK(to_hex(sha256("hello\n")) ==
        "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
  // The next record chains on the first.
  CHECK(to_hex(record_hash(first, "run", "{}")) ==
        "3ee8b09e5e593b6bd6b91f889a854b524b9d51c4358d2e35f4aa55a0f54b27e4");
}

TEST_CASE("history::record_input: kind and bytes cannot trade characters", "[history][evidence]") {
  CHECK(record_input(genesis_head(), "ab", "c") != record_input(genesis_head(), "a", "bc"));
  CHECK(record_hash(genesis_head(), "ab", "c") != record_hash(genesis_head(), "a", "bc"));
  CHECK(digest_of_hex(to_hex(sha256("x"))) == sha256("x"));
  CHECK_FALSE(digest_of_hex("00"));
  CHECK_FALSE(digest_of_hex(std::string(64, 'g')));
}

TEST_CASE("history::run_bytes: the canonical form of a run is stable, key for key",
          "[history][evidence]") {
  RunRecord r;
  r.id = 3;
  r.drill_run_id = "orders-logical-Ab12Cd";
  r.drill = "orders-logical";
  r.target = "orders-db";
  r.method = "logical";
  r.status = "passed";
  r.started_at = "2026-11-20T03:00:00.123Z";
  r.ended_at = "2026-11-20T03:00:05.000Z";
  r.drsim_version = "0.1.0";
  r.spec_file = "/etc/drsim/orders.yaml";
  r.spec_checksum = "sha256:0c7d";
  r.rto_s = 1.5;
  r.rpo_s = 0.1;
  r.impact = "severe";
  r.objectives = {{"rto", 1800.0, 1.5, "met"}};
  r.steps = {{"restore", "ok", "2026-11-20T03:00:01.000Z", "", 0.877, std::nullopt, "é", ""}};
  r.tables = {{"app", "public.orders", 3000, std::nullopt, "921", ""}};
  r.findings = {"f"};
  r.evidence = {{"recovery", {{"lsn", "0/3000"}}}};
  r.result_file = "/tmp/r.json";
  CHECK(run_bytes(r) ==
        R"({"schema":"drsim.evidence-run/1","id":3,"drill_run_id":"orders-logical-Ab12Cd",)"
        R"("drill":"orders-logical","target":"orders-db","method":"logical","status":"passed",)"
        R"("started_at":"2026-11-20T03:00:00.123Z","ended_at":"2026-11-20T03:00:05.000Z",)"
        R"("drsim_version":"0.1.0","spec_file":"/etc/drsim/orders.yaml",)"
        R"("spec_checksum":"sha256:0c7d","max_age_s":null,"t0_s":null,"rto_s":1.5,"rpo_s":0.1,)"
        R"("impact":"severe","recovery_process":"","data_loss":"","journal_file":null,)"
        R"("result_file":"/tmp/r.json","objectives":[{"kind":"rto","target_s":1800.0,)"
        R"("achieved_s":1.5,"verdict":"met"}],"steps":[{"name":"restore","status":"ok",)"
        R"("begin_at":"2026-11-20T03:00:01.000Z","end_at":null,"begin_s":0.877,"end_s":null,)"
        R"("detail":"é","error":""}],"findings":["f"],"notes":[]})");
  CHECK(
      verification_bytes(r) ==
      R"({"schema":"drsim.evidence-verification/1","tables":[{"database":"app",)"
      R"("table":"public.orders","source_rows":3000,"source_checksum":"921",)"
      R"("restored_rows":null,"restored_checksum":""}],"evidence":{"recovery":{"lsn":"0/3000"}}})");

  // The records of a run with a result but no journal, and their chain.
  const auto sources = record_sources(r);
  REQUIRE(sources.size() == 3);
  CHECK(sources[0].kind == "result");
  CHECK(sources[0].file == "/tmp/r.json");
  CHECK(sources[1].kind == "verification");
  CHECK(sources[2].kind == "run");
  const Manifest m = chain_run(r, 2, sha256("head of run 2"), {"R", verification_bytes(r), "X"});
  CHECK(m.records[0].source == "/tmp/r.json");
  CHECK(m.records[1].source == "history");
  CHECK(m.records[0].hash == record_hash(sha256("head of run 2"), "result", "R"));
  CHECK(m.records[2].hash == record_hash(m.records[1].hash, "run", "X"));
  CHECK(m.head == m.records[2].hash);
  CHECK(signed_statement(m) == "drsim.evidence/1\nrun 3\nprevious_run 2\nprevious_head " +
                                   to_hex(sha256("head of run 2")) + "\nhead " + to_hex(m.head) +
                                   "\n");
}

TEST_CASE("history::SigningKey: a manifest signed in the test verifies with its public half only",
          "[history][evidence]") {
  ScratchDir dir;
  make_key(EVP_PKEY_ED25519, dir.file("key.pem"));
  make_key(EVP_PKEY_ED25519, dir.file("pub.pem"), true, dir.file("key.pem"));
  make_key(EVP_PKEY_ED25519, dir.file("other.pem"));
  const auto key = SigningKey::load(dir.file("key.pem"), "--sign-key");
  const auto pub = PublicKey::load(dir.file("pub.pem"), "--public-key");
  const auto other = PublicKey::load(dir.file("other.pem"), "--public-key");
  CHECK(key.fingerprint() == pub.fingerprint());
  CHECK(key.fingerprint().rfind("sha256:", 0) == 0);
  CHECK(key.fingerprint().size() == 7 + 64);
  CHECK(other.fingerprint() != pub.fingerprint());
  const std::string signature = key.sign("drsim.evidence/1\nrun 1\n");
  CHECK(signature.size() == 64);
  CHECK(pub.verify("drsim.evidence/1\nrun 1\n", signature));
  CHECK_FALSE(pub.verify("drsim.evidence/1\nrun 2\n", signature));
  CHECK_FALSE(other.verify("drsim.evidence/1\nrun 1\n", signature));
}

TEST_CASE("history::SigningKey: a missing key, a public key and an RSA key are refused",
          "[history][evidence]") {
  ScratchDir dir;
  const std::string hint =
      "  hint: make a key with: openssl genpkey -algorithm ed25519 -out KEY.pem, and its public "
      "half with: openssl pkey -in KEY.pem -pubout -out PUB.pem\n";
  CHECK(error_of([&] { SigningKey::load(dir.file("none.pem"), "--sign-key"); }) ==
        "<command line>: error: --sign-key: cannot read the key " + dir.file("none.pem") +
            ": No such file or directory\n" + hint);
  make_key(EVP_PKEY_ED25519, dir.file("key.pem"));
  make_key(EVP_PKEY_ED25519, dir.file("pub.pem"), true, dir.file("key.pem"));
  CHECK(error_of([&] { SigningKey::load(dir.file("pub.pem"), "--sign-key"); }) ==
        dir.file("pub.pem") + ": error: /: not a private key in PEM form\n" + hint);
  make_key(EVP_PKEY_RSA, dir.file("rsa.pem"));
  CHECK(error_of([&] { SigningKey::load(dir.file("rsa.pem"), "--sign-key"); }) ==
        dir.file("rsa.pem") + ": error: /: not an Ed25519 key: it holds a key of type RSA\n" +
            hint);
  CHECK(error_of([&] { PublicKey::load(dir.file("rsa.pem"), "--public-key"); }) ==
        dir.file("rsa.pem") + ": error: /: not an Ed25519 key: it holds a key of type RSA\n" +
            hint);
}
