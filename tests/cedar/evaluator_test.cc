// Evaluator semantics, one operator at a time, over a small entity store.
#include "cedar/evaluator.h"

#include <gtest/gtest.h>

#include "cedar/json.h"
#include "cedar/parser.h"

namespace cedar {
namespace {

constexpr const char* kEntities = R"([
  {"uid": {"type": "User", "id": "alice"},
   "attrs": {"age": 30, "name": "Alice", "tags": ["a", "b"],
             "manager": {"__entity": {"type": "User", "id": "bob"}},
             "address": {"city": "Chicago"}},
   "parents": [{"type": "Group", "id": "staff"}],
   "tags": {"clearance": "high"}},
  {"uid": {"type": "User", "id": "bob"}, "attrs": {}, "parents": []},
  {"uid": {"type": "Group", "id": "staff"}, "attrs": {},
   "parents": [{"type": "Group", "id": "everyone"}]},
  {"uid": {"type": "Group", "id": "everyone"}, "attrs": {}, "parents": []},
  {"uid": {"type": "Action", "id": "view"}, "attrs": {}, "parents": []}
])";

class EvaluatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto es = parse_entities_json(kEntities, nullptr);
    ASSERT_TRUE(es.ok()) << es.error().message;
    entities_ = std::move(*es);
    auto ctx =
        parse_context_json(R"({"n": 5, "flag": true, "s": "hello"})", nullptr, {"Action", "view"});
    ASSERT_TRUE(ctx.ok()) << ctx.error().message;
    request_ = {{"User", "alice"}, {"Action", "view"}, {"Group", "staff"}, *ctx};
  }

  Result<Value> eval(const std::string& text) {
    auto e = parse_expr(text);
    if (!e) return Error{"parse: " + e.error().describe()};
    return Evaluator(request_, entities_).evaluate(**e);
  }
  // Expects `text` to evaluate to the value `expected` parses to.
  void expect(const std::string& text, const std::string& expected) {
    auto got = eval(text);
    ASSERT_TRUE(got.ok()) << text << ": " << got.error().message;
    auto want = eval(expected);
    ASSERT_TRUE(want.ok()) << expected;
    EXPECT_EQ(*got, *want) << text << " gave " << got->to_string();
  }
  void expect_error(const std::string& text) {
    auto got = eval(text);
    EXPECT_FALSE(got.ok()) << text << " should error, gave " << got->to_string();
    if (!got.ok()) {
      EXPECT_EQ(got.error().message.rfind("parse:", 0), std::string::npos) << text;
    }
  }

  Entities entities_;
  Request request_;
};

TEST_F(EvaluatorTest, Arithmetic) {
  expect("1 + 2 * 3", "7");
  expect("10 - 20", "-10");
  expect("-(3)", "-3");
  expect("9223372036854775807 - 1", "9223372036854775806");
  expect_error("9223372036854775807 + 1");
  expect_error("-9223372036854775807 - 2");
  expect_error("4611686018427387904 * 2");
  expect_error("-(-9223372036854775807 - 1)");
  expect_error("1 + \"a\"");
  expect_error("true * 2");
}

TEST_F(EvaluatorTest, Comparison) {
  expect("1 < 2", "true");
  expect("2 <= 2", "true");
  expect("3 > 4", "false");
  expect("3 >= 4", "false");
  expect_error("\"a\" < \"b\"");
  expect_error("1 < true");
  expect("datetime(\"2024-01-01\") < datetime(\"2024-01-02\")", "true");
  expect("duration(\"1h\") > duration(\"59m\")", "true");
  expect_error("decimal(\"1.0\") < decimal(\"2.0\")");
  expect_error("datetime(\"2024-01-01\") < duration(\"1h\")");
}

TEST_F(EvaluatorTest, Equality) {
  expect("1 == 1", "true");
  expect("1 == \"1\"", "false");
  expect("[1, 2] == [2, 1, 1]", "true");
  expect("{a: 1, b: 2} == {b: 2, a: 1}", "true");
  expect("User::\"alice\" != User::\"bob\"", "true");
  expect("decimal(\"1.0\") == decimal(\"1.0000\")", "true");
  expect("ip(\"10.0.0.1\") == ip(\"10.0.0.1/32\")", "true");
}

