// The request target as the service reads it (RFC 9112 3.2: the origin and
// absolute forms), and problem+json that stays valid, printable JSON
// whatever bytes the request quoted.
#include <gtest/gtest.h>

#include "base/text.h"
#include "trustgate/common/json.h"
#include "trustgate/server/http.h"

namespace trustgate::server {
namespace {

TEST(ParseTarget, OriginForm) {
  auto t = parse_target("/v1/cases?state=decided&agency=chicago-police");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->path, "/v1/cases");
  EXPECT_EQ(t->query.at("state"), "decided");
  EXPECT_EQ(t->query.at("agency"), "chicago-police");
}

TEST(ParseTarget, AbsoluteFormIsReadAsItsPathAndQuery) {
  for (const char* target : {"http://127.0.0.1:8080/v1/cases?state=decided",
                             "https://trustgate.example/v1/cases?state=decided",
                             "HTTP://Trustgate.Example/v1/cases?state=decided"}) {
    auto t = parse_target(target);
    ASSERT_TRUE(t) << target << ": " << t.error().message;
    EXPECT_EQ(t->path, "/v1/cases") << target;
    EXPECT_EQ(t->query.at("state"), "decided") << target;
  }
}

TEST(ParseTarget, AbsoluteFormWithoutAPathIsTheRoot) {
  // RFC 9110 4.2.3: an empty path is "/", with or without a query.
  for (const char* target : {"http://trustgate.example", "http://trustgate.example?x=1"}) {
    auto t = parse_target(target);
    ASSERT_TRUE(t) << target << ": " << t.error().message;
    EXPECT_EQ(t->path, "/") << target;
  }
  EXPECT_EQ(parse_target("http://trustgate.example?x=1")->query.at("x"), "1");
}

TEST(ParseTarget, RefusesTargetsThatAreNoPathOrNameNoHost) {
  for (const char* target :
       {"", "v1/cases", "*", "?x=1", "ftp://host/v1/cases", "http://", "http:///v1/cases",
        "http://:8080/v1/cases", "http://user:pw@host/v1/cases", "http://user@host"}) {
    auto t = parse_target(target);
    EXPECT_FALSE(t) << "accepted \"" << target << "\" as " << (t ? t->path : "");
    if (!t) {
      EXPECT_EQ(t.error().kind, base::ErrorKind::InvalidArgument);
    }
  }
}

TEST(ParseTarget, AnEncodedSlashNeverRoutesAsASeparator) {
  for (const char* target : {"/v1/cases/C-1%2Fproof", "/v1/cases/C-1%2fproof",
                             "http://host/v1/cases/C-1%2Fproof", "/tile/0/x001%2F002"}) {
    EXPECT_FALSE(parse_target(target)) << target;
  }
  // A doubly encoded slash is the text "%2F" inside one segment.
  auto t = parse_target("/v1/cases/C-1%252Fproof");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->path, "/v1/cases/C-1%2Fproof");
}

TEST(ParseTarget, PlusIsItselfInThePathAndASpaceInTheQuery) {
  auto t = parse_target("/v1/jurisdictions/a+b?agency=a+b%2Bc");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->path, "/v1/jurisdictions/a+b");
  EXPECT_EQ(t->query.at("agency"), "a b+c");
}

TEST(ParseTarget, RefusesControlCharactersAndBadEscapes) {
  for (const char* target : {"/v1/cases/C%0A1", "/v1/cases/%00", "/v1/cases/%7f", "/v1/cases/%zz",
                             "/v1/cases/%4", "/v1/cases?state=%4"}) {
    EXPECT_FALSE(parse_target(target)) << target;
  }
}

// Every string of a problem body: valid UTF-8 with no control character.
void ExpectPrintableProblem(const HttpResponse& r) {
  ASSERT_TRUE(base::valid_utf8(r.body)) << r.body;
  auto body = common::parse_json(r.body);
  ASSERT_TRUE(body) << body.error().message << ": " << r.body;
  const base::TextRule any{std::string::npos, false, false};
  for (const char* key : {"title", "detail"}) {
    EXPECT_TRUE(base::check_text(key, body->string_or_empty(key), any)) << r.body;
  }
  for (const common::Json& e : body->find("errors")->as_array()) {
    EXPECT_TRUE(base::check_text("pointer", e.string_or_empty("pointer"), any)) << r.body;
    EXPECT_TRUE(base::check_text("detail", e.string_or_empty("detail"), any)) << r.body;
  }
}

TEST(Problem, QuotedBytesThatAreNotPrintableUtf8AreEscaped) {
  const std::string bad = "no jurisdiction \"\xff\xfe\x1b[31m\xe2\x80\xae\"";
  HttpResponse r = problem(base::not_found(bad));
  ExpectPrintableProblem(r);
  auto body = common::parse_json(r.body);
  EXPECT_EQ(body->string_or_empty("detail"), base::printable(bad));
  HttpResponse q = problem(base::invalid_field("/\xc3\x28", "query parameter given twice"));
  ExpectPrintableProblem(q);
  EXPECT_EQ(common::parse_json(q.body)->find("errors")->as_array()[0].string_or_empty("pointer"),
            "/\\xc3(");
  ExpectPrintableProblem(problem(405, "", "this path takes GET, not \x80\x81"));
}

TEST(Problem, CleanTextIsKeptAsItIs) {
  // Already printable (quotes, a backslash, non-ASCII letters): unchanged.
  const std::string text = "the request id \"a\\\\b\" names case C-1 already: señor 東京";
  HttpResponse r = problem(base::conflict(text));
  EXPECT_EQ(common::parse_json(r.body)->string_or_empty("detail"), text);
}

}  // namespace
}  // namespace trustgate::server
