// A small history whose reports were worked out by hand, recorded through
// the workflow in a data directory of its own (packs of its own, so the
// figures do not change when the shipped law does):
//   t-city: holds and on-scene help are prohibited, release dates and
//   interviews required, transfers and records discretionary.
//   C1 2025-01-10 detainer [hold, notify]: bail 01-11 09:00, notified ice-ero 10:00,
//      released 12:00, closed
//   C2 2025-01-20 detainer [hold, transfer]: supervisor signs, transferred to
//      ice-ero 01-22 08:00, closed
//   C3 2025-02-05 I-200 [transfer]: overridden by a supervisor, released 02-06 15:00
//   C4 2025-02-14 informal (police) [on_scene_assistance]: notified chicago-oemc
//      10:30, closed
//   C5 2025-03-03 informal, cbp [share_records]: supervisor signs, closed
//   C6 2025-03-20 detainer [hold]: overridden, held 03-21 18:00 until 03-25
//      18:00, transferred to ice-ero 03-22 09:00, closed
//   C7 2025-04-02 judge's warrant, usms [transfer]: supervisor signs,
//      transferred to usms 04-03 10:00
//   C8 2025-04-15 administrative subpoena, ice-hsi [interview_access]
//   C9 2025-04-30 detainer [notify]: still in custody
// Times are Chicago's (-06:00). The tests run on both backends: files and
// SQLite, or one PostgreSQL database (ledger_backend.h).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "trustgate/cases/data_dir.h"
#include "trustgate/cases/workflow.h"
#include "trustgate/ledger/ledger_backend.h"
#include "trustgate/ledger/ledger_test_util.h"
#include "trustgate/ledger/reader.h"
#include "trustgate/policy/test_library.h"
#include "trustgate/report/history.h"

namespace trustgate::report::testing {

inline void write_hand_packs(policy::testing::TempPolicies& p) {
  p.pack("t", "", R"(
@id("t/base") @cite("test") @explain("Everything is allowed by default.")
permit (principal, action, resource);
)");
  p.pack("t-city", "t", R"(
@id("t-city/no-hold") @cite("hold rule") @explain("No holds.")
forbid (principal, action == Action::"hold_beyond_release", resource);
@id("t-city/must-notify") @cite("notify rule") @explain("Release dates are given.")
forbid (principal, action == Action::"refuse_notify_release", resource);
@id("t-city/no-scene") @cite("scene rule") @explain("No help on scene.")
forbid (principal, action == Action::"on_scene_assistance", resource);
@id("t-city/must-interview") @cite("interview rule") @explain("Interviews are allowed.")
forbid (principal, action == Action::"refuse_interview_access", resource);
)");
}

inline std::string hand_request(const std::string& received, const std::string& agency,
                                const std::string& requester, const std::string& instrument,
                                const std::string& signed_by, const std::string& actions,
                                const std::string& purpose, bool custody) {
  return R"({"received_at": ")" + received +
         R"(", "jurisdiction": "t-city", "receiving_agency": ")" + agency +
         R"(", "requester": {"agency": ")" + requester + R"("}, "instrument": {"type": ")" +
         instrument + R"(", "signed_by": ")" + signed_by + R"("}, "actions": [)" + actions +
         R"(], "purpose": ")" + purpose + R"(", "subject": {"in_custody": )" +
         (custody ? "true" : "false") + "}}";
}

class HandHistory : public ::testing::TestWithParam<trustgate::testing::Backend> {
 protected:
  void SetUp() override {
    write_hand_packs(packs_);
    cases::InitOptions init{"trustgate/test", packs_.root()};
    if (GetParam() == trustgate::testing::Backend::PostgreSQL) {
      init.store = trustgate::testing::TestPostgres::get().new_database();
    }
    auto made = cases::init_data_dir(dir(), init);
    ASSERT_TRUE(made) << made.error().describe();
    auto d = cases::open_data_dir(dir(), cases::Access::Write);
    ASSERT_TRUE(d) << d.error().describe();
    data_ = std::make_unique<cases::DataDir>(std::move(*d));
    auto lib = policy::Library::open(data_->policies());
    ASSERT_TRUE(lib) << lib.error().describe();
    library_ = *lib;
    w_ = std::make_unique<cases::CaseWorkflow>(*data_->store, *data_->ledger, library_,
                                               data_->archive.get());
    ASSERT_TRUE(w_->open());
    record_history();
    if (HasFatalFailure()) return;
    auto cp = log().latest_checkpoint(data_->ledger->note_key());
    ASSERT_TRUE(cp) << cp.error().describe();
    checkpoint_ = *cp;
    auto h = read_history(log(), checkpoint_.checkpoint);
    ASSERT_TRUE(h) << h.error().describe();
    history_ = std::move(*h);
  }

