// Expression grammar, from `if` down to unary operators. Precedence, lowest
// first:
//   if c then a else b          (only at expression level, not as an operand)
//   ||   &&
//   == != < <= > >= in | has | like | is [in]   (non-associative)
//   + -   *
//   ! (up to 4 times)  - (up to 4 times)
//   member access and primaries (parser_primary.cc)
#include <optional>

#include "syntax/parser_internal.h"

namespace cedar::syntax {

namespace {

std::optional<BinaryOp> relation_op(const Token& t) {
  switch (t.kind) {
    case TokenKind::EqEq:
      return BinaryOp::Eq;
    case TokenKind::NotEq:
      return BinaryOp::NotEq;
    case TokenKind::Less:
      return BinaryOp::Less;
    case TokenKind::LessEq:
      return BinaryOp::LessEq;
    case TokenKind::Greater:
      return BinaryOp::Greater;
    case TokenKind::GreaterEq:
      return BinaryOp::GreaterEq;
    case TokenKind::Ident:
      if (t.text == "in") return BinaryOp::In;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

bool is_relation_start(const Token& t) {
  return relation_op(t) || t.kind == TokenKind::Eq ||
         (t.kind == TokenKind::Ident && (t.text == "has" || t.text == "like" || t.text == "is"));
}

// Tokens that would continue an operand of a relation (`+ 1`, `.a`, `[..]`,
// `(..)`, `::`); invalid right after a `has`/`like`/`is` operand.
bool is_operand_suffix(TokenKind k) {
  switch (k) {
    case TokenKind::Dot:
    case TokenKind::LBracket:
    case TokenKind::LParen:
    case TokenKind::ColonColon:
    case TokenKind::Plus:
    case TokenKind::Minus:
    case TokenKind::Star:
    case TokenKind::Slash:
    case TokenKind::Percent:
      return true;
    default:
      return false;
  }
}

constexpr uint64_t kMaxLong = 9223372036854775807ULL;

// Parses the digits of an Int token; nullopt when they exceed u64.
std::optional<uint64_t> int_digits(std::string_view digits) {
  uint64_t v = 0;
  for (char c : digits) {
    auto d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

}  // namespace

Status Parser::enter(const Token& t) {
  if (++depth_ > kMaxNesting) {
    --depth_;
    return error_at(
        t, "expression nested too deeply (more than " + std::to_string(kMaxNesting) + " levels)");
  }
  return Status::Ok();
}

Result<ExprPtr> Parser::parse_expr() {
  CEDAR_RETURN_IF_ERROR(enter(peek()));
  auto r = at_word("if") ? parse_if() : parse_or();
  leave();
  return r;
}

Result<ExprPtr> Parser::parse_if() {
  const Token if_tok = advance();
  CEDAR_ASSIGN_OR_RETURN(cond, parse_expr());
  CEDAR_RETURN_IF_ERROR(expect_word("then", "after the `if` condition"));
  CEDAR_ASSIGN_OR_RETURN(then_e, parse_expr());
  CEDAR_RETURN_IF_ERROR(expect_word("else", "after the `then` branch"));
  CEDAR_ASSIGN_OR_RETURN(else_e, parse_expr());
  return make_if(cond, then_e, else_e, if_tok.loc);
}

Result<ExprPtr> Parser::parse_or() {
  SourceLoc loc = peek().loc;
  CEDAR_ASSIGN_OR_RETURN(lhs, parse_and());
  while (at(TokenKind::OrOr)) {
    advance();
    CEDAR_ASSIGN_OR_RETURN(rhs, parse_and());
    lhs = make_or(lhs, rhs, loc);
  }
  return lhs;
}

Result<ExprPtr> Parser::parse_and() {
  SourceLoc loc = peek().loc;
  CEDAR_ASSIGN_OR_RETURN(lhs, parse_relation());
  while (at(TokenKind::AndAnd)) {
    advance();
    CEDAR_ASSIGN_OR_RETURN(rhs, parse_relation());
    lhs = make_and(lhs, rhs, loc);
  }
  return lhs;
}

Result<ExprPtr> Parser::parse_relation() {
  SourceLoc loc = peek().loc;
  CEDAR_ASSIGN_OR_RETURN(lhs, parse_add());
  if (at_word("has")) return parse_has(lhs, loc);
  if (at_word("like")) return parse_like(lhs, loc);
  if (at_word("is")) return parse_is(lhs, loc);
  if (at(TokenKind::Eq)) return error_at(peek(), "`=` is not an operator; use `==` to compare");
  auto op = relation_op(peek());
  if (!op) return lhs;
  advance();
  CEDAR_ASSIGN_OR_RETURN(rhs, parse_add());
  CEDAR_RETURN_IF_ERROR(reject_chained_relation());
  return make_binary(*op, lhs, rhs, loc);
}

// Relations are non-associative: `a < b < c` and `a has b == c` need
// parentheses.
Status Parser::reject_chained_relation() {
  if (!is_relation_start(peek())) return Status::Ok();
  return error_at(peek(), "unexpected " + describe_token(peek()) +
                              ": comparison operators cannot be chained; add parentheses");
}

Status Parser::reject_operand_suffix(std::string_view what) {
  if (!is_operand_suffix(peek().kind)) return reject_chained_relation();
  return error_at(peek(), "unexpected " + describe_token(peek()) + " after " + std::string(what));
}

// `e has a`, `e has "a"`, or `e has a.b.c`, which means
// `e has a && e.a has b && e.a.b has c`.
Result<ExprPtr> Parser::parse_has(ExprPtr lhs, SourceLoc loc) {
  advance();  // has
  const Token first = peek();
  if (first.kind == TokenKind::String) {
    advance();
    CEDAR_ASSIGN_OR_RETURN(attr, string_value(first));
    CEDAR_RETURN_IF_ERROR(reject_operand_suffix("the attribute name after `has`"));
    return make_has_attr(lhs, attr, loc);
  }
  if (first.kind != TokenKind::Ident) {
    return unexpected("an attribute name or string literal after `has`");
  }
  std::vector<std::string> attrs;
  for (;;) {
    const Token name = peek();
    if (name.kind != TokenKind::Ident) return unexpected("an attribute name after `.`");
    CEDAR_RETURN_IF_ERROR(check_attribute_name(name));
    advance();
    attrs.emplace_back(name.text);
    if (!at(TokenKind::Dot)) break;
    advance();
  }
  CEDAR_RETURN_IF_ERROR(reject_operand_suffix("the attribute name after `has`"));
  ExprPtr target = lhs;
  ExprPtr result;
  for (const std::string& attr : attrs) {
    ExprPtr test = make_has_attr(target, attr, loc);
    result = result ? make_and(result, test, loc) : test;
    target = make_get_attr(target, attr, loc);
  }
  return result;
}

Result<ExprPtr> Parser::parse_like(ExprPtr lhs, SourceLoc loc) {
  advance();  // like
  const Token t = peek();
  if (t.kind != TokenKind::String) return unexpected("a string literal pattern after `like`");
  advance();
  SourceLoc body = t.loc;
  body.offset += 1;
  body.column += 1;
  CEDAR_ASSIGN_OR_RETURN(pattern, unescape_pattern(t.text, body));
  CEDAR_RETURN_IF_ERROR(reject_operand_suffix("the `like` pattern"));
  return make_like(lhs, std::move(pattern), loc);
}

Result<ExprPtr> Parser::parse_is(ExprPtr lhs, SourceLoc loc) {
  advance();  // is
  CEDAR_ASSIGN_OR_RETURN(type, parse_type_name("after `is`"));
  if (!at_word("in")) {
    CEDAR_RETURN_IF_ERROR(reject_operand_suffix("the entity type after `is`"));
    return make_is(lhs, type, loc);
  }
  advance();
  CEDAR_ASSIGN_OR_RETURN(container, parse_add());
  CEDAR_RETURN_IF_ERROR(reject_chained_relation());
  return make_is_in(lhs, type, container, loc);
}

Result<ExprPtr> Parser::parse_add() {
  SourceLoc loc = peek().loc;
  CEDAR_ASSIGN_OR_RETURN(lhs, parse_mult());
  while (at(TokenKind::Plus) || at(TokenKind::Minus)) {
    BinaryOp op = advance().kind == TokenKind::Plus ? BinaryOp::Add : BinaryOp::Sub;
    CEDAR_ASSIGN_OR_RETURN(rhs, parse_mult());
    lhs = make_binary(op, lhs, rhs, loc);
  }
  return lhs;
}

Result<ExprPtr> Parser::parse_mult() {
  SourceLoc loc = peek().loc;
  CEDAR_ASSIGN_OR_RETURN(lhs, parse_unary());
  for (;;) {
    if (at(TokenKind::Slash)) return error_at(peek(), "division (`/`) is not supported in Cedar");
    if (at(TokenKind::Percent)) {
      return error_at(peek(), "remainder (`%`) is not supported in Cedar");
    }
    if (!at(TokenKind::Star)) return lhs;
    advance();
    CEDAR_ASSIGN_OR_RETURN(rhs, parse_unary());
    lhs = make_binary(BinaryOp::Mul, lhs, rhs, loc);
  }
}

// `!`s or `-`s (not mixed, at most 4) before a member expression. A `-`
// directly before an integer literal (with no member access after it) is part
// of the literal, so `-9223372036854775808` is the minimum long.
Result<ExprPtr> Parser::parse_unary() {
  const Token first = peek();
  if (first.kind != TokenKind::Bang && first.kind != TokenKind::Minus) return parse_member();
  int count = 0;
  while (at(first.kind)) {
    advance();
    ++count;
  }
  if (count > 4) {
    return error_at(first, "too many consecutive " + describe_token(first) +
                               " operators (at most 4 are allowed)");
  }
  TokenKind after = peek(1).kind;
  bool literal_follows = at(TokenKind::Int) && after != TokenKind::Dot &&
                         after != TokenKind::LBracket && after != TokenKind::LParen;
  if (first.kind == TokenKind::Minus && literal_follows) {
    return parse_negated_literal(count, first);
  }
  CEDAR_ASSIGN_OR_RETURN(e, parse_member());
  UnaryOp op = first.kind == TokenKind::Bang ? UnaryOp::Not : UnaryOp::Neg;
  for (int i = 0; i < count; ++i) e = make_unary(op, e, first.loc);
  return e;
}

// `-N` becomes the literal -N; any further dashes are negations of it.
Result<ExprPtr> Parser::parse_negated_literal(int dashes, const Token& first) {
  const Token t = advance();
  auto v = int_digits(t.text);
  if (!v || *v > kMaxLong + 1) {
    return error_at(t, "integer literal `-" + std::string(t.text) +
                           "` is too small (the minimum is -9223372036854775808)");
  }
  int64_t n = *v == kMaxLong + 1 ? INT64_MIN : -static_cast<int64_t>(*v);
  ExprPtr e = make_literal(Value::integer(n), first.loc);
  for (int i = 1; i < dashes; ++i) e = make_unary(UnaryOp::Neg, e, first.loc);
  return e;
}

Result<ExprPtr> Parser::parse_int(const Token& t) {
  auto v = int_digits(t.text);
  if (!v || *v > kMaxLong) {
    return error_at(t, "integer literal `" + std::string(t.text) +
                           "` is too large (the maximum is 9223372036854775807)");
  }
  return make_literal(Value::integer(static_cast<int64_t>(*v)), t.loc);
}

}  // namespace cedar::syntax
