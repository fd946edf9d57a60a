// `trustgate decide`: decide a request from federal authorities under the
// jurisdiction's law, as the design's decision JSON or as text for a desk
// officer; `--batch` streams JSONL.
#pragma once

#include <CLI/CLI.hpp>

namespace trustgate::cli {

// Adds the `decide` command; it stores its exit code (0 decided, 1 bad
// request or error).
void add_decide_command(CLI::App& app, int& exit_code);

}  // namespace trustgate::cli
