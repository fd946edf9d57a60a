// CaseStore: where cases are kept for lookup — a projection of the ledger.
//
// The ledger is the record; the store is rebuilt from it: every ledger entry
// about a case (or a policy version) is applied with record(), keyed by its
// ledger index, so applying an entry twice changes nothing. Invariant: every
// entry with index < applied_below() has been applied. SQLite is the embedded
// implementation; the SQL is kept portable for a PostgreSQL one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cedar/result.h"
#include "trustgate/cases/case.h"

namespace trustgate::cases {

// What one ledger entry does to the store.
struct CaseChange {
  CaseEvent event;
  std::string case_id;          // empty for entries about no case (policy_activated)
  std::optional<Case> created;  // a received entry creates the case
  std::optional<CaseState> state;
  std::optional<std::string> decision_json, policy_version;
  bool needs_supervisor = false, needs_on_site = false;
  std::optional<std::string> supervisor, override_reason;
  bool on_site = false;
  std::optional<std::pair<std::string, std::string>> activated;  // policy_version, jurisdiction
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;
  // Applies one entry in one transaction; an entry already applied is skipped.
  virtual cedar::Status record(const CaseChange& change) = 0;
  virtual cedar::Result<std::optional<Case>> find(const std::string& id) = 0;
  virtual cedar::Result<std::vector<Case>> list(std::optional<CaseState> state) = 0;
  virtual cedar::Result<uint64_t> applied_below() = 0;
  virtual cedar::Result<bool> has_entry(uint64_t seq) = 0;
  virtual cedar::Result<bool> policy_version_known(const std::string& version,
                                                   const std::string& jurisdiction) = 0;
  virtual cedar::Result<uint64_t> case_count() = 0;
};

// Opens (creating if needed) an SQLite database in WAL mode with foreign
// keys on, and runs the migrations it has not run yet.
cedar::Result<std::unique_ptr<CaseStore>> open_sqlite_case_store(const std::filesystem::path& file);

// The schema version the migrations produce.
int case_store_schema_version();

}  // namespace trustgate::cases
