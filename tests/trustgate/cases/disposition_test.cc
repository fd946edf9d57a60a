// Dispositions (what was done about a request) and the deadlines of
// obligations: each event is checked by the one projection, so the
// workflow, the store and verification agree; a refused step writes nothing.
#include <gtest/gtest.h>

#include <filesystem>

#include "trustgate/cases/case_view.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/cases/deadline.h"
#include "trustgate/cases/store_check.h"
#include "trustgate/cases/workflow.h"
#include "trustgate/ledger/ledger_test_util.h"
#include "trustgate/policy/test_library.h"

namespace trustgate::cases {
namespace {

using trustgate::testing::TempDir;

// Our own packs: holds are prohibited unless the person has a serious
// conviction (then discretionary, with a 48-hour limit); release dates must
// be given (with a notice to the person due within 24 hours); transfers
// are discretionary.
void write_packs(policy::testing::TempPolicies& p) {
  p.pack("d", "", R"(
@id("d/base") @cite("test") @explain("Everything is allowed by default.")
permit (principal, action, resource);
)");
  p.pack("d-city", "d", R"(
@id("d-city/no-hold") @cite("test 1") @explain("No holds without a serious conviction.")
forbid (principal, action == Action::"hold_beyond_release", resource)
  unless { context.facts.serious_conviction };
@id("d-city/hold-limit") @cite("test 2") @explain("A hold lasts 48 hours at most.")
@obligation("hold_limit")
permit (principal, action == Action::"hold_beyond_release", resource)
  when { context.facts.serious_conviction };
@id("d-city/must-notify") @cite("test 3") @explain("Release dates must be given.")
@obligation("notice_due")
forbid (principal, action == Action::"refuse_notify_release", resource);
)",
         R"(,"obligations":{
  "hold_limit":{"text":"Release within 48 hours.","deadline":{"hours":48,"from":"held",
    "met_by":["released","transferred"],"skip_weekends":true}},
  "notice_due":{"text":"Give the person a copy within a day.","deadline":{"hours":24,
    "from":"received","met_by":["notice_given"]}}})");
}

std::string request(const std::string& actions, bool serious = false,
                    const std::string& received = "2025-01-24T10:00:00-06:00") {
  return R"({"received_at": ")" + received + R"(", "jurisdiction": "d-city",
  "receiving_agency": "d-jail", "requester": {"agency": "ice-ero"},
  "instrument": {"type": "detainer"}, "actions": [)" +
         actions + R"(], "purpose": "civil_immigration_enforcement",
  "subject": {"in_custody": true}, "facts": {"serious_conviction": )" +
         (serious ? "true" : "false") + "}}";
}

const Actor kClerk{"clerk", "cli"};

DispositionStep step(DispositionKind kind, std::string at, std::string until = "",
                     std::string to = "") {
  return DispositionStep{kind, std::move(at), std::move(until), std::move(to)};
}

class DispositionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_packs(packs_);
    ASSERT_TRUE(init_data_dir(tmp_.path() / "data", {"trustgate/test", packs_.root()}));
    auto d = open_data_dir(tmp_.path() / "data", Access::Write);
    ASSERT_TRUE(d) << d.error().describe();
    data_ = std::make_unique<DataDir>(std::move(*d));
    auto lib = policy::Library::open(data_->policies());
    ASSERT_TRUE(lib) << lib.error().describe();
    workflow_ =
        std::make_unique<CaseWorkflow>(*data_->store, *data_->ledger, *lib, data_->archive.get());
    ASSERT_TRUE(workflow_->open());
  }
  Case submit(const std::string& text) {
    auto s = workflow_->submit(text, kClerk);
    EXPECT_TRUE(s) << s.error().describe();
    return s ? s->case_ : Case{};
  }
  base::Result<Case> record(const Case& c, const DispositionStep& s) {
    return workflow_->record(c.id, s, kClerk);
  }
  // The step is refused with `kind`, and nothing reaches the ledger.
  void expect_refused(const Case& c, const DispositionStep& s, base::ErrorKind kind,
                      const std::string& field = "") {
    const uint64_t before = data_->ledger->size();
    auto r = record(c, s);
    ASSERT_FALSE(r) << "recorded " << disposition_name(s.kind);
    EXPECT_EQ(r.error().kind, kind) << r.error().describe();
    if (!field.empty()) {
      EXPECT_EQ(r.error().field, field) << r.error().describe();
    }
    EXPECT_EQ(data_->ledger->size(), before);
  }
  void expect_store_matches() {
    auto report = check_store(*data_->store, *data_->ledger);
    EXPECT_TRUE(report) << report.error().describe();
  }

  TempDir tmp_;
  policy::testing::TempPolicies packs_;
  std::unique_ptr<DataDir> data_;
  std::unique_ptr<CaseWorkflow> workflow_;
};

