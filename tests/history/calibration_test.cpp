// Calibration from plain run records: which runs count, every figure's model and measured value
// and drift, the notes, and the overlay and table as written.
#include "history/calibration.hpp"

#include <catch2/catch.hpp>

#include "model/loader.hpp"

using namespace drsim;
using namespace drsim::history;

namespace {

// A store that serves 100 MB/s beside the databases, so every route is 100 MB/s.
const std::string kModel = R"(version: 1
name: lab
topology:
  vendors:
    - id: lab
      regions:
        - id: r1
          zones: [{id: z1}, {id: z2}]
stores:
  - {id: dumps, domain: z2, bandwidth: 100 MB/s}
services:
  - id: orders-db
    kind: database
    placement: {zones: [z1]}
    data:
      size: 1 GB
      backups:
        - {id: nightly, kind: dump, schedule: daily at 02:00, store: dumps, retention: {daily: 7}}
    recovery:
      restore: {overhead: 10 min, throughput: 0.5}
  - id: search-db
    kind: database
    placement: {zones: [z1]}
    data: {size: 5 GB}
    recovery:
      failover: {mode: none}
)";

model::Model lab() {
  return model::load_model(parse_document(kModel, "lab.yaml", false), "lab.yaml", kModel).model;
}

// A run of `target` with an RTO; a restore run also has its transfer step and restored bytes.
RunRecord run(long long id, const std::string& target, const std::string& method,
              const std::string& status, double rto, double transfer = 0, double bytes = 0) {
  RunRecord r;
  r.id = id;
  r.target = target;
  r.method = method;
  r.status = status;
  r.started_at = "2026-11-0" + std::to_string(id) + "T03:00:00.000Z";
  r.rto_s = rto;
  if (transfer > 0) {
    const std::string step = method == "pitr" ? "copy_base" : "restore";
    StepRecord s;
    s.name = step;
    s.begin_s = 20;
    s.end_s = 20 + transfer;
    r.steps.push_back(s);
    r.evidence["restore"] = {{"step", step}, {"bytes", bytes}};
  }
  return r;
}

std::vector<RunRecord> runs() {
  return {run(4, "orders-db", "logical", "passed", 8, 5, 6e8),
          run(1, "orders-db", "logical", "passed", 10, 8, 4e8),
          run(3, "orders-db", "logical", "failed", 50, 40, 4e8),
          run(2, "orders-db", "logical", "passed", 12, 9, 4.5e8),
          run(5, "search-db", "failover", "passed", 0.8),
          run(6, "search-db", "failover", "passed", 1.0),
          run(7, "billing-db", "logical", "passed", 3, 2, 1e6)};
}

}  // namespace

