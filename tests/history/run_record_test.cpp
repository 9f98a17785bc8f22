// A run's record is taken from what the drill produced, field by field: its result (drsim.result/1)
// and its journal, with times normalised to milliseconds.
#include "history/run_record.hpp"

#include <catch2/catch.hpp>

#include "drills/runner.hpp"

using namespace drsim;

namespace {

drills::DrillOutcome outcome() {
  drills::DrillOutcome o;
  o.result.kind = kDrillRun;
  o.result.model = "orders-pitr";
  o.result.model_source = "drills/orders-pitr.yaml";
  o.result.model_checksum = "sha256:ab12";
  o.result.tool_version = "0.1.0";
  ScenarioResult sc;
  sc.id = "orders-pitr";
  sc.cls = kDrillRun;
  sc.impact = Impact::kCatastrophic;
  sc.recovery_process = "base backup + WAL archive restored into a scratch instance";
  sc.data_loss = "verification failed: app/public.orders: checksum differs";
  TargetResult t;
  t.id = "orders-db";
  t.rto_s = 7.5;
  t.rpo_s = std::nullopt;
  t.objectives = {judge(ObjectiveKind::kRto, 1800.0, 7.5, true),
                  judge(ObjectiveKind::kRpo, 300.0, std::nullopt, true)};
  sc.services.push_back(t);
  o.result.scenarios.push_back(sc);
  o.passed = false;
  o.findings = {"app/public.orders: checksum differs", "rpo objective breached: none achieved"};
  o.journal = nlohmann::ordered_json::parse(R"({
    "schema": "drsim.journal/1", "drill": "orders-pitr", "method": "pitr",
    "run_id": "orders-pitr-Ab12Cd", "status": "failed", "started_at": "2026-11-20T03:00:00Z",
    "t0_s": 61.2, "rto_s": 7.5, "rpo_s": null, "findings": [], "notes": ["kept the log"],
    "evidence": {"tables": [{"database": "app", "table": "public.orders", "source_rows": 50000,
                             "source_checksum": "921", "restored_rows": 50000,
                             "restored_checksum": "922"}],
                 "recovery": {"timeline_after_promotion": "2"}},
    "steps": [
      {"name": "preflight", "status": "ok", "begin": "2026-11-20T03:00:00.010Z",
       "end": "2026-11-20T03:00:00.500Z", "begin_s": 0.01, "end_s": 0.5, "detail": "checked",
       "output": "", "error": ""},
      {"name": "cleanup", "status": "ok", "begin": "2026-11-20T03:01:20.000Z",
       "end": "2026-11-20T03:01:21.250Z", "begin_s": 80.0, "end_s": 81.25, "detail": "removed",
       "output": "", "error": ""},
      {"name": "hold", "status": "running", "begin": "2026-11-20T03:01:19.000Z", "end": null,
       "begin_s": 79.0, "end_s": null, "detail": "", "output": "", "error": ""}]})");
  return o;
}

}  // namespace

TEST_CASE("history::record_of: takes every field from the result and the journal", "[history]") {
  const auto r = history::record_of(outcome(), 35 * 86400.0, {"/var/log/j.json", ""});
  CHECK(r.id == 0);
  CHECK(r.drill == "orders-pitr");
  CHECK(r.target == "orders-db");
  CHECK(r.method == "pitr");
  CHECK(r.status == "failed");
  CHECK(r.drill_run_id == "orders-pitr-Ab12Cd");
  CHECK(r.started_at == "2026-11-20T03:00:00.000Z");  // normalised to milliseconds
  CHECK(r.ended_at == "2026-11-20T03:01:21.250Z");    // the latest end of any step
  CHECK(r.drsim_version == "0.1.0");
  CHECK(r.spec_file == "drills/orders-pitr.yaml");
  CHECK(r.spec_checksum == "sha256:ab12");
  CHECK(r.max_age_s == 3024000.0);
  CHECK(r.t0_s == 61.2);
  CHECK(r.rto_s == 7.5);
  CHECK_FALSE(r.rpo_s);
  CHECK(r.impact == "catastrophic");
  CHECK(r.data_loss == "verification failed: app/public.orders: checksum differs");
  REQUIRE(r.objectives.size() == 2);
  CHECK(r.objectives[0].kind == "rto");
  CHECK(r.objectives[0].verdict == "met");
  CHECK(r.objectives[1].kind == "rpo");
  CHECK(r.objectives[1].target_s == 300.0);
  CHECK(r.objectives[1].verdict == "breached");
  REQUIRE(r.steps.size() == 3);
  CHECK(r.steps[0].duration_s() == Approx(0.49));
  CHECK(r.steps[2].name == "hold");
  CHECK(r.steps[2].end_at.empty());
  CHECK_FALSE(r.steps[2].duration_s());
  REQUIRE(r.tables.size() == 1);
  CHECK(r.tables[0].source_rows == 50000);
  CHECK(r.tables[0].source_checksum == "921");
  CHECK(r.tables[0].restored_checksum == "922");
  CHECK(r.evidence.dump() == R"({"recovery":{"timeline_after_promotion":"2"}})");
  CHECK(r.findings == outcome().findings);
  CHECK(r.notes == std::vector<std::string>{"kept the log"});
  CHECK(r.journal_file == "/var/log/j.json");
  CHECK(r.result_file.empty());
}

TEST_CASE("history::to_json: the list entry and the whole record", "[history]") {
  auto r = history::record_of(outcome(), std::nullopt, {});
  r.id = 7;
  CHECK(history::to_json(r, false).dump() ==
        R"({"id":7,"drill_run_id":"orders-pitr-Ab12Cd","drill":"orders-pitr","target":"orders-db",)"
        R"("method":"pitr","status":"failed","started_at":"2026-11-20T03:00:00.000Z",)"
        R"("ended_at":"2026-11-20T03:01:21.250Z","rto_s":7.5,"rpo_s":null})");
  const auto full = history::to_json(r, true);
  CHECK(full["schema"] == "drsim.history-run/1");
  CHECK(full["max_age_s"].is_null());
  CHECK(full["journal_file"].is_null());
  CHECK(full["steps"][0]["duration_s"].get<double>() == Approx(0.49));
  CHECK(full["tables"][0]["restored_rows"] == 50000);
  CHECK(full["objectives"][1]["verdict"] == "breached");
}
