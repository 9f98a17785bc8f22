#include "model/document.hpp"

#include <yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "model/errors.hpp"

namespace drsim {
namespace detail {

// The JSON pointers of one file as a tree of steps, shared by the file's nodes: step 0 is the
// root; every other step names its parent step and either the index of a list item or a key.
// A node keeps the number of its step (4 bytes) instead of its pointer and file name as text.
struct DocumentPaths {
  static constexpr unsigned kKey = 1u << 31;  // segment is kKey | index into keys
  struct Step {
    unsigned parent;
    unsigned segment;
  };

  std::string file;
  std::vector<Step> steps{{0, 0}};
  std::vector<std::string> keys;

  unsigned add_index(unsigned parent, std::size_t index) {
    steps.push_back({parent, static_cast<unsigned>(index)});
    return static_cast<unsigned>(steps.size() - 1);
  }
  unsigned add_key(unsigned parent, const std::string& key) {
    keys.push_back(key);
    steps.push_back({parent, kKey | static_cast<unsigned>(keys.size() - 1)});
    return static_cast<unsigned>(steps.size() - 1);
  }

  std::string pointer(unsigned step) const {
    std::vector<unsigned> segments;  // leaf first
    for (; step != 0; step = steps[step].parent) segments.push_back(steps[step].segment);
    std::string out;
    for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
      out += '/';
      out += (*it & kKey) ? pointer_escape(keys[*it & ~kKey]) : std::to_string(*it);
    }
    return out;
  }
};

}  // namespace detail

namespace {

[[noreturn]] void fail(const std::string& file, int line, int col, const std::string& message,
                       std::vector<std::string> hints = {}, const std::string& pointer = "") {
  Diagnostic d;
  d.loc = {file, line, col, pointer};
  d.message = message;
  d.hints = std::move(hints);
  throw InputError({d});
}

// Line and column (1-based) of byte offset `pos`.
std::pair<int, int> line_col(const std::string& text, std::size_t pos) {
  int line = 1, col = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

// Rejects text that is not UTF-8 (binary files) with the place of the first bad byte.
void check_text(const std::string& text, const std::string& file) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    int extra = c < 0x80           ? 0
                : (c >> 5) == 0x6  ? 1
                : (c >> 4) == 0xE  ? 2
                : (c >> 3) == 0x1E ? 3
                                   : -1;
    bool bad =
        c == 0 || extra < 0 || i + static_cast<std::size_t>(extra) >= text.size() + (extra == 0);
    for (int k = 1; !bad && k <= extra; ++k) {
      bad = (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) >> 6) != 0x2;
    }
    if (bad) {
      auto [line, col] = line_col(text, i);
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02x", c);
      fail(file, line, col, std::string("file is not UTF-8 text (byte ") + byte + ")",
           {"drsim reads YAML or JSON text files; is this a binary or compressed file?"});
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
}

// Scans nesting depth without recursion: flow brackets plus block indentation levels.
void check_depth(const std::string& text, const std::string& file, int max_depth) {
  std::vector<std::size_t> indents;  // block indentation stack
  int flow = 0;
  char quote = 0;
  bool line_start = true, comment = false;
  std::size_t indent = 0;
  int line = 1, col = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    ++col;
    if (c == '\n') {
      ++line;
      col = 0;
      line_start = true;
      comment = false;
      indent = 0;
      if (quote == '\'') quote = 0;
      continue;
    }
    if (comment) continue;
    if (quote) {
      if (c == '\\' && quote == '"') {
        ++i;
        ++col;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (line_start) {
      if (c == ' ' || (c == '-' && i + 1 < text.size() && text[i + 1] == ' ')) {
        ++indent;  // "- " nests a sequence like an indentation level does
        continue;
      }
      if (c == '#') {
        comment = true;
        continue;
      }
      line_start = false;
      if (flow == 0) {
        while (!indents.empty() && indents.back() >= indent) indents.pop_back();
        indents.push_back(indent);
        // "- - - x" nests one level per dash on the same line.
        std::size_t dashes = 0;
        for (std::size_t k = i - std::min(i, indent); k < i; ++k) dashes += text[k] == '-';
        if (static_cast<int>(indents.size() + dashes) > max_depth) {
          fail(file, line, col, "nesting is deeper than " + std::to_string(max_depth) + " levels",
               {"a drsim file needs only a few levels; is this file generated by mistake?"});
        }
      }
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#' && (i == 0 || text[i - 1] == ' ')) {
      comment = true;
    } else if (c == '[' || c == '{') {
      if (++flow + static_cast<int>(indents.size()) > max_depth) {
        fail(file, line, col, "nesting is deeper than " + std::to_string(max_depth) + " levels",
             {"a drsim file needs only a few levels; is this file generated by mistake?"});
      }
    } else if ((c == ']' || c == '}') && flow > 0) {
      --flow;
    }
  }
}

// Checks JSON syntax strictly without building a tree; the first error (a syntax error, or a
// number out of range such as 1E400) is kept with its byte position.
struct JsonChecker : nlohmann::json::json_sax_t {
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t byte, const std::string&,
                   const nlohmann::json::exception& e) override {
    failed = true;
    at = byte;
    what = e.what();
    syntax = dynamic_cast<const nlohmann::json::parse_error*>(&e) != nullptr;
    return false;
  }

  bool failed = false;
  bool syntax = false;  // a syntax error (else: a value out of range)
  std::size_t at = 0;
  std::string what;
};

}  // namespace

