// `drsim history list|show|targets` on histories filled from fixed results: the six runs of
// tests/data/history/runs.json (three targets; passed, failed and interrupted runs, each a
// drsim.result/1 result with its journal, as `drsim drill run` records them). Ages are taken at a
// fixed --now; whole outputs are compared with tests/history/golden/ (the temporary history's
// path written as HISTORY), and every error with its whole text.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "drills/runner.hpp"
#include "history/store.hpp"
#include "reports/result_json.hpp"
#include "scratch_dir.hpp"

using namespace drsim;
using drsim::test::ScratchDir;

namespace {

const std::string kNow = "2026-12-01T00:00:00Z";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Ran {
  int exit = -1;
  std::string out, err;
};

// Runs drsim with `args`, its standard output and error to files in `dir`.
Ran run_drsim(const ScratchDir& dir, const std::vector<std::string>& args) {
  const std::string out = dir.file("stdout"), err = dir.file("stderr");
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(::open(out.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644), 1);
    ::dup2(::open(err.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644), 2);
    std::vector<std::string> copy = args;
    std::vector<char*> argv{const_cast<char*>(DRSIM_EXE)};
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(DRSIM_EXE, argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), read_file(out),
          read_file(err)};
}

// A new history in `dir` holding the runs of runs.json at the 1-based `positions`, recorded in
// that order as `drsim drill run` records an outcome.
std::string fill(const ScratchDir& dir, const std::vector<int>& positions) {
  const std::string file = DRSIM_SOURCE_DIR "/tests/data/history/runs.json";
  const auto runs = nlohmann::ordered_json::parse(read_file(file));
  const std::string path = dir.file("history.sqlite");
  auto store = history::Store::for_recording(path);
  for (int p : positions) {
    const auto& run = runs.at(static_cast<std::size_t>(p - 1));
    drills::DrillOutcome o;
    o.result = reports::result_from_json(run["result"], file);
    o.journal = run["journal"];
    o.findings = run["journal"]["findings"].get<std::vector<std::string>>();
    o.passed = run["journal"]["status"] == "passed";
    std::optional<double> max_age;
    if (run["max_age_s"].is_number()) max_age = run["max_age_s"].get<double>();
    store.record(history::record_of(o, max_age, {run["journal_file"], run["result_file"]}));
  }
  return path;
}

// `text` with every `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Compares `actual` (the history's path written as HISTORY) with golden file `name`;
// DRSIM_UPDATE_GOLDEN=1 rewrites the file instead.
void golden(const std::string& name, const std::string& actual, const std::string& history) {
  const std::string file = DRSIM_SOURCE_DIR "/tests/history/golden/" + name;
  const std::string text = replaced(actual, history, "HISTORY");
  if (std::getenv("DRSIM_UPDATE_GOLDEN")) std::ofstream(file, std::ios::binary) << text;
  INFO("golden file " << file);
  CHECK(text == read_file(file));
}

}  // namespace

TEST_CASE("history cli: list prints one line per run, newest first, by target and limit",
          "[history][cli]") {
  ScratchDir dir;
  const std::string h = fill(dir, {1, 2, 3, 4, 5, 6});
  Ran all = run_drsim(dir, {"history", "list", "--history", h});
  CHECK(all.exit == 0);
  CHECK(all.err.empty());
  golden("list.txt", all.out, h);
  Ran some =
      run_drsim(dir, {"history", "list", "--history", h, "--target", "orders-db", "--limit", "2"});
  CHECK(some.exit == 0);
  golden("list-orders-2.txt", some.out, h);
  Ran json = run_drsim(dir, {"history", "list", "--history", h, "-f", "json", "--limit", "2"});
  CHECK(json.exit == 0);
  golden("list.json", json.out, h);
}

TEST_CASE("history cli: show prints everything recorded of one run", "[history][cli]") {
  ScratchDir dir;
  const std::string h = fill(dir, {1, 2, 3, 4, 5, 6});
  Ran failed = run_drsim(dir, {"history", "show", "4", "--history", h});
  CHECK(failed.exit == 0);
  CHECK(failed.err.empty());
  golden("show-4.txt", failed.out, h);
  Ran stopped = run_drsim(dir, {"history", "show", "5", "--history", h});
  CHECK(stopped.exit == 0);
  golden("show-5.txt", stopped.out, h);
  Ran json = run_drsim(dir, {"history", "show", "6", "--history", h, "-f", "json"});
  CHECK(json.exit == 0);
  golden("show-6.json", json.out, h);
}

