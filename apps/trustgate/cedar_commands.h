// `trustgate cedar ...`: the Cedar engine's commands, mirroring the Cedar CLI
// where they overlap.
#pragma once

#include <CLI/CLI.hpp>

namespace trustgate::cli {

// Adds the `cedar` command group; the chosen command stores its exit code.
void add_cedar_commands(CLI::App& app, int& exit_code);

}  // namespace trustgate::cli
