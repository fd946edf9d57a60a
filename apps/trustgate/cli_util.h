// Shared helpers for the trustgate CLI: reading files, reporting errors.
#pragma once

#include <CLI/CLI.hpp>
#include <initializer_list>
#include <optional>
#include <string>

#include "cedar/result.h"

namespace trustgate::cli {

// Exit codes shared by every command. Errors from the data-directory
// commands (init, case, ledger, store) map their kind to a code of its own
// (exit_code_for), so scripts need not read messages.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;       // bad input or usage, and errors of no other kind
inline constexpr int kExitNotFound = 3;    // no such case, file or entry
inline constexpr int kExitConflict = 4;    // a step the case does not allow, a clash
inline constexpr int kExitCorruption = 5;  // stored data damaged or altered
inline constexpr int kExitIO = 6;          // the operating system failed
inline constexpr int kExitBusy = 7;        // another process holds the data directory
inline constexpr int kExitPermission = 8;  // not allowed (e.g. a readable signing key)

int exit_code_for(base::ErrorKind kind);

// Reads a whole file ("-" reads standard input).
cedar::Result<std::string> read_file(const std::string& path);

// Prints "trustgate: <context>: <message>" to stderr and returns kExitError.
int fail(const std::string& context, const cedar::Error& error);

// Prints "trustgate: <message>" to stderr and returns kExitError (for errors
// whose message already names the file).
int fail(const cedar::Error& error);

// Prints "trustgate: <context>: <field>: <message>" (control characters
// escaped) to stderr and returns exit_code_for(error.kind).
int fail_with_kind(const std::string& context, const base::Error& error);

// CLI11 checks required options before it rejects unknown arguments, so a
// mistyped flag would be reported only as "--policies is required". A command
// that leaves its required options optional for CLI11 calls this first thing
// in its callback, which runs after the unknown-argument check: it throws
// CLI11's own "--x is required" error for the first option not given.
void require_options(std::initializer_list<const CLI::Option*> options);

// True when stderr is a terminal (progress bars go there only then).
bool stderr_is_tty();

}  // namespace trustgate::cli
