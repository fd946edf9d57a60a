// Cedar expression evaluation, following the semantics of the Cedar
// specification: every operator checks its operand kinds and reports a type
// error otherwise; `&&`, `||` and `if` evaluate lazily.
#include "cedar/evaluator.h"

#include <string>

#include "eval/like.h"

namespace cedar {

namespace {

Error type_error(const std::string& what, const Value& got) {
  return Error{"type error: " + what + ", got " + kind_name(got)};
}

// Wraps the result of a checked builtin. Takes the result by pointer so that it
// is read only after the builtin has written it (argument evaluation order is
// unspecified in C++).
Result<Value> checked(bool overflow, const int64_t* r, const char* op) {
  if (overflow) return Error{std::string("integer overflow in ") + op};
  return Value::integer(*r);
}

Result<Value> arith(BinaryOp op, const Value& a, const Value& b) {
  if (!a.is_long()) return type_error("arithmetic needs long operands", a);
  if (!b.is_long()) return type_error("arithmetic needs long operands", b);
  int64_t r = 0;
  switch (op) {
    case BinaryOp::Add:
      return checked(__builtin_add_overflow(a.as_long(), b.as_long(), &r), &r, "`+`");
    case BinaryOp::Sub:
      return checked(__builtin_sub_overflow(a.as_long(), b.as_long(), &r), &r, "`-`");
    default:
      return checked(__builtin_mul_overflow(a.as_long(), b.as_long(), &r), &r, "`*`");
  }
}

// `<` family: long, datetime or duration on both sides (of the same kind).
Result<Value> compare_ordered(BinaryOp op, const Value& a, const Value& b) {
  int c = 0;
  if (a.is_long() && b.is_long()) {
    c = a.as_long() < b.as_long() ? -1 : (a.as_long() > b.as_long() ? 1 : 0);
  } else if (a.is_extension() && b.is_extension() &&
             a.as_extension().index() == b.as_extension().index() &&
             (std::holds_alternative<Datetime>(a.as_extension()) ||
              std::holds_alternative<Duration>(a.as_extension()))) {
    c = Value::compare(a, b);
  } else {
    return type_error("comparison needs two longs, datetimes or durations",
                      a.is_long() || a.is_extension() ? b : a);
  }
  switch (op) {
    case BinaryOp::Less:
      return Value::boolean(c < 0);
    case BinaryOp::LessEq:
      return Value::boolean(c <= 0);
    case BinaryOp::Greater:
      return Value::boolean(c > 0);
    default:
      return Value::boolean(c >= 0);
  }
}

Result<Value> tag_op(BinaryOp op, const Value& a, const Value& b, const RequestEntities& es) {
  if (!a.is_entity()) return type_error("tag operations need an entity", a);
  if (!b.is_string()) return type_error("a tag name must be a string", b);
  const Entity* e = es.find(a.as_entity());
  const Record* tags = e ? &e->tags : nullptr;
  const Value* found = nullptr;
  if (tags) {
    for (const auto& [k, v] : *tags) {
      if (k == b.as_string()) found = &v;
    }
  }
  if (op == BinaryOp::HasTag) return Value::boolean(found != nullptr);
  if (e == nullptr) return Error{"entity " + a.as_entity().to_string() + " does not exist"};
  if (found == nullptr) {
    return Error{"entity " + a.as_entity().to_string() + " has no tag `" + b.as_string() + "`"};
  }
  return *found;
}

Result<Value> in_op(const Value& a, const Value& b, const RequestEntities& es) {
  if (!a.is_entity()) return type_error("`in` needs an entity on the left", a);
  const EntityUid& uid = a.as_entity();
  if (b.is_entity()) return Value::boolean(es.is_descendant_or_self(uid, b.as_entity()));
  if (!b.is_set()) return type_error("`in` needs an entity or a set of entities on the right", b);
  bool found = false;
  for (const Value& elem : b.as_set()) {
    if (!elem.is_entity()) return type_error("`in` needs a set of entities", elem);
    if (!found && es.is_descendant_or_self(uid, elem.as_entity())) found = true;
  }
  return Value::boolean(found);
}

Result<Value> apply_binary(BinaryOp op, const Value& a, const Value& b, const RequestEntities& es) {
  switch (op) {
    case BinaryOp::Eq:
      return Value::boolean(a == b);
    case BinaryOp::NotEq:
      return Value::boolean(!(a == b));
    case BinaryOp::Less:
    case BinaryOp::LessEq:
    case BinaryOp::Greater:
    case BinaryOp::GreaterEq:
      return compare_ordered(op, a, b);
    case BinaryOp::Add:
    case BinaryOp::Sub:
    case BinaryOp::Mul:
      return arith(op, a, b);
    case BinaryOp::In:
      return in_op(a, b, es);
    case BinaryOp::Contains:
      if (!a.is_set()) return type_error("`contains` needs a set", a);
      return Value::boolean(a.set_contains(b));
    case BinaryOp::ContainsAll:
    case BinaryOp::ContainsAny: {
      if (!a.is_set()) return type_error("`containsAll`/`containsAny` needs a set", a);
      if (!b.is_set()) return type_error("`containsAll`/`containsAny` needs a set argument", b);
      bool all = true;
      bool any = false;
      for (const Value& v : b.as_set()) {
        bool has = a.set_contains(v);
        all = all && has;
        any = any || has;
      }
      return Value::boolean(op == BinaryOp::ContainsAll ? all : any);
    }
    case BinaryOp::HasTag:
    case BinaryOp::GetTag:
      return tag_op(op, a, b, es);
  }
  return Error{"unknown operator"};
}

// The attributes of a record, or of an entity (nullptr for a missing entity).
Result<const Record*> attributes_of(const Value& v, const RequestEntities& es) {
  if (v.is_record()) return &v.as_record();
  if (!v.is_entity()) return type_error("attribute access needs an entity or a record", v);
  const Entity* e = es.find(v.as_entity());
  return e ? &e->attrs : static_cast<const Record*>(nullptr);
}

const Value* find_field(const Record& r, const std::string& name) {
  for (const auto& [k, v] : r) {
    if (k == name) return &v;
  }
  return nullptr;
}

}  // namespace

Result<Value> Evaluator::evaluate(const Expr& e) const {
  switch (e.kind) {
    case Expr::Kind::Literal:
      return e.value;
    case Expr::Kind::Variable:
      switch (e.var) {
        case Var::Principal:
          return entity_var(entities_.request().principal);
        case Var::Action:
          return entity_var(entities_.request().action);
        case Var::Resource:
          return entity_var(entities_.request().resource);
        case Var::Context:
          return entities_.request().context;
      }
      return Error{"unknown variable"};
    case Expr::Kind::Slot:
      return Error{"template slot is not linked"};
    case Expr::Kind::If: {
      auto c = evaluate(*e.args[0]);
      if (!c) return c;
      if (!c->is_bool()) return type_error("`if` condition must be a bool", *c);
      return evaluate(*e.args[c->as_bool() ? 1 : 2]);
    }
    case Expr::Kind::And:
    case Expr::Kind::Or: {
      bool is_and = e.kind == Expr::Kind::And;
      auto a = evaluate(*e.args[0]);
      if (!a) return a;
      if (!a->is_bool()) return type_error("`&&`/`||` operands must be bools", *a);
      if (a->as_bool() != is_and) return a;
      auto b = evaluate(*e.args[1]);
      if (!b) return b;
      if (!b->is_bool()) return type_error("`&&`/`||` operands must be bools", *b);
      return b;
    }
    case Expr::Kind::Unary: {
      auto a = evaluate(*e.args[0]);
      if (!a) return a;
      switch (e.unary_op) {
        case UnaryOp::Not:
          if (!a->is_bool()) return type_error("`!` needs a bool", *a);
          return Value::boolean(!a->as_bool());
        case UnaryOp::Neg: {
          if (!a->is_long()) return type_error("`-` needs a long", *a);
          int64_t r = 0;
          return checked(__builtin_sub_overflow(int64_t{0}, a->as_long(), &r), &r, "negation");
        }
        case UnaryOp::IsEmpty:
          if (!a->is_set()) return type_error("`isEmpty` needs a set", *a);
          return Value::boolean(a->as_set().empty());
      }
      return Error{"unknown operator"};
    }
    case Expr::Kind::Binary: {
      auto a = evaluate(*e.args[0]);
      if (!a) return a;
      auto b = evaluate(*e.args[1]);
      if (!b) return b;
      return apply_binary(e.binary_op, *a, *b, entities_);
    }
    case Expr::Kind::Like: {
      auto a = evaluate(*e.args[0]);
      if (!a) return a;
      if (!a->is_string()) return type_error("`like` needs a string", *a);
      return Value::boolean(like_matches(a->as_string(), e.pattern));
    }
    case Expr::Kind::Is:
    case Expr::Kind::IsIn: {
      auto a = evaluate(*e.args[0]);
      if (!a) return a;
      if (!a->is_entity()) return type_error("`is` needs an entity", *a);
      if (a->as_entity().type != e.name) return Value::boolean(false);
      if (e.kind == Expr::Kind::Is) return Value::boolean(true);
      auto b = evaluate(*e.args[1]);
      if (!b) return b;
      return in_op(*a, *b, entities_);
    }
    case Expr::Kind::HasAttr:
    case Expr::Kind::GetAttr: {
      auto a = evaluate(*e.args[0]);
      if (!a) return a;
      auto attrs = attributes_of(*a, entities_);
      if (!attrs) return attrs.error();
      const Value* v = *attrs ? find_field(**attrs, e.name) : nullptr;
      if (e.kind == Expr::Kind::HasAttr) return Value::boolean(v != nullptr);
      if (v) return *v;
      if (*attrs == nullptr) {
        return Error{"entity " + a->as_entity().to_string() + " does not exist"};
      }
      return Error{"no attribute `" + e.name + "` in " +
                   (a->is_entity() ? a->as_entity().to_string() : std::string("record"))};
    }
    case Expr::Kind::Set: {
      std::vector<Value> elems;
      elems.reserve(e.args.size());
      for (const ExprPtr& x : e.args) {
        auto v = evaluate(*x);
        if (!v) return v;
        elems.push_back(std::move(*v));
      }
      return Value::set(std::move(elems));
    }
    case Expr::Kind::Record: {
      Record fields;
      fields.reserve(e.args.size());
      for (size_t i = 0; i < e.args.size(); ++i) {
        auto v = evaluate(*e.args[i]);
        if (!v) return v;
        fields.emplace_back(e.field_names[i], std::move(*v));
      }
      if (!sort_record(fields)) return Error{"duplicate key in record literal"};
      return Value::record(std::move(fields));
    }
    case Expr::Kind::Call: {
      std::vector<Value> args;
      args.reserve(e.args.size());
      for (const ExprPtr& x : e.args) {
        auto v = evaluate(*x);
        if (!v) return v;
        args.push_back(std::move(*v));
      }
      return call_extension(e.ext_fn, args.data(), args.size());
    }
  }
  return Error{"unknown expression"};
}

}  // namespace cedar
