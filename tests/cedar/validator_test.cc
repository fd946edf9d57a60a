// Policy validation (strict mode): each typing rule with an accepted and a
// rejected case, the name and scope checks, templates, warnings and the
// location and wording of diagnostics.
#include "cedar/validator.h"

#include <gtest/gtest.h>

#include <string>

#include "cedar/parser.h"
#include "cedar/schema.h"

namespace cedar {
namespace {

constexpr const char* kSchema = R"(
entity Group;
entity User in [Group] {
  name: String,
  age: Long,
  nick?: String,
  manager?: User,
  address: { street: String, zip?: Long },
  roles: Set<String>,
  ip: ipaddr,
  score: decimal,
  born: datetime,
};
entity Doc { owner: User, secret: Bool } tags String;
entity Color enum ["red", "green"];
action manage;
action read in [manage] appliesTo {
  principal: User,
  resource: Doc,
  context: { mfa: Bool, level?: Long, when: datetime, tags: Set<String> }
};
action write in [manage] appliesTo { principal: [User, Group], resource: Doc };
action paint appliesTo { principal: User, resource: Color };
)";

class ValidatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = parse_schema_text(kSchema);
    ASSERT_TRUE(s.ok()) << s.error().describe();
    schema_ = std::move(*s);
  }

  ValidationResult run(const std::string& policies) {
    auto ps = parse_policy_set(policies);
    EXPECT_TRUE(ps.ok()) << ps.error().describe();
    if (!ps) return {};
    return validate_policies(schema_, *ps);
  }

  // A `when` condition for reading documents, as one policy.
  ValidationResult when(const std::string& condition) {
    return run("permit(principal, action == Action::\"read\", resource) when { " + condition +
               " };");
  }

  // Passes validation with no warnings.
  void expect_valid(const std::string& condition) {
    ValidationResult r = when(condition);
    EXPECT_TRUE(r.passed()) << condition << ": " << (r.errors.empty() ? "" : r.errors[0].message);
    EXPECT_TRUE(r.warnings.empty()) << condition << ": " << r.warnings[0].message;
  }

  // Fails validation with an error mentioning `words`.
  void expect_error(const std::string& condition, const std::string& words) {
    ValidationResult r = when(condition);
    ASSERT_FALSE(r.passed()) << condition << " validated";
    EXPECT_NE(r.errors[0].message.find(words), std::string::npos)
        << condition << ": " << r.errors[0].message;
  }

  // Passes, but is false in every environment.
  void expect_impossible(const std::string& condition) {
    ValidationResult r = when(condition);
    EXPECT_TRUE(r.passed()) << condition << ": " << (r.errors.empty() ? "" : r.errors[0].message);
    ASSERT_EQ(r.warnings.size(), 1u) << condition;
    EXPECT_NE(r.warnings[0].message.find("impossible policy"), std::string::npos);
  }

  Schema schema_;
};

// --- names and scope -------------------------------------------------------

TEST_F(ValidatorTest, AcceptsAPlainPolicy) {
  ValidationResult r = run("permit(principal, action, resource);");
  EXPECT_TRUE(r.passed());
  EXPECT_TRUE(r.warnings.empty());
}

TEST_F(ValidatorTest, RejectsUnknownEntityTypes) {
  expect_valid("principal == User::\"a\" || resource.owner == User::\"b\"");
  expect_error("principal == Usr::\"a\"", "unknown entity type `Usr`");
  expect_error("principal is Usr", "unknown entity type `Usr`");
  ValidationResult r = run("permit(principal in Team::\"t\", action, resource);");
  ASSERT_FALSE(r.passed());
  EXPECT_NE(r.errors[0].message.find("`Team`"), std::string::npos);
}

TEST_F(ValidatorTest, RejectsUnknownActions) {
  EXPECT_TRUE(run("permit(principal, action in Action::\"manage\", resource);").passed());
  ValidationResult r = run("permit(principal, action == Action::\"delete\", resource);");
  ASSERT_FALSE(r.passed());
  EXPECT_NE(r.errors[0].message.find("unknown action `Action::\"delete\"`"), std::string::npos);
  expect_error("action == Action::\"delete\"", "unknown action");
}

TEST_F(ValidatorTest, RejectsInvalidEnumEntities) {
  EXPECT_TRUE(run("permit(principal, action, resource == Color::\"red\");").passed());
  ValidationResult r = run("permit(principal, action, resource == Color::\"blue\");");
  ASSERT_FALSE(r.passed());
  EXPECT_NE(r.errors[0].message.find("enumerated entity type `Color`"), std::string::npos);
}

