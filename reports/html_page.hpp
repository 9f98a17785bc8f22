// What every drsim HTML page shares: the document head with its Content-Security-Policy (no
// scripts, fonts, images or other requests: `default-src 'none'`, inline styles only) and the
// one style sheet, so the report and the comparison page look and print alike.
#pragma once

#include <ostream>
#include <string>

namespace drsim::reports {

// Writes everything up to and including `<body>`: doctype, charset, CSP, viewport, title
// (escaped) and the inline style sheet, followed by `extra_style` (rules of one page only).
void write_html_head(const std::string& title, std::ostream& out, const char* extra_style = "");

}  // namespace drsim::reports
