#include "trustgate/policy/date.h"

#include <gtest/gtest.h>

namespace trustgate::policy {
namespace {

TEST(DateTest, RoundTripsCivilDates) {
  for (const char* text : {"1970-01-01", "2000-02-29", "2021-01-27", "1969-12-31", "2100-12-31"}) {
    auto d = parse_date(text);
    ASSERT_TRUE(d) << text;
    EXPECT_EQ(d->to_string(), text);
  }
  EXPECT_EQ(parse_date("1970-01-02")->days, 1);
}

TEST(DateTest, RejectsImpossibleDates) {
  EXPECT_FALSE(parse_date("2023-02-29"));
  EXPECT_FALSE(parse_date("2024-13-01"));
  EXPECT_FALSE(parse_date("2024-1-01"));
  EXPECT_FALSE(parse_date("yesterday"));
}

TEST(DateTest, TimestampDateIsTheLocalDateAsWritten) {
  EXPECT_EQ(parse_timestamp_date("2025-01-27T23:30:00-06:00")->to_string(), "2025-01-27");
  EXPECT_EQ(parse_timestamp_date("2025-01-28T05:30:00.250Z")->to_string(), "2025-01-28");
  EXPECT_FALSE(parse_timestamp_date("2025-01-27 14:03:00"));
  EXPECT_FALSE(parse_timestamp_date("2025-01-27T14:03:00"));
  EXPECT_FALSE(parse_timestamp_date("2025-01-27T25:03:00Z"));
  EXPECT_FALSE(parse_timestamp_date("2025-02-30T10:00:00Z"));
}

TEST(DateTest, RangesAreHalfOpen) {
  DateRange r{parse_date("2021-01-27").value(), parse_date("2025-01-01").value()};
  EXPECT_FALSE(r.contains(parse_date("2021-01-26").value()));
  EXPECT_TRUE(r.contains(parse_date("2021-01-27").value()));
  EXPECT_TRUE(r.contains(parse_date("2024-12-31").value()));
  EXPECT_FALSE(r.contains(parse_date("2025-01-01").value()));
  EXPECT_TRUE(DateRange{}.contains(Date{-50000}));
}

}  // namespace
}  // namespace trustgate::policy
