#include "cli/history_text.hpp"

#include <cctype>
#include <optional>
#include <sstream>

#include "history/timestamp.hpp"
#include "model/printable.hpp"
#include "model/units.hpp"
#include "reports/text_table.hpp"

namespace drsim::cli {
namespace {

// A stored time cut to the second for tables ("2026-11-20T03:00:00Z").
std::string short_time(const std::string& at) {
  auto s = history::parse_timestamp(at);
  return s ? history::format_timestamp(*s, false) : at;
}

// A table's lines, each indented by `indent`.
std::string indented(const reports::TextTable& table, const std::string& indent) {
  std::ostringstream lines;
  table.print(lines);
  std::istringstream in(lines.str());
  std::string out, line;
  while (std::getline(in, line)) out += indent + line + "\n";
  return out;
}

std::string objective_text(const history::RunRecord& run, const std::string& kind) {
  for (const auto& o : run.objectives) {
    if (o.kind != kind) continue;
    return units::format_measured(o.achieved_s) + ", objective " +
           (o.target_s ? units::format_duration(*o.target_s) : std::string("none")) + ": " +
           o.verdict;
  }
  return units::format_measured(kind == "rto" ? run.rto_s : run.rpo_s);
}

}  // namespace

std::string runs_text(const std::vector<history::RunRecord>& runs, const std::string& path) {
  if (runs.empty()) return "no drill runs recorded in " + printable(path) + "\n";
  reports::TextTable table({"ID", "STARTED", "TARGET", "DRILL", "METHOD", "RTO", "RPO", "VERDICT"});
  for (const auto& r : runs) {
    table.add({std::to_string(r.id), short_time(r.started_at), r.target, r.drill, r.method,
               units::format_measured(r.rto_s), units::format_measured(r.rpo_s), r.status});
  }
  std::ostringstream out;
  table.print(out);
  return out.str();
}

std::string run_text(const history::RunRecord& r) {
  std::ostringstream out;
  out << "run " << r.id << ": drill " << printable(r.drill) << " of " << printable(r.target) << " ("
      << printable(r.method) << "): " << printable(r.status) << "\n";
  auto line = [&](const char* key, const std::string& value) {
    out << "  " << key << std::string(16 - std::string(key).size(), ' ') << printable(value)
        << "\n";
  };
  line("drill run id:", r.drill_run_id.empty() ? "none" : r.drill_run_id);
  line("started:", r.started_at);
  line("ended:", r.ended_at);
  line("drsim:", r.drsim_version);
  line("drill file:", r.spec_file + " (" + r.spec_checksum + ")");
  line("max age:", r.max_age_s ? units::format_duration(*r.max_age_s) : "none given");
  line("rto:", objective_text(r, "rto"));
  line("rpo:", objective_text(r, "rpo"));
  line("impact:", r.impact);
  line("recovery:", r.recovery_process);
  line("data loss:", r.data_loss);
  line("journal:", r.journal_file.empty() ? "not written" : r.journal_file);
  line("result:", r.result_file.empty() ? "not written" : r.result_file);

  out << "\nsteps:\n";
  reports::TextTable steps({"STEP", "STATUS", "BEGIN", "DURATION", "DETAIL"});
  for (const auto& s : r.steps) {
    std::string detail = s.detail.empty()  ? s.error
                         : s.error.empty() ? s.detail
                                           : s.detail + "; " + s.error;
    steps.add({s.name, s.status, units::format_measured(s.begin_s),
               units::format_measured(s.duration_s()), detail});
  }
  out << indented(steps, "  ");
  if (!r.tables.empty()) {
    out << "\ntables compared with the source:\n";
    reports::TextTable tables({"DATABASE", "TABLE", "SOURCE ROWS", "RESTORED ROWS",
                               "SOURCE CHECKSUM", "RESTORED CHECKSUM"});
    auto count = [](const std::optional<long long>& c) {
      return c ? std::to_string(*c) : std::string("none");
    };
    for (const auto& t : r.tables) {
      tables.add({t.database, t.table, count(t.source_rows), count(t.restored_rows),
                  t.source_checksum, t.restored_checksum.empty() ? "none" : t.restored_checksum});
    }
    out << indented(tables, "  ");
  }
  if (!r.evidence.empty()) {
    out << "\nevidence:\n";
    for (const auto& [key, value] : r.evidence.items()) {
      out << "  " << printable(key) << ": " << printable(value.dump()) << "\n";
    }
  }
  for (const auto& [title, texts] :
       {std::make_pair("findings", &r.findings), std::make_pair("notes", &r.notes)}) {
    if (texts->empty()) continue;
    out << "\n" << title << ":\n";
    for (const auto& t : *texts) out << "  - " << printable(t) << "\n";
  }
  return out.str();
}

std::string targets_text(const std::vector<history::TargetTrend>& trends, const std::string& path,
                         const std::string& now, int last, bool colour) {
  std::ostringstream out;
  if (trends.empty()) return "no drill runs recorded in " + printable(path) + "\n";
  int attention = 0;
  for (const auto& t : trends) attention += t.needs_attention() ? 1 : 0;
  out << "drill history " << printable(path) << " at " << now << ": " << trends.size()
      << (trends.size() == 1 ? " target, " : " targets, ") << attention
      << (attention == 1 ? " needs" : " need") << " attention; percentiles over the last " << last
      << " completed runs of each\n";
  reports::TextTable table({"TARGET", "RUNS", "LAST RUN", "RESULT", "LAST SUCCESS", "AGE",
                            "MAX AGE", "RTO P50", "RTO P95", "RPO P50", "RPO P95", "STATE"});
  for (const auto& t : trends) {
    auto figure = [&](const std::optional<double>& v) {
      return t.trend_runs == 0 ? std::string("-") : units::format_measured(v);
    };
    std::string state;
    if (t.stale) state = "STALE";
    if (t.last_run_failed) {
      std::string status = t.last_run.status;
      for (auto& c : status) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      state += (state.empty() ? "" : ", ") + std::string("LAST RUN ") + status;
    }
    table.add({t.target, std::to_string(t.runs), short_time(t.last_run.started_at),
               t.last_run.status, t.last_success ? short_time(t.last_success->started_at) : "never",
               t.age_s ? units::format_duration(*t.age_s) : "never verified",
               units::format_duration(t.max_age_s) + (t.max_age_default ? " (default)" : ""),
               figure(t.rto_p50_s), figure(t.rto_p95_s), figure(t.rpo_p50_s), figure(t.rpo_p95_s),
               state.empty() ? "ok" : state});
  }
  std::ostringstream rows;
  table.print(rows);
  std::istringstream in(rows.str());
  std::string line;
  std::getline(in, line);
  out << line << "\n";
  for (const auto& t : trends) {
    std::getline(in, line);
    const bool red = colour && t.needs_attention();
    out << (red ? "\x1b[31m" : "") << line << (red ? "\x1b[0m" : "") << "\n";
  }
  return out.str();
}

}  // namespace drsim::cli
