#include "model/printable.hpp"

#include <cstdio>

namespace drsim {

std::pair<char32_t, std::size_t> decode_utf8(std::string_view text, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = b(0);
  const std::size_t left = text.size() - i;
  if (lead >= 0xC2 && lead <= 0xDF && left >= 2) {
    return {static_cast<char32_t>(((lead & 0x1F) << 6) | (b(1) & 0x3F)), 2};
  }
  if (lead >= 0xE0 && lead <= 0xEF && left >= 3) {
    return {static_cast<char32_t>(((lead & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F)), 3};
  }
  if (lead >= 0xF0 && lead <= 0xF4 && left >= 4) {
    return {static_cast<char32_t>(((lead & 0x07) << 18) | ((b(1) & 0x3F) << 12) |
                                  ((b(2) & 0x3F) << 6) | (b(3) & 0x3F)),
            4};
  }
  return {lead, 1};
}

namespace {

// Unicode ranges of East Asian Width W/F and emoji presentation (2 columns) and of combining
// and zero-width characters (0 columns), the common blocks of each.
bool wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}

bool zero_width(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0xFE20 && c <= 0xFE2F) || c == 0xFEFF;
}

bool unprintable(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

std::string escape(char32_t c) {
  switch (c) {
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    default:
      break;
  }
  char buf[16];
  if (c < 0x80) {
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
  } else {
    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
  }
  return buf;
}

}  // namespace

std::optional<Unprintable> find_unprintable(std::string_view text) {
  std::size_t character = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto [c, length] = decode_utf8(text, i);
    ++character;
    if (unprintable(c)) return Unprintable{i, character, c};
    i += length;
  }
  return std::nullopt;
}

std::string printable(std::string_view text) {
  if (!find_unprintable(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size();) {
    auto [c, length] = decode_utf8(text, i);
    if (unprintable(c)) {
      out += escape(c);
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string code_point_name(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto [c, length] = decode_utf8(text, i);
    width += wide(c) ? 2 : zero_width(c) ? 0 : 1;
    i += length;
  }
  return width;
}

}  // namespace drsim
