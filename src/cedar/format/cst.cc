// The formatter's concrete syntax tree. See cst.h. The grammar follows
// src/cedar/syntax/parser_*.cc; where that parser rejects input, this one
// need not.
#include "format/cst.h"

#include <initializer_list>
#include <string>
#include <utility>

namespace cedar::format {

namespace {

using syntax::TokenKind;
using Kind = Node::Kind;

Node leaf(size_t i) {
  Node n;
  n.tok = i;
  return n;
}

Node branch(Kind kind, std::vector<Node> kids) {
  Node n;
  n.kind = kind;
  n.kids = std::move(kids);
  return n;
}

bool is_relation_op(TokenKind k) {
  return k == TokenKind::EqEq || k == TokenKind::NotEq || k == TokenKind::Less ||
         k == TokenKind::LessEq || k == TokenKind::Greater || k == TokenKind::GreaterEq;
}

class CstParser {
 public:
  explicit CstParser(const std::vector<SourceToken>& tokens) : t_(tokens) {}

  Result<FileCst> run() {
    FileCst file;
    while (ok() && kind() != TokenKind::End) file.policies.push_back(policy());
    if (!ok()) return Error{error_};
    file.dropped = std::move(dropped_);
    return file;
  }

 private:
  bool ok() const { return error_.empty(); }
  TokenKind kind(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return i < t_.size() ? t_[i].kind : TokenKind::End;
  }
  bool word(std::string_view w) const { return kind() == TokenKind::Ident && t_[pos_].text == w; }
  size_t take() {
    size_t i = pos_;
    if (pos_ + 1 < t_.size()) ++pos_;
    return i;
  }
  // Takes a token of kind `k`; otherwise records an error (once).
  size_t expect(TokenKind k) {
    if (kind() != k && ok()) {
      error_ = "internal formatter error: unexpected `" + std::string(t_[pos_].text) + "`";
    }
    return take();
  }
  void fail() { expect(TokenKind::End); }

  PolicyCst policy();
  Node annotation();
  Node scope_element();
  Node expr();
  Node chain(std::initializer_list<TokenKind> ops, Node (CstParser::*operand)());
  Node or_expr() { return chain({TokenKind::OrOr}, &CstParser::and_expr); }
  Node and_expr() { return chain({TokenKind::AndAnd}, &CstParser::relation); }
  Node add_expr() { return chain({TokenKind::Plus, TokenKind::Minus}, &CstParser::mult_expr); }
  Node mult_expr() { return chain({TokenKind::Star}, &CstParser::unary); }
  Node relation();
  Node unary();
  Node member();
  Node primary();
  Node name_primary();
  Node path();
  Node delimited(Kind kind, TokenKind close);

