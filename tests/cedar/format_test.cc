// The policy formatter (cedar/format.h): comments kept, layout, line width
// and indentation, templates, annotations, escapes, idempotence, errors; and
// same_policy, the AST comparison it relies on.
#include "cedar/format.h"

#include <gtest/gtest.h>

#include <string>

#include "cedar/parser.h"
#include "cedar/policy.h"

namespace cedar {
namespace {

// Formats `text`; returns the output, or "ERROR: line:col: message".
std::string fmt(std::string_view text, int width = 80, int indent = 2) {
  FormatOptions options;
  options.line_width = width;
  options.indent = indent;
  auto out = format_policies(text, options);
  return out ? *out : "ERROR: " + out.error().describe();
}

// Formats and checks idempotence on the way.
std::string fmt_stable(std::string_view text, int width = 80, int indent = 2) {
  std::string once = fmt(text, width, indent);
  EXPECT_EQ(fmt(once, width, indent), once) << "not idempotent for:\n" << text;
  return once;
}

TEST(Format, ShortScopeStaysOnOneLine) {
  EXPECT_EQ(fmt_stable("permit(principal,action,resource);"),
            "permit (principal, action, resource);\n");
  EXPECT_EQ(fmt_stable("forbid (\n  principal,\n  action,\n  resource,\n) ;"),
            "forbid (principal, action, resource);\n");
}

TEST(Format, ConstrainedScopeHasOneElementPerLine) {
  EXPECT_EQ(fmt_stable("permit(principal == User::\"alice\", action in [Action::\"view\", "
                       "Action::\"edit\",], resource is Doc in Folder::\"f\");"),
            R"(permit (
  principal == User::"alice",
  action in [Action::"view", Action::"edit"],
  resource is Doc in Folder::"f"
);
)");
}

TEST(Format, ConditionsOnOneLineWhenTheyFit) {
  EXPECT_EQ(fmt_stable("permit(principal,action,resource) when {context.ok} unless{ "
                       "principal[\"blocked\"] };"),
            R"(permit (principal, action, resource)
when { context.ok }
unless { principal["blocked"] };
)");
}

TEST(Format, LongConditionsBreakAtAndOr) {
  std::string text =
      "permit(principal,action,resource) when { resource.public && principal.department == "
      "resource.department && (context.hour >= 9 || context.emergency) };";
  EXPECT_EQ(fmt_stable(text), R"(permit (principal, action, resource)
when {
  resource.public &&
  principal.department == resource.department &&
  (context.hour >= 9 || context.emergency)
};
)");
  // Narrower: the parenthesized `||` breaks too, aligned inside the parentheses.
  EXPECT_EQ(fmt_stable(text, 30), R"(permit (principal, action, resource)
when {
  resource.public &&
  principal.department ==
    resource.department &&
  (context.hour >= 9 ||
   context.emergency)
};
)");
}

TEST(Format, LineWidthDecidesWhetherToBreak) {
  std::string text = "permit(principal,action,resource) when { context.a && context.b };";
  EXPECT_EQ(fmt_stable(text, 40),
            "permit (principal, action, resource)\nwhen { context.a && context.b };\n");
  EXPECT_EQ(fmt_stable(text, 20),
            "permit (principal, action, resource)\nwhen {\n  context.a &&\n  context.b\n};\n");
}

TEST(Format, IndentOption) {
  EXPECT_EQ(fmt_stable("permit(principal == User::\"a\", action, resource) when { context.alpha && "
                       "context.beta };",
                       30, 4),
            R"(permit (
    principal == User::"a",
    action,
    resource
)
when {
    context.alpha &&
    context.beta
};
)");
}

TEST(Format, Templates) {
  EXPECT_EQ(fmt_stable("permit(principal==?principal,action,resource in ?resource);"),
            R"(permit (
  principal == ?principal,
  action,
  resource in ?resource
);
)");
}

