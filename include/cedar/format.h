// Formatting Cedar policy text: a stable pretty-printer in the style of
// Cedar's own formatter (cedar-policy-formatter).
//
//   - Every `//` comment is kept: a comment on its own line stays on its own
//     line before the token it preceded; a comment at the end of a line stays
//     at the end of the line, after the same token (or after the comma or
//     `;` that started the next line).
//   - Annotations each on their own line; `permit (principal, action,
//     resource)` on one line when the scope has no constraints, otherwise one
//     scope element per line, indented; `when { ... }` / `unless { ... }` on
//     one line when it fits, otherwise the condition indented on the lines
//     between `when {` and `}`.
//   - Long expressions break at `&&` / `||` (operator at the end of the line),
//     then inside sets, records, call arguments and parentheses.
//   - Tokens are kept as written: string literals keep their exact escapes,
//     entity ids and redundant parentheses are kept; only trailing commas
//     are dropped. One blank line separates policies; other blank lines are
//     removed, except between comment paragraphs before a policy.
//
// The result is idempotent (formatting it again changes nothing) and parses
// to the same policies as the input; format_policies checks the latter
// itself, and that no comment was lost, and fails rather than return text
// that would change the policies.
#pragma once

#include <string>
#include <string_view>

#include "cedar/result.h"

namespace cedar {

struct FormatOptions {
  int line_width = 80;  // preferred maximum line width, in code points (at least 1)
  int indent = 2;       // spaces per indentation level (0 to 16)
};

// Formats a sequence of policies and templates. A parse error is returned as
// the parser reports it (with line and column). The result ends with a line
// break unless it is empty.
Result<std::string> format_policies(std::string_view text, const FormatOptions& options = {});

}  // namespace cedar
