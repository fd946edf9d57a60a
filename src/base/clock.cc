#include "base/clock.h"

#include <chrono>
#include <ctime>

namespace base {

int64_t now_unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string utc_rfc3339(int64_t unix_seconds) {
  // A server asks for the same second many times over (each answer and its
  // access-log line): each thread keeps the last second's text.
  thread_local int64_t last_seconds = INT64_MIN;
  thread_local std::string last_text;
  if (unix_seconds == last_seconds) return last_text;
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  last_seconds = unix_seconds;
  last_text = buf;
  return last_text;
}

std::string now_utc_rfc3339() { return utc_rfc3339(now_unix_seconds()); }

}  // namespace base
