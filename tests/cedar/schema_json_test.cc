// The JSON schema format: each construct, errors naming the JSON path, and
// JSON schemas that must yield the same model as their text form.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cedar/schema.h"
#include "cedar/schema_test_util.h"

namespace cedar {
namespace {

namespace fs = std::filesystem;
using schema_test::attr_type;
using schema_test::contains;
using schema_test::dump;
using schema_test::dump_type;
using schema_test::json_error;
using schema_test::json_ok;
using schema_test::text_ok;

// The error message for `json`, which must fail.
std::string error_of(const std::string& json) { return json_error(json).message; }

TEST(SchemaJson, Basics) {
  Schema s = json_ok(R"({
    "App": {
      "commonTypes": { "Name": { "type": "String", "annotations": { "doc": "a name" } } },
      "entityTypes": {
        "User": {
          "memberOfTypes": ["Group"],
          "shape": { "type": "Record", "attributes": {
            "name": { "type": "Name" },
            "age": { "type": "Long", "required": false },
            "ok": { "type": "Boolean", "annotations": { "doc": "x" } },
            "groups": { "type": "Set", "element": { "type": "Entity", "name": "Group" } },
            "boss": { "type": "EntityOrCommon", "name": "User" },
            "ip": { "type": "Extension", "name": "ipaddr" },
            "when": { "type": "datetime" },
            "flag": { "type": "Bool" },
            "deep": { "type": "Record", "attributes": {}, "additionalAttributes": false }
          } },
          "tags": { "type": "String" },
          "annotations": { "doc": "users" }
        },
        "Group": {},
        "Color": { "enum": ["red", "blue"] }
      },
      "actions": {
        "read": {
          "appliesTo": { "principalTypes": ["User"], "resourceTypes": ["Group", "App::User"],
                         "context": { "type": "Record", "attributes": {} } },
          "memberOf": [{ "id": "all" }, { "id": "top", "type": "Action" }]
        },
        "all": { "appliesTo": null, "memberOf": null, "attributes": null },
        "none": { "appliesTo": { "principalTypes": [], "resourceTypes": ["User"] } }
      },
      "annotations": { "doc": "the app" }
    },
    "": { "entityTypes": {}, "actions": { "top": {} } }
  })");
  EXPECT_EQ(dump(s),
            "entity App::Color = {} enum [red, blue]\n"
            "entity App::Group = {}\n"
            "entity App::User in [App::Group] = {age?: Long, boss: Entity<App::User>, "
            "deep: {}, flag: Bool, groups: Set<Entity<App::Group>>, ip: Extension<ipaddr>, "
            "name: String, ok: Bool, when: Extension<datetime>} tags String\n"
            "action Action::\"top\" context {}\n"
            "action App::Action::\"all\" context {}\n"
            "action App::Action::\"none\" context {}\n"
            "action App::Action::\"read\" in Action::\"top\" in App::Action::\"all\" "
            "principal [App::User] resource [App::Group, App::User] context {}\n");
}

TEST(SchemaJson, CommonTypeReferencesAndBuiltins) {
  Schema s = json_ok(R"({ "N": {
    "commonTypes": {
      "Ctx": { "type": "Record", "attributes": { "ip": { "type": "__cedar::ipaddr" } } },
      "Alias": { "type": "Ctx" }
    },
    "entityTypes": { "E": {} },
    "actions": { "a": { "appliesTo": { "principalTypes": ["E"], "resourceTypes": ["E"],
                                       "context": { "type": "Alias" } } } }
  } })");
  EXPECT_EQ(dump_type(s.action(EntityUid{"N::Action", "a"})->context), "{ip: Extension<ipaddr>}");
}