namespace detail {

// Builds the Node tree from libyaml's parser events. libyaml parses large models several times
// faster than yaml-cpp (10,000 services in about 0.1 s) and keeps no tree of its own.
class TreeBuilder {
  static constexpr std::size_t kLinearScanKeys = 32;
  static constexpr std::size_t kMaxAliasNodes = 100000;

 public:
  TreeBuilder(std::string file, std::size_t max_nodes, int max_depth)
      : max_nodes_(max_nodes), max_depth_(max_depth), paths_(std::make_shared<DocumentPaths>()) {
    paths_->file = std::move(file);
    root_.paths_ = paths_;
  }

  // Parses the first document of `text`; throws InputError on bad syntax.
  Node build(const std::string& text) {
    std::unique_ptr<yaml_parser_t, void (*)(yaml_parser_t*)> parser(new yaml_parser_t,
                                                                    [](yaml_parser_t* p) {
                                                                      yaml_parser_delete(p);
                                                                      delete p;
                                                                    });
    if (!yaml_parser_initialize(parser.get())) throw std::bad_alloc();
    yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
    for (bool done = false; !done;) {
      yaml_event_t event;
      if (!yaml_parser_parse(parser.get(), &event)) syntax_error(*parser);
      std::unique_ptr<yaml_event_t, void (*)(yaml_event_t*)> guard(&event, yaml_event_delete);
      done = handle(event);
    }
    return std::move(root_);
  }

 private:
  struct Frame {
    Node* node;
    bool key_next = true;  // mappings: the next scalar is a key
    std::string anchor;
    std::unordered_map<std::string, std::size_t> seen;  // big mappings: key -> entry
  };

  const std::string& file() const { return paths_->file; }

  [[noreturn]] void syntax_error(const yaml_parser_t& p) {
    std::string message = p.problem ? p.problem : "syntax error";
    if (p.context) {
      message += " (" + std::string(p.context) + " at line " +
                 std::to_string(p.context_mark.line + 1) + ")";
    }
    fail(file(), static_cast<int>(p.problem_mark.line) + 1,
         static_cast<int>(p.problem_mark.column) + 1, "invalid YAML: " + message,
         {"check indentation, quotes and brackets near here"});
  }

  static std::string text_of(const yaml_char_t* s) {
    return s ? std::string(reinterpret_cast<const char*>(s)) : std::string();
  }

