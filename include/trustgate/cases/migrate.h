// Moving a data directory from files and SQLite to PostgreSQL
// (`trustgate migrate`, docs/deploy.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "base/result.h"
#include "trustgate/ledger/checkpoint.h"

namespace trustgate::cases {

struct MigrateReport {
  uint64_t entries = 0;
  uint64_t checkpoints = 0;
  uint64_t cases = 0;
  uint64_t users = 0;  // accounts.db's users and tokens, moved into the database
  uint64_t tokens = 0;
  uint64_t law_versions = 0;            // DATA/law's versions, put into the database
  uint64_t cosignatures = 0;            // ledger/cosignatures.log's, moved into the database
  ledger::SignedCheckpoint checkpoint;  // the last, the same on both sides
  std::filesystem::path kept;           // where the old files were put
};

// Moves the ledger and the case store of the data directory `dir` (files
// and SQLite; no server may hold it) into the empty PostgreSQL database
// `url`: verifies the file ledger (every signature), copies its entries
// and checkpoints as they were signed, copies the accounts (users and
// tokens; sessions end), the law archive and the witnesses' cosignatures,
// points config.json at the database,
// projects the cases anew from the ledger, then verifies the ledger in the
// database and that its last checkpoint is the file ledger's. The old
// files (the ledger's, cases.db, accounts.db, cosignatures.log) are kept in
// DIR/migrated-<time>/; DATA/law stays, the database's cache (evidence: remove them once
// backed up). A failure before config.json changes leaves the directory as
// it was (the database may then hold the copied ledger: drop it to retry).
base::Result<MigrateReport> migrate_data_dir_to_postgres(const std::filesystem::path& dir,
                                                         const std::string& url);

}  // namespace trustgate::cases
