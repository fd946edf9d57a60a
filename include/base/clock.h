// The one UTC clock of trustgate: every recorded time comes from here.
#pragma once

#include <cstdint>
#include <string>

namespace base {

// Seconds since the Unix epoch, UTC.
int64_t now_unix_seconds();

// The current time, RFC 3339 in UTC with second precision
// ("2025-01-27T20:03:00Z").
std::string now_utc_rfc3339();

// RFC 3339 UTC text of a Unix time in seconds.
std::string utc_rfc3339(int64_t unix_seconds);

}  // namespace base
