#include "reports/escape.hpp"

#include <cctype>

#include "model/printable.hpp"

namespace drsim::reports {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // XML 1.0 has no way to write these; a result string holding one would break parsers.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string markdown_cell(std::string_view text) {
  std::string folded(text);
  for (char& c : folded) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  const std::string shown = printable(folded);
  const auto word = [&](std::size_t i) {
    return i < shown.size() && std::isalnum(static_cast<unsigned char>(shown[i]));
  };
  std::string out;
  out.reserve(shown.size() + 8);
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const char c = shown[i];
    // Inside a word "_" is plain text in CommonMark (orders_db); at a word's edge it may open or
    // close emphasis. "://" would become a live link in GitHub's Markdown.
    const bool escape = c == '\\' || c == '|' || c == '`' || c == '*' || c == '[' || c == ']' ||
                        c == '<' || c == '~' ||
                        (c == '_' && !(i > 0 && word(i - 1) && word(i + 1))) ||
                        (c == ':' && shown.compare(i + 1, 2, "//") == 0);
    if (c == '&') {
      out += "&amp;";
    } else {
      if (escape) out += '\\';
      out += c;
    }
  }
  return out;
}

}  // namespace drsim::reports
