// common::parse_json: the pointer its errors name, however deep the bad
// value sits, and the same result from its reused per-thread parser for
// small documents as from a fresh one for large documents.
#include "trustgate/common/json.h"

#include <gtest/gtest.h>

#include <string>

namespace trustgate::common {
namespace {

std::string field_of(std::string_view text) {
  auto j = parse_json(text);
  return j ? "(parsed)" : j.error().field;
}

TEST(ParseJson, ErrorsNameTheBadValuesPointer) {
  EXPECT_EQ(field_of(R"({"a":[1,{"b":1.5}]})"), "/a/1/b");
  EXPECT_EQ(field_of(R"({"a":[{"x":1,"x":2}]})"), "/a/0/x");
  EXPECT_EQ(field_of(R"({"a/b":{"c~d":18446744073709551615}})"), "/a~1b/c~0d");
  EXPECT_EQ(field_of(R"([0,1,2.5])"), "/2");
  EXPECT_EQ(field_of("1.5"), "");
  EXPECT_EQ(field_of(R"({"ok":[true,null,"s",{"n":-3}]})"), "(parsed)");
}

TEST(ParseJson, SmallAndLargeDocumentsParseAlike) {
  // Past the size up to which the thread's parser is reused, and back.
  std::string large = R"({"pad":")" + std::string(200 << 10, 'x') + R"(","n":[1,2,3]})";
  for (int round = 0; round < 2; ++round) {
    auto small = parse_json(R"({"n":[1,2,3]})");
    ASSERT_TRUE(small);
    EXPECT_EQ(small->canonical(), R"({"n":[1,2,3]})");
    auto big = parse_json(large);
    ASSERT_TRUE(big);
    EXPECT_EQ(big->find("pad")->as_string().size(), size_t{200} << 10);
    EXPECT_EQ(field_of(R"({"n":[1,2,{"x":0.5}]})"), "/n/2/x");
  }
}

}  // namespace
}  // namespace trustgate::common
