// Expression constructors, structural equality and printing (cedar/expr.h).
#include "cedar/expr.h"

#include <utility>

#include "cedar/parser.h"
#include "syntax/lexer.h"

namespace cedar {

namespace {

std::shared_ptr<Expr> node(Expr::Kind k, SourceLoc loc, std::vector<ExprPtr> args = {}) {
  auto e = std::make_shared<Expr>(k);
  e->loc = loc;
  e->args = std::move(args);
  return e;
}

}  // namespace

ExprPtr make_literal(Value v, SourceLoc loc) {
  auto e = node(Expr::Kind::Literal, loc);
  e->value = std::move(v);
  return e;
}

ExprPtr make_var(Var v, SourceLoc loc) {
  auto e = node(Expr::Kind::Variable, loc);
  e->var = v;
  return e;
}

ExprPtr make_slot(SlotId s, SourceLoc loc) {
  auto e = node(Expr::Kind::Slot, loc);
  e->slot = s;
  return e;
}

ExprPtr make_if(ExprPtr c, ExprPtr t, ExprPtr e, SourceLoc loc) {
  return node(Expr::Kind::If, loc, {std::move(c), std::move(t), std::move(e)});
}

ExprPtr make_and(ExprPtr a, ExprPtr b, SourceLoc loc) {
  return node(Expr::Kind::And, loc, {std::move(a), std::move(b)});
}

ExprPtr make_or(ExprPtr a, ExprPtr b, SourceLoc loc) {
  return node(Expr::Kind::Or, loc, {std::move(a), std::move(b)});
}

ExprPtr make_unary(UnaryOp op, ExprPtr a, SourceLoc loc) {
  auto e = node(Expr::Kind::Unary, loc, {std::move(a)});
  e->unary_op = op;
  return e;
}

ExprPtr make_binary(BinaryOp op, ExprPtr a, ExprPtr b, SourceLoc loc) {
  auto e = node(Expr::Kind::Binary, loc, {std::move(a), std::move(b)});
  e->binary_op = op;
  return e;
}

ExprPtr make_like(ExprPtr a, Pattern p, SourceLoc loc) {
  auto e = node(Expr::Kind::Like, loc, {std::move(a)});
  e->pattern = std::move(p);
  return e;
}

ExprPtr make_is(ExprPtr a, std::string entity_type, SourceLoc loc) {
  auto e = node(Expr::Kind::Is, loc, {std::move(a)});
  e->name = std::move(entity_type);
  return e;
}

ExprPtr make_is_in(ExprPtr a, std::string entity_type, ExprPtr container, SourceLoc loc) {
  auto e = node(Expr::Kind::IsIn, loc, {std::move(a), std::move(container)});
  e->name = std::move(entity_type);
  return e;
}

ExprPtr make_has_attr(ExprPtr a, std::string attr, SourceLoc loc) {
  auto e = node(Expr::Kind::HasAttr, loc, {std::move(a)});
  e->name = std::move(attr);
  return e;
}

ExprPtr make_get_attr(ExprPtr a, std::string attr, SourceLoc loc) {
  auto e = node(Expr::Kind::GetAttr, loc, {std::move(a)});
  e->name = std::move(attr);
  return e;
}

ExprPtr make_set(std::vector<ExprPtr> elems, SourceLoc loc) {
  return node(Expr::Kind::Set, loc, std::move(elems));
}

ExprPtr make_record(std::vector<std::pair<std::string, ExprPtr>> fields, SourceLoc loc) {
  auto e = node(Expr::Kind::Record, loc);
  for (auto& [k, v] : fields) {
    e->field_names.push_back(std::move(k));
    e->args.push_back(std::move(v));
  }
  return e;
}

ExprPtr make_call(ExtensionFunction fn, std::vector<ExprPtr> args, SourceLoc loc) {
  auto e = node(Expr::Kind::Call, loc, std::move(args));
  e->ext_fn = fn;
  return e;
}

namespace {

// Compares the fields that are meaningful for a's kind, children excluded.
bool same_node(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.args.size() != b.args.size()) return false;
  switch (a.kind) {
    case Expr::Kind::Literal:
      return a.value == b.value;
    case Expr::Kind::Variable:
      return a.var == b.var;
    case Expr::Kind::Slot:
      return a.slot == b.slot;
    case Expr::Kind::Unary:
      return a.unary_op == b.unary_op;
    case Expr::Kind::Binary:
      return a.binary_op == b.binary_op;
    case Expr::Kind::Like:
      return a.pattern == b.pattern;
    case Expr::Kind::Is:
    case Expr::Kind::IsIn:
    case Expr::Kind::HasAttr:
    case Expr::Kind::GetAttr:
      return a.name == b.name;
    case Expr::Kind::Record:
      return a.field_names == b.field_names;
    case Expr::Kind::Call:
      return a.ext_fn == b.ext_fn;
    default:
      return true;
  }
}

}  // namespace