TEST_CASE("history::calibrate: each figure's model value, measured median and drift",
          "[history][calibration]") {
  const auto c = calibrate(lab(), runs(), 10);
  CHECK(c.not_in_model == std::vector<std::string>{"billing-db"});
  REQUIRE(c.services.size() == 2);
  const ServiceCalibration& db = c.services[0];
  CHECK(db.service == "orders-db");
  CHECK(db.restore_runs == std::vector<long long>{1, 2, 4});  // oldest first; run 3 failed
  REQUIRE(db.figures.size() == 4);

  const FigureRow* size = db.find(Figure::kRestoredSize);
  REQUIRE(size);
  CHECK(size->model == 1e9);
  CHECK(size->samples == std::vector<double>{4e8, 4.5e8, 6e8});
  CHECK(size->measured == 4.5e8);
  CHECK(*size->drift == Approx((1e9 - 4.5e8) / 4.5e8));

  const FigureRow* rate = db.find(Figure::kRestoreRate);
  REQUIRE(rate);
  CHECK(*rate->model == Approx(5e7));  // the 100 MB/s route at throughput 0.5
  CHECK(rate->samples == std::vector<double>{5e7, 5e7, 1.2e8});
  CHECK(rate->measured == 5e7);
  CHECK(*rate->drift == Approx(0).margin(1e-12));

  const FigureRow* overhead = db.find(Figure::kRestoreOverhead);
  REQUIRE(overhead);
  CHECK(overhead->model == 600);
  CHECK(overhead->samples == std::vector<double>{2, 3, 3});  // the RTO less the restore step
  CHECK(overhead->measured == 3);
  CHECK(*overhead->drift == Approx(199));

  const FigureRow* time = db.find(Figure::kRestoreTime);
  REQUIRE(time);
  CHECK(*time->model == Approx(600 + 4.5e8 / 5e7));  // overhead + measured size at model rate
  CHECK(time->measured == 10);
  CHECK(*time->drift == Approx(59.9));

  // Calibrated: each run's overhead and share of the route (run 4 capped at 1), newest size.
  CHECK(db.overhead == std::vector<double>{2, 3, 3});
  REQUIRE(db.throughput.size() == 3);
  CHECK(db.throughput[0] == Approx(0.5));
  CHECK(db.throughput[2] == 1.0);
  CHECK(db.size == 6e8);
  CHECK(db.notes == std::vector<std::string>{
                        "orders-db: a drill restored faster (120 MB/s) than the model's route "
                        "allows (100 MB/s): the calibrated throughput stays at most 1, the route "
                        "the limit"});

  const ServiceCalibration& search = c.services[1];
  CHECK(search.failover_runs == std::vector<long long>{5, 6});
  const FigureRow* promotion = search.find(Figure::kPromotion);
  REQUIRE(promotion);
  CHECK(promotion->model == 60);
  CHECK(*promotion->measured == Approx(0.9));  // the mean of the two middle values
  CHECK(search.promotion == std::vector<double>{0.8, 1.0});
  CHECK(search.failover_mode == "none");
  CHECK(search.notes ==
        std::vector<std::string>{"search-db: failover drills promoted a replica, but the model "
                                 "never promotes one (failover.mode none); the promotion is "
                                 "calibrated anyway"});
}

TEST_CASE("history::calibrate: --last keeps each service's newest passed runs",
          "[history][calibration]") {
  const auto c = calibrate(lab(), runs(), 2);
  CHECK(c.services[0].restore_runs == std::vector<long long>{2, 4});
  CHECK(c.services[1].failover_runs == std::vector<long long>{5, 6});
}

TEST_CASE("history::calibrate: runs without a restored size compare the overhead only",
          "[history][calibration]") {
  RunRecord old = run(1, "orders-db", "pitr", "passed", 30, 9, 1);
  old.evidence = nlohmann::ordered_json::object();  // recorded before sizes were
  const auto c = calibrate(lab(), {old}, 10);
  REQUIRE(c.services.size() == 1);
  const auto& db = c.services[0];
  CHECK(db.find(Figure::kRestoredSize) == nullptr);
  CHECK(db.find(Figure::kRestoreRate) == nullptr);
  CHECK(db.find(Figure::kRestoreOverhead)->samples == std::vector<double>{21});
  CHECK_FALSE(db.find(Figure::kRestoreTime)->model);
  CHECK(db.notes == std::vector<std::string>{
                        "orders-db: the model has no backup of the kind pitr drills restore; its "
                        "rate is that of backup 'nightly'",
                        "orders-db: the runs recorded no restored size (older runs do not record "
                        "it), so the model's restore time is not compared"});
  CHECK(db.throughput.empty());
  CHECK_FALSE(db.size);
}

