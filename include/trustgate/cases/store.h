// CaseStore: where cases are kept for lookup — a projection of the ledger.
//
// The ledger is the record; the store is derived from it, batch by batch:
// apply() writes the cases a committed batch of entries changed (whole, as
// events.h's apply_event() projected them), the batch's entries, and the new
// applied prefix, in one transaction. Invariant: the store holds exactly
// the projection of the ledger's first applied_below entries, and records
// the Merkle root of that prefix, so a store that belongs to another
// history (restored from another backup, edited) is recognised on open.
// SQLite is the embedded implementation; PostgreSQL the shared one (several
// servers, one database: its apply() commits in the ledger's transaction).
// Both run the same schema and migrations.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "trustgate/cases/case.h"
#include "trustgate/ledger/hash.h"

namespace trustgate::common {
class PgDatabase;  // common/postgres.h
}

namespace trustgate::cases {

// One committed batch of ledger entries, as the store applies it.
struct StoreBatch {
  uint64_t first_seq = 0;
  uint64_t next_seq = 0;                 // first_seq + the number of entries
  ledger::Hash root{};                   // of the ledger's first next_seq entries
  std::vector<Case> cases;               // every case the batch changed, as it is after the batch
  std::vector<CaseEvent> events;         // every entry of the batch
  std::vector<std::string> event_cases;  // the case of each event ("" for none)
  std::vector<std::pair<std::string, std::string>> activations;  // policy_version, jurisdiction
};

struct StoreProgress {
  uint64_t applied_below = 0;
  ledger::Hash root{};  // of the ledger's first applied_below entries (zero when none)
};

struct CaseFilter {
  std::optional<CaseState> state;
  std::string jurisdiction;      // empty: any
  std::string receiving_agency;  // empty: any
  uint64_t after_seq = 0;        // only cases whose seq is larger (paging)
  size_t limit = 0;              // 0: no limit
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;
  // Applies one batch in one transaction. batch.first_seq must be
  // applied_below (else Conflict: the store is not contiguous).
  virtual base::Status apply(const StoreBatch& batch) = 0;
  // A case with its events.
  virtual base::Result<std::optional<Case>> find(const std::string& id) = 0;
  // The case a client's id names for one agency of one jurisdiction.
  virtual base::Result<std::optional<Case>> find_by_client(const std::string& jurisdiction,
                                                           const std::string& agency,
                                                           const std::string& client_id) = 0;
  // Cases in seq order, without their events.
  virtual base::Result<std::vector<Case>> list(const CaseFilter& filter) = 0;
  // Entries [from, from + limit), in seq order.
  virtual base::Result<std::vector<CaseEvent>> events(uint64_t from, size_t limit) = 0;
  virtual base::Result<StoreProgress> progress() = 0;
  virtual base::Result<bool> policy_version_known(const std::string& version,
                                                  const std::string& jurisdiction) = 0;
  virtual base::Result<uint64_t> case_count() = 0;
  // Calls `f` with the jurisdiction, receiving agency and client id of each
  // case that has a client id (in no particular order).
  using ClientKeyVisitor = std::function<void(std::string_view jurisdiction,
                                              std::string_view agency, std::string_view client_id)>;
  virtual base::Status each_client_key(const ClientKeyVisitor& f) = 0;
};

// Opens (creating when `create`, mode 0600) an SQLite database in WAL mode
// and runs the migrations it has not run yet; read_only opens it for reading
// (no migration: an outdated schema is an error).
base::Result<std::unique_ptr<CaseStore>> open_sqlite_case_store(const std::filesystem::path& file,
                                                                bool create, bool read_only);

// Opens the case store in a PostgreSQL database (the component "case
// store" of its schema_versions), running the migrations it has not run
// yet unless read_only (then an outdated schema is an error). Its apply()
// joins the transaction of the PostgreSQL ledger's commit when called from
// the ledger's commit listener; called on its own, it takes the ledger's
// sequencing lock (postgres_ledger.h) for its transaction.
base::Result<std::unique_ptr<CaseStore>> open_postgres_case_store(
    std::shared_ptr<common::PgDatabase> db, bool read_only);

// The schema version the migrations produce.
int case_store_schema_version();

}  // namespace trustgate::cases
