// Accounts: the people and systems that call the service, their roles, and
// their credentials. Kept in DATA/accounts.db (SQLite, mode 0600), apart from
// the case store (which is a projection of the ledger; accounts are not); or,
// when the data directory's store is PostgreSQL, in tables of that database
// (postgres_accounts.cc), shared by every server on it.
//
// Credentials (design, "Accounts, roles, access"):
//  - API tokens "tg_" + 43 base64url characters (256 random bits), stored
//    only as their SHA-256 (hex): shown once when issued, never again;
//  - passwords hashed with Argon2id (libsodium's crypto_pwhash_str_alg, its
//    interactive limits), for people who sign in to the web UI;
//  - sessions: a random id (stored as SHA-256) with a CSRF token and an
//    expiry, created by a password login.
// There are no default credentials: `trustgate init` creates the first
// admin, with a token printed once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace trustgate::common {
class PgDatabase;
}

namespace trustgate::accounts {

// The service's roles, as access.cedar names them.
// records_officer releases records through the disclosure guard;
// data_partner is another agency querying records through it (its account's
// agency names the recipient: ice, fbi, state_police, ...).
inline constexpr const char* kRoles[] = {"desk_officer",    "supervisor",   "counsel", "auditor",
                                         "records_officer", "data_partner", "admin"};
bool valid_role(std::string_view role);

struct User {
  std::string id;            // "u-" + 12 hex digits: stable, recorded as the actor of ledger events
  std::string name;          // the login name
  std::string role;          // one of kRoles
  std::string agency;        // the receiving agency the user works for ("" for none)
  std::string jurisdiction;  // the jurisdiction the user works under ("" for any)
  bool disabled = false;
  bool has_password = false;
  std::string created_at;
};

struct Session {
  User user;
  std::string csrf;  // must come back in X-CSRF-Token on every state change
  int64_t expires_at = 0;
};

// Users and tokens as stored (the password and token hashes, not the
// secrets), for moving accounts from one store to another (`trustgate
// migrate`). Sessions are not moved: their users sign in again.
struct StoredAccounts {
  struct Row {
    User user;
    std::string password_hash;  // "" for none
  };
  struct Token {
    std::string hash;  // token_hash() of the token
    std::string user_id;
    std::string label;
    std::string created_at;
  };
  std::vector<Row> users;
  std::vector<Token> tokens;
};

class AccountStore {
 public:
  static base::Result<std::unique_ptr<AccountStore>> open(const std::filesystem::path& file,
                                                          bool create);
  // The accounts in a PostgreSQL database (migrating their tables).
  static base::Result<std::unique_ptr<AccountStore>> open_postgres(
      std::shared_ptr<common::PgDatabase> db);
  virtual ~AccountStore() = default;

  // Errors: InvalidArgument naming the field, Conflict for a name in use.
  virtual base::Result<User> add_user(const std::string& name, const std::string& role,
                                      const std::string& agency,
                                      const std::string& jurisdiction) = 0;
  virtual base::Result<std::vector<User>> list_users() = 0;
  virtual base::Result<User> find_user(const std::string& name_or_id) = 0;  // NotFound
  virtual base::Status disable_user(const std::string& name_or_id) = 0;
  virtual base::Status set_password(const std::string& name_or_id, const std::string& password) = 0;
  // A new API token for the user: the only time it is seen.
  virtual base::Result<std::string> issue_token(const std::string& name_or_id,
                                                const std::string& label) = 0;

  // The enabled user a token belongs to (PermissionDenied when none).
  virtual base::Result<User> user_for_token(std::string_view token) = 0;
  // Checks a password; PermissionDenied on a wrong name or password (one
  // message for both).
  virtual base::Result<User> check_password(const std::string& name,
                                            const std::string& password) = 0;
  // A new session for the user: its id (the cookie's value) and CSRF token.
  virtual base::Result<std::pair<std::string, Session>> open_session(const User& user,
                                                                     int64_t lifetime_s) = 0;
  virtual base::Result<Session> find_session(std::string_view id) = 0;  // PermissionDenied
  virtual base::Status close_session(std::string_view id) = 0;
  // Every user and token, as stored.
  virtual base::Result<StoredAccounts> export_all() = 0;
  // Adds them, all or none, to a store that holds no user (Conflict
  // otherwise).
  virtual base::Status import_all(const StoredAccounts& accounts) = 0;
  // Bumps whenever users or tokens change, by this process or (PostgreSQL)
  // any other server (for caches).
  virtual base::Result<int64_t> version() = 0;
};

// A token's stored form: lower-case hex SHA-256.
std::string token_hash(std::string_view token);

}  // namespace trustgate::accounts
