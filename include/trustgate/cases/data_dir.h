// The data directory `trustgate init` creates and every case and ledger
// command opens (mode 0700; every file in it 0600):
//   DATA/config.json       {"format": 2, "origin", "verifier_key", "policies": "policies"
//                          [, "store": "postgresql://…"]}
//   DATA/keys/ledger.key   the Ed25519 key that signs checkpoints (PEM); refused
//                          when group or others may read it
//   DATA/keys/ledger.pub   its public key (PEM), for auditors
//   DATA/ledger/           the ledger (ledger.h) and the witnesses' cosignatures
//                          (cosignature_log.h); with a PostgreSQL store empty
//   DATA/cases.db          the case store (SQLite, WAL): a projection of the ledger,
//                          recreated from it when missing
// With "store": "postgresql://…" the ledger, the case store, the accounts, the
// law archive and the cosignatures live in that database instead
// (postgres_ledger.h, store.h, accounts.h, law_archive.h, cosignature_log.h),
// shared by every server whose data directory is a copy of this one
// (docs/deploy.md); DATA/law/ then caches the archived law read from it.
//   DATA/policies/         the law this directory decides with: the schema and the
//                          packs, copied by init, so that the folder a command runs
//                          in never changes the law applied; and _service/, the
//                          service's access policy
//   DATA/accounts.db       the service's users and tokens (accounts.h; SQLite only)
//   DATA/law/<hex>/        every version of the law that decided a case (law_archive.h)
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "base/storage.h"
#include "trustgate/accounts/accounts.h"
#include "trustgate/cases/law_archive.h"
#include "trustgate/cases/store.h"
#include "trustgate/ledger/cosignature_log.h"
#include "trustgate/ledger/ledger.h"
#include "trustgate/ledger/reader.h"
#include "trustgate/ledger/verify.h"
#include "trustgate/policy/library.h"

namespace trustgate::cases {

inline constexpr int kDataDirFormat = 2;

struct DataDirConfig {
  std::string origin;                 // the ledger's origin: the first line of every checkpoint
  std::string verifier_key;           // the ledger's note verifier key (ledger/note.h)
  std::string policies = "policies";  // the law's folder, relative to the data directory
  std::string store;                  // "" (files and SQLite) or a postgresql:// URL
};

struct InitOptions {
  std::string origin;                   // default "trustgate/<16 random hex digits>"
  std::filesystem::path policies_from;  // the policies folder to copy in
  // Run on the new directory before it is renamed into place (e.g. to make
  // the first account); a failure undoes the whole init.
  std::function<base::Status(const std::filesystem::path& dir)> also;
  std::string store;  // "" (files and SQLite) or a postgresql:// URL: a database without a ledger
};

// Creates a data directory, all or nothing: everything is made in a sibling
// folder that is renamed into place at the end. Refuses (Conflict) when
// `dir` exists and is not empty. Returns the config written.
base::Result<DataDirConfig> init_data_dir(const std::filesystem::path& dir,
                                          const InitOptions& options);

enum class Access {
  // No lock, no private key, no file changed (but DATA/law, with PostgreSQL a
  // cache of the database's law): reads while another process writes.
  Read,
  Write  // the ledger's lock and signing key; the store caught up with the ledger
};

struct DataDir {
  std::filesystem::path root;
  DataDirConfig config;
  std::unique_ptr<ledger::Ledger> ledger;
  std::unique_ptr<CaseStore> store;
  std::unique_ptr<LawArchive> archive;
  std::shared_ptr<common::PgDatabase> db;  // the store's database (null without one)

  std::filesystem::path policies() const { return root / config.policies; }
  // Where readers of the whole log (reports, replay) find the entries: the
  // ledger's files as they lie on disk, or the open PostgreSQL ledger.
  ledger::LogSource log() const {
    return config.store.empty() ? ledger::LogSource(root / "ledger") : ledger::LogSource(*ledger);
  }
};

// The text of config.json for `config`.
std::string config_text(const DataDirConfig& config);

// Reads an existing data directory's config.json.
base::Result<DataDirConfig> read_data_dir_config(const std::filesystem::path& dir);

// Opens an existing data directory: its config, the ledger (recovered when
// writing) and the store. Errors say what is wrong and how to fix it.
base::Result<DataDir> open_data_dir(const std::filesystem::path& dir, Access access);

// The data directory's accounts (accounts.h): DATA/accounts.db, or the
// tables in the store's database (which take in an accounts.db left from
// before they moved there, while the database has no user).
base::Result<std::unique_ptr<accounts::AccountStore>> open_accounts(const DataDir& data);
// The same for a directory that is not open (the `trustgate user` commands,
// init's first account); `create` makes a missing accounts.db.
base::Result<std::unique_ptr<accounts::AccountStore>> open_accounts(
    const std::filesystem::path& dir, bool create);

// The witnesses' cosignatures of the data directory's ledger
// (cosignature_log.h): DATA/ledger/cosignatures.log, or the table in the
// store's database (into which the file's, from before, are copied).
base::Result<std::unique_ptr<ledger::CosignatureLog>> open_cosignatures(const DataDir& data);

// Verifies the ledger of a data directory wherever it lives (verify.h).
base::Result<ledger::VerifyReport> verify_data_dir_ledger(const std::filesystem::path& dir,
                                                          const ledger::VerifyOptions& options);

}  // namespace trustgate::cases
