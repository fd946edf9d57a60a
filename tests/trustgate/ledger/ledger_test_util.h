// Helpers for the ledger and case tests: a temporary directory that is
// removed afterwards, a fixed signing key, ledgers made in either.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "base/storage.h"
#include "trustgate/common/crypto.h"
#include "trustgate/ledger/ledger.h"
#include "trustgate/ledger/verify.h"

namespace trustgate::testing {

inline constexpr const char* kOrigin = "trustgate/test";

// A fresh directory under the system's temporary directory (a real disk, so
// fsync is real), removed on destruction.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "-" + info->name();
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    path_ = std::filesystem::temp_directory_path() /
            ("trustgate-test-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string slurp(const std::filesystem::path& p) {
  auto text = base::read_file(p);
  return text ? *text : std::string();
}

// A file's content without the NUL bytes reserved after it.
inline std::string without_reserve(const std::string& s) { return s.substr(0, s.find('\0')); }

inline void spit(const std::filesystem::path& p, const std::string& data) {
  std::filesystem::remove(p);
  ASSERT_TRUE(base::create_file(base::posix_storage(), p, data));
}

inline const common::Ed25519Key& test_key() {
  static common::Ed25519Key key = *common::Ed25519Key::generate();
  return key;
}

inline ledger::NoteKey test_verifier() {
  return *ledger::NoteKey::make(kOrigin, test_key().public_only());
}

inline ledger::LedgerOptions ledger_options(const std::filesystem::path& dir,
                                            base::Storage* storage = &base::posix_storage()) {
  ledger::LedgerOptions o{storage, dir, kOrigin, test_key()};
  if (storage != &base::posix_storage()) {
    o.min_reserve = 4096;  // small, so that the reserve grows often
    o.max_reserve = 16384;
  }
  return o;
}

// A new ledger in `dir` (which must not hold one).
inline std::unique_ptr<ledger::Ledger> create_ledger(
    const std::filesystem::path& dir, base::Storage* storage = &base::posix_storage()) {
  auto l = ledger::Ledger::create(ledger_options(dir, storage));
  EXPECT_TRUE(l) << l.error().describe();
  return l ? std::move(*l) : nullptr;
}

inline base::Result<std::unique_ptr<ledger::Ledger>> open_ledger(
    const std::filesystem::path& dir, base::Storage* storage = &base::posix_storage()) {
  return ledger::Ledger::open(ledger_options(dir, storage));
}

inline base::Result<ledger::VerifyReport> verify(const std::filesystem::path& dir,
                                                 base::Storage* storage = &base::posix_storage(),
                                                 bool all_signatures = true) {
  ledger::VerifyOptions o;
  o.storage = storage;
  o.key = test_verifier();
  o.all_signatures = all_signatures;
  return ledger::verify_ledger(dir, o);
}

inline common::Json event(const std::string& kind, int64_t n) {
  common::Json e = common::Json::object();
  e.set("event", kind);
  e.set("n", n);
  e.set("note", "caf\xc3\xa9 \"quoted\"\n");
  return e;
}

}  // namespace trustgate::testing
