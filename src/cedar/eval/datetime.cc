// Cedar's datetime and duration extension types: parsing, arithmetic and
// rendering. Both are int64 milliseconds (datetime: since the Unix epoch,
// UTC, proleptic Gregorian calendar without leap seconds).
//
// datetime("...") accepts exactly these shapes (digits are ASCII):
//   YYYY-MM-DD
//   YYYY-MM-DDThh:mm:ss followed by one of  Z | .SSSZ | (+|-)hhmm | .SSS(+|-)hhmm
// with a real calendar date (year 0000..9999, leap years per Gregorian rules),
// hh < 24, mm < 60, ss < 60 (no leap second), offset hh < 24 and mm < 60.
// An offset +hhmm means local time is ahead of UTC, so it is subtracted.
//
// duration("...") accepts an optional '-' and then one or more
// <digits><unit> pairs with units strictly in the order d, h, m, s, ms (each
// at most once). The exact total must fit in int64.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cedar/extensions.h"
#include "eval/extension_ops.h"

namespace cedar {
namespace {

using ext::kMsPerDay;
using ext::kMsPerHour;
using ext::kMsPerMinute;
using ext::kMsPerSecond;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The value of s[pos, pos+len) if all of it is ASCII digits.
std::optional<int> fixed_digits(std::string_view s, size_t pos, size_t len) {
  if (pos + len > s.size()) return std::nullopt;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (!is_digit(s[i])) return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

bool char_at(std::string_view s, size_t pos, char c) { return pos < s.size() && s[pos] == c; }

bool is_leap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int days_in_month(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Days from 1970-01-01 to y-m-d (proleptic Gregorian), for any y that keeps
// the arithmetic in range (here |y| < 10^6). Uses 400-year eras starting at
// March 1 so that the leap day is the last day of the year.
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                                    // [0, 399]
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

struct CivilDate {
  int64_t year;
  int month, day;
};

// Inverse of days_from_civil.
CivilDate civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;                                       // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{yoe + era * 400 + (month <= 2), month, day};
}

// Parses "YYYY-MM-DD" at the start of `s` into days since the epoch.
std::optional<int64_t> parse_date(std::string_view s) {
  auto y = fixed_digits(s, 0, 4);
  auto m = fixed_digits(s, 5, 2);
  auto d = fixed_digits(s, 8, 2);
  if (!y || !m || !d || !char_at(s, 4, '-') || !char_at(s, 7, '-')) return std::nullopt;
  if (*m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m)) return std::nullopt;
  return days_from_civil(*y, *m, *d);
}

// Parses "Thh:mm:ss" at s[10..19) into milliseconds since midnight.
std::optional<int64_t> parse_time_of_day(std::string_view s) {
  auto h = fixed_digits(s, 11, 2);
  auto mi = fixed_digits(s, 14, 2);
  auto sec = fixed_digits(s, 17, 2);
  if (!char_at(s, 10, 'T') || !char_at(s, 13, ':') || !char_at(s, 16, ':')) return std::nullopt;
  if (!h || !mi || !sec || *h >= 24 || *mi >= 60 || *sec >= 60) return std::nullopt;
  return *h * kMsPerHour + *mi * kMsPerMinute + *sec * kMsPerSecond;
}

// Parses the tail after "ss": [.SSS] then Z or (+|-)hhmm, to the end of the
// string. Returns the milliseconds to add to the local time to get UTC.
std::optional<int64_t> parse_millis_and_offset(std::string_view tail) {
  int64_t adjust = 0;
  if (!tail.empty() && tail.front() == '.') {
    auto ms = fixed_digits(tail, 1, 3);
    if (!ms) return std::nullopt;
    adjust = *ms;
    tail.remove_prefix(4);
  }
  if (tail == "Z") return adjust;
  if (tail.size() != 5 || (tail[0] != '+' && tail[0] != '-')) return std::nullopt;
  auto oh = fixed_digits(tail, 1, 2);
  auto om = fixed_digits(tail, 3, 2);
  if (!oh || !om || *oh >= 24 || *om >= 60) return std::nullopt;
  const int64_t offset = *oh * kMsPerHour + *om * kMsPerMinute;
  return tail[0] == '+' ? adjust - offset : adjust + offset;
}

// Units of a duration, largest first; a string must use them in this order.
struct DurationUnit {
  std::string_view suffix;
  uint64_t ms;
};
constexpr DurationUnit kUnits[] = {
    {"d", kMsPerDay}, {"h", kMsPerHour}, {"m", kMsPerMinute}, {"s", kMsPerSecond}, {"ms", 1}};

// Index into kUnits of the unit at the start of `s`, or -1.
int unit_at(std::string_view s) {
  if (s.starts_with("ms")) return 4;
  for (int i = 0; i < 4; ++i) {
    if (s.starts_with(kUnits[i].suffix)) return i;
  }
  return -1;
}

}  // namespace

std::optional<Datetime> parse_datetime(std::string_view text) {
  auto days = parse_date(text);
  if (!days) return std::nullopt;
  // Years 0000..9999 keep every intermediate far inside int64.
  int64_t ms = *days * kMsPerDay;
  if (text.size() == 10) return Datetime{ms};
  auto time = parse_time_of_day(text);
  if (!time) return std::nullopt;
  auto adjust = parse_millis_and_offset(text.substr(19));
  if (!adjust) return std::nullopt;
  return Datetime{ms + *time + *adjust};
}

std::optional<Duration> parse_duration(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  // Largest magnitude allowed: |INT64_MIN| when negative, INT64_MAX otherwise.
  const uint64_t limit = static_cast<uint64_t>(INT64_MAX) + (negative ? 1 : 0);
  uint64_t total = 0;
  int next_unit = 0;  // units before this index have been used or skipped
  while (!text.empty()) {
    size_t n = 0;
    uint64_t count = 0;
    bool overflow = false;
    for (; n < text.size() && is_digit(text[n]); ++n) {
      overflow |= __builtin_mul_overflow(count, 10, &count);
      overflow |= __builtin_add_overflow(count, static_cast<uint64_t>(text[n] - '0'), &count);
    }
    if (n == 0) return std::nullopt;
    int unit = unit_at(text.substr(n));
    if (unit < next_unit) return std::nullopt;  // also catches unit == -1
    uint64_t part = 0;
    if (overflow || __builtin_mul_overflow(count, kUnits[unit].ms, &part) ||
        __builtin_add_overflow(total, part, &total) || total > limit) {
      return std::nullopt;
    }
    next_unit = unit + 1;
    text.remove_prefix(n + kUnits[unit].suffix.size());
  }
  if (!negative) return Duration{static_cast<int64_t>(total)};
  if (total == limit) return Duration{INT64_MIN};
  return Duration{-static_cast<int64_t>(total)};
}

namespace ext {

std::optional<Datetime> datetime_offset(Datetime dt, Duration d) {
  int64_t out = 0;
  if (__builtin_add_overflow(dt.ms, d.ms, &out)) return std::nullopt;
  return Datetime{out};
}

std::optional<Duration> duration_since(Datetime a, Datetime b) {
  int64_t out = 0;
  if (__builtin_sub_overflow(a.ms, b.ms, &out)) return std::nullopt;
  return Duration{out};
}

std::optional<Datetime> datetime_to_date(Datetime dt) {
  int64_t out = 0;
  if (__builtin_sub_overflow(dt.ms, datetime_to_time(dt).ms, &out)) return std::nullopt;
  return Datetime{out};
}

Duration datetime_to_time(Datetime dt) {
  int64_t rem = dt.ms % kMsPerDay;  // truncated: same sign as dt.ms
  return Duration{rem < 0 ? rem + kMsPerDay : rem};
}

std::optional<std::string> datetime_text(Datetime dt) {
  // Floor division into days and milliseconds within the day (written so
  // that it cannot overflow near INT64_MIN).
  const int64_t in_day = datetime_to_time(dt).ms;
  const int64_t days = dt.ms / kMsPerDay - (dt.ms % kMsPerDay < 0 ? 1 : 0);
  const CivilDate date = civil_from_days(days);
  if (date.year < 0 || date.year > 9999) return std::nullopt;
  auto pad = [](int64_t v, size_t width) {
    std::string s = std::to_string(v);
    return std::string(width > s.size() ? width - s.size() : 0, '0') + s;
  };
  return pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2) + "T" +
         pad(in_day / kMsPerHour, 2) + ":" + pad(in_day / kMsPerMinute % 60, 2) + ":" +
         pad(in_day / kMsPerSecond % 60, 2) + "." + pad(in_day % 1000, 3) + "Z";
}

std::string duration_text(Duration d) {
  // Unsigned magnitude so that INT64_MIN is representable.
  uint64_t rest = d.ms < 0 ? 0 - static_cast<uint64_t>(d.ms) : static_cast<uint64_t>(d.ms);
  std::string out = d.ms < 0 ? "-" : "";
  if (rest == 0) return "0ms";
  for (const DurationUnit& u : kUnits) {
    if (rest >= u.ms) {
      out += std::to_string(rest / u.ms);
      out += u.suffix;
      rest %= u.ms;
    }
  }
  return out;
}

}  // namespace ext
}  // namespace cedar
