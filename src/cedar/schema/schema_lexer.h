// Tokenizer for the human-readable Cedar schema syntax (`.cedarschema`).
//
// Keywords are not separate kinds: `namespace`, `entity`, `Set`, ... are
// Ident tokens and the parser compares their text, because the grammar also
// accepts most of them as names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/result.h"

namespace cedar::schema {

enum class TokKind : uint8_t {
  Ident,   // [_a-zA-Z][_a-zA-Z0-9]*, keywords included
  Int,     // [0-9]+; no rule uses numbers, the parser rejects them
  String,  // "...": text is the raw body without the quotes
  ColonColon,
  Colon,
  Comma,
  Semi,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Less,
  Greater,
  Eq,
  Question,
  At,
  LParen,
  RParen,
  End,
};

struct Tok {
  TokKind kind = TokKind::End;
  std::string_view text;  // view into the source; for String, the raw body
  SourceLoc loc;          // first character of the token (for String, the quote)
};

// Tokenizes `source`; the result always ends with one End token. Unicode
// whitespace and `//` comments are skipped. Fails on invalid UTF-8, characters
// that start no token and unterminated strings.
Result<std::vector<Tok>> tokenize_schema(std::string_view source);

// How a token is shown in error messages: "`entity`", "string \"a\"",
// "end of input".
std::string describe(const Tok& tok);

}  // namespace cedar::schema
