// A thin layer over SQLite's C API for the stores (cases, accounts): a
// prepared statement with checked binding, and exec() of plain SQL.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "base/result.h"

namespace trustgate::common {

class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) {
    rc_ = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return rc_ == SQLITE_OK; }
  Statement& bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE, or an error code (also when preparing failed).
  int step() { return ok() ? sqlite3_step(stmt_) : rc_; }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int col) const {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : "";
  }
  int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

// Statements prepared once per connection and reused: parsing the SQL of
// every call again cost a store most of its time. Not thread-safe: the
// caller serialises the connection's users (a store's mutex).
class StatementCache {
 public:
  // A cached statement while it is used; reset (bindings cleared, any read
  // it holds ended) when the lease ends.
  class Lease {
   public:
    explicit Lease(Statement& s) : s_(s) {}
    ~Lease() { s_.reset(); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Statement& operator*() const { return s_; }

   private:
    Statement& s_;
  };

  explicit StatementCache(sqlite3* db) : db_(db) {}
  // The statement for `sql`, prepared on its first use.
  Lease get(const std::string& sql) {
    auto& slot = statements_[sql];
    if (!slot) slot = std::make_unique<Statement>(db_, sql);
    return Lease(*slot);
  }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

// Runs SQL without results; errors name `what` and SQLite's message.
inline base::Status exec_sql(sqlite3* db, const char* sql, const std::string& what) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) == SQLITE_OK) return base::Status::Ok();
  std::string text = msg ? msg : "unknown error";
  sqlite3_free(msg);
  return base::io_error(what + ": " + text);
}

// Opens a database file (created with mode 0600 when `create`), in WAL mode
// with a 10-second busy timeout; `synchronous` is FULL or NORMAL.
base::Result<sqlite3*> open_sqlite(const std::string& file, bool create, bool read_only,
                                   const char* synchronous);

// Runs the migrations a database has not run yet, each in its own
// transaction, recording the version in schema_version; read_only only
// checks that the schema is current.
base::Status migrate_sqlite(sqlite3* db, const char* const* migrations, size_t count,
                            bool read_only, const std::string& what);

}  // namespace trustgate::common