TEST_CASE("history cli: targets marks a stale target and a failed last run and exits 1",
          "[history][cli]") {
  ScratchDir dir;
  const std::string h = fill(dir, {1, 2, 3, 4, 5, 6});
  Ran text = run_drsim(dir, {"history", "targets", "--history", h, "--now", kNow});
  CHECK(text.exit == 1);
  CHECK(text.err.empty());
  golden("targets.txt", text.out, h);
  CHECK(text.out.find('\x1b') == std::string::npos);  // not a terminal: no colour
  Ran json = run_drsim(dir, {"history", "targets", "--history", h, "--now", kNow, "-f", "json"});
  CHECK(json.exit == 1);
  golden("targets.json", json.out, h);
  // --last 2: orders-db's percentiles over runs 4 and 3 only (RTO 35.000 s and 29.400 s).
  Ran last = run_drsim(
      dir, {"history", "targets", "--history", h, "--now", kNow, "--last", "2", "-f", "json"});
  const auto orders = nlohmann::json::parse(last.out)["targets"][1];
  CHECK(orders["target"] == "orders-db");
  CHECK(orders["trend_runs"] == 2);
  CHECK(orders["rto"]["p50_s"] == 29.4);
  CHECK(orders["rto"]["p95_s"] == 35.0);
  CHECK(orders["rpo"]["p50_s"] == 0.7);
  CHECK(orders["rpo"]["p95_s"].is_null());
}

TEST_CASE("history cli: targets exits 0 when every target is fresh and its last run passed",
          "[history][cli]") {
  ScratchDir dir;
  const std::string h = fill(dir, {5, 6});
  Ran ok = run_drsim(dir, {"history", "targets", "--history", h, "--now", kNow});
  CHECK(ok.exit == 0);
  golden("targets-fresh.txt", ok.out, h);
  // Eight days later the 7 d max_age of search-db has passed.
  Ran later =
      run_drsim(dir, {"history", "targets", "--history", h, "--now", "2026-12-08T02:00:00Z"});
  CHECK(later.exit == 1);
  CHECK(later.out.find("  STALE\n") != std::string::npos);
  // Without --now, ages are taken at SOURCE_DATE_EPOCH (the test sets 2026-11-22T03:00:00Z).
  Ran epoch = run_drsim(dir, {"history", "targets", "--history", h});
  CHECK(epoch.out.rfind("drill history " + h + " at 2026-11-22T03:00:00Z: ", 0) == 0);
}

TEST_CASE("history cli: on a terminal a target needing attention is a red line", "[history][cli]") {
  ScratchDir dir;
  const std::string h = fill(dir, {2, 5, 6});
  const std::string command = std::string("TERM=xterm script -qec '") + DRSIM_EXE +
                              " history targets --history " + h + " --now " + kNow + "' " +
                              dir.file("typescript") + " > " + dir.file("tty");
  CHECK(std::system(command.c_str()) != 0);  // exit 1 passed through by script -e
  const std::string out = read_file(dir.file("tty"));
  INFO(out);
  CHECK(out.find("\x1b[31mbilling-db  1     2026-10-15T02:00:00Z  passed") != std::string::npos);
  CHECK(out.find("STALE\x1b[0m") != std::string::npos);
  CHECK(out.find("\nsearch-db   2 ") != std::string::npos);  // fresh: no colour
}

TEST_CASE("history cli: an empty history lists nothing and needs no attention", "[history][cli]") {
  ScratchDir dir;
  const std::string h = fill(dir, {});
  Ran list = run_drsim(dir, {"history", "list", "--history", h});
  CHECK(list.exit == 0);
  CHECK(list.out == "no drill runs recorded in " + h + "\n");
  Ran targets = run_drsim(dir, {"history", "targets", "--history", h, "--now", kNow});
  CHECK(targets.exit == 0);
  CHECK(targets.out == "no drill runs recorded in " + h + "\n");
}

