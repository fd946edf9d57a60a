// The recursive-descent parser shared by parser.cc (entry points),
// parser_primary.cc (member access and primaries),
// parser_expr.cc (expressions) and parser_policy.cc (policies and scopes).
//
// Every parse_* method starts at the current token and, on success, leaves
// the cursor on the first token after what it consumed. On failure it returns
// an Error located at the offending token; the parser is then abandoned.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/expr.h"
#include "cedar/policy.h"
#include "cedar/result.h"
#include "syntax/lexer.h"

// Evaluates `expr` (a Result); on error returns the error from the enclosing
// function, else moves the value into a new variable `var`.
#define CEDAR_ASSIGN_OR_RETURN(var, expr)                         \
  auto var##_result = (expr);                                     \
  if (!var##_result.ok()) return std::move(var##_result).error(); \
  auto var = std::move(*var##_result)

// Evaluates `expr` (a Status) and returns its error from the enclosing
// function on failure.
#define CEDAR_RETURN_IF_ERROR(expr)            \
  do {                                         \
    ::cedar::Status status_ = (expr);          \
    if (!status_.ok()) return status_.error(); \
  } while (0)

namespace cedar::syntax {

// Words that can never be variables, attribute names or name components.
bool is_reserved_word(std::string_view s);

// Deepest nesting of parentheses, brackets, braces and `if` accepted; deeper
// input is rejected so that recursion stays bounded.
inline constexpr int kMaxNesting = 200;
// Deepest expression tree accepted (long operator chains build deep trees
// without nesting; evaluation and printing recurse over the tree).
inline constexpr size_t kMaxTreeDepth = 2000;

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : toks_(std::move(tokens)) {}

  // --- tokens ---
  const Token& peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return i < toks_.size() ? toks_[i] : toks_.back();
  }
  bool at(TokenKind k) const { return peek().kind == k; }
  bool at_word(std::string_view w) const { return at(TokenKind::Ident) && peek().text == w; }
  const Token& advance() {
    const Token& t = peek();
    if (pos_ + 1 < toks_.size()) ++pos_;
    return t;
  }
  // Consumes the identifier `word`, or fails with "expected `word` <context>,
  // found <token>".
  Status expect_word(std::string_view word, std::string_view context);
  Status expect_end(std::string_view context);
  Error error_at(const Token& t, const std::string& msg) const { return Error{msg, t.loc}; }
  // "expected <what>, found <current token>".
  Error unexpected(const std::string& what) const;

  // --- expressions (parser_expr.cc) ---
  Result<ExprPtr> parse_expr();

  // --- names and literals (parser_primary.cc) ---
  // An entity type or namespace path `A::B::C`; every component must be a
  // valid, unreserved identifier.
  Result<std::string> parse_type_name(std::string_view context);
  // The body of a string literal token, unescaped.
  Result<std::string> string_value(const Token& t) const;
  // A parsed entity literal `A::B::"id"`.
  Result<EntityUid> parse_entity_uid_literal();

  // --- policies (parser_policy.cc) ---
  Result<Policy> parse_policy(size_t index);

 private:
  Result<ExprPtr> parse_if();
  Result<ExprPtr> parse_or();
  Result<ExprPtr> parse_and();
  Result<ExprPtr> parse_relation();
  Result<ExprPtr> parse_has(ExprPtr lhs, SourceLoc loc);
  Result<ExprPtr> parse_like(ExprPtr lhs, SourceLoc loc);
  Result<ExprPtr> parse_is(ExprPtr lhs, SourceLoc loc);
  Status reject_operand_suffix(std::string_view what);
  Status reject_chained_relation();
  Result<ExprPtr> parse_add();
  Result<ExprPtr> parse_mult();
  Result<ExprPtr> parse_unary();
  Result<ExprPtr> parse_negated_literal(int dashes, const Token& first);
  Result<ExprPtr> parse_member();
  Result<ExprPtr> parse_access(ExprPtr target);
  Result<ExprPtr> parse_method(ExprPtr target, const Token& name);
  Result<ExprPtr> parse_primary();
  Result<ExprPtr> parse_int(const Token& t);
  Result<ExprPtr> parse_name_primary();
  Result<ExprPtr> parse_function_call(const std::vector<Token>& path);
  Result<std::vector<ExprPtr>> parse_args(TokenKind close, std::string_view context);
  Result<ExprPtr> parse_record();
  Result<std::string> parse_record_key();
  Status check_attribute_name(const Token& t) const;
  Status check_name_component(const Token& t) const;

  Result<std::vector<Annotation>> parse_annotations();
  Status parse_scope(Policy& p);
  Result<ScopeConstraint> parse_scope_var(SlotId slot_kind, std::string_view var);
  Result<EntityRef> scope_entity(const ExprPtr& e, const Token& at_tok, SlotId slot_kind);
  Status parse_action_scope(ActionConstraint& out);
  Result<EntityUid> action_entity(const ExprPtr& e, const Token& at_tok);
  Status parse_conditions(Policy& p);

  // Guards nesting depth; returns an error when it is exceeded.
  Status enter(const Token& t);
  void leave() { --depth_; }

  std::vector<Token> toks_;  // ends with exactly one End token
  size_t pos_ = 0;
  int depth_ = 0;
};

// Maximum depth of the tree rooted at `e` (computed without recursion).
size_t expr_depth(const Expr& e);
// First slot in `e`, if any (for the "no slots in conditions" rule).
const Expr* find_slot(const Expr& e);

}  // namespace cedar::syntax
