// CaseWorkflow: submission (intake, decision, record), sign-off, override
// and closing — each step checked against the case, appended to the ledger
// as one unit, and applied to the store before it is acknowledged.
//
// Data flow: a step builds its entries (events.h) and checks them with
// apply_event() against the case as the store holds it; the ledger commits
// them (durably, with a checkpoint), then calls this workflow's commit
// listener, which projects the batch's entries onto the store in one
// transaction; only then does the step return. So once a step returns, the
// store shows it, and the store is always a contiguous prefix of the ledger.
// If the store cannot apply a batch (a failed write), the entries stay in
// the ledger and the next step catches the store up first (reconcile).
// With a ledger whose listener runs inside its transaction (PostgreSQL),
// the projection commits with the batch or not at all: the store is never
// behind, and a step whose projection fails is not recorded.
//
// Concurrency: steps on different cases run concurrently and share group
// commits; steps on one case are serialized by a per-case lock, as are
// submissions with one client id (so a retried submission returns the first
// case instead of making a second).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "trustgate/cases/case.h"
#include "trustgate/cases/client_filter.h"
#include "trustgate/cases/events.h"
#include "trustgate/cases/law_archive.h"
#include "trustgate/cases/store.h"
#include "trustgate/intake/intake.h"
#include "trustgate/ledger/ledger.h"
#include "trustgate/policy/library.h"

namespace trustgate::cases {

// Limits on the free text a step records (UTF-8 bytes).
inline constexpr size_t kMaxNameBytes = 200;     // a person's name, an actor id
inline constexpr size_t kMaxReasonBytes = 4000;  // an override's reason (may hold newlines)

struct Submission {
  // The case as the store projects it. A case just created carries its
  // events' seq, kind and time but not their texts (CaseEvent::entry is
  // empty: no answer shows them, and rendering them again would cost the
  // commit); get() reads a case back with them.
  Case case_;
  bool created = false;  // false: the client's id named an existing case, returned as it is
};

// One case of a history recorded at once (the demo, an import from an older
// system): the request, and the steps that followed its decision, each an
// event as events.h's builders make them (their "case" is set when recorded).
struct RecordedCase {
  std::string request;
  std::vector<common::Json> steps;
};

// What a decision asks of the workflow: the roles that must sign it off and
// the obligations, from the outcomes and pack.json's obligation definitions.
DecidedCase decided_case(const policy::Decision& decision, const policy::Vocabulary& vocab);

class CaseWorkflow {
 public:
  // `library` may be null (no submissions); `archive` may be null (the law
  // is not kept: tests). A writable ledger gets this workflow as its commit
  // listener; the workflow must outlive every step in flight.
  CaseWorkflow(CaseStore& store, ledger::Ledger& ledger,
               std::shared_ptr<const policy::Library> library, LawArchive* archive);

  // Checks that the store belongs to this ledger (its recorded root is the
  // ledger's root at the store's progress) and, when the ledger is
  // writable, applies the entries it lacks. Call once before any step.
  base::Status open();
  // Entries the store has not applied (after open(): 0 when writable).
  uint64_t store_lag() const;
  // Called with the number of entries of each batch the ledger commits
  // (for metrics), on the committing thread. Set before the first step.
  void set_commit_observer(std::function<void(uint64_t entries)> observer) {
    observer_ = std::move(observer);
  }

  // Validates, decides and records a request as a new case; a refused
  // request records nothing.
  base::Result<Submission> submit(std::string_view request_text, const Actor& actor);
  // The same for a request the caller has taken in already, with
  // intake::parse_request(..., Keep::Record) over this workflow's library:
  // the server reads the agency it names before submitting it.
  base::Result<Submission> submit(intake::Intake intake, const Actor& actor);
  base::Result<Case> sign_off(const std::string& case_id, Role role, const std::string& by,
                              bool on_site, const Actor& actor);
  base::Result<Case> override_decision(const std::string& case_id, Role role, const std::string& by,
                                       const std::string& reason, const Actor& actor);
  // Records what was done (case.h, dispositions); refused, it records nothing.
  base::Result<Case> record(const std::string& case_id, const DispositionStep& step,
                            const Actor& actor);
  base::Result<Case> close(const std::string& case_id, const Actor& actor);
  base::Result<Case> get(const std::string& case_id);

  // Records cases as one unit: each request goes through the intake and is
  // decided as submit() decides it, its steps follow its decision, and every
  // entry is checked with apply_event() before anything is written. A
  // refused request or step records nothing of the unit; the error names
  // its index ("cases[3]: ..."). A request's id must not name a case
  // already. Returns the seq of the unit's first entry.
  base::Result<uint64_t> record_cases(std::span<const RecordedCase> cases, const Actor& actor);

 private:
  base::Status on_commit(uint64_t first_seq, std::span<const common::Json> events,
                         std::span<const std::string_view> entries,
                         const ledger::Checkpoint& checkpoint);
  // `entries` are the events' texts as the ledger holds them (stored as the
  // store's case_events.entry).
  base::Status apply_entries(uint64_t first_seq, std::span<const common::Json> events,
                             std::span<const std::string_view> entries, const ledger::Hash& root);
  base::Status reconcile();
  base::Status load_client_keys();
  base::Status catch_up();
  // Ok unless the store failed to apply the latest entries (IO error).
  base::Status applied() const;
  base::Result<Case> step(const std::string& case_id, const Actor& actor,
                          const std::function<common::Json()>& make_event);
  base::Result<Case> existing(const Case& found, const common::Json& record,
                              const std::string& client_id);
  // A recorded case's request, through the intake and decided; its law kept
  // and, for a version first used here, named in `activating`.
  struct Prepared {
    common::Json record;
    DecidedCase decided;
    std::string jurisdiction;
    bool activate = false;  // its unit starts with policy_activated
  };
  base::Result<Prepared> prepare(const RecordedCase& rc, int64_t now,
                                 std::set<std::string>& activating);
  std::mutex& lock_for(std::string_view key);

  CaseStore& store_;
  ledger::Ledger& ledger_;
  std::shared_ptr<const policy::Library> library_;
  LawArchive* archive_;
  std::function<void(uint64_t)> observer_;

  mutable std::mutex apply_mu_;              // held while the store applies entries
  uint64_t applied_below_ = 0;               // the store's progress, under apply_mu_
  std::optional<base::Error> apply_failed_;  // the last failed apply, under apply_mu_
  // Whether apply_failed_ is set, read without apply_mu_: a step does not
  // wait for the apply of a batch that is not its own. Set in the commit
  // listener before the batch's appenders return, so they see it.
  std::atomic<bool> store_behind_{false};

  // The client keys the store holds, when this server is the store's only
  // writer (a file ledger: its lock keeps other processes out); null with a
  // shared store (PostgreSQL), where every submission with an id asks it.
  // Set by open(), before any step: steps read the pointer without a lock.
  std::unique_ptr<ClientIdFilter> clients_;

  std::mutex versions_mu_;
  std::set<std::string> known_versions_;  // "version jurisdiction" activated already

  // Per case (and per client id), by hash. A submission holds its client
  // id's lock until its commit is applied, so two that share a lock wait
  // one for the other: with 64, a group commit's 64 submissions shared one
  // in about 30 pairs; with 4096, about one pair in two commits.
  static constexpr size_t kLocks = 4096;
  std::unique_ptr<std::mutex[]> locks_ = std::make_unique<std::mutex[]>(kLocks);
};

}  // namespace trustgate::cases
