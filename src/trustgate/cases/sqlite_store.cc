// The SQLite case store. SQL stays portable (TEXT, BIGINT, INTEGER, "?"
// parameters, no SQLite-only functions) so a PostgreSQL store can share it.
#include <sqlite3.h>

#include <array>

#include "trustgate/cases/store.h"

namespace trustgate::cases {

namespace {

// Migrations, in order; migration i brings the schema to version i + 1.
constexpr std::array<const char*, 1> kMigrations = {
    R"sql(
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  jurisdiction TEXT NOT NULL,
  received_at TEXT NOT NULL,
  state TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  request_json TEXT NOT NULL,
  decision_json TEXT NOT NULL,
  needs_supervisor INTEGER NOT NULL,
  needs_on_site INTEGER NOT NULL,
  supervisor TEXT NOT NULL,
  on_site INTEGER NOT NULL,
  overridden INTEGER NOT NULL,
  override_reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX cases_by_state ON cases (state, id);
CREATE TABLE case_events (
  seq BIGINT PRIMARY KEY,
  case_id TEXT REFERENCES cases (id),
  kind TEXT NOT NULL,
  at TEXT NOT NULL,
  entry TEXT NOT NULL
);
CREATE INDEX case_events_by_case ON case_events (case_id, seq);
CREATE TABLE policy_versions (
  policy_version TEXT NOT NULL,
  jurisdiction TEXT NOT NULL,
  seq BIGINT NOT NULL REFERENCES case_events (seq),
  PRIMARY KEY (policy_version, jurisdiction)
);
CREATE TABLE ledger_applied (
  id INTEGER PRIMARY KEY,
  applied_below BIGINT NOT NULL
);
INSERT INTO ledger_applied (id, applied_below) VALUES (1, 0);
)sql",
};

constexpr const char* kCaseColumns =
    "id, client_id, jurisdiction, received_at, state, policy_version, request_json, "
    "decision_json, needs_supervisor, needs_on_site, supervisor, on_site, overridden, "
    "override_reason, created_at, updated_at";

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  bool ok() const { return rc_ == SQLITE_OK; }
  Statement& bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  int step() { return sqlite3_step(stmt_); }
  std::string text(int col) const {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : "";
  }
  int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

Case read_case(const Statement& s) {
  Case c;
  c.id = s.text(0);
  c.client_id = s.text(1);
  c.jurisdiction = s.text(2);
  c.received_at = s.text(3);
  c.state = parse_state(s.text(4)).value_or(CaseState::Received);
  c.policy_version = s.text(5);
  c.request_json = s.text(6);
  c.decision_json = s.text(7);
  c.needs_supervisor = s.integer(8) != 0;
  c.needs_on_site = s.integer(9) != 0;
  c.supervisor = s.text(10);
  c.on_site = s.integer(11) != 0;
  c.overridden = s.integer(12) != 0;
  c.override_reason = s.text(13);
  c.created_at = s.text(14);
  c.updated_at = s.text(15);
  return c;
}

class SqliteCaseStore : public CaseStore {
 public:
  explicit SqliteCaseStore(sqlite3* db) : db_(db) {}
  ~SqliteCaseStore() override { sqlite3_close(db_); }

  cedar::Status migrate();
  cedar::Status record(const CaseChange& change) override;
  cedar::Result<std::optional<Case>> find(const std::string& id) override;
  cedar::Result<std::vector<Case>> list(std::optional<CaseState> state) override;
  cedar::Result<uint64_t> applied_below() override;
  cedar::Result<bool> has_entry(uint64_t seq) override;
  cedar::Result<bool> policy_version_known(const std::string& version,
                                           const std::string& jurisdiction) override;
  cedar::Result<uint64_t> case_count() override;

 private:
  cedar::Error error(const std::string& what) const {
    return cedar::Error{"case store: " + what + ": " + sqlite3_errmsg(db_)};
  }
  cedar::Status exec(const char* sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) == SQLITE_OK) return cedar::Status::Ok();
    std::string text = msg ? msg : "unknown error";
    sqlite3_free(msg);
    return cedar::Error{"case store: " + text};
  }
  cedar::Status apply(const CaseChange& change);
  cedar::Status insert_case(const Case& c);
  cedar::Status update_case(const CaseChange& change);

  sqlite3* db_;
};

