// base::utc_rfc3339 keeps the last second's text per thread: a repeated
// second gives the same text, and a different one never the stale text.
#include "base/clock.h"

#include <gtest/gtest.h>

#include <thread>

namespace base {
namespace {

TEST(ClockTest, Rfc3339OfEachSecond) {
  EXPECT_EQ(utc_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(utc_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(utc_rfc3339(1738008180), "2025-01-27T20:03:00Z");
  EXPECT_EQ(utc_rfc3339(1738008181), "2025-01-27T20:03:01Z");
  EXPECT_EQ(utc_rfc3339(0), "1970-01-01T00:00:00Z");
  std::string other;
  std::thread t([&] { other = utc_rfc3339(86400); });
  t.join();
  EXPECT_EQ(other, "1970-01-02T00:00:00Z");
  EXPECT_EQ(utc_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(now_utc_rfc3339().size(), 20u);
}

}  // namespace
}  // namespace base
