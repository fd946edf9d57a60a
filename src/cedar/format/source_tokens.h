// The tokens of a policy text as the formatter sees them: each token's exact
// source text, with the `//` comments around it attached to it.
//
// Between two tokens, a comment on the same line as the first token is that
// token's trailing comment; every other comment is a leading comment of the
// next token (on its own line). Comments after the last token belong to the
// End token.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cedar/result.h"
#include "syntax/lexer.h"

namespace cedar::format {

struct LineComment {
  std::string text;           // from `//` to the end of the line, trailing blanks removed
  bool blank_before = false;  // an empty line separates it from what precedes it
};

struct SourceToken {
  syntax::TokenKind kind = syntax::TokenKind::End;
  std::string_view text;             // as written (string literals with their quotes)
  std::vector<LineComment> leading;  // comments on their own lines before the token
  std::string trailing;              // comment after the token on its line, or ""
  bool blank_before = false;         // an empty line right before the token
};

// Tokenizes `source` keeping its comments; the last token is End. Fails as
// the lexer does.
Result<std::vector<SourceToken>> lex_with_comments(std::string_view source);

// Moves the comments of tokens the formatter leaves out (trailing commas) to
// their neighbours, keeping their order: a trailing comment goes to the
// previous token when that has none and nothing comes between, everything
// else to the front of the next token's leading comments.
void move_comments_of_dropped(std::vector<SourceToken>& tokens, const std::vector<size_t>& dropped);

// Moves a comment at the end of the line before a comma or `;` (other than
// a dropped one) that starts the next line to after that separator, when
// the separator has no comments of its own: `a // x` newline `,` becomes
// `a, // x`.
void move_comments_after_separators(std::vector<SourceToken>& tokens,
                                    const std::vector<size_t>& dropped);

// The comments of `source` in order, as the formatter writes them (trailing
// blanks removed); empty if `source` does not tokenize.
std::vector<std::string> comment_texts(std::string_view source);

}  // namespace cedar::format
