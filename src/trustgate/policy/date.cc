#include "trustgate/policy/date.h"

#include <chrono>
#include <cstdio>

#include "base/clock.h"

namespace trustgate::policy {

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` ASCII digits at `pos`; false if any is not a digit.
bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

cedar::Error date_error(std::string_view text) {
  return cedar::Error{"`" + std::string(text) + "` is not a date (expected YYYY-MM-DD)"};
}

cedar::Error timestamp_error(std::string_view text, const char* why) {
  return cedar::Error{"`" + std::string(text) +
                      "` is not an RFC 3339 timestamp (e.g. 2025-01-27T14:03:00-06:00): " + why};
}

}  // namespace

Date date_from_civil(int y, unsigned m, unsigned d) {
  // Howard Hinnant's days_from_civil algorithm.
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Date{era * 146097 + static_cast<int32_t>(doe) - 719468};
}

std::string Date::to_string() const {
  // Inverse of date_from_civil (civil_from_days).
  int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2 ? 1 : 0;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

cedar::Result<Date> parse_date(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(text, 0, 4, y) ||
      !digits(text, 5, 2, m) || !digits(text, 8, 2, d)) {
    return date_error(text);
  }
  if (m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, m)) {
    return cedar::Error{"`" + std::string(text) + "` is not a real calendar date"};
  }
  return date_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

namespace {

// A parsed RFC 3339 timestamp: its date and time as written, and the offset.
struct Timestamp {
  Date date;
  int seconds_of_day = 0;
  int offset_seconds = 0;  // east of UTC
};

cedar::Result<Timestamp> parse_timestamp(std::string_view text) {
  if (text.size() < 20) return timestamp_error(text, "too short");
  auto date = parse_date(text.substr(0, 10));
  if (!date) return timestamp_error(text, "bad date part");
  int hh = 0, mm = 0, ss = 0;
  if ((text[10] != 'T' && text[10] != 't') || !digits(text, 11, 2, hh) || text[13] != ':' ||
      !digits(text, 14, 2, mm) || text[16] != ':' || !digits(text, 17, 2, ss)) {
    return timestamp_error(text, "bad time part");
  }
  if (hh > 23 || mm > 59 || ss > 60) return timestamp_error(text, "time out of range");
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    size_t start = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return timestamp_error(text, "empty fraction of a second");
  }
  Timestamp ts{*date, hh * 3600 + mm * 60 + (ss == 60 ? 59 : ss), 0};
  std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") return ts;
  int oh = 0, om = 0;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !digits(zone, 1, 2, oh) ||
      zone[3] != ':' || !digits(zone, 4, 2, om) || oh > 23 || om > 59) {
    return timestamp_error(text, "needs a UTC offset such as Z or -06:00");
  }
  ts.offset_seconds = (zone[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  return ts;
}

}  // namespace

cedar::Result<Date> parse_timestamp_date(std::string_view text) {
  auto ts = parse_timestamp(text);
  if (!ts) return ts.error();
  return ts->date;
}

cedar::Result<int64_t> parse_timestamp_unix(std::string_view text) {
  auto ts = parse_timestamp(text);
  if (!ts) return ts.error();
  return int64_t{ts->date.days} * 86400 + ts->seconds_of_day - ts->offset_seconds;
}

Date today_utc() {
  int64_t now = base::now_unix_seconds();
  return Date{static_cast<int32_t>(now >= 0 ? now / 86400 : (now - 86399) / 86400)};
}

}  // namespace trustgate::policy
