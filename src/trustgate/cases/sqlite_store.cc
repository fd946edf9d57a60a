// The SQLite case store. Its schema and row format are shared with the
// PostgreSQL store (store_rows.h).
//
// Durability: synchronous = NORMAL in WAL mode. The store is a projection
// of the ledger, which is durable before anything is applied here; a power
// cut may lose the last transactions (never corrupt the database), and the
// next open re-applies them from the ledger.
#include <mutex>

#include "base/encoding.h"
#include "store_rows.h"
#include "trustgate/cases/store.h"
#include "trustgate/common/json.h"
#include "trustgate/common/sqlite.h"

namespace trustgate::cases {

namespace {

using common::Statement;

// A row of a statement, as read_case() reads it.
struct SqliteRow {
  const Statement& s;
  std::string text(int col) const { return s.text(col); }
  int64_t integer(int col) const { return s.integer(col); }
};

class SqliteCaseStore : public CaseStore {
 public:
  explicit SqliteCaseStore(sqlite3* db) : db_(db), statements_(db) {}
  ~SqliteCaseStore() override {
    statements_ = common::StatementCache(nullptr);  // finalized before the connection closes
    sqlite3_close(db_);
  }

  base::Status apply(const StoreBatch& batch) override;
  base::Result<std::optional<Case>> find(const std::string& id) override;
  base::Result<std::optional<Case>> find_by_client(const std::string& jurisdiction,
                                                   const std::string& agency,
                                                   const std::string& client_id) override;
  base::Result<std::vector<Case>> list(const CaseFilter& filter) override;
  base::Result<std::vector<CaseEvent>> events(uint64_t from, size_t limit) override;
  base::Result<StoreProgress> progress() override;
  base::Result<bool> policy_version_known(const std::string& version,
                                          const std::string& jurisdiction) override;
  base::Result<uint64_t> case_count() override;
  base::Status each_client_key(const ClientKeyVisitor& f) override;

 private:
  base::Error error(const std::string& what) const {
    return base::io_error("case store: " + what + ": " + sqlite3_errmsg(db_));
  }
  base::Status exec(const char* sql) { return common::exec_sql(db_, sql, "case store"); }
  base::Status write(const StoreBatch& batch);
  base::Result<std::optional<Case>> one_case(Statement& s);

