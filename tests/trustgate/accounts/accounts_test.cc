// The account store (accounts.h) against each backend: accounts.db
// (SQLite) and a PostgreSQL database, where several servers share it.
#include "trustgate/accounts/accounts.h"

#include <gtest/gtest.h>

#include "trustgate/common/postgres.h"
#include "trustgate/ledger/ledger_backend.h"

namespace trustgate::accounts {
namespace {

using trustgate::testing::Backend;

class AccountStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::PostgreSQL) {
      url_ = trustgate::testing::TestPostgres::get().new_database();
    }
    store_ = open();
    ASSERT_TRUE(store_);
  }
  // The store as one server opens it (each call another connection pool).
  std::unique_ptr<AccountStore> open() {
    base::Result<std::unique_ptr<AccountStore>> s = base::Error{};
    if (GetParam() == Backend::Files) {
      s = AccountStore::open(tmp_.path() / "accounts.db", true);
    } else {
      auto db = common::PgDatabase::open(url_, 2);
      EXPECT_TRUE(db) << db.error().message;
      if (!db) return nullptr;
      s = AccountStore::open_postgres(*db);
    }
    EXPECT_TRUE(s) << s.error().describe();
    return s ? std::move(*s) : nullptr;
  }
  int64_t version(AccountStore& s) {
    auto v = s.version();
    EXPECT_TRUE(v) << v.error().describe();
    return v ? *v : -1;
  }

  trustgate::testing::TempDir tmp_;
  std::string url_;
  std::unique_ptr<AccountStore> store_;
};
INSTANTIATE_TEST_SUITE_P(Backends, AccountStoreTest, trustgate::testing::kAllBackends,
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::Files ? std::string("SQLite")
                                                               : std::string("PostgreSQL");
                         });

TEST_P(AccountStoreTest, UsersAreCheckedNamedOnceAndListedByName) {
  auto bob = store_->add_user("bob", "desk_officer", "chicago-police", "us-il-chicago");
  ASSERT_TRUE(bob) << bob.error().describe();
  EXPECT_TRUE(bob->id.starts_with("u-"));
  ASSERT_TRUE(store_->add_user("alice", "auditor", "", ""));
  auto twice = store_->add_user("bob", "auditor", "", "");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, base::ErrorKind::Conflict);
  auto bad_role = store_->add_user("carol", "mayor", "", "");
  ASSERT_FALSE(bad_role);
  EXPECT_EQ(bad_role.error().field, "role");
  auto bad_name = store_->add_user("c d", "auditor", "", "");
  ASSERT_FALSE(bad_name);
  EXPECT_EQ(bad_name.error().field, "name");
  auto users = store_->list_users();
  ASSERT_TRUE(users);
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].name, "alice");
  EXPECT_EQ((*users)[1].id, bob->id);
  EXPECT_EQ((*users)[1].agency, "chicago-police");
  EXPECT_EQ((*users)[1].jurisdiction, "us-il-chicago");
  auto by_id = store_->find_user(bob->id);
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->name, "bob");
  EXPECT_EQ(store_->find_user("nobody").error().kind, base::ErrorKind::NotFound);
}

TEST_P(AccountStoreTest, TokensPasswordsAndSessions) {
  ASSERT_TRUE(store_->add_user("bob", "supervisor", "", ""));
  auto token = store_->issue_token("bob", "laptop");
  ASSERT_TRUE(token);
  EXPECT_TRUE(token->starts_with("tg_"));
  EXPECT_EQ(token->size(), 46u);
  auto who = store_->user_for_token(*token);
  ASSERT_TRUE(who) << who.error().describe();
  EXPECT_EQ(who->name, "bob");
  EXPECT_EQ(store_->user_for_token("tg_nope").error().kind, base::ErrorKind::PermissionDenied);
  EXPECT_EQ(store_->set_password("bob", "short").error().field, "password");
  ASSERT_TRUE(store_->set_password("bob", "a long enough password"));
  EXPECT_TRUE(store_->find_user("bob")->has_password);
  auto in = store_->check_password("bob", "a long enough password");
  ASSERT_TRUE(in) << in.error().describe();
  EXPECT_FALSE(store_->check_password("bob", "a wrong password here"));
  EXPECT_FALSE(store_->check_password("nobody", "a long enough password"));
  auto session = store_->open_session(*in, 3600);
  ASSERT_TRUE(session);
  auto found = store_->find_session(session->first);
  ASSERT_TRUE(found) << found.error().describe();
  EXPECT_EQ(found->csrf, session->second.csrf);
  EXPECT_EQ(found->user.name, "bob");
  ASSERT_TRUE(store_->close_session(session->first));
  EXPECT_FALSE(store_->find_session(session->first));
  auto ended = store_->open_session(*in, -10);
  ASSERT_TRUE(ended);
  EXPECT_FALSE(store_->find_session(ended->first));
}