TEST_CASE("history::calibrate: the overlay and the table as written", "[history][calibration]") {
  const auto c = calibrate(lab(), runs(), 10);
  CHECK(calibration_overlay(c, "lab.yaml", "h.sqlite") ==
        "# drsim calibrate: the figures drills measured, as an overlay of lab.yaml\n"
        "# (drsim simulate MODEL --overlay THIS_FILE). From h.sqlite; docs/history.md "
        "\"Calibration\".\n"
        "# A throughput is a share of this model's route: apply it to this model.\n"
        "services:\n"
        "  - id: \"orders-db\"\n"
        "    data: {size: 600000000 B}   # the newest restore's bytes\n"
        "    recovery:   # runs 1, 2, 4\n"
        "      restore:\n"
        "        overhead: {samples: [2.000 s, 3.000 s, 3.000 s]}\n"
        "        throughput: {samples: [0.5, 0.5, 1]}\n"
        "  - id: \"search-db\"\n"
        "    recovery:   # runs 5, 6\n"
        "      failover: {mode: none, promotion: {samples: [0.800 s, 1.000 s]}}\n");
  CHECK(calibration_text(c, "lab.yaml", "h.sqlite", false) ==
        "Calibration of lab.yaml from h.sqlite: the last 10 passed runs per service and kind; "
        "drift = (model - measured) / measured.\n"
        "\n"
        "service    figure            model       measured  drift     runs\n"
        "orders-db  restored size     1 GB        450 MB    +122 %    1, 2, 4\n"
        "orders-db  restore rate      50 MB/s     50 MB/s   +0.0 %    1, 2, 4\n"
        "orders-db  restore overhead  10 min      3.000 s   +19900 %  1, 2, 4\n"
        "orders-db  restore time      10 min 9 s  10.000 s  +5990 %   1, 2, 4\n"
        "search-db  promotion         1 min       0.900 s   +6567 %   5, 6\n"
        "\n"
        "note: orders-db: a drill restored faster (120 MB/s) than the model's route allows "
        "(100 MB/s): the calibrated throughput stays at most 1, the route the limit\n"
        "note: search-db: failover drills promoted a replica, but the model never promotes one "
        "(failover.mode none); the promotion is calibrated anyway\n"
        "note: drilled, but no service of the model: billing-db\n");
  const auto j = to_json(c, "lab.yaml", "h.sqlite");
  CHECK(j["schema"] == "drsim.calibration/1");
  CHECK(j["services"][0]["figures"][3]["figure"] == "restore_time");
  CHECK(j["services"][0]["figures"][3]["unit"] == "s");
  CHECK(j["services"][0]["figures"][3]["measured"] == 10.0);
  CHECK(j["services"][0]["calibrated"]["data_size"] == 6e8);
  CHECK(j["services"][1]["figures"][0]["runs"].dump() == "[5,6]");
}

TEST_CASE("history::calibrate: a restore slower than the least share of the route is noted",
          "[history][calibration]") {
  // 1 kB/s over the 100 MB/s route: a share of 1e-5, below the least the model takes.
  const auto c = calibrate(lab(), {run(1, "orders-db", "logical", "passed", 110, 100, 1e5)}, 10);
  const auto& db = c.services[0];
  CHECK(db.throughput == std::vector<double>{model::kMinRestoreThroughput});
  CHECK(db.notes == std::vector<std::string>{
                        "orders-db: a drill restored at under 10 kB/s, the least share of the "
                        "model's route a throughput may give: give the store a `bandwidth` near "
                        "what restores achieve"});
}

TEST_CASE("history::calibrate: a service without backups has no restore rate to compare",
          "[history][calibration]") {
  const auto c = calibrate(lab(), {run(1, "search-db", "logical", "passed", 10, 8, 4e8)}, 10);
  const auto& search = c.services[0];
  CHECK(search.find(Figure::kRestoredSize)->model == 5e9);
  CHECK_FALSE(search.find(Figure::kRestoreRate)->model);
  CHECK_FALSE(search.find(Figure::kRestoreTime)->model);
  CHECK(search.throughput.empty());  // no route to take a share of
  CHECK(search.overhead == std::vector<double>{2});
  CHECK(search.notes ==
        std::vector<std::string>{"search-db: the model gives it no backup, so no restore rate"});
}

TEST_CASE("history::calibrate: only the restore runs it uses are read in full",
          "[history][calibration]") {
  // The runs' own fields, as Store::runs() gives them: no steps, no evidence.
  std::vector<RunRecord> own;
  for (RunRecord r : runs()) {
    r.steps.clear();
    r.evidence = nlohmann::ordered_json::object();
    own.push_back(r);
  }
  std::vector<long long> read;
  const auto c = calibrate(lab(), own, 2, [&read](const RunRecord& r) {
    read.push_back(r.id);
    for (const RunRecord& whole : runs()) {
      if (whole.id == r.id) return whole;
    }
    return r;
  });
  CHECK(read == std::vector<long long>{2, 4});  // orders-db's newest two passed restores
  const auto* size = c.services[0].find(Figure::kRestoredSize);
  REQUIRE(size);
  CHECK(size->samples == std::vector<double>{4.5e8, 6e8});
  CHECK(c.services[1].failover_runs == std::vector<long long>{5, 6});  // their RTOs suffice
}
