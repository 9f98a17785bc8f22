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

}  // namespace drsim
