// Policies: annotations, effect, scope and conditions.
//
//   Policy := {'@' Ident ['(' String ')']} ('permit'|'forbid')
//             '(' Principal ',' Action ',' Resource [','] ')'
//             {('when'|'unless') '{' Expr '}'} ';'
#include "syntax/parser_internal.h"

namespace cedar::syntax {

namespace {

bool is_action_type(const std::string& type) {
  static constexpr std::string_view kSuffix = "::Action";
  return type == "Action" ||
         (type.size() > kSuffix.size() &&
          type.compare(type.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0);
}

bool is_other_relation(const Token& t) {
  switch (t.kind) {
    case TokenKind::NotEq:
    case TokenKind::Less:
    case TokenKind::LessEq:
    case TokenKind::Greater:
    case TokenKind::GreaterEq:
      return true;
    case TokenKind::Ident:
      return t.text == "has" || t.text == "like";
    default:
      return false;
  }
}

const char* slot_name(SlotId s) { return s == SlotId::Principal ? "?principal" : "?resource"; }

}  // namespace

Result<Policy> Parser::parse_policy(size_t index) {
  Policy p;
  p.id = "policy" + std::to_string(index);
  p.loc = peek().loc;
  CEDAR_ASSIGN_OR_RETURN(annotations, parse_annotations());
  p.annotations = std::move(annotations);
  const Token effect = peek();
  if (!at_word("permit") && !at_word("forbid")) {
    return unexpected(p.annotations.empty() ? "`permit`, `forbid` or an annotation"
                                            : "`permit` or `forbid` after the annotations");
  }
  advance();
  p.effect = effect.text == "permit" ? Effect::Permit : Effect::Forbid;
  CEDAR_RETURN_IF_ERROR(parse_scope(p));
  CEDAR_RETURN_IF_ERROR(parse_conditions(p));
  if (!at(TokenKind::Semi)) {
    return unexpected(p.conditions.empty() ? "`when`, `unless` or `;` after the policy scope"
                                           : "`when`, `unless` or `;` after the condition");
  }
  advance();
  return p;
}

// Annotation keys may be any identifier, reserved words included; a key may
// appear only once per policy.
Result<std::vector<Annotation>> Parser::parse_annotations() {
  std::vector<Annotation> out;
  while (at(TokenKind::At)) {
    const Token at_tok = advance();
    const Token key = peek();
    if (key.kind != TokenKind::Ident) return unexpected("an annotation name after `@`");
    advance();
    Annotation a{std::string(key.text), std::nullopt, at_tok.loc};
    if (at(TokenKind::LParen)) {
      advance();
      const Token v = peek();
      if (v.kind != TokenKind::String)
        return unexpected("a string literal as the annotation value");
      advance();
      CEDAR_ASSIGN_OR_RETURN(value, string_value(v));
      a.value = std::move(value);
      if (!at(TokenKind::RParen)) return unexpected("`)` after the annotation value");
      advance();
    }
    for (const Annotation& prev : out) {
      if (prev.key == a.key) return error_at(at_tok, "duplicate annotation `@" + a.key + "`");
    }
    out.push_back(std::move(a));
  }
  return out;
}

Status Parser::parse_scope(Policy& p) {
  if (!at(TokenKind::LParen)) return unexpected("`(` after the policy effect");
  advance();
  auto missing = [this](const char* rest) -> Error {
    return error_at(peek(), std::string("the policy scope is missing ") + rest);
  };
  CEDAR_ASSIGN_OR_RETURN(principal, parse_scope_var(SlotId::Principal, "principal"));
  p.principal = std::move(principal);
  if (at(TokenKind::RParen)) return missing("`action` and `resource`");
  if (!at(TokenKind::Comma)) return unexpected("`,` after the principal constraint");
  advance();
  CEDAR_RETURN_IF_ERROR(parse_action_scope(p.action));
  if (at(TokenKind::RParen)) return missing("`resource`");
  if (!at(TokenKind::Comma)) return unexpected("`,` after the action constraint");
  advance();
  CEDAR_ASSIGN_OR_RETURN(resource, parse_scope_var(SlotId::Resource, "resource"));
  p.resource = std::move(resource);
  if (at(TokenKind::Comma)) advance();  // a trailing comma is allowed
  if (!at(TokenKind::RParen)) return unexpected("`)` after the policy scope");
  advance();
  return Status::Ok();
}

// `var`, `var == E`, `var in E`, `var is T` or `var is T in E`, where E is an
// entity literal or the slot matching `var`.
Result<ScopeConstraint> Parser::parse_scope_var(SlotId slot_kind, std::string_view var) {
  if (!at_word(var)) return unexpected("`" + std::string(var) + "` in the policy scope");
  advance();
  if (at(TokenKind::Colon)) {
    return error_at(peek(), "type constraints like `" + std::string(var) +
                                ": T` are not supported; use `" + std::string(var) + " is T`");
  }
  ScopeConstraint c;
  if (at_word("is")) {
    advance();
    CEDAR_ASSIGN_OR_RETURN(type, parse_type_name("after `is`"));
    c.kind = ScopeConstraint::Kind::Is;
    c.type = std::move(type);
  }
  const Token op = peek();
  if (op.kind == TokenKind::Eq) return error_at(op, "`=` is not an operator; use `==`");
  if (op.kind == TokenKind::EqEq && c.kind == ScopeConstraint::Kind::Is) {
    return error_at(op, "`is` cannot be combined with `==` in the policy scope");
  }
  if (is_other_relation(op)) {
    return error_at(op, "invalid operator " + describe_token(op) + " in the " + std::string(var) +
                            " constraint; only `==`, `in` and `is` are allowed");
  }
  if (op.kind != TokenKind::EqEq && !at_word("in")) return c;
  advance();
  const Token rhs_tok = peek();
  CEDAR_ASSIGN_OR_RETURN(rhs, parse_expr());
  CEDAR_ASSIGN_OR_RETURN(ref, scope_entity(rhs, rhs_tok, slot_kind));
  c.ref = std::move(ref);
  if (op.kind == TokenKind::EqEq) {
    c.kind = ScopeConstraint::Kind::Eq;
  } else {
    c.kind = c.kind == ScopeConstraint::Kind::Is ? ScopeConstraint::Kind::IsIn
                                                 : ScopeConstraint::Kind::In;
  }
  return c;
}

Result<EntityRef> Parser::scope_entity(const ExprPtr& e, const Token& at_tok, SlotId slot_kind) {
  if (e->kind == Expr::Kind::Slot) {
    if (e->slot != slot_kind) {
      return error_at(at_tok, std::string("expected an entity uid or `") + slot_name(slot_kind) +
                                  "`, found `" + slot_name(e->slot) + "`");
    }
    return EntityRef{true, e->slot, {}};
  }
  if (e->kind == Expr::Kind::Literal && e->value.is_entity()) {
    return EntityRef{false, slot_kind, e->value.as_entity()};
  }
  if (e->kind == Expr::Kind::Is || e->kind == Expr::Kind::IsIn) {
    return error_at(at_tok,
                    "in the policy scope `is` must come before `in`, e.g. `principal is "
                    "User in Group::\"g\"`");
  }
  return error_at(at_tok, std::string("expected an entity uid or `") + slot_name(slot_kind) +
                              "` in the policy scope, found `" + expr_to_string(*e) + "`");
}

// `action`, `action == E`, `action in E` or `action in [E, ...]`, where every
// E is an entity literal of type `Action` (in any namespace).
Status Parser::parse_action_scope(ActionConstraint& out) {
  if (!at_word("action")) return unexpected("`action` in the policy scope");
  advance();
  const Token op = peek();
  if (op.kind == TokenKind::Colon) {
    return error_at(op, "type constraints like `action: T` are not supported");
  }
  if (at_word("is")) return error_at(op, "`is` is not allowed in the action constraint");
  if (op.kind == TokenKind::Eq) return error_at(op, "`=` is not an operator; use `==`");
  if (is_other_relation(op)) {
    return error_at(op, "invalid operator " + describe_token(op) +
                            " in the action constraint; only `==` and `in` are allowed");
  }
  if (op.kind != TokenKind::EqEq && !at_word("in")) return Status::Ok();
  advance();
  const Token rhs_tok = peek();
  CEDAR_ASSIGN_OR_RETURN(rhs, parse_expr());
  if (op.kind == TokenKind::EqEq || rhs->kind != Expr::Kind::Set) {
    CEDAR_ASSIGN_OR_RETURN(uid, action_entity(rhs, rhs_tok));
    out.kind = op.kind == TokenKind::EqEq ? ActionConstraint::Kind::Eq : ActionConstraint::Kind::In;
    out.uids = {std::move(uid)};
    return Status::Ok();
  }
  out.kind = ActionConstraint::Kind::InSet;
  for (const ExprPtr& elem : rhs->args) {
    Token elem_tok = rhs_tok;
    elem_tok.loc = elem->loc;
    CEDAR_ASSIGN_OR_RETURN(uid, action_entity(elem, elem_tok));
    out.uids.push_back(std::move(uid));
  }
  return Status::Ok();
}

Result<EntityUid> Parser::action_entity(const ExprPtr& e, const Token& at_tok) {
  if (e->kind == Expr::Kind::Slot) {
    return error_at(at_tok, "template slots are not allowed in the action constraint");
  }
  if (e->kind != Expr::Kind::Literal || !e->value.is_entity()) {
    return error_at(at_tok, "expected an action entity uid in the action constraint, found `" +
                                expr_to_string(*e) + "`");
  }
  const EntityUid& uid = e->value.as_entity();
  if (!is_action_type(uid.type)) {
    return error_at(at_tok,
                    "expected an action entity uid (type `Action` or `NS::Action`) in "
                    "the action constraint, found `" +
                        uid.to_string() + "`");
  }
  return uid;
}

// Zero or more `when { e }` / `unless { e }` clauses. Slots are not allowed
// in conditions.
Status Parser::parse_conditions(Policy& p) {
  size_t deepest = 0;
  while (at(TokenKind::Ident)) {
    const Token kw = advance();
    if (kw.text != "when" && kw.text != "unless") {
      return error_at(kw, "expected `when`, `unless` or `;`, found " + describe_token(kw));
    }
    std::string clause = "`" + std::string(kw.text) + "`";
    if (!at(TokenKind::LBrace)) return unexpected("`{` after " + clause);
    advance();
    if (at(TokenKind::RBrace)) return error_at(peek(), "the " + clause + " clause is empty");
    CEDAR_ASSIGN_OR_RETURN(body, parse_expr());
    if (!at(TokenKind::RBrace)) return unexpected("`}` after the " + clause + " condition");
    advance();
    if (const Expr* slot = find_slot(*body)) {
      return Error{"template slots (" + std::string(slot_name(slot->slot)) +
                       ") are only allowed in the policy scope, not in a " + clause + " clause",
                   slot->loc};
    }
    deepest = std::max(deepest, expr_depth(*body));
    if (deepest + p.conditions.size() + 4 > kMaxTreeDepth) {
      return error_at(kw, "policy condition is nested too deeply");
    }
    p.conditions.push_back(Condition{kw.text == "when", std::move(body)});
  }
  return Status::Ok();
}

}  // namespace cedar::syntax
