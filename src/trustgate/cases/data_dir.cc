#include "trustgate/cases/data_dir.h"

#include <sys/stat.h>

#include <fstream>

#include "trustgate/common/file_util.h"
#include "trustgate/common/json.h"

namespace trustgate::cases {

namespace {

namespace fs = std::filesystem;

std::string random_hex(size_t bytes) {
  std::string out;
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  std::string raw(bytes, '\0');
  urandom.read(raw.data(), static_cast<std::streamsize>(bytes));
  return common::to_hex(reinterpret_cast<const uint8_t*>(raw.data()), raw.size());
}

cedar::Result<DataDirConfig> read_config(const fs::path& dir) {
  auto text = common::read_whole_file(dir / "config.json");
  if (!text)
    return cedar::Error{dir.string() + " is not a trustgate data directory (" +
                        text.error().message + "); create one with `trustgate init`"};
  auto json = common::parse_json(*text);
  if (!json) return cedar::Error{"config.json: " + json.error().message};
  const common::Json* format = json->find("format");
  if (!format || !format->is_int() || format->as_int() != 1) {
    return cedar::Error{"config.json: format: expected 1"};
  }
  DataDirConfig config{std::string(json->string_or_empty("origin")),
                       std::string(json->string_or_empty("policies"))};
  if (config.origin.empty()) return cedar::Error{"config.json: origin: required field missing"};
  return config;
}

}  // namespace

cedar::Status init_data_dir(const fs::path& dir, DataDirConfig config) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return cedar::Error{dir.string() +
                        " already exists and is not empty; refusing to overwrite it"};
  }
  fs::create_directories(dir / "keys", ec);
  if (ec) return cedar::Error{"cannot create " + (dir / "keys").string() + ": " + ec.message()};
  fs::permissions(dir / "keys", fs::perms::owner_all, ec);
  if (config.origin.empty()) config.origin = "trustgate/" + random_hex(8);
  for (char c : config.origin) {
    if (c < 0x21 || c > 0x7e) return cedar::Error{"--origin: printable ASCII without spaces"};
  }
  auto key = common::Ed25519Key::generate();
  if (!key) return key.error();
  auto private_pem = key->private_pem();
  auto public_pem = key->public_pem();
  if (!private_pem || !public_pem) return cedar::Error{"cannot encode the signing key"};
  if (auto s = common::create_file_durably(dir / "keys" / "ledger.key", *private_pem, 0600); !s) {
    return s;
  }
  if (auto s = common::create_file_durably(dir / "keys" / "ledger.pub", *public_pem, 0644); !s) {
    return s;
  }
  common::Json cfg = common::Json::object();
  cfg.set("format", 1);
  cfg.set("origin", config.origin);
  cfg.set("policies", config.policies);
  if (auto s = common::create_file_durably(dir / "config.json", cfg.canonical() + "\n"); !s) {
    return s;
  }
  auto store = open_sqlite_case_store(dir / "cases.db");
  if (!store) return store.error();
  ledger::LedgerOptions options{dir / "ledger", config.origin, *key, true};
  auto ledger = ledger::Ledger::open(std::move(options));
  if (!ledger) return ledger.error();
  return common::fsync_directory(dir);
}

cedar::Result<DataDir> open_data_dir(const fs::path& dir, bool open_ledger, bool open_store) {
  DataDir out;
  out.root = dir;
  auto config = read_config(dir);
  if (!config) return config.error();
  out.config = std::move(*config);
  auto pem = common::read_whole_file(dir / "keys" / "ledger.key");
  if (!pem) return pem.error();
  auto key = common::Ed25519Key::from_private_pem(*pem);
  if (!key) return cedar::Error{"keys/ledger.key: " + key.error().message};
  out.key = std::move(*key);
  if (open_ledger) {
    ledger::LedgerOptions options{dir / "ledger", out.config.origin, out.key, false};
    auto ledger = ledger::Ledger::open(std::move(options));
    if (!ledger) return ledger.error();
    out.ledger = std::move(*ledger);
  }
  if (open_store) {
    auto store = open_sqlite_case_store(dir / "cases.db");
    if (!store) return store.error();
    out.store = std::move(*store);
  }
  return out;
}

}  // namespace trustgate::cases