TEST_F(DispositionTest, EachDispositionIsRecordedRenderedAndStoredAlike) {
  Case c = submit(request(R"("notify_release", "transfer_custody")"));
  ASSERT_EQ(c.state, CaseState::AwaitingSupervisor);  // transfers are discretionary
  ASSERT_TRUE(record(c, step(DispositionKind::Notified, "2025-01-24T11:00:00-06:00", "", "ice-ero")));
  ASSERT_TRUE(record(c, step(DispositionKind::NoticeGiven, "2025-01-24T12:00:00-06:00")));
  // Discretionary: the supervisor decides before anyone acts.
  expect_refused(c, step(DispositionKind::Transferred, "2025-01-25T09:00:00-06:00", "", "ice-ero"),
                 base::ErrorKind::Conflict);
  ASSERT_TRUE(workflow_->sign_off(c.id, Role::Supervisor, "Sgt. Ortiz", false, kClerk));
  ASSERT_TRUE(record(c, step(DispositionKind::BailPosted, "2025-01-25T08:00:00-06:00")));
  auto done =
      record(c, step(DispositionKind::Transferred, "2025-01-25T09:00:00-06:00", "", "ice-ero"));
  ASSERT_TRUE(done) << done.error().describe();
  ASSERT_EQ(done->dispositions.size(), 4u);
  EXPECT_EQ(done->dispositions[3].kind, DispositionKind::Transferred);
  EXPECT_EQ(done->dispositions[3].to, "ice-ero");
  common::Json view = case_to_json(*done);
  const auto& list = view.find("dispositions")->as_array();
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0].string_or_empty("event"), "notified");
  EXPECT_EQ(list[2].string_or_empty("happened_at"), "2025-01-25T08:00:00-06:00");
  // The notice was due a day after the request and came two hours after it.
  const auto& deadlines = view.find("deadlines")->as_array();
  ASSERT_EQ(deadlines.size(), 1u);
  EXPECT_EQ(deadlines[0].string_or_empty("obligation"), "notice_due");
  EXPECT_EQ(deadlines[0].string_or_empty("state"), "met");
  EXPECT_EQ(deadlines[0].string_or_empty("due_at"), "2025-01-25T10:00:00-06:00");
  ASSERT_TRUE(workflow_->close(c.id, kClerk));
  expect_store_matches();
}

TEST_F(DispositionTest, NothingFollowsARelease) {
  Case c = submit(request(R"("notify_release")"));
  ASSERT_TRUE(record(c, step(DispositionKind::Released, "2025-01-26T10:00:00-06:00")));
  expect_refused(c, step(DispositionKind::Transferred, "2025-01-26T11:00:00-06:00", "", "fbi"),
                 base::ErrorKind::Conflict);
  expect_refused(c, step(DispositionKind::BailPosted, "2025-01-26T11:00:00-06:00"),
                 base::ErrorKind::Conflict);
  expect_refused(c, step(DispositionKind::Released, "2025-01-26T12:00:00-06:00"),
                 base::ErrorKind::Conflict);
  // Not custody events: still allowed.
  ASSERT_TRUE(record(c, step(DispositionKind::NoticeGiven, "2025-01-26T12:00:00-06:00")));
  expect_store_matches();
}

