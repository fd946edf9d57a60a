// Request validation and entity validation against a schema: each rule with
// an accepted and a rejected case.
#include <gtest/gtest.h>

#include <string>

#include "cedar/json.h"
#include "cedar/schema.h"
#include "cedar/validator.h"

namespace cedar {
namespace {

constexpr const char* kSchema = R"(
entity Group in [Group];
entity User in [Group] {
  name: String,
  nick?: String,
  home: { city: String, zip?: Long },
  friends: Set<User>,
  ip?: ipaddr,
};
entity Doc tags Long;
entity Color enum ["red", "green"];
action manage;
action read in [manage] appliesTo {
  principal: User,
  resource: [Doc, Color],
  context: { mfa: Bool, level?: Long, by?: User }
};
)";

class RequestEntityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = parse_schema_text(kSchema);
    ASSERT_TRUE(s.ok()) << s.error().describe();
    schema_ = std::move(*s);
  }

  Status request(const EntityUid& principal, const EntityUid& action, const EntityUid& resource,
                 const std::string& context) {
    auto ctx = parse_context_json(context, nullptr, action);
    EXPECT_TRUE(ctx.ok()) << ctx.error().message;
    if (!ctx) return ctx.error();
    return validate_request(schema_, Request{principal, action, resource, *ctx});
  }

  Status read(const std::string& context) { return request(alice_, read_, doc_, context); }

  // Entities parsed without the schema, so nothing is checked on the way in.
  Status entities(const std::string& json) {
    auto es = parse_entities_json(json, nullptr);
    EXPECT_TRUE(es.ok()) << es.error().message;
    if (!es) return es.error();
    return validate_entities(schema_, *es);
  }

  static void expect_error(const Status& s, const std::string& words) {
    ASSERT_FALSE(s.ok()) << "expected an error mentioning " << words;
    EXPECT_NE(s.error().message.find(words), std::string::npos) << s.error().message;
  }

  Schema schema_;
  EntityUid alice_{"User", "alice"};
  EntityUid read_{"Action", "read"};
  EntityUid doc_{"Doc", "d"};
};

// --- requests ------------------------------------------------------------------

TEST_F(RequestEntityTest, AcceptsAConformingRequest) {
  EXPECT_TRUE(read(R"({"mfa": true})").ok());
  EXPECT_TRUE(read(R"({"mfa": false, "level": 3})").ok());
  EXPECT_TRUE(read(R"({"mfa": false, "by": {"__entity": {"type": "User", "id": "b"}}})").ok());
  EXPECT_TRUE(request(alice_, read_, {"Color", "red"}, R"({"mfa": true})").ok());
}

TEST_F(RequestEntityTest, RejectsUndeclaredActions) {
  expect_error(request(alice_, {"Action", "delete"}, doc_, "{}"), "is not declared");
}

TEST_F(RequestEntityTest, RejectsActionsThatApplyToNothing) {
  expect_error(request(alice_, {"Action", "manage"}, doc_, "{}"), "does not apply to");
}

TEST_F(RequestEntityTest, RejectsPrincipalAndResourceTypes) {
  expect_error(request({"Robot", "r"}, read_, doc_, R"({"mfa": true})"),
               "`Robot`, which the schema does not declare");
  expect_error(request({"Group", "g"}, read_, doc_, R"({"mfa": true})"),
               "does not apply to a principal of type `Group`");
  expect_error(request(alice_, read_, {"User", "u"}, R"({"mfa": true})"),
               "does not apply to a resource of type `User`");
}

TEST_F(RequestEntityTest, RejectsInvalidEnumEntities) {
  expect_error(request(alice_, read_, {"Color", "blue"}, R"({"mfa": true})"),
               "enumerated entity type `Color`");
}

TEST_F(RequestEntityTest, ContextMustConform) {
  expect_error(read("{}"), "required attribute `mfa` is missing");
  expect_error(read(R"({"mfa": 1})"), "context.mfa: expected Bool");
  expect_error(read(R"({"mfa": true, "extra": 1})"), "attribute `extra` is not declared");
  expect_error(read(R"({"mfa": true, "by": {"__entity": {"type": "Doc", "id": "d"}}})"),
               "context.by: expected Entity<User>");
}

// --- entities ------------------------------------------------------------------

