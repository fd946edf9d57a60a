#include "eval/like.h"

#include <string>

namespace cedar {

std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? c : (c & (0x7F >> len));
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

// Greedy matching with backtracking to the most recent wildcard: linear in
// practice, O(n*m) worst case.
bool like_matches(std::string_view text, const Pattern& pattern) {
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  std::u32string decoded;
  if (!ascii) decoded = decode_utf8(text);
  auto at = [&](size_t i) -> char32_t {
    return ascii ? static_cast<char32_t>(static_cast<unsigned char>(text[i])) : decoded[i];
  };
  size_t n = ascii ? text.size() : decoded.size();
  size_t t = 0, p = 0;
  size_t star = SIZE_MAX, star_t = 0;
  while (t < n) {
    if (p < pattern.size() && !pattern[p].wildcard && pattern[p].ch == at(t)) {
      ++t;
      ++p;
    } else if (p < pattern.size() && pattern[p].wildcard) {
      star = p++;
      star_t = t;
    } else if (star != SIZE_MAX) {
      p = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p].wildcard) ++p;
  return p == pattern.size();
}

}  // namespace cedar
