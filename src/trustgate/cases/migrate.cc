#include "trustgate/cases/migrate.h"

#include "base/clock.h"
#include "trustgate/accounts/accounts.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/cases/workflow.h"
#include "trustgate/common/postgres.h"
#include "trustgate/ledger/cosignature_log.h"
#include "trustgate/ledger/postgres_ledger.h"
#include "trustgate/ledger/verify.h"

namespace trustgate::cases {

namespace {

namespace fs = std::filesystem;

// Moves the files the database replaces into `kept`.
base::Status keep_old_files(const fs::path& dir, const fs::path& kept) {
  base::Storage& storage = base::posix_storage();
  if (auto s = storage.create_dir(kept, 0700); !s) return s;
  for (const char* name : {ledger::kEntriesFile, ledger::kCheckpointsFile}) {
    if (auto s = storage.rename(dir / "ledger" / name, kept / name); !s) return s;
  }
  if (auto there = storage.exists(dir / "ledger" / ledger::kCosignaturesFile); there && *there) {
    const char* name = ledger::kCosignaturesFile;
    if (auto s = storage.rename(dir / "ledger" / name, kept / name); !s) return s;
  }
  for (const char* name : {"cases.db", "cases.db-wal", "cases.db-shm", "accounts.db",
                           "accounts.db-wal", "accounts.db-shm"}) {
    auto there = storage.exists(dir / name);
    if (there && *there) {
      if (auto s = storage.rename(dir / name, kept / name); !s) return s;
    }
  }
  if (auto s = storage.sync_dir(kept); !s) return s;
  if (auto s = storage.sync_dir(dir / "ledger"); !s) return s;
  return storage.sync_dir(dir);
}

// Copies what the data directory keeps beside the ledger into the database:
// the accounts, the law archive and the cosignatures.
base::Status copy_beside_ledger(const fs::path& dir, const std::shared_ptr<common::PgDatabase>& db,
                                MigrateReport& report) {
  if (auto there = base::posix_storage().exists(dir / "accounts.db"); there && *there) {
    auto from = accounts::AccountStore::open(dir / "accounts.db", false);
    if (!from) return from.error();
    auto rows = (*from)->export_all();
    if (!rows) return rows.error();
    auto to = accounts::AccountStore::open_postgres(db);
    if (!to) return to.error();
    if (auto s = (*to)->import_all(*rows); !s) return s;
    report.users = rows->users.size();
    report.tokens = rows->tokens.size();
  }
  auto law = open_postgres_law(db, true);
  if (!law) return law.error();
  LawArchive archive(base::posix_storage(), dir / "law", *law);
  auto versions = archive.share_all();
  if (!versions) return versions.error();
  report.law_versions = *versions;
  auto from = ledger::CosignatureLog::open(dir / "ledger");
  if (!from) return from.error();
  auto to = ledger::CosignatureLog::open_postgres(db, true);
  if (!to) return to.error();
  for (const ledger::CosignatureLog::Entry& e : (*from)->entries()) {
    if (auto s = (*to)->add(e); !s) return s;
    ++report.cosignatures;
  }
  return base::Status::Ok();
}

}  // namespace

base::Result<MigrateReport> migrate_data_dir_to_postgres(const fs::path& dir,
                                                         const std::string& url) {
  auto config = read_data_dir_config(dir);
  if (!config) return config.error();
  if (!config->store.empty()) {
    return base::conflict(dir.string() + " keeps its ledger in PostgreSQL already (" +
                          common::redacted_url(config->store) + ")");
  }
  if (!common::is_postgres_url(url)) {
    return base::invalid_field("--to", "not a postgresql:// URL");
  }
  auto key = ledger::NoteKey::from_verifier_key(config->verifier_key);
  if (!key) return base::corruption("config.json: verifier_key: " + key.error().message);
  MigrateReport report;
  {
    // Held while copying: no server or command writes meanwhile.
    auto files = open_data_dir(dir, Access::Write);
    if (!files) return files.error();
    ledger::VerifyOptions o;
    o.key = *key;
    o.all_signatures = true;
    auto before = ledger::verify_ledger(dir / "ledger", o);
    if (!before) {
      return base::Error{
          "the ledger in " + dir.string() + " does not verify: " + before.error().message,
          {},
          before.error().kind};
    }
    auto db = common::PgDatabase::open(url, 2);
    if (!db) return db.error();
    auto copied = ledger::copy_file_ledger_to_postgres(dir / "ledger", *key, **db);
    if (!copied) return copied.error();
    if (auto s = copy_beside_ledger(dir, *db, report); !s) return s.error();
    report.entries = before->entries;
    report.checkpoints = before->checkpoints;
    report.checkpoint = before->checkpoint;
    DataDirConfig moved = *config;
    moved.store = url;
    if (auto s = base::replace_file(base::posix_storage(), dir / "config.json", config_text(moved),
                                    0600);
        !s) {
      return s.error();
    }
  }
  // Now a PostgreSQL data directory: the store is projected from the ledger.
  {
    auto d = open_data_dir(dir, Access::Write);
    if (!d) return d.error();
    CaseWorkflow workflow(*d->store, *d->ledger, nullptr, nullptr);
    if (auto s = workflow.open(); !s) return s.error();
    auto count = d->store->case_count();
    if (!count) return count.error();
    report.cases = *count;
  }
  ledger::VerifyOptions o;
  o.key = *key;
  o.all_signatures = true;
  auto after = verify_data_dir_ledger(dir, o);
  if (!after) {
    return base::Error{
        "the ledger copied into PostgreSQL does not verify: " + after.error().message,
        {},
        after.error().kind};
  }
  if (after->checkpoint.checkpoint != report.checkpoint.checkpoint ||
      after->checkpoints != report.checkpoints) {
    return base::corruption("the ledger in PostgreSQL ends at another checkpoint than the files");
  }
  std::string stamp = base::now_utc_rfc3339();
  for (char& ch : stamp) {
    if (ch == ':') ch = '-';
  }
  report.kept = dir / ("migrated-" + stamp);
  if (auto s = keep_old_files(dir, report.kept); !s) return s.error();
  return report;
}

}  // namespace trustgate::cases