TEST_F(RequestEntityTest, AcceptsConformingEntities) {
  EXPECT_TRUE(entities(R"([
    {"uid": {"type": "User", "id": "a"},
     "attrs": {"name": "A", "home": {"city": "C"}, "friends": [],
               "ip": {"__extn": {"fn": "ip", "arg": "10.0.0.1"}}},
     "parents": [{"type": "Group", "id": "g"}]},
    {"uid": {"type": "Group", "id": "g"}, "attrs": {}, "parents": [{"type": "Group", "id": "h"}]},
    {"uid": {"type": "Doc", "id": "d"}, "attrs": {}, "parents": [], "tags": {"n": 1}},
    {"uid": {"type": "Color", "id": "red"}, "attrs": {}, "parents": []},
    {"uid": {"type": "Action", "id": "read"}, "attrs": {},
     "parents": [{"type": "Action", "id": "manage"}]}
  ])")
                  .ok());
}

TEST_F(RequestEntityTest, RejectsUndeclaredEntityTypes) {
  expect_error(entities(R"([{"uid": {"type": "Robot", "id": "r"}, "attrs": {}, "parents": []}])"),
               "the schema does not declare");
}

TEST_F(RequestEntityTest, AttributesMustConform) {
  expect_error(entities(R"([{"uid": {"type": "User", "id": "a"},
      "attrs": {"home": {"city": "C"}, "friends": []}, "parents": []}])"),
               "required attribute `name` is missing");
  expect_error(entities(R"([{"uid": {"type": "User", "id": "a"},
      "attrs": {"name": "A", "home": {"city": "C"}, "friends": [], "age": 3}, "parents": []}])"),
               "attribute `age` is not declared");
  expect_error(entities(R"([{"uid": {"type": "User", "id": "a"},
      "attrs": {"name": "A", "home": {"city": 3}, "friends": []}, "parents": []}])"),
               "attributes.home.city: expected String");
  expect_error(entities(R"([{"uid": {"type": "User", "id": "a"},
      "attrs": {"name": "A", "home": {"city": "C"}, "friends": [{"__entity": {"type": "Doc", "id": "d"}}]},
      "parents": []}])"),
               "expected Entity<User>");
  expect_error(entities(R"([{"uid": {"type": "User", "id": "a"},
      "attrs": {"name": "A", "home": {"city": "C"}, "friends": [], "ip": "10.0.0.1"},
      "parents": []}])"),
               "expected ipaddr");
}

TEST_F(RequestEntityTest, ParentsMustHaveAllowedTypes) {
  expect_error(entities(R"([{"uid": {"type": "Group", "id": "g"}, "attrs": {},
      "parents": [{"type": "User", "id": "u"}]}])"),
               "cannot be a member of type `User`");
  expect_error(entities(R"([{"uid": {"type": "Doc", "id": "d"}, "attrs": {},
      "parents": [{"type": "Group", "id": "g"}]}])"),
               "cannot be a member of type `Group`");
}

TEST_F(RequestEntityTest, TagsMustConform) {
  expect_error(entities(R"([{"uid": {"type": "Doc", "id": "d"}, "attrs": {}, "parents": [],
      "tags": {"n": "one"}}])"),
               "tag `n`: expected Long");
  expect_error(entities(R"([{"uid": {"type": "Group", "id": "g"}, "attrs": {}, "parents": [],
      "tags": {"n": 1}}])"),
               "has no tags");
}

TEST_F(RequestEntityTest, EnumEntitiesMustBeDeclaredValues) {
  expect_error(
      entities(R"([{"uid": {"type": "Color", "id": "blue"}, "attrs": {}, "parents": []}])"),
      "enumerated entity type `Color`");
}

TEST_F(RequestEntityTest, ActionEntitiesMustMatchTheSchema) {
  expect_error(
      entities(R"([{"uid": {"type": "Action", "id": "fly"}, "attrs": {}, "parents": []}])"),
      "is not a declared action");
  expect_error(
      entities(R"([{"uid": {"type": "Action", "id": "read"}, "attrs": {}, "parents": []}])"),
      "missing its group");
  expect_error(entities(R"([{"uid": {"type": "Action", "id": "manage"}, "attrs": {},
      "parents": [{"type": "Action", "id": "read"}]}])"),
               "does not put it in that group");
  expect_error(entities(R"([{"uid": {"type": "Action", "id": "manage"}, "attrs": {"a": 1},
      "parents": []}])"),
               "cannot have attributes");
}

}  // namespace
}  // namespace cedar
