// The shipped packs: every scenario passes, every pack carries the
// disclaimer, at least twenty scenarios, a registry and a time zone, and
// `policy check` finds what docs/policies.md says it finds.
#include <gtest/gtest.h>

#include "cedar/authorizer.h"
#include "test_library.h"
#include "trustgate/policy/analysis.h"
#include "trustgate/policy/decision.h"
#include "trustgate/policy/scenario.h"

namespace trustgate::policy {
namespace {

using testing::shipped_library;

const char* const kPacks[] = {
    "us",           "us-il",        "us-il-cook",      "us-il-chicago",   "us-tx",
    "us-tx-travis", "us-tx-austin", "us-ny",           "us-ny-nyc",       "us-ca",
    "us-co",        "us-co-denver", "us-pa-allegheny", "us-pa-pittsburgh"};

class ShippedPackTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ShippedPackTest, ScenariosPass) {
  const Library& lib = shipped_library();
  auto results = run_scenarios(lib, GetParam());
  EXPECT_GE(results.size(), 20u);
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
  uint64_t agencies = std::max<uint64_t>(chain->agencies.size(), 1);
  EXPECT_FALSE(chain->agencies.empty()) << "every shipped jurisdiction has a registry";
  EXPECT_TRUE(chain->time_zone || std::string(GetParam()) == "us");
  EXPECT_EQ(r.cells,
            agencies * lib.vocabulary().situation_count() * lib.vocabulary().actions.size());
  EXPECT_TRUE(r.undecided.empty()) << check_to_text(r, lib.vocabulary(), false);
  EXPECT_TRUE(r.errors.empty());
}

INSTANTIATE_TEST_SUITE_P(Packs, ShippedPackTest, ::testing::ValuesIn(kPacks), [](const auto& info) {
  std::string name = info.param;
  for (char& c : name) c = c == '-' ? '_' : c;
  return name;
});

// The real state/local dispute: the Travis County Sheriff's 2017 detainer
// policy against SB 4. Only ICE detainers for the Sheriff conflict, and every
// such conflict names Texas as the likely prevailing layer.
TEST(ShippedPacksTest, TravisSheriffConflictsWithTexasOnDetainersOnly) {
  const Library& lib = shipped_library();
  const Vocabulary& v = lib.vocabulary();
  CheckReport r = check(*lib.chain("us-tx-travis"), *parse_date("2025-06-01"), v);
  ASSERT_FALSE(r.conflicts.empty());
  auto court_process = [&](const CellGroup& g) {
    const std::string& i = v.instruments.values[g.instrument];
    return (i == "court_order" || i == "judicial_subpoena") &&
           v.signers.values[g.signed_by] == "judge";
  };
  bool detainer_conflict = false;
  for (const CellGroup& g : r.conflicts) {
    if (court_process(g)) continue;  // a local rule without a court-order exception
    detainer_conflict = true;
    EXPECT_EQ(v.instruments.values[g.instrument], "detainer");
    const std::string& action = v.actions[g.action];
    EXPECT_TRUE(action == "hold_beyond_release" || action == "notify_release" ||
                action == "transfer_custody")
        << action;
    EXPECT_EQ(g.conditions(v, r.agencies).find("agency"), std::string::npos);  // one agency
  }
  EXPECT_TRUE(detainer_conflict);
  // Before SB 4 (2017-09-01) the county policy decided alone: only court
  // process (which the policy's text does not except) can conflict.
  for (const CellGroup& g :
       check(*lib.chain("us-tx-travis"), *parse_date("2017-06-01"), v).conflicts) {
    EXPECT_TRUE(court_process(g)) << v.actions[g.action];
  }
  // Austin police are not bound by the Sheriff's policy.
  CheckReport austin = check(*lib.chain("us-tx-austin"), *parse_date("2025-06-01"), v);
  for (const CellGroup& g : austin.conflicts) {
    EXPECT_EQ(g.conditions(v, austin.agencies).find("austin-police"), std::string::npos);
  }
  // Elsewhere the only conflicts are court orders against local text that
  // has no court-order exception.
  for (const char* j : {"us-tx", "us-il-chicago", "us-ca", "us-ny-nyc", "us-co-denver"}) {
    for (const CellGroup& g : check(*lib.chain(j), *parse_date("2025-06-01"), v).conflicts) {
      EXPECT_TRUE(court_process(g)) << j << " " << v.actions[g.action];
    }
  }
}

// A conflict's decision carries the preempting layer and its citation.
TEST(ShippedPacksTest, ConflictCarriesLikelyPrevailing) {
  const Library& lib = shipped_library();
  auto req = parse_request(R"({"received_at": "2025-03-03T10:00:00-06:00",
      "jurisdiction": "us-tx-travis", "receiving_agency": "travis-county-sheriff",
      "requester": {"agency": "ice-ero"}, "instrument": {"type": "detainer"},
      "actions": ["hold_beyond_release"], "purpose": "civil_immigration_enforcement",
      "subject": {"in_custody": true}})",
                           lib.vocabulary());
  ASSERT_TRUE(req) << req.error().message;
  auto d = decide(lib, *req);
  ASSERT_TRUE(d) << d.error().message;
  const Outcome& o = d->outcomes.at(0);
  ASSERT_EQ(o.compliance, Compliance::Conflict);
  ASSERT_NE(o.likely_prevails, nullptr);
  EXPECT_EQ(o.likely_prevails->pack, "us-tx");
  std::string json = decision_to_json(*d, lib.vocabulary());
  EXPECT_NE(json.find(R"("layer":"state","pack":"us-tx","policy":"us-tx/2A-060-honor-detainers")"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("likely_prevails":{"cite":"Tex. Gov't Code 752.053)"), std::string::npos);
  EXPECT_NE(json.find("El Cenizo"), std::string::npos);
  EXPECT_NE(json.find(R"("response":"refer_counsel")"), std::string::npos);
  std::string text = decision_to_text(*d, lib.vocabulary());
  EXPECT_NE(text.find("Meanwhile: Texas law likely prevails"), std::string::npos) << text;
}

// decision_to_json writes the decision without building decision_record's
// tree: the texts are the same, byte for byte, for each action of the
// shipped packs' jurisdictions, and for an outcome with errors and a request
// id that needs escaping.
TEST(ShippedPacksTest, DecisionJsonIsTheRecordsCanonicalForm) {
  const Library& lib = shipped_library();
  const Vocabulary& v = lib.vocabulary();
  size_t compared = 0;
  for (const char* place :
       {R"("jurisdiction": "us-il-chicago", "receiving_agency": "chicago-police")",
        R"("jurisdiction": "us-tx-travis", "receiving_agency": "travis-county-sheriff")"}) {
    for (const std::string& action : v.actions) {
      auto req = parse_request(
          std::string(R"({"id": "q\"1", "received_at": "2025-03-03T10:00:00-06:00", )") + place +
              R"(, "requester": {"agency": "ice-ero"},
          "instrument": {"type": "detainer"}, "actions": [")" +
              action + R"("],
          "purpose": "civil_immigration_enforcement", "subject": {"in_custody": true}})",
          v);
      if (!req) continue;  // an action this request shape cannot ask
      auto d = decide(lib, *req);
      ASSERT_TRUE(d) << d.error().message;
      EXPECT_EQ(decision_to_json(*d, v), decision_record(*d, v).canonical()) << action;
      d->outcomes.at(0).errors = {"p: condition is a long, not a bool", "tab\t"};
      d->outcomes.push_back(d->outcomes.at(0));
      EXPECT_EQ(decision_to_json(*d, v), decision_record(*d, v).canonical()) << action;
      ++compared;
    }
  }
  EXPECT_GT(compared, 4u);
}