TEST_F(EvaluatorTest, ShortCircuit) {
  expect("false && (1 + \"a\")", "false");
  expect("true || (1 + \"a\")", "true");
  expect("if true then 1 else (1 + \"a\")", "1");
  expect_error("true && 1");
  expect_error("1 && true");
  expect_error("false || 1");
  expect_error("if 1 then 2 else 3");
}

TEST_F(EvaluatorTest, Membership) {
  expect("principal in Group::\"staff\"", "true");
  expect("principal in Group::\"everyone\"", "true");
  expect("principal in principal", "true");
  expect("principal in [Group::\"x\", Group::\"everyone\"]", "true");
  expect("User::\"nobody\" in Group::\"staff\"", "false");
  expect("User::\"nobody\" in User::\"nobody\"", "true");
  expect_error("principal in [1]");
  expect_error("1 in Group::\"staff\"");
  expect_error("principal in \"staff\"");
}

TEST_F(EvaluatorTest, Sets) {
  expect("[1, 2, 3].contains(2)", "true");
  expect("[1, 2, 3].containsAll([1, 3])", "true");
  expect("[1, 2, 3].containsAny([4, 5])", "false");
  expect("[].isEmpty()", "true");
  expect("[[1], [2]].contains([1])", "true");
  expect_error("1.contains(1)");
  expect_error("[1].containsAll(1)");
  expect_error("\"a\".isEmpty()");
}

TEST_F(EvaluatorTest, Attributes) {
  expect("principal.age", "30");
  expect("principal.address.city", "\"Chicago\"");
  expect("principal has age", "true");
  expect("principal has address.city", "true");
  expect("principal has address.zip", "false");
  expect("principal has missing", "false");
  expect("User::\"nobody\" has age", "false");
  expect("principal[\"name\"]", "\"Alice\"");
  expect("context.n + 1", "6");
  expect("principal.manager == User::\"bob\"", "true");
  expect_error("principal.missing");
  expect_error("User::\"nobody\".age");
  expect_error("1.age");
  expect_error("1 has age");
  expect_error("principal.manager.age");
}

TEST_F(EvaluatorTest, Tags) {
  expect("principal.hasTag(\"clearance\")", "true");
  expect("principal.hasTag(\"other\")", "false");
  expect("principal.getTag(\"clearance\")", "\"high\"");
  expect("User::\"nobody\".hasTag(\"x\")", "false");
  expect_error("principal.getTag(\"other\")");
  expect_error("User::\"nobody\".getTag(\"x\")");
  expect_error("principal.hasTag(1)");
  expect_error("{a: 1}.hasTag(\"a\")");
}

TEST_F(EvaluatorTest, LikeAndIs) {
  expect("\"hello\" like \"h*o\"", "true");
  expect("\"hello\" like \"h*x\"", "false");
  expect("\"a*b\" like \"a\\*b\"", "true");
  expect("\"axb\" like \"a\\*b\"", "false");
  // Only `\*` is a literal star: a star written as an escape is a wildcard.
  expect("\"axb\" like \"a\\u{2a}b\"", "true");
  expect("\"axb\" like \"a\\x2ab\"", "true");
  expect("\"a*b\" like \"a\\u{2a}b\"", "true");
  expect("\"ab\" like \"a\\u{2a}\\*\"", "false");
  expect("\"ax*\" like \"a\\u{2a}\\*\"", "true");
  expect("\"\" like \"*\"", "true");
  expect("\"caf\u00e9\" like \"caf?\"", "false");
  expect("\"caf\u00e9\" like \"caf*\"", "true");
  expect("principal is User", "true");
  expect("principal is Group", "false");
  expect("principal is User in Group::\"everyone\"", "true");
  expect("principal is Group in (1 + \"a\")", "false");
  expect_error("1 like \"*\"");
  expect_error("1 is User");
}

TEST_F(EvaluatorTest, Records) {
  expect("{a: 1}.a", "1");
  expect("{\"x y\": 1}[\"x y\"]", "1");
  expect("{a: {b: 2}} has a.b", "true");
}

}  // namespace
}  // namespace cedar
