// The typechecker's core: literals, variables, conditionals, boolean
// connectives, unary operators, attributes, sets and records.
// Binary operators are in typecheck_binary.cc, extension calls in
// typecheck_calls.cc.
#include "validate/typechecker.h"

#include <utility>
#include <vector>

namespace cedar::validate {

TypeResult Typechecker::check(const Expr& e, const CapabilitySet& prior) const {
  switch (e.kind) {
    case Expr::Kind::Literal:
      return check_literal(e);
    case Expr::Kind::Variable:
      return check_var(e);
    case Expr::Kind::Slot:
      return check_slot(e);
    case Expr::Kind::If:
      return check_if(e, prior);
    case Expr::Kind::And:
      return check_and(e, prior);
    case Expr::Kind::Or:
      return check_or(e, prior);
    case Expr::Kind::Unary:
      return check_unary(e, prior);
    case Expr::Kind::Binary:
      return check_binary(e, prior);
    case Expr::Kind::Like:
      return check_like(e, prior);
    case Expr::Kind::Is:
      return check_is(e, prior);
    case Expr::Kind::IsIn:
      return check_is_in(e, prior);
    case Expr::Kind::HasAttr:
      return check_has_attr(e, prior);
    case Expr::Kind::GetAttr:
      return check_get_attr(e, prior);
    case Expr::Kind::Set:
      return check_set(e, prior);
    case Expr::Kind::Record:
      return check_record(e, prior);
    case Expr::Kind::Call:
      return check_call(e, prior);
  }
  return error(e, "unsupported expression");
}

Error Typechecker::error(const Expr& e, std::string message) const {
  return Error{std::move(message), e.loc.line != 0 ? e.loc : fallback_};
}

Error Typechecker::unexpected(const Expr& e, const Type& actual,
                              const std::string& expected) const {
  return error(e, "expected " + expected + ", but `" + expr_to_string(e) + "` has type " +
                      type_to_string(actual));
}

std::string Typechecker::entity_kind(const std::string& type) const {
  return info_.is_action_type(type) ? "action type `" + type + "`" : "entity type `" + type + "`";
}

std::optional<EntityUid> Typechecker::literal_uid(const Expr& e) const {
  if (e.kind == Expr::Kind::Variable && e.var == Var::Action) return env_.action;
  if (e.kind == Expr::Kind::Literal && e.value.is_entity()) return e.value.as_entity();
  return std::nullopt;
}

std::optional<EntityUid> Typechecker::action_uid(const Expr& e) const {
  auto uid = literal_uid(e);
  if (uid && info_.is_action(*uid)) return uid;
  return std::nullopt;
}

std::optional<Value> Typechecker::literal_value(const Expr& e) const {
  if (e.kind == Expr::Kind::Variable && e.var == Var::Action) return Value::entity(env_.action);
  if (e.kind == Expr::Kind::Literal) return e.value;
  return std::nullopt;
}

TypeResult Typechecker::check_literal(const Expr& e) const {
  const Value& v = e.value;
  switch (v.kind()) {
    case Value::Kind::Bool:
      return Typed{singleton_bool(v.as_bool()), {}};
    case Value::Kind::Long:
      return Typed{long_type(), {}};
    case Value::Kind::String:
      return Typed{string_type(), {}};
    case Value::Kind::Entity: {
      const EntityUid& uid = v.as_entity();
      if (info_.is_valid_entity_uid(uid) || info_.is_action(uid)) {
        return Typed{entity_type(uid.type), {}};
      }
      if (info_.is_entity_type(uid.type)) {
        return error(e, "`" + uid.to_string() + "` is not one of the values of enumerated " +
                            "entity type `" + uid.type + "`");
      }
      return error(e, "unknown entity `" + uid.to_string() + "`: the schema declares no " +
                          (uid.type.ends_with("Action") ? "such action" : "such entity type"));
    }
    default:
      return error(e, "unsupported literal `" + v.to_string() + "`");
  }
}

TypeResult Typechecker::check_var(const Expr& e) const {
  switch (e.var) {
    case Var::Principal:
      return Typed{entity_type(env_.principal), {}};
    case Var::Action:
      return Typed{entity_type(env_.action.type), {}};
    case Var::Resource:
      return Typed{entity_type(env_.resource), {}};
    case Var::Context:
      return Typed{env_.context, {}};
  }
  return error(e, "unknown variable");
}

TypeResult Typechecker::check_slot(const Expr& e) const {
  const auto& slot = e.slot == SlotId::Principal ? env_.principal_slot : env_.resource_slot;
  if (!slot) return error(e, "template slot has no entity type in this environment");
  return Typed{entity_type(*slot), {}};
}

TypeResult Typechecker::check_if(const Expr& e, const CapabilitySet& prior) const {
  VALIDATE_ASSIGN_OR_RETURN(cond, check(*e.args[0], prior));
  if (!cond.type->is_bool()) {
    return unexpected(*e.args[0], *cond.type, "a boolean condition in `if`");
  }
  if (cond.type->is_true()) {
    VALIDATE_ASSIGN_OR_RETURN(then, check(*e.args[1], prior.union_with(cond.caps)));
    return Typed{then.type, cond.caps.union_with(then.caps)};
  }
  if (cond.type->is_false()) return check(*e.args[2], prior);
  VALIDATE_ASSIGN_OR_RETURN(then, check(*e.args[1], prior.union_with(cond.caps)));
  VALIDATE_ASSIGN_OR_RETURN(other, check(*e.args[2], prior));
  TypePtr joined = lub(then.type, other.type);
  if (!joined) {
    return error(e, "the branches of this `if` have incompatible types " +
                        type_to_string(*then.type) + " and " + type_to_string(*other.type));
  }
  return Typed{joined, cond.caps.union_with(then.caps).intersect(other.caps)};
}

TypeResult Typechecker::check_and(const Expr& e, const CapabilitySet& prior) const {
  VALIDATE_ASSIGN_OR_RETURN(left, check(*e.args[0], prior));
  if (!left.type->is_bool()) return unexpected(*e.args[0], *left.type, "a boolean operand of `&&`");
  if (left.type->is_false()) return Typed{left.type, {}};
  VALIDATE_ASSIGN_OR_RETURN(right, check(*e.args[1], prior.union_with(left.caps)));
  if (!right.type->is_bool()) {
    return unexpected(*e.args[1], *right.type, "a boolean operand of `&&`");
  }
  if (right.type->is_false()) return Typed{right.type, {}};
  TypePtr t = right.type->is_true() ? left.type : bool_type();
  return Typed{t, left.caps.union_with(right.caps)};
}

TypeResult Typechecker::check_or(const Expr& e, const CapabilitySet& prior) const {
  VALIDATE_ASSIGN_OR_RETURN(left, check(*e.args[0], prior));
  if (!left.type->is_bool()) return unexpected(*e.args[0], *left.type, "a boolean operand of `||`");
  if (left.type->is_true()) return left;
  VALIDATE_ASSIGN_OR_RETURN(right, check(*e.args[1], prior));
  if (!right.type->is_bool()) {
    return unexpected(*e.args[1], *right.type, "a boolean operand of `||`");
  }
  if (left.type->is_false() || right.type->is_true()) return right;
  if (right.type->is_false()) return Typed{bool_type(), left.caps};
  return Typed{bool_type(), left.caps.intersect(right.caps)};
}

TypeResult Typechecker::check_unary(const Expr& e, const CapabilitySet& prior) const {
  VALIDATE_ASSIGN_OR_RETURN(arg, check(*e.args[0], prior));
  const Type& t = *arg.type;
  switch (e.unary_op) {
    case UnaryOp::Not:
      if (!t.is_bool()) return unexpected(*e.args[0], t, "a boolean operand of `!`");
      if (t.is_true()) return Typed{singleton_bool(false), {}};
      if (t.is_false()) return Typed{singleton_bool(true), {}};
      return Typed{bool_type(), {}};
    case UnaryOp::Neg:
      if (t.kind != Type::Kind::Long) return unexpected(*e.args[0], t, "a Long operand of `-`");
      return Typed{long_type(), {}};
    case UnaryOp::IsEmpty:
      if (!t.is_set()) return unexpected(*e.args[0], t, "a set receiver of `isEmpty`");
      return Typed{bool_type(), {}};
  }
  return error(e, "unknown unary operator");
}

TypeResult Typechecker::check_like(const Expr& e, const CapabilitySet& prior) const {
  VALIDATE_ASSIGN_OR_RETURN(arg, check(*e.args[0], prior));
  if (arg.type->kind != Type::Kind::String) {
    return unexpected(*e.args[0], *arg.type, "a String operand of `like`");
  }
  return Typed{bool_type(), {}};
}

TypeResult Typechecker::check_is(const Expr& e, const CapabilitySet& prior) const {
  VALIDATE_ASSIGN_OR_RETURN(arg, check(*e.args[0], prior));
  if (!arg.type->is_entity()) {
    return unexpected(*e.args[0], *arg.type, "an entity operand of `is`");
  }
  return Typed{singleton_bool(arg.type->name == e.name), {}};
}

// `x is T in y` is `x is T && x in y`.
TypeResult Typechecker::check_is_in(const Expr& e, const CapabilitySet& prior) const {
  VALIDATE_ASSIGN_OR_RETURN(is, check_is(e, prior));
  if (is.type->is_false()) return is;
  VALIDATE_ASSIGN_OR_RETURN(in, check_in(*e.args[0], *e.args[1], prior));
  if (in.type->is_false()) return Typed{in.type, {}};
  return Typed{in.type->is_true() ? is.type : bool_type(), {}};
}

TypeResult Typechecker::check_has_attr(const Expr& e, const CapabilitySet& prior) const {
  const Expr& target = *e.args[0];
  VALIDATE_ASSIGN_OR_RETURN(arg, check(target, prior));
  const RecordType* attrs = nullptr;
  bool known_to_exist = arg.type->is_record();
  if (arg.type->is_record()) {
    attrs = &arg.type->attrs;
  } else if (arg.type->is_entity()) {
    attrs = info_.attributes(arg.type->name);
    if (!attrs) {
      if (info_.is_action_type(arg.type->name)) return Typed{singleton_bool(false), {}};
      return error(e, "unknown entity type `" + arg.type->name + "`");
    }
  } else {
    return unexpected(target, *arg.type, "an entity or record operand of `has`");
  }
  auto it = attrs->find(e.name);
  if (it == attrs->end()) return Typed{singleton_bool(false), {}};
  if (prior.has_attribute(&target, e.name) || (it->second.required && known_to_exist)) {
    return Typed{singleton_bool(true), {}};
  }
  return Typed{bool_type(), CapabilitySet::attribute(&target, e.name)};
}

TypeResult Typechecker::check_get_attr(const Expr& e, const CapabilitySet& prior) const {
  const Expr& target = *e.args[0];
  VALIDATE_ASSIGN_OR_RETURN(arg, check(target, prior));
  const RecordType* attrs = nullptr;
  std::string owner;
  if (arg.type->is_record()) {
    attrs = &arg.type->attrs;
    owner = "record `" + expr_to_string(target) + "`";
  } else if (arg.type->is_entity()) {
    attrs = info_.attributes(arg.type->name);
    if (!attrs) return error(e, entity_kind(arg.type->name) + " has no attributes");
    owner = "entity type `" + arg.type->name + "`";
  } else {
    return unexpected(target, *arg.type, "an entity or record before `." + e.name + "`");
  }
  auto it = attrs->find(e.name);
  if (it == attrs->end()) return error(e, "attribute `" + e.name + "` is not declared on " + owner);
  if (!it->second.required && !prior.has_attribute(&target, e.name)) {
    return error(e, "attribute `" + e.name + "` of " + owner +
                        " is optional: test it first with `" + expr_to_string(target) + " has " +
                        e.name + "`");
  }
  return Typed{it->second.type, {}};
}

TypeResult Typechecker::check_set(const Expr& e, const CapabilitySet& prior) const {
  if (e.args.empty()) {
    return error(e, "empty set literals are not allowed: their element type is unknown");
  }
  TypePtr elem;
  for (const auto& arg : e.args) {
    VALIDATE_ASSIGN_OR_RETURN(t, check(*arg, prior));
    if (!elem) {
      elem = t.type;
      continue;
    }
    TypePtr joined = lub(elem, t.type);
    if (!joined) {
      return error(e, "set elements have incompatible types " + type_to_string(*elem) + " and " +
                          type_to_string(*t.type));
    }
    elem = joined;
  }
  return Typed{set_type(elem), {}};
}

TypeResult Typechecker::check_record(const Expr& e, const CapabilitySet& prior) const {
  RecordType attrs;
  for (size_t i = 0; i < e.args.size(); ++i) {
    VALIDATE_ASSIGN_OR_RETURN(t, check(*e.args[i], prior));
    attrs[e.field_names[i]] = QualType{t.type, true};
  }
  return Typed{record_type(std::move(attrs)), {}};
}

}  // namespace cedar::validate