const char* binary_method(BinaryOp op) {
  switch (op) {
    case BinaryOp::Contains:
      return "contains";
    case BinaryOp::ContainsAll:
      return "containsAll";
    case BinaryOp::ContainsAny:
      return "containsAny";
    case BinaryOp::HasTag:
      return "hasTag";
    default:
      return "getTag";
  }
}

// Iterative, so that very deep trees cannot overflow the stack.
bool same_expr(const Expr& a, const Expr& b) {
  std::vector<std::pair<const Expr*, const Expr*>> stack{{&a, &b}};
  while (!stack.empty()) {
    auto [x, y] = stack.back();
    stack.pop_back();
    if (x == y) continue;
    if (!same_node(*x, *y)) return false;
    for (size_t i = 0; i < x->args.size(); ++i) {
      stack.emplace_back(x->args[i].get(), y->args[i].get());
    }
  }
  return true;
}

namespace {

const char* binary_symbol(BinaryOp op) {
  switch (op) {
    case BinaryOp::Eq:
      return "==";
    case BinaryOp::NotEq:
      return "!=";
    case BinaryOp::Less:
      return "<";
    case BinaryOp::LessEq:
      return "<=";
    case BinaryOp::Greater:
      return ">";
    case BinaryOp::GreaterEq:
      return ">=";
    case BinaryOp::Add:
      return "+";
    case BinaryOp::Sub:
      return "-";
    case BinaryOp::Mul:
      return "*";
    case BinaryOp::In:
      return "in";
    default:
      return nullptr;  // method-style operators
  }
}

std::string quoted(std::string_view s) { return "\"" + escape_string(s) + "\""; }

// An attribute name as written after `has`: bare when it is an identifier.
std::string attr_name(const std::string& name) { return is_identifier(name) ? name : quoted(name); }

std::string pattern_text(const Pattern& p) {
  std::string out = "\"";
  for (const PatternElem& el : p) {
    if (el.wildcard) {
      out += "*";
    } else if (el.ch == U'*') {
      out += "\\*";
    } else {
      std::string utf8;
      syntax::append_utf8(utf8, el.ch);
      out += escape_string(utf8);
    }
  }
  return out + "\"";
}

// Printing is precedence-aware: each node has a grammar level, each operand
// position a minimum level, and an operand below it is parenthesized. Levels:
enum Level : int {
  kIf = 0,  // if-then-else (only where a full expression is allowed)
  kOr = 1,
  kAnd = 2,
  kRelation = 3,  // == != < <= > >= in has like is
  kAdd = 4,
  kMul = 5,
  kUnary = 6,   // ! and -, and negative integer literals
  kMember = 7,  // primaries, member access, method calls
};

int level(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::Literal:
      return e.value.is_long() && e.value.as_long() < 0 ? kUnary : kMember;
    case Expr::Kind::If:
      return kIf;
    case Expr::Kind::Or:
      return kOr;
    case Expr::Kind::And:
      return kAnd;
    case Expr::Kind::Like:
    case Expr::Kind::Is:
    case Expr::Kind::IsIn:
    case Expr::Kind::HasAttr:
      return kRelation;
    case Expr::Kind::Unary:
      return e.unary_op == UnaryOp::IsEmpty ? kMember : kUnary;
    case Expr::Kind::Binary:
      if (e.binary_op == BinaryOp::Add || e.binary_op == BinaryOp::Sub) return kAdd;
      if (e.binary_op == BinaryOp::Mul) return kMul;
      return binary_symbol(e.binary_op) ? kRelation : kMember;
    default:
      return kMember;
  }
}

std::string print(const Expr& e, int min_level);

std::string join_args(const std::vector<ExprPtr>& args, size_t from) {
  std::string out;
  for (size_t i = from; i < args.size(); ++i) {
    if (i > from) out += ", ";
    out += print(*args[i], kIf);
  }
  return out;
}

