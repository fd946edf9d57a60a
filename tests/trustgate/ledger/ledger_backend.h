// The ledger tests that hold for every backend run against each: files in a
// temporary folder, and a fresh database on the tests' PostgreSQL server
// (postgres_test_server.h). INSTANTIATE_TEST_SUITE_P(Backends, Suite,
// kAllBackends, backend_name).
#pragma once

#include <memory>
#include <string>

#include "ledger_test_util.h"
#include "trustgate/ledger/postgres_ledger.h"
#include "trustgate/postgres_test_server.h"

namespace trustgate::testing {

enum class Backend { Files, PostgreSQL };

inline const auto kAllBackends = ::testing::Values(Backend::Files, Backend::PostgreSQL);

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Files ? "Files" : "PostgreSQL";
}

// Where one ledger lives: a temporary folder, or a new database.
class LedgerPlace {
 public:
  explicit LedgerPlace(Backend backend) : backend_(backend) {
    if (backend_ == Backend::PostgreSQL) url_ = TestPostgres::get().new_database();
  }
  Backend backend() const { return backend_; }

  std::unique_ptr<ledger::Ledger> create() {
    auto l = try_create();
    EXPECT_TRUE(l) << l.error().describe();
    return l ? std::move(*l) : nullptr;
  }
  base::Result<std::unique_ptr<ledger::Ledger>> try_create() {
    if (backend_ == Backend::Files) return ledger::Ledger::create(ledger_options(dir()));
    auto db = common::PgDatabase::open(url_);
    if (!db) return db.error();
    return ledger::create_postgres_ledger({*db, kOrigin, test_key()});
  }
  base::Result<std::unique_ptr<ledger::Ledger>> open() { return open_as(test_key(), true); }
  // Needs only the public key.
  base::Result<std::unique_ptr<ledger::Ledger>> open_read_only() {
    return open_as(test_key().public_only(), false);
  }
  base::Result<ledger::VerifyReport> verify(bool all_signatures = true) {
    if (backend_ == Backend::Files) {
      return testing::verify(dir(), &base::posix_storage(), all_signatures);
    }
    auto db = common::PgDatabase::open(url_, 1);
    if (!db) return db.error();
    ledger::VerifyOptions o;
    o.key = test_verifier();
    o.all_signatures = all_signatures;
    return ledger::verify_postgres_ledger(**db, o);
  }

 private:
  std::filesystem::path dir() const { return tmp_.path() / "ledger"; }
  base::Result<std::unique_ptr<ledger::Ledger>> open_as(const common::Ed25519Key& key,
                                                        bool writable) {
    if (backend_ == Backend::Files) {
      ledger::LedgerOptions o = ledger_options(dir());
      o.key = key;
      return writable ? ledger::Ledger::open(o) : ledger::Ledger::open_read_only(o);
    }
    auto db = common::PgDatabase::open(url_);
    if (!db) return db.error();
    return ledger::open_postgres_ledger({*db, kOrigin, key}, writable);
  }

  Backend backend_;
  TempDir tmp_;
  std::string url_;
};

}  // namespace trustgate::testing
