#include "sqlite.h"

#include <fcntl.h>
#include <unistd.h>

namespace trustgate::common {

base::Result<sqlite3*> open_sqlite(const std::string& file, bool create, bool read_only,
                                   const char* synchronous) {
  if (create) {
    // Created here with mode 0600 (SQLite's own default follows the umask);
    // its -wal and -shm files take the same mode.
    int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return base::io_error("cannot create " + file);
    ::close(fd);
  }
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (sqlite3_open_v2(file.c_str(), &db, flags | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    base::Error e = base::io_error("cannot open " + file + ": " + message);
    if (!create && access(file.c_str(), F_OK) != 0) e.kind = base::ErrorKind::NotFound;
    return e;
  }
  sqlite3_busy_timeout(db, 10000);
  std::string pragmas = "PRAGMA foreign_keys = ON;";
  if (!read_only) {
    pragmas += "PRAGMA journal_mode = WAL; PRAGMA synchronous = ";
    pragmas += synchronous;
    pragmas += ";";
  }
  if (auto s = exec_sql(db, pragmas.c_str(), file); !s) {
    sqlite3_close(db);
    return s.error();
  }
  return db;
}

base::Status migrate_sqlite(sqlite3* db, const char* const* migrations, size_t count,
                            bool read_only, const std::string& what) {
  Statement q(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
  int64_t current = 0;
  if (q.step() == SQLITE_ROW) {
    current = q.integer(0);
  } else if (read_only) {
    return base::Error{what + ": not a trustgate database (no schema_version table)"};
  }
  const auto latest = static_cast<int64_t>(count);
  if (current > latest) {
    return base::Error{what + ": the database has schema version " + std::to_string(current) +
                       ", newer than this trustgate (" + std::to_string(latest) + ")"};
  }
  if (read_only) {
    if (current < latest) {
      return base::Error{what + ": schema version " + std::to_string(current) +
                         " needs migrating; open it for writing once"};
    }
    return base::Status::Ok();
  }
  if (auto s = exec_sql(db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
                        what);
      !s) {
    return s;
  }
  for (size_t v = static_cast<size_t>(current); v < count; ++v) {
    if (auto s = exec_sql(db, "BEGIN IMMEDIATE", what); !s) return s;
    auto s = exec_sql(db, migrations[v], what);
    if (s) {
      s = exec_sql(
          db,
          ("INSERT INTO schema_version (version) VALUES (" + std::to_string(v + 1) + ")").c_str(),
          what);
    }
    if (!s) {
      (void)exec_sql(db, "ROLLBACK", what);
      return base::Error{what + ": migration " + std::to_string(v + 1) + ": " + s.error().message};
    }
    if (auto c = exec_sql(db, "COMMIT", what); !c) return c;
  }
  return base::Status::Ok();
}

}  // namespace trustgate::common
