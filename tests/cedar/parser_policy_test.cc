// Parsing policies and templates: annotations, scopes, conditions, ids, error
// positions; Policy helpers and PolicySet.
#include <gtest/gtest.h>

#include <string>

#include "cedar/parser.h"

namespace cedar {
namespace {

Policy policy(const std::string& text) {
  auto p = parse_policy(text);
  EXPECT_TRUE(p.ok()) << text << ": " << (p.ok() ? "" : p.error().describe());
  return p.ok() ? *p : Policy{};
}

Error policy_error(const std::string& text) {
  auto p = parse_policies(text);
  EXPECT_FALSE(p.ok()) << "expected a parse error for: " << text;
  return p.ok() ? Error{} : p.error();
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

#define EXPECT_ERROR_AT(err, l, c, fragment)                      \
  do {                                                            \
    Error e_ = (err);                                             \
    EXPECT_EQ(e_.loc.line, (l)) << e_.describe();                 \
    EXPECT_EQ(e_.loc.column, (c)) << e_.describe();               \
    EXPECT_TRUE(contains(e_.message, fragment)) << e_.describe(); \
  } while (0)

ExprPtr entity(const std::string& type, const std::string& id) {
  return make_literal(Value::entity({type, id}));
}
ExprPtr truth() { return make_literal(Value::boolean(true)); }

TEST(ParsePolicy, MinimalPolicy) {
  Policy p = policy("permit(principal, action, resource);");
  EXPECT_EQ(p.id, "policy0");
  EXPECT_EQ(p.effect, Effect::Permit);
  EXPECT_EQ(p.principal.kind, ScopeConstraint::Kind::Any);
  EXPECT_EQ(p.action.kind, ActionConstraint::Kind::Any);
  EXPECT_EQ(p.resource.kind, ScopeConstraint::Kind::Any);
  EXPECT_TRUE(p.conditions.empty());
  EXPECT_TRUE(p.annotations.empty());
  EXPECT_FALSE(p.is_template());
  EXPECT_EQ(p.loc.line, 1u);
  EXPECT_EQ(p.loc.column, 1u);
}

TEST(ParsePolicy, ScopeForms) {
  Policy p = policy(
      "forbid(principal == User::\"a\", action == Action::\"view\", resource in Folder::\"f\");");
  EXPECT_EQ(p.effect, Effect::Forbid);
  EXPECT_EQ(p.principal.kind, ScopeConstraint::Kind::Eq);
  EXPECT_EQ(p.principal.ref.uid, (EntityUid{"User", "a"}));
  EXPECT_FALSE(p.principal.ref.is_slot);
  EXPECT_EQ(p.action.kind, ActionConstraint::Kind::Eq);
  EXPECT_EQ(p.action.uids, (std::vector<EntityUid>{{"Action", "view"}}));
  EXPECT_EQ(p.resource.kind, ScopeConstraint::Kind::In);
  EXPECT_EQ(p.resource.ref.uid, (EntityUid{"Folder", "f"}));

  Policy q = policy(
      "permit(principal is App::User, action in [App::Action::\"a\", Action::\"b\"],"
      " resource is Doc in Folder::\"f\",);");
  EXPECT_EQ(q.principal.kind, ScopeConstraint::Kind::Is);
  EXPECT_EQ(q.principal.type, "App::User");
  EXPECT_EQ(q.action.kind, ActionConstraint::Kind::InSet);
  EXPECT_EQ(q.action.uids.size(), 2u);
  EXPECT_EQ(q.resource.kind, ScopeConstraint::Kind::IsIn);
  EXPECT_EQ(q.resource.type, "Doc");
  EXPECT_EQ(q.resource.ref.uid, (EntityUid{"Folder", "f"}));

  Policy r = policy("permit(principal in (Group::\"g\"), action in Action::\"all\", resource);");
  EXPECT_EQ(r.principal.kind, ScopeConstraint::Kind::In);
  EXPECT_EQ(r.action.kind, ActionConstraint::Kind::In);
  EXPECT_EQ(policy("permit(principal, action in [], resource);").action.kind,
            ActionConstraint::Kind::InSet);
}

TEST(ParsePolicy, Templates) {
  Policy t = policy("permit(principal == ?principal, action, resource in ?resource);");
  EXPECT_TRUE(t.is_template());
  EXPECT_TRUE(t.principal.ref.is_slot);
  EXPECT_EQ(t.principal.ref.slot, SlotId::Principal);
  EXPECT_EQ(t.resource.kind, ScopeConstraint::Kind::In);
  EXPECT_EQ(t.resource.ref.slot, SlotId::Resource);
  EXPECT_TRUE(policy("permit(principal is User in ?principal, action, resource);").is_template());
}

TEST(ParsePolicy, AnnotationsAndConditions) {
  Policy p = policy(
      "@id(\"my \\\"policy\\\"\")\n@advice\n@if(\"reserved words are fine as keys\")\n"
      "permit(principal, action, resource)\n"
      "when { context.a }\nunless { context.b }\nwhen { context.c };");
  ASSERT_EQ(p.annotations.size(), 3u);
  EXPECT_EQ(p.annotations[0].key, "id");
  EXPECT_EQ(p.annotations[0].value, "my \"policy\"");
  EXPECT_EQ(p.annotations[1].value, std::nullopt);
  EXPECT_EQ(p.annotation("id"), "my \"policy\"");
  EXPECT_EQ(p.annotation("advice"), "");
  EXPECT_EQ(p.annotation("missing"), std::nullopt);
  EXPECT_EQ(p.annotations[1].loc.line, 2u);
  ASSERT_EQ(p.conditions.size(), 3u);
  EXPECT_TRUE(p.conditions[0].is_when);
  EXPECT_FALSE(p.conditions[1].is_when);
  EXPECT_TRUE(same_expr(*p.conditions[1].body, *make_get_attr(make_var(Var::Context), "b")));
}

TEST(ParsePolicy, IdsCountTemplatesInSourceOrder) {
  auto ps = parse_policies(
      "permit(principal, action, resource);\n"
      "permit(principal == ?principal, action, resource);\n"
      "// comment\n"
      "forbid(principal, action, resource);");
  ASSERT_TRUE(ps.ok()) << ps.error().describe();
  ASSERT_EQ(ps->size(), 3u);
  EXPECT_EQ((*ps)[0].id, "policy0");
  EXPECT_EQ((*ps)[1].id, "policy1");
  EXPECT_EQ((*ps)[2].id, "policy2");
  EXPECT_EQ((*ps)[2].loc.line, 4u);

  auto set = parse_policy_set(
      "permit(principal, action, resource);\n"
      "permit(principal == ?principal, action, resource);\n"
      "forbid(principal, action, resource);");
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->policies().size(), 2u);
  EXPECT_EQ(set->templates().size(), 1u);
  EXPECT_EQ(set->policies()[1].id, "policy2");
  EXPECT_EQ(set->templates()[0].id, "policy1");
  ASSERT_NE(set->find("policy1"), nullptr);
  EXPECT_TRUE(set->find("policy1")->is_template());
  EXPECT_EQ(set->find("policy9"), nullptr);
}

TEST(ParsePolicy, EmptyInputHasNoPolicies) {
  auto ps = parse_policies("  // nothing here\n");
  ASSERT_TRUE(ps.ok());
  EXPECT_TRUE(ps->empty());
  EXPECT_FALSE(parse_policy("").ok());
}

TEST(ParsePolicy, ParsePolicyRejectsTrailingPolicies) {
  auto p =
      parse_policy("permit(principal, action, resource); permit(principal, action, resource);");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().loc.column, 38u);
}

// ------------------------------------------------------------------- errors

TEST(ParsePolicyErrors, Effect) {
  EXPECT_ERROR_AT(policy_error("allow(principal, action, resource);"), 1u, 1u,
                  "expected `permit`, `forbid` or an annotation, found `allow`");
  EXPECT_ERROR_AT(policy_error("@a(\"x\") when"), 1u, 9u, "`permit` or `forbid`");
}

TEST(ParsePolicyErrors, ScopeStructure) {
  EXPECT_ERROR_AT(policy_error("permit(principal, action, resource when { true };"), 1u, 36u,
                  "expected `)` after the policy scope, found `when`");
  EXPECT_ERROR_AT(policy_error("permit(principal, action);"), 1u, 25u, "missing `resource`");
  EXPECT_ERROR_AT(policy_error("permit(principal);"), 1u, 17u, "missing `action` and `resource`");
  EXPECT_ERROR_AT(policy_error("permit();"), 1u, 8u, "expected `principal`");
  EXPECT_ERROR_AT(policy_error("permit(action, principal, resource);"), 1u, 8u,
                  "expected `principal`");
  EXPECT_ERROR_AT(policy_error("permit(principal, action, resource, context);"), 1u, 37u,
                  "expected `)` after the policy scope, found `context`");
  EXPECT_ERROR_AT(policy_error("permit principal, action, resource);"), 1u, 8u, "expected `(`");
  EXPECT_ERROR_AT(policy_error("permit(principal: User, action, resource);"), 1u, 17u,
                  "type constraints");
}

TEST(ParsePolicyErrors, ScopeOperators) {
  EXPECT_ERROR_AT(policy_error("permit(principal = User::\"a\", action, resource);"), 1u, 18u,
                  "use `==`");
  EXPECT_ERROR_AT(policy_error("permit(principal != User::\"a\", action, resource);"), 1u, 18u,
                  "only `==`, `in` and `is`");
  EXPECT_ERROR_AT(policy_error("permit(principal is User == User::\"a\", action, resource);"), 1u,
                  26u, "cannot be combined with `==`");
  EXPECT_ERROR_AT(policy_error("permit(principal in Group::\"g\" is User, action, resource);"), 1u,
                  21u, "`is` must come before `in`");
  EXPECT_ERROR_AT(policy_error("permit(principal, action is Action, resource);"), 1u, 26u,
                  "not allowed in the action constraint");
}

TEST(ParsePolicyErrors, ScopeEntities) {
  EXPECT_ERROR_AT(policy_error("permit(principal == \"alice\", action, resource);"), 1u, 21u,
                  "expected an entity uid or `?principal`");
  EXPECT_ERROR_AT(policy_error("permit(principal in [User::\"a\"], action, resource);"), 1u, 21u,
                  "expected an entity uid");
  EXPECT_ERROR_AT(policy_error("permit(principal == ?resource, action, resource);"), 1u, 21u,
                  "found `?resource`");
  EXPECT_ERROR_AT(policy_error("permit(principal, action, resource in ?principal);"), 1u, 39u,
                  "found `?principal`");
  EXPECT_ERROR_AT(policy_error("permit(principal, action == ?principal, resource);"), 1u, 29u,
                  "slots are not allowed in the action constraint");
  EXPECT_ERROR_AT(policy_error("permit(principal, action == User::\"a\", resource);"), 1u, 29u,
                  "expected an action entity uid");
  EXPECT_ERROR_AT(
      policy_error("permit(principal, action in [Action::\"a\", Actions::\"b\"], resource);"), 1u,
      43u, "Actions::\"b\"");
  EXPECT_ERROR_AT(policy_error("permit(principal, action == [Action::\"a\"], resource);"), 1u, 29u,
                  "expected an action entity uid");
  EXPECT_ERROR_AT(policy_error("permit(principal == User, action, resource);"), 1u, 21u,
                  "unknown variable `User`");
}

TEST(ParsePolicyErrors, Conditions) {
  EXPECT_ERROR_AT(policy_error("permit(principal, action, resource) when {};"), 1u, 43u,
                  "the `when` clause is empty");
  EXPECT_ERROR_AT(policy_error("permit(principal, action, resource) if { true };"), 1u, 37u,
                  "expected `when`, `unless` or `;`, found `if`");
  EXPECT_ERROR_AT(policy_error("permit(principal, action, resource) when true;"), 1u, 42u,
                  "expected `{` after `when`");
  EXPECT_ERROR_AT(policy_error("permit(principal, action, resource) when { true ;"), 1u, 49u,
                  "expected `}` after the `when` condition");
  EXPECT_ERROR_AT(policy_error("permit(principal, action, resource) when { true }"), 1u, 50u,
                  "expected `when`, `unless` or `;` after the condition, found end of input");
  EXPECT_ERROR_AT(policy_error("permit(principal, action, resource)"), 1u, 36u,
                  "`when`, `unless` or `;` after the policy scope");
}

TEST(ParsePolicyErrors, SlotsInConditions) {
  EXPECT_ERROR_AT(policy_error("permit(principal, action, resource)\n"
                               "when { true }\nunless { principal == ?principal };"),
                  3u, 23u, "only allowed in the policy scope, not in a `unless` clause");
}

TEST(ParsePolicyErrors, Annotations) {
  EXPECT_ERROR_AT(policy_error("@id(\"a\")\n@id(\"b\")\npermit(principal, action, resource);"), 2u,
                  1u, "duplicate annotation `@id`");
  EXPECT_ERROR_AT(policy_error("@id\n@id permit(principal, action, resource);"), 2u, 1u,
                  "duplicate annotation");
  EXPECT_ERROR_AT(policy_error("@id(a) permit(principal, action, resource);"), 1u, 5u,
                  "expected a string literal as the annotation value");
  EXPECT_ERROR_AT(policy_error("@(\"a\") permit(principal, action, resource);"), 1u, 2u,
                  "expected an annotation name");
  EXPECT_ERROR_AT(policy_error("@id(\"a\" permit(principal, action, resource);"), 1u, 9u,
                  "expected `)` after the annotation value");
}

TEST(ParsePolicyErrors, SecondPolicyErrorHasItsOwnLine) {
  EXPECT_ERROR_AT(policy_error("permit(principal, action, resource);\n"
                               "permit(principal, action, resource) when { principal.if };"),
                  2u, 54u, "reserved");
}

// --------------------------------------------------------- condition_expr

TEST(PolicyConditionExpr, CombinesScopeAndConditionsLeftToRight) {
  Policy p = policy(
      "permit(principal == User::\"a\", action in [Action::\"r\"], resource is Doc in F::\"f\")"
      " when { context.x } unless { context.y };");
  ExprPtr pc = make_binary(BinaryOp::Eq, make_var(Var::Principal), entity("User", "a"));
  ExprPtr ac = make_binary(BinaryOp::In, make_var(Var::Action), make_set({entity("Action", "r")}));
  ExprPtr rc = make_is_in(make_var(Var::Resource), "Doc", entity("F", "f"));
  ExprPtr w = make_get_attr(make_var(Var::Context), "x");
  ExprPtr u = make_unary(UnaryOp::Not, make_get_attr(make_var(Var::Context), "y"));
  ExprPtr expected = make_and(make_and(make_and(make_and(pc, ac), rc), w), u);
  EXPECT_TRUE(same_expr(*p.condition_expr(), *expected)) << expr_to_string(*p.condition_expr());
}

TEST(PolicyConditionExpr, AnyIsTrueAndSlotsStay) {
  Policy p = policy("permit(principal in ?principal, action == Action::\"a\", resource is R);");
  ExprPtr expected = make_and(
      make_and(make_binary(BinaryOp::In, make_var(Var::Principal), make_slot(SlotId::Principal)),
               make_binary(BinaryOp::Eq, make_var(Var::Action), entity("Action", "a"))),
      make_is(make_var(Var::Resource), "R"));
  EXPECT_TRUE(same_expr(*p.condition_expr(), *expected)) << expr_to_string(*p.condition_expr());
  Policy any = policy("permit(principal, action in Action::\"g\", resource);");
  ExprPtr expected_any = make_and(
      make_and(truth(), make_binary(BinaryOp::In, make_var(Var::Action), entity("Action", "g"))),
      truth());
  EXPECT_TRUE(same_expr(*any.condition_expr(), *expected_any));
}

// ---------------------------------------------------------------- to_string

TEST(PolicyToString, PrintsParseableText) {
  const char* text =
      "@id(\"a\\nb\")\n@flag\nforbid(principal is A::User in ?principal, action in "
      "[Action::\"x\", NS::Action::\"y\"], resource == Doc::\"d\\\"q\")\n"
      "when { context has a.b && -context.n < 3 }\nunless { [1, {k: \"v\"}].isEmpty() };";
  Policy p = policy(text);
  std::string printed = p.to_string();
  Policy again = policy(printed);
  EXPECT_TRUE(same_expr(*p.condition_expr(), *again.condition_expr())) << printed;
  ASSERT_EQ(again.annotations.size(), 2u);
  EXPECT_EQ(again.annotations[0].value, "a\nb");
  EXPECT_EQ(again.annotations[1].value, std::nullopt);
  EXPECT_EQ(again.effect, Effect::Forbid);
  EXPECT_EQ(again.action.kind, ActionConstraint::Kind::InSet);
  EXPECT_EQ(again.resource.ref.uid.id, "d\"q");
  EXPECT_EQ(again.conditions.size(), 2u);
  EXPECT_FALSE(again.conditions[1].is_when);
}

TEST(PolicyToString, Shape) {
  Policy p = policy("permit(principal,action,resource)when{1<2};");
  EXPECT_EQ(p.to_string(), "permit(\n  principal,\n  action,\n  resource\n)\nwhen { 1 < 2 };");
}

// ---------------------------------------------------------------- PolicySet

TEST(PolicySetTest, AddRejectsDuplicateIds) {
  PolicySet set;
  Policy p = policy("permit(principal, action, resource);");
  EXPECT_TRUE(set.add(p).ok());
  Status again = set.add(p);
  EXPECT_FALSE(again.ok());
  EXPECT_TRUE(contains(again.error().message, "duplicate policy id"));
}

TEST(PolicySetTest, LinkBindsSlots) {
  auto set = parse_policy_set(
      "@note(\"t\") permit(principal == ?principal, action, resource in ?resource) when { true };");
  ASSERT_TRUE(set.ok());
  Status s = set->link("policy0", "linked",
                       {{SlotId::Principal, {"User", "a"}}, {SlotId::Resource, {"Doc", "d"}}});
  ASSERT_TRUE(s.ok()) << s.error().message;
  const Policy* linked = set->find("linked");
  ASSERT_NE(linked, nullptr);
  EXPECT_FALSE(linked->is_template());
  EXPECT_EQ(linked->principal.ref.uid, (EntityUid{"User", "a"}));
  EXPECT_EQ(linked->resource.ref.uid, (EntityUid{"Doc", "d"}));
  EXPECT_EQ(linked->annotation("note"), "t");
  ASSERT_EQ(set->policies().size(), 1u);
  EXPECT_EQ(set->policies()[0].id, "linked");
  EXPECT_EQ(set->templates().size(), 1u);
}

TEST(PolicySetTest, LinkErrors) {
  auto set = parse_policy_set(
      "permit(principal == ?principal, action, resource);"
      "permit(principal, action, resource);");
  ASSERT_TRUE(set.ok());
  EXPECT_FALSE(set->link("nope", "x", {{SlotId::Principal, {"User", "a"}}}).ok());
  EXPECT_FALSE(set->link("policy1", "x", {}).ok());  // not a template
  EXPECT_FALSE(set->link("policy0", "x", {}).ok());  // missing ?principal
  EXPECT_FALSE(set->link("policy0", "x",
                         {{SlotId::Principal, {"User", "a"}}, {SlotId::Resource, {"D", "d"}}})
                   .ok());  // extra ?resource
  EXPECT_FALSE(set->link("policy0", "policy1", {{SlotId::Principal, {"User", "a"}}}).ok());
  EXPECT_TRUE(set->link("policy0", "x", {{SlotId::Principal, {"User", "a"}}}).ok());
  EXPECT_FALSE(set->link("policy0", "x", {{SlotId::Principal, {"User", "b"}}}).ok());
}

// --------------------------------------------------------- @id annotations

TEST(RenameFromIdAnnotations, UsesIdWhereGivenAndPositionElsewhere) {
  auto ps = parse_policies(
      "@id(\"first\") permit(principal, action, resource);\n"
      "permit(principal, action, resource);\n"
      "@id(\"tmpl\") @note(\"x\") permit(principal == ?principal, action, resource);");
  ASSERT_TRUE(ps.ok());
  ASSERT_TRUE(rename_from_id_annotations(*ps).ok());
  EXPECT_EQ((*ps)[0].id, "first");
  EXPECT_EQ((*ps)[1].id, "policy1");
  EXPECT_EQ((*ps)[2].id, "tmpl");
}

TEST(RenameFromIdAnnotations, DuplicateNamesBothLocationsAndChangesNothing) {
  auto ps = parse_policies(
      "@id(\"a\") permit(principal, action, resource);\n"
      "@id(\"b\") permit(principal, action, resource);\n"
      "  @id(\"a\") forbid(principal, action, resource);");
  ASSERT_TRUE(ps.ok());
  Status s = rename_from_id_annotations(*ps);
  ASSERT_FALSE(s.ok());
  EXPECT_ERROR_AT(s.error(), 3u, 3u, "duplicate policy id `a`");
  EXPECT_TRUE(contains(s.error().message, "policy at 1:1")) << s.error().message;
  EXPECT_EQ((*ps)[0].id, "policy0");
  EXPECT_EQ((*ps)[1].id, "policy1");
}

TEST(RenameFromIdAnnotations, IdClashingWithPositionalIdIsDuplicate) {
  auto ps = parse_policies(
      "@id(\"policy1\") permit(principal, action, resource);\n"
      "permit(principal, action, resource);");
  ASSERT_TRUE(ps.ok());
  Status s = rename_from_id_annotations(*ps);
  ASSERT_FALSE(s.ok());
  EXPECT_ERROR_AT(s.error(), 2u, 1u, "duplicate policy id `policy1`");
}

TEST(RenameFromIdAnnotations, EmptyIdIsAnError) {
  for (const char* text : {"@id permit(principal, action, resource);",
                           "\n @id(\"\") permit(principal, action, resource);"}) {
    auto ps = parse_policies(text);
    ASSERT_TRUE(ps.ok()) << text;
    Status s = rename_from_id_annotations(*ps);
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_TRUE(contains(s.error().message, "`@id` needs a non-empty value")) << text;
  }
  auto ps = parse_policies("\n @id(\"\") permit(principal, action, resource);");
  ASSERT_TRUE(ps.ok());
  EXPECT_ERROR_AT(rename_from_id_annotations(*ps).error(), 2u, 2u, "`@id`");
}

TEST(RenameFromIdAnnotations, ParsePolicySetChoosesTheIds) {
  const char* text = "@id(\"view\") permit(principal, action, resource);";
  auto positional = parse_policy_set(text);
  ASSERT_TRUE(positional.ok());
  EXPECT_NE(positional->find("policy0"), nullptr);
  auto named = parse_policy_set(text, PolicyIds::FromIdAnnotation);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->find("policy0"), nullptr);
  EXPECT_NE(named->find("view"), nullptr);
  auto dup = parse_policy_set(
      "@id(\"x\") permit(principal, action, resource);\n"
      "@id(\"x\") permit(principal, action, resource);",
      PolicyIds::FromIdAnnotation);
  ASSERT_FALSE(dup.ok());
  EXPECT_ERROR_AT(dup.error(), 2u, 1u, "duplicate policy id `x`");
  EXPECT_TRUE(parse_policy_set("@id(\"x\") permit(principal, action, resource);\n"
                               "@id(\"x\") permit(principal, action, resource);")
                  .ok());
}

