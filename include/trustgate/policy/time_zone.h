// TimeZone: a jurisdiction's civil time, read from the system's time zone
// database (TZif files, RFC 8536), so that a request is decided under the law
// of the calendar date where it was received, whatever UTC offset its sender
// wrote.
//
// Format (RFC 8536): a v1 header and 32-bit data block; for version 2 and
// later a second header and 64-bit data block, then a footer line holding a
// POSIX TZ string (e.g. "CST6CDT,M3.2.0,M11.1.0") that gives local time after
// the last transition. Before the first transition local time is time type 0.
// Leap-second records are skipped (TZif files in the "right/" tree are not
// supported: their transition times count leap seconds).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/result.h"
#include "trustgate/policy/date.h"

namespace trustgate::policy {

class TimeZone {
 public:
  // Reads <dir>/<name>, where dir is $TZDIR or /usr/share/zoneinfo. The name
  // must be an IANA zone name ("America/Chicago"): letters, digits, '_', '-',
  // '+' and '/', no "..".
  static cedar::Result<TimeZone> load(std::string_view name);
  // Parses the bytes of a TZif file.
  static cedar::Result<TimeZone> parse(std::string_view tzif, std::string name);

  const std::string& name() const { return name_; }
  // Seconds east of UTC in force at the instant `utc_seconds` (since 1970).
  int32_t offset_at(int64_t utc_seconds) const;
  // The local calendar date at that instant.
  Date local_date(int64_t utc_seconds) const;

  // A POSIX TZ rule for one transition date: "Mm.w.d", "Jn" or "n", and the
  // local time of day (seconds, may be negative or past 24 h) it happens at.
  struct RuleDate {
    enum class Kind : uint8_t { MonthWeekDay, Julian1, Julian0 } kind = Kind::MonthWeekDay;
    int month = 0, week = 0, weekday = 0, day = 0;
    int32_t time = 2 * 3600;
  };
  // The footer: standard offset, and optionally a daylight offset with the
  // dates it starts and ends (each in the local time in force before it).
  struct PosixRule {
    int32_t std_offset = 0;  // seconds east of UTC
    bool has_dst = false;
    int32_t dst_offset = 0;
    RuleDate start, end;
  };

 private:
  int32_t footer_offset(int64_t utc_seconds) const;

  std::string name_;
  std::vector<int64_t> transitions_;  // ascending UTC seconds
  std::vector<uint8_t> transition_types_;
  std::vector<int32_t> type_offsets_;
  bool has_footer_ = false;
  PosixRule footer_;
};

// Parses a POSIX TZ string as used in TZif footers (RFC 8536 section 3.3).
cedar::Result<TimeZone::PosixRule> parse_posix_tz(std::string_view text);

}  // namespace trustgate::policy
