#include "base/text.h"

#include <cstdio>

namespace base {

namespace {

// Decodes the code point at s[i]; returns its length, or 0 when the bytes
// there are not well-formed UTF-8.
size_t decode(std::string_view s, size_t i, uint32_t& cp) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  size_t len = 0;
  uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool is_control(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool is_bidi_format(uint32_t cp) {
  return cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

bool is_space(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == 0xA0 || cp == 0x3000 ||
         (cp >= 0x2000 && cp <= 0x200B);
}

std::string hex_escape(const char* format, uint32_t value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

}  // namespace

bool valid_utf8(std::string_view s) {
  uint32_t cp = 0;
  for (size_t i = 0; i < s.size();) {
    size_t n = decode(s, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

Status check_text(std::string_view field, std::string_view value, const TextRule& rule) {
  auto bad = [&](const std::string& what) { return invalid_field(std::string(field), what); };
  if (value.size() > rule.max_bytes) {
    return bad("too long: " + std::to_string(value.size()) + " bytes (at most " +
               std::to_string(rule.max_bytes) + ")");
  }
  bool blank = true;
  uint32_t cp = 0;
  for (size_t i = 0; i < value.size();) {
    size_t n = decode(value, i, cp);
    if (n == 0) return bad("not valid UTF-8 (byte " + std::to_string(i) + ")");
    bool allowed_space = rule.multiline && (cp == '\n' || cp == '\t');
    if (is_control(cp) && !allowed_space) {
      return bad("holds the control character " + hex_escape("U+%04X", cp) + " (at byte " +
                 std::to_string(i) + ")");
    }
    if (is_bidi_format(cp)) {
      return bad("holds the bidirectional formatting character " + hex_escape("U+%04X", cp) +
                 " (at byte " + std::to_string(i) + ")");
    }
    if (!is_space(cp)) blank = false;
    i += n;
  }
  if (rule.required && blank) return bad(value.empty() ? "must not be empty" : "must not be blank");
  return Status::Ok();
}

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  uint32_t cp = 0;
  for (size_t i = 0; i < s.size();) {
    size_t n = decode(s, i, cp);
    if (n == 0) {
      out += hex_escape("\\x%02x", static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    if (cp == '\\') {
      out += "\\\\";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (is_control(cp)) {
      out += cp < 0x80 ? hex_escape("\\x%02x", cp) : hex_escape("\\u{%x}", cp);
    } else if (is_bidi_format(cp)) {
      out += hex_escape("\\u{%x}", cp);
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace base
