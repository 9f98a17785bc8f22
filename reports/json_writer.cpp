#include "reports/json_writer.hpp"

#include "reports/result_json.hpp"

namespace drsim::reports {

void write_json(const RunResult& result, std::ostream& out) {
  // Replace rather than throw on invalid UTF-8: a bad byte in a name must not lose the report.
  out << to_json(result).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
      << "\n";
}

}  // namespace drsim::reports
