// The concrete syntax tree the formatter lays out: Cedar's grammar over
// token indices, keeping every token as written (parentheses, `has a.b`,
// `.attr` versus `["attr"]`, string escapes). Only trailing commas are left
// out; their indices are listed in `dropped`.
//
// The text must already have been accepted by the Cedar parser: this parser
// only finds the structure and does not repeat its checks.
#pragma once

#include <cstdint>
#include <vector>

#include "cedar/result.h"
#include "format/source_tokens.h"

namespace cedar::format {

struct Node {
  enum class Kind : uint8_t {
    Token,     // one token: `tok`
    Glue,      // kids written with nothing between them: names, entity
               // literals, unary operators, member access and calls
    If,        // if, cond, then, expr, else, expr
    Chain,     // operand (operator operand)* for || && + - *
    Relation,  // lhs op rhs; lhs has attr; lhs like pattern; lhs is T [in rhs]
    Paren,     // ( expr )
    List,      // [ elem (, elem)* ]
    Args,      // ( arg (, arg)* ) of a function or method call
    Record,    // { field (, field)* }
    Field,     // key : value
  };
  Kind kind = Kind::Token;
  size_t tok = 0;  // Token: index into the token vector
  std::vector<Node> kids;
};

// Index of the first and of the last token of `n`.
size_t first_token(const Node& n);
size_t last_token(const Node& n);

struct ConditionCst {
  size_t keyword = 0;  // when / unless
  size_t open = 0;
  Node body;
  size_t close = 0;
};

struct PolicyCst {
  std::vector<Node> annotations;  // Glue: @ key [( value )]
  size_t effect = 0;
  size_t open = 0;
  Node scope[3];  // principal, action, resource: a Token or a Relation
  size_t commas[2] = {0, 0};
  size_t close = 0;
  std::vector<ConditionCst> conditions;
  size_t semi = 0;
};

struct FileCst {
  std::vector<PolicyCst> policies;
  std::vector<size_t> dropped;  // tokens left out (trailing commas), ascending
};

// Fails (with the position of the token) only when the tokens are not a
// valid policy set, which the Cedar parser has already ruled out.
Result<FileCst> parse_cst(const std::vector<SourceToken>& tokens);

}  // namespace cedar::format
