// `trustgate witness ...`: a C2SP tlog-witness that follows logs (this
// city's or others') and cosigns their checkpoints.
#pragma once

#include <CLI/CLI.hpp>

namespace trustgate::cli {

void add_witness_commands(CLI::App& app, int& exit_code);

}  // namespace trustgate::cli
