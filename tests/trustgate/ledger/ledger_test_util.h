// Helpers for the ledger and case tests: a temporary directory that is
// removed afterwards, and a ledger opened in it with a fresh key.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "trustgate/common/crypto.h"
#include "trustgate/ledger/ledger.h"

namespace trustgate::testing {

// A fresh directory under the system's temporary directory (a real disk, so
// fsync is real), removed on destruction.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("trustgate-test-" + std::to_string(::getpid()) + "-" + info->test_suite_name() + "-" +
             info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// entries.log without the NUL bytes reserved after the last entry.
inline std::string entries_text(const std::filesystem::path& p) {
  std::string s = slurp(p);
  return s.substr(0, s.find('\0'));
}

inline void spit(const std::filesystem::path& p, const std::string& data) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << data;
}

inline const common::Ed25519Key& test_key() {
  static common::Ed25519Key key = *common::Ed25519Key::generate();
  return key;
}

inline std::unique_ptr<ledger::Ledger> open_ledger(const std::filesystem::path& dir) {
  ledger::LedgerOptions o{dir, "trustgate/test", test_key(), true};
  auto l = ledger::Ledger::open(std::move(o));
  EXPECT_TRUE(l) << l.error().message;
  return l ? std::move(*l) : nullptr;
}

inline common::Json event(const std::string& kind, int64_t n) {
  common::Json e = common::Json::object();
  e.set("event", kind);
  e.set("n", n);
  e.set("note", "caf\xc3\xa9 \"quoted\"\n");
  return e;
}

}  // namespace trustgate::testing
