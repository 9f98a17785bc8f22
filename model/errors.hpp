// The one table of error kinds and their process exit codes (see docs/errors.md).
// Every layer throws these typed exceptions; only cli/main.cpp catches them and exits.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "model/diagnostic.hpp"

namespace drsim {

// Process exit codes, stable for CI pipelines that gate on them.
enum class ExitCode : int {
  kOk = 0,            // every objective met
  kFinding = 1,       // an objective breached or a drill verification failed
  kUsage = 2,         // bad command line
  kInvalidInput = 3,  // a model, scenario, drill or result file is invalid
  kEnvironment = 4,   // a drill target or the environment is unusable
  kInternal = 70,     // a bug in drsim
  // A drill stopped by a signal after cleaning up: 128 + the signal, as a shell reports a
  // process the signal ended (130 SIGINT, 143 SIGTERM).
  kInterruptedBySigint = 130,
  kInterruptedBySigterm = 143,
};

// Base of every drsim error; carries the exit code it maps to.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode exit_code() const { return code_; }

 private:
  ExitCode code_;
};

// Bad command-line usage (exit 2).
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(ExitCode::kUsage, message) {}
};

// Invalid input (exit 3). Holds every located diagnostic found, warnings included. When every
// error is about the command line ("<command line>: error: --at: ...") it is a usage error
// (exit 2): what the user typed is wrong, not a file.
class InputError : public Error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics)
      : Error(only_command_line_errors(diagnostics) ? ExitCode::kUsage : ExitCode::kInvalidInput,
              format_diagnostics(diagnostics)),
        diagnostics_(std::move(diagnostics)) {}
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// A drill target or the environment cannot be used (exit 4); `hint` says what to do.
class EnvironmentError : public Error {
 public:
  explicit EnvironmentError(const std::string& message, std::string hint = {})
      : EnvironmentError(ExitCode::kEnvironment, message, std::move(hint)) {}
  const std::string& hint() const { return hint_; }

 protected:
  EnvironmentError(ExitCode code, const std::string& message, std::string hint)
      : Error(code, message), hint_(std::move(hint)) {}

 private:
  std::string hint_;
};

// SIGINT or SIGTERM stopped a drill, after everything it started was stopped and removed:
// exit 130 or 143, apart from exit 4 so a scheduler can tell "stopped" from "cannot reach".
class InterruptedError : public EnvironmentError {
 public:
  InterruptedError(bool sigterm, const std::string& message, std::string hint = {})
      : EnvironmentError(sigterm ? ExitCode::kInterruptedBySigterm : ExitCode::kInterruptedBySigint,
                         message, std::move(hint)) {}
};

// Drill evidence that does not match its hash chain or signature (exit 1): a finding about the
// recorded drills, as a breached objective is, not a failure of drsim; `hint` says what to do.
class EvidenceError : public Error {
 public:
  EvidenceError(const std::string& message, std::string hint)
      : Error(ExitCode::kFinding, message), hint_(std::move(hint)) {}
  const std::string& hint() const { return hint_; }

 private:
  std::string hint_;
};

// A broken invariant inside drsim (exit 70).
class InternalError : public Error {
 public:
  explicit InternalError(const std::string& message) : Error(ExitCode::kInternal, message) {}
};

}  // namespace drsim
