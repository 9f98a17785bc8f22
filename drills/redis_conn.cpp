#include "drills/redis_conn.hpp"

#include <hiredis.h>
#include <sys/time.h>

#include <cmath>
#include <sstream>

namespace drsim::drills {
namespace {

timeval to_timeval(double seconds) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(seconds);
  tv.tv_usec = static_cast<suseconds_t>((seconds - std::floor(seconds)) * 1e6);
  return tv;
}

std::string reply_text(const redisReply* r) {
  switch (r->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      return std::string(r->str, r->len);
    case REDIS_REPLY_INTEGER:
      return std::to_string(r->integer);
    case REDIS_REPLY_NIL:
      return "(nil)";
    case REDIS_REPLY_ARRAY: {
      std::string out;
      for (std::size_t i = 0; i < r->elements; ++i) {
        if (i) out += '\n';
        out += reply_text(r->element[i]);
      }
      return out;
    }
    default:
      return "";
  }
}

struct ReplyFree {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};

}  // namespace

RedisConn::RedisConn(const RedisAddress& where, const std::string& password, double timeout_s)
    : shown_(where.shown()) {
  const timeval tv = to_timeval(timeout_s);
  if (!where.socket.empty()) {
    c_ = redisConnectUnixWithTimeout(where.socket.c_str(), tv);
  } else {
    const auto colon = where.address.rfind(':');
    const std::string host = where.address.substr(0, colon);
    const int port = std::stoi(where.address.substr(colon + 1));
    c_ = redisConnectWithTimeout(host.c_str(), port, tv);
  }
  if (!c_ || c_->err) {
    const std::string why = c_ ? c_->errstr : "out of memory";
    if (c_) redisFree(c_);
    c_ = nullptr;
    throw RedisError("cannot connect to redis at " + shown_ + ": " + why);
  }
  redisSetTimeout(c_, tv);
  if (!password.empty()) command({"AUTH", password});
}

RedisConn::~RedisConn() {
  if (c_) redisFree(c_);
}

std::string RedisConn::command(const std::vector<std::string>& argv) {
  std::vector<const char*> args;
  std::vector<std::size_t> lens;
  for (const auto& a : argv) {
    args.push_back(a.data());
    lens.push_back(a.size());
  }
  std::unique_ptr<redisReply, ReplyFree> r(static_cast<redisReply*>(
      redisCommandArgv(c_, static_cast<int>(args.size()), args.data(), lens.data())));
  // Never the arguments in a message: AUTH carries the password.
  const std::string what = argv.empty() ? "" : argv.front();
  if (!r) throw RedisError("redis at " + shown_ + ": " + what + " failed: " + c_->errstr);
  if (r->type == REDIS_REPLY_ERROR) {
    throw RedisError("redis at " + shown_ + " refused " + what + ": " +
                     std::string(r->str, r->len));
  }
  return reply_text(r.get());
}

std::string info_field(const std::string& info, const std::string& field) {
  std::istringstream in(info);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind(field + ":", 0) == 0) return line.substr(field.size() + 1);
  }
  return "";
}

}  // namespace drsim::drills
