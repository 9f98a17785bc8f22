#include "history/evidence_verify.hpp"

#include <algorithm>

#include "history/evidence_files.hpp"

namespace drsim::history {
namespace {

using Json = nlohmann::ordered_json;

// The last chained run before the one being checked.
struct Previous {
  long long id = 0;
  Digest head{};
};

// A JSON value for a message, cut to 80 characters.
std::string shown(const Json& j) {
  std::string s = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  return s.size() > 80 ? s.substr(0, 77) + "..." : s;
}

// The first JSON pointer under `at` where `got` differs from `want` ("" when they are equal).
std::string first_difference(const Json& got, const Json& want, const std::string& at,
                             std::string* got_text, std::string* want_text) {
  if (got.type() == want.type() && got.is_object()) {
    for (const auto& [key, value] : want.items()) {
      if (!got.contains(key)) {
        *got_text = "missing";
        *want_text = shown(value);
        return at + "/" + key;
      }
      auto p = first_difference(got[key], value, at + "/" + key, got_text, want_text);
      if (!p.empty()) return p;
    }
    for (const auto& [key, value] : got.items()) {
      if (!want.contains(key)) {
        *got_text = shown(value);
        *want_text = "nothing";
        return at + "/" + key;
      }
    }
    return {};
  }
  if (got.type() == want.type() && got.is_array() && got.size() == want.size()) {
    for (std::size_t i = 0; i < want.size(); ++i) {
      auto p = first_difference(got[i], want[i], at + "/" + std::to_string(i), got_text, want_text);
      if (!p.empty()) return p;
    }
    return {};
  }
  if (got == want) return {};
  *got_text = shown(got);
  *want_text = shown(want);
  return at.empty() ? "/" : at;
}

class RunCheck {
 public:
  RunCheck(Store& store, const std::vector<long long>& ids, long long id, const Manifest& m)
      : store_(store), ids_(ids), id_(id), m_(m) {}

  // The link of the run to the run before it (`previous`, none: it is the first chained run).
  std::optional<EvidenceBreak> link(const std::optional<Previous>& previous) const {
    const Digest expected = previous ? previous->head : genesis_head();
    if (m_.previous_head == expected) return std::nullopt;
    const std::string before = previous ? "run " + std::to_string(previous->id) + "'s" : "";
    std::string why;
    std::string hint =
        "restore the history from a backup, and compare its chain heads with an "
        "off-host copy of them";
    if (m_.previous_run && std::find(ids_.begin(), ids_.end(), *m_.previous_run) == ids_.end()) {
      why = "it follows run " + std::to_string(*m_.previous_run) + "'s chain head, and run " +
            std::to_string(*m_.previous_run) + " is not in the history: a run was deleted";
    } else if (m_.previous_run && (!previous || previous->id != *m_.previous_run)) {
      why = "it follows run " + std::to_string(*m_.previous_run) + "'s chain head, not " +
            (previous ? before : std::string("the genesis")) + ": a run was inserted or replaced";
    } else if (!m_.previous_run) {
      why =
          "it follows the genesis, not " + before + " chain head: the runs before it were replaced";
    } else {
      why = "it follows a chain head of run " + std::to_string(*m_.previous_run) +
            " that is not run " + std::to_string(*m_.previous_run) + "'s head now: run " +
            std::to_string(*m_.previous_run) + " was rewritten after this run was recorded";
    }
    return broken("link", "at its link to the run before it: " + why, hint);
  }