TEST(SchemaJsonErrors, Structure) {
  EXPECT_TRUE(contains(error_of("{"), "invalid JSON"));
  EXPECT_EQ(error_of("[]"), "a schema must be a JSON object");
  EXPECT_EQ(error_of(R"({"N": {"entityTypes": {}}})"), "N: missing field `actions`");
  EXPECT_EQ(error_of(R"({"N": {"actions": {}}})"), "N: missing field `entityTypes`");
  EXPECT_EQ(error_of(R"({"N": {"entityTypes": {}, "actions": {}, "extra": 1}})"),
            "N: unknown field `extra`");
  EXPECT_EQ(
      error_of(
          R"({"N": {"entityTypes": {}, "actions": {}}, "N": {"entityTypes": {}, "actions": {}}})"),
      "namespace `N` appears twice");
  EXPECT_EQ(error_of(R"({"A B": {"entityTypes": {}, "actions": {}}})"),
            "A B: `A B` is not a valid namespace name");
  EXPECT_EQ(error_of(R"({"": {"entityTypes": {}, "actions": {}, "annotations": {}}})"),
            "annotations: the empty namespace cannot have annotations");
  EXPECT_EQ(error_of(R"({"N": {"entityTypes": {"U": {"memberOf": []}}, "actions": {}}})"),
            "N.entityTypes.U: unknown field `memberOf`");
  EXPECT_EQ(error_of(R"({"N": {"entityTypes": {"if": {}}, "actions": {}}})"),
            "N.entityTypes.if: `if` is not a valid entity type name");
  EXPECT_EQ(error_of(R"({"N": {"entityTypes": {"U": {}, "U": {}}, "actions": {}}})"),
            "N.entityTypes.U: declared twice");
}

TEST(SchemaJsonErrors, Types) {
  auto with_attr = [](const std::string& type) {
    return R"({"N": {"entityTypes": {"U": {"shape": {"type": "Record", "attributes": {"a": )" +
           type + "}}}}, \"actions\": {}}}";
  };
  const std::string at = "N.entityTypes.U.shape.attributes.a";
  EXPECT_EQ(error_of(with_attr("{}")), at + ": missing field `type`");
  EXPECT_EQ(error_of(with_attr(R"({"type": 5})")), at + ".type: expected a string");
  EXPECT_EQ(error_of(with_attr(R"({"type": "Set"})")), at + ": missing field `element`");
  EXPECT_EQ(error_of(with_attr(R"({"type": "Long", "element": {"type": "Long"}})")),
            at + ": field `element` is not allowed for type `Long`");
  EXPECT_EQ(error_of(with_attr(R"({"type": "Record", "attributes": {}, "name": "x"})")),
            at + ": field `name` is not allowed for type `Record`");
  EXPECT_EQ(error_of(with_attr(R"({"type": "Record"})")), at + ": missing field `attributes`");
  EXPECT_EQ(error_of(with_attr(R"({"type": "Entity"})")), at + ": missing field `name`");
  EXPECT_EQ(error_of(with_attr(R"({"type": "Long", "required": "yes"})")),
            at + ".required: expected a bool");
  EXPECT_EQ(error_of(with_attr(R"({"type": "Long", "color": "red"})")),
            at + ": unknown field `color`");
  EXPECT_EQ(
      error_of(with_attr(R"({"type": "Record", "attributes": {}, "additionalAttributes": true})")),
      at + ": open records (`additionalAttributes: true`) are not supported");
  EXPECT_EQ(error_of(with_attr(R"({"type": "Extension", "name": "money"})")),
            at + ": unknown extension type `money`");
  EXPECT_EQ(error_of(with_attr(R"({"type": "Nope"})")),
            at + ": unknown common type `Nope`: neither `N::Nope` nor `Nope` is declared");
  EXPECT_EQ(error_of(with_attr(R"({"type": "Entity", "name": "Nope"})")),
            at + ": unknown entity type `Nope`: neither `N::Nope` nor `Nope` is declared");
  EXPECT_EQ(error_of(with_attr(R"({"type": "Entity", "name": "N::"})")),
            at + ".name: `N::` is not a valid name");
  // `{"type": "U"}` names a common type only, even when U is an entity type.
  EXPECT_TRUE(contains(error_of(with_attr(R"({"type": "U"})")), "unknown common type `U`"));
  // Element types carry no `required`.
  EXPECT_EQ(
      error_of(with_attr(R"({"type": "Set", "element": {"type": "Long", "required": true}})")),
      at + ".element: unknown field `required`");
}

