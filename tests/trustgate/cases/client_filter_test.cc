#include "trustgate/cases/client_filter.h"

#include <gtest/gtest.h>

#include <string>

namespace trustgate::cases {
namespace {

TEST(ClientIdFilterTest, EveryKeyAddedMayBeHeldAndFewOthersAre) {
  ClientIdFilter filter;
  constexpr int kKeys = 100000;
  for (int i = 0; i < kKeys; ++i) filter.add("us-il-chicago", "chicago-police", std::to_string(i));
  for (int i = 0; i < kKeys; ++i) {
    ASSERT_TRUE(filter.may_hold("us-il-chicago", "chicago-police", std::to_string(i))) << i;
  }
  int false_positives = 0;
  for (int i = kKeys; i < 2 * kKeys; ++i) {
    false_positives += filter.may_hold("us-il-chicago", "chicago-police", std::to_string(i));
  }
  // About 0.004% expected at this fill; a filter that says "maybe" to
  // everything (or to most) fails here.
  EXPECT_LT(false_positives, kKeys / 1000);
}

TEST(ClientIdFilterTest, TheKeysPartsAreKeptApart) {
  ClientIdFilter filter;
  filter.add("us-il-chicago", "chicago-police", "7");
  EXPECT_TRUE(filter.may_hold("us-il-chicago", "chicago-police", "7"));
  EXPECT_FALSE(filter.may_hold("us-il-chicago", "cook-county-sheriff", "7"));
  EXPECT_FALSE(filter.may_hold("us-il", "chicago-police", "7"));
  EXPECT_FALSE(filter.may_hold("us-il-chicago", "chicago-polic", "e7"));
  EXPECT_FALSE(filter.may_hold("us-il-chicago", "chicago-police", "8"));
}

}  // namespace
}  // namespace trustgate::cases
