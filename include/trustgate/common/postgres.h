// A thin layer over libpq for the PostgreSQL record layer (the ledger and
// the case store of a data directory whose config names
// `store: postgresql://…`, docs/deploy.md):
//   PgConnection  one libpq connection; statements with text parameters
//   PgRows        the rows a statement returned (text values)
//   PgDatabase    a pool of connections to one database (thread-safe), the
//                 versioned migrations, and the transaction a thread is in
//
// Every connection runs with synchronous_commit = on: a COMMIT returns only
// once the transaction is durable on the server (acknowledged = committed).
//
// Joining a transaction: while a thread holds a PgTransactionScope, code on
// that thread that uses the same PgDatabase (PgDatabase::in_transaction)
// runs its statements on the scope's connection, inside its transaction.
// The PostgreSQL ledger applies the case store this way, in the same
// transaction as the entries (ledger/postgres_ledger.h).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

struct pg_conn;
struct pg_result;

namespace trustgate::common {

inline constexpr std::string_view kPostgresScheme = "postgresql://";

// Whether a store setting names PostgreSQL ("postgresql://…" or "postgres://…").
bool is_postgres_url(std::string_view store);

// A URL with its password (if any) replaced by "***", for messages.
std::string redacted_url(std::string_view url);

class PgRows {
 public:
  explicit PgRows(pg_result* result) : result_(result) {}
  ~PgRows();
  PgRows(PgRows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgRows& operator=(PgRows&&) = delete;
  PgRows(const PgRows&) = delete;

  int rows() const;
  bool null(int row, int col) const;
  std::string text(int row, int col) const;
  int64_t integer(int row, int col) const;

 private:
  pg_result* result_;
};

// A statement parameter: text, or SQL NULL.
using PgParam = std::optional<std::string>;

// "($1, $2), ($3, $4)" for rows = 2, width = 2: the VALUES list of a
// multi-row statement (one round trip for a batch). At most 65535
// parameters per statement: callers cut larger batches.
std::string pg_values_list(size_t rows, size_t width);
inline constexpr size_t kPgMaxParams = 65535;

class PgConnection {
 public:
  // Connects; errors (IO) name the redacted URL and libpq's message.
  static base::Result<std::unique_ptr<PgConnection>> connect(const std::string& url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement with text parameters ($1, $2, ...). Errors are IO,
  // Conflict for a unique-constraint violation or a serialization failure.
  base::Result<PgRows> query(const std::string& sql, const std::vector<PgParam>& params = {});
  // Runs SQL without parameters (may hold several statements).
  base::Status run(const std::string& sql);
  // False once the connection is lost (the pool then discards it).
  bool healthy() const;

 private:
  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  base::Error error(const std::string& what, pg_result* result) const;
  pg_conn* conn_;
};

class PgTransactionScope;

class PgDatabase : public std::enable_shared_from_this<PgDatabase> {
 public:
  // Connects once (to check the URL); later connections are made on demand,
  // at most `max_connections` at a time.
  static base::Result<std::shared_ptr<PgDatabase>> open(const std::string& url,
                                                        size_t max_connections = 16);

  // A connection lent to one user, returned to the pool when the lease ends.
  class Lease {
   public:
    Lease(PgDatabase* db, std::unique_ptr<PgConnection> conn) : db_(db), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    PgConnection& operator*() const { return *conn_; }
    PgConnection* operator->() const { return conn_.get(); }

   private:
    PgDatabase* db_;
    std::unique_ptr<PgConnection> conn_;
  };
  base::Result<Lease> acquire();

  // The connection of the transaction the calling thread is in on this
  // database (a PgTransactionScope), or null.
  PgConnection* in_transaction() const;

  // Runs a statement on the calling thread's transaction when it is in one,
  // else on a pooled connection (autocommit).
  base::Result<PgRows> query(const std::string& sql, const std::vector<PgParam>& params = {});

  // Runs `body` in one transaction on a pooled connection: BEGIN, body,
  // COMMIT when it succeeds, ROLLBACK when it fails (its error returned).
  base::Status transaction(const std::function<base::Status(PgConnection&)>& body);

  // Runs the migrations of `component` ("ledger", "case store") that the
  // database has not run yet, each in its own transaction, recording the
  // version in schema_versions (component, version); migration i brings
  // the component to version i + 1. Concurrent starters serialize on an
  // advisory lock. read_only only checks that the schema is current.
  base::Status migrate(const std::string& component, const char* const* migrations, size_t count,
                       bool read_only);

  const std::string& url() const { return url_; }

 private:
  friend class PgTransactionScope;
  PgDatabase(std::string url, size_t max_connections)
      : url_(std::move(url)), max_connections_(max_connections) {}
  void give_back(std::unique_ptr<PgConnection> conn);

  std::string url_;
  size_t max_connections_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  size_t open_ = 0;  // connections made and not discarded (idle or lent)
};

// Marks the calling thread as inside `conn`'s transaction on `db` until the
// scope ends (see "Joining a transaction" above). Does not BEGIN or COMMIT.
class PgTransactionScope {
 public:
  PgTransactionScope(const PgDatabase& db, PgConnection& conn);
  ~PgTransactionScope();
  PgTransactionScope(const PgTransactionScope&) = delete;
  PgTransactionScope& operator=(const PgTransactionScope&) = delete;

 private:
  const PgDatabase* previous_db_;
  PgConnection* previous_conn_;
};

}  // namespace trustgate::common