  // Every record recomputed from its bytes, then the head.
  std::optional<EvidenceBreak> records() const {
    const RunRecord run = store_.run(std::to_string(id_));
    const auto sources = record_sources(run);
    Digest previous = m_.previous_head;
    for (std::size_t i = 0; i < std::max(sources.size(), m_.records.size()); ++i) {
      const int position = static_cast<int>(i) + 1;
      if (i >= m_.records.size()) {
        return at_record(
            position, sources[i].kind, source_of(sources[i]),
            "the chain recorded no such record: it has " + std::to_string(m_.records.size()),
            history_hint());
      }
      const EvidenceRecord& recorded = m_.records[i];
      if (i >= sources.size() || recorded.kind != sources[i].kind ||
          recorded.source != source_of(sources[i])) {
        const std::string now =
            i < sources.size() ? sources[i].kind + " " + label(source_of(sources[i])) : "no record";
        return at_record(position, recorded.kind, recorded.source,
                         "the run now has " + now + " here", history_hint());
      }
      std::string bytes;
      if (sources[i].file.empty()) {
        bytes = recorded.kind == "run" ? run_bytes(run) : verification_bytes(run);
      } else {
        std::string why;
        auto content = read_evidence_file(sources[i].file, &why);
        if (!content) {
          return at_record(position, recorded.kind, recorded.source, "cannot read it: " + why,
                           "the " + recorded.kind +
                               " was moved or deleted after the run was recorded: put it back "
                               "from a backup");
        }
        bytes = std::move(*content);
      }
      const Digest content = sha256(bytes);
      const Digest hash = record_hash(previous, recorded.kind, bytes);
      if (content != recorded.content) {
        return at_record(position, recorded.kind, recorded.source,
                         "its SHA-256 is " + to_hex(content) + ", the chain recorded " +
                             to_hex(recorded.content),
                         sources[i].file.empty()
                             ? history_hint()
                             : "the " + recorded.kind +
                                   " changed after the run was recorded (an edit, a later run "
                                   "writing the same file, an old copy put back): compare it "
                                   "with an off-host copy, and give each run files of its own");
      }
      if (hash != recorded.hash) {
        return at_record(
            position, recorded.kind, recorded.source,
            "its chained hash is " + to_hex(hash) + ", the chain recorded " + to_hex(recorded.hash),
            history_hint());
      }
      previous = hash;
    }
    if (previous != m_.head) {
      return broken("manifest",
                    "at its manifest in the history: its chain head is " + to_hex(m_.head) +
                        ", its last record's hash is " + to_hex(previous),
                    history_hint());
    }
    return std::nullopt;
  }

  // The manifest file next to the journal, against the manifest in the history.
  std::optional<EvidenceBreak> manifest_file() const {
    if (m_.file.empty()) return std::nullopt;
    const std::string hint =
        "the manifest file was changed, moved or deleted after the run was recorded: compare it "
        "with an off-host copy; "
        "drsim evidence verify trusts the history's copy, the file is for auditors";
    std::string why;
    auto text = read_evidence_file(m_.file, &why);
    if (!text) return broken_file("cannot read it: " + why, hint);
    const Json got = Json::parse(*text, nullptr, false);
    if (got.is_discarded()) return broken_file("not JSON", hint);
    std::string got_text, want_text;
    const std::string at = first_difference(got, to_json(m_), "", &got_text, &want_text);
    if (at.empty()) return std::nullopt;
    return broken_file(at + " is " + got_text + ", the history recorded " + want_text, hint);
  }

  // The signature of the manifest, under `key`.
  std::optional<EvidenceBreak> signature(const PublicKey& key) const {
    const std::string named = key.path() + " (" + key.fingerprint() + ")";
    if (m_.signature.empty()) {
      return broken("signature", "at its signature: it is not signed",
                    "it was recorded without --sign-key, or its signature was removed");
    }
    if (m_.key_fingerprint != key.fingerprint()) {
      return broken(
          "signature",
          "at its signature: it was signed by the key " + m_.key_fingerprint + ", not by " + named,
          "give --public-key the public half of the key the drills sign with");
    }
    if (!key.verify(signed_statement(m_), m_.signature)) {
      return broken("signature",
                    "at its signature: the signature does not match its manifest under " + named,
                    "the manifest's heads or signature were changed after it was signed");
    }
    return std::nullopt;
  }

 private:
  std::string label(const std::string& source) const {
    return source == "history" ? "the history's run " + std::to_string(id_) : source;
  }
  static std::string source_of(const RecordSource& s) {
    return s.file.empty() ? "history" : s.file;
  }
  std::string history_hint() const {
    return "the history's rows of run " + std::to_string(id_) +
           " changed after it was recorded (by hand or by another program): compare them with a "
           "backup of the history";
  }
  EvidenceBreak broken(const std::string& at, const std::string& what,
                       const std::string& hint) const {
    EvidenceBreak b;
    b.run_id = id_;
    b.at = at;
    b.message = "evidence of run " + std::to_string(id_) + " is broken " + what;
    b.hint = hint;
    return b;
  }
  EvidenceBreak at_record(int position, const std::string& kind, const std::string& source,
                          const std::string& what, const std::string& hint) const {
    EvidenceBreak b = broken(
        "record",
        "at record " + std::to_string(position) + " (" + kind + " " + label(source) + "): " + what,
        hint);
    b.record = position;
    b.kind = kind;
    b.source = source;
    return b;
  }
  EvidenceBreak broken_file(const std::string& what, const std::string& hint) const {
    EvidenceBreak b = broken("manifest_file", "at its manifest " + m_.file + ": " + what, hint);
    b.source = m_.file;
    return b;
  }

