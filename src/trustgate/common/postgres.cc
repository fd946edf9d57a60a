#include "trustgate/common/postgres.h"

#include <libpq-fe.h>

#include <cstdlib>

namespace trustgate::common {

namespace {

// libpq's message on one line ("…failed: No such file\n\tIs the server…").
std::string one_line(std::string message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  for (size_t i = 0; (i = message.find_first_of("\n\t", i)) != std::string::npos;) {
    const size_t end = message.find_first_not_of("\n\t ", i);
    message.replace(i, (end == std::string::npos ? message.size() : end) - i, " ");
  }
  return message;
}

// The transaction the calling thread is in (PgTransactionScope).
thread_local const PgDatabase* t_db = nullptr;
thread_local PgConnection* t_conn = nullptr;

}  // namespace

bool is_postgres_url(std::string_view store) {
  return store.starts_with(kPostgresScheme) || store.starts_with("postgres://");
}

std::string redacted_url(std::string_view url) {
  std::string out(url);
  const size_t scheme = out.find("://");
  if (scheme == std::string::npos) return out;
  const size_t at = out.find('@', scheme + 3);
  const size_t slash = out.find('/', scheme + 3);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) return out;
  const size_t colon = out.find(':', scheme + 3);
  if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  // A password given as a query parameter.
  const size_t pw = out.find("password=");
  if (pw != std::string::npos) {
    const size_t end = out.find('&', pw);
    out.replace(pw + 9, (end == std::string::npos ? out.size() : end) - pw - 9, "***");
  }
  return out;
}

std::string pg_values_list(size_t rows, size_t width) {
  std::string out;
  size_t n = 0;
  for (size_t r = 0; r < rows; ++r) {
    out += r ? ", (" : "(";
    for (size_t c = 0; c < width; ++c) {
      if (c) out += ", ";
      out += "$" + std::to_string(++n);
    }
    out += ")";
  }
  return out;
}

PgRows::~PgRows() { PQclear(result_); }

int PgRows::rows() const { return PQntuples(result_); }

bool PgRows::null(int row, int col) const { return PQgetisnull(result_, row, col) != 0; }

std::string PgRows::text(int row, int col) const {
  return std::string(PQgetvalue(result_, row, col),
                     static_cast<size_t>(PQgetlength(result_, row, col)));
}

int64_t PgRows::integer(int row, int col) const {
  return std::strtoll(PQgetvalue(result_, row, col), nullptr, 10);
}

base::Result<std::unique_ptr<PgConnection>> PgConnection::connect(const std::string& url) {
  pg_conn* conn = PQconnectdb(url.c_str());
  if (!conn) return base::io_error("PostgreSQL " + redacted_url(url) + ": out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message = one_line(PQerrorMessage(conn));
    PQfinish(conn);
    return base::io_error("cannot connect to PostgreSQL " + redacted_url(url) + ": " + message);
  }
  std::unique_ptr<PgConnection> c(new PgConnection(conn));
  // Acknowledged = committed: a COMMIT returns once the server made it
  // durable. Notices (e.g. "relation exists, skipping") are not printed.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  if (auto s = c->run("SET synchronous_commit = on; SET client_encoding = 'UTF8'"); !s) {
    return s.error();
  }
  return c;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

base::Error PgConnection::error(const std::string& what, pg_result* result) const {
  const std::string message =
      one_line(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state ? state : "";
  base::Error e = base::io_error("PostgreSQL: " + what + ": " + message);
  if (code == "23505" || code == "40001" || code == "40P01") e.kind = base::ErrorKind::Conflict;
  return e;
}

base::Result<PgRows> PgConnection::query(const std::string& sql,
                                         const std::vector<PgParam>& params) {
  std::vector<const char*> values;
  std::vector<int> lengths;
  values.reserve(params.size());
  lengths.reserve(params.size());
  for (const PgParam& p : params) {
    values.push_back(p ? p->c_str() : nullptr);
    lengths.push_back(p ? static_cast<int>(p->size()) : 0);
  }
  pg_result* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                              values.data(), lengths.data(), nullptr, 0);
  const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    base::Error e = error(sql.substr(0, sql.find_first_of(" \n")), r);
    PQclear(r);
    return e;
  }
  return PgRows(r);
}

base::Status PgConnection::run(const std::string& sql) {
  pg_result* r = PQexec(conn_, sql.c_str());
  const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    base::Error e = error(sql.substr(0, sql.find_first_of(" \n;")), r);
    PQclear(r);
    return e;
  }
  PQclear(r);
  return base::Status::Ok();
}

base::Result<std::shared_ptr<PgDatabase>> PgDatabase::open(const std::string& url,
                                                           size_t max_connections) {
  if (!is_postgres_url(url)) {
    return base::invalid_field("store", "not a postgresql:// URL: " + redacted_url(url));
  }
  std::shared_ptr<PgDatabase> db(new PgDatabase(url, std::max<size_t>(1, max_connections)));
  auto first = PgConnection::connect(url);
  if (!first) return first.error();
  db->open_ = 1;
  db->idle_.push_back(std::move(*first));
  return db;
}

