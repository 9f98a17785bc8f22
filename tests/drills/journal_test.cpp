// The drill journal: texts are kept as given (secrets never reach them), and the JSON has the
// documented keys.
#include "drills/journal.hpp"

#include <catch2/catch.hpp>

using namespace drsim::drills;

TEST_CASE("drills::journal: keeps texts as given, so a short password cannot garble them",
          "[drills]") {
  Journal j("d", "pitr", "d-abc", "");
  auto i = j.begin("backup");
  j.end(i, "failed", "", "", "FATAL:  database \"x\" does not exist");
  CHECK(j.steps()[0].error == "FATAL:  database \"x\" does not exist");
}

TEST_CASE("drills::journal: keeps only the last 2000 characters of tool output", "[drills]") {
  Journal j("d", "pitr", "d-abc", "");
  auto i = j.begin("restore");
  j.end(i, "ok", "", std::string(5000, 'x') + "END");
  CHECK(j.steps()[0].output.size() == 2003);
  CHECK(j.steps()[0].output.substr(0, 3) == "...");
  CHECK(j.steps()[0].output.substr(j.steps()[0].output.size() - 3) == "END");
}

TEST_CASE("drills::journal: writes every documented key in order", "[drills]") {
  Journal j("d", "logical", "d-abc", "");
  j.skip("verify_backup", "no manifest");
  auto json = j.to_json();
  std::vector<std::string> keys;
  for (auto it = json.begin(); it != json.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"schema", "drill", "method", "run_id", "status",
                                         "started_at", "t0_s", "rto_s", "rpo_s", "findings",
                                         "notes", "evidence", "steps"});
  CHECK(json["schema"] == "drsim.journal/1");
  CHECK(json["steps"][0]["status"] == "skipped");
  CHECK(json["steps"][0]["detail"] == "no manifest");
  std::vector<std::string> step_keys;
  for (auto it = json["steps"][0].begin(); it != json["steps"][0].end(); ++it) {
    step_keys.push_back(it.key());
  }
  CHECK(step_keys == std::vector<std::string>{"name", "status", "begin", "end", "begin_s", "end_s",
                                              "detail", "output", "error"});
}
