#include "cedar/value.h"

#include <gtest/gtest.h>

namespace cedar {
namespace {

TEST(Value, SetsAreSortedAndDeduplicated) {
  Value a = Value::set({Value::integer(3), Value::integer(1), Value::integer(3)});
  Value b = Value::set({Value::integer(1), Value::integer(3)});
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.as_set().size(), 2u);
  EXPECT_TRUE(a.set_contains(Value::integer(3)));
  EXPECT_FALSE(a.set_contains(Value::integer(2)));
}

TEST(Value, DifferentKindsAreNotEqual) {
  EXPECT_FALSE(Value::integer(1) == Value::boolean(true));
  EXPECT_FALSE(Value::string("1") == Value::integer(1));
}

TEST(Value, RecordFieldLookup) {
  Record r{{"b", Value::integer(2)}, {"a", Value::integer(1)}};
  ASSERT_TRUE(sort_record(r));
  Value v = Value::record(r);
  ASSERT_NE(v.field("a"), nullptr);
  EXPECT_EQ(v.field("a")->as_long(), 1);
  EXPECT_EQ(v.field("c"), nullptr);
  Record dup{{"a", Value::integer(1)}, {"a", Value::integer(2)}};
  EXPECT_FALSE(sort_record(dup));
}

TEST(Value, EntityEquality) {
  EXPECT_EQ(Value::entity({"User", "a"}), Value::entity({"User", "a"}));
  EXPECT_FALSE(Value::entity({"User", "a"}) == Value::entity({"Admin", "a"}));
}

TEST(Value, ToStringEscapes) {
  EXPECT_EQ(Value::string("a\"b\n").to_string(), "\"a\\\"b\\n\"");
  EXPECT_EQ(EntityUid({"A::B", "x"}).to_string(), "A::B::\"x\"");
}

}  // namespace
}  // namespace cedar
