// common::parse_json: the pointer its errors name, however deep the bad
// value sits, and the same result from its reused per-thread parser for
// small documents as from a fresh one for large documents. Json's copies:
// each changes alone (copy on write), at any depth, and on any thread.
#include "trustgate/common/json.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

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

TEST(JsonCopy, AChangedCopyLeavesTheOriginalAsItWas) {
  auto parsed = parse_json(R"({"a":{"b":[1,2]},"c":"x"})");
  ASSERT_TRUE(parsed);
  const Json original = *parsed;
  const std::string text = original.canonical();
  Json top = original;
  top.set("c", "y");
  Json nested = original;
  nested.as_object()["a"].as_object()["b"].push(3);
  Json erased = original;
  erased.as_object().erase("a");
  Json through_find = original;
  // A mutable path to a member: each level is made this copy's own.
  through_find.as_object().find("a")->second.set("d", true);
  EXPECT_EQ(original.canonical(), text);
  EXPECT_EQ(*parsed, original);
  EXPECT_EQ(top.canonical(), R"({"a":{"b":[1,2]},"c":"y"})");
  EXPECT_EQ(nested.canonical(), R"({"a":{"b":[1,2,3]},"c":"x"})");
  EXPECT_EQ(erased.canonical(), R"({"c":"x"})");
  EXPECT_EQ(through_find.canonical(), R"({"a":{"b":[1,2],"d":true},"c":"x"})");
  EXPECT_NE(nested, original);
  // Equal by value, whether or not the trees are shared.
  Json rebuilt = Json::object();
  Json a = Json::object();
  Json b = Json::array();
  b.push(1);
  b.push(2);
  a.set("b", std::move(b));
  rebuilt.set("a", std::move(a));
  rebuilt.set("c", "x");
  EXPECT_EQ(rebuilt, original);
  EXPECT_NE(Json::object(), Json::array());
  EXPECT_EQ(Json::array(), Json(Json::Array{}));
}

TEST(JsonCopy, AMovedFromValueReadsAsEmpty) {
  Json list = Json::array();
  list.push("x");
  Json taken = std::move(list);
  EXPECT_EQ(taken.as_array().size(), 1u);
  EXPECT_TRUE(list.as_array().empty());  // NOLINT(bugprone-use-after-move): what is tested
  list.push("y");
  EXPECT_EQ(list.canonical(), R"(["y"])");
  EXPECT_EQ(taken.canonical(), R"(["x"])");
}

TEST(JsonCopy, CopiesChangeAndDieOnTheirOwnThreads) {
  Json shared = Json::object();
  for (int i = 0; i < 64; ++i) shared.set("k" + std::to_string(i), Json::array());
  const std::string text = shared.canonical();
  std::vector<std::thread> threads;
  std::vector<std::string> results(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        Json mine = shared;
        Json second = mine;
        mine.as_object()["k" + std::to_string(round % 64)].push(t);
        if (round == 199) results[t] = mine.canonical();
        EXPECT_EQ(second.canonical(), text);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(shared.canonical(), text);
  for (int t = 0; t < 4; ++t) {
    EXPECT_NE(results[t].find("\"k7\":[" + std::to_string(t) + "]"), std::string::npos)
        << results[t];
  }
}

}  // namespace
}  // namespace trustgate::common