PgDatabase::Lease::~Lease() {
  if (conn_) db_->give_back(std::move(conn_));
}

base::Result<PgDatabase::Lease> PgDatabase::acquire() {
  std::unique_lock lk(mu_);
  available_.wait(lk, [&] { return !idle_.empty() || open_ < max_connections_; });
  if (!idle_.empty()) {
    std::unique_ptr<PgConnection> c = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(c));
  }
  ++open_;
  lk.unlock();
  auto c = PgConnection::connect(url_);
  if (!c) {
    lk.lock();
    --open_;
    available_.notify_one();
    return c.error();
  }
  return Lease(this, std::move(*c));
}

void PgDatabase::give_back(std::unique_ptr<PgConnection> conn) {
  std::lock_guard lk(mu_);
  if (conn->healthy()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;  // lost: the next acquire connects anew
  }
  available_.notify_one();
}

PgConnection* PgDatabase::in_transaction() const { return t_db == this ? t_conn : nullptr; }

base::Result<PgRows> PgDatabase::query(const std::string& sql, const std::vector<PgParam>& params) {
  if (PgConnection* c = in_transaction()) return c->query(sql, params);
  auto lease = acquire();
  if (!lease) return lease.error();
  return (*lease)->query(sql, params);
}

base::Status PgDatabase::transaction(const std::function<base::Status(PgConnection&)>& body) {
  auto lease = acquire();
  if (!lease) return lease.error();
  PgConnection& c = **lease;
  if (auto s = c.run("BEGIN"); !s) return s;
  if (auto s = body(c); !s) {
    (void)c.run("ROLLBACK");
    return s;
  }
  return c.run("COMMIT");
}

base::Status PgDatabase::migrate(const std::string& component, const char* const* migrations,
                                 size_t count, bool read_only) {
  auto lease = acquire();
  if (!lease) return lease.error();
  PgConnection& c = **lease;
  const std::vector<PgParam> name{component};
  auto current_of = [&]() -> base::Result<int64_t> {
    auto exists = c.query("SELECT to_regclass('schema_versions') IS NOT NULL");
    if (!exists) return exists.error();
    if (exists->text(0, 0) != "t") return int64_t{0};
    auto v =
        c.query("SELECT COALESCE(MAX(version), 0) FROM schema_versions WHERE component = $1", name);
    if (!v) return v.error();
    return v->integer(0, 0);
  };
  const auto latest = static_cast<int64_t>(count);
  auto check = [&](int64_t current) -> base::Status {
    if (current > latest) {
      return base::Error{component + ": the database has schema version " +
                         std::to_string(current) + ", newer than this trustgate (" +
                         std::to_string(latest) + ")"};
    }
    return base::Status::Ok();
  };
  if (read_only) {
    auto current = current_of();
    if (!current) return current.error();
    if (auto s = check(*current); !s) return s;
    if (*current < latest) {
      return base::Error{component + ": schema version " + std::to_string(*current) +
                         " needs migrating; open the data directory for writing once"};
    }
    return base::Status::Ok();
  }
  for (;;) {
    // One migration per transaction; the advisory lock serializes servers
    // starting together, and the version is read again under it.
    if (auto s = c.run("BEGIN"); !s) return s;
    auto step = [&]() -> base::Result<bool> {
      if (auto s = c.run("SELECT pg_advisory_xact_lock(7261626, 1)"); !s) return s.error();
      if (auto s = c.run("CREATE TABLE IF NOT EXISTS schema_versions (component TEXT NOT NULL, "
                         "version INTEGER NOT NULL, PRIMARY KEY (component, version))");
          !s) {
        return s.error();
      }
      auto current = current_of();
      if (!current) return current.error();
      if (auto s = check(*current); !s) return s.error();
      if (*current == latest) return false;
      if (auto s = c.run(migrations[*current]); !s) {
        return base::Error{component + ": migration " + std::to_string(*current + 1) + ": " +
                           s.error().message};
      }
      auto done = c.query("INSERT INTO schema_versions (component, version) VALUES ($1, $2)",
                          {component, std::to_string(*current + 1)});
      if (!done) return done.error();
      return true;
    };
    auto more = step();
    if (!more) {
      (void)c.run("ROLLBACK");
      return more.error();
    }
    if (auto s = c.run("COMMIT"); !s) return s;
    if (!*more) return base::Status::Ok();
  }
}

PgTransactionScope::PgTransactionScope(const PgDatabase& db, PgConnection& conn)
    : previous_db_(t_db), previous_conn_(t_conn) {
  t_db = &db;
  t_conn = &conn;
}

PgTransactionScope::~PgTransactionScope() {
  t_db = previous_db_;
  t_conn = previous_conn_;
}

}  // namespace trustgate::common
