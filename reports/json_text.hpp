// JSON text written as it goes, without building a document first: what a big sweep's results
// are serialised with (reports/result_json.cpp), byte for byte what nlohmann's dump() prints for
// the same document — pretty (two-space indentation, `"key": value`) or compact (no spaces) —
// since every scalar goes through nlohmann's own serializer (escaping, invalid UTF-8 replaced,
// number format).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace drsim::reports {

class JsonText {
 public:
  // Appends to `out`; pretty output starts at `indent` spaces (an element nested that deep).
  JsonText(std::string& out, bool pretty, int indent = 0);

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  // The key of the next value in the current object.
  void key(const char* name);
  // A scalar (null, bool, number or string), as dump() writes it.
  void value(const nlohmann::ordered_json& scalar);
  // `name` and its scalar value.
  void field(const char* name, const nlohmann::ordered_json& scalar) {
    key(name);
    value(scalar);
  }

 private:
  void before_value();  // the separator and indentation an element of a list needs
  void newline(int depth);

  std::string& out_;
  bool pretty_;
  int indent_;
  nlohmann::detail::serializer<nlohmann::ordered_json> scalars_;
  struct Level {
    bool object;
    bool empty = true;
  };
  std::vector<Level> open_;
  bool after_key_ = false;
};

}  // namespace drsim::reports
