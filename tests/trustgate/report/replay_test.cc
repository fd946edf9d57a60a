// Replay: exact under the law that decided each case (a demo history of
// 100,000 cases included), and what-if under a draft.
#include "trustgate/report/replay.h"

#include <gtest/gtest.h>

#include <fstream>

#include "report_fixture.h"
#include "trustgate/cases/store_check.h"
#include "trustgate/demo/history.h"
#include "trustgate/policy/request.h"

namespace trustgate::report {
namespace {

namespace fs = std::filesystem;

class ReplayTest : public testing::HandHistory {
 protected:
  ReplayResult run(const ReplayOptions& o = {}) {
    cases::LawArchive archive(base::posix_storage(), dir() / "law");
    auto r = replay(log(), checkpoint(), archive, o);
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

TEST_P(ReplayTest, HistoryIsReproducibleUnderTheLawThatDecidedIt) {
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
  // Deciding every case afresh finds the same: reusing decisions changes nothing.
  ReplayOptions fresh;
  fresh.reuse_decisions = false;
  ReplayResult f = run(fresh);
  EXPECT_EQ(f.decisions, 9u);
  EXPECT_EQ(f.identical, r.identical);
  EXPECT_EQ(replay_to_json(f), replay_to_json(r));
}

TEST_P(ReplayTest, AnAlteredArchiveMakesHistoryIrreproducibleAndEveryCaseIsListed) {
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

TEST_P(ReplayTest, ADraftPackShowsWhichCasesWouldChange) {
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

TEST_P(ReplayTest, TheLawOfAnotherDateDecidesOnlyThatJurisdiction) {
  auto lib = policy::Library::open(dir() / "policies");
  ASSERT_TRUE(lib);
  ReplayOptions o;
  o.with = *lib;
  o.at = *policy::parse_date("2019-06-01");
  o.jurisdiction = "t-city";
  ReplayResult r = run(o);
  EXPECT_EQ(r.cases, 9u);  // the packs have no dates: the same law
  EXPECT_EQ(r.changed, 0u);
  o.jurisdiction = "elsewhere";
  EXPECT_EQ(run(o).cases, 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReplayTest, trustgate::testing::kAllBackends,
                         trustgate::testing::backend_name);

// A law archived by a build from before the vocabulary grew: its schema has
// no AgencyKind, InterviewMode or convictions (data/law-before-agency-kinds,
// written by hand from that build's schema and pack format), and the ledger
// holds what that build recorded for three cases (its request and decision
// forms, the outcomes worked out by hand from the packs). Replay must load
// the law over its own schema and find every outcome and the version
// identical.
class ArchivedBeforeTheVocabularyGrew : public ::testing::Test {
 protected:
  // Computed as that build did (jurisdiction, schema and pack digests,
  // policies in force: library.cc), independently of this build.
  static constexpr const char* kVersion =
      "sha256:d81286ab9f55a85196a7135e17048075b4566242d56e481d60530d2613b6166e";
  void SetUp() override {
    fs::copy(fs::path(TRUSTGATE_SOURCE_DIR) / "tests/trustgate/report/data/law-before-agency-kinds",
             law_dir(), fs::copy_options::recursive);
    auto ledger = trustgate::testing::create_ledger(tmp_.path() / "ledger");
    ASSERT_TRUE(ledger);
    const std::string civil = "civil_immigration_enforcement";
    record(*ledger, 1, "detainer", "immigration_officer", civil, true, false,
           R"(["hold_beyond_release", "notify_release"])",
           outcome("hold_beyond_release", "prohibited", "decline", "old-city/no-civil-hold",
                   R"(["release_on_time"])") +
               "," +
               outcome("notify_release", "discretionary", "refer_supervisor", "old/base", "[]"));
    record(*ledger, 2, "detainer", "immigration_officer", civil, true, true,
           R"(["hold_beyond_release"])",
           outcome("hold_beyond_release", "discretionary", "refer_supervisor", "old/base", "[]"));
    record(*ledger, 3, "judicial_warrant", "judge", "criminal_investigation", true, false,
           R"(["notify_release"])",
           outcome("notify_release", "required", "comply", "old-city/answer-judges", "[]"));
    checkpoint_ = ledger->checkpoint();
  }

  fs::path law_dir() const { return tmp_.path() / "law"; }

  static std::string outcome(const std::string& action, const std::string& compliance,
                             const std::string& response, const std::string& policy,
                             const std::string& obligations) {
    return R"({"action":")" + action + R"(","compliance":")" + compliance + R"(","response":")" +
           response + R"(","because":[{"policy":")" + policy +
           R"(","layer":"city","cite":"test","explain":"test"}],"obligations":)" + obligations +
           "}";
  }

  // The received and decided entries of case C-<n>, as the earlier build wrote them.
  void record(ledger::Ledger& ledger, int n, const std::string& instrument,
              const std::string& signed_by, const std::string& purpose, bool custody, bool serious,
              const std::string& actions, const std::string& outcomes) {
    const std::string id = "C-" + std::to_string(n);
    const std::string at = "2020-03-0" + std::to_string(n) + "T08:00:00-06:00";
    const std::string request =
        R"({"received_at":")" + at +
        R"(","jurisdiction":"old-city","receiving_agency":"old-city-jail","requester":{"agency":"ice-ero"},"instrument":{"type":")" +
        instrument + R"(","signed_by":")" + signed_by + R"("},"actions":)" + actions +
        R"(,"purpose":")" + purpose + R"(","subject":{"in_custody":)" +
        (custody ? "true" : "false") +
        R"(},"facts":{"lawful_status_proof":false,"serious_conviction":)" +
        (serious ? "true" : "false") +
        R"(,"supervisor_on_site":false,"watchlist_match":false,"written_consent":false}})";
    const std::string received =
        R"({"event":"received","case":")" + id +
        R"(","actor":{"name":"clerk","via":"cli"},"policy_version":")" + kVersion +
        R"(","client_id":"","jurisdiction":"old-city","receiving_agency":"old-city-jail","received_at":")" +
        at + R"(","request":)" + request + "}";
    const std::string decided =
        R"({"event":"decided","case":")" + id +
        R"(","actor":{"name":"clerk","via":"cli"},"policy_version":")" + kVersion +
        R"(","decision":{"request_id":"","jurisdiction":"old-city","policy_version":")" + kVersion +
        R"(","decided_at":"2020-03-01T14:00:00Z","law_date":"2020-03-0)" + std::to_string(n) +
        R"(","outcomes":[)" + outcomes +
        R"(]},"obligations":[],"sign_offs_needed":[],"on_site_needed":false})";
    for (const std::string& text : {received, decided}) {
      auto event = common::parse_json(text);
      ASSERT_TRUE(event) << event.error().describe() << "\n" << text;
      ASSERT_TRUE(ledger.append(std::move(*event)));
    }
  }

