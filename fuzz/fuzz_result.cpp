// Fuzzes result files (drsim.result/1 JSON, as `drsim report` reads them) through the reader of
// big files, a few bytes at a time, into the report model a scenario at a time; then through the
// reader of whole texts, the report model and every writer: Markdown, HTML, JUnit and JSON.
#include <memory>
#include <sstream>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "reports/detail/result_reader.hpp"
#include "reports/html_writer.hpp"
#include "reports/junit_writer.hpp"
#include "reports/markdown_writer.hpp"
#include "reports/report_model.hpp"
#include "reports/result_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = drsim::fuzz::text_of(data, size);
  return drsim::fuzz::expect_answer_or_error([&] {
    std::istringstream in(text);
    drsim::reports::detail::ReadLimits limits;
    limits.block_bytes = 5;
    limits.max_value_bytes = 1 << 16;
    std::unique_ptr<drsim::reports::ReportBuilder> builder;
    drsim::reports::detail::read_result_stream(
        in, "fuzz.json",
        [&](const drsim::RunResult& header, drsim::ScenarioResult&& s) {
          if (!builder) {
            builder = std::make_unique<drsim::reports::ReportBuilder>(
                std::vector<const drsim::RunResult*>{&header}, drsim::reports::ReportLimits{},
                false);
          }
          builder->add(0, s);
        },
        drsim::reports::detail::ShardKey::kRefuse, limits);
    if (builder) builder->finish();
    auto result = drsim::reports::detail::read_result_text(text, "fuzz.json", true);
    auto report = drsim::reports::build_report(result);
    std::ostringstream out;
    drsim::reports::write_markdown(report, out);
    drsim::reports::write_html(report, out);
    drsim::reports::write_junit(report, out);
    out << drsim::reports::to_json(result).dump();
  });
}
