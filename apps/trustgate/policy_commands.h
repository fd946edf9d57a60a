// `trustgate policy ...`: run a pack's scenario tests, analyse a
// jurisdiction's whole request space, and compare two versions of the law.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "cedar/result.h"
#include "trustgate/policy/library.h"

namespace trustgate::cli {

// Adds the `policy` command group; the chosen command stores its exit code.
void add_policy_commands(CLI::App& app, int& exit_code);

// The policies folder: `flag` when given, else $TRUSTGATE_POLICIES, else
// ./policies, else the repository's policies/ next to the executable's build
// folder.
std::string policies_dir(const std::string& flag);

// Opens the policy library of policies_dir(flag).
cedar::Result<std::shared_ptr<const policy::Library>> open_library(const std::string& flag);

}  // namespace trustgate::cli
