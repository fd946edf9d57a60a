// Tokenizer for Cedar policy text, and the unescaping of string literals.
//
// The lexer turns the whole input into a token vector that always ends with
// one End token. Keywords are not separate kinds: `permit`, `if`, `true`, ...
// are Ident tokens and the parser compares their text, because most of them
// are also valid identifiers somewhere (entity types, annotation keys).
//
// String tokens keep their raw text (between the quotes, escapes not yet
// processed); unescape_string / unescape_pattern interpret it, since the same
// literal means different things as a string and as a `like` pattern.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/expr.h"
#include "cedar/result.h"

namespace cedar::syntax {

enum class TokenKind : uint8_t {
  Ident,   // [_a-zA-Z][_a-zA-Z0-9]*, keywords included
  Int,     // [0-9]+ (no sign; the parser folds `-` into literals)
  String,  // "...": text is the raw body without the quotes
  Slot,    // ?name: text includes the `?`
  At,
  Dot,
  Comma,
  Semi,
  Colon,
  ColonColon,
  LParen,
  RParen,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  EqEq,
  NotEq,
  Less,
  LessEq,
  Greater,
  GreaterEq,
  OrOr,
  AndAnd,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Bang,
  Eq,  // `=`: not an operator; lexed so the parser can suggest `==`
  End,
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string_view text;  // view into the source; for String, the raw body
  SourceLoc loc;          // position of the first character of the token
};

// A `//` comment: its text from the slashes up to (not including) the line
// break, and the position of its first slash.
struct Comment {
  std::string_view text;  // view into the source
  SourceLoc loc;
};

// Tokenizes `source`. Whitespace (Unicode White_Space) and `//` comments are
// skipped; when `comments` is given, the comments are appended to it in
// source order (the formatter keeps them). Fails on characters that start no
// token, unterminated strings and invalid UTF-8.
Result<std::vector<Token>> tokenize(std::string_view source,
                                    std::vector<Comment>* comments = nullptr);

// How a token is shown in error messages: "`when`", "string literal \"a\"",
// "end of input".
std::string describe_token(const Token& token);

// Interprets the escapes of a string literal body: \n \r \t \\ \0 \' \"
// \xHH (HH <= 7f) and \u{H..H} (1-6 hex digits, a Unicode scalar value).
// `body_loc` is the location of the body's first character; errors point at
// the offending escape.
Result<std::string> unescape_string(std::string_view raw, SourceLoc body_loc);

// Same escapes as unescape_string, plus `\*` for a literal star; an unescaped
// `*` is a wildcard. Produces code points.
Result<Pattern> unescape_pattern(std::string_view raw, SourceLoc body_loc);

// Appends the UTF-8 encoding of code point `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);

}  // namespace cedar::syntax
