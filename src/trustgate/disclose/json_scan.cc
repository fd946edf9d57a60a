#include "trustgate/disclose/json_scan.h"

#include "base/json_string.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace trustgate::disclose::json_scan {

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighs = 0x8080808080808080ULL;

// Whether any of 8 bytes is a quote, a backslash or a control character.
inline bool has_special(uint64_t x) {
  const uint64_t q = x ^ (kOnes * '"');
  const uint64_t b = x ^ (kOnes * '\\');
  const uint64_t zero_q = (q - kOnes) & ~q;
  const uint64_t zero_b = (b - kOnes) & ~b;
  const uint64_t below_space = (x - kOnes * 0x20) & ~x;
  return ((zero_q | zero_b | below_space) & kHighs) != 0;
}

inline bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

const char* skip_number(const char* p, const char* end) {
  if (p < end && *p == '-') ++p;
  if (p >= end) return nullptr;
  if (*p == '0') {
    ++p;
  } else if (*p >= '1' && *p <= '9') {
    while (p < end && is_digit(*p)) ++p;
  } else {
    return nullptr;
  }
  if (p < end && *p == '.') {
    ++p;
    if (p >= end || !is_digit(*p)) return nullptr;
    while (p < end && is_digit(*p)) ++p;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    if (p >= end || !is_digit(*p)) return nullptr;
    while (p < end && is_digit(*p)) ++p;
  }
  return p;
}

const char* skip_literal(const char* p, const char* end, std::string_view word) {
  if (static_cast<size_t>(end - p) < word.size() || std::memcmp(p, word.data(), word.size()) != 0)
    return nullptr;
  return p + word.size();
}

unsigned hex_value(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  return static_cast<unsigned>(c - 'A' + 10);
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// `p` advanced to the first quote, backslash or control character, or to
// within 8 bytes of `end` when there is none before: 16 bytes at a time
// (SSE2), the first such byte found by its bit, then 8 at a time.
inline const char* to_special(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i below_space = _mm_set1_epi8(0x1F);
  while (end - p >= 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // x < 0x20 unsigned: min(x, 0x1F) == x.
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(x, below_space), x);
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)), control);
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (end - p >= 8) {
    uint64_t x;
    std::memcpy(&x, p, 8);
    if (has_special(x)) break;
    p += 8;
  }
  return p;
}

}  // namespace

const char* scan_string(const char* p, const char* end, bool& escaped) {
  ++p;
  for (;;) {
    p = to_special(p, end);
    if (p >= end) return nullptr;
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"') return p + 1;
    if (c == '\\') {
      escaped = true;
      if (end - p < 2) return nullptr;
      const char e = p[1];
      if (e == 'u') {
        if (end - p < 6 || !is_hex(p[2]) || !is_hex(p[3]) || !is_hex(p[4]) || !is_hex(p[5]))
          return nullptr;
        p += 6;
      } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' ||
                 e == 'r' || e == 't') {
        p += 2;
      } else {
        return nullptr;
      }
      continue;
    }
    if (c < 0x20) return nullptr;
    ++p;
  }
}

const char* skip_value(const char* p, const char* end, int depth) {
  if (p >= end || depth > kMaxDepth) return nullptr;
  bool escaped = false;
  switch (*p) {
    case '"':
      return scan_string(p, end, escaped);
    case '{': {
      ++p;
      skip_ws(p, end);
      if (p < end && *p == '}') return p + 1;
      for (;;) {
        if (p >= end || *p != '"') return nullptr;
        p = scan_string(p, end, escaped);
        if (p == nullptr) return nullptr;
        if (!after_name(p, end)) return nullptr;
        p = skip_value(p, end, depth + 1);
        if (p == nullptr) return nullptr;
        const AfterItem next = after_item(p, end, '}');
        if (next == AfterItem::kNext) continue;
        return next == AfterItem::kClosed ? p : nullptr;
      }
    }
    case '[': {
      ++p;
      skip_ws(p, end);
      if (p < end && *p == ']') return p + 1;
      for (;;) {
        p = skip_value(p, end, depth + 1);
        if (p == nullptr) return nullptr;
        const AfterItem next = after_item(p, end, ']');
        if (next == AfterItem::kNext) continue;
        return next == AfterItem::kClosed ? p : nullptr;
      }
    }
    case 't':
      return skip_literal(p, end, "true");
    case 'f':
      return skip_literal(p, end, "false");
    case 'n':
      return skip_literal(p, end, "null");
    default:
      return skip_number(p, end);
  }
}

bool unescape(std::string_view raw, std::string& out) {
  out.clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= raw.size()) return false;
    const char e = raw[++i];
    switch (e) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        auto read4 = [&](size_t at, uint32_t& v) {
          if (at + 4 > raw.size()) return false;
          v = 0;
          for (size_t k = 0; k < 4; ++k) {
            if (!is_hex(raw[at + k])) return false;
            v = v << 4 | hex_value(raw[at + k]);
          }
          return true;
        };
        uint32_t cp = 0;
        if (!read4(i + 1, cp)) return false;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < raw.size() + 0 && raw[i + 1] == '\\' &&
            raw[i + 2] == 'u') {
          uint32_t low = 0;
          if (read4(i + 3, low) && low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, cp);
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

void append_pointer_token(std::string& path_json, std::string_view token) {
  std::string escaped;
  escaped.reserve(token.size() + 2);
  for (char c : token) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  std::string quoted;
  base::append_json_string(quoted, escaped);
  path_json += '/';
  path_json.append(quoted, 1, quoted.size() - 2);
}

}  // namespace trustgate::disclose::json_scan