  const std::vector<SourceToken>& t_;
  size_t pos_ = 0;
  std::vector<size_t> dropped_;
  std::string error_;
};

PolicyCst CstParser::policy() {
  PolicyCst p;
  while (ok() && kind() == TokenKind::At) p.annotations.push_back(annotation());
  p.effect = expect(TokenKind::Ident);
  p.open = expect(TokenKind::LParen);
  for (int i = 0; i < 3 && ok(); ++i) {
    p.scope[i] = scope_element();
    if (i < 2) p.commas[i] = expect(TokenKind::Comma);
  }
  if (kind() == TokenKind::Comma) dropped_.push_back(take());
  p.close = expect(TokenKind::RParen);
  while (ok() && (word("when") || word("unless"))) {
    ConditionCst c;
    c.keyword = take();
    c.open = expect(TokenKind::LBrace);
    c.body = expr();
    c.close = expect(TokenKind::RBrace);
    p.conditions.push_back(std::move(c));
  }
  p.semi = expect(TokenKind::Semi);
  return p;
}

Node CstParser::annotation() {
  std::vector<Node> kids{leaf(take()), leaf(expect(TokenKind::Ident))};
  if (kind() == TokenKind::LParen) {
    kids.push_back(leaf(take()));
    kids.push_back(leaf(expect(TokenKind::String)));
    kids.push_back(leaf(expect(TokenKind::RParen)));
  }
  return branch(Kind::Glue, std::move(kids));
}

// `var`, `var == E`, `var in E`, `var is T` or `var is T in E`.
Node CstParser::scope_element() {
  Node var = leaf(expect(TokenKind::Ident));
  std::vector<Node> kids{std::move(var)};
  if (word("is")) {
    kids.push_back(leaf(take()));
    kids.push_back(path());
  }
  if (kind() == TokenKind::EqEq || word("in")) {
    kids.push_back(leaf(take()));
    kids.push_back(expr());
  }
  if (kids.size() == 1) return std::move(kids[0]);
  return branch(Kind::Relation, std::move(kids));
}

Node CstParser::expr() {
  if (!word("if")) return or_expr();
  std::vector<Node> kids{leaf(take()), expr()};
  if (!word("then")) fail();
  kids.push_back(leaf(take()));
  kids.push_back(expr());
  if (!word("else")) fail();
  kids.push_back(leaf(take()));
  kids.push_back(expr());
  return branch(Kind::If, std::move(kids));
}

Node CstParser::chain(std::initializer_list<TokenKind> ops, Node (CstParser::*operand)()) {
  Node first = (this->*operand)();
  auto at_op = [&] {
    for (TokenKind k : ops) {
      if (kind() == k) return true;
    }
    return false;
  };
  if (!at_op()) return first;
  std::vector<Node> kids{std::move(first)};
  while (ok() && at_op()) {
    kids.push_back(leaf(take()));
    kids.push_back((this->*operand)());
  }
  return branch(Kind::Chain, std::move(kids));
}

Node CstParser::relation() {
  Node lhs = add_expr();
  std::vector<Node> kids{std::move(lhs)};
  if (word("has")) {
    kids.push_back(leaf(take()));
    if (kind() == TokenKind::String) {
      kids.push_back(leaf(take()));
    } else {
      std::vector<Node> attrs{leaf(expect(TokenKind::Ident))};
      while (ok() && kind() == TokenKind::Dot) {
        attrs.push_back(leaf(take()));
        attrs.push_back(leaf(expect(TokenKind::Ident)));
      }
      kids.push_back(attrs.size() == 1 ? std::move(attrs[0])
                                       : branch(Kind::Glue, std::move(attrs)));
    }
  } else if (word("like")) {
    kids.push_back(leaf(take()));
    kids.push_back(leaf(expect(TokenKind::String)));
  } else if (word("is")) {
    kids.push_back(leaf(take()));
    kids.push_back(path());
    if (word("in")) {
      kids.push_back(leaf(take()));
      kids.push_back(add_expr());
    }
  } else if (is_relation_op(kind()) || word("in")) {
    kids.push_back(leaf(take()));
    kids.push_back(add_expr());
  } else {
    return std::move(kids[0]);
  }
  return branch(Kind::Relation, std::move(kids));
}

// Up to four `!` or `-` before a member expression.
Node CstParser::unary() {
  if (kind() != TokenKind::Bang && kind() != TokenKind::Minus) return member();
  std::vector<Node> kids;
  TokenKind op = kind();
  while (kind() == op) kids.push_back(leaf(take()));
  kids.push_back(member());
  return branch(Kind::Glue, std::move(kids));
}

// A primary followed by `.attr`, `.method(args)` and `["attr"]`.
Node CstParser::member() {
  std::vector<Node> kids{primary()};
  while (ok() && (kind() == TokenKind::Dot || kind() == TokenKind::LBracket)) {
    if (kind() == TokenKind::Dot) {
      kids.push_back(leaf(take()));
      kids.push_back(leaf(expect(TokenKind::Ident)));
      if (kind() == TokenKind::LParen) kids.push_back(delimited(Kind::Args, TokenKind::RParen));
    } else {
      kids.push_back(leaf(take()));
      kids.push_back(leaf(expect(TokenKind::String)));
      kids.push_back(leaf(expect(TokenKind::RBracket)));
    }
  }
  if (kids.size() == 1) return std::move(kids[0]);
  return branch(Kind::Glue, std::move(kids));
}

Node CstParser::primary() {
  switch (kind()) {
    case TokenKind::Int:
    case TokenKind::String:
    case TokenKind::Slot:
      return leaf(take());
    case TokenKind::LParen: {
      std::vector<Node> kids{leaf(take()), expr()};
      kids.push_back(leaf(expect(TokenKind::RParen)));
      return branch(Kind::Paren, std::move(kids));
    }
    case TokenKind::LBracket:
      return delimited(Kind::List, TokenKind::RBracket);
    case TokenKind::LBrace:
      return delimited(Kind::Record, TokenKind::RBrace);
    case TokenKind::Ident:
      return name_primary();
    default:
      fail();
      return Node{};
  }
}

// A variable, `true`/`false`, an entity literal `A::B::"id"` or a function
// call `A::f(args)`.
Node CstParser::name_primary() {
  std::vector<Node> kids{leaf(take())};
  while (kind() == TokenKind::ColonColon && kind(1) == TokenKind::Ident) {
    kids.push_back(leaf(take()));
    kids.push_back(leaf(take()));
  }
  if (kind() == TokenKind::ColonColon) {
    kids.push_back(leaf(take()));
    kids.push_back(leaf(expect(TokenKind::String)));
  } else if (kind() == TokenKind::LParen) {
    kids.push_back(delimited(Kind::Args, TokenKind::RParen));
  }
  if (kids.size() == 1) return std::move(kids[0]);
  return branch(Kind::Glue, std::move(kids));
}

// An entity type `A::B::C`.
Node CstParser::path() {
  std::vector<Node> kids{leaf(expect(TokenKind::Ident))};
  while (kind() == TokenKind::ColonColon && kind(1) == TokenKind::Ident) {
    kids.push_back(leaf(take()));
    kids.push_back(leaf(take()));
  }
  if (kids.size() == 1) return std::move(kids[0]);
  return branch(Kind::Glue, std::move(kids));
}

// open, elements separated by commas (a trailing comma is dropped), close.
// Record elements are Fields `key : value`.
Node CstParser::delimited(Kind k, TokenKind close) {
  std::vector<Node> kids{leaf(take())};
  while (ok() && kind() != close && kind() != TokenKind::End) {
    if (k == Kind::Record) {
      std::vector<Node> field{leaf(take())};
      field.push_back(leaf(expect(TokenKind::Colon)));
      field.push_back(expr());
      kids.push_back(branch(Kind::Field, std::move(field)));
    } else {
      kids.push_back(expr());
    }
    if (kind() != TokenKind::Comma) break;
    size_t comma = take();
    if (kind() == close) {
      dropped_.push_back(comma);
    } else {
      kids.push_back(leaf(comma));
    }
  }
  kids.push_back(leaf(expect(close)));
  return branch(k, std::move(kids));
}

}  // namespace

size_t first_token(const Node& n) {
  const Node* p = &n;
  while (!p->kids.empty()) p = &p->kids.front();
  return p->tok;
}

size_t last_token(const Node& n) {
  const Node* p = &n;
  while (!p->kids.empty()) p = &p->kids.back();
  return p->tok;
}

Result<FileCst> parse_cst(const std::vector<SourceToken>& tokens) {
  if (tokens.empty() || tokens.back().kind != TokenKind::End) {
    return Error{"internal formatter error: no end token"};
  }
  return CstParser(tokens).run();
}

}  // namespace cedar::format
