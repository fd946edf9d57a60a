#include "trustgate/ledger/postgres_ledger.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "base/clock.h"
#include "log_scan.h"
#include "tree_ledger.h"
#include "trustgate/ledger/cosignature_log.h"

namespace trustgate::ledger {

namespace {

using common::Json;
using common::PgConnection;
using common::PgDatabase;
using common::PgParam;

constexpr const char* kComponent = "ledger";

// Migrations, in order; migration i brings the ledger's tables to version i + 1.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE ledger_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  origin TEXT NOT NULL,
  size BIGINT NOT NULL
);
CREATE TABLE ledger_entries (
  seq BIGINT PRIMARY KEY,
  entry TEXT NOT NULL
);
CREATE TABLE ledger_checkpoints (
  size BIGINT PRIMARY KEY,
  note TEXT NOT NULL
);
)sql",
};
constexpr size_t kMigrationCount = sizeof kMigrations / sizeof kMigrations[0];

constexpr size_t kFetch = 8192;  // entries read per query when catching up

std::string entry_text(Json& event, uint64_t seq) {
  event.set("seq", seq);
  return event.canonical();
}

// Inserts rows (seq or size, text) into `table`, a few thousand per statement.
base::Status insert_rows(PgConnection& c, const std::string& table, const std::string& columns,
                         const std::vector<std::pair<uint64_t, std::string>>& rows) {
  constexpr size_t kRows = 2000;
  for (size_t from = 0; from < rows.size(); from += kRows) {
    const size_t to = std::min(rows.size(), from + kRows);
    std::vector<PgParam> params;
    for (size_t i = from; i < to; ++i) {
      params.emplace_back(std::to_string(rows[i].first));
      params.emplace_back(rows[i].second);
    }
    if (auto r = c.query("INSERT INTO " + table + " (" + columns + ") VALUES " +
                             common::pg_values_list(to - from, 2),
                         params);
        !r) {
      return r.error();
    }
  }
  return base::Status::Ok();
}

// The tree-backed reads are TreeLedger's; its view (tree_, checkpoint_,
// under mu_) holds the committed entries this process has seen, and reads
// beyond it refresh it from the database first (covering()).
class PostgresLedger final : public TreeLedger {
 public:
  PostgresLedger(PostgresLedgerOptions options, NoteKey note_key, NoteKey signer, bool writable)
      : options_(std::move(options)) {
    note_key_ = std::move(note_key);
    signer_ = std::move(signer);
    read_only_ = !writable;
  }

  // Reads the head and every entry, and checks them against the last checkpoint.
  base::Status load();

  base::Result<uint64_t> append_all(const EventMaker& make) override;
  bool listener_in_transaction() const override { return true; }
  base::Result<std::string> entry(uint64_t index) const override;
  base::Result<size_t> read_run(uint64_t first, size_t max, std::string& out) const override;

 protected:
  void refresh_view() const override { refresh(false); }
  uint64_t covering(uint64_t size) const override;

 private:
  // One append_all() waiting for its batch.
  struct Unit {
    const EventMaker* make;
    uint64_t first = 0;
    std::optional<base::Error> error;
    bool done = false;
  };
  base::Status commit(const std::vector<Unit*>& units);
  base::Status commit_once(const std::vector<Unit*>& units);
  base::Result<std::optional<SignedCheckpoint>> transaction(PgConnection& c,
                                                            const std::vector<Unit*>& units);
  // Extends the tree with the entries [tree size, size) and checks its root
  // against `note` (the checkpoint of that size). With grow_mu_ held.
  base::Status grow(PgConnection* c, uint64_t size, const std::string& note) const;
  // Keeps the tree's first `keep` leaves (under mu_) and returns `error`,
  // with why they could not be when so.
  base::Status undo_leaves(uint64_t keep, base::Error error) const;
  // Brings the local view up to the database's latest checkpoint (readers);
  // `wait`: even while this process commits (else the view may stay one
  // batch behind).
  void refresh(bool wait) const;
  base::Status refresh_to_latest() const;

  PostgresLedgerOptions options_;

  // Appenders queue their units; one leader at a time commits every unit
  // queued so far in one transaction.
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::vector<Unit*> queued_;
  bool leading_ = false;

  // Growing the local view (TreeLedger's tree_, whose every leaf is
  // committed, and checkpoint_, which covers them all): the leader (for the
  // whole transaction) or one refreshing reader.
  mutable std::mutex grow_mu_;
};

