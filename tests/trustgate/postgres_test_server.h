// The PostgreSQL server the tests use, and a fresh database per test.
//
// Under ctest a fixture starts one server for the whole run
// (scripts/test-postgres start; CMakeLists.txt) and names its state folder
// in TRUSTGATE_TEST_POSTGRES. Run directly, the test binary starts its own
// on first use and stops it at exit. There is no skipping: a machine without
// PostgreSQL fails these tests (scripts/setup installs it).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "base/storage.h"
#include "trustgate/common/postgres.h"

namespace trustgate::testing {

class TestPostgres {
 public:
  static TestPostgres& get() {
    static TestPostgres server;
    return server;
  }

  // The URL of a new, empty database (dropped when the server stops).
  std::string new_database() {
    EXPECT_TRUE(error_.empty()) << error_;
    if (!error_.empty()) return "postgresql://invalid/";
    static std::atomic<int> counter{0};
    const std::string name =
        "t" + std::to_string(::getpid()) + "_" + std::to_string(counter.fetch_add(1));
    auto admin = common::PgConnection::connect(url("postgres"));
    EXPECT_TRUE(admin) << admin.error().message;
    if (!admin) return "postgresql://invalid/";
    auto made = (*admin)->run("CREATE DATABASE " + name);
    EXPECT_TRUE(made) << made.error().message;
    return url(name);
  }

  std::string url(const std::string& database) const {
    return "postgresql://postgres@/" + database + "?host=" + dir_ + "&port=" + port_;
  }

 private:
  TestPostgres() {
    std::string state;
    if (const char* env = std::getenv("TRUSTGATE_TEST_POSTGRES"); env && *env) {
      state = env;
    } else {
      state = (std::filesystem::temp_directory_path() /
               ("trustgate-test-postgres-" + std::to_string(::getpid())))
                  .string();
      const std::string cmd =
          std::string(TRUSTGATE_SOURCE_DIR) + "/scripts/test-postgres start " + state;
      if (std::system(cmd.c_str()) != 0) {
        error_ = "could not start a PostgreSQL server (" + cmd + ")";
        return;
      }
      owner_ = ::getpid();
      stop_command() = std::string(TRUSTGATE_SOURCE_DIR) + "/scripts/test-postgres stop " + state;
      std::atexit([] {
        if (::getpid() == owner_) {
          (void)std::system(stop_command().c_str());
          std::filesystem::remove_all(stop_command().substr(stop_command().rfind(' ') + 1));
        }
      });
    }
    auto dir = base::read_file(std::filesystem::path(state) / "dir");
    auto port = base::read_file(std::filesystem::path(state) / "port");
    if (!dir || !port) {
      error_ = "no PostgreSQL server in " + state + " (scripts/test-postgres start " + state + ")";
      return;
    }
    dir_ = dir->substr(0, dir->find('\n'));
    port_ = port->substr(0, port->find('\n'));
  }
  static std::string& stop_command() {
    static std::string cmd;
    return cmd;
  }

  static inline pid_t owner_ = 0;
  std::string error_;
  std::string dir_;
  std::string port_;
};

}  // namespace trustgate::testing
