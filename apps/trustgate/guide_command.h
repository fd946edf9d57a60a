// `trustgate guide`: the field guide for one agency of a jurisdiction, as
// HTML (printable), PDF (Chromium's print of the HTML) or Markdown, in
// English or Spanish.
#pragma once

#include <CLI/CLI.hpp>

namespace trustgate::cli {

// Adds the `guide` command; it stores its exit code (0 written, 1 bad
// argument, else the error's kind: exit_code_for).
void add_guide_command(CLI::App& app, int& exit_code);

}  // namespace trustgate::cli
