// The writers of a Calibration (history/calibration.hpp): JSON, the text and Markdown table, and
// the overlay of calibrated figures. The figures are decided by calibrate(); these only lay out.
#include <cmath>
#include <cstdio>
#include <sstream>

#include "history/calibration.hpp"
#include "model/printable.hpp"
#include "model/units.hpp"
#include "reports/escape.hpp"
#include "reports/text_table.hpp"

namespace drsim::history {
namespace {

const char* unit_of(Figure f) {
  if (f == Figure::kRestoredSize) return "bytes";
  if (f == Figure::kRestoreRate) return "bytes/s";
  return "s";
}

// "12.3 MB", "412 MB/s", "1.203 s" (under a minute, to the millisecond), "10 min".
std::string value_text(Figure f, std::optional<double> v) {
  if (!v) return "-";
  if (f == Figure::kRestoredSize) return units::format_bytes(*v);
  if (f == Figure::kRestoreRate) return units::format_bytes(*v) + "/s";
  return *v < 60 ? units::format_measured(*v) : units::format_duration(*v);
}

// "+47 %", "-3.2 %": whole percents from 10 % on.
std::string drift_text(std::optional<double> drift) {
  if (!drift) return "-";
  const double pct = *drift * 100;
  char buf[48];
  std::snprintf(buf, sizeof buf, std::fabs(pct) >= 10 ? "%+.0f %%" : "%+.1f %%", pct);
  return buf;
}

std::string runs_text(const std::vector<long long>& ids) {
  std::string out;
  for (long long id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
  return out;
}

const std::vector<long long>& runs_of(const ServiceCalibration& s, Figure f) {
  return f == Figure::kPromotion ? s.failover_runs : s.restore_runs;
}

enum class OverlayUnit { kBytes, kSeconds, kShare };

// A value in the overlay: bytes whole, a duration to the millisecond, a share to 4 significant
// digits.
std::string yaml_number(double v, OverlayUnit unit) {
  char buf[64];
  switch (unit) {
    case OverlayUnit::kBytes:
      std::snprintf(buf, sizeof buf, "%.0f B", v);
      break;
    case OverlayUnit::kSeconds:
      std::snprintf(buf, sizeof buf, "%.3f s", v);
      break;
    case OverlayUnit::kShare:
      std::snprintf(buf, sizeof buf, "%.4g", v);
      break;
  }
  return buf;
}

// One value, or `{samples: [...]}` for several.
std::string yaml_values(const std::vector<double>& values, OverlayUnit unit) {
  if (values.size() == 1) return yaml_number(values.front(), unit);
  std::string out = "{samples: [";
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += (i ? ", " : "") + yaml_number(values[i], unit);
  }
  return out + "]}";
}

}  // namespace

nlohmann::ordered_json to_json(const Calibration& c, const std::string& model_source,
                               const std::string& history) {
  auto number = [](std::optional<double> v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
  };
  nlohmann::ordered_json services = nlohmann::ordered_json::array();
  for (const ServiceCalibration& s : c.services) {
    nlohmann::ordered_json figures = nlohmann::ordered_json::array();
    for (const FigureRow& r : s.figures) {
      figures.push_back({{"figure", to_string(r.figure)},
                         {"unit", unit_of(r.figure)},
                         {"model", number(r.model)},
                         {"measured", number(r.measured)},
                         {"samples", r.samples},
                         {"drift", number(r.drift)},
                         {"runs", runs_of(s, r.figure)}});
    }
    nlohmann::ordered_json calibrated = nlohmann::ordered_json::object();
    if (s.size) calibrated["data_size"] = *s.size;
    if (!s.overhead.empty()) calibrated["restore_overhead"] = s.overhead;
    if (!s.throughput.empty()) calibrated["restore_throughput"] = s.throughput;
    if (!s.promotion.empty()) calibrated["promotion"] = s.promotion;
    services.push_back({{"service", s.service},
                        {"figures", figures},
                        {"calibrated", calibrated},
                        {"notes", s.notes}});
  }
  return {{"schema", "drsim.calibration/1"},
          {"model_source", model_source},
          {"history", history},
          {"last", c.last},
          {"services", services},
          {"not_in_model", c.not_in_model}};
}

std::string calibration_text(const Calibration& c, const std::string& model_source,
                             const std::string& history, bool markdown) {
  std::ostringstream out;
  const std::string intro = "Calibration of " + printable(model_source) + " from " +
                            printable(history) + ": the last " + std::to_string(c.last) +
                            " passed runs per service and kind; drift = (model - measured) / "
                            "measured.";
  const std::vector<std::string> header{"service", "figure", "model", "measured", "drift", "runs"};
  std::vector<std::vector<std::string>> rows;
  for (const ServiceCalibration& s : c.services) {
    for (const FigureRow& r : s.figures) {
      rows.push_back({s.service, label(r.figure), value_text(r.figure, r.model),
                      value_text(r.figure, r.measured), drift_text(r.drift),
                      runs_text(runs_of(s, r.figure))});
    }
  }
  std::vector<std::string> notes;
  for (const ServiceCalibration& s : c.services)
    notes.insert(notes.end(), s.notes.begin(), s.notes.end());
  if (!c.not_in_model.empty()) {
    std::string list;
    for (const std::string& t : c.not_in_model) list += (list.empty() ? "" : ", ") + t;
    notes.push_back("drilled, but no service of the model: " + list);
  }
  if (c.services.empty()) {
    notes.push_back(
        "no passed drill in the history restores a service of the model; a drill's "
        "`service:` must be the model's service id");
  }
  if (markdown) {
    out << "## Calibration\n\n" << reports::markdown_cell(intro) << "\n\n";
    if (!rows.empty()) {
      out << "| service | figure | model | measured | drift | runs "
             "|\n|---|---|---:|---:|---:|---|\n";
      for (const auto& row : rows) {
        out << "|";
        for (const auto& cell : row) out << " " << reports::markdown_cell(cell) << " |";
        out << "\n";
      }
      out << "\n";
    }
    for (const auto& n : notes) out << "* " << reports::markdown_cell(n) << "\n";
    return out.str();
  }
  out << intro << "\n\n";
  if (!rows.empty()) {
    reports::TextTable table(header);
    for (auto& row : rows) table.add(std::move(row));
    table.print(out);
  }
  if (!notes.empty()) {
    out << "\n";
    for (const auto& n : notes) out << "note: " << printable(n) << "\n";
  }
  return out.str();
}

std::string calibration_overlay(const Calibration& c, const std::string& model_source,
                                const std::string& history) {
  std::ostringstream out;
  bool any = false;
  for (const ServiceCalibration& s : c.services) {
    const bool restore = !s.overhead.empty() || !s.throughput.empty();
    if (!restore && !s.size && s.promotion.empty()) continue;
    if (!any) {
      out << "# drsim calibrate: the figures drills measured, as an overlay of "
          << printable(model_source) << "\n# (drsim simulate MODEL --overlay THIS_FILE). From "
          << printable(history) << "; docs/history.md \"Calibration\".\n"
          << "# A throughput is a share of this model's route: apply it to this model.\n"
          << "services:\n";
      any = true;
    }
    out << "  - id: " << nlohmann::json(s.service).dump() << "\n";
    if (s.size) {
      out << "    data: {size: " << yaml_number(*s.size, OverlayUnit::kBytes)
          << "}   # the newest restore's bytes\n";
    }
    const std::size_t runs = s.restore_runs.size() + s.failover_runs.size();
    out << "    recovery:   # run" << (runs == 1 ? " " : "s ") << runs_text(s.restore_runs)
        << (s.restore_runs.empty() || s.failover_runs.empty() ? "" : "; ")
        << runs_text(s.failover_runs) << "\n";
    if (restore) {
      out << "      restore:\n";
      if (!s.overhead.empty()) {
        out << "        overhead: " << yaml_values(s.overhead, OverlayUnit::kSeconds) << "\n";
      }
      if (!s.throughput.empty()) {
        out << "        throughput: " << yaml_values(s.throughput, OverlayUnit::kShare) << "\n";
      }
    }
    if (!s.promotion.empty()) {
      // `mode` is required inside `failover`: the model's own, kept.
      out << "      failover: {mode: " << s.failover_mode
          << ", promotion: " << yaml_values(s.promotion, OverlayUnit::kSeconds) << "}\n";
    }
  }
  return out.str();
}

}  // namespace drsim::history
