// A PostgreSQL data directory made before the accounts and the witnesses'
// cosignatures moved into the database: what its files hold comes along
// (data_dir.h, open_accounts and open_cosignatures).
#include <gtest/gtest.h>

#include "trustgate/cases/data_dir.h"
#include "trustgate/ledger/ledger_backend.h"
#include "trustgate/policy/test_library.h"

namespace trustgate::cases {
namespace {

class SharedDataDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    packs_.pack("t", "", R"(@id("t/base") @cite("test") @explain("All allowed.")
permit (principal, action, resource);)");
    InitOptions options{"trustgate/test", packs_.root()};
    options.store = trustgate::testing::TestPostgres::get().new_database();
    auto made = init_data_dir(dir(), options);
    ASSERT_TRUE(made) << made.error().describe();
    auto d = open_data_dir(dir(), Access::Write);
    ASSERT_TRUE(d) << d.error().describe();
    data_ = std::make_unique<DataDir>(std::move(*d));
  }
  std::filesystem::path dir() const { return tmp_.path() / "data"; }

  trustgate::testing::TempDir tmp_;
  policy::testing::TempPolicies packs_;
  std::unique_ptr<DataDir> data_;
};

TEST_F(SharedDataDirTest, AnAccountsDbFromBeforeComesAlongIntoADatabaseWithoutUsers) {
  std::string token;
  {
    auto old = accounts::AccountStore::open(dir() / "accounts.db", true);
    ASSERT_TRUE(old) << old.error().describe();
    ASSERT_TRUE((*old)->add_user("old-admin", "admin", "", ""));
    auto t = (*old)->issue_token("old-admin", "before");
    ASSERT_TRUE(t);
    token = *t;
  }
  auto store = open_accounts(*data_);
  ASSERT_TRUE(store) << store.error().describe();
  auto who = (*store)->user_for_token(token);
  ASSERT_TRUE(who) << who.error().describe();
  EXPECT_EQ(who->name, "old-admin");
  // Once: a user made since is not undone by opening again.
  ASSERT_TRUE((*store)->add_user("new-user", "auditor", "", ""));
  auto again = open_accounts(dir(), false);
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ((*again)->list_users()->size(), 2u);
}

TEST_F(SharedDataDirTest, CosignaturesFromTheFileAreCopiedIntoTheDatabase) {
  ledger::Checkpoint cp{"trustgate/test", 7, {}};
  cp.root.fill(9);
  const ledger::NoteSignature sig{"witness.test/w1", 42, std::string(72, 'x')};
  {
    auto file = ledger::CosignatureLog::open(dir() / "ledger");
    ASSERT_TRUE(file);
    ASSERT_TRUE((*file)->add(cp, "witness.test/w1", sig));
  }
  auto log = open_cosignatures(*data_);
  ASSERT_TRUE(log) << log.error().describe();
  ASSERT_EQ((*log)->of(cp).size(), 1u);
  // Read back from the table (another server's view).
  auto other = ledger::CosignatureLog::open_postgres(data_->db, false);
  ASSERT_TRUE(other) << other.error().describe();
  EXPECT_EQ((*other)->latest("witness.test/w1"), 7u);
  // Opening again copies nothing twice.
  ASSERT_TRUE(open_cosignatures(*data_));
  EXPECT_EQ((*other)->of(cp).size(), 1u);
}

}  // namespace
}  // namespace trustgate::cases
