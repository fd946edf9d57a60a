// `trustgate case ...`: submit a request (intake, decision, record), show and
// list cases, and the supervisor's sign-off, override and closing.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "base/result.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/cases/workflow.h"

namespace trustgate::cli {

// The command line's actor: the operating-system user, role "cli".
cases::Actor cli_actor();

// An open data directory with its workflow, ready for steps (Write) or
// reads (Read); `library` is the directory's law when opened with it.
struct Desk {
  cases::DataDir data;
  std::shared_ptr<const policy::Library> library;
  std::unique_ptr<cases::CaseWorkflow> workflow;
};

// Opens the data directory named by a --data flag (init_command.h).
base::Result<std::unique_ptr<Desk>> open_desk(const std::string& data, cases::Access access,
                                              bool with_law);

// Adds the `case` command group; exit 0 done, 1 error or refused (the
// message names the bad field or the illegal transition).
void add_case_commands(CLI::App& app, int& exit_code);

}  // namespace trustgate::cli
