// drsim: the executable. Parses the command line, runs one subcommand, and maps every error to
// its exit code (docs/errors.md). This is the only place in drsim that catches errors.
#include <iostream>
#include <string>

#include "cli/command.hpp"
#include "drsim/version.hpp"
#include "model/errors.hpp"

namespace {

// `drsim: error: message` and its hint line, as every error that is not located prints.
int report(const drsim::Error& e, const std::string& hint) {
  std::cerr << "drsim: error: " << e.what() << "\n";
  if (!hint.empty()) std::cerr << "  hint: " << hint << "\n";
  return static_cast<int>(e.exit_code());
}

}  // namespace

int main(int argc, char** argv) {
  using drsim::ExitCode;
  CLI::App app{"drsim: disaster-recovery simulator and drill runner", "drsim"};
  app.set_version_flag("--version", std::string("drsim ") + drsim::kVersion);
  app.require_subcommand(1);
  drsim::cli::Action action;
  drsim::cli::Io io{std::cout, std::cerr};
  drsim::cli::add_validate_command(app, action, io);
  drsim::cli::add_graph_command(app, action, io);
  drsim::cli::add_blast_radius_command(app, action, io);
  drsim::cli::add_report_command(app, action, io);
  drsim::cli::add_simulate_command(app, action, io);
  drsim::cli::add_merge_command(app, action, io);
  drsim::cli::add_compare_command(app, action, io);
  drsim::cli::add_analyze_command(app, action, io);
  drsim::cli::add_drill_command(app, action, io);
  drsim::cli::add_history_command(app, action, io);
  drsim::cli::add_calibrate_command(app, action, io);
  drsim::cli::add_evidence_command(app, action, io);
  drsim::cli::add_generate_commands(app, action, io);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::kUsage);
  }
  try {
    return action ? action() : static_cast<int>(ExitCode::kUsage);
  } catch (const drsim::InputError& e) {
    std::cerr << e.what();
    return static_cast<int>(e.exit_code());
  } catch (const drsim::EnvironmentError& e) {
    return report(e, e.hint());
  } catch (const drsim::EvidenceError& e) {
    return report(e, e.hint());
  } catch (const drsim::Error& e) {
    return report(e, "");
  } catch (const std::bad_alloc&) {
    // Not a bug: the process ran out of its memory (a ulimit, a container limit).
    std::cerr << "drsim: error: out of memory\n"
              << "  hint: raise the memory limit (ulimit -v, the container's limit), simulate "
                 "fewer scenarios at once (--jobs 1), or use a smaller model\n";
    return static_cast<int>(ExitCode::kEnvironment);
  } catch (const std::exception& e) {
    std::cerr << "drsim: internal error: " << e.what() << "\n"
              << "  hint: this is a bug in drsim; please report it with the input that caused it\n";
    return static_cast<int>(ExitCode::kInternal);
  }
}
