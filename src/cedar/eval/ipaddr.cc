// Cedar's ipaddr extension type: parsing, predicates and rendering.
//
// Accepted syntax follows the Rust implementation (std::net parsing plus
// Cedar's own checks):
//  - IPv4: four decimal octets 0..255, one to three digits each, no leading
//    zeros ("01" is rejected, "0" is fine).
//  - IPv6: up to eight groups of one to four hex digits (either case), with
//    at most one "::" standing for one or more zero groups. IPv4-embedded
//    forms ("::ffff:1.2.3.4") are rejected: a string with two or more ':'
//    and two or more '.' is never an address.
//  - An optional "/prefix": decimal, no leading zeros, at most 32 (two
//    digits) for IPv4 and 128 (three digits) for IPv6.
// The address bits are kept as written; only range operations mask them.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cedar/extensions.h"
#include "eval/extension_ops.h"

namespace cedar {
namespace {

// Longest valid text: 8 groups of 4 hex digits, 7 colons, "/128".
constexpr size_t kMaxTextLength = 43;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A decimal number without leading zeros ("0" itself is fine), at most
// `max_len` digits and at most `max`.
std::optional<unsigned> parse_small_decimal(std::string_view s, size_t max_len, unsigned max) {
  if (s.empty() || s.size() > max_len) return std::nullopt;
  if (s.size() > 1 && s.front() == '0') return std::nullopt;
  unsigned v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v > max) return std::nullopt;
  return v;
}

bool parse_v4(std::string_view s, IpAddr& out) {
  for (int i = 0; i < 4; ++i) {
    size_t dot = i < 3 ? s.find('.') : s.size();
    if (dot == std::string_view::npos) return false;
    auto octet = parse_small_decimal(s.substr(0, dot), 3, 255);
    if (!octet) return false;
    out.bytes[i] = static_cast<uint8_t>(*octet);
    s.remove_prefix(i < 3 ? dot + 1 : dot);
  }
  return s.empty();
}

// Parses ':'-separated groups of 1..4 hex digits ("" is zero groups) into
// `groups`, returning how many were read; nullopt if malformed or > max.
std::optional<size_t> parse_v6_groups(std::string_view s, uint16_t* groups, size_t max) {
  if (s.empty()) return 0;
  size_t n = 0;
  while (true) {
    size_t colon = s.find(':');
    std::string_view g = s.substr(0, colon);
    if (g.empty() || g.size() > 4 || n == max) return std::nullopt;
    unsigned v = 0;
    for (char c : g) {
      int h = hex_value(c);
      if (h < 0) return std::nullopt;
      v = v * 16 + static_cast<unsigned>(h);
    }
    groups[n++] = static_cast<uint16_t>(v);
    if (colon == std::string_view::npos) return n;
    s.remove_prefix(colon + 1);
  }
}

bool parse_v6(std::string_view s, IpAddr& out) {
  std::array<uint16_t, 8> groups{};
  size_t gap = s.find("::");
  if (gap == std::string_view::npos) {
    auto n = parse_v6_groups(s, groups.data(), 8);
    if (!n || *n != 8) return false;
  } else {
    // "::" stands for at least one zero group, so head + tail <= 7.
    std::array<uint16_t, 8> tail{};
    auto head_n = parse_v6_groups(s.substr(0, gap), groups.data(), 7);
    if (!head_n) return false;
    auto tail_n = parse_v6_groups(s.substr(gap + 2), tail.data(), 7 - *head_n);
    if (!tail_n) return false;
    std::copy_n(tail.begin(), *tail_n, groups.end() - static_cast<std::ptrdiff_t>(*tail_n));
  }
  for (size_t i = 0; i < 8; ++i) {
    out.bytes[2 * i] = static_cast<uint8_t>(groups[i] >> 8);
    out.bytes[2 * i + 1] = static_cast<uint8_t>(groups[i] & 0xff);
  }
  return true;
}

bool has_two(std::string_view s, char c) { return std::count(s.begin(), s.end(), c) >= 2; }

// The first and last address of `a`'s range as 128-bit big-endian numbers
// (hi word, lo word); IPv4 uses only the low 32 bits of lo.
struct Range {
  uint64_t lo_hi, lo_lo, hi_hi, hi_lo;
};

// Mask of the top `bits` bits of a 64-bit word (bits clamped to 0..64).
uint64_t top_mask(int bits) {
  if (bits <= 0) return 0;
  if (bits >= 64) return ~uint64_t{0};
  return ~uint64_t{0} << (64 - bits);
}

Range range_of(const IpAddr& a) {
  uint64_t hi = 0, lo = 0;
  if (a.v6) {
    for (int i = 0; i < 8; ++i) hi = hi << 8 | a.bytes[i];
    for (int i = 8; i < 16; ++i) lo = lo << 8 | a.bytes[i];
  } else {
    for (int i = 0; i < 4; ++i) lo = lo << 8 | a.bytes[i];
  }
  // Number of leading bits of the 128-bit word that are fixed by the prefix.
  int fixed = a.v6 ? a.prefix : 96 + a.prefix;
  uint64_t mask_hi = top_mask(fixed), mask_lo = top_mask(fixed - 64);
  if (!a.v6) mask_lo &= 0xffffffffULL;
  return Range{hi & mask_hi, lo & mask_lo, a.v6 ? (hi | ~mask_hi) : 0,
               lo | (~mask_lo & (a.v6 ? ~uint64_t{0} : 0xffffffffULL))};
}

bool le128(uint64_t ah, uint64_t al, uint64_t bh, uint64_t bl) {
  return ah < bh || (ah == bh && al <= bl);
}

std::string hex_group(unsigned v) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[v % 16]);
    v /= 16;
  } while (v != 0);
  return out;
}

