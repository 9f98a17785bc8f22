#include "reports/html_page.hpp"

#include "reports/escape.hpp"

namespace drsim::reports {
namespace {

const char* const kStyle = R"CSS(
:root{--met:#009E73;--breached:#D55E00;--missing:#E69F00;--na:#999999;--ink:#1a1a1a;--muted:#555;--rule:#d0d0d0;--fill-met:var(--met);--fill-breached:url(#hatch-breached);--fill-missing:url(#dots-missing);--fill-na:#e8e8e8}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans","DejaVu Sans",Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:1100px;padding:24px 28px;line-height:1.45;font-size:14px;background:#fff}
bdi{overflow-wrap:anywhere}
h1{font-size:24px;margin:0 0 6px}h2{font-size:19px;margin:32px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--ink)}h3{font-size:15px;margin:18px 0 6px}
.status{font-size:15px;padding:8px 12px;border-left:6px solid var(--met);background:#eef7f3}
.status.bad{border-left-color:var(--breached);background:#fbefe8}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:13px}
th,td{border-bottom:1px solid var(--rule);padding:4px 8px;text-align:left;vertical-align:top}td{min-width:4em}
th{background:#f3f3f3;font-weight:600}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.verdict{white-space:nowrap;font-weight:600}
td.v-met{color:#006b4f}td.v-breached{color:#a33d00}td.v-missing{color:#8a5a00}td.v-na{color:var(--muted);font-weight:400}
.impact{display:inline-block;padding:1px 8px;border-radius:3px;font-size:12px;font-weight:600;border:1px solid var(--ink);vertical-align:middle}
.impact-none{background:#e5f4ee}.impact-limited{background:#fdf3c4}.impact-severe{background:#f9d9b8}.impact-catastrophic{background:#1a1a1a;color:#fff}
.meta{color:var(--muted);margin:2px 0}
code{font-size:12px;word-break:break-all}
.note{color:var(--muted);font-style:italic}
nav ul{columns:3;column-gap:28px;padding-left:18px;margin:4px 0}nav li{break-inside:avoid}
nav details ul a{display:block;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
summary{cursor:pointer}nav summary{font-weight:600;margin:4px 0}details.group>summary>h3{display:inline}
.chart{overflow-x:auto;margin:4px 0 8px}
svg{font-family:inherit;font-size:11px}
svg text{fill:var(--ink)}
svg .axis line{stroke:#bbb}svg .axis text{fill:var(--muted)}svg .axis .cap{font-style:italic}
svg rect.brk{fill:#fff;fill-opacity:.75;stroke:#999;stroke-dasharray:4 3}svg path.brk{fill:none;stroke:#555;stroke-width:1.5}
svg .lbl{font-size:11px}
svg rect.bar{stroke:#fff;stroke-width:.75}
svg .outage{stroke:#888;stroke-width:1.5;stroke-dasharray:2 2}
svg .st-detect{fill:#56B4E9}svg .st-people{fill:#E69F00}svg .st-failover{fill:#009E73}svg .st-rebuild{fill:#0072B2}svg .st-restore{fill:#CC79A7}svg .st-traffic{fill:#F0E442}svg .st-other{fill:#999}
svg .steptxt{font-size:10px;fill:#000}svg .steptxt.inv{fill:#fff}
td.id{min-width:14em}
svg .rto{stroke:#000;stroke-width:2}svg .cdfline{fill:none;stroke:#0072B2;stroke-width:2}svg .target{stroke:#000;stroke-width:2}svg .tmark{fill:#000}svg .mark{font-weight:700;fill:#000;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg .v-met{fill:var(--fill-met)}svg .v-breached,svg .unrec{fill:var(--fill-breached)}svg .v-missing{fill:var(--fill-missing)}svg .v-na{fill:var(--fill-na)}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:var(--muted);margin:2px 0 6px}
.sw{display:inline-block;width:12px;height:12px;border:1px solid #0003;vertical-align:-2px;margin-right:4px}
.sw.st-detect{background:#56B4E9}.sw.st-people{background:#E69F00}.sw.st-failover{background:#009E73}.sw.st-rebuild{background:#0072B2}.sw.st-restore{background:#CC79A7}.sw.st-traffic{background:#F0E442}.sw.st-other{background:#999}
.sw.v-met{background:var(--met)}.sw.v-breached{background:repeating-linear-gradient(45deg,var(--breached) 0 3px,#f3b58f 3px 5px)}.sw.v-missing{background:radial-gradient(#fff 30%,var(--missing) 32%) 0 0/5px 5px}.sw.v-na{background:#e8e8e8}
footer{margin-top:36px;color:var(--muted);font-size:12px;border-top:1px solid var(--rule);padding-top:8px}
@page{size:A4;margin:14mm}
@media print{
 body{max-width:none;padding:0;font-size:10pt}
 nav{display:none}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 h2,h3{break-after:avoid}
 tr,svg,.legend{break-inside:avoid}
 thead{display:table-header-group}
 .chart{overflow:visible}
 .chart svg{max-width:100%;height:auto}
 section.scenario{break-before:page}
 details::details-content{content-visibility:visible;display:block}summary{list-style:none}
 :root{--fill-breached:var(--breached);--fill-missing:var(--missing)}
 .sw.v-breached{background:var(--breached)}.sw.v-missing{background:var(--missing)}
}
)CSS";

}  // namespace

std::string html_name(std::string_view text) { return "<bdi>" + xml_escape(text) + "</bdi>"; }

std::string svg_name(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0, cut = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // UTF-8 continuation
    if (chars == max_chars - 1) cut = i;                                 // room for the "…"
    if (++chars > max_chars) break;
  }
  std::string shown = chars > max_chars ? xml_escape(text.substr(0, cut)) + "…" : xml_escape(text);
  return "\u2068" + shown + "\u2069";
}

const char* verdict_class(Verdict v) {
  switch (v) {
    case Verdict::kMet:
      return "v-met";
    case Verdict::kBreached:
      return "v-breached";
    case Verdict::kNotApplicable:
      return "v-na";
    case Verdict::kMissingPolicy:
      return "v-missing";
  }
  return "v-na";
}

void write_html_head(const std::string& title, std::ostream& out, const char* extra_style) {
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"drsim\">\n"
      << "<title>" << xml_escape(title) << "</title>\n<style>" << kStyle << extra_style
      << "</style></head>\n"
      << "<body>\n";
}

}  // namespace drsim::reports
