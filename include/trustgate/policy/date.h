// Calendar dates and RFC 3339 timestamps, as the policy layer needs them.
//
// Effective dates (pack.json, @effective_from/@effective_to) are calendar
// dates. A request is decided under the law in force on the calendar date of
// its received_at in the jurisdiction's own time zone (time_zone.h); a chain
// that declares none reads the date as written in the timestamp's offset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cedar/result.h"

namespace trustgate::policy {

// A proleptic Gregorian calendar date, stored as days since 1970-01-01.
struct Date {
  int32_t days = 0;
  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;
  // "YYYY-MM-DD".
  std::string to_string() const;
};

// A half-open interval of dates [from, to); an absent bound is open.
struct DateRange {
  std::optional<Date> from;
  std::optional<Date> to;
  bool contains(Date d) const { return (!from || *from <= d) && (!to || d < *to); }
};

// Days since 1970-01-01 of a valid civil date (no range check).
Date date_from_civil(int year, unsigned month, unsigned day);

// Parses "YYYY-MM-DD" with a real month and day (leap years included).
cedar::Result<Date> parse_date(std::string_view text);

// Parses an RFC 3339 timestamp ("2025-01-27T14:03:00-06:00", fractional
// seconds and "Z" allowed) and returns its calendar date as written.
cedar::Result<Date> parse_timestamp_date(std::string_view text);

// The instant of an RFC 3339 timestamp, in seconds since the Unix epoch.
cedar::Result<int64_t> parse_timestamp_unix(std::string_view text);

// Today's date in UTC.
Date today_utc();

}  // namespace trustgate::policy
