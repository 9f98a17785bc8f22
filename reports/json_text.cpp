#include "reports/json_text.hpp"

namespace drsim::reports {

JsonText::JsonText(std::string& out, bool pretty, int indent)
    : out_(out),
      pretty_(pretty),
      indent_(indent),
      scalars_(nlohmann::detail::output_adapter<char>(out), ' ',
               nlohmann::ordered_json::error_handler_t::replace) {}

void JsonText::newline(int depth) {
  out_ += '\n';
  out_.append(static_cast<std::size_t>(indent_ + 2 * depth), ' ');
}

void JsonText::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (open_.empty()) return;
  Level& l = open_.back();  // an element of a list
  if (!l.empty) out_ += ',';
  l.empty = false;
  if (pretty_) newline(static_cast<int>(open_.size()));
}

void JsonText::begin_object() {
  before_value();
  out_ += '{';
  open_.push_back({true});
}

void JsonText::begin_array() {
  before_value();
  out_ += '[';
  open_.push_back({false});
}

void JsonText::end_object() {
  const bool empty = open_.back().empty;
  open_.pop_back();
  if (pretty_ && !empty) newline(static_cast<int>(open_.size()));
  out_ += '}';
}

void JsonText::end_array() {
  const bool empty = open_.back().empty;
  open_.pop_back();
  if (pretty_ && !empty) newline(static_cast<int>(open_.size()));
  out_ += ']';
}

void JsonText::key(const char* name) {
  Level& l = open_.back();
  if (!l.empty) out_ += ',';
  l.empty = false;
  if (pretty_) newline(static_cast<int>(open_.size()));
  out_ += '"';
  out_ += name;  // keys are the contract's own ASCII names: nothing to escape
  out_ += pretty_ ? "\": " : "\":";
  after_key_ = true;
}

void JsonText::value(const nlohmann::ordered_json& scalar) {
  before_value();
  scalars_.dump(scalar, false, false, 0);
}

}  // namespace drsim::reports
