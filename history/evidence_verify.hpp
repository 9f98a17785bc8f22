// `drsim evidence verify` (docs/evidence.md "Verify"): recomputes the evidence hash chain of one
// run or of the whole history from the files on disk and the history's rows, checks each run's
// link to the run before it, its manifest file and, given a public key, its signature, and names
// the first thing that does not match: a record, a link, a manifest or a signature.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "history/evidence_key.hpp"
#include "history/store.hpp"

namespace drsim::history {

// The first thing found broken, with the whole message verify prints and its hint.
struct EvidenceBreak {
  long long run_id = 0;
  std::string at;      // "record", "link", "manifest", "manifest_file", "signature"
  int record = 0;      // the record's position (1-based), 0 when not at a record
  std::string kind;    // the record's kind (journal, result, verification, run), "" otherwise
  std::string source;  // the record's file or "history", the manifest file, "" otherwise
  std::string message, hint;
};

// What verify found of one run: its chain holds, it was recorded before evidence chaining
// (schema 1: not covered), or it is broken.
enum class EvidenceState { kIntact, kUnchained, kBroken };
const char* to_string(EvidenceState s);  // "intact", "unchained", "broken"

// What verify found of one run it checked.
struct RunEvidence {
  long long run_id = 0;
  EvidenceState state = EvidenceState::kIntact;
  std::size_t records = 0;
  std::string head;             // hex, "" when unchained
  std::string key_fingerprint;  // of the key that signed it, "" unsigned
  bool signature_checked = false;
};

struct EvidenceReport {
  std::string history;
  std::string run_id;                  // the run asked for, "" for the whole history
  std::string public_key_fingerprint;  // "" without --public-key
  std::vector<RunEvidence> runs;       // in chain order, up to and including a broken one
  std::optional<EvidenceBreak> broken;
};

// Checks run `run_id` (as typed on the command line; "" for every run, in id order) of `store`,
// with signatures when `key` is given; stops at the first break. Throws InputError (exit 2) for a
// run id that is not in the history.
EvidenceReport verify_evidence(Store& store, const std::string& run_id, const PublicKey* key);

// The report as "drsim.evidence-verify/1" JSON (docs/evidence.md).
nlohmann::ordered_json to_json(const EvidenceReport& report);

}  // namespace drsim::history
