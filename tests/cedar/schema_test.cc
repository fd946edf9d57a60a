// The human-readable schema syntax: each construct, name resolution, error
// positions, the sample-data schemas and the conformance corpus.
#include "cedar/schema.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cedar/schema_test_util.h"
#include "cedar_conformance/test_files.h"

namespace cedar {
namespace {

namespace fs = std::filesystem;
using schema_test::attr_type;
using schema_test::dump;
using schema_test::dump_type;
using schema_test::text_error;
using schema_test::text_ok;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path sample_data() {
  return fs::path(TRUSTGATE_SOURCE_DIR) / ".." / "shared" / "cedar" / "integration" / "sample-data";
}

// --- sample data ------------------------------------------------------------

TEST(SchemaText, SandboxA) {
  fs::path file = sample_data() / "sandbox_a" / "schema.cedarschema";
  if (!fs::exists(file)) GTEST_SKIP() << file << " does not exist";
  Schema s = text_ok(slurp(file));
  EXPECT_EQ(s.entity_types.size(), 8u);
  ASSERT_NE(s.entity_type("Photo"), nullptr);
  EXPECT_EQ(s.entity_type("Photo")->member_of, (std::vector<std::string>{"Account", "Album"}));
  EXPECT_EQ(s.entity_type("User")->member_of, (std::vector<std::string>{"UserGroup"}));
  EXPECT_EQ(dump_type(s.entity_type("User")->shape), "{}");
  EXPECT_EQ(s.actions.size(), 7u);
  const ActionDef* view = s.action(EntityUid{"Action", "view"});
  ASSERT_NE(view, nullptr);
  EXPECT_TRUE(view->has_applies_to);
  EXPECT_EQ(view->principal_types, (std::vector<std::string>{"Administrator", "User"}));
  EXPECT_EQ(view->resource_types, (std::vector<std::string>{"Photo", "Video"}));
  EXPECT_EQ(dump_type(view->context),
            "{authenticated: Bool, confidence_score: Extension<decimal>, "
            "source_ip: Extension<ipaddr>}");
}

TEST(SchemaText, SandboxB) {
  fs::path dir = sample_data() / "sandbox_b";
  if (!fs::exists(dir / "schema.cedarschema")) GTEST_SKIP() << dir << " does not exist";
  Schema s = text_ok(slurp(dir / "schema.cedarschema"));
  EXPECT_EQ(attr_type(s, "Account", "admins"), "Set<Entity<User>>");
  EXPECT_EQ(attr_type(s, "Account", "owner"), "Entity<User>");
  EXPECT_EQ(attr_type(s, "Album", "account"), "Entity<Account>");
  EXPECT_EQ(attr_type(s, "User", "jobLevel"), "Long");
  EXPECT_EQ(s.entity_type("Account")->member_of, (std::vector<std::string>{"AccountGroup"}));
  const ActionDef* add = s.action(EntityUid{"Action", "addPhoto"});
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(dump_type(add->context),
            "{authenticated: Bool, photo: {filesize_mb: Long, filetype: String}}");
  Schema exts = text_ok(slurp(dir / "schema_exts.cedarschema"));
  EXPECT_EQ(dump_type(exts.action(EntityUid{"Action", "view"})->context),
            "{authenticated: Bool, confidence_score: Extension<decimal>, "
            "source_ip: Extension<ipaddr>}");
}

// --- declarations -----------------------------------------------------------

TEST(SchemaText, EntityForms) {
  Schema s = text_ok(R"(
    entity A;
    entity B in A;
    entity C in [A, B] = { x: Long };
    entity D { y: String };
    entity E, F in [A] {};
    entity G tags Set<String>;
    entity H = { "quoted name": Bool, opt?: Long } tags Long;
  )");
  EXPECT_EQ(dump(s),
            "entity A = {}\n"
            "entity B in [A] = {}\n"
            "entity C in [A, B] = {x: Long}\n"
            "entity D = {y: String}\n"
            "entity E in [A] = {}\n"
            "entity F in [A] = {}\n"
            "entity G = {} tags Set<String>\n"
            "entity H = {opt?: Long, quoted name: Bool} tags Long\n");
}

TEST(SchemaText, EnumEntities) {
  Schema s = text_ok(R"(entity Color, Shade enum ["red", "gr\u{65}en"]; entity U in Color;)");
  ASSERT_TRUE(s.entity_type("Color")->enum_ids.has_value());
  EXPECT_EQ(*s.entity_type("Color")->enum_ids, (std::vector<std::string>{"red", "green"}));
  EXPECT_EQ(*s.entity_type("Shade")->enum_ids, (std::vector<std::string>{"red", "green"}));
  EXPECT_FALSE(s.entity_type("U")->enum_ids.has_value());
}

TEST(SchemaText, Namespaces) {
  Schema s = text_ok(R"(
    entity Global;
    namespace App::Core {
      entity User in Group;
      entity Group;
      action read appliesTo { principal: User, resource: [Group] };
    }
    action top;
  )");
  EXPECT_EQ(dump(s),
            "entity App::Core::Group = {}\n"
            "entity App::Core::User in [App::Core::Group] = {}\n"
            "entity Global = {}\n"
            "action Action::\"top\" context {}\n"
            "action App::Core::Action::\"read\" principal [App::Core::User] "
            "resource [App::Core::Group] context {}\n");
  EXPECT_TRUE(s.is_action_type("App::Core::Action"));
  EXPECT_TRUE(s.is_action_type("Action"));
  EXPECT_FALSE(s.is_action_type("App::Action"));
  EXPECT_EQ(s.entity_type("Nope"), nullptr);
  EXPECT_EQ(s.action(EntityUid{"Action", "read"}), nullptr);
}

TEST(SchemaText, AnnotationsAndComments) {
  Schema s = text_ok(R"(
    // a comment
    @doc("the app")
    namespace App {  // trailing comment
      @doc("a user") @internal
      entity User = {
        @doc("their name") name: String,  // comment inside
      };
      @doc("reads") action read;
      @doc("a type") type T = Long;
    }
    @doc("top") entity Top;
  )");
  EXPECT_EQ(attr_type(s, "App::User", "name"), "String");
  EXPECT_NE(s.entity_type("Top"), nullptr);
}

TEST(SchemaText, KeywordsAsNames) {
  Schema s = text_ok(R"(
    entity namespace, Set, appliesTo, principal, tags, entity, type, context, enum;
    entity Foo in [namespace, Set] = { type: String, in_: Long, "in": Bool, tags: Set<Set> };
  )");
  EXPECT_EQ(s.entity_type("Foo")->member_of, (std::vector<std::string>{"Set", "namespace"}));
  EXPECT_EQ(attr_type(s, "Foo", "tags"), "Set<Entity<Set>>");
  EXPECT_EQ(attr_type(s, "Foo", "in"), "Bool");
}

TEST(SchemaText, TypesAndExtensions) {
  Schema s = text_ok(R"(
    entity E = {
      a: Bool, b: Long, c: String, d: Set<Set<Long>>,
      e: ipaddr, f: decimal, g: datetime, h: duration,
      i: __cedar::ipaddr, j: __cedar::Bool, k: __cedar::String, l: { m: { n: __cedar::Long } },
    };
  )");
  EXPECT_EQ(dump_type(s.entity_type("E")->shape),
            "{a: Bool, b: Long, c: String, d: Set<Set<Long>>, e: Extension<ipaddr>, "
            "f: Extension<decimal>, g: Extension<datetime>, h: Extension<duration>, "
            "i: Extension<ipaddr>, j: Bool, k: String, l: {m: {n: Long}}}");
}

TEST(SchemaText, CommonTypesAreInlined) {
  Schema s = text_ok(R"(
    type Name = String;
    namespace App {
      type Person = { name: Name, age?: Long, friends: Set<Person2> };
      type Person2 = User;
      type Ctx = { who: Person };
      entity User = { me: Person, n: Name };
      action go appliesTo { principal: User, resource: User, context: Ctx };
    }
  )");
  EXPECT_EQ(dump_type(s.entity_type("App::User")->shape),
            "{me: {age?: Long, friends: Set<Entity<App::User>>, name: String}, n: String}");
  EXPECT_EQ(dump_type(s.action(EntityUid{"App::Action", "go"})->context),
            "{who: {age?: Long, friends: Set<Entity<App::User>>, name: String}}");
}

TEST(SchemaText, Actions) {
  Schema s = text_ok(R"(
    namespace X { action "e"; }
    action "all", group;
    action "read", write in [group, "all", X::Action::"e"] attributes {};
    action del in group appliesTo { resource: [R], principal: [P, P], };
    action ctx appliesTo { context: {}, principal: P, resource: R };
    entity P, R;
  )");
  const ActionDef* read = s.action(EntityUid{"Action", "read"});
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->member_of,
            (std::vector<EntityUid>{{"Action", "all"}, {"Action", "group"}, {"X::Action", "e"}}));
  EXPECT_FALSE(read->has_applies_to);
  EXPECT_EQ(dump_type(read->context), "{}");
  EXPECT_EQ(s.action(EntityUid{"Action", "write"})->member_of.size(), 3u);
  const ActionDef* del = s.action(EntityUid{"Action", "del"});
  EXPECT_TRUE(del->has_applies_to);
  EXPECT_EQ(del->principal_types, (std::vector<std::string>{"P"}));
  EXPECT_EQ(del->resource_types, (std::vector<std::string>{"R"}));
  EXPECT_TRUE(s.action(EntityUid{"Action", "ctx"})->has_applies_to);
}

TEST(SchemaText, ActionGroupsResolveInTheCurrentNamespaceFirst) {
  Schema s = text_ok(R"(
    action g1;
    namespace N {
      action g2;
      action a in [g1, g2, Action::"g2", N::Action::"g2"];
    }
  )");
  EXPECT_EQ(s.action(EntityUid{"N::Action", "a"})->member_of,
            (std::vector<EntityUid>{{"Action", "g1"}, {"N::Action", "g2"}}));
}

// --- name resolution (cedar#579) ---------------------------------------------

TEST(SchemaText, CommonTypeWinsOverEntityTypeInTheSameNamespace) {
  Schema s = text_ok("namespace N { entity T; type T = Long; entity U = { t: T }; }");
  EXPECT_EQ(attr_type(s, "N::U", "t"), "Long");
}

TEST(SchemaText, UnqualifiedNamesTryTheCurrentNamespaceThenTheEmptyOne) {
  Schema s = text_ok(R"(
    type C = Long;
    entity G;
    namespace N {
      entity D;
      entity U = { c: C, d: D, g: G, n: N::D, s: String };
    }
  )");
  EXPECT_EQ(attr_type(s, "N::U", "c"), "Long");
  EXPECT_EQ(attr_type(s, "N::U", "d"), "Entity<N::D>");
  EXPECT_EQ(attr_type(s, "N::U", "g"), "Entity<G>");
  EXPECT_EQ(attr_type(s, "N::U", "n"), "Entity<N::D>");
  EXPECT_EQ(attr_type(s, "N::U", "s"), "String");
}

TEST(SchemaText, UserDeclarationsShadowBuiltins) {
  Schema s = text_ok(R"(
    entity Long;
    type ipaddr = String;
    namespace N { entity Bool; entity U = { b: Bool, l: Long, i: ipaddr, x: __cedar::ipaddr }; }
    entity V = { b: Bool, l: __cedar::Long };
  )");
  EXPECT_EQ(attr_type(s, "N::U", "b"), "Entity<N::Bool>");
  EXPECT_EQ(attr_type(s, "N::U", "l"), "Entity<Long>");
  EXPECT_EQ(attr_type(s, "N::U", "i"), "String");
  EXPECT_EQ(attr_type(s, "N::U", "x"), "Extension<ipaddr>");
  EXPECT_EQ(attr_type(s, "V", "b"), "Bool");
  EXPECT_EQ(attr_type(s, "V", "l"), "Long");
}

TEST(SchemaText, CrossNamespaceReferences) {
  Schema s = text_ok(R"(
    namespace A { entity User; type Id = String; }
    namespace B { entity Doc in A::User = { owner: A::User, id: A::Id }; }
  )");
  EXPECT_EQ(s.entity_type("B::Doc")->member_of, (std::vector<std::string>{"A::User"}));
  EXPECT_EQ(attr_type(s, "B::Doc", "owner"), "Entity<A::User>");
  EXPECT_EQ(attr_type(s, "B::Doc", "id"), "String");
}

TEST(SchemaText, ActionTypeIsAnEntityTypeInAttributes) {
  Schema s = text_ok("namespace N { entity U = { a: Action, s: Set<N::Action> }; action x; }");
  EXPECT_EQ(attr_type(s, "N::U", "a"), "Entity<N::Action>");
  EXPECT_EQ(attr_type(s, "N::U", "s"), "Set<Entity<N::Action>>");
}

// --- errors, with positions ---------------------------------------------------

TEST(SchemaTextErrors, Syntax) {
  EXPECT_ERROR_AT(text_error("entity A $;"), 1, 10, "unexpected character `$`");
  EXPECT_ERROR_AT(text_error("entity A = { a: \"x };"), 1, 17, "unterminated string");
  EXPECT_ERROR_AT(text_error("entity A\nentity B;"), 2, 1, "expected `;`");
  EXPECT_ERROR_AT(text_error("entity A = ;"), 1, 12, "expected `{` after `=`");
  EXPECT_ERROR_AT(text_error("entity A = { a: Long b: Long };"), 1, 22, "expected `,` or `}`");
  EXPECT_ERROR_AT(text_error("entity A = { a: Set<Long };"), 1, 26, "expected `>`");
  EXPECT_ERROR_AT(text_error("namespace N { entity A; };"), 1, 26, "expected");
  EXPECT_ERROR_AT(text_error("namespace N { entity A;"), 1, 24, "`}` to close the namespace");
  EXPECT_ERROR_AT(text_error("permit(principal, action, resource);"), 1, 1,
                  "expected `entity`, `action` or `type`");
  EXPECT_ERROR_AT(text_error("entity A in [B,];"), 1, 16, "expected an identifier");
  EXPECT_ERROR_AT(text_error("entity E enum [];"), 1, 16, "expected a string");
  EXPECT_ERROR_AT(text_error("entity A = { a: 5 };"), 1, 17, "expected a type");
  // A shape is written as a record, never as a type name.
  EXPECT_ERROR_AT(text_error("type T = {};\nentity A = T;"), 2, 12, "expected `{` after `=`");
  EXPECT_ERROR_AT(text_error("action a in A::B;"), 1, 17, "quoted action id");
  EXPECT_ERROR_AT(text_error("entity A = { \"\\q\": Long };"), 1, 15, "escape");
}

TEST(SchemaTextErrors, ReservedWords) {
  EXPECT_ERROR_AT(text_error("entity if;"), 1, 8, "`if` is a reserved word");
  EXPECT_ERROR_AT(text_error("entity A = { in: Long };"), 1, 14, "`in` is a reserved word");
  EXPECT_ERROR_AT(text_error("entity A in [true];"), 1, 14, "reserved");
  EXPECT_ERROR_AT(text_error("namespace __cedar { entity A; }"), 1, 11, "reserved name `__cedar`");
  EXPECT_ERROR_AT(text_error("namespace A::__cedar {}"), 1, 11, "reserved");
  EXPECT_ERROR_AT(text_error("entity __cedar;"), 1, 8, "reserved");
  EXPECT_ERROR_AT(text_error("namespace N { entity Action; }"), 1, 22, "`Action` cannot be");
  EXPECT_ERROR_AT(text_error("type Set = Long;"), 1, 6, "reserved");
  EXPECT_ERROR_AT(text_error("namespace N { type Boolean = Long; }"), 1, 20, "reserved");
}

TEST(SchemaTextErrors, Duplicates) {
  EXPECT_ERROR_AT(text_error("entity A;\nentity B, A;"), 2, 11,
                  "entity type `A` is declared twice");
  EXPECT_ERROR_AT(text_error("action a;\naction \"a\";"), 2, 8, "declared twice");
  EXPECT_ERROR_AT(text_error("type T = Long;\ntype T = Bool;"), 2, 6, "declared twice");
  EXPECT_ERROR_AT(text_error("namespace N {}\nnamespace N {}"), 2, 11,
                  "namespace `N` is declared twice");
  EXPECT_ERROR_AT(text_error("entity A = { a: Long, \"a\": Bool };"), 1, 23,
                  "attribute `a` is declared twice");
  EXPECT_ERROR_AT(text_error("@doc(\"a\") @doc(\"b\") entity A;"), 1, 12,
                  "duplicate annotation `@doc`");
}

TEST(SchemaTextErrors, UndeclaredNames) {
  EXPECT_ERROR_AT(text_error("entity A = { b: B };"), 1, 17, "unknown type `B`");
  EXPECT_ERROR_AT(text_error("namespace N {\n  entity A in [B];\n}"), 2, 16,
                  "neither `N::B` nor `B` is declared");
  EXPECT_ERROR_AT(text_error("entity A;\naction a appliesTo { principal: A, resource: [A, Z] };"),
                  2, 50, "unknown entity type `Z`");
  EXPECT_ERROR_AT(text_error("action a in b;"), 1, 13, "undeclared action `Action::\"b\"`");
  EXPECT_ERROR_AT(text_error("namespace N { action a in Other::Action::\"a\"; }"), 1, 27,
                  "undeclared action");
  EXPECT_ERROR_AT(text_error("entity A = { x: NS::A };"), 1, 17, "`NS::A` is not declared");
  // A context name must be a common type, not an entity type.
  EXPECT_ERROR_AT(
      text_error("entity E;\naction a appliesTo { principal: E, resource: E, context: E };"), 2, 58,
      "unknown common type `E`");
  EXPECT_ERROR_AT(text_error("entity E; action x; entity F in [Action];"), 1, 34,
                  "type of actions");
  EXPECT_ERROR_AT(text_error("entity E = { a: Boolean };"), 1, 17, "unknown type `Boolean`");
}

TEST(SchemaTextErrors, Cycles) {
  EXPECT_ERROR_AT(text_error("type A = B;\ntype B = { a: A };"), 1, 6,
                  "common type `A` refers to itself: `A` -> `B` -> `A`");
  EXPECT_ERROR_AT(text_error("type A = Set<A>;"), 1, 6, "refers to itself");
  EXPECT_ERROR_AT(text_error("action a in b;\naction b in c;\naction c in a;"), 1, 8,
                  "is a member of itself");
  EXPECT_ERROR_AT(text_error("action a in a;"), 1, 8, "is a member of itself");
  // Entity type hierarchies may have cycles.
  text_ok("entity A in B; entity B in A;");
}

TEST(SchemaTextErrors, ShapesAndContextsMustBeRecords) {
  EXPECT_ERROR_AT(text_error("type C = Long;\nentity E;\naction a appliesTo { principal: E, "
                             "resource: E, context: C };"),
                  3, 58, "must be a record type");
}

TEST(SchemaTextErrors, AppliesTo) {
  EXPECT_ERROR_AT(text_error("entity E;\naction a appliesTo { principal: E };"), 2, 8,
                  "missing `resource` declaration for action `a`");
  EXPECT_ERROR_AT(text_error("entity E;\naction \"b\" appliesTo { resource: E, context: {} };"), 2,
                  8, "missing `principal`");
  EXPECT_ERROR_AT(text_error("entity E; action a appliesTo { principal: [], resource: E };"), 1, 32,
                  "`principal` needs at least one entity type");
  EXPECT_ERROR_AT(text_error("entity E; action a appliesTo { principal: E, principal: E };"), 1, 46,
                  "duplicate `principal`");
  EXPECT_ERROR_AT(text_error("entity E; action a appliesTo { };"), 1, 32,
                  "expected `principal`, `resource` or `context`");
  EXPECT_ERROR_AT(text_error("entity E; action a appliesTo { principal: E, resource: E, "
                             "context: {}, context: {} };"),
                  1, 72, "duplicate `context`");
}

TEST(SchemaTextErrors, EmptyNamespaceShadowing) {
  EXPECT_ERROR_AT(text_error("entity User;\nnamespace N { entity User; }"), 2, 22,
                  "`N::User` shadows `User`");
  EXPECT_ERROR_AT(text_error("type T = Long;\nnamespace N { entity T; }"), 2, 22, "shadows");
  EXPECT_ERROR_AT(text_error("action a;\nnamespace N { action a; }"), 2, 22, "shadows");
}

TEST(SchemaTextErrors, ColumnsCountCharacters) {
  EXPECT_ERROR_AT(text_error("entity A = { \"é\": Long, x: Nope };"), 1, 28, "unknown type");
}

// --- the conformance corpus ----------------------------------------------------

// Every .cedarschema of Cedar's corpus (corpus-tests.tar.gz in the shared
// integration folder) parses; skipped, saying so, when the archive is absent.
TEST(SchemaText, CorpusSchemasParse) {
  fs::path tarball = fs::path(TRUSTGATE_SOURCE_DIR) / ".." / "shared" / "cedar" / "integration" /
                     "corpus-tests.tar.gz";
  if (!fs::exists(tarball)) GTEST_SKIP() << "SKIPPED: " << tarball << " does not exist";
  auto files = conformance::read_tar_gz(tarball.string());
  ASSERT_TRUE(files.ok()) << files.error().message;
  size_t parsed = 0;
  for (const auto& [path, text] : *files) {
    if (!path.ends_with(".cedarschema")) continue;
    auto s = parse_schema_text(text);
    EXPECT_TRUE(s.ok()) << path << ": " << (s.ok() ? "" : s.error().describe());
    parsed += s.ok();
  }
  EXPECT_GT(parsed, 7000u);
}

}  // namespace
}  // namespace cedar
