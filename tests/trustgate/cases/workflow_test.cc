#include "trustgate/cases/workflow.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <set>
#include <thread>

#include "base/clock.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/cases/store_check.h"
#include "trustgate/ledger/ledger_backend.h"
#include "trustgate/ledger/ledger_test_util.h"
#include "trustgate/policy/test_library.h"

namespace trustgate::cases {
namespace {

namespace fs = std::filesystem;
using trustgate::testing::Backend;
using trustgate::testing::TempDir;

// Packs of our own, so that these tests do not change when the shipped law
// does: the base layer allows and allows refusing everything; the city
// forbids holds, makes on-scene help discretionary with a supervisor on site,
// and is in conflict with itself on transfers (forbids doing and refusing).
void write_packs(policy::testing::TempPolicies& p) {
  p.pack("t", "", R"(
@id("t/base") @cite("test") @explain("Everything is allowed by default.")
permit (principal, action, resource);
)");
  p.pack("t-city", "t", R"(
@id("t-city/no-hold") @cite("test 1") @explain("No holds.")
forbid (principal, action == Action::"hold_beyond_release", resource);
@id("t-city/on-site") @cite("test 2") @explain("A supervisor comes.") @obligation("supervisor_on_site")
permit (principal, action == Action::"on_scene_assistance", resource);
@id("t-city/no-transfer") @cite("test 3") @explain("No transfers.")
forbid (principal, action == Action::"transfer_custody", resource);
@id("t-city/must-transfer") @cite("test 4") @explain("Transfers are required.")
forbid (principal, action == Action::"refuse_transfer_custody", resource);
)",
         R"(,"obligations":{"supervisor_on_site":{"text":"A supervisor responds on site.",
             "sign_off":"supervisor","on_site":true}})");
}

std::string request(const std::string& action, const std::string& id = "") {
  return std::string(R"({)") + (id.empty() ? "" : "\"id\": \"" + id + "\", ") +
         R"("received_at": "2025-01-27T14:03:00-06:00", "jurisdiction": "t-city",
  "receiving_agency": "t-police", "requester": {"agency": "ice-ero"},
  "instrument": {"type": "detainer"}, "actions": [")" +
         action + R"("], "purpose": "civil_immigration_enforcement",
  "subject": {"in_custody": true}})";
}

const Actor kClerk{"clerk", "cli"};

// A data directory with packs of its own, opened for writing; its ledger
// and store in files and SQLite, or in a fresh PostgreSQL database.
class WorkflowFixture : public ::testing::Test {
 protected:
  virtual Backend backend() const { return Backend::Files; }
  void SetUp() override {
    write_packs(packs_);
    InitOptions options{"trustgate/test", packs_.root()};
    if (backend() == Backend::PostgreSQL) {
      options.store = trustgate::testing::TestPostgres::get().new_database();
    }
    auto made = init_data_dir(dir(), options);
    ASSERT_TRUE(made) << made.error().describe();
    open();
  }
  void open() {
    workflow_.reset();
    data_.reset();
    auto d = open_data_dir(dir(), Access::Write);
    ASSERT_TRUE(d) << d.error().describe();
    data_ = std::make_unique<DataDir>(std::move(*d));
    auto lib = policy::Library::open(data_->policies());
    ASSERT_TRUE(lib) << lib.error().describe();
    library_ = *lib;
    workflow_ =
        std::make_unique<CaseWorkflow>(*data_->store, *data_->ledger, *lib, data_->archive.get());
    ASSERT_TRUE(workflow_->open());
  }
  std::shared_ptr<const policy::Library> workflow_library() {
    auto lib = policy::Library::open(data_->policies());
    EXPECT_TRUE(lib) << lib.error().describe();
    return lib ? *lib : nullptr;
  }
  void close() {
    workflow_.reset();
    data_.reset();
  }
  fs::path dir() const { return tmp_.path() / "data"; }
  uint64_t ledger_size() const { return data_->ledger->size(); }
  Case submit(const std::string& text) {
    auto s = workflow_->submit(text, kClerk);
    EXPECT_TRUE(s) << s.error().describe();
    return s ? s->case_ : Case{};
  }
  void expect_store_matches() {
    auto report = check_store(*data_->store, *data_->ledger);
    EXPECT_TRUE(report) << report.error().describe();
  }

