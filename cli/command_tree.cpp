#include "cli/command_tree.hpp"

#include <cctype>

namespace drsim::cli {
namespace {

// CLI11 writes allowed values into the type name as "{text,json}" (IsMember); a map such as
// "{table->text}" (Transformer) names aliases, which completion does not offer.
std::vector<std::string> choices_of(const std::string& type_name) {
  std::vector<std::string> out;
  for (std::size_t open = type_name.find('{'); open != std::string::npos;
       open = type_name.find('{', open + 1)) {
    const std::size_t close = type_name.find('}', open);
    if (close == std::string::npos) break;
    const std::string set = type_name.substr(open + 1, close - open - 1);
    if (set.find("->") != std::string::npos) continue;
    std::size_t begin = 0;
    while (begin <= set.size()) {
      std::size_t comma = set.find(',', begin);
      if (comma == std::string::npos) comma = set.size();
      if (comma > begin) out.push_back(set.substr(begin, comma - begin));
      begin = comma + 1;
    }
  }
  return out;
}

// The placeholder of an option's value: its declared type name ("FILE", "N"), or for CLI11's
// generic names ("TEXT", "INT") the long name in capitals ("--format" -> "FORMAT").
std::string placeholder(const CLI::Option& o) {
  std::string type = o.get_type_name();
  type = type.substr(0, type.find(':'));
  if (!type.empty() && type != "TEXT" && type != "INT" && type != "UINT" && type != "FLOAT") {
    return type;
  }
  std::string name = o.get_lnames().empty() ? o.get_name() : o.get_lnames().front();
  std::string out;
  for (char c : name) out += c == '-' ? '_' : static_cast<char>(std::toupper(c));
  return out;
}

OptionDoc describe_option(const CLI::Option& o) {
  OptionDoc d;
  d.description = o.get_description();
  d.required = o.get_required();
  d.repeats =
      o.get_expected_max() > 1 || o.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
  d.positional = !o.nonpositional();
  if (d.positional) {
    d.names.push_back(o.get_name(true));
  } else {
    for (const auto& s : o.get_snames()) d.names.push_back("-" + s);
    for (const auto& l : o.get_lnames()) d.names.push_back("--" + l);
  }
  if (o.get_expected_max() > 0) {  // not a flag
    d.value = d.positional ? o.get_name(true) : placeholder(o);
    d.choices = choices_of(o.get_type_name());
    d.default_value = o.get_default_str();
  }
  return d;
}

CommandDoc describe(const CLI::App& app, std::vector<std::string> path) {
  CommandDoc c;
  c.path = std::move(path);
  c.description = app.get_description();
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_group().empty()) continue;
    OptionDoc d = describe_option(*o);
    (d.positional ? c.positionals : c.options).push_back(std::move(d));
  }
  for (const CLI::App* sub :
       app.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); })) {
    std::vector<std::string> sub_path = c.path;
    sub_path.push_back(sub->get_name());
    c.commands.push_back(describe(*sub, std::move(sub_path)));
  }
  return c;
}

}  // namespace

CommandDoc describe_commands(const CLI::App& app) { return describe(app, {app.get_name()}); }

std::string joined(const std::vector<std::string>& path, const std::string& sep) {
  std::string out;
  for (const auto& p : path) out += (out.empty() ? "" : sep) + p;
  return out;
}

}  // namespace drsim::cli