TEST_CASE("history cli: metrics are the history in Prometheus' text format", "[history][cli]") {
  ScratchDir dir;
  const std::string h = fill(dir, {1, 2, 3, 4, 5, 6});
  Ran metrics = run_drsim(
      dir, {"history", "metrics", "--history", h, "--now", kNow, "-o", dir.file("drsim.prom")});
  CHECK(metrics.exit == 0);
  CHECK(metrics.err.empty());
  const std::string text = read_file(dir.file("drsim.prom"));
  golden("metrics.prom", text, h);
  // promtool, Prometheus' own checker, parses it and finds nothing to lint.
  const std::string checked = dir.file("promtool");
  CHECK(
      std::system(("promtool check metrics < " + dir.file("drsim.prom") + " > " + checked + " 2>&1")
                      .c_str()) == 0);
  CHECK(read_file(checked).empty());
  // The Prometheus client's parser reads back the values `history targets` gives.
  const std::string parsed = dir.file("parsed");
  REQUIRE(std::system(("/usr/bin/python3 " DRSIM_SOURCE_DIR "/tests/history/parse_metrics.py " +
                       dir.file("drsim.prom") + " > " + parsed)
                          .c_str()) == 0);
  const std::string samples = read_file(parsed);
  for (const char* line : {
           "drsim_drill_runs{target=\"orders-db\"} 3.0",
           "drsim_drill_last_run_passed{target=\"orders-db\"} 0.0",
           "drsim_drill_stale{target=\"billing-db\"} 1.0",
           "drsim_drill_stale{target=\"search-db\"} 0.0",
           "drsim_drill_last_rto_seconds{target=\"orders-db\"} 35.0",
           "drsim_drill_recent_rto_seconds{percentile=\"50\",target=\"orders-db\"} 32.2",
           "drsim_drill_max_age_seconds{target=\"search-db\"} 604800.0",
           "drsim_drill_metrics_timestamp_seconds{} 1796083200.0",
       }) {
    INFO(line << " in\n" << samples);
    CHECK(samples.find(std::string(line) + "\n") != std::string::npos);
  }
}

TEST_CASE("history cli: evidence report maps the period's drills and simulations to controls",
          "[history][cli]") {
  ScratchDir dir;
  const std::string h = fill(dir, {1, 2, 3, 4, 5, 6});
  const std::string sim = DRSIM_SOURCE_DIR "/tests/cli/simulate/seed-004-hardware.json";
  Ran md = run_drsim(dir, {"evidence", "report", "--history", h, "--from", "2026-10-01", "--to",
                           "2026-11-30", "--simulation", sim});
  CHECK(md.exit == 1);  // orders-db's last drill failed, billing-db's restore is over 35 d old
  CHECK(md.err.empty());
  golden("controls.md", replaced(md.out, DRSIM_SOURCE_DIR, "SOURCE"), h);
  Ran html = run_drsim(dir, {"evidence", "report", "--history", h, "--from", "2026-10-01", "--to",
                             "2026-11-30", "-f", "html", "-o", dir.file("controls.html")});
  CHECK(html.exit == 1);
  const std::string page = read_file(dir.file("controls.html"));
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find("<h2>ISO/IEC 27001:2022 A.8.13: Information backup</h2>") != std::string::npos);
  // Only search-db's drills fall in the last week of November, and both of them passed.
  Ran week = run_drsim(dir, {"evidence", "report", "--history", h, "--from", "2026-11-24", "--to",
                             "2026-11-30T23:59:59Z"});
  CHECK(week.out.find("; 2 pieces of evidence in the period;") != std::string::npos);
  CHECK(week.out.find("* orders-db: no restore drill between 2026-11-24T00:00:00Z and "
                      "2026-11-30T23:59:59Z\n") != std::string::npos);

  Ran bad = run_drsim(
      dir, {"evidence", "report", "--history", h, "--from", "October", "--to", "2026-11-30"});
  CHECK(bad.exit == 2);
  CHECK(bad.err ==
        "<command line>: error: --from: expected a day such as 2026-10-01 or an ISO "
        "8601 UTC time such as 2026-10-01T00:00:00Z, got 'October'\n"
        "  hint: write the day as YYYY-MM-DD, e.g. --from 2026-10-01\n");
  Ran backwards = run_drsim(
      dir, {"evidence", "report", "--history", h, "--from", "2026-11-30", "--to", "2026-10-01"});
  CHECK(backwards.exit == 2);
  CHECK(backwards.err ==
        "<command line>: error: --to: the period ends before it starts\n"
        "  hint: give --to a day on or after --from\n");
}

