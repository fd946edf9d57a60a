// Expr: the abstract syntax tree of a Cedar expression.
//
// One AST is shared by the parser, the evaluator, the validator and the
// formatter. Surface syntax is kept where it matters for faithful formatting
// (`!=`, `>`, `>=` are their own operators), and desugared where Cedar defines
// it as sugar:
//   - `e has a.b.c`        -> `e has a && e.a has b && e.a.b has c`
//   - `e is T in x`        -> `e is T && e in x`    (IsIn keeps it together)
//   - method calls          -> Call / BinaryApp with the receiver first
// Nodes are immutable after construction and shared through ExprPtr.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cedar/extensions.h"
#include "cedar/result.h"
#include "cedar/value.h"

namespace cedar {

enum class Var : uint8_t { Principal, Action, Resource, Context };
enum class SlotId : uint8_t { Principal, Resource };  // ?principal, ?resource

enum class UnaryOp : uint8_t { Not, Neg, IsEmpty };

enum class BinaryOp : uint8_t {
  Eq,
  NotEq,
  Less,
  LessEq,
  Greater,
  GreaterEq,
  Add,
  Sub,
  Mul,
  In,
  Contains,     // a.contains(b)
  ContainsAll,  // a.containsAll(b)
  ContainsAny,  // a.containsAny(b)
  HasTag,       // a.hasTag(b)
  GetTag,       // a.getTag(b)
};

// One element of a `like` pattern: a literal code point or the wildcard `*`.
struct PatternElem {
  bool wildcard = false;
  char32_t ch = 0;
  friend bool operator==(const PatternElem&, const PatternElem&) = default;
};
using Pattern = std::vector<PatternElem>;

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

struct Expr {
  enum class Kind : uint8_t {
    Literal,   // value
    Variable,  // var
    Slot,      // slot
    If,        // args: cond, then, else
    And,       // args: lhs, rhs
    Or,        // args: lhs, rhs
    Unary,     // unary_op, args: operand
    Binary,    // binary_op, args: lhs, rhs
    Like,      // pattern, args: operand
    Is,        // name (entity type), args: operand
    IsIn,      // name (entity type), args: operand, container
    HasAttr,   // name (attribute), args: operand
    GetAttr,   // name (attribute), args: operand
    Set,       // args: elements
    Record,    // field_names[i] pairs with args[i], in source order
    Call,      // ext_fn, args (receiver first for methods)
  };

  Kind kind;
  SourceLoc loc;
  Var var = Var::Principal;
  SlotId slot = SlotId::Principal;
  UnaryOp unary_op = UnaryOp::Not;
  BinaryOp binary_op = BinaryOp::Eq;
  ExtensionFunction ext_fn = ExtensionFunction::Decimal;
  Value value;       // Literal
  std::string name;  // Is/IsIn type, HasAttr/GetAttr attribute
  Pattern pattern;   // Like
  std::vector<ExprPtr> args;
  std::vector<std::string> field_names;  // Record

  explicit Expr(Kind k) : kind(k) {}
};

// Constructors used by the parser and by code that builds policies.
ExprPtr make_literal(Value v, SourceLoc loc = {});
ExprPtr make_var(Var v, SourceLoc loc = {});
ExprPtr make_slot(SlotId s, SourceLoc loc = {});
ExprPtr make_if(ExprPtr c, ExprPtr t, ExprPtr e, SourceLoc loc = {});
ExprPtr make_and(ExprPtr a, ExprPtr b, SourceLoc loc = {});
ExprPtr make_or(ExprPtr a, ExprPtr b, SourceLoc loc = {});
ExprPtr make_unary(UnaryOp op, ExprPtr a, SourceLoc loc = {});
ExprPtr make_binary(BinaryOp op, ExprPtr a, ExprPtr b, SourceLoc loc = {});
ExprPtr make_like(ExprPtr a, Pattern p, SourceLoc loc = {});
ExprPtr make_is(ExprPtr a, std::string entity_type, SourceLoc loc = {});
ExprPtr make_is_in(ExprPtr a, std::string entity_type, ExprPtr container, SourceLoc loc = {});
ExprPtr make_has_attr(ExprPtr a, std::string attr, SourceLoc loc = {});
ExprPtr make_get_attr(ExprPtr a, std::string attr, SourceLoc loc = {});
ExprPtr make_set(std::vector<ExprPtr> elems, SourceLoc loc = {});
ExprPtr make_record(std::vector<std::pair<std::string, ExprPtr>> fields, SourceLoc loc = {});
ExprPtr make_call(ExtensionFunction fn, std::vector<ExprPtr> args, SourceLoc loc = {});

// The method name of a method-style operator ("contains", "containsAll",
// "containsAny", "hasTag", "getTag"); "getTag" for the others.
const char* binary_method(BinaryOp op);

// Structural equality, ignoring source locations.
bool same_expr(const Expr& a, const Expr& b);

// Cedar source text for an expression (fully parenthesised where needed so
// that it parses back to the same tree).
std::string expr_to_string(const Expr& e);

}  // namespace cedar