// Cedar 4.13: a scope no action applies to is a warning; before 4.13 (and
// in the corpus run) an error.
TEST_F(ValidatorTest, WarnsOnScopesNoActionAppliesTo) {
  EXPECT_TRUE(
      run("permit(principal in Group::\"g\", action == Action::\"read\", resource);").passed());
  EXPECT_TRUE(
      run("permit(principal == Group::\"g\", action in Action::\"manage\", resource);").passed());
  const std::string impossible =
      "permit(principal == Group::\"g\", action == Action::\"read\", resource);";
  ValidationResult r = run(impossible);
  EXPECT_TRUE(r.passed());
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings[0].message.find("unable to find an applicable action"), std::string::npos);

  ValidationOptions older;
  older.scope_without_action_is_error = true;
  auto check_older = [&](const std::string& text) {
    auto ps = parse_policy_set(text);
    EXPECT_TRUE(ps.ok());
    return validate_policies(schema_, *ps, older);
  };
  ValidationResult e = check_older(impossible);
  ASSERT_FALSE(e.passed());
  EXPECT_NE(e.errors[0].message.find("unable to find an applicable action"), std::string::npos);
  EXPECT_FALSE(check_older("permit(principal, action == Action::\"manage\", resource);").passed());
  EXPECT_FALSE(check_older("permit(principal, action, resource is User);").passed());
  EXPECT_TRUE(run("permit(principal, action, resource is User);").passed());
}

TEST_F(ValidatorTest, EveryPolicyWhenNoActionAppliesToAnything) {
  auto s = parse_schema_text("entity User; action view;");
  ASSERT_TRUE(s.ok());
  auto ps = parse_policy_set("permit(principal, action, resource);");
  ASSERT_TRUE(ps.ok());
  EXPECT_TRUE(validate_policies(*s, *ps).passed());
  ValidationOptions older;
  older.scope_without_action_is_error = true;
  EXPECT_FALSE(validate_policies(*s, *ps, older).passed());
}

// --- booleans, conditionals and capabilities ---------------------------------

TEST_F(ValidatorTest, ConditionMustBeBoolean) {
  expect_valid("context.mfa");
  expect_error("principal.age", "expected a boolean operand of `&&`");
  expect_error("if context.mfa then 1 else 2", "boolean");
}

TEST_F(ValidatorTest, RequiredAttributesNeedNoGuard) {
  expect_valid("principal.name == \"a\" && principal.address.street like \"Main*\"");
  expect_valid("resource.owner.age > 3");
}

TEST_F(ValidatorTest, OptionalAttributesNeedAHasGuard) {
  expect_error("principal.nick == \"x\"", "attribute `nick` of entity type `User` is optional");
  expect_valid("principal has nick && principal.nick == \"x\"");
  expect_valid("if principal has nick then principal.nick == \"x\" else false");
  expect_error("if principal has nick then true else principal.nick == \"x\"", "optional");
  expect_error("principal has nick || principal.nick == \"x\"", "optional");
  expect_error("!(principal has nick) && principal.nick == \"x\"", "optional");
  expect_error("context.level > 2", "optional");
  expect_valid("context has level && context.level > 2");
  expect_error("principal.address.zip == 1", "`zip`");
  expect_valid("principal.address has zip && principal.address.zip == 1");
}

TEST_F(ValidatorTest, GuardsFollowTheExpressionTheyTest) {
  expect_error("resource.owner has nick && principal.nick == \"x\"", "optional");
  expect_valid("resource.owner has nick && resource.owner.nick == \"x\"");
  expect_valid(
      "principal has manager && principal.manager has nick && "
      "principal.manager.nick == principal.name");
}

TEST_F(ValidatorTest, CapabilitiesThroughOrAreIntersected) {
  expect_valid(
      "(principal has nick && context.mfa || principal has nick) && principal.nick == \"x\"");
  expect_error("(principal has nick || context.mfa) && principal.nick == \"x\"", "optional");
  // A false right operand keeps the left operand's knowledge.
  expect_valid("(principal has nick || false) && principal.nick == \"x\"");
}

TEST_F(ValidatorTest, UndeclaredAttributes) {
  expect_error("principal.email == \"x\"",
               "attribute `email` is not declared on entity type `User`");
  expect_error("context.user == \"x\"", "attribute `user` is not declared");
  // `has` of an undeclared attribute is always false.
  expect_impossible("principal has email");
}

