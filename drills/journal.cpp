#include "drills/journal.hpp"

#include <cstdio>
#include <ctime>
#include <fstream>

#include "model/errors.hpp"
#include "model/schemas.hpp"

namespace drsim::drills {
namespace {

constexpr std::size_t kExcerpt = 2000;

nlohmann::ordered_json opt(std::optional<double> v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::string iso_now() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

Journal::Journal(std::string drill, std::string method, std::string run_id, std::string path)
    : drill_(std::move(drill)),
      method_(std::move(method)),
      run_id_(std::move(run_id)),
      path_(std::move(path)),
      started_at_(iso_now()),
      start_(std::chrono::steady_clock::now()) {}

double Journal::now_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::size_t Journal::begin(const std::string& name) {
  JournalStep s;
  s.name = name;
  s.begin_at = iso_now();
  s.begin_s = now_s();
  steps_.push_back(s);
  flush();
  return steps_.size() - 1;
}

void Journal::end(std::size_t i, const std::string& status, const std::string& detail,
                  const std::string& output, const std::string& error) {
  auto& s = steps_.at(i);
  s.status = status;
  s.end_at = iso_now();
  s.end_s = now_s();
  s.detail = detail;
  std::string out = output;
  if (out.size() > kExcerpt) out = "..." + out.substr(out.size() - kExcerpt);
  s.output = out;
  s.error = error;
  flush();
}

void Journal::skip(const std::string& name, const std::string& why) {
  auto i = begin(name);
  end(i, "skipped", why);
}

nlohmann::ordered_json Journal::to_json() const {
  nlohmann::ordered_json j;
  j["schema"] = kJournalSchema;
  j["drill"] = drill_;
  j["method"] = method_;
  j["run_id"] = run_id_;
  j["status"] = status_;
  j["started_at"] = started_at_;
  j["t0_s"] = opt(t0_s_);
  j["rto_s"] = opt(rto_s_);
  j["rpo_s"] = opt(rpo_s_);
  j["findings"] = findings_;
  j["notes"] = notes_;
  j["evidence"] = evidence_;
  auto steps = nlohmann::ordered_json::array();
  for (const auto& s : steps_) {
    nlohmann::ordered_json o;
    o["name"] = s.name;
    o["status"] = s.status;
    o["begin"] = s.begin_at;
    o["end"] =
        s.end_at.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s.end_at);
    o["begin_s"] = s.begin_s;
    o["end_s"] =
        s.end_at.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s.end_s);
    o["detail"] = s.detail;
    o["output"] = s.output;
    o["error"] = s.error;
    steps.push_back(o);
  }
  j["steps"] = steps;
  return j;
}

void Journal::flush() const {
  if (path_.empty()) return;
  std::string tmp = path_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) throw EnvironmentError("cannot write the journal " + path_, "check the directory");
    out << to_json().dump(2) << "\n";
  }
  if (std::rename(tmp.c_str(), path_.c_str()) != 0) {
    throw EnvironmentError("cannot write the journal " + path_, "check the directory");
  }
}

}  // namespace drsim::drills
