// Layering semantics on small synthetic packs: the four outcomes, `because`
// and obligations, effective dates, and the load errors.
#include <gtest/gtest.h>

#include "test_library.h"
#include "trustgate/policy/decision.h"

namespace trustgate::policy {
namespace {

using testing::TempPolicies;

constexpr const char* kBase = R"(
@id("base/may") @cite("c-may") @explain("may")
permit (principal, action == Action::"notify_release", resource);
@id("base/may-refuse") @cite("c-refuse") @explain("may refuse")
permit (principal, action == Action::"refuse_notify_release", resource);
)";

std::string request(const std::string& jurisdiction, const std::string& date = "2025-01-27",
                    const std::string& instrument = "detainer") {
  return R"({"received_at": ")" + date + R"(T10:00:00Z", "jurisdiction": ")" + jurisdiction +
         R"(", "receiving_agency": "a", "requester": {"agency": "ice-ero"},
         "instrument": {"type": ")" +
         instrument + R"("}, "actions": ["notify_release"],
         "purpose": "civil_immigration_enforcement"})";
}

Outcome decide_one(const Library& lib, const std::string& text) {
  auto req = parse_request(text, lib.vocabulary());
  EXPECT_TRUE(req) << req.error().message;
  auto d = decide(lib, *req);
  EXPECT_TRUE(d) << d.error().message;
  return d->outcomes.at(0);
}

std::vector<std::string> ids(const Outcome& o) {
  std::vector<std::string> out;
  for (const Provision* p : o.because) out.push_back(p->id);
  return out;
}

TEST(LayeringTest, FourOutcomes) {
  TempPolicies t;
  t.pack("base", "", kBase);
  t.pack("ban", "base", R"(@id("ban/no") @cite("c-no") @explain("no") @obligation("tell")
forbid (principal, action == Action::"notify_release", resource)
when { context.instrument == Instrument::"detainer" };)",
         R"(,"obligations":{"tell":"Tell someone."})");
  t.pack("must", "base", R"(@id("must/yes") @cite("c-yes") @explain("yes")
forbid (principal, action == Action::"refuse_notify_release", resource);)");
  t.pack("both", "ban", R"(@id("both/yes") @cite("c-yes") @explain("yes")
forbid (principal, action == Action::"refuse_notify_release", resource);)");
  auto lib = Library::open(t.root());
  ASSERT_TRUE(lib) << lib.error().describe();

  Outcome o = decide_one(**lib, request("base"));
  EXPECT_EQ(o.compliance, Compliance::Discretionary);
  EXPECT_EQ(ids(o), (std::vector<std::string>{"base/may", "base/may-refuse"}));

  o = decide_one(**lib, request("ban"));
  EXPECT_EQ(o.compliance, Compliance::Prohibited);
  EXPECT_EQ(ids(o), std::vector<std::string>{"ban/no"});
  ASSERT_EQ(o.obligations.size(), 1u);
  EXPECT_EQ(o.obligations[0], "tell");

  o = decide_one(**lib, request("ban", "2025-01-27", "informal"));
  EXPECT_EQ(o.compliance, Compliance::Discretionary);

  o = decide_one(**lib, request("must"));
  EXPECT_EQ(o.compliance, Compliance::Required);
  EXPECT_EQ(ids(o), std::vector<std::string>{"must/yes"});

  o = decide_one(**lib, request("both"));
  EXPECT_EQ(o.compliance, Compliance::Conflict);
  EXPECT_EQ(ids(o), (std::vector<std::string>{"ban/no", "both/yes"}));
  EXPECT_FALSE(o.undetermined);
}

TEST(LayeringTest, DefaultDenyIsReportedAsUndetermined) {
  TempPolicies t;
  t.pack("only", "", R"(@id("only/may") @cite("c") @explain("e")
permit (principal, action == Action::"notify_release", resource);)");
  auto lib = Library::open(t.root());
  ASSERT_TRUE(lib) << lib.error().describe();
  Outcome o = decide_one(**lib, request("only"));
  EXPECT_EQ(o.compliance, Compliance::Required);  // nothing permits refusing
  EXPECT_TRUE(o.undetermined);
  EXPECT_TRUE(o.because.empty());
}

TEST(LayeringTest, EffectiveDatesSelectTheLawOfTheDay) {
  TempPolicies t;
  t.pack("base", "", kBase);
  t.pack("city", "base", R"(@id("city/no") @cite("c") @explain("e") @effective_from("2021-01-27")
forbid (principal, action == Action::"notify_release", resource);)",
         "", "\"2019-01-01\"");
  auto lib = Library::open(t.root());
  ASSERT_TRUE(lib) << lib.error().describe();
  EXPECT_EQ(decide_one(**lib, request("city", "2021-01-26")).compliance, Compliance::Discretionary);
  EXPECT_EQ(decide_one(**lib, request("city", "2021-01-27")).compliance, Compliance::Prohibited);
  auto chain = (*lib)->chain("city");
  ASSERT_EQ(chain->laws.size(), 3u);  // before 2019, 2019..2021, from 2021
  EXPECT_NE(chain->at(*parse_date("2020-01-01")).policy_version,
            chain->at(*parse_date("2022-01-01")).policy_version);
  EXPECT_EQ(chain->at(*parse_date("2018-01-01")).layers.size(), 1u);
}

TEST(LayeringTest, LoadErrorsNameThePolicy) {
  struct Case {
    const char* cedar;
    const char* manifest;
    const char* message;
  } cases[] = {
      {R"(@id("p/a") @explain("e") permit (principal, action, resource);)", "",
       "needs a non-empty @cite"},
      {R"(@id("other/a") @cite("c") @explain("e") permit (principal, action, resource);)", "",
       "must start with \"p/\""},
      {R"(@id("p/a") @cite("c") @explain("e") @obligation("x") permit (principal, action, resource);)",
       "", "obligation \"x\" is not defined"},
      {R"(@id("p/a") @cite("c") @explain("e") @note("n") permit (principal, action, resource);)",
       "", "unknown annotation @note"},
      {R"(@id("p/a") @cite("c") @explain("e") permit (principal, action == Action::"fly", resource);)",
       "", "unknown action"},
      {R"(@id("p/a") @cite("c") @explain("e") permit (principal, action, resource);
@id("p/a") @cite("c") @explain("e") permit (principal, action, resource);)",
       "", "duplicate @id p/a"},
      {R"(@id("p/a") @cite("c") @explain("e") permit (principal, action, resource)
when { context.facts.nosuch };)",
       "", "p/a does not validate against schema.cedarschema: attribute `nosuch`"},
      {R"(@id("p/a") @cite("c") @explain("e") permit (principal, action, resource)
when { context.instrument == 3 };)",
       "", "p/a does not validate against schema.cedarschema"},
  };
  for (const Case& c : cases) {
    TempPolicies t;
    t.pack("p", "", c.cedar, c.manifest);
    auto lib = Library::open(t.root());
    ASSERT_FALSE(lib) << c.message;
    EXPECT_NE(lib.error().message.find(c.message), std::string::npos) << lib.error().message;
  }
}

TEST(LayeringTest, ManifestNeedsTheDisclaimerAndAKnownParent) {
  TempPolicies t;
  t.pack("p", "missing",
         R"(@id("p/a") @cite("c") @explain("e") permit (principal, action, resource);)");
  auto lib = Library::open(t.root());
  ASSERT_FALSE(lib);
  EXPECT_NE(lib.error().message.find("no pack \"missing\""), std::string::npos)
      << lib.error().message;
}

}  // namespace
}  // namespace trustgate::policy
