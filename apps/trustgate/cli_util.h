// Shared helpers for the trustgate CLI: reading files, reporting errors.
#pragma once

#include <CLI/CLI.hpp>
#include <initializer_list>
#include <optional>
#include <string>

#include "cedar/result.h"

namespace trustgate::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;

// Reads a whole file ("-" reads standard input).
cedar::Result<std::string> read_file(const std::string& path);

// Prints "trustgate: <context>: <message>" to stderr and returns kExitError.
int fail(const std::string& context, const cedar::Error& error);

// Prints "trustgate: <message>" to stderr and returns kExitError (for errors
// whose message already names the file).
int fail(const cedar::Error& error);

// CLI11 checks required options before it rejects unknown arguments, so a
// mistyped flag would be reported only as "--policies is required". A command
// that leaves its required options optional for CLI11 calls this first thing
// in its callback, which runs after the unknown-argument check: it throws
// CLI11's own "--x is required" error for the first option not given.
void require_options(std::initializer_list<const CLI::Option*> options);

// True when stderr is a terminal (progress bars go there only then).
bool stderr_is_tty();

}  // namespace trustgate::cli
