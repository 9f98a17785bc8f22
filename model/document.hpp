// A parsed YAML or JSON input file as a tree whose every node knows its line, column and JSON
// pointer. Model, scenario and drill loaders read these trees so every diagnostic is located.
// Reading refuses, with a located error, files that are empty, binary, too large, too deeply
// nested or truncated, before any recursive parser sees them.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/diagnostic.hpp"

namespace drsim {

namespace detail {
struct DocumentPaths;
class TreeBuilder;
}  // namespace detail

// One node of a parsed file, 120 bytes: it keeps its line, column and the number of its step in
// a table of JSON pointers shared by the whole file (8 bytes a step), not its file name and
// pointer as text; loc() puts them together when a diagnostic needs them. Nodes copied out of
// a tree share the table, so they stay valid after the tree is gone.
struct Node {
  enum class Kind : unsigned char { kNull, kScalar, kSequence, kMapping };
  struct Entry;

  Kind kind = Kind::kNull;
  bool quoted = false;         // a quoted YAML scalar or a JSON string
  std::string scalar;          // the text of a scalar, unquoted
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
  // File, line, column and JSON pointer of this node (an empty place for a default node).
  SourceLoc loc() const;

 private:
  friend class detail::TreeBuilder;
  unsigned line_ = 0, col_ = 0;
  unsigned path_ = 0;  // this node's step in paths_
  std::shared_ptr<const detail::DocumentPaths> paths_;
};

struct Node::Entry {
  std::string key;
  Node value;

  // Where the key is written; its JSON pointer is the value's.
  SourceLoc key_loc() const;
  int key_line() const { return static_cast<int>(key_line_); }
  // The key as a scalar node at the key's place, for readers that check ids and names.
  Node key_node() const;

 private:
  friend class detail::TreeBuilder;
  unsigned key_line_ = 0, key_col_ = 0;
};

// Limits that keep hostile inputs from crashing or hanging a loader. At these limits a file
// needs at most about 1 GiB to read (bench/memory_bench.sh); a model of 10,000 services is about
// 4 MB and 230,000 nodes.
struct DocumentLimits {
  std::size_t max_bytes = 64u << 20;  // 64 MiB
  int max_depth = 64;
  std::size_t max_nodes = 2'000'000;
};

// Reads and parses a file; the format follows the extension (.json is JSON, else YAML).
// Throws InputError (located) for unreadable, empty, binary, oversized, too deep or bad syntax.
Node load_document(const std::string& path, const DocumentLimits& limits = {});
// Same, and hands back the file's bytes in `bytes` (for checksums), read only once.
Node load_document(const std::string& path, std::string& bytes, const DocumentLimits& limits = {});
// The bytes of `in`, the open file `path`, when they are at most `max_bytes`; else calls
// `too_big(size)`, which throws. A regular file is sized first; a pipe or a device (/dev/stdin, a
// process substitution), which has no size to ask, is read up to one block past the limit.
std::string read_bounded(std::istream& in, const std::string& path, std::size_t max_bytes,
                         const std::function<void(std::size_t)>& too_big);
// Parses text already in memory; `file` names it in diagnostics.
Node parse_document(const std::string& text, const std::string& file, bool json,
                    const DocumentLimits& limits = {});

// Escapes a key for use in a JSON pointer (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string pointer_escape(const std::string& key);

}  // namespace drsim