  sqlite3* db_;
  // Every public operation holds mu_: it serialises the users of the one
  // connection and of its cached statements (a statement is one cursor).
  std::mutex mu_;
  common::StatementCache statements_;
};

// The batch's rows, inside the transaction apply() opened.
base::Status SqliteCaseStore::write(const StoreBatch& batch) {
  auto progress_lease = statements_.get("SELECT applied_below FROM ledger_applied WHERE id = 1");
  Statement& progress = *progress_lease;
  if (progress.step() != SQLITE_ROW) return error("reading progress");
  if (static_cast<uint64_t>(progress.integer(0)) != batch.first_seq) {
    return base::conflict("case store: applied up to " + std::to_string(progress.integer(0)) +
                          ", cannot apply entries from " + std::to_string(batch.first_seq));
  }
  auto upsert_lease = statements_.get(
      std::string("INSERT INTO cases (") + kCaseColumns +
      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
      "state = excluded.state, policy_version = excluded.policy_version, "
      "decision_json = excluded.decision_json, workflow_json = excluded.workflow_json, "
      "updated_at = excluded.updated_at");
  Statement& upsert = *upsert_lease;
  for (const Case& c : batch.cases) {
    upsert.reset();
    upsert.bind(1, c.id).bind(2, static_cast<int64_t>(c.seq));
    upsert.bind(3, std::string(state_name(c.state))).bind(4, c.client_id);
    upsert.bind(5, c.jurisdiction).bind(6, c.receiving_agency).bind(7, c.received_at);
    upsert.bind(8, c.policy_version).bind(9, c.request.canonical());
    upsert.bind(10, c.decision.is_null() ? std::string() : c.decision.canonical());
    upsert.bind(11, workflow_json(c).canonical()).bind(12, c.created_at).bind(13, c.updated_at);
    if (upsert.step() != SQLITE_DONE) return error("writing case " + c.id);
  }
  auto event_lease = statements_.get(
      "INSERT INTO case_events (seq, case_id, kind, at, entry) VALUES "
      "(?, ?, ?, ?, ?)");
  Statement& event = *event_lease;
  for (size_t i = 0; i < batch.events.size(); ++i) {
    const CaseEvent& e = batch.events[i];
    event.reset();
    event.bind(1, static_cast<int64_t>(e.seq));
    if (!batch.event_cases[i].empty()) event.bind(2, batch.event_cases[i]);  // else NULL
    event.bind(3, e.kind).bind(4, e.at).bind(5, e.entry);
    if (event.step() != SQLITE_DONE) return error("recording entry " + std::to_string(e.seq));
  }
  auto version_lease = statements_.get(
      "INSERT INTO policy_versions (policy_version, jurisdiction, seq) VALUES "
      "(?, ?, ?) ON CONFLICT (policy_version, jurisdiction) DO NOTHING");
  Statement& version = *version_lease;
  for (const auto& [v, j] : batch.activations) {
    version.reset();
    version.bind(1, v).bind(2, j).bind(3, static_cast<int64_t>(batch.first_seq));
    if (version.step() != SQLITE_DONE) return error("recording a policy version");
  }
  auto done_lease =
      statements_.get("UPDATE ledger_applied SET applied_below = ?, root = ? WHERE id = 1");
  Statement& done = *done_lease;
  done.bind(1, static_cast<int64_t>(batch.next_seq));
  done.bind(2, base::base64_encode(batch.root.data(), batch.root.size()));
  if (done.step() != SQLITE_DONE) return error("recording progress");
  return base::Status::Ok();
}

base::Status SqliteCaseStore::apply(const StoreBatch& batch) {
  std::lock_guard lk(mu_);
  if (auto s = exec("BEGIN IMMEDIATE"); !s) return s;
  auto s = write(batch);
  if (!s) {
    (void)exec("ROLLBACK");
    return s;
  }
  return exec("COMMIT");
}

base::Result<std::optional<Case>> SqliteCaseStore::one_case(Statement& s) {
  int rc = s.step();
  if (rc == SQLITE_DONE) return std::optional<Case>();
  if (rc != SQLITE_ROW) return error("reading a case");
  Case c = read_case(SqliteRow{s});
  auto ev_lease = statements_.get(
      "SELECT seq, kind, at, entry FROM case_events WHERE case_id = ? ORDER BY seq");
  Statement& ev = *ev_lease;
  ev.bind(1, c.id);
  while ((rc = ev.step()) == SQLITE_ROW) {
    c.events.push_back(
        CaseEvent{static_cast<uint64_t>(ev.integer(0)), ev.text(1), ev.text(2), ev.text(3)});
  }
  if (rc != SQLITE_DONE) return error("reading the events of case " + c.id);
  return std::optional<Case>(std::move(c));
}

base::Result<std::optional<Case>> SqliteCaseStore::find(const std::string& id) {
  std::lock_guard lk(mu_);
  auto s_lease =
      statements_.get(std::string("SELECT ") + kCaseColumns + " FROM cases WHERE id = ?");
  Statement& s = *s_lease;
  s.bind(1, id);
  return one_case(s);
}

base::Result<std::optional<Case>> SqliteCaseStore::find_by_client(const std::string& jurisdiction,
                                                                  const std::string& agency,
                                                                  const std::string& client_id) {
  std::lock_guard lk(mu_);
  auto s_lease = statements_.get(std::string("SELECT ") + kCaseColumns +
                                 " FROM cases WHERE jurisdiction = ? AND receiving_agency = ? AND "
                                 "client_id = ? ORDER BY seq LIMIT 1");
  Statement& s = *s_lease;
  s.bind(1, jurisdiction).bind(2, agency).bind(3, client_id);
  return one_case(s);
}

base::Result<std::vector<Case>> SqliteCaseStore::list(const CaseFilter& f) {
  std::lock_guard lk(mu_);
  std::string sql = std::string("SELECT ") + kCaseColumns + " FROM cases WHERE seq > ?";
  if (f.state) sql += " AND state = ?";
  if (!f.jurisdiction.empty()) sql += " AND jurisdiction = ?";
  if (!f.receiving_agency.empty()) sql += " AND receiving_agency = ?";
  sql += " ORDER BY seq LIMIT ?";
  auto s_lease = statements_.get(sql);
  Statement& s = *s_lease;
  int i = 1;
  s.bind(i++, static_cast<int64_t>(f.after_seq));
  if (f.state) s.bind(i++, std::string(state_name(*f.state)));
  if (!f.jurisdiction.empty()) s.bind(i++, f.jurisdiction);
  if (!f.receiving_agency.empty()) s.bind(i++, f.receiving_agency);
  s.bind(i++, f.limit ? static_cast<int64_t>(f.limit) : int64_t{-1});  // -1: no limit
  std::vector<Case> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) out.push_back(read_case(SqliteRow{s}));
  if (rc != SQLITE_DONE) return error("listing cases");
  return out;
}

base::Result<std::vector<CaseEvent>> SqliteCaseStore::events(uint64_t from, size_t limit) {
  std::lock_guard lk(mu_);
  auto s_lease = statements_.get(
      "SELECT seq, kind, at, entry FROM case_events WHERE seq >= ? ORDER BY seq "
      "LIMIT ?");
  Statement& s = *s_lease;
  s.bind(1, static_cast<int64_t>(from)).bind(2, static_cast<int64_t>(limit));
  std::vector<CaseEvent> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    out.push_back(CaseEvent{static_cast<uint64_t>(s.integer(0)), s.text(1), s.text(2), s.text(3)});
  }
  if (rc != SQLITE_DONE) return error("reading entries");
  return out;
}