  // Handles one event; true once the stream has ended.
  bool handle(const yaml_event_t& e) {
    const int line = static_cast<int>(e.start_mark.line) + 1;
    const int col = static_cast<int>(e.start_mark.column) + 1;
    switch (e.type) {
      case YAML_DOCUMENT_START_EVENT:
        // A second document would be silently ignored: say so where it starts.
        if (documents_++ > 0) {
          fail(file(), line, col, "a second YAML document starts here",
               {"a drsim file holds one document: remove this '---' and what follows, or put "
                "each document in its own file"});
        }
        return false;
      case YAML_STREAM_END_EVENT:
        return true;
      case YAML_SCALAR_EVENT: {
        const auto& sc = e.data.scalar;
        std::string value(reinterpret_cast<const char*>(sc.value), sc.length);
        const bool plain = sc.style == YAML_PLAIN_SCALAR_STYLE;
        if (key_expected()) {
          add_key(line, col, value);
          return false;
        }
        Node& n = start_value(line, col);
        if (plain && (value.empty() || value == "~" || value == "null" || value == "Null" ||
                      value == "NULL")) {
          n.kind = Node::Kind::kNull;
        } else {
          n.kind = Node::Kind::kScalar;
          n.scalar = std::move(value);
          n.quoted = !plain;
        }
        remember(text_of(sc.anchor), n);
        return false;
      }
      case YAML_ALIAS_EVENT: {
        auto it = anchors_.find(text_of(e.data.alias.anchor));
        if (it == anchors_.end() || key_expected()) {
          fail(file(), line, col, "unsupported YAML alias",
               {"write the value out instead of using '*' aliases"});
        }
        // Copies are counted apart: a few lines of nested aliases can expand to billions.
        alias_nodes_ += it->second.second;
        if (alias_nodes_ > kMaxAliasNodes) {
          fail(file(), line, col,
               "YAML aliases expand to more than " + std::to_string(kMaxAliasNodes) + " nodes",
               {"write the values out; a drsim model needs few or no '*' aliases"});
        }
        Node& n = start_value(line, col);
        const unsigned path = n.path_;
        n = it->second.first;
        n.line_ = static_cast<unsigned>(line);
        n.col_ = static_cast<unsigned>(col);
        repoint(n, path);
        return false;
      }
      case YAML_SEQUENCE_START_EVENT:
        check_depth(line, col);
        open(line, col, Node::Kind::kSequence, text_of(e.data.sequence_start.anchor));
        return false;
      case YAML_MAPPING_START_EVENT:
        check_depth(line, col);
        open(line, col, Node::Kind::kMapping, text_of(e.data.mapping_start.anchor));
        return false;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        close();
        return false;
      default:
        return false;
    }
  }

  bool key_expected() const {
    return !stack_.empty() && stack_.back().node->is_mapping() && stack_.back().key_next;
  }

  // The parser's own nesting is the authority: the text pre-scan (check_depth above) gives the
  // early message for ordinary files, but quoting tricks can hide levels from a text scan.
  void check_depth(int line, int col) const {
    if (static_cast<int>(stack_.size()) >= max_depth_) {
      fail(file(), line, col, "nesting is deeper than " + std::to_string(max_depth_) + " levels",
           {"a drsim file needs only a few levels; is this file generated by mistake?"});
    }
  }

  void count(int line, int col) {
    if (++count_ > max_nodes_) {
      fail(file(), line, col,
           "document has more than " + std::to_string(max_nodes_) +
               " values (lists, mappings and scalars)",
           {"a model of 10,000 services has about 230,000; split the estate into several "
            "models, or check that this is the right file"},
           stack_.empty() ? "" : paths_->pointer(stack_.back().node->path_));
    }
  }

  // The node the next value goes into: the root, a new list item or the pending entry's value.
  Node& start_value(int line, int col) {
    count(line, col);
    Node* n = &root_;
    if (!stack_.empty()) {
      Frame& top = stack_.back();
      if (top.node->is_sequence()) {
        const unsigned path = paths_->add_index(top.node->path_, top.node->items.size());
        n = &top.node->items.emplace_back();
        n->path_ = path;
        n->paths_ = paths_;
      } else {
        n = &top.node->entries.back().value;  // its path was given with its key
        top.key_next = true;
      }
    }
    n->line_ = static_cast<unsigned>(line);
    n->col_ = static_cast<unsigned>(col);
    return *n;
  }

