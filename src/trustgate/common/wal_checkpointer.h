// WalCheckpointer: checkpoints a SQLite database in WAL mode on a thread of
// its own, so that a writer's commit never runs one.
//
// SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL
// past its limit: the committing thread copies the WAL's pages into the
// database file and syncs both. For the case store that thread is the
// ledger's commit leader, and every appender waits behind it. Here the
// writer's connection only counts the WAL's pages (sqlite3_wal_hook, which
// also turns the automatic checkpoint off); once kPages are waiting, a
// PASSIVE checkpoint runs on a second connection to the same file. PASSIVE
// never blocks the writer or readers; what it cannot copy yet is copied by
// the next one. The WAL is reset by the first write after a complete
// checkpoint, as with the automatic one. Under steady writes a background
// checkpoint may never be complete when the next write starts, and the WAL
// would grow without end: at kMaxPages the writer checkpoints itself, in
// its commit, as SQLite would have at kPages. So the WAL holds at most
// kMaxPages and one transaction.
//
// Invariant: the writer's connection outlives the checkpointer (destroy
// this first); the destructor stops and joins the thread.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "base/result.h"

namespace trustgate::common {

class WalCheckpointer {
 public:
  static constexpr int kPages = 1000;  // SQLite's default wal_autocheckpoint
  static constexpr int kMaxPages = 4 * kPages;

  // Watches `writer` (a read-write connection to `file` in WAL mode) and
  // opens a second connection to `file` for the checkpoints.
  static base::Result<std::unique_ptr<WalCheckpointer>> start(sqlite3* writer,
                                                              const std::string& file);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Checkpoints run so far (for tests).
  int checkpoints() const;

 private:
  WalCheckpointer(sqlite3* writer, sqlite3* own) : writer_(writer), own_(own) {}
  static int on_commit(void* self, sqlite3* db, const char* name, int pages);
  void run();

  sqlite3* writer_;
  sqlite3* own_;  // the checkpoints' connection
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool due_ = false, stopping_ = false;
  int checkpoints_ = 0;
  std::thread thread_;
};

}  // namespace trustgate::common
