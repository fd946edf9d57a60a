// The accounts in PostgreSQL (AccountStore::open_postgres), shared by every
// server whose data directory names the database (docs/deploy.md). Tables
// (migrations of the component "accounts"), the SQLite store's in form:
//   account_users     id, name (unique), role, agency, jurisdiction,
//                     password_hash ("" for none), disabled, created_at
//   account_tokens    hash (SHA-256 hex of the token), user_id, label, created_at
//   account_sessions  hash (SHA-256 hex of the cookie), user_id, csrf, expires_at
//   account_version   one row (id 1): version, bumped in the same transaction
//                     as every change to users or tokens, so that version()
//                     moves when any server changes the accounts
#include <sodium.h>

#include <array>

#include "account_rules.h"
#include "base/clock.h"
#include "base/text.h"
#include "trustgate/accounts/accounts.h"
#include "trustgate/common/postgres.h"

namespace trustgate::accounts {

namespace {

using common::PgConnection;
using common::PgDatabase;
using common::PgParam;
using common::PgRows;

constexpr const char* kComponent = "accounts";

constexpr std::array<const char*, 1> kMigrations = {
    R"sql(
CREATE TABLE account_users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  agency TEXT NOT NULL,
  jurisdiction TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE account_tokens (
  hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES account_users (id),
  label TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE account_sessions (
  hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES account_users (id),
  csrf TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE account_version (id INTEGER PRIMARY KEY, version BIGINT NOT NULL);
INSERT INTO account_version (id, version) VALUES (1, 0);
)sql",
};

// The columns read_user() reads, of account_users aliased u.
constexpr const char* kUserColumns =
    "u.id, u.name, u.role, u.agency, u.jurisdiction, u.password_hash, u.disabled, u.created_at";

User read_user(const PgRows& rows, int r) {
  return User{rows.text(r, 0), rows.text(r, 1),        rows.text(r, 2),          rows.text(r, 3),
              rows.text(r, 4), rows.text(r, 6) == "t", !rows.text(r, 5).empty(), rows.text(r, 7)};
}

constexpr const char* kBump = "UPDATE account_version SET version = version + 1 WHERE id = 1";

class PostgresAccountStore : public AccountStore {
 public:
  explicit PostgresAccountStore(std::shared_ptr<PgDatabase> db) : db_(std::move(db)) {}

  base::Result<User> add_user(const std::string& name, const std::string& role,
                              const std::string& agency, const std::string& jurisdiction) override {
    if (auto s = check_new_user(name, role, agency, jurisdiction); !s) return s.error();
    auto id = new_user_id();
    if (!id) return id.error();
    User u{*id, name, role, agency, jurisdiction, false, false, base::now_utc_rfc3339()};
    auto s = changing([&](PgConnection& c) -> base::Status {
      auto r = c.query(
          "INSERT INTO account_users (id, name, role, agency, jurisdiction, password_hash, "
          "disabled, created_at) VALUES ($1, $2, $3, $4, $5, '', false, $6)",
          {u.id, u.name, u.role, u.agency, u.jurisdiction, u.created_at});
      if (!r) return r.error();
      return base::Status::Ok();
    });
    if (!s) {
      if (s.error().kind == base::ErrorKind::Conflict) {
        return base::conflict("a user named \"" + name + "\" exists already");
      }
      return s.error();
    }
    return u;
  }

  base::Result<std::vector<User>> list_users() override {
    auto rows = db_->query("SELECT " + std::string(kUserColumns) +
                           " FROM account_users u ORDER BY u.name COLLATE \"C\"");
    if (!rows) return rows.error();
    std::vector<User> out;
    for (int r = 0; r < rows->rows(); ++r) out.push_back(read_user(*rows, r));
    return out;
  }

  base::Result<User> find_user(const std::string& name_or_id) override {
    auto rows = db_->query("SELECT " + std::string(kUserColumns) +
                               " FROM account_users u WHERE u.name = $1 OR u.id = $1 "
                               "ORDER BY u.name = $1 DESC LIMIT 1",
                           {name_or_id});
    if (!rows) return rows.error();
    if (rows->rows() == 0) {
      return base::not_found("no user \"" + base::printable(name_or_id) + "\"");
    }
    return read_user(*rows, 0);
  }

  base::Status disable_user(const std::string& name_or_id) override {
    auto u = find_user(name_or_id);
    if (!u) return u.error();
    return changing([&](PgConnection& c) -> base::Status {
      for (const char* sql : {"UPDATE account_users SET disabled = true WHERE id = $1",
                              "DELETE FROM account_sessions WHERE user_id = $1"}) {
        if (auto r = c.query(sql, {u->id}); !r) return r.error();
      }
      return base::Status::Ok();
    });
  }

  base::Status set_password(const std::string& name_or_id, const std::string& password) override {
    auto hash = hash_password(password);
    if (!hash) return hash.error();
    auto u = find_user(name_or_id);
    if (!u) return u.error();
    return changing([&](PgConnection& c) -> base::Status {
      auto r = c.query("UPDATE account_users SET password_hash = $1 WHERE id = $2", {*hash, u->id});
      if (!r) return r.error();
      return base::Status::Ok();
    });
  }

  base::Result<std::string> issue_token(const std::string& name_or_id,
                                        const std::string& label) override {
    if (auto s = base::check_text("label", label, base::TextRule{100, false, false}); !s) {
      return s.error();
    }
    auto u = find_user(name_or_id);
    if (!u) return u.error();
    auto token = new_token();
    if (!token) return token.error();
    auto s = changing([&](PgConnection& c) -> base::Status {
      auto r = c.query(
          "INSERT INTO account_tokens (hash, user_id, label, created_at) VALUES ($1, $2, $3, $4)",
          {token_hash(*token), u->id, label, base::now_utc_rfc3339()});
      if (!r) return r.error();
      return base::Status::Ok();
    });
    if (!s) return s.error();
    return *token;
  }

  base::Result<User> user_for_token(std::string_view token) override {
    auto rows = db_->query("SELECT " + std::string(kUserColumns) +
                               " FROM account_tokens t JOIN account_users u ON u.id = t.user_id "
                               "WHERE t.hash = $1",
                           {token_hash(token)});
    if (!rows) return rows.error();
    if (rows->rows() == 0) return base::permission_denied("unknown token");
    User u = read_user(*rows, 0);
    if (u.disabled) return base::permission_denied("the account is disabled");
    return u;
  }

  base::Result<User> check_password(const std::string& name, const std::string& password) override {
    auto rows = db_->query(
        "SELECT " + std::string(kUserColumns) + " FROM account_users u WHERE u.name = $1", {name});
    if (!rows) return rows.error();
    const bool found = rows->rows() == 1;
    if (!password_matches(found ? rows->text(0, 5) : "", password)) return denied();
    User u = read_user(*rows, 0);
    if (u.disabled) return denied();
    return u;
  }

  base::Result<std::pair<std::string, Session>> open_session(const User& user,
                                                             int64_t lifetime_s) override {
    auto secrets = new_session_secrets();
    if (!secrets) return secrets.error();
    auto& [cookie, csrf] = *secrets;
    Session session{user, csrf, base::now_unix_seconds() + lifetime_s};
    auto r = db_->query(
        "INSERT INTO account_sessions (hash, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)",
        {token_hash(cookie), user.id, session.csrf, std::to_string(session.expires_at)});
    if (!r) return r.error();
    return std::pair{cookie, session};
  }

  base::Result<Session> find_session(std::string_view id) override {
    auto rows = db_->query("SELECT " + std::string(kUserColumns) +
                               ", s.csrf, s.expires_at FROM account_sessions s JOIN "
                               "account_users u ON u.id = s.user_id WHERE s.hash = $1",
                           {token_hash(id)});
    if (!rows) return rows.error();
    if (rows->rows() == 0) return base::permission_denied("no such session");
    Session session{read_user(*rows, 0), rows->text(0, 8), rows->integer(0, 9)};
    if (session.user.disabled || session.expires_at < base::now_unix_seconds()) {
      return base::permission_denied("the session has ended");
    }
    return session;
  }

  base::Status close_session(std::string_view id) override {
    auto r = db_->query("DELETE FROM account_sessions WHERE hash = $1", {token_hash(id)});
    if (!r) return r.error();
    return base::Status::Ok();
  }

  base::Result<StoredAccounts> export_all() override {
    StoredAccounts out;
    auto users =
        db_->query("SELECT " + std::string(kUserColumns) + " FROM account_users u ORDER BY u.id");
    if (!users) return users.error();
    for (int r = 0; r < users->rows(); ++r) {
      out.users.push_back({read_user(*users, r), users->text(r, 5)});
    }
    auto tokens =
        db_->query("SELECT hash, user_id, label, created_at FROM account_tokens ORDER BY hash");
    if (!tokens) return tokens.error();
    for (int r = 0; r < tokens->rows(); ++r) {
      out.tokens.push_back(
          {tokens->text(r, 0), tokens->text(r, 1), tokens->text(r, 2), tokens->text(r, 3)});
    }
    return out;
  }

  base::Status import_all(const StoredAccounts& accounts) override {
    return changing([&](PgConnection& c) -> base::Status {
      // Locked so that two imports cannot both find the store empty.
      if (auto r = c.query("SELECT version FROM account_version WHERE id = 1 FOR UPDATE"); !r) {
        return r.error();
      }
      auto any = c.query("SELECT count(*) FROM account_users");
      if (!any) return any.error();
      if (any->integer(0, 0) != 0) return base::conflict("the database holds accounts already");
      for (const auto& [u, hash] : accounts.users) {
        auto r = c.query(
            "INSERT INTO account_users (id, name, role, agency, jurisdiction, password_hash, "
            "disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            {u.id, u.name, u.role, u.agency, u.jurisdiction, hash, u.disabled ? "true" : "false",
             u.created_at});
        if (!r) return r.error();
      }
      for (const auto& t : accounts.tokens) {
        auto r = c.query(
            "INSERT INTO account_tokens (hash, user_id, label, created_at) VALUES ($1, $2, $3, "
            "$4)",
            {t.hash, t.user_id, t.label, t.created_at});
        if (!r) return r.error();
      }
      return base::Status::Ok();
    });
  }

  base::Result<int64_t> version() override {
    auto rows = db_->query("SELECT version FROM account_version WHERE id = 1");
    if (!rows) return rows.error();
    if (rows->rows() != 1) return base::corruption("accounts: account_version has no row 1");
    return rows->integer(0, 0);
  }

 private:
  // Runs `change` and bumps the version in one transaction.
  base::Status changing(const std::function<base::Status(PgConnection&)>& change) {
    return db_->transaction([&](PgConnection& c) -> base::Status {
      if (auto s = change(c); !s) return s;
      if (auto r = c.query(kBump); !r) return r.error();
      return base::Status::Ok();
    });
  }

  std::shared_ptr<PgDatabase> db_;
};

}  // namespace

base::Result<std::unique_ptr<AccountStore>> AccountStore::open_postgres(
    std::shared_ptr<common::PgDatabase> db) {
  if (sodium_init() < 0) return base::io_error("libsodium could not start");
  if (auto s = db->migrate(kComponent, kMigrations.data(), kMigrations.size(), false); !s) {
    return s.error();
  }
  return std::unique_ptr<AccountStore>(std::make_unique<PostgresAccountStore>(std::move(db)));
}

}  // namespace trustgate::accounts
