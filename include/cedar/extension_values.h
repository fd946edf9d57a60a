// The values of Cedar's extension types: decimal, ipaddr, datetime, duration.
//
// These are plain data; the functions that construct and operate on them are
// in cedar/extensions.h.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <variant>

namespace cedar {

// decimal: a fixed-point number with exactly four fractional digits, stored
// as value * 10^4 in a signed 64-bit integer.
struct Decimal {
  int64_t scaled = 0;
  friend bool operator==(const Decimal&, const Decimal&) = default;
  friend auto operator<=>(const Decimal&, const Decimal&) = default;
};

// ipaddr: an IPv4 or IPv6 address with a prefix length (a CIDR range).
// IPv4 addresses use bytes[0..3]; the remaining bytes are zero. An address
// written without a prefix has prefix 32 (IPv4) or 128 (IPv6). The address
// bits are kept as written (not masked by the prefix).
struct IpAddr {
  bool v6 = false;
  uint8_t prefix = 32;
  std::array<uint8_t, 16> bytes{};
  friend bool operator==(const IpAddr&, const IpAddr&) = default;
  friend auto operator<=>(const IpAddr&, const IpAddr&) = default;
};

// datetime: milliseconds since the Unix epoch (UTC), signed 64-bit.
struct Datetime {
  int64_t ms = 0;
  friend bool operator==(const Datetime&, const Datetime&) = default;
  friend auto operator<=>(const Datetime&, const Datetime&) = default;
};

// duration: a signed number of milliseconds, 64-bit.
struct Duration {
  int64_t ms = 0;
  friend bool operator==(const Duration&, const Duration&) = default;
  friend auto operator<=>(const Duration&, const Duration&) = default;
};

// Alternatives are ordered; the index is part of the total order on values.
using ExtensionValue = std::variant<Decimal, IpAddr, Datetime, Duration>;

// "decimal", "ipaddr", "datetime" or "duration".
const char* extension_type_name(const ExtensionValue& v);

// Cedar source form that reconstructs the value, e.g. decimal("1.2500"),
// ip("10.0.0.0/8"), datetime("2024-01-01T00:00:00.000Z"), duration("1d2h3ms").
std::string extension_to_string(const ExtensionValue& v);

}  // namespace cedar
