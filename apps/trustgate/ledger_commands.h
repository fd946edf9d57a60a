// `trustgate ledger ...`: print the signed tree head, verify the whole log
// (and its consistency with an older head), and print inclusion proofs for a
// case's events that can be checked offline.
#pragma once

#include <CLI/CLI.hpp>

namespace trustgate::cli {

// Adds the `ledger` command group. Exit codes: 0 ok, 1 error, 2 the ledger
// failed verification.
void add_ledger_commands(CLI::App& app, int& exit_code);

}  // namespace trustgate::cli
