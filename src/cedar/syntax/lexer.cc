// Tokenizer for Cedar policy text. See lexer.h.
#include "syntax/lexer.h"

#include <optional>

#include "syntax/utf8.h"

namespace cedar::syntax {

namespace {

bool is_ident_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Moves `loc` past `text`: lines advance on '\n', columns count code points.
void advance_loc(SourceLoc& loc, std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    auto b = static_cast<unsigned char>(text[i]);
    ++loc.offset;
    if (b == '\n') {
      ++loc.line;
      loc.column = 1;
    } else if ((b & 0xC0) != 0x80) {
      ++loc.column;
    }
  }
}

// Punctuation, longest first so that `::` wins over `:` and so on.
struct Punct {
  const char* text;
  TokenKind kind;
};
constexpr Punct kPuncts[] = {
    {"::", TokenKind::ColonColon}, {"==", TokenKind::EqEq},      {"!=", TokenKind::NotEq},
    {"<=", TokenKind::LessEq},     {">=", TokenKind::GreaterEq}, {"||", TokenKind::OrOr},
    {"&&", TokenKind::AndAnd},     {"@", TokenKind::At},         {".", TokenKind::Dot},
    {",", TokenKind::Comma},       {";", TokenKind::Semi},       {":", TokenKind::Colon},
    {"(", TokenKind::LParen},      {")", TokenKind::RParen},     {"{", TokenKind::LBrace},
    {"}", TokenKind::RBrace},      {"[", TokenKind::LBracket},   {"]", TokenKind::RBracket},
    {"<", TokenKind::Less},        {">", TokenKind::Greater},    {"+", TokenKind::Plus},
    {"-", TokenKind::Minus},       {"*", TokenKind::Star},       {"/", TokenKind::Slash},
    {"%", TokenKind::Percent},     {"!", TokenKind::Bang},       {"=", TokenKind::Eq},
};

class Lexer {
 public:
  Lexer(std::string_view src, std::vector<Comment>* comments) : src_(src), comments_(comments) {
    loc_ = {0, 1, 1};
  }

  Result<std::vector<Token>> run() {
    std::vector<Token> out;
    for (;;) {
      Status s = skip_trivia();
      if (!s) return s.error();
      if (pos_ >= src_.size()) break;
      auto tok = next_token();
      if (!tok) return std::move(tok).error();
      out.push_back(*tok);
    }
    out.push_back(Token{TokenKind::End, src_.substr(src_.size()), loc_});
    return out;
  }

 private:
  void advance(size_t n) {
    advance_loc(loc_, src_.substr(pos_, n));
    pos_ += n;
  }

  Error error_here(const std::string& msg) const { return Error{msg, loc_}; }

  // Skips whitespace and comments. Invariant on success: pos_ is at the end
  // or at the first byte of a token.
  Status skip_trivia() {
    while (pos_ < src_.size()) {
      if (src_.compare(pos_, 2, "//") == 0) {
        size_t bad = 0;
        size_t len = comment_length(src_, pos_, bad);
        if (len == std::string_view::npos) return error_here("invalid UTF-8 in comment");
        if (comments_) comments_->push_back(Comment{src_.substr(pos_, len), loc_});
        advance(len);
        continue;
      }
      Decoded d = decode_utf8(src_, pos_);
      if (d.len == 0) return error_here("invalid UTF-8 in input");
      if (!is_unicode_space(d.cp)) break;
      advance(d.len);
    }
    return Status::Ok();
  }