base::Status PostgresLedger::grow(PgConnection* c, uint64_t size, const std::string& note) const {
  uint64_t have;
  {
    std::lock_guard lk(mu_);
    have = tree_.size();
  }
  if (size < have) {
    return base::corruption("the PostgreSQL ledger holds " + std::to_string(size) +
                            " entries but this server saw " + std::to_string(have) +
                            ": entries were removed (a restored backup?); check it with "
                            "`trustgate ledger verify --against` the last published checkpoint");
  }
  std::vector<Hash> leaves;
  while (have + leaves.size() < size) {
    const uint64_t from = have + leaves.size();
    const uint64_t to = std::min<uint64_t>(size, from + kFetch);
    const std::string sql =
        "SELECT seq, entry FROM ledger_entries WHERE seq >= $1 AND seq < $2 ORDER BY seq";
    const std::vector<PgParam> params{std::to_string(from), std::to_string(to)};
    auto rows = c ? c->query(sql, params) : options_.db->query(sql, params);
    if (!rows) return rows.error();
    if (static_cast<uint64_t>(rows->rows()) != to - from) {
      return base::corruption("the PostgreSQL ledger lacks entries between " +
                              std::to_string(from) + " and " + std::to_string(to - 1) +
                              " that its checkpoint of size " + std::to_string(size) + " covers");
    }
    for (int r = 0; r < rows->rows(); ++r) {
      if (static_cast<uint64_t>(rows->integer(r, 0)) != from + static_cast<uint64_t>(r)) {
        return base::corruption("the PostgreSQL ledger's entries are not contiguous at " +
                                std::to_string(from + static_cast<uint64_t>(r)));
      }
      leaves.push_back(leaf_hash(rows->text(r, 1)));
    }
  }
  auto cp = open_checkpoint(note, note_key_);
  if (!cp) return base::corruption("the PostgreSQL ledger's checkpoint: " + cp.error().message);
  if (cp->checkpoint.size != size) {
    return base::corruption("the PostgreSQL ledger's checkpoint of size " + std::to_string(size) +
                            " says size " + std::to_string(cp->checkpoint.size));
  }
  std::lock_guard lk(mu_);
  for (const Hash& h : leaves) {
    if (auto s = tree_.append(h); !s) return undo_leaves(have, s.error());
  }
  if (tree_.root() != cp->checkpoint.root) {
    const std::string altered =
        "the PostgreSQL ledger's entries do not match its checkpoint of size " +
        std::to_string(size) + ": an entry was altered";
    return undo_leaves(have, base::corruption(altered));
  }
  checkpoint_ = std::move(*cp);
  return base::Status::Ok();
}

base::Status PostgresLedger::undo_leaves(uint64_t keep, base::Error error) const {
  if (auto s = tree_.truncate(keep); !s) {
    error.message += "; then the tree's leaves after " + std::to_string(keep) +
                     " could not be taken back: " + s.error().message;
  }
  return error;
}

base::Status PostgresLedger::refresh_to_latest() const {
  auto latest =
      options_.db->query("SELECT size, note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1");
  if (!latest) return latest.error();
  if (latest->rows() == 0) return base::corruption("the PostgreSQL ledger holds no checkpoint");
  const auto size = static_cast<uint64_t>(latest->integer(0, 0));
  {
    std::lock_guard lk(mu_);
    if (size == checkpoint_.checkpoint.size && tree_.size() == size) return base::Status::Ok();
  }
  return grow(nullptr, size, latest->text(0, 1));
}

void PostgresLedger::refresh(bool wait) const {
  std::unique_lock lk(grow_mu_, std::defer_lock);
  if (wait) {
    lk.lock();
  } else if (!lk.try_lock()) {
    return;  // this process is committing: the view is at most that batch behind
  }
  // A reader that cannot reach the database serves what it saw last.
  (void)refresh_to_latest();
}

