#include "reports/detail/result_reader.hpp"

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "model/errors.hpp"
#include "reports/json_writer.hpp"
#include "reports/result_json.hpp"

using drsim::InputError;
using drsim::RunResult;
using drsim::ScenarioResult;
using drsim::reports::detail::read_result_file;
using drsim::reports::detail::ReadLimits;
using drsim::reports::detail::ShardKey;

namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(DRSIM_SOURCE_DIR) + "/tests/data/results/";

// Limits that read every file a few bytes at a time, as a result of gigabytes is read.
ReadLimits blocks(std::size_t max_value_bytes = std::size_t{1} << 30) {
  ReadLimits limits;
  limits.whole_bytes = 0;
  limits.block_bytes = 7;
  limits.max_value_bytes = max_value_bytes;
  return limits;
}

// A file removed when done.
struct TempFile {
  std::string path;
  TempFile(const std::string& name, const std::string& text)
      : path((fs::temp_directory_path() / (std::to_string(::getpid()) + "-" + name)).string()) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() {
    std::error_code ignored;
    fs::remove(path, ignored);
  }
};

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Reads `path` a scenario at a time with `limits`; the scenarios go back into the run.
RunResult streamed(const std::string& path, const ReadLimits& limits) {
  std::vector<ScenarioResult> scenarios;
  RunResult run = read_result_file(
      path,
      [&](const RunResult& header, ScenarioResult&& s) {
        CHECK_FALSE(header.model.empty());  // the run's keys come with every scenario
        scenarios.push_back(std::move(s));
      },
      ShardKey::kRefuse, limits);
  CHECK(run.scenarios.empty());
  run.scenarios = std::move(scenarios);
  return run;
}