TEST(SchemaJsonErrors, EntitiesAndActions) {
  EXPECT_EQ(
      error_of(
          R"({"": {"entityTypes": {"E": {"enum": ["a"], "shape": {"type": "Record", "attributes": {}}}}, "actions": {}}})"),
      "entityTypes.E: an enumerated entity type cannot have `shape`");
  EXPECT_EQ(error_of(R"({"": {"entityTypes": {"E": {"enum": []}}, "actions": {}}})"),
            "entityTypes.E.enum: expected a non-empty array of strings");
  EXPECT_EQ(error_of(R"({"": {"entityTypes": {"E": {"enum": ["a", 1]}}, "actions": {}}})"),
            "entityTypes.E.enum[1]: expected a string");
  EXPECT_EQ(error_of(R"({"": {"entityTypes": {"E": {"memberOfTypes": ["F"]}}, "actions": {}}})"),
            "entityTypes.E.memberOfTypes[0]: unknown entity type `F`: `F` is not declared");
  EXPECT_EQ(error_of(R"({"": {"entityTypes": {"E": {"shape": {"type": "Long"}}}, "actions": {}}})"),
            "entityTypes.E.shape: the shape of entity type `E` must be a record type");
  EXPECT_EQ(error_of(R"({"": {"entityTypes": {}, "actions": {"a": {"attributes": {"x": 1}}}}})"),
            "actions.a.attributes: action attributes are not supported");
  EXPECT_EQ(
      error_of(
          R"({"": {"entityTypes": {}, "actions": {"a": {"appliesTo": {"principalTypes": []}}}}})"),
      "actions.a.appliesTo: missing field `resourceTypes`");
  EXPECT_EQ(error_of(R"({"": {"entityTypes": {}, "actions": {"a": {"memberOf": [{"id": "b"}]}}}})"),
            "actions.a.memberOf[0]: undeclared action `Action::\"b\"`");
  EXPECT_EQ(
      error_of(R"({"": {"entityTypes": {}, "actions": {"a": {"memberOf": [{"name": "b"}]}}}})"),
      "actions.a.memberOf[0]: unknown field `name`");
  EXPECT_EQ(error_of(R"({"": {"entityTypes": {"Action": {}}, "actions": {}}})"),
            "entityTypes.Action: `Action` cannot be declared as an entity type; it is the type "
            "of actions");
  EXPECT_EQ(
      error_of(
          R"({"": {"commonTypes": {"Long": {"type": "String"}}, "entityTypes": {}, "actions": {}}})"),
      "commonTypes.Long: `Long` is reserved and cannot name a common type");
  EXPECT_EQ(
      error_of(
          R"({"": {"commonTypes": {"A": {"type": "B"}, "B": {"type": "A"}}, "entityTypes": {}, "actions": {}}})"),
      "commonTypes.A: common type `A` refers to itself: `A` -> `B` -> `A`");
  EXPECT_EQ(error_of(R"({"": {"entityTypes": {}, "actions": {"a": {"annotations": {"doc": 1}}}}})"),
            "actions.a.annotations.doc: an annotation value must be a string");
}

// --- the same schema in both formats --------------------------------------------

void expect_same(const std::string& text, const std::string& json) {
  Schema a = text_ok(text);
  Schema b = json_ok(json);
  EXPECT_EQ(dump(a), dump(b));
  EXPECT_FALSE(dump(a).empty());
}

