// The drill journal: secrets are scrubbed from every text, and the JSON has the documented keys.
#include "drills/journal.hpp"

#include <catch2/catch.hpp>

using namespace drsim::drills;

TEST_CASE("drills::journal: scrubs registered secrets from details, output and errors",
          "[drills]") {
  Journal j("d", "pitr", "d-abc", "");
  j.add_secret("s3cr3t");
  auto i = j.begin("backup");
  j.end(i, "failed", "tried s3cr3t", "password=s3cr3t\nmore s3cr3t", "auth s3cr3t failed");
  j.add_finding("finding s3cr3t");
  auto text = j.to_json().dump();
  CHECK(text.find("s3cr3t") == std::string::npos);
  CHECK(j.steps()[0].detail == "tried ********");
  CHECK(j.steps()[0].output == "password=********\nmore ********");
  CHECK(j.steps()[0].error == "auth ******** failed");
  CHECK(j.findings()[0] == "finding ********");
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
                                         "notes", "steps"});
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