  void add_key(int line, int col, const std::string& key) {
    Frame& top = stack_.back();
    Node& map = *top.node;
    Node::Entry e;
    e.key = key;
    e.key_line_ = static_cast<unsigned>(line);
    e.key_col_ = static_cast<unsigned>(col);
    e.value.path_ = paths_->add_key(map.path_, key);
    e.value.paths_ = paths_;
    // A hash index keeps mappings with thousands of keys (objectives per service) linear.
    if (map.entries.size() == kLinearScanKeys) {
      for (std::size_t k = 0; k < map.entries.size(); ++k) top.seen.emplace(map.entries[k].key, k);
    }
    std::size_t first = map.entries.size();
    if (map.entries.size() < kLinearScanKeys) {
      for (std::size_t k = 0; k < map.entries.size() && first == map.entries.size(); ++k) {
        if (map.entries[k].key == key) first = k;
      }
    } else if (auto [it, added] = top.seen.emplace(key, map.entries.size()); !added) {
      first = it->second;
    }
    if (first != map.entries.size()) {
      fail(file(), line, col,
           "duplicate key '" + key + "' (first at line " +
               std::to_string(map.entries[first].key_line()) + ")",
           {"remove one of the two entries"}, paths_->pointer(e.value.path_));
    }
    map.entries.push_back(std::move(e));
    top.key_next = false;
  }

  void open(int line, int col, Node::Kind kind, std::string anchor) {
    if (key_expected()) {
      fail(file(), line, col, "a mapping key must be a plain string",
           {"write keys as words, e.g. 'id:'"});
    }
    Node& n = start_value(line, col);
    n.kind = kind;
    stack_.push_back({&n, true, std::move(anchor), {}});
  }

  void close() {
    Frame top = std::move(stack_.back());
    stack_.pop_back();
    remember(top.anchor, *top.node);
  }

  void remember(const std::string& anchor, const Node& n) {
    if (!anchor.empty()) anchors_[anchor] = {n, size_of(n)};
  }

  // Gives a copied subtree the JSON pointers of the place it was copied to.
  void repoint(Node& n, unsigned path) {
    n.path_ = path;
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      repoint(n.items[i], paths_->add_index(path, i));
    }
    for (auto& e : n.entries) repoint(e.value, paths_->add_key(path, e.key));
  }

  static std::size_t size_of(const Node& n) {
    std::size_t size = 1;
    for (const auto& item : n.items) size += size_of(item);
    for (const auto& e : n.entries) size += size_of(e.value);
    return size;
  }

  std::size_t max_nodes_;
  int max_depth_;
  std::size_t count_ = 0;
  std::shared_ptr<DocumentPaths> paths_;
  Node root_;
  std::vector<Frame> stack_;
  std::size_t alias_nodes_ = 0;
  int documents_ = 0;
  std::unordered_map<std::string, std::pair<Node, std::size_t>> anchors_;  // node, its size
};

}  // namespace detail

SourceLoc Node::loc() const {
  if (!paths_) return {};
  return {paths_->file, static_cast<int>(line_), static_cast<int>(col_), paths_->pointer(path_)};
}

SourceLoc Node::Entry::key_loc() const {
  SourceLoc loc = value.loc();
  loc.line = key_line();
  loc.col = static_cast<int>(key_col_);
  return loc;
}

Node Node::Entry::key_node() const {
  Node n;
  n.kind = Kind::kScalar;
  n.scalar = key;
  n.line_ = key_line_;
  n.col_ = key_col_;
  n.path_ = value.path_;
  n.paths_ = value.paths_;
  return n;
}