TEST(Format, AnnotationsEachOnTheirOwnLine) {
  EXPECT_EQ(fmt_stable("@id(\"p1\") @reviewed @citation(\"Ord. 12 \\u{a7}3\")permit(principal,"
                       "action,resource);"),
            R"(@id("p1")
@reviewed
@citation("Ord. 12 \u{a7}3")
permit (principal, action, resource);
)");
}

TEST(Format, StringLiteralsAndEntityIdsKeepTheirExactEscapes) {
  std::string text = R"(permit(principal == User::"\"q\"\u{e9}", action, resource)
when { resource.name like "a\*b*\x41" && context.s == "tab\there\n\0" && context.t == "é" };)";
  EXPECT_EQ(fmt_stable(text), R"(permit (
  principal == User::"\"q\"\u{e9}",
  action,
  resource
)
when {
  resource.name like "a\*b*\x41" &&
  context.s == "tab\there\n\0" &&
  context.t == "é"
};
)");
  // A line break inside a string literal is content: kept, not re-indented.
  std::string multi =
      "@note(\"line one\n   line two\")\npermit(principal,action,resource) when "
      "{ context.s == \"a\n\n  b\" };";
  EXPECT_EQ(fmt_stable(multi),
            "@note(\"line one\n   line two\")\npermit (principal, action, resource)\n"
            "when { context.s == \"a\n\n  b\" };\n");
}

TEST(Format, SurfaceSyntaxIsKept) {
  EXPECT_EQ(fmt_stable("permit(principal,action,resource) when { context has a.b.c && "
                       "context[\"a\"].b && ((context.x)) && !!context.y && - -1 < 2 };"),
            R"(permit (principal, action, resource)
when {
  context has a.b.c && context["a"].b && ((context.x)) && !!context.y && --1 < 2
};
)");
}

TEST(Format, RecordsAndSetsBreakOneElementPerLine) {
  std::string text =
      "permit(principal,action,resource) when { context.request == {kind: \"detainer\", "
      "\"issued by\": \"ICE\", agencies: [\"ICE\", \"CBP\",], judge: {name: \"x\", court: "
      "\"y\"},} };";
  EXPECT_EQ(fmt_stable(text), R"(permit (principal, action, resource)
when {
  context.request == {
    kind: "detainer",
    "issued by": "ICE",
    agencies: ["ICE", "CBP"],
    judge: { name: "x", court: "y" }
  }
};
)");
  EXPECT_EQ(fmt_stable("permit(principal,action,resource) when { [1,2,3].containsAll([1]) && "
                       "{} == {} && [] == [] };"),
            R"(permit (principal, action, resource)
when { [1, 2, 3].containsAll([1]) && {} == {} && [] == [] };
)");
  EXPECT_EQ(fmt_stable("permit(principal,action,resource) when { context.tags.containsAny("
                       "[\"alpha\", \"beta\", \"gamma\"]) };",
                       40),
            R"(permit (principal, action, resource)
when {
  context.tags.containsAny([
    "alpha",
    "beta",
    "gamma"
  ])
};
)");
}

TEST(Format, IfThenElse) {
  EXPECT_EQ(fmt_stable("permit(principal,action,resource) when { if context.a then context.b "
                       "else false };"),
            "permit (principal, action, resource)\nwhen { if context.a then context.b else "
            "false };\n");
  EXPECT_EQ(fmt_stable("permit(principal,action,resource) when { if context.a then context.b "
                       "else false };",
                       30),
            R"(permit (principal, action, resource)
when {
  if
    context.a
  then
    context.b
  else
    false
};
)");
}

