#include "base/text.h"

#include <gtest/gtest.h>

namespace base {
namespace {

TEST(TextTest, ValidUtf8) {
  EXPECT_TRUE(valid_utf8("plain"));
  EXPECT_TRUE(valid_utf8("f\xc3\xbcr \xc2\xa7 \xf0\x9f\x98\x80"));
  EXPECT_FALSE(valid_utf8("\xff"));
  EXPECT_FALSE(valid_utf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(valid_utf8("\xe2\x82"));          // cut short
}

TEST(TextTest, CheckTextNamesTheFieldAndTheProblem) {
  const TextRule name{20};
  EXPECT_TRUE(check_text("/id", "Sgt. Müller", name));
  auto expect = [&](std::string_view value, std::string_view what, TextRule rule) {
    Status s = check_text("/id", value, rule);
    ASSERT_FALSE(s) << value;
    EXPECT_EQ(s.error().field, "/id");
    EXPECT_EQ(s.error().kind, ErrorKind::InvalidArgument);
    EXPECT_NE(s.error().message.find(what), std::string::npos) << s.error().message;
  };
  expect(std::string(21, 'x'), "too long", name);
  expect("", "must not be empty", name);
  expect(" \t", "control character U+0009", name);
  expect("   ", "must not be blank", name);
  expect("a\nb", "U+000A", name);
  expect("a\x1b[31m", "U+001B", name);
  expect("a\xc2\x85", "U+0085", name);
  expect("a\xe2\x80\xae", "U+202E", name);
  expect("a\xff", "not valid UTF-8", name);
  EXPECT_TRUE(check_text("/reason", "line one\nline two\ttabbed", TextRule{100, true}));
  EXPECT_TRUE(check_text("/opt", "", TextRule{10, false, false}));
}

TEST(TextTest, PrintableEscapesWhatCouldForgeLines) {
  EXPECT_EQ(printable("ok"), "ok");
  EXPECT_EQ(printable("r1\r\nFAKE: COMPLY"), "r1\\r\\nFAKE: COMPLY");
  EXPECT_EQ(printable("\x1b[2J"), "\\x1b[2J");
  EXPECT_EQ(printable("a\\b"), "a\\\\b");
  EXPECT_EQ(printable("\xff"), "\\xff");
  EXPECT_EQ(printable("x\xe2\x80\xae"), "x\\u{202e}");
  EXPECT_EQ(printable("f\xc3\xbcr"), "f\xc3\xbcr");
}

TEST(ResultTest, DescribeShowsFieldAndPosition) {
  Error e = invalid_field("/instrument/type", "unknown value");
  EXPECT_EQ(e.describe(), "/instrument/type: unknown value");
  Error p{"bad token", SourceLoc{0, 3, 4}};
  EXPECT_EQ(p.describe(), "3:4: bad token");
  EXPECT_EQ(pointer_append("/facts", "a/b~c"), "/facts/a~1b~0c");
  EXPECT_EQ(pointer_append("/actions", size_t{2}), "/actions/2");
  EXPECT_EQ(not_found("x").kind, ErrorKind::NotFound);
  EXPECT_EQ(corruption("x").kind, ErrorKind::Corruption);
}

}  // namespace
}  // namespace base