cedar::Status SqliteCaseStore::migrate() {
  if (auto s = exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"); !s) {
    return s;
  }
  Statement q(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!q.ok() || q.step() != SQLITE_ROW) return error("reading the schema version");
  const int64_t current = q.integer(0);
  if (current > static_cast<int64_t>(kMigrations.size())) {
    return cedar::Error{"case store: the database has schema version " + std::to_string(current) +
                        ", newer than this trustgate (" + std::to_string(kMigrations.size()) + ")"};
  }
  for (size_t v = static_cast<size_t>(current); v < kMigrations.size(); ++v) {
    if (auto s = exec("BEGIN IMMEDIATE"); !s) return s;
    auto s = exec(kMigrations[v]);
    if (s) {
      s = exec(
          ("INSERT INTO schema_version (version) VALUES (" + std::to_string(v + 1) + ")").c_str());
    }
    if (!s) {
      (void)exec("ROLLBACK");
      return cedar::Error{"migration " + std::to_string(v + 1) + ": " + s.error().message};
    }
    if (auto c = exec("COMMIT"); !c) return c;
  }
  return cedar::Status::Ok();
}

cedar::Status SqliteCaseStore::insert_case(const Case& c) {
  Statement s(db_,
              "INSERT INTO cases (id, client_id, jurisdiction, received_at, state, "
              "policy_version, request_json, decision_json, needs_supervisor, needs_on_site, "
              "supervisor, on_site, overridden, override_reason, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, '', 0, 0, '', 0, 0, '', ?, ?)");
  s.bind(1, c.id).bind(2, c.client_id).bind(3, c.jurisdiction).bind(4, c.received_at);
  s.bind(5, std::string(state_name(CaseState::Received))).bind(6, c.policy_version);
  s.bind(7, c.request_json).bind(8, c.created_at).bind(9, c.created_at);
  if (s.step() != SQLITE_DONE) return error("inserting case " + c.id);
  return cedar::Status::Ok();
}

// Applies the optional parts of a change to its case, one UPDATE each.
cedar::Status SqliteCaseStore::update_case(const CaseChange& ch) {
  auto set_text = [&](const char* sql, const std::string& value) -> cedar::Status {
    Statement s(db_, sql);
    s.bind(1, value).bind(2, ch.event.at).bind(3, ch.case_id);
    if (s.step() != SQLITE_DONE) return error("updating case " + ch.case_id);
    return cedar::Status::Ok();
  };
  if (ch.state) {
    auto s = set_text("UPDATE cases SET state = ?, updated_at = ? WHERE id = ?",
                      std::string(state_name(*ch.state)));
    if (!s) return s;
    if (*ch.state == CaseState::Overridden) {
      if (auto o = set_text("UPDATE cases SET overridden = 1, override_reason = ?, "
                            "updated_at = ? WHERE id = ?",
                            ch.override_reason.value_or(""));
          !o) {
        return o;
      }
    }
  }
  if (ch.decision_json) {
    Statement u(db_,
                "UPDATE cases SET decision_json = ?, policy_version = ?, needs_supervisor = ?, "
                "needs_on_site = ?, updated_at = ? WHERE id = ?");
    u.bind(1, *ch.decision_json).bind(2, ch.policy_version.value_or(""));
    u.bind(3, int64_t{ch.needs_supervisor}).bind(4, int64_t{ch.needs_on_site});
    u.bind(5, ch.event.at).bind(6, ch.case_id);
    if (u.step() != SQLITE_DONE) return error("updating case " + ch.case_id);
  }
  if (ch.supervisor) {
    auto s =
        set_text("UPDATE cases SET supervisor = ?, updated_at = ? WHERE id = ?", *ch.supervisor);
    if (!s) return s;
    Statement u(db_, "UPDATE cases SET on_site = ? WHERE id = ?");
    u.bind(1, int64_t{ch.on_site}).bind(2, ch.case_id);
    if (u.step() != SQLITE_DONE) return error("updating case " + ch.case_id);
  }
  return cedar::Status::Ok();
}

cedar::Status SqliteCaseStore::apply(const CaseChange& ch) {
  if (ch.created) {
    if (auto s = insert_case(*ch.created); !s) return s;
  }
  Statement ev(db_,
               "INSERT INTO case_events (seq, case_id, kind, at, entry) VALUES (?, ?, ?, ?, ?)");
  ev.bind(1, static_cast<int64_t>(ch.event.seq));
  if (!ch.case_id.empty()) ev.bind(2, ch.case_id);  // unbound: NULL, an entry about no case
  ev.bind(3, ch.event.kind).bind(4, ch.event.at).bind(5, ch.event.entry);
  if (ev.step() != SQLITE_DONE)
    return error("recording ledger entry " + std::to_string(ch.event.seq));
  if (!ch.case_id.empty()) {
    if (auto s = update_case(ch); !s) return s;
  }
  if (ch.activated) {
    Statement p(db_,
                "INSERT INTO policy_versions (policy_version, jurisdiction, seq) VALUES (?, ?, ?)");
    p.bind(1, ch.activated->first).bind(2, ch.activated->second);
    p.bind(3, static_cast<int64_t>(ch.event.seq));
    if (p.step() != SQLITE_DONE) return error("recording a policy version");
  }
  Statement w(db_,
              "UPDATE ledger_applied SET applied_below = ? WHERE id = 1 AND applied_below <= ?");
  w.bind(1, static_cast<int64_t>(ch.event.seq + 1)).bind(2, static_cast<int64_t>(ch.event.seq));
  if (w.step() != SQLITE_DONE) return error("recording progress");
  return cedar::Status::Ok();
}

