#include "reports/shard_merge.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "model/errors.hpp"
#include "reports/json_writer.hpp"
#include "reports/shard_json.hpp"
#include "tests/reports/temp_dir.hpp"

using namespace drsim;
using namespace drsim::reports;
using drsim::testing::TempDir;

namespace {

const char* const kChanged =
    "  hint: the file was changed after drsim simulate wrote it: make the shard again\n";

// A scenario of one service, with amounts the result rounds away (0.004: 0 in the file).
ScenarioResult scenario(const std::string& id) {
  ScenarioResult s;
  s.id = id;
  s.cls = "az";
  s.horizon_s = 3600;
  s.cost = ScenarioCost{1, false, 0.004, 0.004};
  TargetResult t;
  t.id = "web";
  s.services.push_back(t);
  return s;
}

// Shard `index` of `count` of a sweep of a, b and c, without its scenarios.
Shard shard(long long index, long long count = 2) {
  Shard s;
  s.index = index;
  s.count = count;
  s.options.all = true;
  s.options.horizon_s = 3600;
  s.options.selected = {"a", "b", "c"};
  s.result.model = "m";
  s.result.model_source = "m.yaml";
  s.result.model_checksum = "sha256:00";
  s.result.tool_version = "0.1.0";
  s.result.currency = "EUR";
  return s;
}

// Writes shard `index` holding `scenarios` (the "shard" object listing `listed`, the same ids
// unless given) with ShardWriter, into `dir`; returns its path.
std::string write(const TempDir& dir, long long index, const std::vector<std::string>& scenarios,
                  std::vector<std::string> listed = {}, long long count = 2) {
  if (listed.empty()) listed = scenarios;
  ShardWriter writer(shard(index, count), JsonLayout::kPretty, dir.path.string());
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    writer.add(scenario(listed[i]), JsonRunWriter::scenario_text(scenario(scenarios[i])));
  }
  const std::string path = dir.file("s" + std::to_string(index) + ".json");
  std::ofstream out(path, std::ios::binary);
  writer.write(out);
  return path;
}

std::vector<ShardHead> heads(const std::vector<std::string>& files) {
  std::vector<ShardHead> out;
  for (const auto& f : files) out.push_back(load_shard_head(f));
  return out;
}

// The ids merged, or the error that stopped the merge.
std::string merged(const std::vector<std::string>& files) {
  try {
    SweepMerge merge(heads(files));
    std::string ids;
    for (ScenarioResult s; merge.next(s);) ids += s.id + " ";
    return ids;
  } catch (const InputError& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("reports::ShardWriter: the bytes of write_shard() for the same shard", "[reports]") {
  TempDir dir("drsim-shard-writer");
  for (const JsonLayout layout : {JsonLayout::kPretty, JsonLayout::kCompact}) {
    Shard whole = shard(1);
    for (const char* id : {"a", "c"}) {
      whole.result.scenarios.push_back(scenario(id));
      if (layout == JsonLayout::kCompact) compact(whole.result.scenarios.back());
    }
    std::ostringstream expected;
    write_shard(whole, expected);
    ShardWriter writer(shard(1), layout, dir.path.string());
    for (const auto& s : whole.result.scenarios) {
      writer.add(s, JsonRunWriter::scenario_text(s, layout));
    }
    std::ostringstream got;
    writer.write(got);
    CHECK(got.str() == expected.str());
  }
  CHECK(std::filesystem::is_empty(dir.path));  // the spool left nothing behind
}

TEST_CASE("reports::SweepMerge: the scenarios in the order selected, amounts exact", "[reports]") {
  TempDir dir("drsim-sweep-merge");
  const std::string s1 = write(dir, 1, {"a", "c"}), s2 = write(dir, 2, {"b"});
  const ShardHead head = load_shard_head(s1);
  CHECK(head.index == 1);
  CHECK(head.header.model == "m");
  CHECK(head.header.scenarios.empty());
  REQUIRE(head.entries.size() == 2);
  CHECK(*head.entries[1].downtime_cost == 0.004);

  SweepMerge merge(heads({s2, s1}));  // any order
  CHECK(merge.header().model_checksum == "sha256:00");
  std::vector<std::string> ids;
  double downtime = 0;
  for (ScenarioResult s; merge.next(s);) {
    ids.push_back(s.id);
    downtime += s.cost->downtime;
  }
  CHECK(ids == std::vector<std::string>{"a", "b", "c"});
  CHECK(downtime == Approx(0.012));  // not the 0 each scenario of the file says

  // Stopped half-way, its readers stop too.
  SweepMerge early(heads({s1, s2}));
  ScenarioResult first;
  CHECK(early.next(first));
}

TEST_CASE("reports::SweepMerge: more shards than scenarios, some holding none", "[reports]") {
  TempDir dir("drsim-sweep-merge-many");
  // More shards than scenarios, beyond the readers' window: shards 4 to 7 hold none.
  std::vector<std::string> seven;
  for (long long i = 1; i <= 7; ++i) {
    const std::vector<std::string> part =
        i <= 3 ? std::vector<std::string>{std::string(1, static_cast<char>('a' + i - 1))}
               : std::vector<std::string>{};
    seven.push_back(write(dir, i, part, part, 7));
  }
  CHECK(merged(seven) == "a b c ");
}

TEST_CASE("reports::SweepMerge: a shard that does not hold its part of the run is refused",
          "[reports]") {
  TempDir dir("drsim-sweep-merge-refused");
  const std::string s2 = write(dir, 2, {"b"});
  std::string s1 = write(dir, 1, {"a", "x"});
  CHECK(merged({s1, s2}) ==
        s1 + ": error: /scenarios/1/id: 'x', not 'c' of its part of the run\n" + kChanged);
  s1 = write(dir, 1, {"a"});
  CHECK(merged({s1, s2}) ==
        s1 +
            ": error: /scenarios: shard 1/2 holds 1 scenarios, not the 2 of its "
            "part of the run\n" +
            kChanged);
  s1 = write(dir, 1, {"a", "c"}, {"a", "b"});
  CHECK(merged({s1, s2}) ==
        s1 + ": error: /shard/scenarios/1/id: 'b', not the result's scenario 'c' at this place\n");

  // One amount without the other: refused, never read as 0.
  {
    s1 = write(dir, 1, {"a", "c"});
    std::ifstream in(s1, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string pair = "\"downtime_cost\": 0.004,\n        \"data_loss_cost\": 0.004";
    const auto at = text.find(pair);
    REQUIRE(at != std::string::npos);
    text.replace(at, pair.size(), "\"downtime_cost\": 0.004");
    std::ofstream(s1, std::ios::binary) << text;
    try {
      load_shard_head(s1);
      FAIL("a shard with one amount of two read");
    } catch (const InputError& e) {
      CHECK(
          std::string(e.what()) ==
          s1 + ": error: /shard/scenarios/0: missing key 'data_loss_cost' in a shard's scenario\n");
    }
  }

  const std::string whole = dir.file("whole.json");
  {
    RunResult run = shard(1).result;
    run.scenarios.push_back(scenario("a"));
    std::ofstream out(whole, std::ios::binary);
    write_json(run, out);
  }
  try {
    load_shard_head(whole);
    FAIL("a whole result read as a shard");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          whole +
              ": error: /: a whole result, not a shard of a run\n"
              "  hint: drsim merge reads the files `drsim simulate ... --shard I/N -f json` "
              "writes; `drsim report` reads a whole result\n");
  }
}