  TempDir tmp_;
  policy::testing::TempPolicies packs_;
  std::unique_ptr<DataDir> data_;
  std::shared_ptr<const policy::Library> library_;  // the workflow's
  std::unique_ptr<CaseWorkflow> workflow_;
};

// What holds for every backend.
class WorkflowTest : public WorkflowFixture, public ::testing::WithParamInterface<Backend> {
 protected:
  Backend backend() const override { return GetParam(); }
};
INSTANTIATE_TEST_SUITE_P(Backends, WorkflowTest, trustgate::testing::kAllBackends,
                         trustgate::testing::backend_name);

// What is about the files (SQLite's cases.db, the ledger's folder).
class WorkflowFileTest : public WorkflowFixture {};

TEST_P(WorkflowTest, ASubmissionIsOneUnitAndItsCaseIdComesFromTheLedger) {
  const uint64_t before = ledger_size();
  Case c = submit(request("hold_beyond_release"));
  // policy_activated (first use of this law), received, decided: one batch.
  EXPECT_EQ(ledger_size(), before + 3);
  EXPECT_EQ(c.seq, before + 1);
  EXPECT_EQ(c.id, case_id_for(before + 1));
  EXPECT_EQ(c.state, CaseState::Decided);
  ASSERT_EQ(c.events.size(), 2u);
  EXPECT_EQ(c.events[0].kind, "received");
  EXPECT_EQ(c.events[1].kind, "decided");
  EXPECT_EQ(c.decision.find("outcomes")->as_array()[0].string_or_empty("compliance"), "prohibited");
  // The same law again: no second activation.
  Case d = submit(request("hold_beyond_release"));
  EXPECT_EQ(ledger_size(), before + 5);
  EXPECT_EQ(d.seq, before + 3);
  expect_store_matches();
  // The law that decided is kept, and loads as the same version.
  auto law = data_->archive->load(c.policy_version);
  ASSERT_TRUE(law) << law.error().describe();
  EXPECT_EQ((*law)->chain("t-city")->at(*policy::parse_date("2025-01-27")).policy_version,
            c.policy_version);
}

TEST_P(WorkflowTest, AnotherServerFindsTheLawThatDecided) {
  Case c = submit(request("hold_beyond_release"));
  close();
  // Another server: a copy of the data directory made before any case was
  // decided (no law/ of its own).
  const fs::path other = tmp_.path() / "other";
  fs::copy(dir(), other, fs::copy_options::recursive);
  fs::remove_all(other / "law");
  auto d = open_data_dir(other, Access::Read);
  ASSERT_TRUE(d) << d.error().describe();
  auto law = d->archive->load(c.policy_version);
  if (backend() == Backend::Files) {
    // Files are per directory: the copy lacks the law.
    ASSERT_FALSE(law);
    EXPECT_EQ(law.error().kind, base::ErrorKind::NotFound);
    return;
  }
  ASSERT_TRUE(law) << law.error().describe();
  EXPECT_EQ((*law)->chain("t-city")->at(*policy::parse_date("2025-01-27")).policy_version,
            c.policy_version);
  // Fetched into the copy's folder, file for file what the first wrote.
  auto folder = d->archive->folder(c.policy_version);
  ASSERT_TRUE(folder);
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(*folder)) {
    if (!e.is_regular_file()) continue;
    ++files;
    const fs::path mine = dir() / "law" / fs::relative(e.path(), other / "law");
    EXPECT_EQ(base::read_file(e.path()).value(), base::read_file(mine).value()) << mine;
  }
  EXPECT_EQ(files, 5u);  // the schema, and each of two packs' pack.json and policies
}

