// `trustgate serve`: the REST API, the web UI and the public pages.
#pragma once

#include <CLI/CLI.hpp>

namespace trustgate::cli {

void add_serve_command(CLI::App& app, int& exit_code);

}  // namespace trustgate::cli
