// Report rendering at scale: builds a synthetic `--all` result shaped like the 1,000-service
// benchmark model (3 regions x 3 zones, one vendor, corruption and dependency scenarios), then
// times each step from the result JSON to every report format and prints the sizes. The goal
// (issue 4): the HTML renders in under 5 s and stays under 20 MB.
//
// usage: report_bench [--services N] [--scenarios M] [--out DIR]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "reports/html_writer.hpp"
#include "reports/junit_writer.hpp"
#include "reports/markdown_writer.hpp"
#include "reports/report_model.hpp"
#include "reports/result_json.hpp"

namespace {

using drsim::Impact;
using drsim::RunResult;
using drsim::ScenarioResult;
using drsim::TargetResult;

// A deterministic stand-in for the engine's output: which services a scenario takes down
// follows the placement (service i lives in region i % 3, zone i % 9).
RunResult synthetic(int services, int scenarios) {
  RunResult r;
  r.model = "bench-" + std::to_string(services);
  r.model_source = "bench/models/large.yaml";
  r.model_checksum = "sha256:" + std::string(64, 'a');
  r.tool_version = "bench";
  r.seed = 1;
  for (int s = 0; s < scenarios; ++s) {
    ScenarioResult sc;
    int kind = s < 9 ? 0 : s < 12 ? 1 : s == 12 ? 2 : 3;  // az, region, vendor, corruption
    sc.cls = kind == 0 ? "az" : kind == 1 ? "region" : kind == 2 ? "vendor" : "corruption";
    sc.id = sc.cls + ":" +
            (kind == 0   ? "r" + std::to_string(s / 3) + "-z" + std::to_string(s % 3)
             : kind == 1 ? "r" + std::to_string(s - 9)
             : kind == 2 ? std::string("aws")
                         : "svc-" + std::to_string((s * 37) % services));
    sc.impact = kind == 2 ? Impact::kCatastrophic : Impact::kSevere;
    sc.recovery_process =
        "restore databases from cross-region snapshots, rebuild stateless "
        "services from IaC, fail queues over";
    sc.data_loss = "up to 24 h 10 min (daily snapshots)";
    sc.t0_s = 7800;
    sc.horizon_s = 259200;
    for (int i = 0; i < services; ++i) {
      TargetResult t;
      t.id = "svc-" + std::to_string(i);
      bool stateful = i % 4 == 0;
      bool hit = kind == 0   ? i % 9 == s
                 : kind == 1 ? i % 3 == s - 9
                 : kind == 2 ? true
                             : i == (s * 37) % services;
      double rto = 0, rpo = 0;
      if (hit) {
        t.down = true;
        double detect = 30, page = 330, decide = 3030;
        t.path.push_back({drsim::StepKind::kDetect, 0, detect, "health check 10 s x 3"});
        if (stateful) {
          t.path.push_back({drsim::StepKind::kPage, detect, page, "page on-call (5 min)"});
          t.path.push_back({drsim::StepKind::kDecide, page, decide, "decide to restore"});
          double restore = decide + 600 + 13.0 * i;
          t.path.push_back(
              {drsim::StepKind::kRestore, decide, restore, "500 GB over a shared 10 Gbps link"});
          t.path.push_back({drsim::StepKind::kReplay, restore, restore + 900, "replay WAL"});
          rto = restore + 900;
          rpo = kind == 3 ? 0.5 : 87000;
        } else {
          t.path.push_back(
              {drsim::StepKind::kRebuild, detect, detect + 1800, "terraform apply (30 min)"});
          t.path.push_back({drsim::StepKind::kDns, detect + 1800, detect + 1860, "TTL 60 s"});
          rto = detect + 1860;
        }
        if (kind == 2 && i % 10 == 0) t.recovered = false;
      }
      t.rto_s = t.recovered ? std::optional<double>(rto) : std::nullopt;
      t.rpo_s = rpo;
      std::optional<double> rto_target = i % 17 == 0 ? std::nullopt : std::optional<double>(14400);
      t.objectives.push_back(drsim::judge(drsim::ObjectiveKind::kRto, rto_target, t.rto_s, true));
      t.objectives.push_back(drsim::judge(drsim::ObjectiveKind::kRpo, 3600, t.rpo_s, stateful));
      sc.services.push_back(std::move(t));
    }
    r.scenarios.push_back(std::move(sc));
  }
  return r;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  int services = 1000, scenarios = 30;
  std::string out_dir = "report-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--services") services = std::atoi(argv[i + 1]);
    if (a == "--scenarios") scenarios = std::atoi(argv[i + 1]);
    if (a == "--out") out_dir = argv[i + 1];
  }
  std::filesystem::create_directories(out_dir);
  auto t = std::chrono::steady_clock::now();
  RunResult result = synthetic(services, scenarios);
  std::printf("synthetic result: %d services x %d scenarios (%.2f s)\n", services, scenarios,
              seconds_since(t));

  t = std::chrono::steady_clock::now();
  std::string json = drsim::reports::to_json(result).dump(2);
  std::ofstream(out_dir + "/result.json") << json << "\n";
  std::printf("to_json + dump:      %6.2f s  %8.2f MB\n", seconds_since(t),
              static_cast<double>(json.size()) / 1e6);

  t = std::chrono::steady_clock::now();
  RunResult loaded = drsim::reports::load_result(out_dir + "/result.json");
  std::printf("load_result:         %6.2f s\n", seconds_since(t));

  t = std::chrono::steady_clock::now();
  drsim::reports::ReportModel report = drsim::reports::build_report(loaded);
  std::printf("build_report:        %6.2f s\n", seconds_since(t));

  struct Writer {
    const char* name;
    const char* file;
    void (*write)(const drsim::reports::ReportModel&, std::ostream&);
  };
  for (const Writer& w : {Writer{"html", "report.html", drsim::reports::write_html},
                          Writer{"markdown", "report.md", drsim::reports::write_markdown},
                          Writer{"junit", "report.junit.xml", drsim::reports::write_junit}}) {
    t = std::chrono::steady_clock::now();
    std::ostringstream text;
    w.write(report, text);
    double elapsed = seconds_since(t);
    std::ofstream(out_dir + "/" + w.file) << text.str();
    std::printf("write %-13s %6.2f s  %8.2f MB\n", w.name, elapsed,
                static_cast<double>(text.str().size()) / 1e6);
  }
  return 0;
}
