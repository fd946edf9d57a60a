// Attaching comments to tokens. See source_tokens.h.
#include "format/source_tokens.h"

#include <utility>

namespace cedar::format {

namespace {

using syntax::TokenKind;

std::string trim_right(std::string_view s) {
  size_t end = s.find_last_not_of(" \t\v\f\r");
  return std::string(s.substr(0, end == std::string_view::npos ? 0 : end + 1));
}

// Line breaks in `gap`: "\r\n", "\n" and a lone "\r" count one each.
int line_breaks(std::string_view gap) {
  int n = 0;
  for (size_t i = 0; i < gap.size(); ++i) {
    if (gap[i] == '\n' || (gap[i] == '\r' && (i + 1 == gap.size() || gap[i + 1] != '\n'))) ++n;
  }
  return n;
}

// Byte range of a token in the source; string tokens include their quotes.
std::pair<size_t, size_t> token_range(const syntax::Token& t, std::string_view source) {
  size_t start = t.loc.offset;
  size_t end = static_cast<size_t>(t.text.data() - source.data()) + t.text.size();
  if (t.kind == TokenKind::String) end += 1;
  return {start, end};
}

}  // namespace

Result<std::vector<SourceToken>> lex_with_comments(std::string_view source) {
  std::vector<syntax::Comment> comments;
  auto tokens = syntax::tokenize(source, &comments);
  if (!tokens) return std::move(tokens).error();
  std::vector<SourceToken> out;
  out.reserve(tokens->size());
  size_t prev_end = 0;       // end of the previous token or comment
  bool after_token = false;  // the previous item is a token (not a comment, not the start)
  bool at_start = true;      // nothing before
  std::vector<LineComment> pending;
  size_t next_comment = 0;
  for (const syntax::Token& t : *tokens) {
    auto [start, end] = token_range(t, source);
    for (; next_comment < comments.size() && comments[next_comment].loc.offset < start;
         ++next_comment) {
      const syntax::Comment& c = comments[next_comment];
      int breaks = line_breaks(source.substr(prev_end, c.loc.offset - prev_end));
      if (after_token && breaks == 0) {
        out.back().trailing = trim_right(c.text);
      } else {
        pending.push_back(LineComment{trim_right(c.text), !at_start && breaks >= 2});
      }
      prev_end = c.loc.offset + c.text.size();
      after_token = false;
      at_start = false;
    }
    SourceToken st;
    st.kind = t.kind;
    st.text = source.substr(start, end - start);
    st.leading = std::move(pending);
    pending.clear();
    st.blank_before = !at_start && line_breaks(source.substr(prev_end, start - prev_end)) >= 2;
    out.push_back(std::move(st));
    prev_end = end;
    after_token = true;
    at_start = false;
  }
  return out;
}

void move_comments_of_dropped(std::vector<SourceToken>& tokens,
                              const std::vector<size_t>& dropped) {
  for (size_t d : dropped) {
    if (d == 0 || d + 1 >= tokens.size()) continue;  // never: a dropped comma has neighbours
    SourceToken& gone = tokens[d];
    SourceToken& prev = tokens[d - 1];
    if (!gone.trailing.empty() && gone.leading.empty() && prev.trailing.empty()) {
      prev.trailing = std::move(gone.trailing);
      gone.trailing.clear();
    }
    std::vector<LineComment> moved = std::move(gone.leading);
    if (!gone.trailing.empty()) moved.push_back(LineComment{std::move(gone.trailing), false});
    gone.leading.clear();
    gone.trailing.clear();
    SourceToken& next = tokens[d + 1];
    moved.insert(moved.end(), std::make_move_iterator(next.leading.begin()),
                 std::make_move_iterator(next.leading.end()));
    next.leading = std::move(moved);
  }
}

void move_comments_after_separators(std::vector<SourceToken>& tokens,
                                    const std::vector<size_t>& dropped) {
  size_t next_dropped = 0;
  for (size_t i = 1; i < tokens.size(); ++i) {
    while (next_dropped < dropped.size() && dropped[next_dropped] < i) ++next_dropped;
    if (next_dropped < dropped.size() && dropped[next_dropped] == i) continue;
    SourceToken& sep = tokens[i];
    SourceToken& prev = tokens[i - 1];
    if ((sep.kind != TokenKind::Comma && sep.kind != TokenKind::Semi) || prev.trailing.empty() ||
        !sep.leading.empty() || !sep.trailing.empty()) {
      continue;
    }
    sep.trailing = std::move(prev.trailing);
    prev.trailing.clear();
  }
}

std::vector<std::string> comment_texts(std::string_view source) {
  std::vector<syntax::Comment> comments;
  std::vector<std::string> out;
  if (!syntax::tokenize(source, &comments)) return out;
  for (const syntax::Comment& c : comments) out.push_back(trim_right(c.text));
  return out;
}

}  // namespace cedar::format