TEST_CASE("history cli: errors say where and what to do", "[history][cli]") {
  ScratchDir dir;
  const std::string h = fill(dir, {1});
  Ran unknown = run_drsim(dir, {"history", "show", "9", "--history", h});
  CHECK(unknown.exit == 2);
  CHECK(unknown.out.empty());
  CHECK(unknown.err == "<command line>: error: RUN_ID: no run 9 in the drill history " + h +
                           "\n  hint: drsim history list --history " + h +
                           " shows the id of every run\n");

  const std::string none = dir.file("none.sqlite");
  Ran missing = run_drsim(dir, {"history", "targets", "--history", none});
  CHECK(missing.exit == 3);
  CHECK(missing.err == none +
                           ": error: /: no drill history here: the file does not exist\n"
                           "  hint: drsim drill run records every run in it (unless given "
                           "--no-history): run a drill first, or give --history the file your "
                           "drills record to\n");

  const std::string text = dir.file("runs.txt");
  std::ofstream(text) << "run 1: fine\n";
  Ran corrupt = run_drsim(dir, {"history", "list", "--history", text});
  CHECK(corrupt.exit == 3);
  CHECK(corrupt.err == text +
                           ": error: /: not a drsim drill history: file is not a database\n"
                           "  hint: drsim keeps its drill history in an SQLite file of its own: "
                           "give --history a file that drsim drill run wrote, or a path that does "
                           "not exist yet\n");

  // drill run opens the history first: a bad one stops the drill before it touches anything
  // (this drill's source, db1.internal, would fail preflight with exit 4).
  Ran drill = run_drsim(
      dir,
      {"drill", "run", DRSIM_SOURCE_DIR "/examples/drills/orders-logical.yaml", "--history", text});
  CHECK(drill.exit == 3);
  CHECK(drill.out.empty());
  CHECK(drill.err == corrupt.err);

  Ran now = run_drsim(dir, {"history", "targets", "--history", h, "--now", "2026-12-01 00:00"});
  CHECK(now.exit == 2);
  CHECK(now.err ==
        "<command line>: error: --now: expected an ISO 8601 UTC time such as "
        "2026-12-01T00:00:00Z, got '2026-12-01 00:00'\n"
        "  hint: write the date, 'T', the time and 'Z' (UTC), e.g. --now 2026-12-01T06:30:00Z\n");

  Ran both = run_drsim(dir, {"drill", "run", "x.yaml", "--history", h, "--no-history"});
  CHECK(both.exit == 2);
  CHECK(both.err.find("--history excludes --no-history") != std::string::npos);
}

TEST_CASE(
    "history cli: calibrate sets the drills' figures beside the model's and writes an "
    "overlay simulate applies",
    "[history][cli][calibration]") {
  ScratchDir dir;
  const std::string h = fill(dir, {1, 2, 3, 4, 5, 6});
  const std::string model = DRSIM_SOURCE_DIR "/tests/data/history/estate.yaml";
  const std::string overlay = dir.file("calibrated.yaml");
  Ran text = run_drsim(dir, {"calibrate", model, "--history", h, "--overlay-out", overlay});
  CHECK(text.exit == 0);
  CHECK(text.err.empty());
  golden("calibrate.txt", replaced(text.out, DRSIM_SOURCE_DIR, "SOURCE"), h);
  golden("calibrate-overlay.yaml", replaced(read_file(overlay), DRSIM_SOURCE_DIR, "SOURCE"), h);
  Ran md = run_drsim(dir, {"calibrate", model, "--history", h, "-f", "md"});
  CHECK(md.exit == 0);
  golden("calibrate.md", replaced(md.out, DRSIM_SOURCE_DIR, "SOURCE"), h);

  // The overlay applied: search-db's standby takes over after detection (3 × 10 s) and run 6's
  // 0.812 s promotion instead of the model's 30 s.
  Ran simulated = run_drsim(
      dir, {"simulate", model, "--overlay", overlay, "-s", "az:euw1-az1", "-f", "json", "-q"});
  CHECK(simulated.exit == 0);
  const auto result = nlohmann::json::parse(simulated.out);
  CHECK(result["model_source"] == model + " + " + overlay);
  const auto& services = result["scenarios"][0]["services"];
  for (const auto& s : services) {
    if (s["id"] == "search-db") CHECK(s["rto_s"].get<double>() == Approx(30 + 0.812));
  }

  // A gate on drift: the model's 15 min overhead is far from the drills' few seconds.
  Ran gated = run_drsim(dir, {"calibrate", model, "--history", h, "--max-drift", "25"});
  CHECK(gated.exit == 1);
  CHECK(gated.out == text.out);

  // Nothing of the model was drilled: no overlay to write.
  Ran nothing = run_drsim(dir, {"calibrate", DRSIM_SOURCE_DIR "/examples/failback.yaml",
                                "--history", h, "--overlay-out", dir.file("none.yaml")});
  CHECK(nothing.exit == 2);
  CHECK(nothing.err == "drsim: error: calibrate: nothing to write to --overlay-out " +
                           dir.file("none.yaml") + ": no passed drill in " + h +
                           " restores a service of " +
                           DRSIM_SOURCE_DIR "/examples/failback.yaml\n");
}