  trustgate::testing::TempDir tmp_;
  ledger::SignedCheckpoint checkpoint_;
};

TEST_F(ArchivedBeforeTheVocabularyGrew, ReplaysExactlyOverItsOwnSchema) {
  cases::LawArchive archive(base::posix_storage(), law_dir());
  auto r = replay(tmp_.path() / "ledger", checkpoint_, archive, ReplayOptions{});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->cases, 3u);
  EXPECT_EQ(r->outcomes, 4u);
  EXPECT_EQ(r->identical, 3u) << replay_to_text(*r);
  EXPECT_EQ(r->versions, 1u);
  EXPECT_TRUE(r->reproducible()) << replay_to_text(*r);
  // The context it decides over is the one its schema describes: no member
  // the vocabulary gained later.
  auto law = archive.load(kVersion);
  ASSERT_TRUE(law) << law.error().describe();
  const policy::Vocabulary& v = (*law)->vocabulary();
  EXPECT_FALSE(v.agency_kinds.declared());
  EXPECT_FALSE(v.interview_modes.declared());
  EXPECT_FALSE(v.convictions_declared);
  const cedar::Value ctx = v.context(policy::Situation{});
  EXPECT_EQ(ctx.to_string().find("agency_kind"), std::string::npos);
  EXPECT_EQ(ctx.to_string().find("convictions"), std::string::npos);
  // A request in today's form says what that law cannot hear: refused, not ignored.
  auto request = policy::parse_request(
      R"({"received_at":"2020-03-01T08:00:00-06:00","jurisdiction":"old-city","receiving_agency":"j","requester":{"agency":"ice-ero"},"instrument":{"type":"detainer"},"actions":["hold_beyond_release"],"purpose":"other","interview_mode":"phone","subject":{"in_custody":true}})",
      v);
  ASSERT_FALSE(request);
  EXPECT_EQ(request.error().field, "/interview_mode");
}

TEST_F(ArchivedBeforeTheVocabularyGrew, NewPacksStillNeedTheWholeVocabulary) {
  // As a policies folder deciding new requests, the same packs are refused.
  auto lib = policy::Library::open(law_dir() / std::string(kVersion).substr(7));
  ASSERT_FALSE(lib);
  EXPECT_NE(lib.error().message.find("AgencyKind"), std::string::npos) << lib.error().message;
}

TEST_F(ArchivedBeforeTheVocabularyGrew, ASchemaOfALaterBuildIsRefused) {
  // A context member this build cannot fill would leave a policy reading it
  // undecided: the archive does not load.
  const fs::path schema = law_dir() / std::string(kVersion).substr(7) / "schema.cedarschema";
  fs::permissions(schema, fs::perms::owner_write, fs::perm_options::add);
  std::string text = trustgate::testing::slurp(schema);
  const std::string anchor = "type Situation = {";
  text.replace(text.find(anchor), anchor.size(), anchor + "\n  weather: String,");
  trustgate::testing::spit(schema, text);
  cases::LawArchive archive(base::posix_storage(), law_dir());
  auto law = archive.load(kVersion);
  ASSERT_FALSE(law);
  EXPECT_NE(law.error().message.find("`weather`, which this build cannot fill"), std::string::npos)
      << law.error().message;
}

// The suite's long run: a demo year of 100,000 cases, recorded through the
// workflow, replays exactly (and the store matches the ledger).
TEST(ReplayDemo, ExactOnADemoHistoryOf100000Cases) {
  trustgate::testing::TempDir tmp;
  const fs::path dir = tmp.path() / "data";
  ASSERT_TRUE(
      cases::init_data_dir(dir, {"trustgate/demo-test", policy::testing::shipped_policies()}));
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
  // Cases that share their law, agency, situation and actions shared one decision.
  EXPECT_LT(r->decisions, r->cases / 2);
  std::printf("replay: %llu cases in %.2f s (%llu decisions)\n",
              static_cast<unsigned long long>(r->cases), r->seconds,
              static_cast<unsigned long long>(r->decisions));
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
