// `trustgate disclose`: release records through the disclosure guard
// (docs/disclosure.md) — every field decided by class under the
// jurisdiction's law, withheld values marked in place, a redaction log
// beside the output, and a `disclosed` entry in the ledger.
#pragma once

#include <CLI/CLI.hpp>

namespace trustgate::cli {

void add_disclose_command(CLI::App& app, int& exit_code);

}  // namespace trustgate::cli
