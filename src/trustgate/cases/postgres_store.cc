// The PostgreSQL case store: the SQLite store's schema (store_rows.h) in a
// database shared by several servers, next to the ledger's tables
// (ledger/postgres_ledger.h).
//
// apply() runs inside the PostgreSQL ledger's commit transaction when the
// ledger's commit listener calls it (common/postgres.h, "Joining a
// transaction"): the batch's entries and their projection commit together,
// so the store is never behind the ledger. Called on its own (a workflow
// reconciling a store that lags, e.g. after `trustgate migrate`), it locks
// the ledger's coordinator row first, so that no append runs meanwhile.
#include "base/encoding.h"
#include "store_rows.h"
#include "trustgate/cases/store.h"
#include "trustgate/common/postgres.h"

namespace trustgate::cases {

namespace {

using common::pg_values_list;
using common::PgConnection;
using common::PgDatabase;
using common::PgParam;
using common::PgRows;

constexpr const char* kComponent = "case store";
constexpr size_t kChunk = 1000;  // rows per statement (at most 13 parameters each)

// A row of a result, as read_case() reads it.
struct PgRow {
  const PgRows& rows;
  int row;
  std::string text(int col) const { return rows.text(row, col); }
  int64_t integer(int col) const { return rows.integer(row, col); }
};

PgParam number(uint64_t n) { return std::to_string(n); }

class PostgresCaseStore : public CaseStore {
 public:
  explicit PostgresCaseStore(std::shared_ptr<PgDatabase> db) : db_(std::move(db)) {}

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
  base::Status write(PgConnection& c, const StoreBatch& batch);
  base::Result<std::optional<Case>> one_case(const std::string& where,
                                             const std::vector<PgParam>& params);