TEST_F(DispositionTest, TimesMustFollowTheRequestAndEachOther) {
  Case c = submit(request(R"("notify_release")"));
  expect_refused(c, step(DispositionKind::Released, "2025-01-24T09:59:59-06:00"),
                 base::ErrorKind::InvalidArgument, "/happened_at");
  expect_refused(c, step(DispositionKind::Released, "2099-01-01T00:00:00Z"),
                 base::ErrorKind::InvalidArgument, "/happened_at");
  expect_refused(c, step(DispositionKind::Released, "yesterday"), base::ErrorKind::InvalidArgument,
                 "/happened_at");
  ASSERT_TRUE(record(c, step(DispositionKind::BailPosted, "2025-01-25T12:00:00-06:00")));
  // Custody events in time order (the same instant in another offset is fine).
  expect_refused(c, step(DispositionKind::Released, "2025-01-25T11:00:00-06:00"),
                 base::ErrorKind::InvalidArgument, "/happened_at");
  ASSERT_TRUE(record(c, step(DispositionKind::Released, "2025-01-25T18:00:00Z")));
}

TEST_F(DispositionTest, StepsNameOnlyWhatTheirEventTakes) {
  Case c = submit(request(R"("notify_release")"));
  expect_refused(c, step(DispositionKind::Released, "2025-01-25T12:00:00-06:00", "", "ice-ero"),
                 base::ErrorKind::InvalidArgument, "/to");
  expect_refused(c, step(DispositionKind::Transferred, "2025-01-25T12:00:00-06:00", "", "ice ero"),
                 base::ErrorKind::InvalidArgument, "/to");
  expect_refused(c, step(DispositionKind::Notified, "2025-01-25T12:00:00-06:00"),
                 base::ErrorKind::InvalidArgument, "/to");
  expect_refused(c, step(DispositionKind::Held, "2025-01-25T12:00:00-06:00"),
                 base::ErrorKind::InvalidArgument, "/until");
  expect_refused(c, step(DispositionKind::BailPosted, "2025-01-25T12:00:00-06:00", "2025-01-26T12:00:00-06:00"),
                 base::ErrorKind::InvalidArgument, "/until");
}

TEST_F(DispositionTest, AProhibitedActionNeedsAnOverrideFirst) {
  Case c = submit(request(R"("hold_beyond_release")"));
  ASSERT_EQ(c.state, CaseState::Decided);  // prohibited: no one is awaited
  const auto held = step(DispositionKind::Held, "2025-01-27T10:00:00-06:00",
                         "2025-01-29T10:00:00-06:00");
  expect_refused(c, held, base::ErrorKind::Conflict);
  auto o = workflow_->override_decision(c.id, Role::Supervisor, "Lt. Diaz",
                                        "A judge's warrant is on its way.", kClerk);
  ASSERT_TRUE(o) << o.error().describe();
  EXPECT_EQ(o->state, CaseState::Overridden);
  ASSERT_TRUE(record(c, held));
  // The case may not close while the person is held.
  const uint64_t before = data_->ledger->size();
  auto closed = workflow_->close(c.id, kClerk);
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().kind, base::ErrorKind::Conflict);
  EXPECT_EQ(data_->ledger->size(), before);
  ASSERT_TRUE(record(c, step(DispositionKind::Transferred, "2025-01-28T10:00:00-06:00", "", "ice-ero")));
  ASSERT_TRUE(workflow_->close(c.id, kClerk));
  // A closed case takes no more dispositions.
  expect_refused(c, step(DispositionKind::NoticeGiven, "2025-01-28T11:00:00-06:00"),
                 base::ErrorKind::Conflict);
  expect_store_matches();
}

