#include "cedar/value.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "cedar/uid_table.h"

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

// same_bytes reads fixed-size words: check it against memcmp for every
// length up to 40 and a difference at every position.
TEST(Value, SameBytesAgreesWithMemcmp) {
  for (size_t n = 0; n <= 40; ++n) {
    std::string a(n, 'x');
    for (size_t i = 0; i < n; ++i) a[i] = static_cast<char>('a' + i % 7);
    std::string b = a;
    EXPECT_TRUE(same_bytes(a.data(), b.data(), n)) << n;
    for (size_t i = 0; i < n; ++i) {
      b[i] ^= 1;
      EXPECT_FALSE(same_bytes(a.data(), b.data(), n)) << n << " at " << i;
      b[i] ^= 1;
    }
  }
}

TEST(Value, EntityUidEqualityAndHash) {
  EntityUid a{"User", "alice"};
  EXPECT_EQ(a, (EntityUid{"User", "alice"}));
  EXPECT_NE(a, (EntityUid{"User", "alicf"}));
  EXPECT_NE(a, (EntityUid{"Usera", "lice"}));  // the boundary between type and id counts
  EXPECT_NE(EntityUidHash{}(a), EntityUidHash{}(EntityUid{"Usera", "lice"}));
  EXPECT_EQ(EntityUidHash{}(a), EntityUidHash{}(EntityUid{"User", "alice"}));
  // Every byte of a short id counts.
  std::set<uint64_t> hashes;
  for (char c = 'a'; c <= 'z'; ++c) {
    for (size_t pos = 0; pos < 6; ++pos) {
      std::string id = "000000";
      id[pos] = c;
      hashes.insert(hash_bytes(0, id));
    }
  }
  EXPECT_EQ(hashes.size(), 26u * 6);
}

TEST(Value, BorrowedEntityRefersToTheUid) {
  EntityUid uid{"User", "alice"};
  Value v = Value::borrowed_entity(uid);
  ASSERT_TRUE(v.is_entity());
  EXPECT_EQ(&v.as_entity(), &uid);
  Value copy = v;
  EXPECT_EQ(&copy.as_entity(), &uid);
  EXPECT_EQ(copy, Value::entity(uid));
}

TEST(UidTable, FindsWhatWasInserted) {
  UidTable<int> t;
  EXPECT_EQ(t.find({"User", "a"}), nullptr);
  std::mt19937 rng(7);
  std::vector<EntityUid> keys;
  for (int i = 0; i < 3000; ++i) keys.push_back({i % 2 ? "User" : "Group", std::to_string(rng())});
  for (size_t i = 0; i < keys.size(); ++i) t[keys[i]] = static_cast<int>(i);
  std::set<EntityUid> distinct(keys.begin(), keys.end());
  EXPECT_EQ(t.size(), distinct.size());
  for (const EntityUid& k : keys) {
    const int* v = t.find(k);
    ASSERT_NE(v, nullptr) << k.to_string();
    EXPECT_EQ(keys[static_cast<size_t>(*v)], k);
  }
  EXPECT_EQ(t.find({"User", "missing"}), nullptr);
  EXPECT_EQ(t.find({"Other", keys[0].id}), nullptr);
}

}  // namespace
}  // namespace cedar
