// Tokenizer for the Cedar schema syntax. See schema_lexer.h.
#include "schema/schema_lexer.h"

#include "syntax/utf8.h"

namespace cedar::schema {

namespace {

using syntax::decode_utf8;
using syntax::is_unicode_space;

bool ident_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }
bool digit(char c) { return c >= '0' && c <= '9'; }

TokKind single_punct(char c) {
  switch (c) {
    case ':':
      return TokKind::Colon;
    case ',':
      return TokKind::Comma;
    case ';':
      return TokKind::Semi;
    case '{':
      return TokKind::LBrace;
    case '}':
      return TokKind::RBrace;
    case '[':
      return TokKind::LBracket;
    case ']':
      return TokKind::RBracket;
    case '<':
      return TokKind::Less;
    case '>':
      return TokKind::Greater;
    case '=':
      return TokKind::Eq;
    case '?':
      return TokKind::Question;
    case '@':
      return TokKind::At;
    case '(':
      return TokKind::LParen;
    case ')':
      return TokKind::RParen;
    default:
      return TokKind::End;  // not punctuation
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) { loc_ = {0, 1, 1}; }

  Result<std::vector<Tok>> run() {
    std::vector<Tok> out;
    for (;;) {
      if (Status s = skip_trivia(); !s) return s.error();
      if (pos_ >= src_.size()) break;
      auto tok = next();
      if (!tok) return std::move(tok).error();
      out.push_back(*tok);
    }
    out.push_back(Tok{TokKind::End, src_.substr(src_.size()), loc_});
    return out;
  }

 private:
  // Moves past n bytes; lines advance on '\n', columns count code points.
  void advance(size_t n) {
    for (size_t end = pos_ + n; pos_ < end; ++pos_) {
      auto b = static_cast<unsigned char>(src_[pos_]);
      ++loc_.offset;
      if (b == '\n') {
        ++loc_.line;
        loc_.column = 1;
      } else if ((b & 0xC0) != 0x80) {
        ++loc_.column;
      }
    }
  }

  Error error_here(const std::string& message) const { return Error{message, loc_}; }

  // Invariant on success: pos_ is at the end or at the first byte of a token.
  Status skip_trivia() {
    while (pos_ < src_.size()) {
      if (src_.compare(pos_, 2, "//") == 0) {
        size_t bad = 0;
        size_t len = syntax::comment_length(src_, pos_, bad);
        if (len == std::string_view::npos) {
          advance(bad - pos_);
          return error_here("invalid UTF-8 in comment");
        }
        advance(len);
        continue;
      }
      syntax::Decoded c = decode_utf8(src_, pos_);
      if (c.len == 0) return error_here("invalid UTF-8 in input");
      if (!is_unicode_space(c.cp)) break;
      advance(c.len);
    }
    return Status::Ok();
  }

  Result<Tok> next() {
    Tok tok{TokKind::End, {}, loc_};
    size_t start = pos_;
    char c = src_[pos_];
    size_t end = pos_ + 1;
    if (ident_start(c)) {
      tok.kind = TokKind::Ident;
      while (end < src_.size() && ident_char(src_[end])) ++end;
    } else if (digit(c)) {
      tok.kind = TokKind::Int;
      while (end < src_.size() && digit(src_[end])) ++end;
    } else if (c == '"') {
      return string_token();
    } else if (src_.compare(pos_, 2, "::") == 0) {
      tok.kind = TokKind::ColonColon;
      end = pos_ + 2;
    } else if ((tok.kind = single_punct(c)) == TokKind::End) {
      syntax::Decoded cp = decode_utf8(src_, pos_);
      if (cp.len == 0) return error_here("invalid UTF-8 in input");
      return error_here("unexpected character `" + std::string(src_.substr(pos_, cp.len)) + "`");
    }
    advance(end - pos_);
    tok.text = src_.substr(start, pos_ - start);
    return tok;
  }

  // `"`, then characters other than `"` and `\` or a `\` and any one
  // character, then `"`. Escapes are interpreted later by the parser.
  Result<Tok> string_token() {
    Tok tok{TokKind::String, {}, loc_};
    size_t i = pos_ + 1;
    while (i < src_.size() && src_[i] != '"') {
      if (src_[i] == '\\') ++i;
      if (i >= src_.size()) break;
      syntax::Decoded cp = decode_utf8(src_, i);
      if (cp.len == 0) {
        advance(i - pos_);
        return error_here("invalid UTF-8 in string");
      }
      i += cp.len;
    }
    if (i >= src_.size()) return Error{"unterminated string", tok.loc};
    tok.text = src_.substr(pos_ + 1, i - pos_ - 1);
    advance(i + 1 - pos_);
    return tok;
  }

  std::string_view src_;
  size_t pos_ = 0;
  SourceLoc loc_;
};

}  // namespace

Result<std::vector<Tok>> tokenize_schema(std::string_view source) { return Lexer(source).run(); }

std::string describe(const Tok& tok) {
  switch (tok.kind) {
    case TokKind::End:
      return "end of input";
    case TokKind::String:
      return "string \"" + std::string(tok.text) + "\"";
    case TokKind::Int:
      return "number `" + std::string(tok.text) + "`";
    default:
      return "`" + std::string(tok.text) + "`";
  }
}

}  // namespace cedar::schema