// Rust's (RFC 5952) form: lowercase, no leading zeros, and the first longest
// run of two or more zero groups written as "::". Unlike Rust, IPv4-mapped
// addresses are not written with a dotted quad, which ip() would reject.
std::string v6_address_text(const IpAddr& a) {
  std::array<unsigned, 8> g{};
  for (size_t i = 0; i < 8; ++i) g[i] = unsigned{a.bytes[2 * i]} << 8 | a.bytes[2 * i + 1];
  size_t best_start = 0, best_len = 0;
  for (size_t i = 0; i < 8;) {
    size_t j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len) best_start = i, best_len = j - i;
    i = j == i ? i + 1 : j;
  }
  auto join = [&](size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to; ++i) out += (i > from ? ":" : "") + hex_group(g[i]);
    return out;
  };
  if (best_len < 2) return join(0, 8);
  return join(0, best_start) + "::" + join(best_start + best_len, 8);
}

}  // namespace

std::optional<IpAddr> parse_ip(std::string_view text) {
  if (text.size() > kMaxTextLength) return std::nullopt;
  if (has_two(text, ':') && has_two(text, '.')) return std::nullopt;
  size_t slash = text.find('/');
  std::string_view addr = text.substr(0, slash);
  IpAddr out;
  if (parse_v4(addr, out)) {
    out.v6 = false;
    out.prefix = 32;
  } else {
    out.bytes = {};
    if (!parse_v6(addr, out)) return std::nullopt;
    out.v6 = true;
    out.prefix = 128;
  }
  if (slash != std::string_view::npos) {
    auto prefix = parse_small_decimal(text.substr(slash + 1), out.v6 ? 3 : 2, out.prefix);
    if (!prefix) return std::nullopt;
    out.prefix = static_cast<uint8_t>(*prefix);
  }
  return out;
}

namespace ext {

bool ip_in_range(const IpAddr& inner, const IpAddr& outer) {
  if (inner.v6 != outer.v6) return false;
  Range a = range_of(inner), b = range_of(outer);
  return le128(b.lo_hi, b.lo_lo, a.lo_hi, a.lo_lo) && le128(a.hi_hi, a.hi_lo, b.hi_hi, b.hi_lo);
}

// 127.0.0.0/8 and ::1/128: the whole range must lie inside.
bool ip_is_loopback(const IpAddr& a) {
  IpAddr range;
  range.v6 = a.v6;
  range.prefix = a.v6 ? 128 : 8;
  if (a.v6) {
    range.bytes[15] = 1;
  } else {
    range.bytes[0] = 127;
  }
  return ip_in_range(a, range);
}

// 224.0.0.0/4 and ff00::/8: the whole range must lie inside.
bool ip_is_multicast(const IpAddr& a) {
  IpAddr range;
  range.v6 = a.v6;
  range.prefix = a.v6 ? 8 : 4;
  range.bytes[0] = a.v6 ? 0xff : 224;
  return ip_in_range(a, range);
}

std::string ip_text(const IpAddr& a) {
  std::string out;
  if (a.v6) {
    out = v6_address_text(a);
  } else {
    for (int i = 0; i < 4; ++i) out += (i ? "." : "") + std::to_string(a.bytes[i]);
  }
  return out + "/" + std::to_string(a.prefix);
}

}  // namespace ext
}  // namespace cedar
