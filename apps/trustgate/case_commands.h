// `trustgate case ...`: submit a request (intake, decision, record), show and
// list cases, and the supervisor's sign-off, override and closing.
#pragma once

#include <CLI/CLI.hpp>

namespace trustgate::cli {

// Adds the `case` command group; exit 0 done, 1 error or refused (the
// message names the bad field or the illegal transition).
void add_case_commands(CLI::App& app, int& exit_code);

}  // namespace trustgate::cli
