// format_policies (cedar/format.h): parse, lay out, render, then check that
// the result means the same policies and keeps every comment.
#include "cedar/format.h"

#include <utility>
#include <vector>

#include "cedar/parser.h"
#include "cedar/policy.h"
#include "format/cst.h"
#include "format/doc.h"
#include "format/layout.h"
#include "format/source_tokens.h"

namespace cedar {

namespace {

Error internal_error(const std::string& what) {
  return Error{"internal formatter error: " + what +
               "; the input is valid but cannot be formatted safely (please report this)"};
}

Status check_options(const FormatOptions& options) {
  if (options.line_width < 1) return Error{"the line width must be at least 1"};
  if (options.indent < 0 || options.indent > 16) {
    return Error{"the indentation must be between 0 and 16"};
  }
  return Status::Ok();
}

// The formatted text must parse to the same policies, in the same order, and
// keep the same comments in the same order.
Status check_same(std::string_view original_text, const std::vector<Policy>& original,
                  const std::string& formatted) {
  auto reparsed = parse_policies(formatted);
  if (!reparsed) {
    return internal_error("the formatted text does not parse (" + reparsed.error().describe() +
                          ")");
  }
  if (reparsed->size() != original.size()) return internal_error("the policy count changed");
  for (size_t i = 0; i < original.size(); ++i) {
    if (!same_policy(original[i], (*reparsed)[i])) {
      return internal_error("policy " + std::to_string(i) + " would change");
    }
  }
  if (format::comment_texts(original_text) != format::comment_texts(formatted)) {
    return internal_error("comments would be lost or moved out of order");
  }
  return Status::Ok();
}

Result<std::string> layout_and_render(std::string_view text, const FormatOptions& options) {
  auto tokens = format::lex_with_comments(text);
  if (!tokens) return std::move(tokens).error();
  auto cst = format::parse_cst(*tokens);
  if (!cst) return internal_error(cst.error().message);
  format::move_comments_of_dropped(*tokens, cst->dropped);
  format::move_comments_after_separators(*tokens, cst->dropped);
  format::Layout layout(*tokens, options);
  format::Doc doc;
  for (size_t i = 0; i < cst->policies.size(); ++i) {
    if (i > 0) doc += format::Doc::blankline();
    doc += layout.policy(cst->policies[i]);
  }
  doc += layout.end_comments(tokens->size() - 1);
  if (layout.written() + cst->dropped.size() + 1 != tokens->size()) {
    return internal_error("a token was not written exactly once");
  }
  std::string out = format::render(doc, options.line_width);
  if (!out.empty()) out += '\n';
  return out;
}

}  // namespace

Result<std::string> format_policies(std::string_view text, const FormatOptions& options) {
  Status valid = check_options(options);
  if (!valid) return valid.error();
  auto original = parse_policies(text);
  if (!original) return std::move(original).error();
  auto formatted = layout_and_render(text, options);
  if (!formatted) return formatted;
  Status same = check_same(text, *original, *formatted);
  if (!same) return same.error();
  return formatted;
}

}  // namespace cedar