std::string error_of(const std::string& path, const ReadLimits& limits) {
  try {
    streamed(path, limits);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::string json_of(const RunResult& r) {
  std::ostringstream out;
  drsim::reports::write_json(r, out);
  return out.str();
}

// A result of `services` services in one scenario: about 500 bytes each.
RunResult wide(std::size_t services) {
  RunResult r = drsim::reports::load_result(kData + "shop-simulation.json");
  auto& s = r.scenarios.at(0);
  const auto one = s.services.at(0);
  s.services.clear();
  for (std::size_t i = 0; i < services; ++i) {
    s.services.push_back(one);
    s.services.back().id = "svc-" + std::to_string(i);
  }
  return r;
}

}  // namespace

TEST_CASE("reports::read_result_file: a block at a time reads what the whole text reads",
          "[reports]") {
  for (const char* name : {"shop-simulation.json", "managed-phases.json", "orders-db-drill.json",
                           "hostile-names.json", "failed-drill-no-objectives.json"}) {
    const RunResult whole =
        drsim::reports::detail::read_result_text(read(kData + name), kData + name, true);
    const RunResult parts = streamed(kData + name, blocks());
    CHECK(json_of(parts) == json_of(whole));
    CHECK(parts.scenarios.size() == whole.scenarios.size());
  }
}

TEST_CASE("reports::read_result_file: the scenarios wait for run keys written after them",
          "[reports]") {
  // A small file is read whole: the order of its keys does not matter.
  nlohmann::ordered_json j =
      drsim::reports::to_json(drsim::reports::load_result(kData + "shop-simulation.json"));
  nlohmann::ordered_json reordered;
  reordered["scenarios"] = j["scenarios"];
  for (const auto& [key, value] : j.items()) {
    if (key != "scenarios") reordered[key] = value;
  }
  TempFile file("scenarios-first.json", reordered.dump(2));
  ReadLimits whole;
  const RunResult r = streamed(file.path, whole);
  CHECK(r.model == "shop");
  CHECK(r.scenarios.size() == 3);
  // Read a block at a time, the scenarios wait until the run's keys are all there.
  CHECK(json_of(streamed(file.path, blocks())) == json_of(r));
}

TEST_CASE("reports::read_result_file: a run key after scenarios already handed on is refused",
          "[reports]") {
  nlohmann::ordered_json j =
      drsim::reports::to_json(drsim::reports::load_result(kData + "shop-simulation.json"));
  j["currency"] = "EUR";  // after "scenarios"
  const std::string text = j.dump(2);
  TempFile file("currency-last.json", text);
  const std::string line =
      std::to_string(std::count(text.begin(), text.begin() + text.find("\"currency\""), '\n') + 1);
  CHECK(error_of(file.path, blocks()) ==
        file.path + ":" + line +
            ":3: error: /currency: 'currency' comes after the scenarios, which were read one at "
            "a time\n  hint: a big result file is read a scenario at a time, so its run's keys "
            "come before \"scenarios\", as drsim writes them\n");
}

TEST_CASE(
    "reports::read_result_file: a result larger than the old whole-file limit is read a "
    "scenario at a time, and a scenario larger than the limit is refused",
    "[reports]") {
  // 3,000 services: about 1.7 MB in one scenario, with the limit lowered to 1 MiB (in place of
  // the 1 GiB of a real file).
  const RunResult big = wide(3000);
  TempFile file("wide.json", json_of(big));
  REQUIRE(read(file.path).size() > (std::size_t{1} << 20));
  CHECK(streamed(file.path, blocks(std::size_t{4} << 20)).scenarios.at(0).services.size() == 3000);
  CHECK(error_of(file.path, blocks(std::size_t{1} << 20)) ==
        file.path +
            ":11:5: error: /scenarios/0: scenario result is larger than the limit of 1 MiB\n"
            "  hint: check that this is a drsim result file\n");
}

TEST_CASE("reports::read_result_file: a single value larger than the limit stops the reading",
          "[reports]") {
  RunResult r = drsim::reports::load_result(kData + "shop-simulation.json");
  r.model = std::string(std::size_t{3} << 20, 'm');  // a 3 MiB name, a 1 MiB limit
  TempFile file("long-name.json", json_of(r));
  CHECK(error_of(file.path, blocks(std::size_t{1} << 20)) ==
        file.path +
            ":4:12: error: /model: a value is larger than the limit of 1 MiB\n"
            "  hint: check that this is a drsim result file\n");
}

TEST_CASE("reports::read_result_file: broken JSON read a block at a time is located", "[reports]") {
  std::string text = read(kData + "shop-simulation.json");
  // Located as load_document() locates a small file's.
  TempFile truncated("truncated.json", text.substr(0, 2000));
  CHECK(error_of(truncated.path, blocks()) ==
        truncated.path +
            ":48:3: error: /: invalid JSON: unexpected end of file (the JSON is truncated)\n"
            "  hint: check brackets, commas and quotes near here\n");
  std::string broken = text;
  broken.replace(broken.find("\"impact\""), 8, "\"impact\" \"x\",");
  TempFile bad("bad.json", broken);
  CHECK(error_of(bad.path, blocks()) ==
        bad.path +
            ":14:18: error: /: invalid JSON: unexpected string literal; expected ':'\n"
            "  hint: check brackets, commas and quotes near here\n");
  TempFile binary("binary.json", std::string("{\"schema\"\0", 10));
  CHECK(error_of(binary.path, blocks()) ==
        binary.path +
            ": error: /: file is binary, not JSON\n  hint: check that this is a complete drsim "
            "result file\n");
  TempFile blank("blank.json", "  \n\n ");
  CHECK(error_of(blank.path, blocks()) ==
        blank.path +
            ": error: /: file is empty\n  hint: check that this is a complete drsim "
            "result file\n");
}

TEST_CASE("reports::read_result_file: once a problem is found, no scenario is handed on",
          "[reports]") {
  nlohmann::ordered_json j =
      drsim::reports::to_json(drsim::reports::load_result(kData + "shop-simulation.json"));
  j["scenarios"][1]["impact"] = "dire";
  TempFile file("bad-impact.json", j.dump(2));
  std::size_t handed = 0;
  try {
    read_result_file(
        file.path, [&](const RunResult&, ScenarioResult&&) { ++handed; }, ShardKey::kRefuse,
        blocks());
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("/scenarios/1/impact") != std::string::npos);
  }
  CHECK(handed == 1);  // the first scenario, read before the problem
}
