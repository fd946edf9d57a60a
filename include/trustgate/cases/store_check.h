// Checking the case store against the ledger, as `trustgate ledger verify`
// does: the store must be exactly the projection (events.h) of the ledger's
// entries it has applied. And recreating the store from the ledger.
#pragma once

#include <cstdint>
#include <filesystem>

#include "base/result.h"
#include "trustgate/cases/store.h"
#include "trustgate/ledger/ledger.h"

namespace trustgate::cases {

struct StoreCheckReport {
  uint64_t entries = 0;  // ledger entries the store has applied (all were compared)
  uint64_t cases = 0;    // cases compared
  uint64_t lag = 0;      // ledger entries the store has not applied yet
};

// Replays the ledger's applied entries through apply_event() and compares
// the result with the store: every entry row, every case row, and no row
// more. Fails (Corruption) naming the first entry or case that differs.
base::Result<StoreCheckReport> check_store(CaseStore& store, const ledger::Ledger& ledger);

}  // namespace trustgate::cases