// ---------------------------------------------------------- small entry points

TEST(ParseEntityUid, Forms) {
  auto uid = parse_entity_uid("  App::User::\"a\\u{e9}\" ");
  ASSERT_TRUE(uid.ok());
  EXPECT_EQ(*uid, (EntityUid{"App::User", "a\xC3\xA9"}));
  EXPECT_FALSE(parse_entity_uid("User").ok());
  EXPECT_FALSE(parse_entity_uid("\"a\"").ok());
  EXPECT_FALSE(parse_entity_uid("User::\"a\" x").ok());
  EXPECT_FALSE(parse_entity_uid("if::\"a\"").ok());
  EXPECT_FALSE(parse_entity_uid("User::").ok());
}

TEST(ParsePattern, Body) {
  auto p = parse_pattern("a*\\*");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, (Pattern{{false, U'a'}, {true, 0}, {false, U'*'}}));
  auto bad = parse_pattern("ab\\q");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().loc.column, 3u);
}

TEST(IsIdentifier, Rules) {
  EXPECT_TRUE(is_identifier("abc"));
  EXPECT_TRUE(is_identifier("_a9"));
  EXPECT_TRUE(is_identifier("principal"));
  EXPECT_FALSE(is_identifier(""));
  EXPECT_FALSE(is_identifier("9a"));
  EXPECT_FALSE(is_identifier("a-b"));
  EXPECT_FALSE(is_identifier("if"));
  EXPECT_FALSE(is_identifier("__cedar"));
  EXPECT_TRUE(is_identifier("if", true));
  EXPECT_TRUE(is_identifier("has", true));
}

}  // namespace
}  // namespace cedar
