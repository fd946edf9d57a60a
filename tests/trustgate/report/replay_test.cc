// Replay: exact under the law that decided each case (a demo history of
// 100,000 cases included), and what-if under a draft.
#include "trustgate/report/replay.h"

#include <gtest/gtest.h>

#include <fstream>

#include "report_fixture.h"
#include "trustgate/cases/store_check.h"
#include "trustgate/demo/history.h"

namespace trustgate::report {
namespace {

namespace fs = std::filesystem;

class ReplayTest : public testing::HandHistory {
 protected:
  ReplayResult run(const ReplayOptions& o = {}) {
    cases::LawArchive archive(base::posix_storage(), dir() / "law");
    auto r = replay(ledger_dir(), checkpoint(), archive, o);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? *r : ReplayResult{};
  }
  // A copy of t-city's pack without its hold rule, in a folder named t-city.
  fs::path draft_without_hold_rule() {
    const fs::path draft = dir().parent_path() / "drafts" / "t-city";
    fs::create_directories(draft);
    fs::copy_file(dir() / "policies" / "t-city" / "pack.json", draft / "pack.json");
    std::ifstream in(dir() / "policies" / "t-city" / "policies.cedar");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t from = text.find("@id(\"t-city/no-hold\")");
    const size_t to = text.find("@id(\"t-city/must-notify\")");
    text.erase(from, to - from);
    std::ofstream(draft / "policies.cedar") << text;
    return draft;
  }
};

TEST_F(ReplayTest, HistoryIsReproducibleUnderTheLawThatDecidedIt) {
  ReplayResult r = run();
  EXPECT_TRUE(r.reproducible());
  EXPECT_EQ(r.cases, 9u);
  EXPECT_EQ(r.outcomes, 11u);
  EXPECT_EQ(r.identical, 9u);
  EXPECT_EQ(r.versions, 1u);
  EXPECT_TRUE(r.differences.empty());
  EXPECT_NE(replay_to_text(r).find("history is reproducible"), std::string::npos);
  ReplayOptions april;
  april.from = *policy::parse_date("2025-04-01");
  EXPECT_EQ(run(april).cases, 3u);
}

TEST_F(ReplayTest, AnAlteredArchiveMakesHistoryIrreproducibleAndEveryCaseIsListed) {
  // Someone edits the archived law: the hold rule disappears.
  const std::string version = history().name(history().cases[0].policy_version);
  cases::LawArchive archive(base::posix_storage(), dir() / "law");
  auto folder = archive.folder(version);
  ASSERT_TRUE(folder);
  const fs::path cedar = *folder / "t-city" / "policies.cedar";
  fs::permissions(cedar, fs::perms::owner_write, fs::perm_options::add);
  const fs::path draft = draft_without_hold_rule();
  fs::copy_file(draft / "policies.cedar", cedar, fs::copy_options::overwrite_existing);
  ReplayResult r = run();
  EXPECT_FALSE(r.reproducible());
  EXPECT_EQ(r.identical, 0u);  // every case now decides under another version
  EXPECT_EQ(r.differences.size(), 9u);
  EXPECT_EQ((r.by_change[{"hold_beyond_release", "prohibited", "discretionary"}]), 3u);
  EXPECT_NE(r.differences[0].recorded_version, r.differences[0].replayed_version);
  EXPECT_NE(replay_to_text(r).find("NOT REPRODUCIBLE"), std::string::npos);
}

TEST_F(ReplayTest, ADraftPackShowsWhichCasesWouldChange) {
  const fs::path scratch = dir().parent_path() / "scratch";
  auto draft = open_draft_law(dir() / "policies", draft_without_hold_rule(), scratch);
  ASSERT_TRUE(draft) << draft.error().describe();
  ReplayOptions o;
  o.with = *draft;
  o.with_name = "the draft";
  ReplayResult r = run(o);
  EXPECT_TRUE(r.what_if);
  EXPECT_EQ(r.cases, 9u);
  // C1, C2 and C6 asked for holds: prohibited, now discretionary.
  EXPECT_EQ(r.changed, 3u);
  EXPECT_EQ(r.grounds_only, 0u);
  ASSERT_EQ(r.by_change.size(), 1u);
  EXPECT_EQ((r.by_change[{"hold_beyond_release", "prohibited", "discretionary"}]), 3u);
  ASSERT_EQ(r.differences.size(), 3u);
  EXPECT_EQ(r.differences[0].case_id, ids_[0]);
  EXPECT_EQ(r.differences[1].case_id, ids_[1]);
  EXPECT_EQ(r.differences[2].case_id, ids_[5]);
  EXPECT_EQ(r.differences[2].replayed[0].response, "refer_supervisor");
  const common::Json j = replay_to_json(r);
  EXPECT_EQ(j.find("changed")->as_int(), 3);
  // A whole policies folder works the same.
  auto whole = open_draft_law(scratch, scratch, dir().parent_path() / "unused");
  ASSERT_TRUE(whole) << whole.error().describe();
  o.with = *whole;
  EXPECT_EQ(run(o).changed, 3u);
}

TEST_F(ReplayTest, TheLawOfAnotherDateDecidesOnlyThatJurisdiction) {
  auto lib = policy::Library::open(dir() / "policies");
  ASSERT_TRUE(lib);
  ReplayOptions o;
  o.with = *lib;
  o.at = *policy::parse_date("2019-06-01");
  o.jurisdiction = "t-city";
  ReplayResult r = run(o);
  EXPECT_EQ(r.cases, 9u);   // the packs have no dates: the same law
  EXPECT_EQ(r.changed, 0u);
  o.jurisdiction = "elsewhere";
  EXPECT_EQ(run(o).cases, 0u);
}

// The suite's long run: a demo year of 100,000 cases, recorded through the
// workflow, replays exactly (and the store matches the ledger).
TEST(ReplayDemo, ExactOnADemoHistoryOf100000Cases) {
  trustgate::testing::TempDir tmp;
  const fs::path dir = tmp.path() / "data";
  ASSERT_TRUE(cases::init_data_dir(dir, {"trustgate/demo-test", policy::testing::shipped_policies()}));
  {
    auto d = cases::open_data_dir(dir, cases::Access::Write);
    ASSERT_TRUE(d) << d.error().describe();
    auto lib = policy::Library::open(d->policies());
    ASSERT_TRUE(lib);
    cases::CaseWorkflow w(*d->store, *d->ledger, *lib, d->archive.get());
    ASSERT_TRUE(w.open());
    demo::DemoOptions o;
    o.cases = 100000;
    o.seed = 16;
    o.batch = 4096;
    auto result = demo::record_demo(w, *lib, o, cases::Actor{"test", "cli"});
    ASSERT_TRUE(result) << result.error().describe();
    EXPECT_EQ(result->cases, 100000u);
    std::printf("demo: %llu cases, %llu entries in %.1f s\n",
                static_cast<unsigned long long>(result->cases),
                static_cast<unsigned long long>(result->entries), result->seconds);
  }
  auto d = cases::open_data_dir(dir, cases::Access::Read);
  ASSERT_TRUE(d);
  auto cp = ledger::latest_checkpoint(dir / "ledger", d->ledger->note_key());
  ASSERT_TRUE(cp);
  auto r = replay(dir / "ledger", *cp, *d->archive, ReplayOptions{});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->cases, 100000u);
  EXPECT_TRUE(r->reproducible()) << replay_to_text(*r);
  EXPECT_EQ(r->identical, 100000u);
  std::printf("replay: %llu cases in %.2f s\n", static_cast<unsigned long long>(r->cases),
              r->seconds);
}

TEST(Demo, TheSameSeedMakesTheSameHistory) {
  auto lib = policy::Library::open(policy::testing::shipped_policies());
  ASSERT_TRUE(lib);
  demo::DemoOptions o;
  o.cases = 300;
  demo::DemoGenerator a(*lib, o), b(*lib, o);
  o.seed = 2;
  demo::DemoGenerator c(*lib, o);
  ASSERT_TRUE(a.check());
  size_t differ = 0, instruments_seen = 0;
  std::set<std::string> instruments;
  for (int i = 0; i < 300; ++i) {
    cases::RecordedCase x, y, z;
    ASSERT_TRUE(*a.next(x));
    ASSERT_TRUE(*b.next(y));
    ASSERT_TRUE(*c.next(z));
    EXPECT_EQ(x.request, y.request);
    EXPECT_EQ(x.steps.size(), y.steps.size());
    differ += x.request != z.request;
    auto j = common::parse_json(x.request);
    ASSERT_TRUE(j);
    instruments.insert(std::string(j->find("instrument")->string_or_empty("type")));
  }
  instruments_seen = instruments.size();
  EXPECT_GT(differ, 250u);
  EXPECT_GE(instruments_seen, 6u);
  cases::RecordedCase end;
  EXPECT_FALSE(*a.next(end));
  // The default volume: 860 a day nationwide, scaled to Chicago's population.
  const uint64_t chicago = demo::default_cases("us-il-chicago", 2025);
  EXPECT_GT(chicago, 1500u);
  EXPECT_LT(chicago, 2500u);
}

}  // namespace
}  // namespace trustgate::report
