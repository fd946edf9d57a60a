// The shipped packs: every scenario passes, every pack carries the
// disclaimer and at least ten scenarios, and `policy check` finds what
// docs/policies.md says it finds.
#include <gtest/gtest.h>

#include "cedar/authorizer.h"
#include "test_library.h"
#include "trustgate/policy/analysis.h"
#include "trustgate/policy/scenario.h"

namespace trustgate::policy {
namespace {

using testing::shipped_library;

const char* const kPacks[] = {"us",    "us-il",        "us-il-chicago",
                              "us-tx", "us-tx-austin", "us-ny-nyc",
                              "us-ca", "us-co-denver", "us-pa-pittsburgh"};

class ShippedPackTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ShippedPackTest, ScenariosPass) {
  const Library& lib = shipped_library();
  auto results = run_scenarios(lib, GetParam());
  EXPECT_GE(results.size(), 10u);
  for (const auto& r : results) {
    std::string all;
    for (const auto& f : r.failures) all += "\n  " + f;
    EXPECT_TRUE(r.passed()) << r.file << ": " << r.name << all;
  }
}

TEST_P(ShippedPackTest, CarriesTheDisclaimerAndDecidesEveryCell) {
  const Library& lib = shipped_library();
  auto chain = lib.chain(GetParam());
  ASSERT_TRUE(chain);
  EXPECT_NE(chain->packs.back()->disclaimer.find(kDisclaimer), std::string::npos);
  CheckReport r = check(*chain, *parse_date("2025-06-01"), lib.vocabulary());
  EXPECT_EQ(r.cells, lib.vocabulary().situation_count() * lib.vocabulary().actions.size());
  EXPECT_TRUE(r.undecided.empty()) << check_to_text(r, lib.vocabulary(), false);
  EXPECT_TRUE(r.errors.empty());
}

INSTANTIATE_TEST_SUITE_P(Packs, ShippedPackTest, ::testing::ValuesIn(kPacks), [](const auto& info) {
  std::string name = info.param;
  for (char& c : name) c = c == '-' ? '_' : c;
  return name;
});

TEST(ShippedPacksTest, AustinConflictsWithTexasOnDetainers) {
  const Library& lib = shipped_library();
  CheckReport r = check(*lib.chain("us-tx-austin"), *parse_date("2025-06-01"), lib.vocabulary());
  ASSERT_FALSE(r.conflicts.empty());
  for (const CellGroup& g : r.conflicts) {
    EXPECT_EQ(lib.vocabulary().instruments.values[g.instrument], "detainer");
    const std::string& action = lib.vocabulary().actions[g.action];
    EXPECT_TRUE(action == "hold_beyond_release" || action == "notify_release") << action;
  }
  CheckReport tx = check(*lib.chain("us-tx"), *parse_date("2025-06-01"), lib.vocabulary());
  EXPECT_TRUE(tx.conflicts.empty());
}

// The Law's own evaluation must agree with the engine's Authorizer run on
// the same policies: same decision and same determining policies.
TEST(ShippedPacksTest, AskAgreesWithCedarAuthorizer) {
  const Library& lib = shipped_library();
  const Vocabulary& v = lib.vocabulary();
  for (const char* jurisdiction : {"us-il-chicago", "us-tx-austin", "us-ca"}) {
    const Law& law = lib.chain(jurisdiction)->at(*parse_date("2025-06-01"));
    cedar::PolicySet set;
    for (const Pack* pack : law.layers) {
      for (size_t i = 0; i < pack->policies.size(); ++i) {
        if (std::find(law.provisions.begin(), law.provisions.end(), &pack->provisions[i]) !=
            law.provisions.end()) {
          ASSERT_TRUE(set.add(pack->policies[i]));
        }
      }
    }
    cedar::Authorizer authz(set);
    Situation s;
    for (uint32_t seed = 0; seed < 2000; ++seed) {
      s.instrument = static_cast<uint8_t>(seed % v.instruments.values.size());
      s.signed_by = static_cast<uint8_t>(seed / 3 % v.signers.values.size());
      s.purpose = static_cast<uint8_t>(seed / 7 % v.purposes.values.size());
      s.requester = static_cast<uint8_t>(seed / 11 % v.requesters.values.size());
      s.in_custody = (seed / 13) % 2;
      s.facts = (seed * 2654435761u) >> 27;
      cedar::Request req{{"Agency", "a"}, {}, {"FederalRequest", "r"}, v.context(s)};
      for (uint8_t a = 0; a < v.actions.size(); ++a) {
        for (bool refuse : {false, true}) {
          req.action = refuse ? v.refuse_uids[a] : v.do_uids[a];
          cedar::Response expected = authz.authorize(req, law.entities);
          Answer got = ask(law, Question{a, refuse}, req);
          ASSERT_EQ(got.allowed, expected.decision == cedar::Decision::Allow) << jurisdiction;
          std::vector<std::string> got_ids;
          for (const Provision* p : got.determining) got_ids.push_back(p->id);
          std::sort(got_ids.begin(), got_ids.end());
          std::sort(expected.reason.begin(), expected.reason.end());
          ASSERT_EQ(got_ids, expected.reason) << jurisdiction << " " << req.action.to_string();
        }
      }
    }
  }
}

}  // namespace
}  // namespace trustgate::policy