base::Status PostgresLedger::load() {
  auto head = options_.db->query("SELECT origin, size FROM ledger_head WHERE id = 1");
  if (!head) return head.error();
  if (head->rows() == 0) {
    return base::not_found(
        "the PostgreSQL database holds no ledger; create one with `trustgate "
        "init --store postgresql://…`");
  }
  if (head->text(0, 0) != options_.origin) {
    return base::corruption("the PostgreSQL ledger is the log \"" + head->text(0, 0) +
                            "\", not this data directory's \"" + options_.origin + "\"");
  }
  std::lock_guard g(grow_mu_);
  if (auto s = open_tree(); !s) return s;
  if (auto s = refresh_to_latest(); !s) return s;
  auto first = options_.db->query("SELECT entry FROM ledger_entries WHERE seq = 0");
  if (!first) return first.error();
  auto created = first->rows() ? common::parse_json(first->text(0, 0))
                               : base::Result<Json>(base::corruption("no entry 0"));
  const Json* format = created ? created->find("format") : nullptr;
  if (!created || created->string_or_empty("event") != "ledger_created" || !format ||
      !format->is_int() || format->as_int() != kLedgerFormat ||
      created->string_or_empty("origin") != options_.origin) {
    return base::corruption(
        "entry 0 of the PostgreSQL ledger is not this ledger's ledger_created entry (format 2, "
        "origin \"" +
        options_.origin + "\")");
  }
  return base::Status::Ok();
}

base::Result<uint64_t> PostgresLedger::append_all(const EventMaker& make) {
  if (read_only_) return base::Error{"the ledger was opened read-only"};
  Unit unit{&make};
  std::unique_lock lk(queue_mu_);
  queued_.push_back(&unit);
  while (!unit.done) {
    if (!leading_) {
      // Lead: commit every unit queued so far, then hand over.
      leading_ = true;
      std::vector<Unit*> batch;
      batch.swap(queued_);
      lk.unlock();
      (void)commit(batch);
      lk.lock();
      for (Unit* u : batch) u->done = true;
      leading_ = false;
      queue_cv_.notify_all();
    } else {
      queue_cv_.wait(lk, [&] { return unit.done || !leading_; });
    }
  }
  if (unit.error) return *unit.error;
  return unit.first;
}

// One transaction for the batch; when it fails and holds several units,
// one transaction per unit, so that only the units that fail by themselves
// get the error.
base::Status PostgresLedger::commit(const std::vector<Unit*>& units) {
  auto s = commit_once(units);
  // An I/O error (a lost connection) may hide a commit that happened: never
  // retried, so that nothing is appended twice.
  if (s || units.size() == 1 || s.error().kind == base::ErrorKind::IO) return s;
  for (Unit* u : units) {
    u->error.reset();
    (void)commit_once({u});
  }
  return base::Status::Ok();
}

base::Status PostgresLedger::commit_once(const std::vector<Unit*>& units) {
  std::lock_guard g(grow_mu_);
  auto fail = [&](base::Error e) {
    {
      // Undo the batch's leaves; what other servers committed stays.
      std::lock_guard lk(mu_);
      e = undo_leaves(checkpoint_.checkpoint.size, std::move(e)).error();
    }
    for (Unit* u : units) {
      if (!u->error) u->error = e;
    }
    return base::Status(std::move(e));
  };
  auto lease = options_.db->acquire();
  if (!lease) return fail(lease.error());
  PgConnection& c = **lease;
  if (auto s = c.run("BEGIN"); !s) return fail(s.error());
  auto cp = transaction(c, units);
  if (!cp) {
    (void)c.run("ROLLBACK");
    return fail(cp.error());
  }
  if (auto s = c.run("COMMIT"); !s) return fail(s.error());
  std::lock_guard lk(mu_);
  if (*cp) {
    checkpoint_ = std::move(**cp);
    ++batches_;
  }
  return base::Status::Ok();
}

