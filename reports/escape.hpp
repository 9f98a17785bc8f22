// Escaping shared by the writers: XML/HTML text and attributes, and Markdown text (text for a
// terminal: drsim::printable, model/printable.hpp). Every string that comes from a result file
// goes through one of these before it is written.
#pragma once

#include <string>
#include <string_view>

namespace drsim::reports {

// Escapes & < > " ' and drops control characters that XML 1.0 forbids (keeps tab, LF, CR).
std::string xml_escape(std::string_view text);
// Makes text inert inside Markdown (a table cell, a heading, a list item): what could start
// Markdown syntax is backslash-escaped (\ | ` * [ ] < ~, '_' that could open or close emphasis,
// the ':' of "://"), '&' becomes "&amp;" so an entity is shown as written, line breaks and tabs
// become spaces, and other control and bidi characters are shown as printable() escapes.
std::string markdown_cell(std::string_view text);

}  // namespace drsim::reports
