// Runs the real `drsim validate` on every named bad input in tests/data/invalid/ (and `drsim
// simulate --file` on every bad scenario file in tests/data/invalid/scenarios/) and compares its
// exit code and its whole stderr with <name>.expected; then feeds it hostile files generated
// here (truncated, empty, binary, 100,000 levels deep, 100 MB) that must fail cleanly with exit 3.
#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Run {
  int exit_code = -1;
  std::string err;
};

// Runs `drsim <args>` from `dir` and returns its exit code and stderr.
Run drsim(const std::string& dir, const std::string& args) {
  const std::string command = "cd '" + dir + "' && '" DRSIM_EXE "' " + args + " 2>&1 >/dev/null";
  Run run;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.err.append(buffer, n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// Runs `drsim validate <file>` from `dir`.
Run validate(const std::string& dir, const std::string& file) {
  return drsim(dir, "validate '" + file + "'");
}

// The named bad inputs (.yaml, .json) in a catalogue folder, sorted; checks that every
// .expected file has its input.
std::vector<fs::path> catalogue(const fs::path& dir) {
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto ext = entry.path().extension();
    if (ext == ".yaml" || ext == ".json") inputs.push_back(entry.path());
    if (ext == ".expected") {
      fs::path stem = entry.path();
      INFO("expected file without an input: " << stem.filename().string());
      CHECK((fs::exists(fs::path(stem).replace_extension(".yaml")) ||
             fs::exists(fs::path(stem).replace_extension(".json"))));
    }
  }
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A scratch directory under the build tree, emptied first.
fs::path scratch_dir() {
  fs::path dir = fs::path(DRSIM_BINARY_DIR) / "tests" / "hostile-inputs";
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

const char* const kValidModel = R"(version: 1
name: shop
topology:
  vendors:
    - id: aws
      regions:
        - id: eu-west-1
          zones: [{id: euw1-az1}, {id: euw1-az2}]
services:
  - id: web
    placement: {zones: [euw1-az1, euw1-az2], instances: 4, min_healthy: 2}
)";

// Writes the hostile inputs into a scratch directory and returns it.
fs::path write_hostile_files() {
  const fs::path dir = scratch_dir();
  const std::string model = kValidModel;
  write_file(dir / "truncated.yaml", model.substr(0, model.find("euw1-az2], instances")));
  write_file(dir / "truncated.json",
             R"({"version": 1, "name": "shop", "services": [{"id": "web", "placement": {"zo)");
  write_file(dir / "empty.yaml", "");
  write_file(dir / "blank.json", "\n\n   \n");
  std::mt19937 rng(20261122);  // fixed seed: the same bytes on every run
  std::string binary(4096, '\0');
  for (auto& c : binary) c = static_cast<char>(rng() & 0xff);
  write_file(dir / "random.yaml", binary);
  write_file(dir / "deep-flow.yaml", std::string(100000, '[') + std::string(100000, ']'));
  std::string block;
  for (int i = 0; i < 100000; ++i) block += "- ";
  write_file(dir / "deep-block.yaml", block + "x\n");
  std::string indented;  // block mappings nested by indentation, 2,000 levels
  for (int i = 0; i < 2000; ++i) indented += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
  write_file(dir / "deep-indent.yaml", indented);
  std::string deep_json;
  for (int i = 0; i < 100000; ++i) deep_json += "{\"a\":";
  write_file(dir / "deep.json", deep_json + "1" + std::string(100000, '}'));
  {
    std::ofstream many(dir / "many-values.json", std::ios::binary);
    many << R"({"version": 1, "services": [)";  // 3 values so far; 2,000,000 is the limit
    for (int i = 0; i < 1999998; ++i) many << "0,";
    many << "0]}";
  }
  {
    std::ofstream big(dir / "big.yaml", std::ios::binary);
    big << model << "  # padding\n";
    const std::string line = "  - {id: svc, placement: {zones: [euw1-az1]}}\n";
    for (std::size_t size = 0; size < 100u * 1000 * 1000; size += line.size()) big << line;
  }

  return dir;
}

}  // namespace

TEST_CASE("drsim validate: every catalogued invalid input prints exactly its expected text",
          "[model][catalogue]") {
  const std::vector<fs::path> inputs =
      catalogue(fs::path(DRSIM_SOURCE_DIR) / "tests" / "data" / "invalid");
  CHECK(inputs.size() >= 32);
  for (const auto& input : inputs) {
    const std::string relative = "tests/data/invalid/" + input.filename().string();
    DYNAMIC_SECTION(relative) {
      const fs::path expected = fs::path(input).replace_extension(".expected");
      REQUIRE(fs::exists(expected));
      Run run = validate(DRSIM_SOURCE_DIR, relative);
      CHECK(run.exit_code == 3);
      CHECK(run.err == read_file(expected));
    }
  }
}

TEST_CASE("drsim simulate --file: every catalogued invalid scenario file prints its expected text",
          "[scenarios][catalogue]") {
  const std::vector<fs::path> inputs =
      catalogue(fs::path(DRSIM_SOURCE_DIR) / "tests" / "data" / "invalid" / "scenarios");
  CHECK(inputs.size() >= 1);
  for (const auto& input : inputs) {
    const std::string relative = "tests/data/invalid/scenarios/" + input.filename().string();
    DYNAMIC_SECTION(relative) {
      Run run = drsim(DRSIM_SOURCE_DIR, "simulate examples/small.yaml --file '" + relative + "'");
      CHECK(run.exit_code == 3);
      CHECK(run.err == read_file(fs::path(input).replace_extension(".expected")));
    }
  }
}

TEST_CASE("drsim validate: hostile files fail fast with a located error and exit 3",
          "[model][catalogue]") {
  // Catch runs the test case once per section: write the files only on the first pass.
  static const fs::path dir = write_hostile_files();
  struct Case {
    const char* file;
    const char* message;
  };
  const Case cases[] = {
      {"truncated.yaml",
       "truncated.yaml:12:1: error: /: invalid YAML: did not find expected node "},
      {"truncated.json", "truncated.json:1:76: error: /: invalid JSON: unexpected end of file"},
      {"empty.yaml", "empty.yaml:1:1: error: /: file is empty\n"},
      {"blank.json", "blank.json:1:1: error: /: file is empty\n"},
      {"random.yaml", "random.yaml:1:1: error: /: file is not UTF-8 text (byte 0x"},
      {"deep-flow.yaml", "deep-flow.yaml:1:64: error: /: nesting is deeper than 64 levels\n"},
      {"deep-block.yaml", "deep-block.yaml:1:200001: error: /: nesting is deeper than 64 levels"},
      {"deep-indent.yaml", "deep-indent.yaml:65:65: error: /: nesting is deeper than 64 levels\n"},
      {"deep.json", "deep.json:1:316: error: /: nesting is deeper than 64 levels\n"},
      {"big.yaml", "big.yaml:1:1: error: /: file is 95 MiB, larger than the limit of 64 MiB\n"},
      {"many-values.json",
       "many-values.json:1:4000023: error: /services: document has more than 2000000 values "
       "(lists, mappings and scalars)\n"
       "  hint: a model of 10,000 services has about 230,000; split the estate into several "
       "models, or check that this is the right file\n"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.file) {
      Run run = validate(dir.string(), c.file);
      CHECK(run.exit_code == 3);
      CHECK(run.err.rfind(c.message, 0) == 0);
      CHECK(run.err.find("  hint: ") != std::string::npos);
    }
  }
}

TEST_CASE("drsim validate: a risky but valid model exits 0 and prints its warnings to stderr",
          "[model][catalogue]") {
  Run run = validate(DRSIM_SOURCE_DIR, "tests/data/valid/risky-design.yaml");
  CHECK(run.exit_code == 0);
  CHECK(run.err ==
        read_file(fs::path(DRSIM_SOURCE_DIR) / "tests/data/valid/risky-design.expected"));
}
