// Typechecking binary operators: equality, comparison, arithmetic, `in`,
// the set methods and the tag methods.
#include <utility>

#include "validate/typechecker.h"

namespace cedar::validate {

namespace {

bool comparable(const Type& t) {
  return t.kind == Type::Kind::Long || t.is_extension("datetime") || t.is_extension("duration");
}

TypePtr negate(const TypePtr& t) {
  if (t->is_true()) return singleton_bool(false);
  if (t->is_false()) return singleton_bool(true);
  return t;
}

}  // namespace

TypeResult Typechecker::check_binary(const Expr& e, const CapabilitySet& prior) const {
  const Expr& lhs = *e.args[0];
  const Expr& rhs = *e.args[1];
  switch (e.binary_op) {
    case BinaryOp::Eq:
      return check_eq(e, lhs, rhs, prior);
    case BinaryOp::NotEq: {
      VALIDATE_ASSIGN_OR_RETURN(eq, check_eq(e, lhs, rhs, prior));
      return Typed{negate(eq.type), {}};
    }
    case BinaryOp::Less:
    case BinaryOp::LessEq:
    case BinaryOp::Greater:
    case BinaryOp::GreaterEq:
      return check_compare(lhs, rhs, prior);
    case BinaryOp::Add:
    case BinaryOp::Sub:
    case BinaryOp::Mul: {
      VALIDATE_ASSIGN_OR_RETURN(l, check(lhs, prior));
      VALIDATE_ASSIGN_OR_RETURN(r, check(rhs, prior));
      if (l.type->kind != Type::Kind::Long) return unexpected(lhs, *l.type, "a Long operand");
      if (r.type->kind != Type::Kind::Long) return unexpected(rhs, *r.type, "a Long operand");
      return Typed{long_type(), {}};
    }
    case BinaryOp::In:
      return check_in(lhs, rhs, prior);
    case BinaryOp::Contains:
    case BinaryOp::ContainsAll:
    case BinaryOp::ContainsAny:
      return check_set_op(e, prior);
    case BinaryOp::HasTag:
    case BinaryOp::GetTag:
      return check_tag_op(e, prior);
  }
  return error(e, "unknown binary operator");
}

// Two literals compare exactly; otherwise the operand types must have a
// lub, except that two different entity types are simply never equal.
TypeResult Typechecker::check_eq(const Expr& e, const Expr& lhs, const Expr& rhs,
                                 const CapabilitySet& prior) const {
  VALIDATE_ASSIGN_OR_RETURN(l, check(lhs, prior));
  VALIDATE_ASSIGN_OR_RETURN(r, check(rhs, prior));
  auto lv = literal_value(lhs);
  auto rv = literal_value(rhs);
  if (lv && rv) return Typed{singleton_bool(*lv == *rv), {}};
  if (lub(l.type, r.type)) return Typed{bool_type(), {}};
  if (l.type->is_entity() && r.type->is_entity()) return Typed{singleton_bool(false), {}};
  return error(e, "`" + expr_to_string(lhs) + "` (" + type_to_string(*l.type) + ") and `" +
                      expr_to_string(rhs) + "` (" + type_to_string(*r.type) +
                      ") have incompatible types, so they cannot be compared with `==`");
}

// `<`, `<=`, `>`, `>=`: two Longs, two datetimes or two durations.
TypeResult Typechecker::check_compare(const Expr& lhs, const Expr& rhs,
                                      const CapabilitySet& prior) const {
  VALIDATE_ASSIGN_OR_RETURN(a, check(lhs, prior));
  VALIDATE_ASSIGN_OR_RETURN(b, check(rhs, prior));
  if (!comparable(*a.type)) return unexpected(lhs, *a.type, "a Long, datetime or duration");
  if (!type_equal(*a.type, *b.type)) {
    return unexpected(rhs, *b.type, type_to_string(*a.type) + " to compare with");
  }
  return Typed{bool_type(), {}};
}

BoolKind Typechecker::in_entity(const Expr& lhs, const Expr& rhs, const Type& l,
                                const Type& r) const {
  auto a = action_uid(lhs);
  auto b = literal_uid(rhs);
  if (a && b) return info_.action_descendant_of(*a, *b) ? BoolKind::True : BoolKind::False;
  return info_.type_descendant_of(l.name, r.name) ? BoolKind::Any : BoolKind::False;
}

BoolKind Typechecker::in_set(const Expr& lhs, const Expr& rhs, const Type& l, const Type& r) const {
  auto a = action_uid(lhs);
  if (a && rhs.kind == Expr::Kind::Set) {
    bool all_literal = true;
    bool any_in = false;
    for (const auto& elem : rhs.args) {
      auto b = literal_uid(*elem);
      if (!b) {
        all_literal = false;
        break;
      }
      any_in = any_in || info_.action_descendant_of(*a, *b);
    }
    if (all_literal) return any_in ? BoolKind::True : BoolKind::False;
  }
  return info_.type_descendant_of(l.name, r.element->name) ? BoolKind::Any : BoolKind::False;
}

TypeResult Typechecker::check_in(const Expr& lhs, const Expr& rhs,
                                 const CapabilitySet& prior) const {
  VALIDATE_ASSIGN_OR_RETURN(l, check(lhs, prior));
  VALIDATE_ASSIGN_OR_RETURN(r, check(rhs, prior));
  if (!l.type->is_entity()) return unexpected(lhs, *l.type, "an entity on the left of `in`");
  if (r.type->is_entity()) return Typed{bool_type(in_entity(lhs, rhs, *l.type, *r.type)), {}};
  if (r.type->is_set() && r.type->element->is_entity()) {
    return Typed{bool_type(in_set(lhs, rhs, *l.type, *r.type)), {}};
  }
  return unexpected(rhs, *r.type, "an entity or a set of entities on the right of `in`");
}

TypeResult Typechecker::check_set_op(const Expr& e, const CapabilitySet& prior) const {
  const Expr& lhs = *e.args[0];
  const Expr& rhs = *e.args[1];
  std::string method = binary_method(e.binary_op);
  VALIDATE_ASSIGN_OR_RETURN(l, check(lhs, prior));
  VALIDATE_ASSIGN_OR_RETURN(r, check(rhs, prior));
  if (!l.type->is_set()) return unexpected(lhs, *l.type, "a set receiver of `" + method + "`");
  TypePtr other = r.type;
  if (e.binary_op != BinaryOp::Contains) {
    if (!r.type->is_set()) return unexpected(rhs, *r.type, "a set argument to `" + method + "`");
    other = r.type->element;
  }
  if (!lub(l.type->element, other)) {
    return error(e, "`" + method + "` compares elements of type " +
                        type_to_string(*l.type->element) + " with " + type_to_string(*other) +
                        ", which are incompatible");
  }
  return Typed{bool_type(), {}};
}

TypeResult Typechecker::check_tag_op(const Expr& e, const CapabilitySet& prior) const {
  const Expr& target = *e.args[0];
  const Expr& tag = *e.args[1];
  std::string method = binary_method(e.binary_op);
  VALIDATE_ASSIGN_OR_RETURN(l, check(target, prior));
  VALIDATE_ASSIGN_OR_RETURN(r, check(tag, prior));
  if (!l.type->is_entity())
    return unexpected(target, *l.type, "an entity receiver of `" + method + "`");
  if (r.type->kind != Type::Kind::String) {
    return unexpected(tag, *r.type, "a String tag name in `" + method + "`");
  }
  const std::string& ety = l.type->name;
  auto tags = info_.tags(ety);
  bool has_tag = e.binary_op == BinaryOp::HasTag;
  if (!tags) {
    if (has_tag && info_.is_action_type(ety)) return Typed{singleton_bool(false), {}};
    return error(e, entity_kind(ety) + " has no tags");
  }
  if (!*tags) {
    if (has_tag) return Typed{singleton_bool(false), {}};
    return error(e, "entity type `" + ety + "` has no tags");
  }
  bool known = prior.has_tag(&target, &tag);
  if (has_tag) {
    if (known) return Typed{singleton_bool(true), {}};
    return Typed{bool_type(), CapabilitySet::tag(&target, &tag)};
  }
  if (!known) {
    return error(e, "tag `" + expr_to_string(tag) + "` may be missing: test it first with `" +
                        expr_to_string(target) + ".hasTag(" + expr_to_string(tag) + ")`");
  }
  return Typed{*tags, {}};
}

}  // namespace cedar::validate
