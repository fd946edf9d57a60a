// Laying out expressions. See layout.h.
//
//   - `&&` / `||` chains: all on one line, or one operand per line with the
//     operator at the end of the line (operands aligned);
//   - `+ - *` chains: likewise, continuation lines indented;
//   - relations break after the operator, indented, unless the right-hand
//     side is a set or record, which then breaks inside itself;
//   - sets, call arguments and records break one element per line, indented
//     between the brackets; records have spaces inside the braces: `{ a: 1 }`;
//   - `if c then a else b` breaks into if / then / else lines with indented
//     branches;
//   - names, entity literals, member access and unary operators never break.
#include "format/layout.h"

namespace cedar::format {

namespace {

using syntax::TokenKind;

bool is_bracketed(const Node& n) {
  return n.kind == Node::Kind::List || n.kind == Node::Kind::Record;
}

}  // namespace

Doc Layout::expr(const Node& n) {
  if (n.kind == Node::Kind::Token) return tok(n);
  Doc pre = leading(first_token(n));
  Doc post = trailing(last_token(n));
  Doc inner = unhoisted(n);
  return std::move(pre) + std::move(inner) + std::move(post);
}

Doc Layout::unhoisted(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Token:
      return tok(n);
    case Node::Kind::Glue:
      return glue(n);
    case Node::Kind::If:
      return if_expr(n);
    case Node::Kind::Chain:
      return chain(n);
    case Node::Kind::Relation:
      return relation(n);
    case Node::Kind::Paren:
      return paren(n);
    case Node::Kind::List:
    case Node::Kind::Args:
    case Node::Kind::Record:
      return delimited(n);
    case Node::Kind::Field:
      return field(n);
  }
  return Doc();
}

Doc Layout::glue(const Node& n) {
  Doc d;
  for (const Node& kid : n.kids) d += expr(kid);
  return d;
}

//   if c then a else b        or        if
//                                         c
//                                       then
//                                         a
//                                       else
//                                         b
Doc Layout::if_expr(const Node& n) {
  Doc d;
  for (size_t k = 0; k + 1 < n.kids.size(); k += 2) {
    if (k > 0) d += Doc::line();
    d += tok(n.kids[k]);
    d += Doc::nest(indent_, Doc::line() + expr(n.kids[k + 1]));
  }
  return Doc::group(std::move(d));
}

Doc Layout::chain(const Node& n) {
  bool logical =
      t_[n.kids[1].tok].kind == TokenKind::AndAnd || t_[n.kids[1].tok].kind == TokenKind::OrOr;
  Doc rest;
  for (size_t k = 1; k + 1 < n.kids.size(); k += 2) {
    rest += Doc::space();
    rest += tok(n.kids[k]);
    rest += Doc::line();
    rest += expr(n.kids[k + 1]);
  }
  Doc first = expr(n.kids[0]);
  if (logical) return Doc::group(std::move(first) + std::move(rest));
  return Doc::group(std::move(first) + Doc::nest(indent_, std::move(rest)));
}

Doc Layout::relation(const Node& n) {
  Doc d = expr(n.kids[0]);
  std::string_view op = t_[n.kids[1].tok].text;
  if (op == "has" || op == "like" || op == "is") {
    d += Doc::space();
    d += tok(n.kids[1]);
    d += Doc::space();
    d += expr(n.kids[2]);
    if (n.kids.size() == 5) d += operator_and_operand(n.kids[3], n.kids[4]);
    return d;
  }
  return d + operator_and_operand(n.kids[1], n.kids[2]);
}

// ` op rhs`: a set or record right-hand side stays on the operator's line and
// breaks inside; anything else moves to the next line, indented, if needed.
Doc Layout::operator_and_operand(const Node& op, const Node& rhs) {
  Doc d = Doc::space() + tok(op);
  if (is_bracketed(rhs)) return d + Doc::space() + expr(rhs);
  return Doc::group(std::move(d) + Doc::nest(indent_, Doc::line() + expr(rhs)));
}

// Continuation lines align with the first character after `(`.
Doc Layout::paren(const Node& n) {
  Doc open = tok(n.kids[0]);
  Doc inner = expr(n.kids[1]) + leading(n.kids[2].tok);  // comments before `)` stay inside
  return Doc::group(std::move(open) + Doc::nest(1, std::move(inner)) + tok(n.kids[2]));
}

// [a, b], f(a, b), { k: v }: on one line, or one element per line between
// the brackets. A call whose only argument is a set or record hugs it:
// `f([` ... `])`.
Doc Layout::delimited(const Node& n) {
  Doc open = tok(n.kids.front());
  if (n.kids.size() == 2) return open + tok(n.kids.back());
  bool record = n.kind == Node::Kind::Record;
  if (n.kind == Node::Kind::Args && n.kids.size() == 3 && is_bracketed(n.kids[1])) {
    Doc arg = expr(n.kids[1]);
    return std::move(open) + std::move(arg) + tok(n.kids.back());
  }
  Doc elems = record ? Doc::line() : Doc::softline();
  for (size_t k = 1; k + 1 < n.kids.size(); ++k) {
    const Node& kid = n.kids[k];
    bool comma = kid.kind == Node::Kind::Token && t_[kid.tok].kind == TokenKind::Comma;
    elems += expr(kid);
    if (comma) elems += Doc::line();
  }
  elems += leading(n.kids.back().tok);  // comments before the closing bracket stay inside
  Doc close = tok(n.kids.back());
  Doc end = record ? Doc::line() : Doc::softline();
  return Doc::group(std::move(open) + Doc::nest(indent_, std::move(elems)) + std::move(end) +
                    std::move(close));
}

Doc Layout::field(const Node& n) {
  Doc key = tok(n.kids[0]);
  Doc colon = tok(n.kids[1]);
  return std::move(key) + std::move(colon) + Doc::space() + expr(n.kids[2]);
}

}  // namespace cedar::format
