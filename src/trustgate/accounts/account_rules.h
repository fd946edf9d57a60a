// What every AccountStore backend (accounts.cc: SQLite, postgres_accounts.cc:
// PostgreSQL) does the same way: the checks of a new user, password
// hashing, and the random secrets of tokens and sessions (accounts.h).
#pragma once

#include <string>
#include <utility>

#include "base/result.h"

namespace trustgate::accounts {

// InvalidArgument naming the field of a user that cannot be added.
base::Status check_new_user(const std::string& name, const std::string& role,
                            const std::string& agency, const std::string& jurisdiction);
// A new user's id: "u-" + 12 random hex digits.
base::Result<std::string> new_user_id();
// The Argon2id hash (libsodium's string form) of an acceptable password.
base::Result<std::string> hash_password(const std::string& password);
// Whether `password` matches `stored` (a hash_password() result, or "" for
// none): the same work whether or not there is one.
bool password_matches(const std::string& stored, const std::string& password);
// A new API token ("tg_" + 43 base64url characters).
base::Result<std::string> new_token();
// A new session's id (the cookie's value) and CSRF token.
base::Result<std::pair<std::string, std::string>> new_session_secrets();
// The one answer to a wrong name or password.
base::Error denied();

}  // namespace trustgate::accounts