cedar::Status SqliteCaseStore::record(const CaseChange& change) {
  auto known = has_entry(change.event.seq);
  if (!known) return known.error();
  if (*known) return cedar::Status::Ok();
  if (auto s = exec("BEGIN IMMEDIATE"); !s) return s;
  auto s = apply(change);
  if (!s) {
    (void)exec("ROLLBACK");
    return s;
  }
  return exec("COMMIT");
}

cedar::Result<std::optional<Case>> SqliteCaseStore::find(const std::string& id) {
  std::string sql = std::string("SELECT ") + kCaseColumns + " FROM cases WHERE id = ?";
  Statement s(db_, sql.c_str());
  s.bind(1, id);
  int rc = s.step();
  if (rc == SQLITE_DONE) return std::optional<Case>();
  if (rc != SQLITE_ROW) return error("reading case " + id);
  Case c = read_case(s);
  Statement ev(db_, "SELECT seq, kind, at, entry FROM case_events WHERE case_id = ? ORDER BY seq");
  ev.bind(1, id);
  while ((rc = ev.step()) == SQLITE_ROW) {
    c.events.push_back(
        CaseEvent{static_cast<uint64_t>(ev.integer(0)), ev.text(1), ev.text(2), ev.text(3)});
  }
  if (rc != SQLITE_DONE) return error("reading the events of case " + id);
  return std::optional<Case>(std::move(c));
}

cedar::Result<std::vector<Case>> SqliteCaseStore::list(std::optional<CaseState> state) {
  std::string sql = std::string("SELECT ") + kCaseColumns + " FROM cases" +
                    (state ? " WHERE state = ?" : "") + " ORDER BY id";
  Statement s(db_, sql.c_str());
  if (state) s.bind(1, std::string(state_name(*state)));
  std::vector<Case> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) out.push_back(read_case(s));
  if (rc != SQLITE_DONE) return error("listing cases");
  return out;
}

cedar::Result<uint64_t> SqliteCaseStore::applied_below() {
  Statement s(db_, "SELECT applied_below FROM ledger_applied WHERE id = 1");
  if (s.step() != SQLITE_ROW) return error("reading progress");
  return static_cast<uint64_t>(s.integer(0));
}

cedar::Result<bool> SqliteCaseStore::has_entry(uint64_t seq) {
  Statement s(db_, "SELECT 1 FROM case_events WHERE seq = ?");
  s.bind(1, static_cast<int64_t>(seq));
  int rc = s.step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return error("reading ledger entries");
  return rc == SQLITE_ROW;
}

cedar::Result<bool> SqliteCaseStore::policy_version_known(const std::string& version,
                                                          const std::string& jurisdiction) {
  Statement s(db_, "SELECT 1 FROM policy_versions WHERE policy_version = ? AND jurisdiction = ?");
  s.bind(1, version).bind(2, jurisdiction);
  int rc = s.step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return error("reading policy versions");
  return rc == SQLITE_ROW;
}

cedar::Result<uint64_t> SqliteCaseStore::case_count() {
  Statement s(db_, "SELECT COUNT(*) FROM cases");
  if (s.step() != SQLITE_ROW) return error("counting cases");
  return static_cast<uint64_t>(s.integer(0));
}

}  // namespace

int case_store_schema_version() { return static_cast<int>(kMigrations.size()); }

cedar::Result<std::unique_ptr<CaseStore>> open_sqlite_case_store(
    const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  auto store = std::make_unique<SqliteCaseStore>(db);
  if (rc != SQLITE_OK) {
    return cedar::Error{"cannot open the case store " + file.string() + ": " +
                        (db ? sqlite3_errmsg(db) : "out of memory")};
  }
  sqlite3_busy_timeout(db, 10000);
  for (const char* pragma :
       {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"}) {
    if (sqlite3_exec(db, pragma, nullptr, nullptr, nullptr) != SQLITE_OK) {
      return cedar::Error{"case store " + file.string() + ": " + sqlite3_errmsg(db)};
    }
  }
  if (auto s = store->migrate(); !s) return s.error();
  return std::unique_ptr<CaseStore>(std::move(store));
}

}  // namespace trustgate::cases
