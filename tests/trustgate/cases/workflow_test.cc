#include "trustgate/cases/workflow.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "trustgate/cases/data_dir.h"
#include "trustgate/ledger/ledger_test_util.h"
#include "trustgate/ledger/verify.h"
#include "trustgate/policy/library.h"

namespace trustgate::cases {
namespace {

using trustgate::testing::TempDir;

constexpr std::string_view kChicagoDetainer = R"({
  "id": "r-17", "received_at": "2025-01-27T14:03:00-06:00", "jurisdiction": "us-il-chicago",
  "receiving_agency": "chicago-police", "requester": {"agency": "ice-ero"},
  "instrument": {"type": "detainer", "form": "I-247A", "signed_by": "immigration_officer"},
  "actions": ["hold_beyond_release", "notify_release"],
  "purpose": "civil_immigration_enforcement", "subject": {"in_custody": true},
  "facts": {"supervisor_on_site": false}})";

// Test scaffolding, not a stand-in for a shipped part: it returns one fixed
// decision (the design's Decision JSON) so the workflow tests do not change
// when the policy packs do. PolicyDecider, the real one, is tested below.
class FixedDecider : public Decider {
 public:
  explicit FixedDecider(std::string decision_json) : decision_json_(std::move(decision_json)) {}
  cedar::Result<DecidedRequest> decide(std::string_view request_json) override {
    auto request = common::parse_json(request_json);
    if (!request) return request.error();
    auto decision = read_decision(decision_json_);
    if (!decision) return decision.error();
    return DecidedRequest{*request, std::string(request->string_or_empty("id")),
                          std::string(request->string_or_empty("jurisdiction")),
                          std::string(request->string_or_empty("received_at")),
                          std::move(*decision)};
  }

 private:
  std::string decision_json_;
};

constexpr const char* kOnSiteDecision = R"({"request_id":"r-17","jurisdiction":"us-il-chicago",
  "policy_version":"sha256:aaaa","decided_at":"2025-01-27T20:03:00Z","outcomes":[
  {"action":"on_scene_assistance","compliance":"discretionary","response":"refer_supervisor",
   "because":[{"policy":"us-il-chicago/x","layer":"city","cite":"c","explain":"e"}],
   "obligations":["supervisor_on_site"]}]})";

constexpr const char* kPlainDecision = R"({"request_id":"r-1","jurisdiction":"us-il-chicago",
  "policy_version":"sha256:bbbb","decided_at":"2025-01-27T20:03:00Z","outcomes":[
  {"action":"hold_beyond_release","compliance":"prohibited","response":"decline",
   "because":[],"obligations":[]}]})";

// A data directory with its ledger and store open, and a workflow on them.
struct Desk {
  explicit Desk(const std::filesystem::path& dir, Decider* decider) {
    if (!std::filesystem::exists(dir / "config.json")) {
      auto s = init_data_dir(dir, {"trustgate/test-desk", ""});
      EXPECT_TRUE(s) << s.error().message;
    }
    auto d = open_data_dir(dir);
    EXPECT_TRUE(d) << d.error().message;
    data = std::move(*d);
    workflow = std::make_unique<CaseWorkflow>(*data.store, *data.ledger, decider);
  }
  DataDir data;
  std::unique_ptr<CaseWorkflow> workflow;
};

cedar::Result<ledger::VerifyReport> verify(const DataDir& d) {
  auto pub = common::Ed25519Key::from_public_pem(*d.key.public_pem());
  return ledger::verify_ledger(d.root / "ledger", ledger::VerifyOptions{*pub, std::nullopt, true});
}

TEST(CaseStateTest, OnlyTheDocumentedTransitionsAreAllowed) {
  using S = CaseState;
  EXPECT_TRUE(check_transition("C-1", S::Received, S::Decided));
  EXPECT_TRUE(check_transition("C-1", S::Decided, S::AwaitingSupervisor));
  EXPECT_TRUE(check_transition("C-1", S::Decided, S::Closed));
  EXPECT_TRUE(check_transition("C-1", S::AwaitingSupervisor, S::SignedOff));
  EXPECT_TRUE(check_transition("C-1", S::AwaitingSupervisor, S::Overridden));
  EXPECT_TRUE(check_transition("C-1", S::SignedOff, S::Closed));
  EXPECT_TRUE(check_transition("C-1", S::Overridden, S::Closed));
  auto bad = check_transition("C-1", S::Decided, S::SignedOff);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "case C-1 is decided; it cannot become signed_off (allowed next: "
            "awaiting_supervisor, closed)");
  EXPECT_FALSE(check_transition("C-1", S::Closed, S::Decided));
  EXPECT_EQ(parse_state("awaiting_supervisor"), S::AwaitingSupervisor);
  EXPECT_FALSE(parse_state("open"));
}