TEST_P(WorkflowTest, TheSubmittedCaseIsTheOneTheStoreHolds) {
  // submit() answers with the case it projected beside its entries, not
  // with one read back: it must be the stored case, member for member,
  // except for the events' texts, which it leaves out (Submission).
  for (const char* action : {"hold_beyond_release", "on_scene_assistance", "transfer_custody"}) {
    Case c = submit(request(action));
    auto stored = workflow_->get(c.id);
    ASSERT_TRUE(stored) << stored.error().describe();
    ASSERT_EQ(c.events.size(), stored->events.size()) << action;
    for (size_t i = 0; i < c.events.size(); ++i) {
      EXPECT_EQ(c.events[i].entry, "") << action;
      EXPECT_EQ(stored->events[i].entry, *data_->ledger->entry(stored->events[i].seq)) << action;
      stored->events[i].entry.clear();
    }
    EXPECT_EQ(c, *stored) << action;
  }
}

TEST_P(WorkflowTest, ARefusedRequestRecordsNothing) {
  const uint64_t before = ledger_size();
  auto bad = workflow_->submit(R"({"received_at": "2025-01-27T14:03:00Z"})", kClerk);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "/jurisdiction");
  auto future = workflow_->submit(
      request("hold_beyond_release").replace(request("x").find("2025"), 4, "2099"), kClerk);
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().field, "/received_at");
  auto duplicate = workflow_->submit(R"({"purpose": "other", "purpose": "other"})", kClerk);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().field, "/purpose");
  EXPECT_EQ(ledger_size(), before);
  EXPECT_EQ(*data_->store->case_count(), 0u);
}

// The server takes a request in itself (to read the agency it names) and
// hands the workflow the Intake: the same case as from the text, and an
// intake that kept no record (Keep::RequestOnly, a decision's) is refused.
TEST_P(WorkflowTest, ATakenInRequestIsSubmittedAsItsText) {
  const std::string text = request("hold_beyond_release", "client-taken");
  auto taken = intake::parse_request(text, *library_, base::now_unix_seconds());
  ASSERT_TRUE(taken) << taken.error().describe();
  const common::Json record = taken->record;
  auto made = workflow_->submit(std::move(*taken), kClerk);
  ASSERT_TRUE(made) << made.error().describe();
  EXPECT_TRUE(made->created);
  EXPECT_EQ(made->case_.request, record);
  auto again = workflow_->submit(text, kClerk);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->case_.id, made->case_.id);
  const uint64_t before = ledger_size();
  auto bare = intake::parse_request(request("transfer_custody"), *library_,
                                    base::now_unix_seconds(), intake::Keep::RequestOnly);
  ASSERT_TRUE(bare);
  auto refused = workflow_->submit(std::move(*bare), kClerk);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("kept no record"), std::string::npos)
      << "refused before it is decided: " << refused.error().describe();
  EXPECT_EQ(ledger_size(), before);
  EXPECT_EQ(*data_->store->case_count(), 1u);
}

TEST_P(WorkflowTest, ARetriedSubmissionReturnsTheFirstCase) {
  Case first = submit(request("hold_beyond_release", "client-7"));
  const uint64_t after_first = ledger_size();
  auto again = workflow_->submit(request("hold_beyond_release", "client-7"), kClerk);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->case_.id, first.id);
  EXPECT_EQ(ledger_size(), after_first);
  auto other = workflow_->submit(request("transfer_custody", "client-7"), kClerk);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().kind, base::ErrorKind::Conflict);
  EXPECT_EQ(ledger_size(), after_first);
}

// The server's filter of client ids (ClientIdFilter) is filled from the
// store when it opens: a retry after a restart finds the first case.
TEST_P(WorkflowTest, ARetryAfterReopeningReturnsTheFirstCase) {
  Case first = submit(request("hold_beyond_release", "client-8"));
  submit(request("hold_beyond_release"));
  open();
  const uint64_t before = ledger_size();
  auto again = workflow_->submit(request("hold_beyond_release", "client-8"), kClerk);
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->case_.id, first.id);
  EXPECT_EQ(ledger_size(), before);
  auto fresh = workflow_->submit(request("hold_beyond_release", "client-9"), kClerk);
  ASSERT_TRUE(fresh) << fresh.error().describe();
  EXPECT_TRUE(fresh->created);
}