TEST_F(ValidatorTest, ShortCircuitSkipsTheUnreachableOperand) {
  expect_impossible("false && principal.email == 1");
  ValidationResult r = when("true || principal.email == 1");
  EXPECT_TRUE(r.passed());
  expect_error("context.mfa || principal.email == 1", "`email`");
  expect_valid("if true then context.mfa else principal.email == 1");
}

TEST_F(ValidatorTest, IfBranchesNeedALeastUpperBound) {
  expect_valid("(if context.mfa then 1 else 2) > 0");
  expect_error("(if context.mfa then 1 else \"a\") == 1", "incompatible types Long and String");
  expect_valid("(if context.mfa then {a: 1} else {a: 2}) == {a: 3}");
  expect_error("(if context.mfa then {a: 1} else {b: 2}) == {a: 3}", "incompatible types");
  expect_error("(if context.mfa then principal else resource) == principal", "incompatible");
}

// --- operators ---------------------------------------------------------------

TEST_F(ValidatorTest, EqualityNeedsCompatibleTypes) {
  expect_valid("principal.age == 3");
  expect_error("principal.age == \"3\"", "cannot be compared with `==`");
  expect_error("principal.age != \"3\"", "cannot be compared with `==`");
  // Literals compare exactly; entities of different types are never equal.
  expect_impossible("1 == \"a\"");
  expect_impossible("principal == resource");
  expect_impossible("principal != principal && 1 == 1 && User::\"a\" == User::\"b\"");
}

TEST_F(ValidatorTest, ArithmeticAndComparison) {
  expect_valid("principal.age + 1 > 2 * principal.age - 3");
  expect_error("principal.name + 1 > 0", "a Long operand");
  expect_error("-principal.name == 1", "a Long operand of `-`");
  expect_error("principal.name < \"b\"", "a Long, datetime or duration");
  expect_valid("context.when < datetime(\"2024-01-01\")");
  expect_valid("context.when.toTime() >= duration(\"1h\")");
  expect_error("context.when < 3", "datetime to compare with");
  expect_error("principal.score < decimal(\"1.5\")", "a Long, datetime or duration");
}

TEST_F(ValidatorTest, EntityMembership) {
  expect_valid("principal in Group::\"g\"");
  expect_valid("principal in [Group::\"g\", Group::\"h\"]");
  expect_impossible("resource in Group::\"g\"");
  expect_error("principal in [Group::\"g\", User::\"u\"]", "incompatible types");
  expect_error("principal.name in Group::\"g\"", "an entity on the left of `in`");
  expect_error("principal in principal.roles", "an entity or a set of entities");
}

TEST_F(ValidatorTest, ActionMembershipIsDecidedExactly) {
  expect_valid("action in Action::\"manage\"");
  expect_valid("action in [Action::\"paint\", Action::\"manage\"]");
  expect_impossible("action in Action::\"paint\"");
  expect_impossible("action == Action::\"write\"");
}

TEST_F(ValidatorTest, TypeTests) {
  expect_valid("principal is User");
  expect_impossible("principal is Group");
  expect_valid("principal is User in Group::\"g\"");
  expect_impossible("resource is Doc in Group::\"g\"");
  expect_error("principal.name is User", "an entity operand of `is`");
}

TEST_F(ValidatorTest, StringAndSetOperators) {
  expect_valid("principal.name like \"a*\"");
  expect_error("principal.age like \"1*\"", "a String operand of `like`");
  expect_valid("principal.roles.contains(\"admin\") && !principal.roles.isEmpty()");
  expect_error("principal.roles.contains(1)", "incompatible");
  expect_valid("principal.roles.containsAll(context.tags)");
  expect_error("principal.roles.containsAny([1, 2])", "incompatible");
  expect_error("principal.roles.containsAll(\"a\")", "a set argument");
  expect_error("principal.name.contains(\"a\")", "a set receiver");
  expect_error("principal.name.isEmpty()", "a set receiver of `isEmpty`");
}

TEST_F(ValidatorTest, SetLiterals) {
  expect_valid("[1, 2].contains(principal.age)");
  expect_error("[].contains(principal.age)", "empty set literals are not allowed");
  expect_error("[1, \"a\"].contains(1)", "set elements have incompatible types Long and String");
  expect_valid("[{a: true}, {a: false}].contains({a: context.mfa})");
}

TEST_F(ValidatorTest, Tags) {
  expect_error("resource.getTag(\"k\") == \"v\"", "tag `\"k\"` may be missing");
  expect_valid("resource.hasTag(\"k\") && resource.getTag(\"k\") == \"v\"");
  expect_error("resource.hasTag(\"k\") && resource.getTag(\"j\") == \"v\"", "may be missing");
  expect_error("resource.hasTag(\"k\") && resource.getTag(\"k\") == 1", "cannot be compared");
  expect_impossible("principal.hasTag(\"k\")");
  expect_error("principal.getTag(\"k\") == \"v\"", "has no tags");
  expect_error("resource.hasTag(1)", "a String tag name");
}