TEST(DataDirTest, InitCreatesKeysConfigAndRefusesToOverwrite) {
  TempDir tmp;
  auto dir = tmp.path() / "data";
  ASSERT_TRUE(init_data_dir(dir, {}));
  struct stat st {};
  ASSERT_EQ(::stat((dir / "keys" / "ledger.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_TRUE(std::filesystem::exists(dir / "cases.db"));
  EXPECT_TRUE(std::filesystem::exists(dir / "ledger" / "heads.log"));
  auto again = init_data_dir(dir, {});
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("refusing to overwrite"), std::string::npos);
  auto d = open_data_dir(dir);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->config.origin.rfind("trustgate/", 0), 0u);
  EXPECT_FALSE(open_data_dir(tmp.path() / "nothing"));
}

TEST(WorkflowTest, SupervisorSignOffNeedsOnSiteWhenObliged) {
  TempDir tmp;
  FixedDecider decider(kOnSiteDecision);
  Desk desk(tmp.path() / "data", &decider);
  auto c = desk.workflow->submit(kChicagoDetainer);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->id, "C-000001");
  EXPECT_EQ(c->state, CaseState::AwaitingSupervisor);
  EXPECT_TRUE(c->needs_on_site);
  EXPECT_EQ(c->client_id, "r-17");
  // policy_activated, received, decided, awaiting_supervisor
  EXPECT_EQ(desk.data.ledger->size(), 4u);
  ASSERT_EQ(c->events.size(), 3u);
  EXPECT_NE(c->events[0].entry.find("\"policy_version\":\"sha256:aaaa\""), std::string::npos);

  auto refused = desk.workflow->sign_off(c->id, "Sgt. Rivera", false);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("supervisor_on_site"), std::string::npos);
  EXPECT_FALSE(desk.workflow->sign_off(c->id, "", true));
  auto signed_off = desk.workflow->sign_off(c->id, "Sgt. Rivera", true);
  ASSERT_TRUE(signed_off) << signed_off.error().message;
  EXPECT_EQ(signed_off->state, CaseState::SignedOff);
  EXPECT_EQ(signed_off->supervisor, "Sgt. Rivera");
  EXPECT_TRUE(signed_off->on_site);
  EXPECT_FALSE(desk.workflow->override_decision(c->id, "Lt. Chen", "late"));  // illegal now
  auto closed = desk.workflow->close(c->id);
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->state, CaseState::Closed);
  auto again = desk.workflow->close(c->id);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("no further change"), std::string::npos);
  EXPECT_FALSE(desk.workflow->sign_off("C-999999", "x", true));
  ASSERT_TRUE(verify(desk.data)) << verify(desk.data).error().message;
}

TEST(WorkflowTest, OverrideNeedsSupervisorAndReasonAndIsFlagged) {
  TempDir tmp;
  FixedDecider decider(kOnSiteDecision);
  Desk desk(tmp.path() / "data", &decider);
  auto c = desk.workflow->submit(kChicagoDetainer);
  ASSERT_TRUE(c);
  EXPECT_NE(
      desk.workflow->override_decision(c->id, "Lt. Chen", " ").error().message.find("--reason"),
      std::string::npos);
  EXPECT_NE(desk.workflow->override_decision(c->id, "", "why").error().message.find("--supervisor"),
            std::string::npos);
  auto o = desk.workflow->override_decision(c->id, "Lt. Chen", "judicial warrant arrived");
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->state, CaseState::Overridden);
  EXPECT_TRUE(o->overridden);
  EXPECT_EQ(o->override_reason, "judicial warrant arrived");
  auto closed = desk.workflow->close(c->id);
  ASSERT_TRUE(closed);
  EXPECT_TRUE(closed->overridden);  // the flag survives closing
  auto listed = desk.data.store->list(CaseState::Closed);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE((*listed)[0].overridden);
}

