#include "trustgate/policy/request.h"

#include <gtest/gtest.h>

#include "test_library.h"

namespace trustgate::policy {
namespace {

using testing::shipped_library;

constexpr std::string_view kValid = R"({
  "id": "r1", "received_at": "2025-01-27T14:03:00-06:00", "jurisdiction": "us-il-chicago",
  "receiving_agency": "chicago-police", "requester": {"agency": "ice-ero"},
  "instrument": {"type": "detainer", "form": "I-247A"},
  "actions": ["hold_beyond_release", "notify_release"],
  "purpose": "civil_immigration_enforcement", "subject": {"in_custody": true},
  "facts": {"supervisor_on_site": true}})";

// Replaces the first occurrence of `from` in the valid request.
std::string with(std::string_view from, std::string_view to) {
  std::string s(kValid);
  size_t pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return s.replace(pos, from.size(), to);
}

// The error message for a request text; empty when it parses.
std::string error_of(std::string_view text) {
  auto r = parse_request(text, shipped_library().vocabulary());
  return r ? "" : r.error().describe();
}

TEST(RequestTest, ParsesTheDesignExample) {
  const Vocabulary& v = shipped_library().vocabulary();
  auto r = parse_request(kValid, v);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->id, "r1");
  EXPECT_EQ(r->received_date.to_string(), "2025-01-27");
  ASSERT_EQ(r->actions.size(), 2u);
  EXPECT_EQ(v.actions[r->actions[0]], "hold_beyond_release");
  EXPECT_EQ(v.instruments.values[r->situation.instrument], "detainer");
  EXPECT_EQ(v.signers.values[r->situation.signed_by], "immigration_officer");  // implied
  EXPECT_TRUE(r->situation.in_custody);
  EXPECT_EQ(r->situation.facts, 1u << *v.find_fact("supervisor_on_site"));
}

TEST(RequestTest, ErrorsNameTheField) {
  EXPECT_EQ(error_of(with(R"("received_at": "2025-01-27T14:03:00-06:00", )", "")),
            "/received_at: required field missing");
  EXPECT_EQ(error_of(with("2025-01-27T14:03:00-06:00", "2025-02-30T14:03:00-06:00"))
                .rfind("/received_at:", 0),
            0u);
  EXPECT_EQ(
      error_of(with("\"detainer\"", "\"fax\"")).rfind("/instrument/type: unknown value \"fax\"", 0),
      0u);
  EXPECT_EQ(error_of(with("\"ice-ero\"", "\"ice\"")).rfind("/requester/agency: unknown value", 0),
            0u);
  EXPECT_EQ(
      error_of(with("civil_immigration_enforcement", "civil")).rfind("/purpose: unknown value", 0),
      0u);
  EXPECT_EQ(
      error_of(with("\"notify_release\"", "\"notify\"")).rfind("/actions/1: unknown action", 0),
      0u);
  EXPECT_EQ(error_of(with("\"notify_release\"", "\"hold_beyond_release\""))
                .rfind("/actions/1: action", 0),
            0u);
  EXPECT_EQ(error_of(with("supervisor_on_site", "supervisor"))
                .rfind("/facts/supervisor: unknown fact", 0),
            0u);
  EXPECT_EQ(error_of(with("\"in_custody\": true", "\"in_custody\": 1")),
            "/subject/in_custody: expected true or false");
  EXPECT_EQ(error_of(with("\"id\": \"r1\"", "\"name\": \"A. Person\"")), "/name: unknown field");
  EXPECT_EQ(error_of(with("[\"hold_beyond_release\", \"notify_release\"]", "[]")),
            "/actions: must list at least one action");
  EXPECT_EQ(error_of("[1]"), "expected a JSON object");
  EXPECT_EQ(error_of("{").rfind("not valid JSON", 0), 0u);
}

TEST(RequestTest, ErrorsCarryTheFieldAsAJsonPointer) {
  auto r = parse_request(with("\"detainer\"", "\"fax\""), shipped_library().vocabulary());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "/instrument/type");
  EXPECT_EQ(r.error().kind, base::ErrorKind::InvalidArgument);
  auto f = parse_request(with("supervisor_on_site", "a/b~c"), shipped_library().vocabulary());
  EXPECT_EQ(f.error().field, "/facts/a~1b~0c");
}

TEST(RequestTest, TextFieldsHaveLimits) {
  EXPECT_NE(error_of(with("\"r1\"", "\"" + std::string(200, 'x') + "\"")).find("/id: too long"),
            std::string::npos);
  EXPECT_NE(error_of(with("\"r1\"", "\"   \"")).find("/id: must not be blank"), std::string::npos);
  EXPECT_NE(error_of(with("\"r1\"", "\"a\\r\\nCOMPLY\"")).find("/id: holds the control character"),
            std::string::npos);
  EXPECT_NE(error_of(with("\"chicago-police\"", "\"chicago police\"")).find("/receiving_agency"),
            std::string::npos);
  EXPECT_NE(error_of(with("\"chicago-police\"", "\"" + std::string(65, 'a') + "\""))
                .find("/receiving_agency: too long"),
            std::string::npos);
  EXPECT_NE(error_of(with("2025-01-27", "0000-01-27")).find("not a plausible date"),
            std::string::npos);
  EXPECT_NE(error_of(with("2025-01-27", "9999-01-27")).find("not a plausible date"),
            std::string::npos);
}

TEST(RequestTest, SignerDefaultsFollowTheInstrument) {
  const Vocabulary& v = shipped_library().vocabulary();
  auto r = parse_request(with("\"detainer\"", "\"judicial_warrant\""), v);
  ASSERT_TRUE(r);
  EXPECT_EQ(v.signers.values[r->situation.signed_by], "judge");
  r = parse_request(
      with("\"detainer\", \"form\": \"I-247A\"", "\"informal\", \"signed_by\": \"other\""), v);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(v.signers.values[r->situation.signed_by], "other");
}

TEST(RequestTest, CanonicalJsonRoundTrips) {
  const Vocabulary& v = shipped_library().vocabulary();
  auto r = parse_request(kValid, v);
  ASSERT_TRUE(r);
  std::string json = request_to_json(*r, v);
  auto again = parse_request(json, v);
  ASSERT_TRUE(again) << again.error().message << "\n" << json;
  EXPECT_EQ(again->situation, r->situation);
  EXPECT_EQ(again->actions, r->actions);
  EXPECT_EQ(request_to_json(*again, v), json);
}

}  // namespace
}  // namespace trustgate::policy