TEST_P(AccountStoreTest, DisablingEndsTokensAndSessionsAndMovesTheVersion) {
  ASSERT_TRUE(store_->add_user("bob", "supervisor", "", ""));
  ASSERT_TRUE(store_->set_password("bob", "a long enough password"));
  auto token = store_->issue_token("bob", "cli");
  ASSERT_TRUE(token);
  auto session = store_->open_session(*store_->find_user("bob"), 3600);
  ASSERT_TRUE(session);
  const int64_t before = version(*store_);
  ASSERT_TRUE(store_->disable_user("bob"));
  EXPECT_GT(version(*store_), before);
  EXPECT_TRUE(store_->find_user("bob")->disabled);
  EXPECT_EQ(store_->user_for_token(*token).error().kind, base::ErrorKind::PermissionDenied);
  EXPECT_FALSE(store_->find_session(session->first));
  EXPECT_FALSE(store_->check_password("bob", "a long enough password"));
}

TEST_P(AccountStoreTest, WhatOneOpeningChangesAnotherSees) {
  // Two servers (PostgreSQL), or two processes on one accounts.db.
  auto other = open();
  ASSERT_TRUE(other);
  const int64_t before = version(*other);
  ASSERT_TRUE(store_->add_user("bob", "desk_officer", "", ""));
  auto token = store_->issue_token("bob", "cli");
  ASSERT_TRUE(token);
  EXPECT_GT(version(*other), before);
  auto who = other->user_for_token(*token);
  ASSERT_TRUE(who) << who.error().describe();
  EXPECT_EQ(who->name, "bob");
  const int64_t issued = version(*store_);
  ASSERT_TRUE(other->disable_user("bob"));
  EXPECT_GT(version(*store_), issued);
  EXPECT_FALSE(store_->user_for_token(*token));
}

TEST_P(AccountStoreTest, ExportedAccountsImportIntoAnEmptyStoreOnly) {
  ASSERT_TRUE(store_->add_user("bob", "desk_officer", "cpd", "us-il-chicago"));
  ASSERT_TRUE(store_->set_password("bob", "a long enough password"));
  ASSERT_TRUE(store_->add_user("eve", "auditor", "", ""));
  ASSERT_TRUE(store_->disable_user("eve"));
  auto token = store_->issue_token("bob", "cli");
  ASSERT_TRUE(token);
  auto rows = store_->export_all();
  ASSERT_TRUE(rows) << rows.error().describe();
  EXPECT_EQ(rows->users.size(), 2u);
  EXPECT_EQ(rows->tokens.size(), 1u);
  // Into the other backend's store.
  trustgate::testing::TempDir other_tmp;
  base::Result<std::unique_ptr<AccountStore>> other = base::Error{};
  if (GetParam() == Backend::PostgreSQL) {
    other = AccountStore::open(other_tmp.path() / "accounts.db", true);
  } else {
    auto db = common::PgDatabase::open(trustgate::testing::TestPostgres::get().new_database(), 2);
    ASSERT_TRUE(db);
    other = AccountStore::open_postgres(*db);
  }
  ASSERT_TRUE(other) << other.error().describe();
  ASSERT_TRUE((*other)->import_all(*rows));
  auto who = (*other)->user_for_token(*token);
  ASSERT_TRUE(who) << who.error().describe();
  EXPECT_EQ(who->id, store_->find_user("bob")->id);
  EXPECT_EQ(who->created_at, store_->find_user("bob")->created_at);
  EXPECT_EQ(who->jurisdiction, "us-il-chicago");
  EXPECT_TRUE((*other)->check_password("bob", "a long enough password"));
  EXPECT_TRUE((*other)->find_user("eve")->disabled);
  EXPECT_EQ((*other)->import_all(*rows).error().kind, base::ErrorKind::Conflict);
}

}  // namespace
}  // namespace trustgate::accounts