TEST_F(ValidatorTest, ExtensionFunctions) {
  expect_valid("principal.ip.isInRange(ip(\"10.0.0.0/8\")) && principal.ip.isLoopback()");
  expect_valid("principal.score.lessThan(decimal(\"1.5\"))");
  expect_valid("principal.born.offset(duration(\"1d\")) < context.when");
  expect_valid("principal.born.durationSince(context.when).toHours() > 1");
  expect_error("ip(\"not an ip\").isIpv4()", "is not a valid ipaddr value");
  expect_error("ip(principal.name).isIpv4()", "takes exactly one string literal");
  expect_error("decimal(\"1.0\").lessThan(ip(\"1.2.3.4\"))", "of type decimal");
  expect_error("principal.ip.isInRange()", "takes 2 argument(s)");
  expect_error("principal.score.isLoopback()", "of type ipaddr");
}

TEST_F(ValidatorTest, RecordsAndContext) {
  expect_valid("{a: 1, b: \"x\"} == {a: principal.age, b: principal.name}");
  expect_error("{a: 1} == {a: \"x\"}", "cannot be compared");
  expect_impossible("{a: 1} has b");
  expect_valid("{a: 1} has a && context.mfa");
}

// --- templates, warnings, diagnostics ----------------------------------------

TEST_F(ValidatorTest, TemplatesAreCheckedForEverySlotType) {
  EXPECT_TRUE(run("permit(principal in ?principal, action == Action::\"read\", resource);"
                  "permit(principal == ?principal, action, resource == ?resource);")
                  .passed());
  ValidationResult r =
      run("permit(principal == ?principal, action == Action::\"read\", resource) "
          "when { principal.email == \"x\" };");
  ASSERT_FALSE(r.passed());
  EXPECT_NE(r.errors[0].message.find("`email`"), std::string::npos);
}

TEST_F(ValidatorTest, ImpossiblePolicyIsOnlyAWarning) {
  ValidationResult r = run("permit(principal, action, resource) when { false };");
  EXPECT_TRUE(r.passed());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].policy_id, "policy0");
}

TEST_F(ValidatorTest, DiagnosticsNameThePolicyAndPlace) {
  ValidationResult r =
      run("permit(principal, action, resource);\n"
          "forbid(principal, action == Action::\"read\", resource)\n"
          "  when { principal.nick == \"x\" };");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].policy_id, "policy1");
  EXPECT_EQ(r.errors[0].loc.line, 3u);
  EXPECT_EQ(r.errors[0].loc.column, 10u);
  EXPECT_NE(r.errors[0].message.find("principal: User, action: Action::\"read\", resource: Doc"),
            std::string::npos);
}

TEST_F(ValidatorTest, ReportsEachErrorOnce) {
  // The same mistake in several environments is one diagnostic.
  ValidationResult r = run("permit(principal, action, resource) when { [].isEmpty() };");
  EXPECT_EQ(r.errors.size(), 1u);
  // Different mistakes (User and Group both lack `email`) are reported apart.
  r = run("permit(principal, action, resource) when { principal.email };");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_NE(r.errors[1].message.find("entity type `Group`"), std::string::npos);
  EXPECT_NE(r.errors[0].message.find("entity type `User`"), std::string::npos);
}

TEST_F(ValidatorTest, NamespacedSchema) {
  auto s = parse_schema_text(
      "namespace App { entity User { level: Long }; entity Doc; "
      "action view appliesTo { principal: User, resource: Doc }; }");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  auto ok = parse_policy_set(
      "permit(principal is App::User, action == App::Action::\"view\", resource) "
      "when { principal.level > 1 };");
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(validate_policies(*s, *ok).passed());
  auto bad = parse_policy_set("permit(principal, action == Action::\"view\", resource);");
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(validate_policies(*s, *bad).passed());
}

TEST_F(ValidatorTest, ValidatorObjectIsReusable) {
  Validator v(schema_);
  auto a = parse_policy_set("permit(principal, action, resource);");
  auto b = parse_policy_set("permit(principal, action, resource) when { 1 };");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(v.validate_policies(*a).passed());
  EXPECT_FALSE(v.validate_policies(*b).passed());
  EXPECT_TRUE(v.validate_policies(*a).passed());
}

}  // namespace
}  // namespace cedar
