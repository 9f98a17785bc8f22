#include "cli/output_options.hpp"

#include <filesystem>

#include "reports/write_reports.hpp"

namespace drsim::cli {

std::shared_ptr<Output> add_output_options(CLI::App& cmd, const std::vector<std::string>& formats,
                                           const std::map<std::string, std::string>& aliases) {
  auto output = std::make_shared<Output>();
  output->format = formats.front();
  std::string names;
  for (const auto& f : formats) names += (names.empty() ? "" : ", ") + f;
  auto* format = cmd.add_option("-f,--format", output->format, "Output format: " + names)
                     ->capture_default_str();
  if (!aliases.empty()) format->transform(CLI::Transformer(aliases));
  format->check(CLI::IsMember(formats));
  cmd.add_option("-o,--output", output->file, "Write to FILE instead of standard output")
      ->type_name("FILE");
  return output;
}

void emit(const Output& output, const std::string& text, std::ostream& standard_out) {
  emit(
      output, [&](std::ostream& out) { out << text; }, standard_out);
}

void emit(const Output& output, const std::function<void(std::ostream&)>& write,
          std::ostream& standard_out) {
  if (output.file.empty()) {
    write(standard_out);
  } else {
    reports::save_stream(output.file, write);
  }
}

std::string spool_dir(const Output& output) {
  if (output.file.empty()) return std::filesystem::temp_directory_path().string();
  const auto parent = std::filesystem::path(output.file).parent_path();
  return parent.empty() ? "." : parent.string();
}

}  // namespace drsim::cli