  Result<Token> next_token() {
    Token tok;
    tok.loc = loc_;
    size_t start = pos_;
    char c = src_[pos_];
    if (is_ident_start(c) ||
        (c == '?' && pos_ + 1 < src_.size() && is_ident_start(src_[pos_ + 1]))) {
      tok.kind = c == '?' ? TokenKind::Slot : TokenKind::Ident;
      size_t end = pos_ + 1;
      while (end < src_.size() && is_ident_char(src_[end])) ++end;
      advance(end - pos_);
    } else if (is_digit(c)) {
      tok.kind = TokenKind::Int;
      size_t end = pos_;
      while (end < src_.size() && is_digit(src_[end])) ++end;
      advance(end - pos_);
    } else if (c == '"') {
      return string_token();
    } else if (auto p = punct()) {
      tok.kind = p->kind;
      advance(std::string_view(p->text).size());
    } else {
      return unexpected_char();
    }
    tok.text = src_.substr(start, pos_ - start);
    return tok;
  }

  std::optional<Punct> punct() const {
    for (const Punct& p : kPuncts) {
      if (src_.compare(pos_, std::string_view(p.text).size(), p.text) == 0) return p;
    }
    return std::nullopt;
  }

  Error unexpected_char() const {
    Decoded d = decode_utf8(src_, pos_);
    if (d.len == 0) return error_here("invalid UTF-8 in input");
    std::string shown(src_.substr(pos_, d.len));
    if (shown == "&" || shown == "|") {
      return error_here("unexpected character `" + shown + "`; did you mean `" + shown + shown +
                        "`?");
    }
    return error_here("unexpected character `" + shown + "`");
  }

  // A string literal: `"`, then any characters except `"` and `\`, or a
  // backslash followed by any character except a newline, then `"`.
  Result<Token> string_token() {
    Token tok{TokenKind::String, {}, loc_};
    size_t i = pos_ + 1;
    while (i < src_.size() && src_[i] != '"') {
      if (src_[i] == '\\') {
        if (i + 1 < src_.size() && src_[i + 1] == '\n') {
          advance(i - pos_);
          return error_here("invalid escape in string literal: `\\` before a line break");
        }
        if (i + 1 >= src_.size()) break;
        ++i;
      }
      Decoded d = decode_utf8(src_, i);
      if (d.len == 0) {
        advance(i - pos_);
        return error_here("invalid UTF-8 in string literal");
      }
      i += d.len;
    }
    if (i >= src_.size() || src_[i] != '"') {
      return Error{"unterminated string literal", tok.loc};
    }
    tok.text = src_.substr(pos_ + 1, i - pos_ - 1);
    advance(i + 1 - pos_);
    return tok;
  }