  std::shared_ptr<PgDatabase> db_;
};

// The batch's rows, inside a transaction that holds the coordinator row.
base::Status PostgresCaseStore::write(PgConnection& c, const StoreBatch& batch) {
  // The progress moves first: no row when the store is not at first_seq.
  auto moved = c.query(
      "UPDATE ledger_applied SET applied_below = $1, root = $2 WHERE id = 1 AND applied_below = "
      "$3 RETURNING id",
      {number(batch.next_seq), base::base64_encode(batch.root.data(), batch.root.size()),
       number(batch.first_seq)});
  if (!moved) return moved.error();
  if (moved->rows() == 0) {
    auto progress = c.query("SELECT applied_below FROM ledger_applied WHERE id = 1");
    if (!progress) return progress.error();
    return base::conflict("case store: applied up to " +
                          (progress->rows() ? progress->text(0, 0) : std::string("?")) +
                          ", cannot apply entries from " + std::to_string(batch.first_seq));
  }
  // One case per client id, across servers (each server serializes its own
  // submissions of one id; two servers may race): the new cases' ids must
  // be free.
  std::vector<PgParam> fresh;
  for (const Case& k : batch.cases) {
    if (!k.client_id.empty() && k.seq >= batch.first_seq) {
      for (const std::string& v : {k.jurisdiction, k.receiving_agency, k.client_id, k.id}) {
        fresh.emplace_back(v);
      }
    }
  }
  for (size_t from = 0; from < fresh.size(); from += kChunk * 4) {
    const size_t n = std::min(fresh.size() - from, kChunk * 4);
    auto taken = c.query(
        "SELECT c.client_id, c.id FROM cases c JOIN (VALUES " + pg_values_list(n / 4, 4) +
            ") AS n (j, a, client, id) ON c.jurisdiction = n.j AND c.receiving_agency = n.a AND "
            "c.client_id = n.client AND c.id <> n.id LIMIT 1",
        std::vector<PgParam>(fresh.begin() + from, fresh.begin() + from + n));
    if (!taken) return taken.error();
    if (taken->rows() > 0) {
      return base::conflict("the request id \"" + taken->text(0, 0) + "\" names case " +
                            taken->text(0, 1) + " already");
    }
  }
  // The cases, then the entries: one statement per chunk.
  for (size_t from = 0; from < batch.cases.size(); from += kChunk) {
    const size_t to = std::min(batch.cases.size(), from + kChunk);
    std::vector<PgParam> params;
    for (size_t i = from; i < to; ++i) {
      const Case& k = batch.cases[i];
      for (std::string v :
           {k.id, std::to_string(k.seq), std::string(state_name(k.state)), k.client_id,
            k.jurisdiction, k.receiving_agency, k.received_at, k.policy_version,
            k.request.canonical(), k.decision.is_null() ? std::string() : k.decision.canonical(),
            workflow_json(k).canonical(), k.created_at, k.updated_at}) {
        params.emplace_back(std::move(v));
      }
    }
    auto r = c.query(std::string("INSERT INTO cases (") + kCaseColumns + ") VALUES " +
                         pg_values_list(to - from, 13) +
                         " ON CONFLICT (id) DO UPDATE SET state = excluded.state, "
                         "policy_version = excluded.policy_version, decision_json = "
                         "excluded.decision_json, workflow_json = excluded.workflow_json, "
                         "updated_at = excluded.updated_at",
                     params);
    if (!r) return r.error();
  }
  for (size_t from = 0; from < batch.events.size(); from += kChunk) {
    const size_t to = std::min(batch.events.size(), from + kChunk);
    std::vector<PgParam> params;
    for (size_t i = from; i < to; ++i) {
      const CaseEvent& e = batch.events[i];
      params.push_back(number(e.seq));
      params.push_back(batch.event_cases[i].empty() ? PgParam() : PgParam(batch.event_cases[i]));
      params.push_back(e.kind);
      params.push_back(e.at);
      params.push_back(e.entry);
    }
    auto r = c.query("INSERT INTO case_events (seq, case_id, kind, at, entry) VALUES " +
                         pg_values_list(to - from, 5),
                     params);
    if (!r) return r.error();
  }
  for (const auto& [v, j] : batch.activations) {
    auto r = c.query(
        "INSERT INTO policy_versions (policy_version, jurisdiction, seq) VALUES ($1, $2, $3) ON "
        "CONFLICT (policy_version, jurisdiction) DO NOTHING",
        {v, j, number(batch.first_seq)});
    if (!r) return r.error();
  }
  return base::Status::Ok();
}

base::Status PostgresCaseStore::apply(const StoreBatch& batch) {
  if (PgConnection* c = db_->in_transaction()) return write(*c, batch);
  auto lease = db_->acquire();
  if (!lease) return lease.error();
  PgConnection& c = **lease;
  if (auto s = c.run("BEGIN"); !s) return s;
  auto s = [&]() -> base::Status {
    // The ledger's sequencing lock: no append runs while the store catches up.
    if (auto r = c.query("SELECT size FROM ledger_head WHERE id = 1 FOR UPDATE"); !r) {
      return r.error();
    }
    return write(c, batch);
  }();
  if (!s) {
    (void)c.run("ROLLBACK");
    return s;
  }
  return c.run("COMMIT");
}

base::Result<std::optional<Case>> PostgresCaseStore::one_case(const std::string& where,
                                                              const std::vector<PgParam>& params) {
  auto rows =
      db_->query(std::string("SELECT ") + kCaseColumns + " FROM cases WHERE " + where, params);
  if (!rows) return rows.error();
  if (rows->rows() == 0) return std::optional<Case>();
  Case c = read_case(PgRow{*rows, 0});
  auto ev = db_->query(
      "SELECT seq, kind, at, entry FROM case_events WHERE case_id = $1 ORDER BY seq", {c.id});
  if (!ev) return ev.error();
  for (int r = 0; r < ev->rows(); ++r) {
    c.events.push_back(CaseEvent{static_cast<uint64_t>(ev->integer(r, 0)), ev->text(r, 1),
                                 ev->text(r, 2), ev->text(r, 3)});
  }
  return std::optional<Case>(std::move(c));
}

base::Result<std::optional<Case>> PostgresCaseStore::find(const std::string& id) {
  return one_case("id = $1", {id});
}

base::Result<std::optional<Case>> PostgresCaseStore::find_by_client(const std::string& jurisdiction,
                                                                    const std::string& agency,
                                                                    const std::string& client_id) {
  return one_case(
      "jurisdiction = $1 AND receiving_agency = $2 AND client_id = $3 ORDER BY seq LIMIT 1",
      {jurisdiction, agency, client_id});
}

base::Result<std::vector<Case>> PostgresCaseStore::list(const CaseFilter& f) {
  std::string sql = std::string("SELECT ") + kCaseColumns + " FROM cases WHERE seq > $1";
  std::vector<PgParam> params{number(f.after_seq)};
  auto add = [&](const char* column, std::string value) {
    params.emplace_back(std::move(value));
    sql += std::string(" AND ") + column + " = $" + std::to_string(params.size());
  };
  if (f.state) add("state", std::string(state_name(*f.state)));
  if (!f.jurisdiction.empty()) add("jurisdiction", f.jurisdiction);
  if (!f.receiving_agency.empty()) add("receiving_agency", f.receiving_agency);
  sql += " ORDER BY seq";
  if (f.limit) sql += " LIMIT " + std::to_string(f.limit);
  auto rows = db_->query(sql, params);
  if (!rows) return rows.error();
  std::vector<Case> out;
  out.reserve(static_cast<size_t>(rows->rows()));
  for (int r = 0; r < rows->rows(); ++r) out.push_back(read_case(PgRow{*rows, r}));
  return out;
}

base::Result<std::vector<CaseEvent>> PostgresCaseStore::events(uint64_t from, size_t limit) {
  auto rows = db_->query(
      "SELECT seq, kind, at, entry FROM case_events WHERE seq >= $1 ORDER BY seq LIMIT $2",
      {number(from), number(limit)});
  if (!rows) return rows.error();
  std::vector<CaseEvent> out;
  for (int r = 0; r < rows->rows(); ++r) {
    out.push_back(CaseEvent{static_cast<uint64_t>(rows->integer(r, 0)), rows->text(r, 1),
                            rows->text(r, 2), rows->text(r, 3)});
  }
  return out;
}

base::Result<StoreProgress> PostgresCaseStore::progress() {
  auto rows = db_->query("SELECT applied_below, root FROM ledger_applied WHERE id = 1");
  if (!rows) return rows.error();
  if (rows->rows() == 0) return base::corruption("case store: no progress row");
  StoreProgress p;
  p.applied_below = static_cast<uint64_t>(rows->integer(0, 0));
  if (p.applied_below > 0) {
    auto root = base::base64_decode(rows->text(0, 1));
    if (!root || root->size() != p.root.size()) {
      return base::corruption("case store: the recorded ledger root is damaged");
    }
    std::copy(root->begin(), root->end(), p.root.begin());
  }
  return p;
}

base::Result<bool> PostgresCaseStore::policy_version_known(const std::string& version,
                                                           const std::string& jurisdiction) {
  auto rows =
      db_->query("SELECT 1 FROM policy_versions WHERE policy_version = $1 AND jurisdiction = $2",
                 {version, jurisdiction});
  if (!rows) return rows.error();
  return rows->rows() > 0;
}

base::Result<uint64_t> PostgresCaseStore::case_count() {
  auto rows = db_->query("SELECT COUNT(*) FROM cases");
  if (!rows) return rows.error();
  return static_cast<uint64_t>(rows->integer(0, 0));
}

// Read whole into one result: the workflow's client filter, which would
// call it at every open, is for the file ledger only (a PostgreSQL store is
// shared, so it is asked every time); tests call this.
base::Status PostgresCaseStore::each_client_key(const ClientKeyVisitor& f) {
  auto rows = db_->query(
      "SELECT jurisdiction, receiving_agency, client_id FROM cases WHERE client_id <> ''");
  if (!rows) return rows.error();
  for (int r = 0; r < rows->rows(); ++r) f(rows->text(r, 0), rows->text(r, 1), rows->text(r, 2));
  return base::Status::Ok();
}

}  // namespace

base::Result<std::unique_ptr<CaseStore>> open_postgres_case_store(
    std::shared_ptr<common::PgDatabase> db, bool read_only) {
  if (auto s = db->migrate(kComponent, kCaseStoreMigrations.data(), kCaseStoreMigrations.size(),
                           read_only);
      !s) {
    return s.error();
  }
  return std::unique_ptr<CaseStore>(std::make_unique<PostgresCaseStore>(std::move(db)));
}

}  // namespace trustgate::cases
