// UTF-8 decoding shared by the policy and schema lexers.
#pragma once

#include <cstddef>
#include <string_view>

namespace cedar::syntax {

// One decoded code point and its length in bytes; len == 0 means the bytes
// are not valid UTF-8.
struct Decoded {
  char32_t cp = 0;
  size_t len = 0;
};

// Decodes the UTF-8 sequence at s[i] (i < s.size()). Rejects overlong forms,
// surrogates and values above U+10FFFF (len == 0).
inline Decoded decode_utf8(std::string_view s, size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {b, 1};
  size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
  if (len == 0 || b >= 0xF8 || i + len > s.size()) return {};
  char32_t cp = b & (0x3F >> (len - 1));
  for (size_t k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, len};
}

// Unicode White_Space, as matched by `\s` in Cedar's grammars.
inline bool is_unicode_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// The length of a `//` comment's text starting at s[begin] (up to the line
// break), or npos when it holds bytes that are not UTF-8; `bad` is then the
// offset of the first of them. Steps by code point.
inline size_t comment_length(std::string_view s, size_t begin, size_t& bad) {
  size_t end = s.find_first_of("\n\r", begin);
  if (end == std::string_view::npos) end = s.size();
  for (size_t i = begin; i < end;) {
    size_t len = decode_utf8(s, i).len;
    if (len == 0) {
      bad = i;
      return std::string_view::npos;
    }
    i += len;
  }
  return end - begin;
}

}  // namespace cedar::syntax
