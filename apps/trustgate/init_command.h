// `trustgate init --data DIR`: create a data directory (case store, ledger,
// signing key, config). Also the --data default shared by the case and
// ledger commands.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace trustgate::cli {

// Adds the `init` command; exit 0 created, 1 error (including "exists").
void add_init_command(CLI::App& app, int& exit_code);

// Adds `migrate --from DIR --to postgresql://…` (cases/migrate.h).
void add_migrate_command(CLI::App& app, int& exit_code);

// The data directory: `flag` when given, else $TRUSTGATE_DATA, else
// ./trustgate-data.
std::string data_dir(const std::string& flag);

}  // namespace trustgate::cli
