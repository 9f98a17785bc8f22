// Escaping shared by the writers: XML/HTML text and attributes, and Markdown table cells.
// Every string that comes from a result file goes through one of these before it is written.
#pragma once

#include <string>
#include <string_view>

namespace drsim::reports {

// Escapes & < > " ' and drops control characters that XML 1.0 forbids (keeps tab, LF, CR).
std::string xml_escape(std::string_view text);
// Makes text safe inside a Markdown table cell: escapes | and backslash, folds newlines.
std::string markdown_cell(std::string_view text);

}  // namespace drsim::reports
