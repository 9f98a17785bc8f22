// A parsed YAML or JSON input file as a tree whose every node knows its line, column and JSON
// pointer. Model, scenario and drill loaders read these trees so every diagnostic is located.
// Reading refuses, with a located error, files that are empty, binary, too large, too deeply
// nested or truncated, before any recursive parser sees them.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "model/diagnostic.hpp"

namespace drsim {

struct Node {
  enum class Kind { kNull, kScalar, kSequence, kMapping };
  struct Entry;

  Kind kind = Kind::kNull;
  std::string scalar;          // the text of a scalar, unquoted
  bool quoted = false;         // a quoted YAML scalar or a JSON string
  SourceLoc loc;               // file, line, col, pointer of this node
  std::vector<Node> items;     // sequence items
  std::vector<Entry> entries;  // mapping entries in file order

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_mapping() const { return kind == Kind::kMapping; }
  // The value of mapping key `key`, or nullptr.
  const Node* find(const std::string& key) const;
  // "a mapping", "a list", "a string", "null": used in "expected X, got Y" messages.
  std::string kind_name() const;
};

struct Node::Entry {
  std::string key;
  SourceLoc key_loc;
  Node value;
};

// Limits that keep hostile inputs from crashing or hanging a loader.
struct DocumentLimits {
  std::size_t max_bytes = 64u << 20;  // 64 MiB
  int max_depth = 64;
  std::size_t max_nodes = 20'000'000;
};

// Reads and parses a file; the format follows the extension (.json is JSON, else YAML).
// Throws InputError (located) for unreadable, empty, binary, oversized, too deep or bad syntax.
Node load_document(const std::string& path, const DocumentLimits& limits = {});
// Same, and hands back the file's bytes in `bytes` (for checksums), read only once.
Node load_document(const std::string& path, std::string& bytes, const DocumentLimits& limits = {});
// Parses text already in memory; `file` names it in diagnostics.
Node parse_document(const std::string& text, const std::string& file, bool json,
                    const DocumentLimits& limits = {});

// Escapes a key for use in a JSON pointer (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string pointer_escape(const std::string& key);

}  // namespace drsim
