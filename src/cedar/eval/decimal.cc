// Cedar's decimal extension type: parsing and rendering.
//
// Accepted syntax (as in the Rust implementation's regex `^(-?\d+)\.(\d+)$`
// restricted to ASCII digits): an optional '-', one or more digits, '.', and
// one to four digits. Leading zeros are allowed ("00.000"). The value,
// scaled by 10^4, must fit in int64, so the range is
// -922337203685477.5808 ..= 922337203685477.5807 (both ends accepted).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cedar/extensions.h"
#include "eval/extension_ops.h"

namespace cedar {
namespace {

constexpr int kFractionDigits = 4;
constexpr uint64_t kScale = 10000;  // 10^kFractionDigits
// Magnitudes of the int64 extremes, as unsigned.
constexpr uint64_t kMaxPositive = static_cast<uint64_t>(INT64_MAX);
constexpr uint64_t kMaxNegative = kMaxPositive + 1;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Parses a non-empty run of ASCII digits whose value is at most `limit`.
std::optional<uint64_t> parse_digits(std::string_view s, uint64_t limit) {
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
    // v <= limit held before this digit, and limit < 2^63, so v*10+9 did not wrap.
    if (v > limit) return std::nullopt;
  }
  return v;
}

}  // namespace

std::optional<Decimal> parse_decimal(std::string_view text) {
  bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  size_t dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string_view int_part = text.substr(0, dot);
  std::string_view frac_part = text.substr(dot + 1);
  if (frac_part.empty() || frac_part.size() > kFractionDigits) return std::nullopt;

  const uint64_t limit = negative ? kMaxNegative : kMaxPositive;
  auto whole = parse_digits(int_part, limit / kScale);
  auto frac = parse_digits(frac_part, kScale - 1);
  if (!whole || !frac) return std::nullopt;
  uint64_t frac_scaled = *frac;
  for (size_t i = frac_part.size(); i < kFractionDigits; ++i) frac_scaled *= 10;

  // whole <= limit / kScale, so this cannot wrap; it may still exceed limit.
  uint64_t magnitude = *whole * kScale + frac_scaled;
  if (magnitude > limit) return std::nullopt;
  if (!negative) return Decimal{static_cast<int64_t>(magnitude)};
  if (magnitude == kMaxNegative) return Decimal{INT64_MIN};
  return Decimal{-static_cast<int64_t>(magnitude)};
}

namespace ext {

std::string decimal_text(Decimal d) {
  // Work on the unsigned magnitude so that INT64_MIN is representable.
  uint64_t magnitude =
      d.scaled < 0 ? 0 - static_cast<uint64_t>(d.scaled) : static_cast<uint64_t>(d.scaled);
  std::string frac = std::to_string(magnitude % kScale);
  std::string out = d.scaled < 0 ? "-" : "";
  out += std::to_string(magnitude / kScale);
  out += '.';
  out.append(kFractionDigits - frac.size(), '0');
  out += frac;
  return out;
}

}  // namespace ext
}  // namespace cedar
