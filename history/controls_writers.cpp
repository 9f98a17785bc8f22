// controls_markdown() and controls_html(): the layout of a ControlsReport, nothing decided here.
#include <sstream>

#include "history/controls.hpp"
#include "reports/escape.hpp"
#include "reports/html_page.hpp"

namespace drsim::history {
namespace {

std::string status_text(const ControlSection& s) { return s.covered ? "covered" : "gap"; }

std::string kinds_text(const Control& c) {
  std::string out;
  for (auto k : c.kinds) out += (out.empty() ? "" : ", ") + std::string(to_string(k));
  return out;
}

}  // namespace

std::string controls_markdown(const ControlsReport& r) {
  std::ostringstream out;
  out << "# Recovery testing controls: " << r.from << " to " << r.to << "\n\n";
  out << "Drill history " << reports::markdown_cell(r.history) << "; " << r.evidence.size()
      << " pieces of evidence in the period; " << r.covered << " of " << r.controls.size()
      << " controls covered; " << r.gaps.size() << " gap" << (r.gaps.size() == 1 ? "" : "s")
      << ".\n\n";
  out << "| framework | control | asks | evidence that bears on it | evidence in the period | "
         "status |\n|---|---|---|---|---|---|\n";
  for (const auto& s : r.controls) {
    const Control& c = *s.control;
    out << "| " << c.framework << " | " << c.id << " " << c.title << " | " << c.asks << " | "
        << kinds_text(c) << " | " << s.evidence.size() << " | " << status_text(s) << " |\n";
  }
  for (const auto& s : r.controls) {
    const Control& c = *s.control;
    out << "\n## " << c.framework << " " << c.id << ": " << c.title << "\n\n";
    out << "Asks: " << c.asks << ". Status: **" << status_text(s) << "**.\n\n";
    if (!s.evidence.empty()) {
      out << "| when | evidence | outcome |\n|---|---|---|\n";
      for (std::size_t i : s.evidence) {
        const auto& e = r.evidence[i];
        out << "| " << e.when << " | " << reports::markdown_cell(e.what) << " | "
            << reports::markdown_cell(e.outcome) << " |\n";
      }
      out << "\n";
    }
    for (const auto& g : s.gaps) out << "* gap: " << reports::markdown_cell(g) << "\n";
  }
  out << "\n## Gaps\n\n";
  if (r.gaps.empty()) out << "None.\n";
  for (const auto& g : r.gaps) out << "* " << reports::markdown_cell(g) << "\n";
  return out.str();
}

std::string controls_html(const ControlsReport& r) {
  std::ostringstream out;
  const std::string title = "Recovery testing controls: " + r.from + " to " + r.to;
  reports::write_html_head(title, out);
  auto esc = [](const std::string& t) { return reports::html_name(t); };
  out << "<main>\n<h1>" << reports::xml_escape(title) << "</h1>\n";
  out << "<p>Drill history " << esc(r.history) << "; " << r.evidence.size()
      << " pieces of evidence in the period; " << r.covered << " of " << r.controls.size()
      << " controls covered; " << r.gaps.size() << " gap" << (r.gaps.size() == 1 ? "" : "s")
      << ".</p>\n";
  out << "<table>\n<thead><tr><th>framework</th><th>control</th><th>asks</th><th>evidence that "
         "bears on it</th><th>evidence in the period</th><th>status</th></tr></thead>\n<tbody>\n";
  for (const auto& s : r.controls) {
    const Control& c = *s.control;
    out << "<tr><td>" << reports::xml_escape(c.framework) << "</td><td>"
        << reports::xml_escape(c.id + " " + c.title) << "</td><td>" << reports::xml_escape(c.asks)
        << "</td><td>" << reports::xml_escape(kinds_text(c)) << "</td><td>" << s.evidence.size()
        << "</td><td class=\"" << (s.covered ? "v-met" : "v-breached") << "\">" << status_text(s)
        << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  for (const auto& s : r.controls) {
    const Control& c = *s.control;
    out << "<section>\n<h2>" << reports::xml_escape(c.framework + " " + c.id + ": " + c.title)
        << "</h2>\n<p>Asks: " << reports::xml_escape(c.asks) << ". Status: <strong class=\""
        << (s.covered ? "v-met" : "v-breached") << "\">" << status_text(s) << "</strong>.</p>\n";
    if (!s.evidence.empty()) {
      out << "<table>\n<thead><tr><th>when</th><th>evidence</th><th>outcome</th></tr></thead>\n"
             "<tbody>\n";
      for (std::size_t i : s.evidence) {
        const auto& e = r.evidence[i];
        out << "<tr><td>" << reports::xml_escape(e.when) << "</td><td>" << esc(e.what)
            << "</td><td>" << esc(e.outcome) << "</td></tr>\n";
      }
      out << "</tbody>\n</table>\n";
    }
    if (!s.gaps.empty()) {
      out << "<ul>\n";
      for (const auto& g : s.gaps) out << "<li>gap: " << esc(g) << "</li>\n";
      out << "</ul>\n";
    }
    out << "</section>\n";
  }
  out << "<section>\n<h2>Gaps</h2>\n";
  if (r.gaps.empty()) out << "<p>None.</p>\n";
  if (!r.gaps.empty()) {
    out << "<ul>\n";
    for (const auto& g : r.gaps) out << "<li>" << esc(g) << "</li>\n";
    out << "</ul>\n";
  }
  out << "</section>\n</main>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace drsim::history
