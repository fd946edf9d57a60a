#include "trustgate/cases/data_dir.h"

#include <cstdio>

#include "base/random.h"
#include "trustgate/common/crypto.h"
#include "trustgate/common/json.h"
#include "trustgate/common/postgres.h"
#include "trustgate/ledger/postgres_ledger.h"

namespace trustgate::cases {

namespace {

namespace fs = std::filesystem;

base::Storage& storage() { return base::posix_storage(); }

}  // namespace

std::string config_text(const DataDirConfig& config) {
  common::Json cfg = common::Json::object();
  cfg.set("format", kDataDirFormat);
  cfg.set("origin", config.origin);
  cfg.set("verifier_key", config.verifier_key);
  cfg.set("policies", config.policies);
  if (!config.store.empty()) cfg.set("store", config.store);
  return cfg.canonical() + "\n";
}

base::Result<DataDirConfig> read_data_dir_config(const fs::path& dir) {
  auto text = base::read_file(storage(), dir / "config.json");
  if (!text) {
    return base::not_found(dir.string() + " is not a trustgate data directory (" +
                           text.error().message + "); create one with `trustgate init`");
  }
  auto json = common::parse_json(*text);
  if (!json) return base::corruption("config.json: " + json.error().describe());
  const common::Json* format = json->find("format");
  if (!format || !format->is_int()) return base::corruption("config.json: format: missing");
  if (format->as_int() != kDataDirFormat) {
    return base::Error{dir.string() + " is a data directory of format " +
                       std::to_string(format->as_int()) + "; this trustgate reads format " +
                       std::to_string(kDataDirFormat) +
                       ". A format-1 directory's ledger cannot be re-signed in place: keep it "
                       "as an archive (verify it with the trustgate version that wrote it) and "
                       "create a new data directory with `trustgate init`"};
  }
  DataDirConfig config{std::string(json->string_or_empty("origin")),
                       std::string(json->string_or_empty("verifier_key")),
                       std::string(json->string_or_empty("policies"))};
  for (auto [name, value] :
       {std::pair{"origin", &config.origin}, std::pair{"verifier_key", &config.verifier_key},
        std::pair{"policies", &config.policies}}) {
    if (value->empty()) return base::corruption("config.json: " + std::string(name) + ": missing");
  }
  config.store = json->string_or_empty("store");
  if (!config.store.empty() && !common::is_postgres_url(config.store)) {
    return base::corruption("config.json: store: not a postgresql:// URL (omit it for SQLite)");
  }
  return config;
}

namespace {

// The law's files: the schema and each pack folder's pack.json, *.cedar and
// translation.<lang>.json; _service/ and records/.
base::Status copy_policies(const fs::path& from, const fs::path& to) {
  if (auto s = copy_files(storage(), from, to, {"schema.cedarschema"}); !s) return s;
  auto names = storage().list_dir(from);
  if (!names) return names.error();
  for (const std::string& n : *names) {
    auto is_pack = storage().exists(from / n / "pack.json");
    if (!is_pack) return is_pack.error();
    // Packs, the service's access policy (_service: access.cedar and its
    // schema), and the disclosure guard's record schemas (records/*.json).
    const bool records = n == "records";
    if (!*is_pack && n != "_service" && !records) continue;
    auto files = storage().list_dir(from / n);
    if (!files) return files.error();
    std::vector<std::string> law;
    for (const std::string& f : *files) {
      // Translations (translation.<lang>.json) too: the guides the service serves need them.
      if ((records && f.ends_with(".json")) || f == "pack.json" || f.ends_with(".cedar") ||
          f.ends_with(".cedarschema") || (f.starts_with("translation.") && f.ends_with(".json"))) {
        law.push_back(f);
      }
    }
    if (auto s = copy_files(storage(), from / n, to / n, law); !s) return s;
  }
  return storage().sync_dir(to);
}

base::Status check_key_mode(const fs::path& key_file) {
  auto mode = storage().permissions(key_file);
  if (!mode) return mode.error();
  if (*mode & 077) {
    char octal[16];
    std::snprintf(octal, sizeof octal, "%04o", *mode);
    return base::permission_denied(key_file.string() + " may be read by others (mode " + octal +
                                   "): a signing key must be private; `chmod 600 " +
                                   key_file.string() + "`");
  }
  return base::Status::Ok();
}

// Everything of a new data directory, in `dir` (which exists, empty).
base::Result<DataDirConfig> build(const fs::path& dir, const InitOptions& options) {
  DataDirConfig config;
  config.origin = options.origin;
  if (config.origin.empty()) {
    auto hex = base::random_hex(8);
    if (!hex) return hex.error();
    config.origin = "trustgate/" + *hex;
  }
  if (!ledger::valid_key_name(config.origin)) {
    return base::invalid_field("origin", "must be printable, without spaces or '+'");
  }
  if (auto s = storage().create_dir(dir / "keys", 0700); !s) return s.error();
  auto key = common::Ed25519Key::generate();
  if (!key) return key.error();
  auto private_pem = key->private_pem();
  auto public_pem = key->public_pem();
  if (!private_pem || !public_pem) return base::Error{"cannot encode the signing key"};
  if (auto s = base::create_file(storage(), dir / "keys/ledger.key", *private_pem, 0600); !s) {
    return s.error();
  }
  if (auto s = base::create_file(storage(), dir / "keys/ledger.pub", *public_pem, 0600); !s) {
    return s.error();
  }
  auto verifier = ledger::NoteKey::make(config.origin, key->public_only());
  if (!verifier) return verifier.error();
  config.verifier_key = verifier->verifier_key();
  if (auto s = copy_policies(options.policies_from, dir / config.policies); !s) return s.error();
  auto lib = policy::Library::open(dir / config.policies);
  if (!lib) return base::Error{"the policies do not load: " + lib.error().describe()};
  config.store = options.store;
  if (config.store.empty()) {
    auto ledger = ledger::Ledger::create({&storage(), dir / "ledger", config.origin, *key});
    if (!ledger) return ledger.error();
    auto store = open_sqlite_case_store(dir / "cases.db", true, false);
    if (!store) return store.error();
  } else if (!common::is_postgres_url(config.store)) {
    return base::invalid_field("store", "must be a postgresql:// URL (or omitted, for SQLite)");
  }
  if (auto s = base::create_file(storage(), dir / "config.json", config_text(config)); !s) {
    return s.error();
  }
  if (!config.store.empty()) {
    // Last: the database is not undone with the folder. Creating the ledger
    // refuses a database that holds one, before `also` adds accounts to it.
    if (auto s = storage().create_dir(dir / "ledger", 0700); !s) return s.error();
    auto db = common::PgDatabase::open(config.store, 2);
    if (!db) return db.error();
    auto ledger = ledger::create_postgres_ledger({*db, config.origin, *key});
    if (!ledger) return ledger.error();
    auto store = open_postgres_case_store(*db, false);
    if (!store) return store.error();
  }
  if (options.also) {
    if (auto s = options.also(dir); !s) return s.error();
  }
  if (auto s = storage().sync_dir(dir); !s) return s.error();
  return config;
}

}  // namespace

base::Result<DataDirConfig> init_data_dir(const fs::path& dir, const InitOptions& options) {
  auto exists = storage().exists(dir);
  if (!exists) return exists.error();
  if (*exists) {
    auto names = storage().list_dir(dir);
    if (!names) return names.error();
    if (!names->empty()) {
      return base::conflict(dir.string() +
                            " already exists and is not empty; refusing to "
                            "overwrite it");
    }
  }
  auto suffix = base::random_hex(6);
  if (!suffix) return suffix.error();
  fs::path tmp = dir;
  tmp += ".init-" + *suffix;
  if (auto s = storage().create_dir(tmp, 0700); !s) return s.error();
  auto config = build(tmp, options);
  std::error_code ec;
  if (!config) {
    fs::remove_all(tmp, ec);
    return config.error();
  }
  if (auto s = storage().rename(tmp, dir); !s) {
    fs::remove_all(tmp, ec);
    return s.error();
  }
  fs::path parent = dir.parent_path();
  if (auto s = storage().sync_dir(parent.empty() ? fs::path(".") : parent); !s) return s.error();
  return config;
}

base::Result<DataDir> open_data_dir(const fs::path& dir, Access access) {
  DataDir out;
  out.root = dir;
  auto config = read_data_dir_config(dir);
  if (!config) return config.error();
  out.config = std::move(*config);
  auto verifier = ledger::NoteKey::from_verifier_key(out.config.verifier_key);
  if (!verifier) return base::corruption("config.json: verifier_key: " + verifier.error().message);
  ledger::LedgerOptions options{&storage(), dir / "ledger", out.config.origin, verifier->key()};
  const bool write = access == Access::Write;
  if (write) {
    const fs::path key_file = dir / "keys/ledger.key";
    if (auto s = check_key_mode(key_file); !s) return s.error();
    auto pem = base::read_file(storage(), key_file);
    if (!pem) return pem.error();
    auto key = common::Ed25519Key::from_private_pem(*pem);
    if (!key) return base::Error{key_file.string() + ": " + key.error().message};
    if (key->public_raw() != verifier->key().public_raw()) {
      return base::corruption(key_file.string() + " is not the key of config.json's verifier_key");
    }
    options.key = std::move(*key);
  }
  if (!out.config.store.empty()) {
    auto db = common::PgDatabase::open(out.config.store);
    if (!db) return db.error();
    auto ledger = ledger::open_postgres_ledger({*db, out.config.origin, options.key}, write);
    if (!ledger) return ledger.error();
    out.ledger = std::move(*ledger);
    auto store = open_postgres_case_store(*db, !write);
    if (!store) return store.error();
    out.store = std::move(*store);
    auto law = open_postgres_law(*db, write);
    if (!law) return law.error();
    out.archive = std::make_unique<LawArchive>(storage(), dir / "law", std::move(*law));
    out.db = std::move(*db);
  } else {
    auto ledger = write ? ledger::Ledger::open(std::move(options))
                        : ledger::Ledger::open_read_only(std::move(options));
    if (!ledger) return ledger.error();
    out.ledger = std::move(*ledger);
    auto store = open_sqlite_case_store(dir / "cases.db", write, !write);
    if (!store) return store.error();
    out.store = std::move(*store);
  }
  if (!out.archive) out.archive = std::make_unique<LawArchive>(storage(), dir / "law");
  return out;
}

namespace {

// A PostgreSQL data directory made before the accounts moved into the
// database keeps them in accounts.db: they come along into a database that
// has no user yet (whichever server or command opens it first).
base::Result<std::unique_ptr<accounts::AccountStore>> open_shared_accounts(
    const fs::path& dir, std::shared_ptr<common::PgDatabase> db) {
  auto store = accounts::AccountStore::open_postgres(std::move(db));
  if (!store) return store.error();
  auto there = storage().exists(dir / "accounts.db");
  if (!there || !*there) return store;
  auto users = (*store)->list_users();
  if (!users) return users.error();
  if (!users->empty()) return store;
  auto old = accounts::AccountStore::open(dir / "accounts.db", false);
  if (!old) return old.error();
  auto rows = (*old)->export_all();
  if (!rows) return rows.error();
  // Conflict: another server imported them first.
  if (auto s = (*store)->import_all(*rows); !s && s.error().kind != base::ErrorKind::Conflict) {
    return s.error();
  }
  return store;
}

}  // namespace

base::Result<std::unique_ptr<accounts::AccountStore>> open_accounts(const DataDir& data) {
  if (data.db) return open_shared_accounts(data.root, data.db);
  return accounts::AccountStore::open(data.root / "accounts.db", false);
}

base::Result<std::unique_ptr<accounts::AccountStore>> open_accounts(const fs::path& dir,
                                                                    bool create) {
  auto config = read_data_dir_config(dir);
  if (!config) return config.error();
  if (config->store.empty()) return accounts::AccountStore::open(dir / "accounts.db", create);
  auto db = common::PgDatabase::open(config->store, 2);
  if (!db) return db.error();
  return open_shared_accounts(dir, std::move(*db));
}

base::Result<std::unique_ptr<ledger::CosignatureLog>> open_cosignatures(const DataDir& data) {
  auto file = ledger::CosignatureLog::open(data.root / "ledger");
  if (!data.db || !file) return file;
  auto shared = ledger::CosignatureLog::open_postgres(data.db, true);
  if (!shared) return shared.error();
  // What this server kept in its file before the cosignatures moved into
  // the database (kept once there: the same cosignature again is ignored).
  for (const ledger::CosignatureLog::Entry& e : (*file)->entries()) {
    if (auto s = (*shared)->add(e); !s) return s.error();
  }
  return shared;
}

base::Result<ledger::VerifyReport> verify_data_dir_ledger(const fs::path& dir,
                                                          const ledger::VerifyOptions& options) {
  // A folder without a config (a ledger copied for an auditor) is files.
  auto config = read_data_dir_config(dir);
  if (!config || config->store.empty()) return ledger::verify_ledger(dir / "ledger", options);
  auto db = common::PgDatabase::open(config->store, 1);
  if (!db) return db.error();
  return ledger::verify_postgres_ledger(**db, options);
}

}  // namespace trustgate::cases
