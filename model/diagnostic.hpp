// Located diagnostics: `file:line:col: error: /json/pointer: message` followed by `hint:` lines.
// Loaders collect every problem of a file into a DiagnosticList and throw once at the end.
#pragma once

#include <string>
#include <vector>

namespace drsim {

enum class Severity { kError, kWarning };

// Where something is in an input file; line and col are 1-based (0 = unknown).
struct SourceLoc {
  std::string file;
  int line = 0;
  int col = 0;
  std::string pointer;  // RFC 6901 JSON pointer, "" for the whole document
};

// The file name of diagnostics about the command line: "<command line>: error: --at: ...".
inline constexpr const char* kCommandLine = "<command line>";

// Where a command-line error points: file kCommandLine, pointer = the option ("--at").
SourceLoc command_line_loc(const std::string& option);

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLoc loc;
  std::string message;             // lowercase, no trailing period
  std::vector<std::string> hints;  // each printed as its own `hint:` line
};

// Formats one diagnostic as its lines of text, each ending in '\n'.
std::string format_diagnostic(const Diagnostic& d);
// Formats diagnostics in the order given.
std::string format_diagnostics(const std::vector<Diagnostic>& ds);

// True if every error among `ds` is about the command line (and there is at least one).
bool only_command_line_errors(const std::vector<Diagnostic>& ds);

// Collects diagnostics while a loader walks a file.
class DiagnosticList {
 public:
  void error(SourceLoc loc, std::string message, std::vector<std::string> hints = {});
  void warning(SourceLoc loc, std::string message, std::vector<std::string> hints = {});
  bool has_errors() const;
  // Sorted by line, column, then insertion order, so output is stable.
  std::vector<Diagnostic> sorted() const;
  // Throws InputError holding every diagnostic if any is an error.
  void throw_if_errors() const;

 private:
  std::vector<Diagnostic> items_;
};

// Suggests the closest candidate to `word` (edit distance <= max(2, len/3), else the longest
// prefix of 4 or more letters it shares, all but the last letter of the shorter word: "promote"
// -> "promotion"), or "" if none.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace drsim
