// The drill history against real drills: the bundled example drill (examples/drills/
// orders-logical.yaml, pointed at a database of the test's own on the fixture's source) run three
// times with --history on a temporary file, then `drsim history targets` and `list` read back the
// three runs — their count, the last success, its age and the RTO percentiles of the runs' own
// results — then `drsim evidence report` finds every control covered, `drsim calibrate` sets what
// they measured beside an estate of this host and the simulated RTO with the calibrated overlay
// comes within ±25 % of the measured one, and the drills leave nothing behind.
#include <catch2/catch.hpp>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <vector>

#include "live_support.hpp"

namespace fs = std::filesystem;
using namespace drsim::test;

TEST_CASE("drills::history: three runs of the example drill give trends and an age",
          "[drills][live]") {
  TempDir tmp("history");
  // The example's tables, in a database of the test's own (the drill role writes its heartbeat).
  TestDatabase db(
      "orders",
      "GRANT CREATE ON SCHEMA public TO drill;\n"
      "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);\n"
      "INSERT INTO customers SELECT i, 'customer ' || i FROM generate_series(1, 500) i;\n"
      "CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers,\n"
      "                     amount numeric(10,2) NOT NULL);\n"
      "INSERT INTO orders SELECT i, 1 + i % 500, i * 1.5 FROM generate_series(1, 3000) i;\n"
      "CREATE TABLE payments (id int PRIMARY KEY, order_id int REFERENCES orders);\n"
      "INSERT INTO payments SELECT i, i FROM generate_series(1, 2000) i;\n");
  // The example as shipped, pointed at that database and the tests' scratch directory.
  const std::string yaml = example_logical_drill("orders-logical", db.name());
  const std::string drill = write_drill(tmp.path(), "orders-logical", yaml + scratch_block());
  const std::string history = tmp.path() + "/history.sqlite";

  std::vector<double> rtos;
  for (int i = 1; i <= 3; ++i) {
    const std::string result = tmp.path() + "/result-" + std::to_string(i) + ".json";
    const std::string log = tmp.path() + "/run-" + std::to_string(i) + ".log";
    // A journal per run ({drill} and {time}), and the metrics of the history after each run.
    const int pid = spawn_drsim(
        {"drill", "run", drill, "--history", history, "--result", result, "--journal",
         tmp.path() + "/{drill}-{time}.journal.json", "--metrics-file", tmp.path() + "/drsim.prom"},
        log);
    INFO(read_file(log));
    REQUIRE(wait_child(pid) == 0);
    CHECK(read_file(log).find("recorded as run " + std::to_string(i) + " in " + history + "\n") !=
          std::string::npos);
    const auto r = nlohmann::json::parse(read_file(result));
    rtos.push_back(r["scenarios"][0]["services"][0]["rto_s"].get<double>());
  }
  std::vector<double> sorted = rtos;
  std::sort(sorted.begin(), sorted.end());

  const std::string targets_json = tmp.path() + "/targets.json";
  CHECK(wait_child(spawn_drsim(
            {"history", "targets", "--history", history, "-f", "json", "-o", targets_json},
            tmp.path() + "/targets.log")) == 0);  // fresh and passed
  const auto doc = nlohmann::json::parse(read_file(targets_json));
  REQUIRE(doc["targets"].size() == 1);
  const auto& t = doc["targets"][0];
  CHECK(t["target"] == "orders-db");
  CHECK(t["runs"] == 3);
  CHECK(t["last_run"]["id"] == 3);
  CHECK(t["last_run"]["status"] == "passed");
  CHECK(t["last_success"]["id"] == 3);
  CHECK(t["age_s"].get<double>() >= 0);
  CHECK(t["age_s"].get<double>() < 300);
  CHECK(t["max_age_s"] == 35 * 86400.0);  // the example's max_age
  CHECK(t["max_age_default"] == false);
  CHECK_FALSE(t["stale"].get<bool>());
  CHECK(t["trend_runs"] == 3);
  CHECK(t["rto"]["p50_s"].get<double>() == sorted[1]);  // nearest rank 2 of 3
  CHECK(t["rto"]["p95_s"].get<double>() == sorted[2]);  // nearest rank 3 of 3
  CHECK(t["rpo"]["p50_s"].is_number());                 // the heartbeat measured each RPO

  const std::string text = tmp.path() + "/targets.txt";
  CHECK(wait_child(spawn_drsim({"history", "targets", "--history", history, "-o", text},
                               tmp.path() + "/targets-text.log")) == 0);
  CHECK(std::regex_search(read_file(text),
                          std::regex("\norders-db  3     \\S+  passed  \\S+  .* ok\n")));

  const std::string list = tmp.path() + "/list.txt";
  CHECK(wait_child(spawn_drsim({"history", "list", "--history", history, "-o", list},
                               tmp.path() + "/list.log")) == 0);
  const std::string lines = read_file(list);
  INFO(lines);
  CHECK(std::count(lines.begin(), lines.end(), '\n') == 4);  // the header and 3 runs
  CHECK(lines.find("\n3   ") != std::string::npos);
  CHECK(lines.find("orders-db  orders-logical  logical") != std::string::npos);

  // What was verified is recorded: the example's three tables, restored as on the source.
  const std::string shown = tmp.path() + "/show.json";
  CHECK(wait_child(
            spawn_drsim({"history", "show", "2", "--history", history, "-f", "json", "-o", shown},
                        tmp.path() + "/show.log")) == 0);
  const auto run = nlohmann::json::parse(read_file(shown));
  REQUIRE(run["tables"].size() == 3);
  for (const auto& table : run["tables"]) {
    CHECK(table["restored_rows"] == table["source_rows"]);
    CHECK(table["restored_checksum"] == table["source_checksum"]);
  }
  CHECK(run["spec_checksum"].get<std::string>().rfind("sha256:", 0) == 0);
  CHECK(run["result_file"] == tmp.path() + "/result-2.json");

  // Each run kept its own journal, named by the drill and its start; the history points at it.
  std::vector<std::string> journals;
  for (const auto& e : fs::directory_iterator(tmp.path())) {
    const std::string name = e.path().filename().string();
    if (std::regex_match(name,
                         std::regex("orders-logical-\\d{8}T\\d{6}\\.\\d{3}Z\\.journal\\.json"))) {
      journals.push_back(e.path().string());
    }
  }
  std::sort(journals.begin(), journals.end());
  REQUIRE(journals.size() == 3);
  CHECK(run["journal_file"] == journals[1]);
  CHECK(nlohmann::json::parse(read_file(journals[1]))["status"] == "passed");

  // The metrics file after the third run: Prometheus' parser reads the three runs back.
  const std::string prom = tmp.path() + "/drsim.prom";
  CHECK(std::system(("promtool check metrics < " + prom).c_str()) == 0);
  const std::string parsed = tmp.path() + "/parsed.txt";
  REQUIRE(std::system(("/usr/bin/python3 " DRSIM_SOURCE_DIR "/tests/history/parse_metrics.py " +
                       prom + " > " + parsed)
                          .c_str()) == 0);
  const std::string samples = read_file(parsed);
  INFO(samples);
  for (const char* line : {"drsim_drill_runs{target=\"orders-db\"} 3.0\n",
                           "drsim_drill_last_run_passed{target=\"orders-db\"} 1.0\n",
                           "drsim_drill_stale{target=\"orders-db\"} 0.0\n",
                           "drsim_drill_max_age_seconds{target=\"orders-db\"} 3024000.0\n"}) {
    CHECK(samples.find(line) != std::string::npos);
  }
  CHECK(samples.find("drsim_drill_last_rto_seconds{target=\"orders-db\"} " +
                     nlohmann::json(rtos[2]).dump()) != std::string::npos);

  // The controls report over the days around the runs: every control covered by them.
  auto day = [](long offset_days) {
    const std::time_t at = std::time(nullptr) + offset_days * 86400;
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&at));
    return std::string(buf);
  };
  const std::string controls = tmp.path() + "/controls.md";
  CHECK(wait_child(spawn_drsim({"evidence", "report", "--history", history, "--from", day(-1),
                                "--to", day(1), "-o", controls},
                               tmp.path() + "/controls.log")) == 0);
  CHECK(read_file(controls).find("; 3 pieces of evidence in the period; 9 of 9 controls covered; "
                                 "0 gaps.\n") != std::string::npos);

  // Calibration (docs/history.md "Calibration"): the three runs against an estate of this host
  // whose restore overhead (10 min) and size (1 GB) are wrong on purpose. With the measured
  // figures as an overlay, the simulated RTO of a restore comes within ±25 % of the measured one.
  const std::string estate = DRSIM_SOURCE_DIR "/tests/drills/data/drill-host-estate.yaml";
  const std::string overlay = tmp.path() + "/calibrated.yaml";
  const std::string calibration = tmp.path() + "/calibration.json";
  REQUIRE(wait_child(spawn_drsim({"calibrate", estate, "--history", history, "--overlay-out",
                                  overlay, "-f", "json", "-o", calibration},
                                 tmp.path() + "/calibrate.log")) == 0);
  INFO(read_file(overlay));
  const auto cal = nlohmann::json::parse(read_file(calibration));
  REQUIRE(cal["services"].size() == 1);
  const auto& figures = cal["services"][0]["figures"];
  REQUIRE(figures.size() == 4);
  CHECK(figures[0]["figure"] == "restored_size");
  CHECK(figures[0]["measured"].get<double>() > 100e3);  // the restored database, in bytes
  CHECK(figures[0]["model"] == 1e9);
  CHECK(figures[3]["figure"] == "restore_time");
  CHECK(figures[3]["measured"].get<double>() == sorted[1]);  // the median of the three RTOs
  CHECK(figures[3]["model"].get<double>() > 600);            // the 10 min overhead and more
  CHECK(figures[3]["runs"].dump() == "[1,2,3]");

  auto simulated_rto = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> args{
        "simulate", estate, "-s", "corruption:orders-db",        "--detect-after", "0 s", "-f",
        "json",     "-q",   "-o", tmp.path() + "/simulated.json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const int pid = spawn_drsim(args, tmp.path() + "/simulate.log");
    const int exit = wait_child(pid);
    INFO(read_file(tmp.path() + "/simulate.log"));
    REQUIRE(exit == 0);
    return nlohmann::json::parse(
               read_file(tmp.path() + "/simulated.json"))["scenarios"][0]["services"][0]["rto_s"]
        .get<double>();
  };
  CHECK(simulated_rto({}) > 600);
  const double calibrated = simulated_rto({"--overlay", overlay});
  INFO("simulated " << calibrated << " s, measured " << sorted[1] << " s");
  CHECK(std::abs(calibrated - sorted[1]) <= 0.25 * sorted[1]);

  // Nothing left behind: no run directory, process or port of these drills.
  for (const auto& d : run_dirs(kScratchDir)) {
    CHECK(fs::path(d).filename().string().rfind("orders-logical-", 0) != 0);
  }
  CHECK(processes_mentioning(kScratchDir + "/drsim-runs/orders-logical-") == 0);
}