// Inside BEGIN … COMMIT on `c`, with grow_mu_ held. Returns the batch's
// checkpoint (none when every unit was refused).
base::Result<std::optional<SignedCheckpoint>> PostgresLedger::transaction(
    PgConnection& c, const std::vector<Unit*>& units) {
  // The coordinator row. (Its checkpoint is read by a statement of its own:
  // a join in the locking statement would see the checkpoint as of before
  // the wait for the lock, while the row is re-read after it.)
  auto head = c.query("SELECT size FROM ledger_head WHERE id = 1 FOR UPDATE");
  if (!head) return head.error();
  if (head->rows() == 0) return base::corruption("the PostgreSQL ledger has no head row");
  const auto size = static_cast<uint64_t>(head->integer(0, 0));
  // Catch up with what other servers appended.
  uint64_t have;
  {
    std::lock_guard lk(mu_);
    have = checkpoint_.checkpoint.size;
  }
  if (have != size) {
    auto note =
        c.query("SELECT note FROM ledger_checkpoints WHERE size = $1", {std::to_string(size)});
    if (!note) return note.error();
    if (note->rows() == 0) {
      return base::corruption("the PostgreSQL ledger has no checkpoint of its size " +
                              std::to_string(size));
    }
    if (auto s = grow(&c, size, note->text(0, 0)); !s) return s.error();
  }
  // The units' events, with their seqs.
  uint64_t next = size;
  std::vector<Json> events;
  std::vector<std::string> texts;
  for (Unit* u : units) {
    auto made = (*u->make)(next);
    if (!made) {
      u->error = made.error();
      continue;
    }
    if (made->empty()) {
      u->error = base::Error{"nothing to append"};
      continue;
    }
    std::vector<std::string> mine;
    for (size_t i = 0; i < made->size() && !u->error; ++i) {
      Json& e = (*made)[i];
      if (!e.is_object()) {
        u->error = base::Error{"a ledger event must be a JSON object"};
        break;
      }
      mine.push_back(entry_text(e, next + i));
      if (mine.back().size() + 1 > kMaxEntryBytes) {
        u->error = base::Error{"a ledger entry may hold at most " + std::to_string(kMaxEntryBytes) +
                               " bytes"};
      }
    }
    if (u->error) continue;
    u->first = next;
    next += made->size();
    for (auto& e : *made) events.push_back(std::move(e));
    for (auto& t : mine) texts.push_back(std::move(t));
  }
  if (events.empty()) return std::optional<SignedCheckpoint>();
  std::vector<std::pair<uint64_t, std::string>> rows;
  rows.reserve(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) rows.emplace_back(size + i, texts[i]);
  if (auto s = insert_rows(c, "ledger_entries", "seq, entry", rows); !s) return s.error();
  Checkpoint next_cp;
  {
    std::lock_guard lk(mu_);
    for (const std::string& t : texts) {
      if (auto s = tree_.append(leaf_hash(t)); !s) return s.error();
    }
    next_cp = Checkpoint{options_.origin, tree_.size(), tree_.root()};
  }
  auto cp = sign_checkpoint(std::move(next_cp), signer_);
  if (!cp) return cp.error();
  if (auto r = c.query("INSERT INTO ledger_checkpoints (size, note) VALUES ($1, $2)",
                       {std::to_string(next), cp->note.to_string()});
      !r) {
    return r.error();
  }
  if (auto r = c.query("UPDATE ledger_head SET size = $1 WHERE id = 1", {std::to_string(next)});
      !r) {
    return r.error();
  }
  if (listener_) {
    common::PgTransactionScope in(*options_.db, c);
    const std::vector<std::string_view> entries(texts.begin(), texts.end());
    if (auto s = listener_(size, events, entries, cp->checkpoint); !s) return s.error();
  }
  return std::optional<SignedCheckpoint>(std::move(*cp));
}

uint64_t PostgresLedger::covering(uint64_t size) const {
  {
    std::lock_guard lk(mu_);
    if (size <= checkpoint_.checkpoint.size) return checkpoint_.checkpoint.size;
  }
  refresh(true);
  std::lock_guard lk(mu_);
  return checkpoint_.checkpoint.size;
}

base::Result<std::string> PostgresLedger::entry(uint64_t index) const {
  if (index >= covering(index + 1))
    return base::not_found("no ledger entry " + std::to_string(index));
  auto rows = options_.db->query("SELECT entry FROM ledger_entries WHERE seq = $1",
                                 {std::to_string(index)});
  if (!rows) return rows.error();
  if (rows->rows() == 0)
    return base::corruption("the PostgreSQL ledger lacks entry " + std::to_string(index));
  return rows->text(0, 0);
}

base::Result<size_t> PostgresLedger::read_run(uint64_t first, size_t max, std::string& out) const {
  const uint64_t end = std::min<uint64_t>(first + max, covering(first + max));
  if (end <= first) return size_t{0};
  auto rows = options_.db->query(
      "SELECT seq, entry FROM ledger_entries WHERE seq >= $1 AND seq < $2 ORDER BY seq",
      {std::to_string(first), std::to_string(end)});
  if (!rows) return rows.error();
  for (int r = 0; r < rows->rows(); ++r) {
    if (static_cast<uint64_t>(rows->integer(r, 0)) != first + static_cast<uint64_t>(r)) {
      return base::corruption("the PostgreSQL ledger lacks entry " +
                              std::to_string(first + static_cast<uint64_t>(r)));
    }
    out += rows->text(r, 1);
    out += '\n';
  }
  if (static_cast<uint64_t>(rows->rows()) != end - first) {
    return base::corruption("the PostgreSQL ledger lacks entries from " +
                            std::to_string(first + static_cast<uint64_t>(rows->rows())) +
                            " that its checkpoint of size " + std::to_string(end) + " covers");
  }
  return static_cast<size_t>(end - first);
}