// The Law's own evaluation must agree with the engine's Authorizer run on
// the same policies: same decision and same determining policies.
TEST(ShippedPacksTest, AskAgreesWithCedarAuthorizer) {
  const Library& lib = shipped_library();
  const Vocabulary& v = lib.vocabulary();
  for (const char* jurisdiction : {"us-il-chicago", "us-tx-travis", "us-ca", "us-ny-nyc"}) {
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
      s.facts = (seed * 2654435761u) >> (32 - v.facts.size());
      s.agency_kind = static_cast<uint8_t>(seed / 17 % v.agency_kinds.values.size());
      s.interview_mode = static_cast<uint8_t>(seed / 5 % v.interview_modes.values.size());
      for (size_t c = 0; c < v.conviction_classes.size(); ++c)
        s.convictions[c] =
            static_cast<uint8_t>((seed / (19 + c)) % v.conviction_ages.values.size());
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

// context() keeps built facts records per thread. A vocabulary built where
// a freed one lay (a replay loads the law of each recorded version) must
// get records of its own facts, not the old one's.
TEST(VocabularyTest, AVocabularyAtAFreedOnesAddressGetsItsOwnFacts) {
  const Vocabulary& shipped = shipped_library().vocabulary();
  ASSERT_FALSE(shipped.facts.empty());
  Situation s;
  s.facts = 1;  // the first fact, true
  auto first_fact_name = [&](const Vocabulary& v) {
    const cedar::Value context = v.context(s);
    for (const auto& [name, value] : context.as_record()) {
      if (name == "facts") return value.as_record().front().first;
    }
    return std::string("(no facts)");
  };
  alignas(Vocabulary) unsigned char storage[sizeof(Vocabulary)];
  auto* v = new (storage) Vocabulary(shipped);
  EXPECT_EQ(first_fact_name(*v), shipped.facts.front());
  v->~Vocabulary();
  Vocabulary renamed = shipped;
  renamed.facts.front() = "aaa_renamed";
  v = new (storage) Vocabulary(renamed);
  EXPECT_EQ(first_fact_name(*v), "aaa_renamed");
  v->~Vocabulary();
}

}  // namespace
}  // namespace trustgate::policy