base::Result<StoreProgress> SqliteCaseStore::progress() {
  std::lock_guard lk(mu_);
  auto s_lease = statements_.get("SELECT applied_below, root FROM ledger_applied WHERE id = 1");
  Statement& s = *s_lease;
  if (s.step() != SQLITE_ROW) return error("reading progress");
  StoreProgress p;
  p.applied_below = static_cast<uint64_t>(s.integer(0));
  if (p.applied_below > 0) {
    auto root = base::base64_decode(s.text(1));
    if (!root || root->size() != p.root.size()) {
      return base::corruption("case store: the recorded ledger root is damaged");
    }
    std::copy(root->begin(), root->end(), p.root.begin());
  }
  return p;
}

base::Result<bool> SqliteCaseStore::policy_version_known(const std::string& version,
                                                         const std::string& jurisdiction) {
  std::lock_guard lk(mu_);
  auto s_lease = statements_.get(
      "SELECT 1 FROM policy_versions WHERE policy_version = ? AND jurisdiction = ?");
  Statement& s = *s_lease;
  s.bind(1, version).bind(2, jurisdiction);
  int rc = s.step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return error("reading policy versions");
  return rc == SQLITE_ROW;
}

base::Result<uint64_t> SqliteCaseStore::case_count() {
  std::lock_guard lk(mu_);
  auto s_lease = statements_.get("SELECT COUNT(*) FROM cases");
  Statement& s = *s_lease;
  if (s.step() != SQLITE_ROW) return error("counting cases");
  return static_cast<uint64_t>(s.integer(0));
}

base::Status SqliteCaseStore::each_client_key(const ClientKeyVisitor& f) {
  std::lock_guard lk(mu_);
  auto s_lease = statements_.get(
      "SELECT jurisdiction, receiving_agency, client_id FROM cases WHERE client_id <> ''");
  Statement& s = *s_lease;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) f(s.text(0), s.text(1), s.text(2));
  if (rc != SQLITE_DONE) return error("reading client ids");
  return base::Status::Ok();
}

}  // namespace

int case_store_schema_version() { return static_cast<int>(kCaseStoreMigrations.size()); }

base::Result<std::unique_ptr<CaseStore>> open_sqlite_case_store(const std::filesystem::path& file,
                                                                bool create, bool read_only) {
  auto db = common::open_sqlite(file.string(), create, read_only, "NORMAL");
  if (!db) return db.error();
  auto store = std::make_unique<SqliteCaseStore>(*db);
  if (auto s = common::migrate_sqlite(*db, kCaseStoreMigrations.data(), kCaseStoreMigrations.size(),
                                      read_only, "case store");
      !s) {
    return s.error();
  }
  return std::unique_ptr<CaseStore>(std::move(store));
}

}  // namespace trustgate::cases
