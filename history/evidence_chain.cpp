#include "history/evidence_chain.hpp"

#include <openssl/evp.h>

#include <algorithm>

#include "model/errors.hpp"

namespace drsim::history {
namespace {

using Json = nlohmann::ordered_json;

// Compact, in key order as built; invalid UTF-8 becomes U+FFFD instead of throwing.
std::string canonical(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json opt(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }
Json opt(const std::optional<long long>& v) { return v ? Json(*v) : Json(nullptr); }
Json text_or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

void append_length(std::string& out, std::size_t n) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((static_cast<unsigned long long>(n) >> shift) & 0xff));
  }
}

}  // namespace

Digest sha256(const std::string& bytes) {
  Digest d{};
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), d.data(), &len, EVP_sha256(), nullptr) != 1 ||
      len != d.size()) {
    throw InternalError("SHA-256 failed in OpenSSL");
  }
  return d;
}

std::string to_hex(const std::string& bytes) {
  static const char* const kDigits = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 0xf]);
  }
  return hex;
}

std::string to_hex(const Digest& d) { return to_hex(std::string(d.begin(), d.end())); }

std::string bytes_of_hex(const std::string& hex) {
  if (hex.size() % 2 != 0) return {};
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int v = 0;
    for (char c : hex.substr(i, 2)) {
      const int x = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (x < 0) return {};
      v = v * 16 + x;
    }
    out.push_back(static_cast<char>(v));
  }
  return out;
}

std::optional<Digest> digest_of_hex(const std::string& hex) {
  const std::string bytes = bytes_of_hex(hex);
  if (bytes.size() != Digest().size()) return std::nullopt;
  Digest d{};
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

Digest genesis_head() { return Digest{}; }

std::string record_input(const Digest& previous, const std::string& kind,
                         const std::string& bytes) {
  std::string in(kEvidenceDomain);
  in.push_back('\0');
  in.append(previous.begin(), previous.end());
  append_length(in, kind.size());
  in += kind;
  append_length(in, bytes.size());
  in += bytes;
  return in;
}

Digest record_hash(const Digest& previous, const std::string& kind, const std::string& bytes) {
  return sha256(record_input(previous, kind, bytes));
}

std::vector<RecordSource> record_sources(const RunRecord& run) {
  std::vector<RecordSource> out;
  if (!run.journal_file.empty()) out.push_back({"journal", run.journal_file});
  if (!run.result_file.empty()) out.push_back({"result", run.result_file});
  out.push_back({"verification", ""});
  out.push_back({"run", ""});
  return out;
}

std::string verification_bytes(const RunRecord& run) {
  Json tables = Json::array();
  for (const auto& t : run.tables) {
    tables.push_back({{"database", t.database},
                      {"table", t.table},
                      {"source_rows", opt(t.source_rows)},
                      {"source_checksum", t.source_checksum},
                      {"restored_rows", opt(t.restored_rows)},
                      {"restored_checksum", t.restored_checksum}});
  }
  return canonical({{"schema", "drsim.evidence-verification/1"},
                    {"tables", tables},
                    {"evidence", run.evidence}});
}

std::string run_bytes(const RunRecord& run) {
  Json objectives = Json::array();
  for (const auto& o : run.objectives) {
    objectives.push_back({{"kind", o.kind},
                          {"target_s", opt(o.target_s)},
                          {"achieved_s", opt(o.achieved_s)},
                          {"verdict", o.verdict}});
  }
  Json steps = Json::array();
  for (const auto& s : run.steps) {
    steps.push_back({{"name", s.name},
                     {"status", s.status},
                     {"begin_at", s.begin_at},
                     {"end_at", text_or_null(s.end_at)},
                     {"begin_s", s.begin_s},
                     {"end_s", opt(s.end_s)},
                     {"detail", s.detail},
                     {"error", s.error}});
  }
  return canonical({{"schema", "drsim.evidence-run/1"},
                    {"id", run.id},
                    {"drill_run_id", run.drill_run_id},
                    {"drill", run.drill},
                    {"target", run.target},
                    {"method", run.method},
                    {"status", run.status},
                    {"started_at", run.started_at},
                    {"ended_at", run.ended_at},
                    {"drsim_version", run.drsim_version},
                    {"spec_file", run.spec_file},
                    {"spec_checksum", run.spec_checksum},
                    {"max_age_s", opt(run.max_age_s)},
                    {"t0_s", opt(run.t0_s)},
                    {"rto_s", opt(run.rto_s)},
                    {"rpo_s", opt(run.rpo_s)},
                    {"impact", run.impact},
                    {"recovery_process", run.recovery_process},
                    {"data_loss", run.data_loss},
                    {"journal_file", text_or_null(run.journal_file)},
                    {"result_file", text_or_null(run.result_file)},
                    {"objectives", objectives},
                    {"steps", steps},
                    {"findings", run.findings},
                    {"notes", run.notes}});
}

std::string signed_statement(const Manifest& m) {
  return std::string(kEvidenceDomain) + "\nrun " + std::to_string(m.run_id) + "\nprevious_run " +
         (m.previous_run ? std::to_string(*m.previous_run) : std::string("none")) +
         "\nprevious_head " + to_hex(m.previous_head) + "\nhead " + to_hex(m.head) + "\n";
}

Json to_json(const Manifest& m) {
  Json records = Json::array();
  for (std::size_t i = 0; i < m.records.size(); ++i) {
    const auto& r = m.records[i];
    records.push_back({{"position", i + 1},
                       {"kind", r.kind},
                       {"source", r.source},
                       {"content_sha256", to_hex(r.content)},
                       {"hash", to_hex(r.hash)}});
  }
  Json signature = nullptr;
  if (!m.signature.empty()) {
    signature = {{"algorithm", "ed25519"},
                 {"key_fingerprint", m.key_fingerprint},
                 {"statement", signed_statement(m)},
                 {"value", to_hex(m.signature)}};
  }
  return {{"schema", "drsim.evidence-manifest/1"},
          {"run_id", m.run_id},
          {"drill_run_id", m.drill_run_id},
          {"previous_run", m.previous_run ? Json(*m.previous_run) : Json(nullptr)},
          {"previous_head", to_hex(m.previous_head)},
          {"records", records},
          {"head", to_hex(m.head)},
          {"signature", signature}};
}

Manifest chain_run(const RunRecord& run, std::optional<long long> previous_run,
                   const Digest& previous_head, const std::vector<std::string>& bytes_of) {
  const auto sources = record_sources(run);
  if (bytes_of.size() != sources.size()) throw InternalError("chain_run: one text per record");
  Manifest m;
  m.run_id = run.id;
  m.drill_run_id = run.drill_run_id;
  m.previous_run = previous_run;
  m.previous_head = previous_head;
  Digest previous = previous_head;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    EvidenceRecord r;
    r.kind = sources[i].kind;
    r.source = sources[i].file.empty() ? "history" : sources[i].file;
    r.content = sha256(bytes_of[i]);
    r.hash = record_hash(previous, r.kind, bytes_of[i]);
    previous = r.hash;
    m.records.push_back(std::move(r));
  }
  m.head = previous;
  return m;
}

}  // namespace drsim::history