  std::string_view src_;
  std::vector<Comment>* comments_;  // null: comments are dropped
  size_t pos_ = 0;
  SourceLoc loc_;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses `\u{...}` starting at raw[i] == '\\'. Underscores may separate the
// 1-6 hex digits but not lead. Returns the code point and sets `len`; on
// failure returns nullopt.
std::optional<char32_t> unicode_escape(std::string_view raw, size_t i, size_t& len) {
  size_t j = i + 2;
  if (j >= raw.size() || raw[j] != '{') return std::nullopt;
  ++j;
  uint32_t value = 0;
  int digits = 0;
  for (; j < raw.size() && raw[j] != '}'; ++j) {
    if (raw[j] == '_' && digits > 0) continue;
    int h = hex_value(raw[j]);
    if (h < 0 || ++digits > 6) return std::nullopt;
    value = value * 16 + static_cast<uint32_t>(h);
  }
  if (j >= raw.size() || digits == 0) return std::nullopt;
  if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
  len = j + 1 - i;
  return static_cast<char32_t>(value);
}

// One unit of a literal body: a code point, possibly written as an escape.
struct Unit {
  char32_t cp = 0;
  size_t len = 0;             // bytes consumed from the raw body
  bool literal_star = false;  // the two characters `\*`
};

// Reads the unit at raw[i]; `allow_star` accepts `\*`. Fails with a message
// when the escape is invalid.
Result<Unit> read_unit(std::string_view raw, size_t i, bool allow_star) {
  if (raw[i] != '\\') {
    if (raw[i] == '\r') return Error{"bare carriage return in string literal"};
    Decoded d = decode_utf8(raw, i);
    if (d.len == 0) return Error{"invalid UTF-8 in string literal"};
    return Unit{d.cp, d.len, false};
  }
  char e = i + 1 < raw.size() ? raw[i + 1] : '\0';
  switch (e) {
    case 'n':
      return Unit{U'\n', 2};
    case 'r':
      return Unit{U'\r', 2};
    case 't':
      return Unit{U'\t', 2};
    case '\\':
      return Unit{U'\\', 2};
    case '0':
      return Unit{U'\0', 2};
    case '\'':
      return Unit{U'\'', 2};
    case '"':
      return Unit{U'"', 2};
    case '*':
      if (allow_star) return Unit{U'*', 2, true};  // the only literal star
      break;
    case 'x': {
      int hi = i + 2 < raw.size() ? hex_value(raw[i + 2]) : -1;
      int lo = i + 3 < raw.size() ? hex_value(raw[i + 3]) : -1;
      if (hi >= 0 && lo >= 0 && hi < 8) return Unit{static_cast<char32_t>(hi * 16 + lo), 4};
      return Error{"invalid escape `\\x`: expected two hex digits with a value of at most 7f"};
    }
    case 'u': {
      size_t len = 0;
      if (auto cp = unicode_escape(raw, i, len)) return Unit{*cp, len};
      return Error{
          "invalid escape `\\u`: expected `\\u{` 1 to 6 hex digits `}` naming a Unicode "
          "scalar value"};
    }
    default:
      break;
  }
  Decoded d = i + 1 < raw.size() ? decode_utf8(raw, i + 1) : Decoded{};
  std::string shown = "\\" + std::string(raw.substr(i + 1, d.len));
  return Error{"invalid escape `" + shown + "`"};
}

// Walks the body unit by unit, calling `emit(unit)`; an error is located at
// the start of the offending unit.
template <class Emit>
Status for_each_unit(std::string_view raw, SourceLoc loc, bool allow_star, Emit emit) {
  size_t i = 0;
  while (i < raw.size()) {
    auto unit = read_unit(raw, i, allow_star);
    if (!unit) return Error{std::move(unit).error().message, loc};
    emit(*unit);
    advance_loc(loc, raw.substr(i, unit->len));
    i += unit->len;
  }
  return Status::Ok();
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  auto put = [&out](uint32_t b) { out.push_back(static_cast<char>(b)); };
  if (cp < 0x80) {
    put(cp);
  } else if (cp < 0x800) {
    put(0xC0 | (cp >> 6));
    put(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    put(0xE0 | (cp >> 12));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  } else {
    put(0xF0 | (cp >> 18));
    put(0x80 | ((cp >> 12) & 0x3F));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  }
}

Result<std::vector<Token>> tokenize(std::string_view source, std::vector<Comment>* comments) {
  return Lexer(source, comments).run();
}

std::string describe_token(const Token& token) {
  switch (token.kind) {
    case TokenKind::End:
      return "end of input";
    case TokenKind::String:
      return "string literal \"" + std::string(token.text) + "\"";
    case TokenKind::Int:
      return "integer literal `" + std::string(token.text) + "`";
    default:
      return "`" + std::string(token.text) + "`";
  }
}

Result<std::string> unescape_string(std::string_view raw, SourceLoc body_loc) {
  std::string out;
  out.reserve(raw.size());
  Status s = for_each_unit(raw, body_loc, false, [&out](const Unit& u) { append_utf8(out, u.cp); });
  if (!s) return s.error();
  return out;
}

Result<Pattern> unescape_pattern(std::string_view raw, SourceLoc body_loc) {
  Pattern out;
  Status s = for_each_unit(raw, body_loc, true, [&out](const Unit& u) {
    // Every `*` is a wildcard, also one written `\x2a` or `\u{2a}`; only
    // `\*` is a literal star.
    bool wildcard = u.cp == U'*' && !u.literal_star;
    out.push_back(PatternElem{wildcard, wildcard ? U'\0' : u.cp});
  });
  if (!s) return s.error();
  return out;
}

}  // namespace cedar::syntax