  std::filesystem::path dir() const { return tmp_.path() / "data"; }
  // Where reports and replay read the entries: the files, or the database.
  ledger::LogSource log() const { return data_->log(); }
  const ledger::Ledger& ledger() const { return *data_->ledger; }
  // Changes the first recorded entry holding `from` to hold `to` instead,
  // behind the ledger's back.
  void tamper(const std::string& from, const std::string& to) {
    if (GetParam() == trustgate::testing::Backend::Files) {
      const auto entries = dir() / "ledger" / "entries.log";
      std::string text = trustgate::testing::slurp(entries);
      const size_t at = text.find(from);
      ASSERT_NE(at, std::string::npos);
      text.replace(at, from.size(), to);
      trustgate::testing::spit(entries, text);
      return;
    }
    auto db = common::PgDatabase::open(data_->config.store, 1);
    ASSERT_TRUE(db) << db.error().message;
    auto changed = (*db)->query(
        "UPDATE ledger_entries SET entry = replace(entry, $1, $2) WHERE seq = "
        "(SELECT min(seq) FROM ledger_entries WHERE position($1 in entry) > 0) RETURNING seq",
        {from, to});
    ASSERT_TRUE(changed) << changed.error().message;
    ASSERT_EQ(changed->rows(), 1);
  }
  const ledger::NoteKey& key() const { return data_->ledger->note_key(); }
  const History& history() const { return history_; }
  const ledger::SignedCheckpoint& checkpoint() const { return checkpoint_; }

  std::vector<std::string> ids_;  // C1 .. C9

 private:
  using K = cases::DispositionKind;
  const cases::Actor actor_{"clerk", "cli"};
  void submit(const std::string& request) {
    auto s = w_->submit(request, actor_);
    ASSERT_TRUE(s) << s.error().describe();
    ids_.push_back(s->case_.id);
  }
  void did(K kind, const std::string& at, const std::string& until = "",
           const std::string& to = "") {
    auto r = w_->record(ids_.back(), cases::DispositionStep{kind, at, until, to}, actor_);
    ASSERT_TRUE(r) << r.error().describe();
  }
  void sign() {
    ASSERT_TRUE(w_->sign_off(ids_.back(), cases::Role::Supervisor, "Sgt. Ortiz", false, actor_));
  }
  void overrule() {
    ASSERT_TRUE(w_->override_decision(ids_.back(), cases::Role::Supervisor, "Lt. Diaz",
                                      "A judge's warrant is expected.", actor_));
  }
  void close() { ASSERT_TRUE(w_->close(ids_.back(), actor_)); }

  void record_history() {
    const std::string civil = "civil_immigration_enforcement";
    submit(hand_request("2025-01-10T08:00:00-06:00", "t-jail", "ice-ero", "detainer",
                        "immigration_officer", R"("hold_beyond_release", "notify_release")", civil,
                        true));
    did(K::BailPosted, "2025-01-11T09:00:00-06:00");
    did(K::Notified, "2025-01-11T10:00:00-06:00", "", "ice-ero");
    did(K::Released, "2025-01-11T12:00:00-06:00");
    close();
    submit(hand_request("2025-01-20T08:00:00-06:00", "t-jail", "ice-ero", "detainer",
                        "immigration_officer", R"("hold_beyond_release", "transfer_custody")",
                        civil, true));
    sign();
    did(K::Transferred, "2025-01-22T08:00:00-06:00", "", "ice-ero");
    close();
    submit(hand_request("2025-02-05T08:00:00-06:00", "t-jail", "ice-ero", "admin_arrest_warrant",
                        "immigration_officer", R"("transfer_custody")", civil, true));
    overrule();
    did(K::Released, "2025-02-06T15:00:00-06:00");
    submit(hand_request("2025-02-14T10:00:00-06:00", "t-police", "ice-ero", "informal", "none",
                        R"("on_scene_assistance")", civil, false));
    did(K::Notified, "2025-02-14T10:30:00-06:00", "", "chicago-oemc");
    close();
    submit(hand_request("2025-03-03T08:00:00-06:00", "t-police", "cbp", "informal", "none",
                        R"("share_records")", civil, false));
    sign();
    close();
    submit(hand_request("2025-03-20T08:00:00-06:00", "t-jail", "ice-ero", "detainer",
                        "immigration_officer", R"("hold_beyond_release")", civil, true));
    overrule();
    did(K::Held, "2025-03-21T18:00:00-06:00", "2025-03-25T18:00:00-06:00");
    did(K::Transferred, "2025-03-22T09:00:00-06:00", "", "ice-ero");
    close();
    submit(hand_request("2025-04-02T08:00:00-06:00", "t-jail", "usms", "judicial_warrant", "judge",
                        R"("transfer_custody")", "criminal_investigation", true));
    sign();
    did(K::Transferred, "2025-04-03T10:00:00-06:00", "", "usms");
    submit(hand_request("2025-04-15T08:00:00-06:00", "t-jail", "ice-hsi", "admin_subpoena",
                        "immigration_officer", R"("interview_access")", civil, true));
    submit(hand_request("2025-04-30T08:00:00-06:00", "t-jail", "ice-ero", "detainer",
                        "immigration_officer", R"("notify_release")", civil, true));
  }

  trustgate::testing::TempDir tmp_;
  policy::testing::TempPolicies packs_;
  std::unique_ptr<cases::DataDir> data_;
  std::shared_ptr<const policy::Library> library_;
  std::unique_ptr<cases::CaseWorkflow> w_;
  ledger::SignedCheckpoint checkpoint_;
  History history_;
};

}  // namespace trustgate::report::testing
