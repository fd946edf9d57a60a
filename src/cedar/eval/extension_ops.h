// Internal operations on Cedar's extension values, shared by the dispatcher
// (extensions.cc) and the renderer (extension_values.cc).
//
// The parsers (parse_decimal, parse_ip, parse_datetime, parse_duration) are
// declared in cedar/extensions.h. Everything here is total except where the
// return type is optional: nullopt means the result does not fit in a signed
// 64-bit integer, which Cedar reports as an extension error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cedar/extension_values.h"

namespace cedar::ext {

// --- decimal -------------------------------------------------------------

// The argument text of decimal("..."): the sign, the integer part and
// exactly four fractional digits, e.g. "-1.2300". Parses back to `d`.
std::string decimal_text(Decimal d);

// --- ipaddr --------------------------------------------------------------

bool ip_is_loopback(const IpAddr& a);
bool ip_is_multicast(const IpAddr& a);
// True when every address in `inner`'s range is in `outer`'s range. IPv4 and
// IPv6 ranges never contain each other.
bool ip_in_range(const IpAddr& inner, const IpAddr& outer);
// The argument text of ip("..."): address and "/prefix", e.g. "10.0.0.0/8"
// or "ffee::/64". Parses back to `a`.
std::string ip_text(const IpAddr& a);

// --- datetime and duration -----------------------------------------------

inline constexpr int64_t kMsPerSecond = 1000;
inline constexpr int64_t kMsPerMinute = 60 * kMsPerSecond;
inline constexpr int64_t kMsPerHour = 60 * kMsPerMinute;
inline constexpr int64_t kMsPerDay = 24 * kMsPerHour;

std::optional<Datetime> datetime_offset(Datetime dt, Duration d);
// `a - b` as a duration.
std::optional<Duration> duration_since(Datetime a, Datetime b);
// Midnight (UTC) of the day containing `dt`: rounds toward negative infinity.
std::optional<Datetime> datetime_to_date(Datetime dt);
// Time since midnight of the day containing `dt`; always in [0, 1 day).
Duration datetime_to_time(Datetime dt);

// Whole units, truncated toward zero (so -1500ms is -1 second).
inline int64_t duration_to_seconds(Duration d) { return d.ms / 1000; }
inline int64_t duration_to_minutes(Duration d) { return duration_to_seconds(d) / 60; }
inline int64_t duration_to_hours(Duration d) { return duration_to_minutes(d) / 60; }
inline int64_t duration_to_days(Duration d) { return duration_to_hours(d) / 24; }

// "YYYY-MM-DDThh:mm:ss.SSSZ" when the instant lies in years 0000..9999 (the
// range datetime("...") can express), else nullopt.
std::optional<std::string> datetime_text(Datetime dt);
// The argument text of duration("..."), e.g. "1d2h3ms", "-5s", "0ms".
// Parses back to `d` for every int64 value.
std::string duration_text(Duration d);

}  // namespace cedar::ext