TEST(SchemaEquivalence, SandboxA) {
  fs::path file = fs::path(TRUSTGATE_SOURCE_DIR) / ".." / "shared" / "cedar" / "integration" /
                  "sample-data" / "sandbox_a" / "schema.cedarschema";
  if (!fs::exists(file)) GTEST_SKIP() << file << " does not exist";
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  const std::string ctx = R"("context": {"type": "Record", "attributes": {
      "authenticated": {"type": "Boolean"},
      "confidence_score": {"type": "Extension", "name": "decimal"},
      "source_ip": {"type": "ipaddr"}}})";
  auto applies = [&](const std::string& p, const std::string& r) {
    return R"({"appliesTo": {"principalTypes": )" + p + R"(, "resourceTypes": )" + r + ", " + ctx +
           "}}";
  };
  std::string json = R"({"": {"entityTypes": {
      "Account": {}, "AccountGroup": {}, "Administrator": {}, "UserGroup": {},
      "Album": {"memberOfTypes": ["Account", "Album"]},
      "Photo": {"memberOfTypes": ["Account", "Album"]},
      "Video": {"memberOfTypes": ["Album", "Account"]},
      "User": {"memberOfTypes": ["UserGroup"]}},
    "actions": {)";
  json += "\"addPhoto\": " + applies("[\"User\"]", "[\"Album\"]") + ",";
  json += "\"listPhotos\": " + applies("[\"User\"]", "[\"Album\"]") + ",";
  for (const char* a : {"comment", "delete", "edit"}) {
    json += std::string("\"") + a + "\": " + applies("[\"User\"]", "[\"Photo\"]") + ",";
  }
  json += "\"listAlbums\": " + applies("[\"User\"]", "[\"Account\"]") + ",";
  json += "\"view\": " + applies("[\"User\", \"Administrator\"]", "[\"Photo\", \"Video\"]");
  json += "}}}";
  expect_same(text.str(), json);
}

TEST(SchemaEquivalence, NamespacesCommonTypesEnumsAndTags) {
  expect_same(R"(
    namespace Shop {
      type Address = { street: String, zip?: Long };
      entity Customer in [Tier] = { home: Address, tags_: Set<String> } tags Long;
      entity Tier enum ["gold", "silver"];
      action browse;
      action buy in [browse] appliesTo {
        principal: Customer, resource: [Customer, Tier], context: { addr?: Address }
      };
    }
    entity Global = { c: Shop::Customer };
  )",
              R"({
    "Shop": {
      "commonTypes": { "Address": { "type": "Record", "attributes": {
        "street": { "type": "String" }, "zip": { "type": "Long", "required": false } } } },
      "entityTypes": {
        "Customer": { "memberOfTypes": ["Tier"], "tags": { "type": "Long" },
          "shape": { "type": "Record", "attributes": {
            "home": { "type": "Address" },
            "tags_": { "type": "Set", "element": { "type": "String" } } } } },
        "Tier": { "enum": ["gold", "silver"] }
      },
      "actions": {
        "browse": {},
        "buy": { "memberOf": [{ "id": "browse", "type": "Shop::Action" }],
                 "appliesTo": { "principalTypes": ["Customer"],
                                "resourceTypes": ["Customer", "Shop::Tier"],
                                "context": { "type": "Record", "attributes": {
                                  "addr": { "type": "Address", "required": false } } } } }
      }
    },
    "": { "entityTypes": { "Global": { "shape": { "type": "Record", "attributes": {
      "c": { "type": "Entity", "name": "Shop::Customer" } } } } }, "actions": {} }
  })");
}

TEST(SchemaEquivalence, ResolutionPrecedence) {
  expect_same(R"(
    type C = Long;
    entity G;
    namespace N {
      entity D;
      type T = { c: C, d: D, g: G, b: Bool, i: __cedar::ipaddr };
      entity U = { t: T };
      action a appliesTo { principal: U, resource: G, context: T };
    }
  )",
              R"({
    "": { "commonTypes": { "C": { "type": "Long" } }, "entityTypes": { "G": {} }, "actions": {} },
    "N": {
      "commonTypes": { "T": { "type": "Record", "attributes": {
        "c": { "type": "EntityOrCommon", "name": "C" },
        "d": { "type": "EntityOrCommon", "name": "D" },
        "g": { "type": "EntityOrCommon", "name": "G" },
        "b": { "type": "EntityOrCommon", "name": "Bool" },
        "i": { "type": "Extension", "name": "ipaddr" } } } },
      "entityTypes": { "D": {}, "U": { "shape": { "type": "Record", "attributes": {
        "t": { "type": "T" } } } } },
      "actions": { "a": { "appliesTo": { "principalTypes": ["U"], "resourceTypes": ["G"],
                                         "context": { "type": "T" } } } }
    }
  })");
}

TEST(SchemaEquivalence, ActionsWithoutAppliesTo) {
  expect_same("action a; action b in a;",
              R"({"": {"entityTypes": {}, "actions": {
                 "a": {}, "b": {"memberOf": [{"id": "a"}]}}}})");
}

}  // namespace
}  // namespace cedar
