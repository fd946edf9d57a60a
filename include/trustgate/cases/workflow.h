// CaseWorkflow: intake, decision, supervisor sign-off and override — each
// step first appended to the ledger (durably), then applied to the store.
//
// Ledger entries (canonical JSON; docs/ledger.md lists their fields):
//   policy_activated     the first time a jurisdiction's law version is used
//   received             the request as received
//   decided              the decision JSON
//   awaiting_supervisor  an outcome needs a supervisor
//   signed_off           supervisor, on_site
//   overridden           supervisor, reason
//   closed
// Every entry about a case carries "case", "at" and "policy_version".
//
// Because the ledger is written first, a crash can leave entries the store
// has not applied; reconcile() (run by open) applies them, so the store never
// misses an acknowledged event. Operations are serialized by one mutex: a
// transition is checked against the store and recorded atomically.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/result.h"
#include "trustgate/cases/case.h"
#include "trustgate/cases/decider.h"
#include "trustgate/cases/store.h"
#include "trustgate/ledger/ledger.h"

namespace trustgate::cases {

// The store change a ledger entry makes (the projection shared by every
// store implementation). Fails on an entry that is not a case event.
cedar::Result<CaseChange> change_for_entry(uint64_t seq, std::string_view entry);

class CaseWorkflow {
 public:
  // `decider` may be null: then submit() fails and the rest works.
  CaseWorkflow(CaseStore& store, ledger::Ledger& ledger, Decider* decider)
      : store_(store), ledger_(ledger), decider_(decider) {}

  // Applies ledger entries the store has not applied yet; returns how many.
  cedar::Result<uint64_t> reconcile();

  // Validates and decides a request and records it as a new case. A
  // rejected request records nothing.
  cedar::Result<Case> submit(std::string_view request_json);
  cedar::Result<Case> sign_off(const std::string& case_id, const std::string& supervisor,
                               bool on_site);
  cedar::Result<Case> override_decision(const std::string& case_id, const std::string& supervisor,
                                        const std::string& reason);
  cedar::Result<Case> close(const std::string& case_id);

  cedar::Result<Case> get(const std::string& case_id);

 private:
  cedar::Status append_and_apply(common::Json entry);
  cedar::Result<Case> transition(const std::string& case_id, CaseState to, common::Json entry);

  CaseStore& store_;
  ledger::Ledger& ledger_;
  Decider* decider_;
  std::mutex mu_;
};

}  // namespace trustgate::cases