TEST_P(WorkflowTest, TheStoreListsTheClientKeysOfItsCases) {
  submit(request("hold_beyond_release", "client-1"));
  submit(request("hold_beyond_release"));
  submit(request("transfer_custody", "client-2"));
  std::set<std::string> keys;
  auto s = data_->store->each_client_key(
      [&](std::string_view jurisdiction, std::string_view agency, std::string_view id) {
        keys.insert(std::string(jurisdiction) + "/" + std::string(agency) + "/" + std::string(id));
      });
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(keys, (std::set<std::string>{"t-city/t-police/client-1", "t-city/t-police/client-2"}));
}

TEST_P(WorkflowTest, AnOnSiteObligationNeedsTheSupervisorOnSite) {
  Case c = submit(request("on_scene_assistance"));
  EXPECT_EQ(c.state, CaseState::AwaitingSupervisor);
  EXPECT_TRUE(c.on_site_needed);
  const uint64_t before = ledger_size();
  auto off_site = workflow_->sign_off(c.id, Role::Supervisor, "Sgt. Diaz", false, kClerk);
  ASSERT_FALSE(off_site);
  EXPECT_EQ(off_site.error().kind, base::ErrorKind::Conflict);
  auto by_counsel = workflow_->sign_off(c.id, Role::Counsel, "A. Counsel", false, kClerk);
  ASSERT_FALSE(by_counsel);
  EXPECT_EQ(ledger_size(), before);  // refused steps record nothing
  auto on_site = workflow_->sign_off(c.id, Role::Supervisor, "Sgt. Diaz", true, kClerk);
  ASSERT_TRUE(on_site) << on_site.error().describe();
  EXPECT_EQ(on_site->state, CaseState::SignedOff);
  ASSERT_EQ(on_site->sign_offs.size(), 1u);
  EXPECT_EQ(on_site->sign_offs[0].by, "Sgt. Diaz");
  auto closed = workflow_->close(c.id, kClerk);
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->state, CaseState::Closed);
  auto twice = workflow_->close(c.id, kClerk);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, base::ErrorKind::Conflict);
  expect_store_matches();
}

TEST_P(WorkflowTest, AConflictGoesToCounselNotToASupervisor) {
  Case c = submit(request("transfer_custody"));
  EXPECT_EQ(c.state, CaseState::AwaitingCounsel);
  ASSERT_EQ(c.sign_offs_needed.size(), 1u);
  auto supervisor = workflow_->sign_off(c.id, Role::Supervisor, "Sgt. Diaz", true, kClerk);
  ASSERT_FALSE(supervisor);
  EXPECT_NE(supervisor.error().message.find("only counsel"), std::string::npos);
  EXPECT_EQ(supervisor.error().kind, base::ErrorKind::PermissionDenied);
  auto overridden = workflow_->override_decision(c.id, Role::Counsel, "A. Counsel",
                                                 "State law prevails here.\nSee memo 12.", kClerk);
  ASSERT_TRUE(overridden) << overridden.error().describe();
  EXPECT_EQ(overridden->state, CaseState::Overridden);
  EXPECT_EQ(overridden->override_->reason, "State law prevails here.\nSee memo 12.");
  expect_store_matches();
}

TEST_P(WorkflowTest, TextThatCannotBeRecordedIsRefusedBeforeAnythingIsWritten) {
  Case c = submit(request("on_scene_assistance"));
  const uint64_t before = ledger_size();
  for (const std::string& name : {std::string("Sgt \xff\xfe"), std::string("Sgt\r\nFAKE"),
                                  std::string(""), std::string(300, 'x'),
                                  std::string("a\xe2\x80\xae"
                                              "b")}) {
    auto r = workflow_->sign_off(c.id, Role::Supervisor, name, true, kClerk);
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.error().kind, base::ErrorKind::InvalidArgument);
    EXPECT_EQ(r.error().field, "by");
  }
  auto reason = workflow_->override_decision(c.id, Role::Supervisor, "Sgt", "why\x1b[31m", kClerk);
  ASSERT_FALSE(reason);
  EXPECT_EQ(reason.error().field, "reason");
  auto actor = workflow_->close(c.id, Actor{"\xc3", "cli"});
  ASSERT_FALSE(actor);
  EXPECT_EQ(ledger_size(), before);
  close();
  open();  // the data directory still opens and verifies
  expect_store_matches();
  ledger::VerifyOptions o;
  o.key = data_->ledger->note_key();
  auto verified = verify_data_dir_ledger(dir(), o);
  EXPECT_TRUE(verified) << verified.error().describe();
}