  Store& store_;
  const std::vector<long long>& ids_;
  long long id_;
  const Manifest& m_;
};

}  // namespace

EvidenceReport verify_evidence(Store& store, const std::string& run_id, const PublicKey* key) {
  EvidenceReport report;
  report.history = store.path();
  report.run_id = run_id;
  if (key) report.public_key_fingerprint = key->fingerprint();
  const long long only = run_id.empty() ? 0 : store.run(run_id).id;
  const auto ids = store.run_ids();
  std::optional<Previous> previous;
  for (long long id : ids) {
    if (only && id > only) break;
    const auto m = store.manifest(id);
    if (only && id < only) {
      if (m) previous = Previous{id, m->head};
      continue;
    }
    RunEvidence run;
    run.run_id = id;
    run.state = EvidenceState::kIntact;
    if (!m) {
      if (!previous) {
        run.state = EvidenceState::kUnchained;
        report.runs.push_back(run);
        continue;
      }
      EvidenceBreak b;
      b.run_id = id;
      b.at = "manifest";
      b.message = "evidence of run " + std::to_string(id) +
                  " is broken at its manifest: the history holds none for it, though run " +
                  std::to_string(previous->id) + " before it is chained";
      b.hint = "its evidence rows were deleted: restore the history from a backup";
      run.state = EvidenceState::kBroken;
      report.runs.push_back(run);
      report.broken = b;
      break;
    }
    RunCheck check(store, ids, id, *m);
    auto b = check.link(previous);
    if (!b) b = check.records();
    if (!b) b = check.manifest_file();
    if (!b && key) b = check.signature(*key);
    run.records = m->records.size();
    run.head = to_hex(m->head);
    run.key_fingerprint = m->key_fingerprint;
    run.signature_checked = key && !b;
    if (b) {
      run.state = EvidenceState::kBroken;
      report.runs.push_back(run);
      report.broken = b;
      break;
    }
    report.runs.push_back(run);
    previous = Previous{id, m->head};
  }
  return report;
}

Json to_json(const EvidenceReport& report) {
  Json runs = Json::array();
  for (const auto& r : report.runs) {
    runs.push_back(
        {{"id", r.run_id},
         {"state", to_string(r.state)},
         {"records", r.records},
         {"head", r.head.empty() ? Json(nullptr) : Json(r.head)},
         {"key_fingerprint", r.key_fingerprint.empty() ? Json(nullptr) : Json(r.key_fingerprint)},
         {"signature_checked", r.signature_checked}});
  }
  Json broken = nullptr;
  if (report.broken) {
    const auto& b = *report.broken;
    broken = {{"run_id", b.run_id},
              {"at", b.at},
              {"record", b.record ? Json(b.record) : Json(nullptr)},
              {"kind", b.kind.empty() ? Json(nullptr) : Json(b.kind)},
              {"source", b.source.empty() ? Json(nullptr) : Json(b.source)},
              {"message", b.message},
              {"hint", b.hint}};
  }
  return {
      {"schema", "drsim.evidence-verify/1"},
      {"history", report.history},
      {"run_id", report.run_id.empty() ? Json(nullptr) : Json(report.run_id)},
      {"public_key_fingerprint",
       report.public_key_fingerprint.empty() ? Json(nullptr) : Json(report.public_key_fingerprint)},
      {"intact", !report.broken},
      {"runs", runs},
      {"broken", broken}};
}

const char* to_string(EvidenceState s) {
  switch (s) {
    case EvidenceState::kIntact:
      return "intact";
    case EvidenceState::kUnchained:
      return "unchained";
    case EvidenceState::kBroken:
      return "broken";
  }
  return "?";
}

}  // namespace drsim::history
