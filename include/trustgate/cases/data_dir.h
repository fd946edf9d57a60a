// The data directory `trustgate init` creates and every case and ledger
// command opens:
//   DATA/config.json       {"format": 1, "origin": "...", "policies": "..."}
//   DATA/cases.db          the case store (SQLite, WAL)
//   DATA/keys/ledger.key   the Ed25519 key that signs tree heads (PEM, mode 0600)
//   DATA/keys/ledger.pub   its public key (PEM), for auditors
//   DATA/ledger/           entries.log and heads.log (see ledger.h)
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "cedar/result.h"
#include "trustgate/cases/store.h"
#include "trustgate/common/crypto.h"
#include "trustgate/ledger/ledger.h"

namespace trustgate::cases {

struct DataDirConfig {
  std::string origin;    // first line of every tree head; default "trustgate/<random hex>"
  std::string policies;  // policies folder; empty: the command's default
};

// Creates a data directory. Refuses when `dir` exists and is not empty.
cedar::Status init_data_dir(const std::filesystem::path& dir, DataDirConfig config);

struct DataDir {
  std::filesystem::path root;
  DataDirConfig config;
  common::Ed25519Key key;
  std::unique_ptr<ledger::Ledger> ledger;  // null when opened with open_ledger = false
  std::unique_ptr<CaseStore> store;        // null when opened with open_store = false
};

// Opens an existing data directory: reads the config and key, opens (and
// recovers) the ledger and opens (and migrates) the store as asked.
cedar::Result<DataDir> open_data_dir(const std::filesystem::path& dir, bool open_ledger = true,
                                     bool open_store = true);

}  // namespace trustgate::cases
