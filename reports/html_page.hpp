// What every drsim HTML page shares: the document head with its Content-Security-Policy (no
// scripts, fonts, images or other requests: `default-src 'none'`, inline styles only), the one
// style sheet, so the report and the comparison page look and print alike, and the way names
// from a result are written into a page.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

#include "model/outcome.hpp"

namespace drsim::reports {

// A name or text from a result (service, scenario, design, finding) as HTML text: escaped and
// isolated in <bdi>, so a right-to-left override inside it cannot reorder what follows it.
std::string html_name(std::string_view text);
// The same for SVG <text>, which has no <bdi>: escaped between FIRST STRONG ISOLATE and POP
// DIRECTIONAL ISOLATE, cut to at most `max_chars` (at least 2) characters (code points) with "…"
// at the end.
std::string svg_name(std::string_view text, std::size_t max_chars);
// The class that colours and patterns a verdict: "v-met", "v-breached", "v-missing", "v-na".
const char* verdict_class(Verdict v);

// Writes everything up to and including `<body>`: doctype, charset, CSP, viewport, title
// (escaped) and the inline style sheet, followed by `extra_style` (rules of one page only).
void write_html_head(const std::string& title, std::ostream& out, const char* extra_style = "");

}  // namespace drsim::reports
