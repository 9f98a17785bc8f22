// Diagnostics (model/diagnostic.hpp) and the exit code of an InputError (model/errors.hpp):
// command-line errors are usage (2), anything in a file is invalid input (3).
#include "model/diagnostic.hpp"

#include <catch2/catch.hpp>

#include "model/errors.hpp"

using namespace drsim;

namespace {

Diagnostic error_at(SourceLoc loc) { return {Severity::kError, std::move(loc), "bad", {}}; }

}  // namespace

TEST_CASE("InputError: errors only on the command line exit 2, any error in a file exits 3",
          "[model][errors]") {
  const Diagnostic cli = error_at(command_line_loc("--at"));
  const Diagnostic file = error_at({"m.yaml", 3, 4, "/services"});
  Diagnostic file_warning = file;
  file_warning.severity = Severity::kWarning;
  CHECK(InputError({cli}).exit_code() == ExitCode::kUsage);
  CHECK(InputError({cli, file_warning}).exit_code() == ExitCode::kUsage);
  CHECK(InputError({cli, file}).exit_code() == ExitCode::kInvalidInput);
  CHECK(InputError({file}).exit_code() == ExitCode::kInvalidInput);
  CHECK(std::string(InputError({cli}).what()) == "<command line>: error: --at: bad\n");
}

TEST_CASE("did_you_mean: close spellings, and words cut short or run on", "[model][errors]") {
  const std::vector<std::string> keys = {"mode", "promotion", "cross_region"};
  CHECK(did_you_mean("promtion", keys) == "promotion");  // one edit
  CHECK(did_you_mean("promote", keys) == "promotion");   // cut short: 3 edits, shared stem
  CHECK(did_you_mean("promotions", keys) == "promotion");
  CHECK(did_you_mean("cross", keys) == "cross_region");  // the whole word is a stem
  CHECK(did_you_mean("pro", keys).empty());              // too short to be a stem
  CHECK(did_you_mean("vendor", keys).empty());
}
