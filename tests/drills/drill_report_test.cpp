// A drill that failed verification shows as a failure in every report format, with or without an
// RPO objective (issue 12: it used to read "No objective breached" and failures="0").
#include <catch2/catch.hpp>
#include <sstream>

#include "model/outcome.hpp"
#include "reports/write_reports.hpp"

using namespace drsim;

namespace {

RunResult failed_drill_without_objectives() {
  RunResult run;
  run.kind = "drill";
  run.model = "drift-logical";
  ScenarioResult sc;
  sc.id = "drift-logical";
  sc.cls = "drill";
  sc.impact = Impact::kCatastrophic;
  sc.data_loss = "verification failed: app/public.items: 10000 rows restored, 9900 on the source";
  TargetResult t;
  t.id = "drift-logical";
  t.down = true;
  t.rto_s = 2.5;
  t.objectives.push_back(judge(ObjectiveKind::kRto, std::nullopt, t.rto_s, true));
  ObjectiveResult rpo = judge(ObjectiveKind::kRpo, std::nullopt, std::nullopt, true);
  rpo.verdict = Verdict::kBreached;  // what the drill runner records for a failed verification
  t.objectives.push_back(rpo);
  sc.services.push_back(t);
  run.scenarios.push_back(sc);
  return run;
}

std::string render(reports::Format format) {
  std::ostringstream out;
  reports::write_report({failed_drill_without_objectives()}, format, out);
  return out.str();
}

}  // namespace

TEST_CASE("reports: a drill that failed verification is a failure in every format", "[drills]") {
  auto model = reports::build_report(failed_drill_without_objectives());
  CHECK(model.any_breached);
  CHECK(model.scenarios.at(0).objectives.at(1).message ==
        "rpo: no usable recovery point (target none): verification failed: app/public.items: "
        "10000 rows restored, 9900 on the source");
  std::string md = render(reports::Format::kMarkdown);
  CHECK(md.find("✗ Objectives breached") != std::string::npos);
  CHECK(md.find("✓ No objective breached") == std::string::npos);
  CHECK(render(reports::Format::kHtml).find("✗ Objectives breached") != std::string::npos);
  const std::string junit = render(reports::Format::kJunit);
  CHECK(junit.find("failures=\"1\"") != std::string::npos);
  CHECK(junit.find("<failure message=\"rpo: no usable recovery point (target none): verification "
                   "failed: app/public.items: 10000 rows restored, 9900 on the source\"") !=
        std::string::npos);
}