TEST(Format, CommentsAreNeverLost) {
  std::string text = R"(// Section 1: detainers

// A detainer alone never justifies holding someone.
@id("no-detainer-hold")   // the policy id
// what the ordinance says
@citation("Ord. 2019-12 §3")
forbid ( // scope follows
  principal is Agency,  // any federal agency
  // the action
  action == Action::"hold-on-detainer",
  resource, // anything
)
// unless a judge signed it
unless {
  // judicial warrant
  context.warrant.judicial && // signed by a judge
  context.warrant.signed
} // end unless
; // end of policy
permit(principal, action, resource) when { context.ok }; // allowed


// trailing file comment
)";
  EXPECT_EQ(fmt_stable(text), R"(// Section 1: detainers

// A detainer alone never justifies holding someone.
@id("no-detainer-hold") // the policy id
// what the ordinance says
@citation("Ord. 2019-12 §3")
forbid ( // scope follows
  principal is Agency, // any federal agency
  // the action
  action == Action::"hold-on-detainer",
  resource // anything
)
// unless a judge signed it
unless {
  // judicial warrant
  context.warrant.judicial && // signed by a judge
  context.warrant.signed
} // end unless
; // end of policy

permit (principal, action, resource)
when { context.ok }; // allowed

// trailing file comment
)");
}

// A comment on a dropped trailing comma moves to the element before it.
TEST(Format, CommentsInsideExpressions) {
  EXPECT_EQ(fmt_stable(R"(permit(principal, action, resource) when {
  // before the if
  if context.a // the test
  then [1, // one
  2] else { a: 1, // a
  } };)"),
            R"(permit (principal, action, resource)
when {
  // before the if
  if
    context.a // the test
  then
    [
      1, // one
      2
    ]
  else
    {
      a: 1 // a
    }
};
)");
}

// The comment after `Group::"g"` moves past the comma that starts the next line.
TEST(Format, CommentAfterAScopeConstraintStaysOnItsLine) {
  EXPECT_EQ(fmt_stable("permit // effect\n(principal in Group::\"g\" // the group\n, action, "
                       "resource);"),
            "permit // effect\n(\n  principal in Group::\"g\", // the group\n  action,\n  "
            "resource\n);\n");
}

TEST(Format, CommentBeforeASeparatorMovesAfterIt) {
  EXPECT_EQ(fmt_stable("permit(principal,action,resource) when { true } // why\n;"),
            "permit (principal, action, resource)\nwhen { true }; // why\n");
  EXPECT_EQ(fmt_stable("permit(principal,action,resource) when { [1 // one\n, 2] == context.x };"),
            "permit (principal, action, resource)\nwhen {\n  [\n    1, // one\n    2\n  ] == "
            "context.x\n};\n");
}

TEST(Format, CommentsBeforeAClosingBracketStayIndented) {
  EXPECT_EQ(fmt_stable("permit(principal == User::\"a\", action, resource\n// who else?\n) when "
                       "{ [1,\n// more\n] == (context.x\n// why\n)\n// done\n};"),
            R"(permit (
  principal == User::"a",
  action,
  resource
  // who else?
)
when {
  [
    1
    // more
  ] ==
    (context.x
     // why
     )
  // done
};
)");
}

TEST(Format, CommentInBareScopeBreaksIt) {
  EXPECT_EQ(fmt_stable("permit(principal, // anyone\naction, resource);"),
            "permit (\n  principal, // anyone\n  action,\n  resource\n);\n");
}

TEST(Format, CommentBeforeTheFirstTokenOfAGroupDoesNotBreakIt) {
  EXPECT_EQ(fmt_stable("permit(principal,action,resource) when {\n// why\ncontext.a && context.b "
                       "// how\n};"),
            "permit (principal, action, resource)\nwhen {\n  // why\n  context.a && context.b "
            "// how\n};\n");
}

TEST(Format, BlankLines) {
  // One blank line between policies; blank lines inside a policy removed;
  // blank lines between comment paragraphs before a policy kept (one).
  EXPECT_EQ(fmt_stable("permit(principal,action,resource);\n\n\n\n// a\n\n\n// b\n\npermit(\n\n"
                       "principal,action,resource)\n\nwhen {\n\n true \n\n};"),
            "permit (principal, action, resource);\n\n// a\n\n// b\n\npermit (principal, "
            "action, resource)\nwhen { true };\n");
  EXPECT_EQ(fmt_stable("permit(principal,action,resource);permit(principal,action,resource);"),
            "permit (principal, action, resource);\n\npermit (principal, action, resource);\n");
}

