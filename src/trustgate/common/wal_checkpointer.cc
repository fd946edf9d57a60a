#include "wal_checkpointer.h"

#include "sqlite.h"

namespace trustgate::common {

base::Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::start(sqlite3* writer,
                                                                      const std::string& file) {
  auto own = open_sqlite(file, false, false, "NORMAL");
  if (!own) return own.error();
  std::unique_ptr<WalCheckpointer> c(new WalCheckpointer(writer, *own));
  sqlite3_wal_hook(writer, &WalCheckpointer::on_commit, c.get());
  c->thread_ = std::thread([p = c.get()] { p->run(); });
  return c;
}

WalCheckpointer::~WalCheckpointer() {
  sqlite3_wal_hook(writer_, nullptr, nullptr);
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_close(own_);
}

int WalCheckpointer::checkpoints() const {
  std::lock_guard lk(mu_);
  return checkpoints_;
}

// Called by the writer's connection after each commit, with the WAL's size.
int WalCheckpointer::on_commit(void* self, sqlite3* db, const char* name, int pages) {
  if (pages < kPages) return SQLITE_OK;
  if (pages >= kMaxPages) {
    // The thread has not caught up: the writer's commit does it (as
    // SQLite's own hook does), so the next write can reset the WAL.
    (void)sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
  }
  auto* c = static_cast<WalCheckpointer*>(self);
  {
    std::lock_guard lk(c->mu_);
    c->due_ = true;
  }
  c->wake_.notify_one();
  return SQLITE_OK;
}

void WalCheckpointer::run() {
  std::unique_lock lk(mu_);
  while (true) {
    wake_.wait(lk, [&] { return due_ || stopping_; });
    if (stopping_) return;
    due_ = false;
    lk.unlock();
    // A failure (busy, I/O) leaves the pages in the WAL, where readers
    // still find them; the next commit past kPages asks again.
    (void)sqlite3_wal_checkpoint_v2(own_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lk.lock();
    ++checkpoints_;
  }
}

}  // namespace trustgate::common