std::string record_text(const Expr& e) {
  std::string out = "{";
  for (size_t i = 0; i < e.args.size(); ++i) {
    if (i) out += ", ";
    out += quoted(e.field_names[i]) + ": " + print(*e.args[i], kIf);
  }
  return out + "}";
}

std::string call_text(const Expr& e) {
  const ExtensionFunctionInfo& info = extension_function_info(e.ext_fn);
  if (info.is_constructor) return std::string(info.name) + "(" + join_args(e.args, 0) + ")";
  if (e.args.empty()) return std::string(info.name) + "()";  // malformed; keep printable
  return print(*e.args[0], kMember) + "." + info.name + "(" + join_args(e.args, 1) + ")";
}

// Up to four equal prefix operators print together (`!!x`, `--x`), as the
// grammar allows; longer chains continue inside parentheses. An integer
// literal right after `-` is parenthesized, since `-5` would read back as
// the literal -5 rather than a negation.
std::string unary_text(const Expr& e) {
  if (e.unary_op == UnaryOp::IsEmpty) return print(*e.args[0], kMember) + ".isEmpty()";
  std::string prefix;
  const Expr* cur = &e;
  while (prefix.size() < 4 && cur->kind == Expr::Kind::Unary && cur->unary_op == e.unary_op) {
    prefix += e.unary_op == UnaryOp::Not ? "!" : "-";
    cur = cur->args[0].get();
  }
  bool int_literal = cur->kind == Expr::Kind::Literal && cur->value.is_long();
  if (e.unary_op == UnaryOp::Neg && int_literal) return prefix + "(" + print(*cur, kIf) + ")";
  return prefix + print(*cur, kMember);
}

std::string binary_text(const Expr& e) {
  const Expr& a = *e.args[0];
  const Expr& b = *e.args[1];
  const char* sym = binary_symbol(e.binary_op);
  if (!sym) return print(a, kMember) + "." + binary_method(e.binary_op) + "(" + print(b, kIf) + ")";
  int lvl = level(e);
  if (lvl == kRelation) return print(a, kAdd) + " " + sym + " " + print(b, kAdd);
  // + - * are left-associative: the right operand binds one level tighter.
  return print(a, lvl) + " " + sym + " " + print(b, lvl + 1);
}

std::string node_text(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::Literal:
      return e.value.to_string();
    case Expr::Kind::Variable: {
      static constexpr const char* kNames[] = {"principal", "action", "resource", "context"};
      return kNames[static_cast<int>(e.var)];
    }
    case Expr::Kind::Slot:
      return e.slot == SlotId::Principal ? "?principal" : "?resource";
    case Expr::Kind::If:
      return "if " + print(*e.args[0], kIf) + " then " + print(*e.args[1], kIf) + " else " +
             print(*e.args[2], kIf);
    case Expr::Kind::Or:
      return print(*e.args[0], kOr) + " || " + print(*e.args[1], kAnd);
    case Expr::Kind::And:
      return print(*e.args[0], kAnd) + " && " + print(*e.args[1], kRelation);
    case Expr::Kind::Unary:
      return unary_text(e);
    case Expr::Kind::Binary:
      return binary_text(e);
    case Expr::Kind::Like:
      return print(*e.args[0], kAdd) + " like " + pattern_text(e.pattern);
    case Expr::Kind::Is:
      return print(*e.args[0], kAdd) + " is " + e.name;
    case Expr::Kind::IsIn:
      return print(*e.args[0], kAdd) + " is " + e.name + " in " + print(*e.args[1], kAdd);
    case Expr::Kind::HasAttr:
      return print(*e.args[0], kAdd) + " has " + attr_name(e.name);
    case Expr::Kind::GetAttr:
      if (is_identifier(e.name)) return print(*e.args[0], kMember) + "." + e.name;
      return print(*e.args[0], kMember) + "[" + quoted(e.name) + "]";
    case Expr::Kind::Set:
      return "[" + join_args(e.args, 0) + "]";
    case Expr::Kind::Record:
      return record_text(e);
    case Expr::Kind::Call:
      return call_text(e);
  }
  return "";
}

std::string print(const Expr& e, int min_level) {
  std::string s = node_text(e);
  return level(e) < min_level ? "(" + s + ")" : s;
}

}  // namespace

std::string expr_to_string(const Expr& e) { return print(e, kIf); }

}  // namespace cedar