TEST(WorkflowTest, DecisionsWithoutSupervisorObligationCloseDirectly) {
  TempDir tmp;
  FixedDecider decider(kPlainDecision);
  Desk desk(tmp.path() / "data", &decider);
  auto c = desk.workflow->submit(kChicagoDetainer);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->state, CaseState::Decided);
  EXPECT_FALSE(desk.workflow->sign_off(c->id, "Sgt. Rivera", true));
  EXPECT_TRUE(desk.workflow->close(c->id));
  // A second case under the same law adds no second policy_activated entry.
  auto c2 = desk.workflow->submit(kChicagoDetainer);
  ASSERT_TRUE(c2);
  EXPECT_EQ(c2->id, "C-000002");
  EXPECT_EQ(desk.data.ledger->size(), 1u + 2u + 1u + 2u);
}

TEST(WorkflowTest, ReconcileAppliesLedgerEntriesTheStoreMissed) {
  TempDir tmp;
  FixedDecider decider(kOnSiteDecision);
  auto dir = tmp.path() / "data";
  {
    Desk desk(dir, &decider);
    ASSERT_TRUE(desk.workflow->submit(kChicagoDetainer));
    // As if the process died after the ledger append, before the store write.
    common::Json e = common::Json::object();
    e.set("event", "signed_off");
    e.set("case", "C-000001");
    e.set("at", "2025-01-27T20:05:00Z");
    e.set("policy_version", "sha256:aaaa");
    e.set("supervisor", "Sgt. Rivera");
    e.set("on_site", true);
    ASSERT_TRUE(desk.data.ledger->append(e));
    EXPECT_EQ(desk.workflow->get("C-000001")->state, CaseState::AwaitingSupervisor);
  }
  Desk desk(dir, &decider);
  auto applied = desk.workflow->reconcile();
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(*applied, 1u);
  EXPECT_EQ(desk.workflow->get("C-000001")->state, CaseState::SignedOff);
  EXPECT_EQ(*desk.workflow->reconcile(), 0u);  // idempotent
}

class PolicyDeciderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lib = policy::Library::open(std::filesystem::path(TRUSTGATE_SOURCE_DIR) / "policies");
    ASSERT_TRUE(lib) << lib.error().describe();
    decider_ = make_policy_decider(*lib);
  }
  std::unique_ptr<Decider> decider_;
};

TEST_F(PolicyDeciderTest, RecordsARealDecisionInTheLedger) {
  TempDir tmp;
  Desk desk(tmp.path() / "data", decider_.get());
  auto c = desk.workflow->submit(kChicagoDetainer);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->jurisdiction, "us-il-chicago");
  EXPECT_EQ(c->policy_version.rfind("sha256:", 0), 0u);
  EXPECT_NE(c->decision_json.find("\"hold_beyond_release\""), std::string::npos);
  EXPECT_NE(c->decision_json.find("\"prohibited\""), std::string::npos);
  auto decided = desk.data.ledger->entry(c->events[1].seq);
  ASSERT_TRUE(decided);
  EXPECT_NE(decided->find("\"event\":\"decided\""), std::string::npos);
  EXPECT_TRUE(verify(desk.data));
}

TEST_F(PolicyDeciderTest, RefusesUnrecordableFieldsAndRecordsNothing) {
  TempDir tmp;
  Desk desk(tmp.path() / "data", decider_.get());
  const uint64_t before = desk.data.ledger->size();
  std::string request(kChicagoDetainer);
  request.replace(request.find("\"in_custody\": true"), 18,
                  "\"in_custody\": true, \"immigration_status\": \"undocumented\"");
  auto c = desk.workflow->submit(request);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("subject.immigration_status: must not be recorded"),
            std::string::npos)
      << c.error().message;
  EXPECT_NE(c.error().message.find("us-il-chicago"), std::string::npos);
  EXPECT_EQ(desk.data.ledger->size(), before);
  EXPECT_EQ(*desk.data.store->case_count(), 0u);
}

TEST_F(PolicyDeciderTest, RejectsInvalidRequestsNamingTheField) {
  TempDir tmp;
  Desk desk(tmp.path() / "data", decider_.get());
  std::string request(kChicagoDetainer);
  request.replace(request.find("\"detainer\""), 10, "\"fax\"");
  auto c = desk.workflow->submit(request);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message.rfind("instrument.type:", 0), 0u) << c.error().message;
  std::string bad_date(kChicagoDetainer);
  bad_date.replace(bad_date.find("2025-01-27T14"), 13, "2025-02-30T14");
  auto d = desk.workflow->submit(bad_date);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message.rfind("received_at:", 0), 0u) << d.error().message;
  EXPECT_EQ(*desk.data.store->case_count(), 0u);
}

}  // namespace
}  // namespace trustgate::cases
