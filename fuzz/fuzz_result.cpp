// Fuzzes result files (drsim.result/1 JSON, as `drsim report` reads them) through the streaming
// reader, the report model and every writer: Markdown, HTML, JUnit and JSON.
#include <sstream>

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
    auto result = drsim::reports::detail::read_result_text(text, "fuzz.json", true);
    auto report = drsim::reports::build_report(result);
    std::ostringstream out;
    drsim::reports::write_markdown(report, out);
    drsim::reports::write_html(report, out);
    drsim::reports::write_junit(report, out);
    out << drsim::reports::to_json(result).dump();
  });
}
