#include "trustgate/accounts/accounts.h"

#include <sodium.h>

#include <array>
#include <mutex>

#include "account_rules.h"
#include "base/clock.h"
#include "base/digest.h"
#include "base/random.h"
#include "base/text.h"
#include "trustgate/common/sqlite.h"

namespace trustgate::accounts {

namespace {

using common::Statement;

// Argon2id at libsodium's "interactive" limits (64 MiB, 2 passes): about
// 0.1 s a sign-in on the 2-core machine.
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

constexpr std::array<const char*, 1> kMigrations = {
    R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  agency TEXT NOT NULL,
  jurisdiction TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE tokens (
  hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  label TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE sessions (
  hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  csrf TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE changes (id INTEGER PRIMARY KEY, version BIGINT NOT NULL);
INSERT INTO changes (id, version) VALUES (1, 0);
)sql",
};

constexpr const char* kUserColumns =
    "id, name, role, agency, jurisdiction, password_hash, disabled, created_at";

// base64url without padding of `bytes`.
std::string base64url(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
  return out;
}

User read_user(const Statement& s) {
  return User{s.text(0), s.text(1),         s.text(2),          s.text(3),
              s.text(4), s.integer(6) != 0, !s.text(5).empty(), s.text(7)};
}

class SqliteAccountStore : public AccountStore {
 public:
  explicit SqliteAccountStore(sqlite3* db) : db_(db) {}
  ~SqliteAccountStore() override { sqlite3_close(db_); }

  base::Result<User> add_user(const std::string& name, const std::string& role,
                              const std::string& agency, const std::string& jurisdiction) override {
    if (auto s = check_new_user(name, role, agency, jurisdiction); !s) return s.error();
    auto id = new_user_id();
    if (!id) return id.error();
    User u{*id, name, role, agency, jurisdiction, false, false, base::now_utc_rfc3339()};
    Statement s(db_, "INSERT INTO users (" + std::string(kUserColumns) +
                         ") VALUES (?, ?, ?, ?, ?, '', 0, ?)");
    s.bind(1, u.id).bind(2, u.name).bind(3, u.role).bind(4, u.agency).bind(5, u.jurisdiction);
    s.bind(6, u.created_at);
    if (s.step() != SQLITE_DONE) {
      if (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_UNIQUE) {
        return base::conflict("a user named \"" + name + "\" exists already");
      }
      return error("adding a user");
    }
    if (auto st = bump(); !st) return st.error();
    return u;
  }

  base::Result<std::vector<User>> list_users() override {
    Statement s(db_, "SELECT " + std::string(kUserColumns) + " FROM users ORDER BY name");
    std::vector<User> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(read_user(s));
    if (rc != SQLITE_DONE) return error("listing users");
    return out;
  }

  base::Result<User> find_user(const std::string& name_or_id) override {
    Statement s(db_, "SELECT " + std::string(kUserColumns) +
                         " FROM users WHERE name = ? OR id = ? LIMIT 1");
    s.bind(1, name_or_id).bind(2, name_or_id);
    int rc = s.step();
    if (rc == SQLITE_ROW) return read_user(s);
    if (rc == SQLITE_DONE)
      return base::not_found("no user \"" + base::printable(name_or_id) + "\"");
    return error("reading a user");
  }

  base::Status disable_user(const std::string& name_or_id) override {
    auto u = find_user(name_or_id);
    if (!u) return u.error();
    Statement s(db_, "UPDATE users SET disabled = 1 WHERE id = ?");
    s.bind(1, u->id);
    if (s.step() != SQLITE_DONE) return error("disabling a user");
    Statement drop(db_, "DELETE FROM sessions WHERE user_id = ?");
    drop.bind(1, u->id);
    if (drop.step() != SQLITE_DONE) return error("closing sessions");
    return bump();
  }

  base::Status set_password(const std::string& name_or_id, const std::string& password) override {
    auto hash = hash_password(password);
    if (!hash) return hash.error();
    auto u = find_user(name_or_id);
    if (!u) return u.error();
    Statement s(db_, "UPDATE users SET password_hash = ? WHERE id = ?");
    s.bind(1, *hash).bind(2, u->id);
    if (s.step() != SQLITE_DONE) return error("setting a password");
    return bump();
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
    Statement s(db_, "INSERT INTO tokens (hash, user_id, label, created_at) VALUES (?, ?, ?, ?)");
    s.bind(1, token_hash(*token)).bind(2, u->id).bind(3, label).bind(4, base::now_utc_rfc3339());
    if (s.step() != SQLITE_DONE) return error("issuing a token");
    if (auto st = bump(); !st) return st.error();
    return *token;
  }

  base::Result<User> user_for_token(std::string_view token) override {
    Statement s(db_,
                "SELECT u.id, u.name, u.role, u.agency, u.jurisdiction, u.password_hash, "
                "u.disabled, u.created_at FROM tokens t JOIN users u ON u.id = t.user_id "
                "WHERE t.hash = ?");
    s.bind(1, token_hash(token));
    int rc = s.step();
    if (rc == SQLITE_DONE) return base::permission_denied("unknown token");
    if (rc != SQLITE_ROW) return error("reading a token");
    User u = read_user(s);
    if (u.disabled) return base::permission_denied("the account is disabled");
    return u;
  }

  base::Result<User> check_password(const std::string& name, const std::string& password) override {
    Statement s(db_, "SELECT " + std::string(kUserColumns) + " FROM users WHERE name = ?");
    s.bind(1, name);
    int rc = s.step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return error("reading a user");
    if (!password_matches(rc == SQLITE_ROW ? s.text(5) : "", password)) return denied();
    User u = read_user(s);
    if (u.disabled) return denied();
    return u;
  }

  base::Result<std::pair<std::string, Session>> open_session(const User& user,
                                                             int64_t lifetime_s) override {
    auto secrets = new_session_secrets();
    if (!secrets) return secrets.error();
    auto& [cookie, csrf] = *secrets;
    Session session{user, csrf, base::now_unix_seconds() + lifetime_s};
    Statement s(db_, "INSERT INTO sessions (hash, user_id, csrf, expires_at) VALUES (?, ?, ?, ?)");
    s.bind(1, token_hash(cookie)).bind(2, user.id).bind(3, session.csrf);
    s.bind(4, session.expires_at);
    if (s.step() != SQLITE_DONE) return error("opening a session");
    return std::pair{cookie, session};
  }

  base::Result<Session> find_session(std::string_view id) override {
    Statement s(db_,
                "SELECT u.id, u.name, u.role, u.agency, u.jurisdiction, u.password_hash, "
                "u.disabled, u.created_at, s.csrf, s.expires_at FROM sessions s JOIN users u "
                "ON u.id = s.user_id WHERE s.hash = ?");
    s.bind(1, token_hash(id));
    int rc = s.step();
    if (rc == SQLITE_DONE) return base::permission_denied("no such session");
    if (rc != SQLITE_ROW) return error("reading a session");
    Session session{read_user(s), s.text(8), s.integer(9)};
    if (session.user.disabled || session.expires_at < base::now_unix_seconds()) {
      return base::permission_denied("the session has ended");
    }
    return session;
  }

  base::Status close_session(std::string_view id) override {
    Statement s(db_, "DELETE FROM sessions WHERE hash = ?");
    s.bind(1, token_hash(id));
    if (s.step() != SQLITE_DONE) return error("closing a session");
    return base::Status::Ok();
  }

  base::Result<StoredAccounts> export_all() override {
    StoredAccounts out;
    Statement users(db_, "SELECT " + std::string(kUserColumns) + " FROM users ORDER BY id");
    int rc;
    while ((rc = users.step()) == SQLITE_ROW)
      out.users.push_back({read_user(users), users.text(5)});
    if (rc != SQLITE_DONE) return error("listing users");
    Statement tokens(db_, "SELECT hash, user_id, label, created_at FROM tokens ORDER BY hash");
    while ((rc = tokens.step()) == SQLITE_ROW) {
      out.tokens.push_back({tokens.text(0), tokens.text(1), tokens.text(2), tokens.text(3)});
    }
    if (rc != SQLITE_DONE) return error("listing tokens");
    return out;
  }

  base::Status import_all(const StoredAccounts& accounts) override {
    if (auto s = common::exec_sql(db_, "BEGIN IMMEDIATE", "accounts"); !s) return s;
    auto s = insert_all(accounts);
    if (s) s = bump();
    if (s) return common::exec_sql(db_, "COMMIT", "accounts");
    (void)common::exec_sql(db_, "ROLLBACK", "accounts");
    return s;
  }

  base::Result<int64_t> version() override {
    Statement s(db_, "SELECT version FROM changes WHERE id = 1");
    if (s.step() != SQLITE_ROW) return error("reading the version");
    return s.integer(0);
  }

 private:
  base::Error error(const std::string& what) const {
    return base::io_error("accounts: " + what + ": " + sqlite3_errmsg(db_));
  }
  // Inside import_all's transaction.
  base::Status insert_all(const StoredAccounts& accounts) {
    Statement any(db_, "SELECT count(*) FROM users");
    if (any.step() != SQLITE_ROW) return error("counting users");
    if (any.integer(0) != 0) return base::conflict("accounts.db holds accounts already");
    for (const auto& [u, hash] : accounts.users) {
      Statement s(db_, "INSERT INTO users (" + std::string(kUserColumns) +
                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      s.bind(1, u.id).bind(2, u.name).bind(3, u.role).bind(4, u.agency).bind(5, u.jurisdiction);
      s.bind(6, hash).bind(7, int64_t{u.disabled ? 1 : 0}).bind(8, u.created_at);
      if (s.step() != SQLITE_DONE) return error("adding a user");
    }
    for (const auto& t : accounts.tokens) {
      Statement s(db_, "INSERT INTO tokens (hash, user_id, label, created_at) VALUES (?, ?, ?, ?)");
      s.bind(1, t.hash).bind(2, t.user_id).bind(3, t.label).bind(4, t.created_at);
      if (s.step() != SQLITE_DONE) return error("adding a token");
    }
    return base::Status::Ok();
  }
  base::Status bump() {
    return common::exec_sql(db_, "UPDATE changes SET version = version + 1 WHERE id = 1",
                            "accounts");
  }

  sqlite3* db_;
};

}  // namespace

base::Status check_new_user(const std::string& name, const std::string& role,
                            const std::string& agency, const std::string& jurisdiction) {
  if (auto s = base::check_text("name", name, base::TextRule{64}); !s) return s;
  for (char c : name) {
    if (c == ' ' || c == ':') return base::invalid_field("name", "no spaces or ':'");
  }
  if (!valid_role(role)) {
    return base::invalid_field(
        "role",
        "one of: desk_officer, supervisor, counsel, auditor, records_officer, "
        "data_partner, admin");
  }
  for (auto [field, value] :
       {std::pair{"agency", &agency}, std::pair{"jurisdiction", &jurisdiction}}) {
    if (auto s = base::check_text(field, *value, base::TextRule{64, false, false}); !s) return s;
  }
  return base::Status::Ok();
}

base::Result<std::string> new_user_id() {
  auto hex = base::random_hex(6);
  if (!hex) return hex.error();
  return "u-" + *hex;
}

base::Result<std::string> hash_password(const std::string& password) {
  if (password.size() < 12) return base::invalid_field("password", "at least 12 characters");
  if (password.size() > 1024) return base::invalid_field("password", "at most 1024 bytes");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return base::io_error("cannot hash the password (out of memory)");
  }
  return std::string(hash);
}

bool password_matches(const std::string& stored, const std::string& password) {
  if (stored.empty() || password.size() > 1024) {
    // The same work whether or not the user exists.
    char dummy[crypto_pwhash_STRBYTES];
    int rc =
        crypto_pwhash_str_alg(dummy, "x", 1, kOpsLimit, kMemLimit, crypto_pwhash_ALG_ARGON2ID13);
    (void)rc;
    return false;
  }
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

base::Result<std::string> new_token() {
  auto bytes = base::random_bytes(32);
  if (!bytes) return bytes.error();
  return "tg_" + base64url(*bytes);
}

base::Result<std::pair<std::string, std::string>> new_session_secrets() {
  auto id = base::random_bytes(32);
  auto csrf = base::random_bytes(24);
  if (!id || !csrf) return base::io_error("no randomness for a session");
  return std::pair{base64url(*id), base64url(*csrf)};
}

base::Error denied() { return base::permission_denied("wrong name or password"); }

bool valid_role(std::string_view role) {
  for (const char* r : kRoles) {
    if (role == r) return true;
  }
  return false;
}

std::string token_hash(std::string_view token) { return base::sha256_hex(token); }

base::Result<std::unique_ptr<AccountStore>> AccountStore::open(const std::filesystem::path& file,
                                                               bool create) {
  if (sodium_init() < 0) return base::io_error("libsodium could not start");
  auto db = common::open_sqlite(file.string(), create, false, "FULL");
  if (!db) return db.error();
  auto store = std::make_unique<SqliteAccountStore>(*db);
  if (auto s =
          common::migrate_sqlite(*db, kMigrations.data(), kMigrations.size(), false, "accounts");
      !s) {
    return s.error();
  }
  return std::unique_ptr<AccountStore>(std::move(store));
}

}  // namespace trustgate::accounts
