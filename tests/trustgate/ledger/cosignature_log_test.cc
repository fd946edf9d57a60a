// The witnesses' cosignatures (cosignature_log.h), in a file and in
// PostgreSQL, where several servers share them.
#include "trustgate/ledger/cosignature_log.h"

#include <gtest/gtest.h>

#include "ledger_backend.h"
#include "trustgate/common/postgres.h"

namespace trustgate::ledger {
namespace {

using trustgate::testing::Backend;

Checkpoint checkpoint(uint64_t size, uint8_t fill) {
  Checkpoint c{"trustgate/test", size, {}};
  c.root.fill(fill);
  return c;
}

NoteSignature signature(const std::string& witness, uint8_t fill) {
  return NoteSignature{witness, 0x01020304u + fill, std::string(72, static_cast<char>(fill))};
}

class CosignatureLogTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::PostgreSQL) {
      url_ = trustgate::testing::TestPostgres::get().new_database();
    }
  }
  // A log as one server opens it: the folder's file, or the database's table.
  std::unique_ptr<CosignatureLog> open() {
    base::Result<std::unique_ptr<CosignatureLog>> log = base::Error{};
    if (GetParam() == Backend::Files) {
      log = CosignatureLog::open(tmp_.path());
    } else {
      auto db = common::PgDatabase::open(url_, 2);
      EXPECT_TRUE(db) << db.error().message;
      if (!db) return nullptr;
      log = CosignatureLog::open_postgres(*db, true);
    }
    EXPECT_TRUE(log) << log.error().describe();
    return log ? std::move(*log) : nullptr;
  }

  trustgate::testing::TempDir tmp_;
  std::string url_;
};
INSTANTIATE_TEST_SUITE_P(Backends, CosignatureLogTest, trustgate::testing::kAllBackends,
                         trustgate::testing::backend_name);

TEST_P(CosignatureLogTest, KeepsCosignaturesByCheckpointAndTheLatestByWitness) {
  auto log = open();
  ASSERT_TRUE(log);
  EXPECT_EQ(log->latest("w1"), 0u);
  ASSERT_TRUE(log->add(checkpoint(5, 1), "w1", signature("w1", 1)));
  ASSERT_TRUE(log->add(checkpoint(5, 1), "w2", signature("w2", 2)));
  ASSERT_TRUE(log->add(checkpoint(9, 3), "w1", signature("w1", 3)));
  const auto at5 = log->of(checkpoint(5, 1));
  ASSERT_EQ(at5.size(), 2u);
  EXPECT_EQ(at5[0].signature, signature("w1", 1).signature);
  EXPECT_EQ(at5[0].key_id, signature("w1", 1).key_id);
  EXPECT_TRUE(log->of(checkpoint(5, 7)).empty());  // another root of that size
  EXPECT_EQ(log->latest("w1"), 9u);
  EXPECT_EQ(log->latest("w2"), 5u);
  // Reopened (a restart): all of it again.
  log.reset();
  auto again = open();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->of(checkpoint(5, 1)).size(), 2u);
  EXPECT_EQ(again->latest("w1"), 9u);
}

// Two servers on one database: what one keeps, the other serves, without
// reopening; the same cosignature kept twice is kept once.
class CosignatureLogSharedTest : public CosignatureLogTest {};
INSTANTIATE_TEST_SUITE_P(PostgreSQL, CosignatureLogSharedTest,
                         ::testing::Values(Backend::PostgreSQL), trustgate::testing::backend_name);

TEST_P(CosignatureLogSharedTest, WhatOneServerKeepsTheOtherSees) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->add(checkpoint(12, 4), "w1", signature("w1", 4)));
  ASSERT_TRUE(b->add(checkpoint(12, 4), "w1", signature("w1", 4)));
  EXPECT_EQ(b->of(checkpoint(12, 4)).size(), 1u);
  EXPECT_EQ(b->latest("w1"), 12u);
  ASSERT_TRUE(b->add(checkpoint(20, 5), "w1", signature("w1", 5)));
  EXPECT_EQ(a->latest("w1"), 20u);
  ASSERT_EQ(a->of(checkpoint(20, 5)).size(), 1u);
}

}  // namespace
}  // namespace trustgate::ledger