const Node* Node::find(const std::string& key) const {
  for (const auto& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

std::string Node::kind_name() const {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kScalar:
      return "'" + scalar + "'";
    case Kind::kSequence:
      return "a list";
    case Kind::kMapping:
      return "a mapping";
  }
  return "?";
}

std::string pointer_escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

void check_size(std::size_t size, const std::string& file, const DocumentLimits& limits) {
  if (size > limits.max_bytes) {
    fail(file, 1, 1,
         "file is " + std::to_string(size >> 20) + " MiB, larger than the limit of " +
             std::to_string(limits.max_bytes >> 20) + " MiB",
         {"split the estate into smaller models, or check that this is the right file"});
  }
}

// Names the first YAML or JSON file in `dir` (sorted), so the hint shows a command that works.
std::string directory_hint(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto ext = it->path().extension();
    if (ext == ".yaml" || ext == ".yml" || ext == ".json") files.push_back(it->path().string());
  }
  if (files.empty()) return "name a YAML or JSON file; this directory holds none";
  std::sort(files.begin(), files.end());
  return "name a file in it, e.g. " + files.front();
}

}  // namespace

Node parse_document(const std::string& text, const std::string& file, bool json,
                    const DocumentLimits& limits) {
  check_size(text.size(), file, limits);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    fail(file, 1, 1, "file is empty", {"a model needs at least 'version: 1' and 'services:'"});
  }
  check_text(text, file);
  check_depth(text, file, limits.max_depth);
  if (json) {
    JsonChecker checker;
    nlohmann::json::sax_parse(text, &checker);
    if (checker.failed) {
      std::size_t at = checker.at > 0 ? checker.at - 1 : 0;
      const std::string& what = checker.what;
      if (!checker.syntax) {
        // "[json.exception.out_of_range.406] number overflow parsing '1E400'": point at the
        // number's first character, not past it.
        while (at > 0 && std::strchr("0123456789.eE+-", text[at - 1])) --at;
        auto [line, col] = line_col(text, at);
        auto close = what.find("] ");
        fail(file, line, col,
             "invalid JSON: " + (close == std::string::npos ? what : what.substr(close + 2)),
             {"numbers must fit in a double (at most about 1.8e308)"});
      }
      auto [line, col] = line_col(text, at);
      // Keep nlohmann's explanation ("unexpected '}'; expected string literal"), drop its
      // exception id and position, which the located diagnostic already gives.
      auto pos = what.find("syntax error while parsing ");
      pos = pos == std::string::npos ? pos : what.find(" - ", pos);
      std::string message = pos == std::string::npos ? what : what.substr(pos + 3);
      if (checker.at >= text.size()) message = "unexpected end of file (the JSON is truncated)";
      fail(file, line, col, "invalid JSON: " + message,
           {"check brackets, commas and quotes near here"});
    }
  }
  detail::TreeBuilder builder(file, limits.max_nodes, limits.max_depth);
  return builder.build(text);
}

std::string read_bounded(std::istream& in, const std::string& path, std::size_t max_bytes,
                         const std::function<void(std::size_t)>& too_big) {
  std::string bytes;
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(in.tellg());
    if (size > max_bytes) too_big(size);
    in.seekg(0);
    bytes.assign(size, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    return bytes;
  }
  char buf[65536];
  while (bytes.size() <= max_bytes && in.read(buf, sizeof buf).gcount() > 0) {
    bytes.append(buf, static_cast<std::size_t>(in.gcount()));
  }
  if (bytes.size() > max_bytes) too_big(bytes.size());
  return bytes;
}

Node load_document(const std::string& path, const DocumentLimits& limits) {
  std::string bytes;
  return load_document(path, bytes, limits);
}

Node load_document(const std::string& path, std::string& bytes, const DocumentLimits& limits) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    fail(path, 0, 0, "is a directory, not a file", {directory_hint(path)});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, 0, 0, "cannot open file", {"check the path and that the file is readable"});
  bytes = read_bounded(in, path, limits.max_bytes,
                       [&](std::size_t size) { check_size(size, path, limits); });
  bool json = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
  return parse_document(bytes, path, json, limits);
}

}  // namespace drsim
