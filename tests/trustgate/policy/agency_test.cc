// The receiving-agency registry, the new request fields (convictions by age,
// interview mode), decisions under the local date of the jurisdiction, and
// the registry's load errors.
#include <gtest/gtest.h>

#include "test_library.h"
#include "trustgate/policy/decision.h"

namespace trustgate::policy {
namespace {

using testing::shipped_library;
using testing::TempPolicies;

std::string chicago(const std::string& agency, const std::string& received_at,
                    const std::string& extra = "") {
  return R"({"received_at": ")" + received_at + R"(", "jurisdiction": "us-il-chicago",
    "receiving_agency": ")" +
         agency + R"(", "requester": {"agency": "ice-ero"},
    "instrument": {"type": "informal"}, "actions": ["interview_access", "database_access"],
    "purpose": "civil_immigration_enforcement")" +
         extra + "}";
}

cedar::Result<Decision> decide_text(const std::string& text) {
  const Library& lib = shipped_library();
  auto req = parse_request(text, lib.vocabulary());
  if (!req) return req.error();
  return decide(lib, *req);
}

TEST(AgencyTest, UnknownAgencyListsTheKnownOnes) {
  auto d = decide_text(chicago("chicago-polic", "2025-03-03T10:00:00-06:00"));
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().field, "/receiving_agency");
  EXPECT_EQ(
      d.error().message.rfind("unknown agency \"chicago-polic\" for us-il-chicago (one of: ", 0),
      0u)
      << d.error().message;
  EXPECT_NE(d.error().message.find("cook-county-sheriff"), std::string::npos);
  EXPECT_NE(d.error().message.find("chicago-police"), std::string::npos);
  // Placeholders are known only in their own pack's jurisdiction.
  EXPECT_EQ(d.error().message.find("il-county-jail"), std::string::npos);
  EXPECT_EQ(d.error().message.find("local-jail"), std::string::npos);
}

TEST(AgencyTest, LayersFollowTheAgency) {
  // The Sheriff is not bound by Chicago's 2-173-030(b); the police are.
  std::string extra = R"(, "subject": {"in_custody": true})";
  auto police = decide_text(chicago("chicago-police", "2025-03-03T10:00:00-06:00", extra));
  auto sheriff = decide_text(chicago("cook-county-sheriff", "2025-03-03T10:00:00-06:00", extra));
  ASSERT_TRUE(police && sheriff);
  EXPECT_EQ(police->outcomes[1].compliance, Compliance::Prohibited);
  EXPECT_EQ(sheriff->outcomes[1].compliance, Compliance::Discretionary);
  // One version names the jurisdiction's law of the date, for every agency
  // (the registry that picks the layers is part of it).
  EXPECT_EQ(police->policy_version, sheriff->policy_version);
  EXPECT_EQ(police->policy_version,
            shipped_library().chain("us-il-chicago")->at(police->law_date).policy_version);
  for (const Provision* p : sheriff->outcomes[0].because) EXPECT_NE(p->pack, "us-il-chicago");
}

TEST(AgencyTest, KindIsInTheContext) {
  // NYC 9-131's Rikers office rule binds the jail kind, not the police.
  const Library& lib = shipped_library();
  for (auto [agency, want] : {std::pair{"nyc-doc", Compliance::Prohibited},
                              std::pair{"nypd", Compliance::Discretionary}}) {
    auto req = parse_request(std::string(R"({"received_at": "2025-03-03T10:00:00-05:00",
      "jurisdiction": "us-ny-nyc", "receiving_agency": ")") +
                                 agency + R"(",
      "requester": {"agency": "ice-ero"}, "instrument": {"type": "informal"},
      "actions": ["facility_use"], "purpose": "civil_immigration_enforcement"})",
                             lib.vocabulary());
    ASSERT_TRUE(req) << req.error().message;
    auto d = decide(lib, *req);
    ASSERT_TRUE(d) << d.error().message;
    EXPECT_EQ(d->outcomes[0].compliance, want) << agency;
  }
}

TEST(AgencyTest, DecidedUnderTheLocalDate) {
  // The same instant, written in two offsets, is one Chicago date.
  std::string felony = R"(, "subject": {"in_custody": true,
      "convictions": {"other_felony": "5_to_10_years"}})";
  for (const char* when : {"2021-01-26T23:30:00-06:00", "2021-01-27T05:30:00Z"}) {
    auto d = decide_text(chicago("chicago-police", when, felony));
    ASSERT_TRUE(d) << d.error().message;
    EXPECT_EQ(d->law_date.to_string(), "2021-01-26") << when;
    EXPECT_EQ(d->outcomes[0].compliance, Compliance::Discretionary) << when;
  }
  auto after = decide_text(chicago("chicago-police", "2021-01-27T00:30:00-06:00", felony));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->law_date.to_string(), "2021-01-27");
  EXPECT_EQ(after->outcomes[0].compliance, Compliance::Prohibited);
}

