// TimeZone: the TZif reader against the system's tzdata, a synthetic TZif
// file, and POSIX TZ footers beyond the last transition.
#include "trustgate/policy/time_zone.h"

#include <gtest/gtest.h>

#include <string>

namespace trustgate::policy {
namespace {

int64_t utc(std::string_view text) { return *parse_timestamp_unix(text); }

TEST(TimeZoneTest, ChicagoOffsetsAroundDaylightSaving) {
  auto tz = TimeZone::load("America/Chicago");
  ASSERT_TRUE(tz) << tz.error().message;
  EXPECT_EQ(tz->offset_at(utc("2021-01-27T05:30:00Z")), -6 * 3600);
  EXPECT_EQ(tz->offset_at(utc("2021-08-02T05:30:00Z")), -5 * 3600);
  // 2021-03-14 02:00 CST -> 03:00 CDT (08:00Z).
  EXPECT_EQ(tz->offset_at(utc("2021-03-14T07:59:59Z")), -6 * 3600);
  EXPECT_EQ(tz->offset_at(utc("2021-03-14T08:00:00Z")), -5 * 3600);
}

TEST(TimeZoneTest, TheSameInstantHasOneLocalDate) {
  auto tz = TimeZone::load("America/Chicago");
  ASSERT_TRUE(tz);
  Date a = tz->local_date(utc("2021-01-26T23:30:00-06:00"));
  Date b = tz->local_date(utc("2021-01-27T05:30:00Z"));
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.to_string(), "2021-01-26");
  EXPECT_EQ(tz->local_date(utc("2021-01-27T06:30:00Z")).to_string(), "2021-01-27");
}

TEST(TimeZoneTest, FarFutureUsesTheFooterRule) {
  auto tz = TimeZone::load("America/New_York");
  ASSERT_TRUE(tz);
  EXPECT_EQ(tz->offset_at(utc("2100-07-01T12:00:00Z")), -4 * 3600);
  EXPECT_EQ(tz->offset_at(utc("2100-01-15T12:00:00Z")), -5 * 3600);
}

TEST(TimeZoneTest, PosixRules) {
  auto r = parse_posix_tz("CST6CDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->std_offset, -6 * 3600);
  EXPECT_TRUE(r->has_dst);
  EXPECT_EQ(r->dst_offset, -5 * 3600);
  EXPECT_EQ(r->start.month, 3);
  EXPECT_EQ(r->start.week, 2);
  EXPECT_EQ(r->end.time, 2 * 3600);
  auto fixed = parse_posix_tz("<+0530>-5:30");
  ASSERT_TRUE(fixed) << fixed.error().message;
  EXPECT_EQ(fixed->std_offset, 5 * 3600 + 30 * 60);
  EXPECT_FALSE(fixed->has_dst);
  EXPECT_FALSE(parse_posix_tz("CST6CDT,M13.2.0,M11.1.0"));
  EXPECT_FALSE(parse_posix_tz("X6"));
}

// A minimal v2 TZif file: one transition at t=1000 from +01:00 to +02:00,
// footer "<+02>-2".
std::string synthetic_tzif() {
  auto be = [](std::string& out, uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
  };
  auto header = [&](std::string& out, uint32_t timecnt, uint32_t typecnt, uint32_t charcnt) {
    out += "TZif2";
    out += std::string(15, '\0');
    be(out, 0, 4);  // isutcnt
    be(out, 0, 4);  // isstdcnt
    be(out, 0, 4);  // leapcnt
    be(out, timecnt, 4);
    be(out, typecnt, 4);
    be(out, charcnt, 4);
  };
  std::string f;
  header(f, 0, 1, 1);  // v1 block: one type, no transitions
  be(f, 3600, 4);
  f += '\0';
  f += '\0';
  f += '\0';  // designation
  header(f, 1, 2, 1);
  be(f, 1000, 8);
  f += '\x01';
  be(f, 3600, 4);
  f += '\0';
  f += '\0';
  be(f, 7200, 4);
  f += '\0';
  f += '\0';
  f += '\0';
  f += "\n<+02>-2\n";
  return f;
}

TEST(TimeZoneTest, ParsesASyntheticFile) {
  auto tz = TimeZone::parse(synthetic_tzif(), "Test/Zone");
  ASSERT_TRUE(tz) << tz.error().message;
  EXPECT_EQ(tz->offset_at(999), 3600);
  EXPECT_EQ(tz->offset_at(1000), 7200);
  EXPECT_EQ(tz->offset_at(4'000'000'000), 7200);  // footer
  EXPECT_FALSE(TimeZone::parse("TZif2", "bad"));
  EXPECT_FALSE(TimeZone::parse(synthetic_tzif().substr(0, 60), "bad"));
}

TEST(TimeZoneTest, RejectsBadNames) {
  EXPECT_FALSE(TimeZone::load("../etc/passwd"));
  EXPECT_FALSE(TimeZone::load("/etc/localtime"));
  EXPECT_FALSE(TimeZone::load("No/Such_Zone"));
}

}  // namespace
}  // namespace trustgate::policy
