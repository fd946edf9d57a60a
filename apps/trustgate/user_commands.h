// `trustgate user ...`: the service's accounts (DATA/accounts.db, or the store's PostgreSQL
// database).
#pragma once

#include <CLI/CLI.hpp>

#include "base/result.h"

namespace trustgate::cli {

void add_user_commands(CLI::App& app, int& exit_code);

// Makes the first admin of a new data directory in `dir` and returns its
// API token (shown once).
base::Result<std::string> create_first_admin(const std::filesystem::path& dir);

}  // namespace trustgate::cli
