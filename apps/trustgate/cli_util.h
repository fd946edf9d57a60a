// Shared helpers for the trustgate CLI: reading files, reporting errors.
#pragma once

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

// True when stderr is a terminal (progress bars go there only then).
bool stderr_is_tty();

}  // namespace trustgate::cli