base::Result<NoteKey> signer_for(const PostgresLedgerOptions& o, bool writable) {
  if (!writable) return NoteKey();
  if (!o.key.has_private()) return base::Error{"ledger: writing needs the signing key"};
  return NoteKey::make(o.origin, o.key);
}

}  // namespace

base::Result<std::unique_ptr<Ledger>> open_postgres_ledger(PostgresLedgerOptions options,
                                                           bool writable) {
  if (!options.db) return base::Error{"ledger: no PostgreSQL database"};
  if (auto s = options.db->migrate(kComponent, kMigrations, kMigrationCount, !writable); !s) {
    return s.error();
  }
  auto key = NoteKey::make(options.origin, options.key.public_only());
  if (!key) return key.error();
  auto signer = signer_for(options, writable);
  if (!signer) return signer.error();
  auto ledger = std::make_unique<PostgresLedger>(std::move(options), std::move(*key),
                                                 std::move(*signer), writable);
  if (auto s = ledger->load(); !s) return s.error();
  return std::unique_ptr<Ledger>(std::move(ledger));
}

base::Result<std::unique_ptr<Ledger>> create_postgres_ledger(PostgresLedgerOptions options) {
  if (!options.db) return base::Error{"ledger: no PostgreSQL database"};
  if (!options.key.has_private()) return base::Error{"ledger: creating needs the signing key"};
  if (auto s = options.db->migrate(kComponent, kMigrations, kMigrationCount, false); !s) {
    return s.error();
  }
  auto key = NoteKey::make(options.origin, options.key.public_only());
  if (!key) return key.error();
  auto signer = NoteKey::make(options.origin, options.key);
  if (!signer) return signer.error();
  // Entry 0 names the log, its format and its key (as the file ledger's).
  Json created = Json::object();
  created.set("event", "ledger_created");
  created.set("format", kLedgerFormat);
  created.set("origin", options.origin);
  created.set("verifier_key", key->verifier_key());
  created.set("at", base::now_utc_rfc3339());
  const std::string entry = entry_text(created, 0);
  auto cp = sign_checkpoint(Checkpoint{options.origin, 1, leaf_hash(entry)}, *signer);
  if (!cp) return cp.error();
  {
    auto lease = options.db->acquire();
    if (!lease) return lease.error();
    PgConnection& c = **lease;
    if (auto s = c.run("BEGIN"); !s) return s.error();
    auto write = [&]() -> base::Status {
      auto head = c.query(
          "INSERT INTO ledger_head (id, origin, size) VALUES (1, $1, 1) ON CONFLICT (id) DO "
          "NOTHING RETURNING id",
          {options.origin});
      if (!head) return head.error();
      if (head->rows() == 0) {
        return base::conflict("the PostgreSQL database " + common::redacted_url(options.db->url()) +
                              " holds a ledger already; give each data directory a database "
                              "of its own (or share it through `trustgate serve`)");
      }
      if (auto r = c.query("INSERT INTO ledger_entries (seq, entry) VALUES (0, $1)", {entry}); !r) {
        return r.error();
      }
      if (auto r = c.query("INSERT INTO ledger_checkpoints (size, note) VALUES (1, $1)",
                           {cp->note.to_string()});
          !r) {
        return r.error();
      }
      return c.run("COMMIT");
    };
    if (auto s = write(); !s) {
      (void)c.run("ROLLBACK");
      return s.error();
    }
  }
  return open_postgres_ledger(std::move(options), true);
}

