// The ledger in PostgreSQL, shared by several stateless servers
// (docs/deploy.md). Tables (migrations of the component "ledger"):
//   ledger_head         one row (id 1): origin, size — the coordinator row.
//                       An append transaction locks it (SELECT … FOR
//                       UPDATE): appends from every server are sequenced by
//                       it, and its size is the next seq.
//   ledger_entries      seq, entry: one canonical-JSON event per row, the
//                       same text as a line of the file ledger's entries.log
//   ledger_checkpoints  size, note: one signed checkpoint (C2SP signed note)
//                       per committed batch, signed with the data
//                       directory's key, which every server shares
//
// One transaction per batch (group commit within each server): lock the
// coordinator row, catch up with what other servers appended, build the
// units' events with their seqs, insert them and the new checkpoint, move
// the head, run the commit listener (the case store applies the batch in
// the same transaction: common/postgres.h, "Joining a transaction") and
// COMMIT with synchronous_commit = on. Acknowledged = committed. Entries
// and their checkpoint commit together, so no reader ever sees entries
// without a checkpoint or a seq gap; a killed server leaves nothing behind
// (its open transaction is rolled back).
//
// Readers never take the coordinator lock: they read the latest checkpoint
// and the entries it covers. Each process keeps the Merkle tree of the
// entries it has seen and extends it from the database, checking that the
// root matches the checkpoint it read (Corruption otherwise).
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "trustgate/common/crypto.h"
#include "trustgate/common/postgres.h"
#include "trustgate/ledger/ledger.h"
#include "trustgate/ledger/verify.h"

namespace trustgate::ledger {

struct PostgresLedgerOptions {
  std::shared_ptr<common::PgDatabase> db;
  std::string origin;
  common::Ed25519Key key;  // private to write; the public key is enough to read
};

// Runs the ledger's migrations (creating its tables) and writes entry 0
// and its checkpoint; Conflict when the database holds a ledger already.
base::Result<std::unique_ptr<Ledger>> create_postgres_ledger(PostgresLedgerOptions options);
// Opens the ledger the database holds (migrating its schema when writable).
base::Result<std::unique_ptr<Ledger>> open_postgres_ledger(PostgresLedgerOptions options,
                                                           bool writable);

// Copies the file ledger in `dir` (up to its last checkpoint: every entry
// and every checkpoint, as signed) into a database that holds no ledger,
// in one transaction (Conflict when it holds one). The key checks the
// checkpoints; nothing is signed anew. Returns the last checkpoint copied.
base::Result<SignedCheckpoint> copy_file_ledger_to_postgres(const std::filesystem::path& dir,
                                                            const NoteKey& key,
                                                            common::PgDatabase& db);

// Verifies the whole ledger the database holds, as verify_ledger() does a
// directory (verify.h); cosignatures are read from the database's table
// (cosignature_log.h).
base::Result<VerifyReport> verify_postgres_ledger(common::PgDatabase& db,
                                                  const VerifyOptions& options);

}  // namespace trustgate::ledger