TEST_F(DispositionTest, AHoldDeadlineSkipsTheWeekendAndIsOpenUntilMet) {
  // Discretionary (serious conviction): a supervisor signs off, then the hold.
  Case c = submit(request(R"("hold_beyond_release")", true));
  ASSERT_EQ(c.state, CaseState::AwaitingSupervisor);
  ASSERT_EQ(c.deadlines.size(), 1u);
  EXPECT_EQ(c.deadlines[0].obligation, "hold_limit");
  EXPECT_EQ(deadline_statuses(c)[0].state, DeadlineState::NotStarted);
  ASSERT_TRUE(workflow_->sign_off(c.id, Role::Supervisor, "Sgt. Ortiz", false, kClerk));
  // Friday 18:00: 6 hours on Friday, none at the weekend, 24 on Monday, 18 on Tuesday.
  auto h = record(c, step(DispositionKind::Held, "2025-01-24T18:00:00-06:00",
                          "2025-01-28T18:00:00-06:00"));
  ASSERT_TRUE(h) << h.error().describe();
  auto s = deadline_statuses(*h);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].state, DeadlineState::Open);
  EXPECT_EQ(format_instant(s[0].due), "2025-01-28T18:00:00-06:00");
  EXPECT_FALSE(overdue(s[0], parse_instant("2025-01-28T18:00:00-06:00")->unix));
  EXPECT_TRUE(overdue(s[0], parse_instant("2025-01-28T18:00:01-06:00")->unix));
  auto r = record(c, step(DispositionKind::Released, "2025-01-28T19:30:00-06:00"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(deadline_statuses(*r)[0].state, DeadlineState::MetLate);
  expect_store_matches();
}

TEST(DeadlineTime, DueTimesCountHoursAndSkipWeekendsInTheStartsOffset) {
  auto at = [](const char* t) { return *parse_instant(t); };
  EXPECT_EQ(format_instant(due_time(at("2025-01-24T18:00:00-06:00"), 48, false)),
            "2025-01-26T18:00:00-06:00");
  EXPECT_EQ(format_instant(due_time(at("2025-01-24T18:00:00-06:00"), 48, true)),
            "2025-01-28T18:00:00-06:00");
  // Starting on a Saturday counts from Monday 00:00.
  EXPECT_EQ(format_instant(due_time(at("2025-01-25T13:00:00-06:00"), 48, true)),
            "2025-01-29T00:00:00-06:00");
  // Friday 23:00 in Chicago is Saturday 05:00 UTC: the offset decides the weekend.
  EXPECT_EQ(format_instant(due_time(at("2025-01-24T23:00:00-06:00"), 2, true)),
            "2025-01-27T01:00:00-06:00");
  EXPECT_EQ(format_instant(due_time(at("2025-01-25T05:00:00Z"), 2, true)),
            "2025-01-27T02:00:00Z");
  EXPECT_EQ(format_instant(at("2025-03-01T10:00:00+05:30")), "2025-03-01T10:00:00+05:30");
}

TEST(DeadlinePack, ADeadlineIsCheckedWhenThePackLoads) {
  const std::pair<const char*, const char*> bad[] = {
      {R"({"hours":0,"from":"held","met_by":["released"]})", "deadline.hours"},
      {R"({"hours":48,"from":"arrested","met_by":["released"]})", "deadline.from"},
      {R"({"hours":48,"from":"held","met_by":["received"]})", "deadline.met_by"},
      {R"({"hours":48,"from":"held"})", "deadline"},
      {R"({"hours":48,"from":"held","met_by":["released"],"when":"soon"})", "deadline.when"},
  };
  for (const auto& [deadline, field] : bad) {
    policy::testing::TempPolicies p;
    p.pack("x", "", R"(@id("x/a") @cite("c") @explain("e") @obligation("o")
permit (principal, action, resource);)",
           std::string(R"(,"obligations":{"o":{"text":"t","deadline":)") + deadline + "}}");
    auto lib = policy::Library::open(p.root());
    ASSERT_FALSE(lib) << deadline;
    EXPECT_NE(lib.error().message.find(std::string("obligations.o.") + field), std::string::npos)
        << lib.error().message;
  }
}

}  // namespace
}  // namespace trustgate::cases