TEST_P(WorkflowTest, UnknownCasesAreNotFound) {
  auto r = workflow_->close("C-999999", kClerk);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, base::ErrorKind::NotFound);
}

TEST_F(WorkflowFileTest, AMissingStoreIsRecreatedFromTheLedger) {
  submit(request("hold_beyond_release"));
  submit(request("on_scene_assistance"));
  close();
  fs::remove(dir() / "cases.db");
  fs::remove(dir() / "cases.db-wal");
  fs::remove(dir() / "cases.db-shm");
  open();
  EXPECT_EQ(*data_->store->case_count(), 2u);
  expect_store_matches();
}

// A store that could not apply a commit (here a trigger, installed through a
// second connection, refuses its rows) lags the ledger; the next step
// applies what it lacks before its own entries, and the store matches.
TEST_F(WorkflowFileTest, AStoreThatFailedToApplyCatchesUpOnTheNextStep) {
  submit(request("hold_beyond_release"));
  sqlite3* db = nullptr;
  const int opened = sqlite3_open((dir() / "cases.db").c_str(), &db);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> closer(db, &sqlite3_close);
  ASSERT_EQ(opened, SQLITE_OK);
  auto sql = [&](const char* text) {
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, text, nullptr, nullptr, &message), SQLITE_OK)
        << (message ? message : "");
    sqlite3_free(message);
  };
  sql("CREATE TRIGGER refuse BEFORE INSERT ON case_events BEGIN SELECT RAISE(ABORT, 'no'); END");
  auto failed = workflow_->submit(request("on_scene_assistance", "client-lost"), kClerk);
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("could not apply"), std::string::npos)
      << failed.error().message;
  EXPECT_EQ(*data_->store->case_count(), 1u);  // the ledger holds the second case
  sql("DROP TRIGGER refuse");
  closer.reset();
  // The client retries: the store catches up first (and learns the id), so
  // the retry gets the case the ledger holds, not a second one.
  const uint64_t before_retry = ledger_size();
  auto retried = workflow_->submit(request("on_scene_assistance", "client-lost"), kClerk);
  ASSERT_TRUE(retried) << retried.error().describe();
  EXPECT_FALSE(retried->created);
  EXPECT_EQ(ledger_size(), before_retry);
  Case third = submit(request("hold_beyond_release"));
  EXPECT_FALSE(third.id.empty());
  EXPECT_EQ(*data_->store->case_count(), 3u);
  EXPECT_EQ(workflow_->store_lag(), 0u);
  expect_store_matches();
}

TEST_F(WorkflowFileTest, AStoreOfAnotherHistoryIsRefused) {
  submit(request("hold_beyond_release"));
  close();
  // Back up the ledger, record more, then put the old ledger back.
  fs::copy(dir() / "ledger", tmp_.path() / "ledger-backup", fs::copy_options::recursive);
  open();
  submit(request("hold_beyond_release"));
  close();
  fs::remove_all(dir() / "ledger");
  fs::copy(tmp_.path() / "ledger-backup", dir() / "ledger", fs::copy_options::recursive);
  auto d = open_data_dir(dir(), Access::Write);
  ASSERT_TRUE(d) << d.error().describe();
  CaseWorkflow w(*d->store, *d->ledger, nullptr, nullptr);
  auto s = w.open();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, base::ErrorKind::Corruption);
  EXPECT_NE(s.error().message.find("store rebuild"), std::string::npos) << s.error().message;
}