base::Result<SignedCheckpoint> copy_file_ledger_to_postgres(const std::filesystem::path& dir,
                                                            const NoteKey& key,
                                                            common::PgDatabase& db) {
  if (auto s = db.migrate(kComponent, kMigrations, kMigrationCount, false); !s) return s.error();
  auto cp_text = base::read_file(dir / kCheckpointsFile);
  if (!cp_text) return cp_text.error();
  auto cps = read_checkpoint_log(*cp_text, key, true);
  if (!cps) return cps.error();
  if (cps->checkpoints.empty()) return base::corruption(dir.string() + ": no checkpoint");
  auto text = base::read_file(dir / kEntriesFile);
  if (!text) return text.error();
  const SignedCheckpoint last = cps->checkpoints.back();
  const uint64_t size = last.checkpoint.size;
  EntryLines lines = scan_entry_lines(*text, size);
  if (lines.offsets.size() < size) {
    return base::corruption(dir.string() +
                            ": the last checkpoint covers more entries than "
                            "entries.log holds; run `trustgate ledger verify`");
  }
  std::vector<std::pair<uint64_t, std::string>> entries, checkpoints;
  for (uint64_t i = 0; i < size; ++i) entries.emplace_back(i, lines.line(*text, i));
  for (const SignedCheckpoint& cp : cps->checkpoints) {
    checkpoints.emplace_back(cp.checkpoint.size, cp.note.to_string());
  }
  auto lease = db.acquire();
  if (!lease) return lease.error();
  PgConnection& c = **lease;
  if (auto s = c.run("BEGIN"); !s) return s.error();
  auto copy = [&]() -> base::Status {
    auto head = c.query(
        "INSERT INTO ledger_head (id, origin, size) VALUES (1, $1, $2) ON CONFLICT (id) DO "
        "NOTHING RETURNING id",
        {key.name(), std::to_string(size)});
    if (!head) return head.error();
    if (head->rows() == 0) {
      return base::conflict("the PostgreSQL database " + common::redacted_url(db.url()) +
                            " holds a ledger already: migrate into an empty database");
    }
    if (auto s = insert_rows(c, "ledger_entries", "seq, entry", entries); !s) return s;
    if (auto s = insert_rows(c, "ledger_checkpoints", "size, note", checkpoints); !s) return s;
    return c.run("COMMIT");
  };
  if (auto s = copy(); !s) {
    (void)c.run("ROLLBACK");
    return s.error();
  }
  return last;
}

base::Result<VerifyReport> verify_postgres_ledger(common::PgDatabase& db,
                                                  const VerifyOptions& options) {
  if (auto s = db.migrate(kComponent, kMigrations, kMigrationCount, true); !s) return s.error();
  std::unique_ptr<CosignatureLog> cosigned;
  if (!options.witnesses.empty()) {
    auto log = CosignatureLog::open_postgres(db.shared_from_this(), false);
    if (!log) return log.error();
    cosigned = std::move(*log);
  }
  // One snapshot: the checkpoints, the entries and the cosignatures as of
  // one moment (the cosignatures are read on this transaction).
  auto lease = db.acquire();
  if (!lease) return lease.error();
  PgConnection& c = **lease;
  if (auto s = c.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s) return s.error();
  auto verify = [&]() -> base::Result<VerifyReport> {
    common::PgTransactionScope scope(db, c);
    std::string log = kCheckpointsHeader;
    auto notes = c.query("SELECT note FROM ledger_checkpoints ORDER BY size");
    if (!notes) return notes.error();
    for (int r = 0; r < notes->rows(); ++r) log += notes->text(r, 0);
    EntryReader read = [&](uint64_t from, size_t max) -> base::Result<std::vector<std::string>> {
      auto rows =
          c.query("SELECT seq, entry FROM ledger_entries WHERE seq >= $1 ORDER BY seq LIMIT $2",
                  {std::to_string(from), std::to_string(max)});
      if (!rows) return rows.error();
      std::vector<std::string> out;
      for (int r = 0; r < rows->rows(); ++r) {
        const uint64_t seq = from + static_cast<uint64_t>(r);
        if (static_cast<uint64_t>(rows->integer(r, 0)) != seq) {
          return base::corruption("entry " + std::to_string(seq) +
                                  ": missing (the next row holds seq " + rows->text(r, 0) + ")");
        }
        out.push_back(rows->text(r, 1));
      }
      return out;
    };
    const CosignatureSource cosignatures = [&]() -> base::Result<std::unique_ptr<CosignatureLog>> {
      return std::move(cosigned);
    };
    return verify_ledger_entries(log, read, options, cosignatures);
  };
  auto report = verify();
  (void)c.run("ROLLBACK");
  return report;
}

}  // namespace trustgate::ledger
