// The Cedar tokenizer and string unescaping.
#include "syntax/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cedar::syntax {
namespace {

std::vector<TokenKind> kinds(std::string_view text) {
  auto toks = tokenize(text);
  EXPECT_TRUE(toks.ok()) << toks.error().describe();
  std::vector<TokenKind> out;
  if (toks) {
    for (const Token& t : *toks) out.push_back(t.kind);
  }
  return out;
}

Error lex_error(std::string_view text) {
  auto toks = tokenize(text);
  EXPECT_FALSE(toks.ok()) << "expected a lexer error for: " << text;
  return toks.ok() ? Error{} : toks.error();
}

using K = TokenKind;

TEST(Lexer, EmptyInputIsJustEnd) {
  EXPECT_EQ(kinds(""), std::vector<K>{K::End});
  EXPECT_EQ(kinds("  \n\t // only a comment"), std::vector<K>{K::End});
  // A comment may hold any UTF-8 text.
  EXPECT_EQ(kinds("// für alle § 15(a) 日本 😀\npermit"), (std::vector<K>{K::Ident, K::End}));
  EXPECT_FALSE(tokenize("// bad \xC3\n").ok());
}

TEST(Lexer, CollectsCommentsWhenAsked) {
  std::vector<Comment> comments;
  auto toks = tokenize("// head\npermit // after \"x\"\r\n  ( // open\n\"//not\" //", &comments);
  ASSERT_TRUE(toks.ok());
  ASSERT_EQ(toks->size(), 4u);  // permit ( "//not" End
  ASSERT_EQ(comments.size(), 4u);
  EXPECT_EQ(comments[0].text, "// head");
  EXPECT_EQ(comments[0].loc.line, 1u);
  EXPECT_EQ(comments[1].text, "// after \"x\"");
  EXPECT_EQ(comments[1].loc.line, 2u);
  EXPECT_EQ(comments[1].loc.column, 8u);
  EXPECT_EQ(comments[2].text, "// open");
  EXPECT_EQ(comments[2].loc.offset, 33u);
  EXPECT_EQ(comments[3].text, "//");
  EXPECT_EQ(comments[3].loc.line, 4u);
}

TEST(Lexer, IdentifiersNumbersAndSlots) {
  auto toks = tokenize("permit _x9 42 ?principal ?other");
  ASSERT_TRUE(toks.ok());
  ASSERT_EQ(toks->size(), 6u);
  EXPECT_EQ((*toks)[0].kind, K::Ident);
  EXPECT_EQ((*toks)[0].text, "permit");
  EXPECT_EQ((*toks)[1].text, "_x9");
  EXPECT_EQ((*toks)[2].kind, K::Int);
  EXPECT_EQ((*toks)[2].text, "42");
  EXPECT_EQ((*toks)[3].kind, K::Slot);
  EXPECT_EQ((*toks)[3].text, "?principal");
  EXPECT_EQ((*toks)[4].kind, K::Slot);
}

TEST(Lexer, NumberFollowedByIdentifierIsTwoTokens) {
  EXPECT_EQ(kinds("12abc"), (std::vector<K>{K::Int, K::Ident, K::End}));
}

TEST(Lexer, Operators) {
  EXPECT_EQ(
      kinds(":: : == = != ! <= < >= > || && + - * / % @ . , ; ( ) { } [ ]"),
      (std::vector<K>{K::ColonColon, K::Colon,    K::EqEq,      K::Eq,      K::NotEq,   K::Bang,
                      K::LessEq,     K::Less,     K::GreaterEq, K::Greater, K::OrOr,    K::AndAnd,
                      K::Plus,       K::Minus,    K::Star,      K::Slash,   K::Percent, K::At,
                      K::Dot,        K::Comma,    K::Semi,      K::LParen,  K::RParen,  K::LBrace,
                      K::RBrace,     K::LBracket, K::RBracket,  K::End}));
}

TEST(Lexer, AdjacentOperatorsSplitLongestFirst) {
  EXPECT_EQ(kinds("a==-1"), (std::vector<K>{K::Ident, K::EqEq, K::Minus, K::Int, K::End}));
  EXPECT_EQ(kinds("!!x"), (std::vector<K>{K::Bang, K::Bang, K::Ident, K::End}));
  EXPECT_EQ(kinds("A::B::\"c\""),
            (std::vector<K>{K::Ident, K::ColonColon, K::Ident, K::ColonColon, K::String, K::End}));
}

TEST(Lexer, CommentsRunToEndOfLine) {
  EXPECT_EQ(kinds("a // b c \"unterminated\n d"), (std::vector<K>{K::Ident, K::Ident, K::End}));
  EXPECT_EQ(kinds("a / b"), (std::vector<K>{K::Ident, K::Slash, K::Ident, K::End}));
}

TEST(Lexer, TracksLinesAndColumns) {
  auto toks = tokenize("permit\n  (principal,\r\n\tx)");
  ASSERT_TRUE(toks.ok());
  const auto& t = *toks;
  EXPECT_EQ(t[0].loc.line, 1u);
  EXPECT_EQ(t[0].loc.column, 1u);
  EXPECT_EQ(t[1].loc.line, 2u);  // (
  EXPECT_EQ(t[1].loc.column, 3u);
  EXPECT_EQ(t[2].loc.column, 4u);  // principal
  EXPECT_EQ(t[4].loc.line, 3u);    // x
  EXPECT_EQ(t[4].loc.column, 2u);
  EXPECT_EQ(t[4].loc.offset, 23u);
}

TEST(Lexer, ColumnsCountCodePoints) {
  auto toks = tokenize("\"h\xC3\xA9\" x");
  ASSERT_TRUE(toks.ok());
  EXPECT_EQ((*toks)[1].loc.column, 6u);
}

TEST(Lexer, UnicodeWhitespaceIsSkipped) {
  // U+00A0 no-break space and U+2028 line separator.
  EXPECT_EQ(kinds("a\xC2\xA0"
                  "b\xE2\x80\xA8"
                  "c"),
            (std::vector<K>{K::Ident, K::Ident, K::Ident, K::End}));
}

TEST(Lexer, StringTokenKeepsRawBody) {
  auto toks = tokenize(R"("a\"b\\" "")");
  ASSERT_TRUE(toks.ok());
  EXPECT_EQ((*toks)[0].kind, K::String);
  EXPECT_EQ((*toks)[0].text, R"(a\"b\\)");
  EXPECT_EQ((*toks)[1].text, "");
}

TEST(Lexer, StringsMaySpanLines) {
  auto toks = tokenize("\"a\nb\" c");
  ASSERT_TRUE(toks.ok());
  EXPECT_EQ((*toks)[0].text, "a\nb");
  EXPECT_EQ((*toks)[1].loc.line, 2u);
  EXPECT_EQ((*toks)[1].loc.column, 4u);
}

TEST(Lexer, UnterminatedStringPointsAtItsStart) {
  Error e = lex_error("x == \"abc");
  EXPECT_EQ(e.loc.line, 1u);
  EXPECT_EQ(e.loc.column, 6u);
  EXPECT_NE(e.message.find("unterminated string"), std::string::npos);
}

TEST(Lexer, BackslashBeforeLineBreakIsAnError) {
  Error e = lex_error("x \"abc\\\ndef\"");
  EXPECT_NE(e.message.find("before a line break"), std::string::npos);
  EXPECT_EQ(e.loc.column, 7u);
}

TEST(Lexer, UnexpectedCharacters) {
  Error e = lex_error("a\n  # b");
  EXPECT_EQ(e.loc.line, 2u);
  EXPECT_EQ(e.loc.column, 3u);
  EXPECT_EQ(e.message, "unexpected character `#`");
  EXPECT_NE(lex_error("a & b").message.find("did you mean `&&`"), std::string::npos);
  EXPECT_NE(lex_error("a | b").message.find("did you mean `||`"), std::string::npos);
  EXPECT_EQ(lex_error("? x").message, "unexpected character `?`");
  EXPECT_EQ(lex_error("\xC3\xA9").message, "unexpected character `\xC3\xA9`");
}

TEST(Lexer, InvalidUtf8IsRejected) {
  EXPECT_NE(lex_error("\"\xFF\"").message.find("invalid UTF-8"), std::string::npos);
  EXPECT_NE(lex_error("// \xC0\xAF").message.find("invalid UTF-8"), std::string::npos);
  EXPECT_NE(lex_error("\xED\xA0\x80").message.find("invalid UTF-8"), std::string::npos);
}

TEST(Lexer, DescribeToken) {
  auto toks = tokenize("when \"s\" 7");
  ASSERT_TRUE(toks.ok());
  EXPECT_EQ(describe_token((*toks)[0]), "`when`");
  EXPECT_EQ(describe_token((*toks)[1]), "string literal \"s\"");
  EXPECT_EQ(describe_token((*toks)[2]), "integer literal `7`");
  EXPECT_EQ(describe_token((*toks)[3]), "end of input");
}

// --- unescaping ---

std::string unescaped(std::string_view raw) {
  auto r = unescape_string(raw, SourceLoc{0, 1, 1});
  EXPECT_TRUE(r.ok()) << raw << ": " << r.error().describe();
  return r.ok() ? *r : "";
}

Error unescape_error(std::string_view raw) {
  auto r = unescape_string(raw, SourceLoc{10, 1, 11});
  EXPECT_FALSE(r.ok()) << raw;
  return r.ok() ? Error{} : r.error();
}

TEST(Unescape, SimpleEscapes) {
  EXPECT_EQ(unescaped(R"(a\nb\rc\td\\e\0f\'g\"h)"), std::string("a\nb\rc\td\\e\0f'g\"h", 15));
}

TEST(Unescape, HexAndUnicodeEscapes) {
  EXPECT_EQ(unescaped(R"(\x41\x7f)"), "A\x7f");
  EXPECT_EQ(unescaped(R"(\u{41}\u{e9}\u{1F600}\u{0})"),
            std::string("A\xC3\xA9\xF0\x9F\x98\x80\0", 8));
  EXPECT_EQ(unescaped(R"(\u{00_4_1})"), "A");
  EXPECT_EQ(unescaped(R"(\u{10FFFF})"), "\xF4\x8F\xBF\xBF");
}

TEST(Unescape, RawUnicodeAndNewlinesPassThrough) {
  EXPECT_EQ(unescaped("h\xC3\xA9\nllo"), "h\xC3\xA9\nllo");
}

TEST(Unescape, InvalidEscapesAreErrors) {
  EXPECT_EQ(unescape_error(R"(\q)").message, "invalid escape `\\q`");
  EXPECT_EQ(unescape_error(R"(\*)").message, "invalid escape `\\*`");
  unescape_error(R"(\x80)");         // above 7f
  unescape_error(R"(\x4)");          // one digit
  unescape_error(R"(\u41)");         // no braces
  unescape_error(R"(\u{})");         // no digits
  unescape_error(R"(\u{_41})");      // leading underscore
  unescape_error(R"(\u{1234567})");  // seven digits
  unescape_error(R"(\u{110000})");   // beyond Unicode
  unescape_error(R"(\u{D800})");     // surrogate
  unescape_error(R"(\u{41)");        // unclosed
  unescape_error("a\rb");            // bare carriage return
}

TEST(Unescape, ErrorPointsAtTheEscape) {
  Error e = unescape_error("ab\\q");
  EXPECT_EQ(e.loc.line, 1u);
  EXPECT_EQ(e.loc.column, 13u);
  EXPECT_EQ(e.loc.offset, 12u);
  Error multi = unescape_error("a\nbc\\z");
  EXPECT_EQ(multi.loc.line, 2u);
  EXPECT_EQ(multi.loc.column, 3u);
}

TEST(UnescapePattern, StarsAndEscapedStars) {
  auto p = unescape_pattern(R"(a*\*\u{e9})", SourceLoc{0, 1, 1});
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->size(), 4u);
  EXPECT_EQ((*p)[0], (PatternElem{false, U'a'}));
  EXPECT_EQ((*p)[1], (PatternElem{true, 0}));
  EXPECT_EQ((*p)[2], (PatternElem{false, U'*'}));
  EXPECT_EQ((*p)[3], (PatternElem{false, 0xE9}));
}

TEST(UnescapePattern, DecodesUtf8ToCodePoints) {
  auto p = unescape_pattern("\xF0\x9F\x98\x80", SourceLoc{0, 1, 1});
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->size(), 1u);
  EXPECT_EQ((*p)[0].ch, U'\U0001F600');
}

TEST(UnescapePattern, InvalidEscapeIsAnError) {
  EXPECT_FALSE(unescape_pattern(R"(\q)", SourceLoc{0, 1, 1}).ok());
}

TEST(Utf8, AppendEncodesAllLengths) {
  std::string s;
  append_utf8(s, U'A');
  append_utf8(s, 0xE9);
  append_utf8(s, 0x20AC);
  append_utf8(s, 0x1F600);
  EXPECT_EQ(s, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
}

}  // namespace
}  // namespace cedar::syntax
