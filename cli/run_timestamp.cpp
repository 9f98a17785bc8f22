// The wall-clock stamp of a run: the one place drsim reads the clock for a report.
#include <cstdlib>
#include <ctime>

#include "cli/command.hpp"

namespace drsim::cli {

std::string run_timestamp() {
  std::time_t now = std::time(nullptr);
  if (const char* fixed = std::getenv("SOURCE_DATE_EPOCH")) now = std::strtoll(fixed, nullptr, 10);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

}  // namespace drsim::cli
