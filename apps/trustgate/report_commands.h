// `trustgate report KIND`, `report verify FILE`, `replay` and `demo`:
// reports and replay computed from the ledger, and a demo history to try
// them on.
#pragma once

#include <CLI/CLI.hpp>

namespace trustgate::cli {

void add_report_commands(CLI::App& app, int& exit_code);

}  // namespace trustgate::cli
