// A connection to a Redis server through hiredis (Debian's libhiredis): over TCP (host:port) or
// a Unix socket, a timeout on connecting and on every command, AUTH with a password that is
// never shown. Redis drills use it to reach the source (PING, the heartbeat) and the scratch
// server they start (loading, keys, probes).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/errors.hpp"

struct redisContext;

namespace drsim::drills {

// The server refused a command or the connection failed; what() says which and why.
class RedisError : public EnvironmentError {
 public:
  using EnvironmentError::EnvironmentError;
};

// Where a Redis server listens: host:port, or a Unix socket path.
struct RedisAddress {
  std::string address;  // host:port
  std::string socket;   // used when not empty
  std::string shown() const { return socket.empty() ? address : socket; }
};

class RedisConn {
 public:
  // Connects and authenticates (when `password` is not empty); throws RedisError.
  RedisConn(const RedisAddress& where, const std::string& password, double timeout_s);
  ~RedisConn();
  RedisConn(const RedisConn&) = delete;
  RedisConn& operator=(const RedisConn&) = delete;

  // Runs a command; returns its reply as text (a status, a string, an integer in decimal;
  // "(nil)" for a missing value, the elements one per line for an array). Throws RedisError
  // for an error reply (its text) or a broken connection.
  std::string command(const std::vector<std::string>& argv);

 private:
  redisContext* c_ = nullptr;
  std::string shown_;
};

// The value of `field` in the text of an INFO reply ("loading" -> "0"), "" if absent.
std::string info_field(const std::string& info, const std::string& field);

}  // namespace drsim::drills
