// Layout: turns the concrete syntax tree into a Doc, following the style of
// Cedar's own formatter (cedar-policy-formatter). layout_policy.cc lays out
// policies (annotations, scope, conditions), layout_expr.cc expressions.
//
// Every token is written through tok(), which also writes the token's
// comments: leading comments on their own lines before it, a trailing
// comment after it followed by a line break. A line break forces every group
// around it to break, so the comments at the edges of a construct are
// written outside its group (hoisted): a comment before an `if` does not
// make the `if` break, nor does one after `)` make the parentheses break.
#pragma once

#include <vector>

#include "cedar/format.h"
#include "format/cst.h"
#include "format/doc.h"
#include "format/source_tokens.h"

namespace cedar::format {

class Layout {
 public:
  Layout(const std::vector<SourceToken>& tokens, const FormatOptions& options)
      : t_(tokens),
        indent_(options.indent),
        leading_done_(tokens.size()),
        trailing_done_(tokens.size()) {}

  // A policy, from its first annotation (or effect) to its `;`.
  Doc policy(const PolicyCst& p);
  // The comments after the last policy (the End token's leading comments).
  Doc end_comments(size_t end_token) const;
  // How many tokens have been written so far.
  size_t written() const { return written_; }

 private:
  // policies (layout_policy.cc)
  Doc scope(const PolicyCst& p);
  Doc scope_element(const Node& n);
  Doc condition(const ConditionCst& c);
  bool scope_has_comments(const PolicyCst& p) const;

  // expressions (layout_expr.cc)
  // `n` with the comments before its first and after its last token hoisted.
  Doc expr(const Node& n);
  Doc unhoisted(const Node& n);
  Doc glue(const Node& n);
  Doc if_expr(const Node& n);
  Doc chain(const Node& n);
  Doc relation(const Node& n);
  Doc operator_and_operand(const Node& op, const Node& rhs);
  Doc paren(const Node& n);
  Doc delimited(const Node& n);
  Doc field(const Node& n);

  // A token with its comments (those not yet written).
  Doc tok(size_t i);
  Doc tok(const Node& n) { return tok(n.tok); }
  // The leading comments of token i, each on its own line, unless written
  // already. Before the first token of a policy, blank lines between comment
  // paragraphs (and after the last one) are kept.
  Doc leading(size_t i);
  // ` // comment` and a line break, unless written already or none.
  Doc trailing(size_t i);

  const std::vector<SourceToken>& t_;
  int indent_;
  size_t written_ = 0;
  size_t policy_start_ = 0;  // index of the first token of the current policy
  std::vector<bool> leading_done_;
  std::vector<bool> trailing_done_;
};

}  // namespace cedar::format
