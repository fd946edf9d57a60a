// The Cedar policy parser: expressions, policies, error positions, printing
// and round trips.
#include "cedar/parser.h"

#include <gtest/gtest.h>

#include <climits>
#include <string>

namespace cedar {
namespace {

ExprPtr expr(const std::string& text) {
  auto e = parse_expr(text);
  EXPECT_TRUE(e.ok()) << text << ": " << (e.ok() ? "" : e.error().describe());
  return e.ok() ? *e : make_literal(Value::boolean(false));
}

// Parses `text` and prints it back in canonical form.
std::string canon(const std::string& text) { return expr_to_string(*expr(text)); }

Error expr_error(const std::string& text) {
  auto e = parse_expr(text);
  EXPECT_FALSE(e.ok()) << "expected a parse error for: " << text;
  return e.ok() ? Error{} : e.error();
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

ExprPtr lit(int64_t i) { return make_literal(Value::integer(i)); }
ExprPtr var(Var v) { return make_var(v); }

// ---------------------------------------------------------------- literals

TEST(ParseExpr, Literals) {
  EXPECT_TRUE(same_expr(*expr("true"), *make_literal(Value::boolean(true))));
  EXPECT_TRUE(same_expr(*expr("false"), *make_literal(Value::boolean(false))));
  EXPECT_TRUE(same_expr(*expr("42"), *lit(42)));
  EXPECT_TRUE(same_expr(*expr("\"a\\tb\""), *make_literal(Value::string("a\tb"))));
  EXPECT_TRUE(same_expr(*expr("App::User::\"al\\\"ice\""),
                        *make_literal(Value::entity({"App::User", "al\"ice"}))));
}

TEST(ParseExpr, IntegerLimits) {
  EXPECT_TRUE(same_expr(*expr("9223372036854775807"), *lit(INT64_MAX)));
  EXPECT_TRUE(same_expr(*expr("-9223372036854775808"), *lit(INT64_MIN)));
  EXPECT_ERROR_AT(expr_error("1 + 9223372036854775808"), 1u, 5u, "too large");
  EXPECT_ERROR_AT(expr_error("-9223372036854775809"), 1u, 2u, "too small");
  EXPECT_ERROR_AT(expr_error("99999999999999999999999"), 1u, 1u, "too large");
}

TEST(ParseExpr, NegationFoldsIntoTheLiteralOnce) {
  // As in Cedar: one `-` joins the literal, the rest are negations.
  EXPECT_TRUE(same_expr(*expr("-1"), *lit(-1)));
  EXPECT_TRUE(same_expr(*expr("--1"), *make_unary(UnaryOp::Neg, lit(-1))));
  EXPECT_TRUE(same_expr(*expr("--9223372036854775808"), *make_unary(UnaryOp::Neg, lit(INT64_MIN))));
  EXPECT_TRUE(same_expr(*expr("-(1)"), *make_unary(UnaryOp::Neg, lit(1))));
  EXPECT_TRUE(same_expr(*expr("- 1"), *lit(-1)));
  // With a member access the literal is not folded: -(1.a).
  EXPECT_TRUE(same_expr(*expr("-1.a"), *make_unary(UnaryOp::Neg, make_get_attr(lit(1), "a"))));
  EXPECT_TRUE(same_expr(*expr("2 - -3"), *make_binary(BinaryOp::Sub, lit(2), lit(-3))));
}

TEST(ParseExpr, RepeatedUnaryOperatorsAreLimitedToFour) {
  EXPECT_TRUE(same_expr(*expr("!!principal"),
                        *make_unary(UnaryOp::Not, make_unary(UnaryOp::Not, var(Var::Principal)))));
  EXPECT_TRUE(expr("!!!!true") != nullptr);
  EXPECT_ERROR_AT(expr_error("!!!!!true"), 1u, 1u, "at most 4");
  EXPECT_ERROR_AT(expr_error("1 + -----1"), 1u, 5u, "at most 4");
  EXPECT_ERROR_AT(expr_error("!-1"), 1u, 2u, "expected an expression");
}

// -------------------------------------------------------------- precedence

TEST(ParseExpr, Precedence) {
  EXPECT_TRUE(
      same_expr(*expr("1 + 2 * 3"),
                *make_binary(BinaryOp::Add, lit(1), make_binary(BinaryOp::Mul, lit(2), lit(3)))));
  EXPECT_EQ(canon("(1 + 2) * 3"), "(1 + 2) * 3");
  EXPECT_EQ(canon("1 - 2 - 3"), "1 - 2 - 3");
  EXPECT_EQ(canon("1 - (2 - 3)"), "1 - (2 - 3)");
  EXPECT_EQ(canon("true || false && true"), "true || false && true");
  EXPECT_EQ(canon("(true || false) && true"), "(true || false) && true");
  EXPECT_EQ(canon("1 < 2 && 2 + 1 == 3"), "1 < 2 && 2 + 1 == 3");
  EXPECT_EQ(canon("!principal.a.b"), "!principal.a.b");
  EXPECT_EQ(canon("-context.n * 2"), "-context.n * 2");
}

TEST(ParseExpr, AndOrAreLeftAssociative) {
  ExprPtr a = var(Var::Principal), b = var(Var::Action), c = var(Var::Resource);
  EXPECT_TRUE(same_expr(*expr("principal && action && resource"), *make_and(make_and(a, b), c)));
  EXPECT_TRUE(same_expr(*expr("principal || action || resource"), *make_or(make_or(a, b), c)));
}

TEST(ParseExpr, IfThenElse) {
  EXPECT_TRUE(same_expr(*expr("if true then 1 else 2"),
                        *make_if(make_literal(Value::boolean(true)), lit(1), lit(2))));
  EXPECT_EQ(canon("if principal then (if action then 1 else 2) else 3"),
            "if principal then if action then 1 else 2 else 3");
  EXPECT_EQ(canon("[if true then 1 else 2]"), "[if true then 1 else 2]");
  EXPECT_EQ(canon("1 + (if true then 1 else 2)"), "1 + (if true then 1 else 2)");
}

TEST(ParseExpr, IfIsNotAnOperand) {
  EXPECT_ERROR_AT(expr_error("1 + if true then 1 else 2"), 1u, 5u, "must be parenthesized");
  EXPECT_ERROR_AT(expr_error("true || if true then true else false"), 1u, 9u, "parenthesized");
  EXPECT_ERROR_AT(expr_error("if true then 1"), 1u, 15u, "expected `else`");
  EXPECT_ERROR_AT(expr_error("if true 1 else 2"), 1u, 9u, "expected `then`");
}

TEST(ParseExpr, RelationsDoNotChain) {
  EXPECT_ERROR_AT(expr_error("1 < 2 < 3"), 1u, 7u, "cannot be chained");
  EXPECT_ERROR_AT(expr_error("1 == 2 in 3"), 1u, 8u, "cannot be chained");
  EXPECT_ERROR_AT(expr_error("principal has a == true"), 1u, 17u, "cannot be chained");
  EXPECT_ERROR_AT(expr_error("principal is User is User"), 1u, 19u, "cannot be chained");
  EXPECT_ERROR_AT(expr_error("principal like \"a\" == true"), 1u, 20u, "cannot be chained");
  EXPECT_EQ(canon("(1 < 2) == true"), "(1 < 2) == true");
}

TEST(ParseExpr, AllRelationalOperators) {
  EXPECT_EQ(canon("1==2"), "1 == 2");
  EXPECT_EQ(canon("1!=2"), "1 != 2");
  EXPECT_EQ(canon("1<2"), "1 < 2");
  EXPECT_EQ(canon("1<=2"), "1 <= 2");
  EXPECT_EQ(canon("1>2"), "1 > 2");
  EXPECT_EQ(canon("1>=2"), "1 >= 2");
  EXPECT_EQ(canon("principal in resource"), "principal in resource");
}

TEST(ParseExpr, UnsupportedOperators) {
  EXPECT_ERROR_AT(expr_error("1 = 2"), 1u, 3u, "use `==`");
  EXPECT_ERROR_AT(expr_error("4 / 2"), 1u, 3u, "division");
  EXPECT_ERROR_AT(expr_error("4 % 2"), 1u, 3u, "remainder");
}

// ---------------------------------------------------------- member access

TEST(ParseExpr, AttributeAccess) {
  ExprPtr p = var(Var::Principal);
  EXPECT_TRUE(same_expr(*expr("principal.name"), *make_get_attr(p, "name")));
  EXPECT_TRUE(same_expr(*expr("principal[\"a b\"]"), *make_get_attr(p, "a b")));
  EXPECT_TRUE(same_expr(*expr("principal.a[\"b\"].c"),
                        *make_get_attr(make_get_attr(make_get_attr(p, "a"), "b"), "c")));
  // Non-reserved keywords are ordinary attribute names.
  EXPECT_EQ(canon("context.principal.permit.when"), "context.principal.permit.when");
  EXPECT_EQ(canon("\"s\".a"), "\"s\".a");
  // Names that are not identifiers keep the bracket form.
  EXPECT_EQ(canon("principal[\"a b\"][\"if\"].c"), "principal[\"a b\"][\"if\"].c");
  EXPECT_EQ(canon("principal has \"a b\" && principal has c"),
            "principal has \"a b\" && principal has c");
  EXPECT_EQ(canon("{a: 1}.a"), "{\"a\": 1}.a");
}

TEST(ParseExpr, AttributeAccessErrors) {
  EXPECT_ERROR_AT(expr_error("principal.if"), 1u, 11u, "reserved");
  EXPECT_ERROR_AT(expr_error("principal.true"), 1u, 11u, "reserved");
  EXPECT_ERROR_AT(expr_error("principal.__cedar"), 1u, 11u, "reserved");
  EXPECT_ERROR_AT(expr_error("principal[1]"), 1u, 11u, "expected a string literal inside");
  EXPECT_ERROR_AT(expr_error("principal[\"a\" + \"b\"]"), 1u, 15u, "expected `]`");
  EXPECT_ERROR_AT(expr_error("principal.1"), 1u, 11u, "expected an attribute or method name");
  EXPECT_ERROR_AT(expr_error("User.name"), 1u, 1u, "unknown variable `User`");
  EXPECT_ERROR_AT(expr_error("principal(1)"), 1u, 10u, "cannot be called");
  EXPECT_ERROR_AT(expr_error("(1)(2)"), 1u, 4u, "cannot be called");
}

TEST(ParseExpr, BuiltinMethods) {
  ExprPtr c = var(Var::Context);
  EXPECT_TRUE(same_expr(*expr("context.contains(1)"), *make_binary(BinaryOp::Contains, c, lit(1))));
  EXPECT_TRUE(same_expr(*expr("context.containsAll([1])"),
                        *make_binary(BinaryOp::ContainsAll, c, make_set({lit(1)}))));
  EXPECT_TRUE(same_expr(*expr("context.containsAny([])"),
                        *make_binary(BinaryOp::ContainsAny, c, make_set({}))));
  EXPECT_TRUE(same_expr(*expr("context.isEmpty()"), *make_unary(UnaryOp::IsEmpty, c)));
  EXPECT_TRUE(same_expr(
      *expr("principal.hasTag(\"t\")"),
      *make_binary(BinaryOp::HasTag, var(Var::Principal), make_literal(Value::string("t")))));
  EXPECT_TRUE(same_expr(
      *expr("principal.getTag(\"t\")"),
      *make_binary(BinaryOp::GetTag, var(Var::Principal), make_literal(Value::string("t")))));
  EXPECT_EQ(canon("[1, 2].contains(1)"), "[1, 2].contains(1)");
}

TEST(ParseExpr, BuiltinMethodArity) {
  EXPECT_ERROR_AT(expr_error("context.contains()"), 1u, 9u, "`contains` takes 1 argument, found 0");
  EXPECT_ERROR_AT(expr_error("context.contains(1, 2)"), 1u, 9u, "found 2");
  EXPECT_ERROR_AT(expr_error("context.isEmpty(1)"), 1u, 9u, "`isEmpty` takes 0 arguments");
}

TEST(ParseExpr, ExtensionMethodsAndFunctions) {
  ExprPtr ip = make_call(ExtensionFunction::Ip, {make_literal(Value::string("10.0.0.1"))});
  EXPECT_TRUE(same_expr(*expr("ip(\"10.0.0.1\")"), *ip));
  EXPECT_TRUE(same_expr(*expr("ip(\"10.0.0.1\").isLoopback()"),
                        *make_call(ExtensionFunction::IsLoopback, {ip})));
  EXPECT_TRUE(same_expr(
      *expr("context.d.lessThan(decimal(\"1.5\"))"),
      *make_call(ExtensionFunction::LessThan,
                 {make_get_attr(var(Var::Context), "d"),
                  make_call(ExtensionFunction::Decimal, {make_literal(Value::string("1.5"))})})));
  EXPECT_EQ(canon("datetime(\"2024-01-01\").offset(duration(\"1h\")).toDays()"),
            "datetime(\"2024-01-01\").offset(duration(\"1h\")).toDays()");
  EXPECT_EQ(canon("ip(\"a\",)"), "ip(\"a\")");  // trailing comma
}

TEST(ParseExpr, ExtensionArityIsCheckedAtEvaluation) {
  // Cedar parses these; evaluating them is an error.
  EXPECT_EQ(expr("ip(\"a\", \"b\")")->args.size(), 2u);
  EXPECT_EQ(expr("context.isIpv4(1)")->args.size(), 2u);
  EXPECT_EQ(expr("decimal()")->args.size(), 0u);
}

TEST(ParseExpr, CallStyleErrors) {
  EXPECT_ERROR_AT(expr_error("contains(1)"), 1u, 1u, "is a method, not a function");
  EXPECT_ERROR_AT(expr_error("lessThan(1, 2)"), 1u, 1u, "is a method, not a function");
  EXPECT_ERROR_AT(expr_error("context.ip()"), 1u, 9u, "is a function, not a method");
  EXPECT_ERROR_AT(expr_error("foo(1)"), 1u, 1u, "unknown function `foo`");
  EXPECT_ERROR_AT(expr_error("ns::ip(\"1.1.1.1\")"), 1u, 1u, "unknown function `ns::ip`");
  EXPECT_ERROR_AT(expr_error("context.foo()"), 1u, 9u, "unknown method `foo`");
}

// ---------------------------------------------------------------- primaries

TEST(ParseExpr, Variables) {
  EXPECT_TRUE(same_expr(*expr("principal"), *var(Var::Principal)));
  EXPECT_TRUE(same_expr(*expr("action"), *var(Var::Action)));
  EXPECT_TRUE(same_expr(*expr("resource"), *var(Var::Resource)));
  EXPECT_TRUE(same_expr(*expr("context"), *var(Var::Context)));
  EXPECT_ERROR_AT(expr_error("1 + user"), 1u, 5u, "unknown variable `user`");
  EXPECT_ERROR_AT(expr_error("A::B"), 1u, 1u, "unknown variable `A::B`");
  EXPECT_ERROR_AT(expr_error("then"), 1u, 1u, "expected an expression, found `then`");
}

TEST(ParseExpr, EntityLiterals) {
  EXPECT_TRUE(
      same_expr(*expr("principal::\"a\""), *make_literal(Value::entity({"principal", "a"}))));
  EXPECT_TRUE(same_expr(*expr("permit::when::\"\\u{e9}\""),
                        *make_literal(Value::entity({"permit::when", "\xC3\xA9"}))));
  EXPECT_ERROR_AT(expr_error("__cedar::\"a\""), 1u, 1u, "reserved");
  EXPECT_ERROR_AT(expr_error("A::__cedar::B::\"a\""), 1u, 4u, "reserved");
  EXPECT_ERROR_AT(expr_error("A::if::\"a\""), 1u, 4u, "reserved");
  EXPECT_ERROR_AT(expr_error("A::{id: \"a\"}"), 1u, 4u, "not supported");
  EXPECT_ERROR_AT(expr_error("A::1"), 1u, 4u, "after `::`");
  EXPECT_ERROR_AT(expr_error("A::\"a\\q\""), 1u, 6u, "invalid escape `\\q`");
}

TEST(ParseExpr, Slots) {
  EXPECT_TRUE(same_expr(*expr("?principal"), *make_slot(SlotId::Principal)));
  EXPECT_TRUE(same_expr(*expr("?resource"), *make_slot(SlotId::Resource)));
  EXPECT_ERROR_AT(expr_error("principal == ?action"), 1u, 14u, "invalid slot `?action`");
}

TEST(ParseExpr, Sets) {
  EXPECT_TRUE(same_expr(*expr("[1, [2], \"x\",]"),
                        *make_set({lit(1), make_set({lit(2)}), make_literal(Value::string("x"))})));
  EXPECT_TRUE(same_expr(*expr("[]"), *make_set({})));
  EXPECT_ERROR_AT(expr_error("[,]"), 1u, 2u, "expected an expression");
  EXPECT_ERROR_AT(expr_error("[1 2]"), 1u, 4u, "expected `,` or `]`");
  EXPECT_ERROR_AT(expr_error("[1,"), 1u, 4u, "found end of input");
}

TEST(ParseExpr, Records) {
  EXPECT_TRUE(
      same_expr(*expr("{a: 1, \"b c\": [2], principal: 3,}"),
                *make_record({{"a", lit(1)}, {"b c", make_set({lit(2)})}, {"principal", lit(3)}})));
  EXPECT_TRUE(same_expr(*expr("{}"), *make_record({})));
  EXPECT_EQ(expr("{z: 1, a: 2}")->field_names, (std::vector<std::string>{"z", "a"}));
}

TEST(ParseExpr, RecordErrors) {
  EXPECT_ERROR_AT(expr_error("{a: 1, \"a\": 2}"), 1u, 8u, "duplicate key `a`");
  EXPECT_ERROR_AT(expr_error("{if: 1}"), 1u, 2u, "reserved");
  EXPECT_ERROR_AT(expr_error("{true: 1}"), 1u, 2u, "reserved");
  EXPECT_ERROR_AT(expr_error("{__cedar: 1}"), 1u, 2u, "reserved");
  EXPECT_ERROR_AT(expr_error("{a 1}"), 1u, 4u, "expected `:` after the record key");
  EXPECT_ERROR_AT(expr_error("{a::b: 1}"), 1u, 3u, "expected `:`");
  EXPECT_ERROR_AT(expr_error("{1: 1}"), 1u, 2u, "expected a record key");
  EXPECT_ERROR_AT(expr_error("{a: 1 b: 2}"), 1u, 7u, "expected `,` or `}`");
}

// -------------------------------------------------- has / like / is

TEST(ParseExpr, Has) {
  ExprPtr p = var(Var::Principal);
  EXPECT_TRUE(same_expr(*expr("principal has name"), *make_has_attr(p, "name")));
  EXPECT_TRUE(same_expr(*expr("principal has \"a b\""), *make_has_attr(p, "a b")));
  EXPECT_TRUE(same_expr(*expr("principal has principal"), *make_has_attr(p, "principal")));
  EXPECT_TRUE(same_expr(*expr("principal has \"if\""), *make_has_attr(p, "if")));
}

TEST(ParseExpr, HasWithPathDesugars) {
  ExprPtr p = var(Var::Principal);
  ExprPtr pa = make_get_attr(p, "a");
  ExprPtr expected = make_and(make_and(make_has_attr(p, "a"), make_has_attr(pa, "b")),
                              make_has_attr(make_get_attr(pa, "b"), "c"));
  EXPECT_TRUE(same_expr(*expr("principal has a.b.c"), *expected));
}

TEST(ParseExpr, HasErrors) {
  EXPECT_ERROR_AT(expr_error("principal has if"), 1u, 15u, "reserved");
  EXPECT_ERROR_AT(expr_error("principal has true"), 1u, 15u, "reserved");
  EXPECT_ERROR_AT(expr_error("principal has a.in"), 1u, 17u, "reserved");
  EXPECT_ERROR_AT(expr_error("principal has a::b"), 1u, 16u, "unexpected `::`");
  EXPECT_ERROR_AT(expr_error("principal has a + 1"), 1u, 17u, "unexpected `+`");
  EXPECT_ERROR_AT(expr_error("principal has a[\"b\"]"), 1u, 16u, "unexpected `[`");
  EXPECT_ERROR_AT(expr_error("principal has \"a\".b"), 1u, 18u, "unexpected `.`");
  EXPECT_ERROR_AT(expr_error("principal has 1"), 1u, 15u, "expected an attribute name");
  EXPECT_ERROR_AT(expr_error("principal has (a)"), 1u, 15u, "expected an attribute name");
}

TEST(ParseExpr, Like) {
  auto e = expr("context.s like \"a*b\\*\\u{e9}\"");
  ASSERT_EQ(e->kind, Expr::Kind::Like);
  EXPECT_EQ(e->pattern,
            (Pattern{{false, U'a'}, {true, 0}, {false, U'b'}, {false, U'*'}, {false, 0xE9}}));
  EXPECT_EQ(canon("context.s like \"a*b\\*\""), "context.s like \"a*b\\*\"");
  EXPECT_ERROR_AT(expr_error("context.s like context.t"), 1u, 16u, "expected a string literal");
  EXPECT_ERROR_AT(expr_error("context.s like \"a\" + \"b\""), 1u, 20u, "unexpected `+`");
  EXPECT_ERROR_AT(expr_error("context.s like \"\\q\""), 1u, 17u, "invalid escape");
}

TEST(ParseExpr, Is) {
  ExprPtr p = var(Var::Principal);
  EXPECT_TRUE(same_expr(*expr("principal is User"), *make_is(p, "User")));
  EXPECT_TRUE(same_expr(*expr("principal is A::B::User"), *make_is(p, "A::B::User")));
  EXPECT_TRUE(same_expr(*expr("principal is User in Group::\"g\""),
                        *make_is_in(p, "User", make_literal(Value::entity({"Group", "g"})))));
  EXPECT_TRUE(same_expr(*expr("principal is principal"), *make_is(p, "principal")));
  EXPECT_ERROR_AT(expr_error("principal is \"User\""), 1u, 14u, "expected an entity type name");
  EXPECT_ERROR_AT(expr_error("principal is User::\"a\""), 1u, 18u, "unexpected `::`");
  EXPECT_ERROR_AT(expr_error("principal is if"), 1u, 14u, "reserved");
  EXPECT_ERROR_AT(expr_error("principal is __cedar::X"), 1u, 14u, "reserved");
}

TEST(ParseExpr, TrailingInputIsAnError) {
  EXPECT_ERROR_AT(expr_error("1 2"), 1u, 3u, "expected end of input after the expression");
  EXPECT_ERROR_AT(expr_error(""), 1u, 1u, "expected an expression, found end of input");
  EXPECT_ERROR_AT(expr_error("(1"), 1u, 3u, "expected `)`");
}

TEST(ParseExpr, ErrorPositionsAcrossLines) {
  EXPECT_ERROR_AT(expr_error("principal.a &&\n  // comment\n    context.b <"), 3u, 16u,
                  "found end of input");
  EXPECT_ERROR_AT(expr_error("[\n1,\n  foo]"), 3u, 3u, "unknown variable `foo`");
}

TEST(ParseExpr, DeepNestingIsRejectedNotCrashing) {
  std::string deep(5000, '(');
  deep += "1";
  deep += std::string(5000, ')');
  EXPECT_TRUE(contains(expr_error(deep).message, "nested too deeply"));
  std::string chain = "1";
  for (int i = 0; i < 5000; ++i) chain += " + 1";
  EXPECT_TRUE(contains(expr_error(chain).message, "nested too deeply"));
  std::string ok(100, '(');
  ok += "1";
  ok += std::string(100, ')');
  EXPECT_TRUE(parse_expr(ok).ok());
}

}  // namespace
}  // namespace cedar
