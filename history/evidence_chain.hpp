// The evidence hash chain of the drill history (docs/evidence.md): each recorded run's journal,
// result, verification details and history row become an ordered list of records, each hashed
// together with the hash before it, the first with the previous run's chain head, so changing,
// removing or reordering any byte of any run — or a whole run — changes every hash after it.
// Pure: bytes in, digests out (no SQLite, no files), so every formula here is unit-tested.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "history/run_record.hpp"

namespace drsim::history {

// A SHA-256 digest.
using Digest = std::array<unsigned char, 32>;

// What every hashed input and signed statement starts with, so no other use of the same key or
// hash can be confused with drsim's evidence.
constexpr const char* kEvidenceDomain = "drsim.evidence/1";

// SHA-256 of `bytes` (OpenSSL EVP).
Digest sha256(const std::string& bytes);
// Lowercase hex of `bytes` (64 digits for a digest).
std::string to_hex(const std::string& bytes);
std::string to_hex(const Digest& d);
// The bytes written as lowercase hex; "" for anything that is not (an odd length, other letters).
std::string bytes_of_hex(const std::string& hex);
// The digest written as 64 lowercase hex digits; none for anything else.
std::optional<Digest> digest_of_hex(const std::string& hex);
// The previous head of the first run in a history: 32 zero bytes.
Digest genesis_head();

// Exactly the bytes a record's hash is over: kEvidenceDomain, a NUL byte, the previous hash (32
// bytes), then `kind` and `bytes`, each preceded by its length as 8 bytes big-endian. Fixed
// widths and lengths make the encoding injective: two different inputs never give the same bytes.
std::string record_input(const Digest& previous, const std::string& kind, const std::string& bytes);
// SHA-256(record_input(previous, kind, bytes)).
Digest record_hash(const Digest& previous, const std::string& kind, const std::string& bytes);

// Where a record's bytes come from: a file the run wrote (`file` its absolute path), or the
// history itself (`file` "").
struct RecordSource {
  std::string kind;  // journal, result, verification, run
  std::string file;
};

// The records of `run`, in chain order: its journal and its result when it wrote them, then its
// verification details and its history row.
std::vector<RecordSource> record_sources(const RunRecord& run);
// The canonical bytes of the records taken from the history (docs/evidence.md "Canonical form"):
// compact JSON with keys in a fixed order, numbers in their shortest round-trip form.
std::string verification_bytes(const RunRecord& run);
std::string run_bytes(const RunRecord& run);

// One hashed record as the history and the manifest keep it.
struct EvidenceRecord {
  std::string kind;
  std::string source;  // the file's absolute path, or "history"
  Digest content{};    // SHA-256 of the record's bytes alone (what sha256sum says of the file)
  Digest hash{};       // record_hash(previous record's hash, kind, bytes)
};

// The manifest of one run: its records and chain head, the head it follows, and its signature.
struct Manifest {
  long long run_id = 0;
  std::string drill_run_id;
  std::optional<long long> previous_run;  // none: the first chained run
  Digest previous_head{};
  std::vector<EvidenceRecord> records;
  Digest head{};                // the last record's hash
  std::string key_fingerprint;  // "sha256:<hex of the raw public key>", "" when unsigned
  std::string signature;        // the raw Ed25519 signature of signed_statement(), "" unsigned
  std::string file;             // where the manifest's JSON is written, "" for nowhere
};

// The statement an Ed25519 key signs: kEvidenceDomain, the run id, the previous run and head and
// the chain head, one per line ("drsim.evidence/1\nrun 3\nprevious_run 2\nprevious_head <hex>\n
// head <hex>\n"; previous_run "none" for the first).
std::string signed_statement(const Manifest& m);

// The manifest as "drsim.evidence-manifest/1" JSON (docs/evidence.md "Manifest").
nlohmann::ordered_json to_json(const Manifest& m);

// The manifest of `run` (its id set) following `previous_run`'s `previous_head`, from
// `bytes_of`, which gives each record's bytes (record_sources() order). Unsigned.
Manifest chain_run(const RunRecord& run, std::optional<long long> previous_run,
                   const Digest& previous_head, const std::vector<std::string>& bytes_of);

}  // namespace drsim::history