TEST(AgencyTest, ConvictionsAndInterviewModeParseAndRoundTrip) {
  const Vocabulary& v = shipped_library().vocabulary();
  std::string text = chicago("chicago-police", "2025-03-03T10:00:00-06:00",
                             R"(, "interview_mode": "video", "subject": {"in_custody": true,
      "convictions": {"misdemeanor": "under_5_years", "serious_violent_felony": "none"}})");
  auto r = parse_request(text, v);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(v.interview_modes.values[r->situation.interview_mode], "video");
  EXPECT_EQ(
      v.conviction_ages.values[r->situation.convictions[*v.find_conviction_class("misdemeanor")]],
      "under_5_years");
  auto again = parse_request(request_to_json(*r, v), v);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->situation, r->situation);

  auto bad_class = parse_request(chicago("chicago-police", "2025-03-03T10:00:00-06:00",
                                         R"(, "subject": {"convictions": {"felony": "none"}})"),
                                 v);
  ASSERT_FALSE(bad_class);
  EXPECT_EQ(bad_class.error().field, "/subject/convictions/felony");
  EXPECT_EQ(bad_class.error().message.rfind("unknown conviction class \"felony\"", 0), 0u);
  auto bad_age =
      parse_request(chicago("chicago-police", "2025-03-03T10:00:00-06:00",
                            R"(, "subject": {"convictions": {"misdemeanor": "recent"}})"),
                    v);
  ASSERT_FALSE(bad_age);
  EXPECT_EQ(bad_age.error().field, "/subject/convictions/misdemeanor");
  EXPECT_EQ(bad_age.error().message.rfind("unknown value \"recent\"", 0), 0u);
  auto bad_mode = parse_request(
      chicago("chicago-police", "2025-03-03T10:00:00-06:00", R"(, "interview_mode": "fax")"), v);
  ASSERT_FALSE(bad_mode);
  EXPECT_EQ(bad_mode.error().field, "/interview_mode");
  EXPECT_EQ(bad_mode.error().message.rfind("unknown value \"fax\"", 0), 0u);
}

constexpr const char* kAllow = R"(
@id("base/may") @cite("c") @explain("may")
permit (principal, action == Action::"notify_release", resource);
@id("base/may-refuse") @cite("c") @explain("may refuse")
permit (principal, action == Action::"refuse_notify_release", resource);
)";

TEST(AgencyTest, RegistryLoadErrors) {
  {
    TempPolicies t;
    t.pack("base", "", kAllow, R"(,"agencies":{"a":{"name":"A","kind":"fire","layers":["base"]}})");
    auto lib = Library::open(t.root());
    ASSERT_FALSE(lib);
    EXPECT_NE(lib.error().message.find("agencies.a.kind: unknown kind \"fire\""), std::string::npos)
        << lib.error().message;
  }
  {
    TempPolicies t;
    t.pack("base", "", kAllow, R"(,"agencies":{"a":{"name":"A","kind":"jail","layers":["x"]}})");
    auto lib = Library::open(t.root());
    ASSERT_FALSE(lib);
    EXPECT_NE(lib.error().message.find("must end with this pack"), std::string::npos)
        << lib.error().message;
  }
  {
    TempPolicies t;
    t.pack("base", "", kAllow);
    t.pack("city", "base", std::string(R"(
@id("city/x") @cite("c") @explain("x")
permit (principal, action == Action::"notify_release", resource);)"),
           R"(,"agencies":{"a":{"name":"A","kind":"jail","layers":["city","base","city"]}})");
    auto lib = Library::open(t.root());
    ASSERT_FALSE(lib);
    EXPECT_NE(lib.error().message.find("\"base\" is not a pack of the chain"), std::string::npos)
        << lib.error().message;
  }
  {
    TempPolicies t;
    t.pack("base", "", kAllow, R"(,"time_zone":"Mars/Olympus")");
    auto lib = Library::open(t.root());
    ASSERT_FALSE(lib);
    EXPECT_NE(lib.error().message.find("time_zone"), std::string::npos) << lib.error().message;
  }
  {
    TempPolicies t;
    t.pack("base", "", "", R"(,"context_only":false)");
    auto lib = Library::open(t.root());
    ASSERT_FALSE(lib);
    EXPECT_NE(lib.error().message.find("context_only"), std::string::npos) << lib.error().message;
  }
}

TEST(AgencyTest, ConditionsMayNotReadTheAction) {
  TempPolicies t;
  t.pack("base", "", std::string(kAllow) + R"(
@id("base/bad") @cite("c") @explain("x")
forbid (principal, action in [Action::"notify_release", Action::"transfer_custody"], resource)
when { action == Action::"notify_release" };)");
  auto lib = Library::open(t.root());
  ASSERT_FALSE(lib);
  EXPECT_NE(lib.error().message.find("reads `action`"), std::string::npos) << lib.error().message;
}

TEST(AgencyTest, ChainWithoutRegistryAcceptsAnyAgency) {
  TempPolicies t;
  t.pack("base", "", kAllow);
  auto lib = Library::open(t.root());
  ASSERT_TRUE(lib) << lib.error().describe();
  auto req = parse_request(R"({"received_at": "2025-01-27T10:00:00Z", "jurisdiction": "base",
      "receiving_agency": "anyone", "requester": {"agency": "ice-ero"},
      "instrument": {"type": "detainer"}, "actions": ["notify_release"],
      "purpose": "civil_immigration_enforcement"})",
                           (*lib)->vocabulary());
  ASSERT_TRUE(req);
  auto d = decide(**lib, *req);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->agency, nullptr);
  EXPECT_EQ(d->outcomes[0].compliance, Compliance::Discretionary);
}

}  // namespace
}  // namespace trustgate::policy