TEST(Format, LineEndingsAndEmptyInput) {
  EXPECT_EQ(fmt_stable("permit(principal,action,resource)\r\nwhen { true }; // x\r\n"),
            "permit (principal, action, resource)\nwhen { true }; // x\n");
  EXPECT_EQ(fmt_stable(""), "");
  EXPECT_EQ(fmt_stable("  \n\n"), "");
  EXPECT_EQ(fmt_stable("// just a comment   \n\n\n// and another"),
            "// just a comment\n\n// and another\n");
}

TEST(Format, ParseErrorsKeepLineAndColumn) {
  EXPECT_EQ(fmt("permit(principal, action, resource)\nwhen { principal.x == };"),
            "ERROR: 2:23: expected an expression, found `}`");
  EXPECT_EQ(fmt("permit(principal, action, resource) // \"unterminated\n\"abc"),
            "ERROR: 2:1: unterminated string literal");
}

TEST(Format, RejectsBadOptions) {
  EXPECT_EQ(fmt("permit(principal, action, resource);", 0),
            "ERROR: the line width must be at least 1");
  EXPECT_EQ(fmt("permit(principal, action, resource);", 80, 17),
            "ERROR: the indentation must be between 0 and 16");
}

TEST(Format, FormattedPoliciesParseToTheSameAst) {
  std::string text = R"(@a("1") permit(principal in Group::"g", action in [Action::"x"], resource)
when { context.n * 2 + 1 - 3 > 4 && ip("10.0.0.1").isInRange(ip("10.0.0.0/8")) }
unless { resource.tags.contains("x") || principal has "a b" };)";
  auto before = parse_policies(text);
  auto after = parse_policies(fmt_stable(text, 20));
  ASSERT_TRUE(before.ok() && after.ok());
  ASSERT_EQ(before->size(), after->size());
  for (size_t i = 0; i < before->size(); ++i) EXPECT_TRUE(same_policy((*before)[i], (*after)[i]));
}

TEST(SamePolicy, IgnoresLocationsButNotMeaning) {
  auto p = [](std::string_view text) {
    auto r = parse_policy(text);
    EXPECT_TRUE(r.ok()) << text;
    return r.ok() ? *r : Policy{};
  };
  Policy base = p("@a(\"x\") permit(principal == User::\"u\", action, resource) when { 1 < 2 };");
  EXPECT_TRUE(same_policy(base, p("\n\n  @a(\"x\")\npermit(\n principal == User::\"u\", action, "
                                  "resource)\n when {\n (1) < 2 };")));
  EXPECT_FALSE(same_policy(base, p("@a(\"y\") permit(principal == User::\"u\", action, resource) "
                                   "when { 1 < 2 };")));
  EXPECT_FALSE(same_policy(base, p("@a(\"x\") forbid(principal == User::\"u\", action, resource) "
                                   "when { 1 < 2 };")));
  EXPECT_FALSE(same_policy(base, p("@a(\"x\") permit(principal in User::\"u\", action, resource) "
                                   "when { 1 < 2 };")));
  EXPECT_FALSE(same_policy(base, p("@a(\"x\") permit(principal == User::\"u\", action, resource) "
                                   "unless { 1 < 2 };")));
  EXPECT_FALSE(same_policy(base, p("@a(\"x\") permit(principal == User::\"u\", action, resource) "
                                   "when { 2 < 1 };")));
  EXPECT_FALSE(same_policy(base, p("@a permit(principal == User::\"u\", action, resource) when { "
                                   "1 < 2 };")));
}

}  // namespace
}  // namespace cedar