TEST_F(WorkflowFileTest, AnEditedStoreRowIsFoundByTheCheck) {
  Case c = submit(request("hold_beyond_release"));
  sqlite3* db = nullptr;
  const int opened = sqlite3_open((dir() / "cases.db").c_str(), &db);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> closer(db, &sqlite3_close);
  ASSERT_EQ(opened, SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE cases SET decision_json = replace(decision_json, "
                         "'prohibited', 'required')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto report = check_store(*data_->store, *data_->ledger);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find("case " + c.id), std::string::npos)
      << report.error().message;
}

TEST_P(WorkflowTest, ConcurrentSubmissionsShareCommitsAndGetDistinctIds) {
  const uint64_t batches_before = data_->ledger->batches();
  constexpr int kThreads = 8, kEach = 10;
  std::vector<std::thread> threads;
  std::vector<std::vector<std::string>> ids(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto s = workflow_->submit(
            request("hold_beyond_release", "c-" + std::to_string(t) + "-" + std::to_string(i)),
            kClerk);
        ASSERT_TRUE(s) << s.error().describe();
        ids[t].push_back(s->case_.id);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> distinct;
  for (const auto& v : ids) distinct.insert(v.begin(), v.end());
  EXPECT_EQ(distinct.size(), size_t{kThreads * kEach});
  EXPECT_EQ(*data_->store->case_count(), uint64_t{kThreads * kEach});
  EXPECT_LE(data_->ledger->batches() - batches_before, uint64_t{kThreads * kEach});
  expect_store_matches();
}

TEST_P(WorkflowTest, ReadersSeeCasesWhileTheWriterHoldsTheDirectory) {
  Case c = submit(request("hold_beyond_release"));
  auto reader = open_data_dir(dir(), Access::Read);
  ASSERT_TRUE(reader) << reader.error().describe();
  auto found = reader->store->find(c.id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->state, CaseState::Decided);
  auto writer = open_data_dir(dir(), Access::Write);
  if (GetParam() == Backend::Files) {
    ASSERT_FALSE(writer);
    EXPECT_EQ(writer.error().kind, base::ErrorKind::Busy);
    return;
  }
  // PostgreSQL: another server writes to the same log, and each sees the
  // other's cases.
  ASSERT_TRUE(writer) << writer.error().describe();
  CaseWorkflow other(*writer->store, *writer->ledger, workflow_library(), nullptr);
  ASSERT_TRUE(other.open());
  auto second = other.submit(request("hold_beyond_release"), kClerk);
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_EQ(second->case_.seq, c.seq + 2);
  auto seen = workflow_->get(second->case_.id);
  ASSERT_TRUE(seen) << seen.error().describe();
  Case third = submit(request("hold_beyond_release"));
  EXPECT_EQ(third.seq, c.seq + 4);
  EXPECT_EQ(ledger_size(), writer->ledger->size());
  expect_store_matches();
}

TEST(DataDirTest, InitPinsTheLawAndMakesPrivateFiles) {
  TempDir tmp;
  policy::testing::TempPolicies packs;
  write_packs(packs);
  auto config = init_data_dir(tmp.path() / "d", {"", packs.root()});
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->origin.rfind("trustgate/", 0), 0u);
  EXPECT_TRUE(fs::exists(tmp.path() / "d/policies/t-city/policies.cedar"));
  for (const auto& entry : fs::recursive_directory_iterator(tmp.path() / "d")) {
    auto perms = entry.status().permissions();
    EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none)
        << entry.path();
  }
  // A second init refuses; nothing is left half made.
  auto again = init_data_dir(tmp.path() / "d", {"", packs.root()});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, base::ErrorKind::Conflict);
  auto broken = init_data_dir(tmp.path() / "e", {"", tmp.path() / "no-such-policies"});
  ASSERT_FALSE(broken);
  EXPECT_FALSE(fs::exists(tmp.path() / "e"));
  // A signing key others may read is refused.
  fs::permissions(tmp.path() / "d/keys/ledger.key", fs::perms::owner_read | fs::perms::owner_write |
                                                        fs::perms::group_read |
                                                        fs::perms::others_read);
  auto open = open_data_dir(tmp.path() / "d", Access::Write);
  ASSERT_FALSE(open);
  EXPECT_EQ(open.error().kind, base::ErrorKind::PermissionDenied);
  EXPECT_TRUE(open_data_dir(tmp.path() / "d", Access::Read));  // reading needs no key
}

}  // namespace
}  // namespace trustgate::cases
