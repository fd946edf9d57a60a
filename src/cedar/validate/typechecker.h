// Typechecker: the type of a Cedar expression in one request environment.
//
// This follows Cedar's strict-mode typechecker (the Lean specification's
// `typeOf`): every operator's operand types are checked, `&&`, `||` and
// `if` short-circuit on the singleton types True and False (the skipped
// operand is not typechecked), `has` and `hasTag` produce capabilities that
// make optional attribute and tag accesses safe, and `==`, `in` and `is` are
// given the type True or False when the schema decides them. The `action`
// variable stands for the environment's action uid, so `action == A` and
// `action in [..]` are decided exactly.
//
// The first type error ends the check; the Error names the offending
// expression's source location (or the fallback location for expressions the
// parser built without one, such as the policy scope) and says what is wrong.
#pragma once

#include <optional>
#include <string>

#include "cedar/expr.h"
#include "cedar/result.h"
#include "validate/capabilities.h"
#include "validate/schema_info.h"
#include "validate/types.h"

namespace cedar::validate {

struct Typed {
  TypePtr type;
  CapabilitySet caps;  // what is known when the expression evaluates to true
};

using TypeResult = Result<Typed>;

// Evaluates `expr` (a Result) and returns its error from the enclosing
// function on failure; otherwise binds the value to `var`.
#define VALIDATE_ASSIGN_OR_RETURN(var, expr)                      \
  auto var##_result = (expr);                                     \
  if (!var##_result.ok()) return std::move(var##_result).error(); \
  auto var = std::move(*var##_result)

class Typechecker {
 public:
  // `fallback` is the location reported for expressions without one (the
  // policy scope, which the parser does not locate node by node).
  Typechecker(const SchemaInfo& info, const RequestEnv& env, SourceLoc fallback)
      : info_(info), env_(env), fallback_(fallback) {}

  TypeResult check(const Expr& e, const CapabilitySet& prior) const;

 private:
  TypeResult check_literal(const Expr& e) const;
  TypeResult check_var(const Expr& e) const;
  TypeResult check_slot(const Expr& e) const;
  TypeResult check_if(const Expr& e, const CapabilitySet& prior) const;
  TypeResult check_and(const Expr& e, const CapabilitySet& prior) const;
  TypeResult check_or(const Expr& e, const CapabilitySet& prior) const;
  TypeResult check_unary(const Expr& e, const CapabilitySet& prior) const;
  TypeResult check_like(const Expr& e, const CapabilitySet& prior) const;
  TypeResult check_is(const Expr& e, const CapabilitySet& prior) const;
  TypeResult check_is_in(const Expr& e, const CapabilitySet& prior) const;
  TypeResult check_has_attr(const Expr& e, const CapabilitySet& prior) const;
  TypeResult check_get_attr(const Expr& e, const CapabilitySet& prior) const;
  TypeResult check_set(const Expr& e, const CapabilitySet& prior) const;
  TypeResult check_record(const Expr& e, const CapabilitySet& prior) const;

  // typecheck_binary.cc
  TypeResult check_binary(const Expr& e, const CapabilitySet& prior) const;
  TypeResult check_eq(const Expr& e, const Expr& lhs, const Expr& rhs,
                      const CapabilitySet& prior) const;
  TypeResult check_in(const Expr& lhs, const Expr& rhs, const CapabilitySet& prior) const;
  TypeResult check_compare(const Expr& lhs, const Expr& rhs, const CapabilitySet& prior) const;
  TypeResult check_set_op(const Expr& e, const CapabilitySet& prior) const;
  TypeResult check_tag_op(const Expr& e, const CapabilitySet& prior) const;
  BoolKind in_entity(const Expr& lhs, const Expr& rhs, const Type& l, const Type& r) const;
  BoolKind in_set(const Expr& lhs, const Expr& rhs, const Type& l, const Type& r) const;

  // typecheck_calls.cc
  TypeResult check_call(const Expr& e, const CapabilitySet& prior) const;

  // The entity uid `e` denotes statically: an entity literal, or the
  // `action` variable (the environment's action).
  std::optional<EntityUid> literal_uid(const Expr& e) const;
  // Like literal_uid, but only for declared actions.
  std::optional<EntityUid> action_uid(const Expr& e) const;
  // The value of a literal (or the `action` variable).
  std::optional<Value> literal_value(const Expr& e) const;

  Error error(const Expr& e, std::string message) const;
  Error unexpected(const Expr& e, const Type& actual, const std::string& expected) const;
  std::string entity_kind(const std::string& type) const;

  const SchemaInfo& info_;
  const RequestEnv& env_;
  SourceLoc fallback_;
};

}  // namespace cedar::validate
