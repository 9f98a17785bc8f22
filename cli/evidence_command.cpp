// `drsim evidence verify|report`. `report` is cli/evidence_report_command.cpp. `verify [RUN_ID]`
// checks the evidence hash chain of the drill history (docs/evidence.md) — one run, or every run in
// order — from the files on disk and the history's rows, each run's link to the one before it, its
// manifest file and, with --public-key, its Ed25519 signature. Takes `--history FILE`, `-f
// text|json` and `-o FILE`. Exit codes: 0 intact; 1 broken (the first broken record, link, manifest
// or signature named on stderr); 2 an unknown RUN_ID or an unreadable --public-key; 3 a history
// that is missing, not drsim's, damaged or of a newer schema, or a --public-key file that holds no
// Ed25519 key.
#include <memory>
#include <optional>
#include <sstream>

#include "cli/command.hpp"
#include "cli/history_option.hpp"
#include "cli/output_options.hpp"
#include "history/evidence_verify.hpp"
#include "model/errors.hpp"

namespace drsim::cli {
namespace {

std::string short_hex(const std::string& hex) { return hex.substr(0, 16); }

// One line per run checked, then the verdict when intact.
std::string verify_text(const history::EvidenceReport& report) {
  std::ostringstream out;
  std::size_t chained = 0;
  for (const auto& r : report.runs) {
    if (r.state == history::EvidenceState::kBroken) continue;
    out << "run " << r.run_id << ": ";
    if (r.state == history::EvidenceState::kUnchained) {
      out << "recorded before evidence chaining: not covered\n";
      continue;
    }
    ++chained;
    out << "intact, " << r.records << " records, head " << short_hex(r.head) << ", "
        << (r.key_fingerprint.empty() ? std::string("unsigned")
            : r.signature_checked     ? "signature checked"
                                      : "signed by " + r.key_fingerprint + " (not checked)")
        << "\n";
  }
  if (report.broken) return out.str();
  const std::string head = report.runs.empty() ? "" : report.runs.back().head;
  out << "evidence intact: " << chained << (chained == 1 ? " run" : " runs") << " chained in "
      << report.history;
  if (!head.empty()) out << ", chain head " << head;
  out << "\n";
  return out.str();
}

}  // namespace

void add_evidence_command(CLI::App& app, Action& action, Io io) {
  auto* evidence = app.add_subcommand(
      "evidence",
      "Drill evidence: check the hash chain of the drill history, report it against controls");
  evidence->require_subcommand(1);

  auto* verify = evidence->add_subcommand(
      "verify",
      "Recompute the evidence chain of one run or of every run from the files and the history; "
      "exit 1 naming the first broken record");
  auto history_option = add_history_option(*verify, false);
  auto run_id = std::make_shared<std::string>();
  auto public_key = std::make_shared<std::string>();
  verify->add_option("RUN_ID", *run_id, "Check this run only (default: every run, in order)");
  verify
      ->add_option("--public-key", *public_key,
                   "Check each run's Ed25519 signature with this PEM public key")
      ->type_name("PUB.pem");
  auto output = add_output_options(*verify, {"text", "json"});
  verify->callback([=, &action]() {
    action = [=]() {
      std::optional<history::PublicKey> key;
      if (!public_key->empty()) key.emplace(history::PublicKey::load(*public_key, "--public-key"));
      auto store = history::Store::for_reading(history_option->path());
      const auto report = history::verify_evidence(store, *run_id, key ? &*key : nullptr);
      emit(*output, output->json() ? history::to_json(report).dump(2) + "\n" : verify_text(report),
           io.out);
      if (report.broken) throw EvidenceError(report.broken->message, report.broken->hint);
      return static_cast<int>(ExitCode::kOk);
    };
  });
  add_evidence_report_command(*evidence, action, io);
}

}  // namespace drsim::cli
