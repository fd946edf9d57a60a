#include "trustgate/common/wal_checkpointer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "../ledger/ledger_test_util.h"
#include "trustgate/common/sqlite.h"

namespace trustgate::common {
namespace {

// Commits `n` transactions of a 4 KiB row each (a page or more of WAL).
void write_rows(sqlite3* db, int n) {
  const std::string blob(4096, 'x');
  for (int i = 0; i < n; ++i) {
    Statement s(db, "INSERT INTO t (v) VALUES (?)");
    s.bind(1, blob);
    ASSERT_EQ(s.step(), SQLITE_DONE);
  }
}

uintmax_t wal_bytes(const std::filesystem::path& db) {
  std::error_code ec;
  auto n = std::filesystem::file_size(db.string() + "-wal", ec);
  return ec ? 0 : n;
}

// The writer's commits checkpoint only when the thread has fallen behind by
// kMaxPages (the hook turns SQLite's automatic checkpoint off); the
// checkpointer's thread does the rest, so the WAL stays bounded however the
// thread is scheduled, and every row stays readable. Without a checkpoint
// the WAL grows past 40 MiB here.
TEST(WalCheckpointerTest, KeepsTheWalBoundedFromItsOwnThread) {
  testing::TempDir dir;
  const auto file = dir.path() / "t.db";
  auto db = open_sqlite(file.string(), true, false, "NORMAL");
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE(exec_sql(*db, "CREATE TABLE t (v BLOB)", "test"));
  {
    auto checkpointer = WalCheckpointer::start(*db, file.string());
    ASSERT_TRUE(checkpointer) << checkpointer.error().message;
    uintmax_t largest = 0;
    for (int round = 0; round < 20; ++round) {
      write_rows(*db, 500);
      largest = std::max(largest, wal_bytes(file));
      // Give the thread its turn, as the time between batches does.
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_GT((*checkpointer)->checkpoints(), 0);
    // 10,000 rows of 4 KiB: over 40 MiB written; the WAL stays near
    // kMaxPages (16 MiB of 4 KiB pages): past it only by what is written
    // while the thread's checkpoint holds the checkpoint lock.
    EXPECT_LT(largest, uintmax_t{24} << 20) << "the WAL grew to " << largest << " bytes";
  }
  Statement count(*db, "SELECT COUNT(*) FROM t");
  ASSERT_EQ(count.step(), SQLITE_ROW);
  EXPECT_EQ(count.integer(0), 10000);
  sqlite3_close(*db);
}

}  // namespace
}  // namespace trustgate::common
