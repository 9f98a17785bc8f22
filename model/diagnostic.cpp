#include "model/diagnostic.hpp"

#include <algorithm>
#include <numeric>

#include "model/errors.hpp"

namespace drsim {

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.loc.file.empty() ? std::string("<input>") : d.loc.file;
  if (d.loc.line > 0) {
    out += ":" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col);
  }
  out += d.severity == Severity::kError ? ": error: " : ": warning: ";
  out += (d.loc.pointer.empty() ? std::string("/") : d.loc.pointer) + ": " + d.message + "\n";
  for (const auto& h : d.hints) out += "  hint: " + h + "\n";
  return out;
}

std::string format_diagnostics(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += format_diagnostic(d);
  return out;
}

void DiagnosticList::error(SourceLoc loc, std::string message, std::vector<std::string> hints) {
  items_.push_back({Severity::kError, std::move(loc), std::move(message), std::move(hints)});
}

void DiagnosticList::warning(SourceLoc loc, std::string message, std::vector<std::string> hints) {
  items_.push_back({Severity::kWarning, std::move(loc), std::move(message), std::move(hints)});
}

bool DiagnosticList::has_errors() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

SourceLoc command_line_loc(const std::string& option) {
  SourceLoc loc;
  loc.file = kCommandLine;
  loc.pointer = option;
  return loc;
}

bool only_command_line_errors(const std::vector<Diagnostic>& ds) {
  bool any = false;
  for (const auto& d : ds) {
    if (d.severity != Severity::kError) continue;
    if (d.loc.file != kCommandLine) return false;
    any = true;
  }
  return any;
}

std::vector<Diagnostic> DiagnosticList::sorted() const {
  std::vector<Diagnostic> out = items_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.loc.file != b.loc.file) return a.loc.file < b.loc.file;
    if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
    return a.loc.col < b.loc.col;
  });
  return out;
}

void DiagnosticList::throw_if_errors() const {
  if (has_errors()) throw InputError(sorted());
}

namespace {
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  std::iota(prev.begin(), prev.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const size_t limit = std::max<size_t>(2, word.size() / 3);
  std::string best;
  size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  if (!best.empty()) return best;
  // A word cut short or run on ("promote" for "promotion") is far in edits but shares all but
  // the last letter of the shorter word: take the longest such shared prefix, of 4 or more.
  size_t best_prefix = 0;
  for (const auto& c : candidates) {
    const size_t shorter = std::min(word.size(), c.size());
    const size_t prefix = static_cast<size_t>(
        std::mismatch(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(shorter), c.begin())
            .first -
        word.begin());
    if (prefix >= 4 && prefix + 1 >= shorter && prefix > best_prefix) {
      best_prefix = prefix;
      best = c;
    }
  }
  return best;
}

}  // namespace drsim
