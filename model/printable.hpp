// Text from input files (names, scenario ids, result strings) on its way to a terminal or a
// diagnostic: characters that would steer the terminal instead of being shown — C0 controls
// (ESC, newline, tab ...), DEL, C1 controls and the bidirectional overrides and isolates
// (U+202A–U+202E, U+2066–U+2069) — are found here and written as visible escapes, so an ANSI
// sequence or a line break in a name can neither recolour nor fake a line of output.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace drsim {

// A character that printable() escapes, where it is in a text.
struct Unprintable {
  std::size_t offset = 0;     // byte offset of its first byte
  std::size_t character = 0;  // 1-based position counted in characters (UTF-8 code points)
  char32_t code_point = 0;
};

// The first character of `text` that printable() would escape, if any. Invalid UTF-8 is not
// looked at (loaders reject it before).
std::optional<Unprintable> find_unprintable(std::string_view text);

// `text` with every such character written visibly: "\n", "\r", "\t", "\x1b" (other C0 and DEL
// as \xHH), "\u0085" (C1) and "\u202e" (bidi controls); everything else, backslashes included,
// is kept as it is. For display only: the escapes are not meant to be read back.
std::string printable(std::string_view text);

// The code point starting at byte `i` of `text` and its length in bytes; a byte that starts no
// valid sequence is returned as itself, length 1.
std::pair<char32_t, std::size_t> decode_utf8(std::string_view text, std::size_t i);

// The columns `text` takes on a terminal: 2 for East Asian wide and fullwidth characters and
// emoji, 0 for combining marks and zero-width characters, 1 for anything else. A fixed table
// (not the locale's wcwidth), so tables line up the same in every environment and golden file.
std::size_t display_width(std::string_view text);

// "U+001B", the way diagnostics name a code point.
std::string code_point_name(char32_t c);

}  // namespace drsim
