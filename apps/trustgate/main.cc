// trustgate: the one CLI. Subcommands call the libraries; this file only
// wires them together.
#include <CLI/CLI.hpp>

#include "case_commands.h"
#include "cedar_commands.h"
#include "decide_command.h"
#include "disclose_command.h"
#include "guide_command.h"
#include "init_command.h"
#include "ledger_commands.h"
#include "policy_commands.h"
#include "report_commands.h"
#include "serve_command.h"
#include "user_commands.h"
#include "witness_commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "trustgate: decide requests from federal immigration authorities under local law, "
      "with a Cedar policy engine."};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for all subcommands");
  int exit_code = 0;
  trustgate::cli::add_cedar_commands(app, exit_code);
  trustgate::cli::add_decide_command(app, exit_code);
  trustgate::cli::add_disclose_command(app, exit_code);
  trustgate::cli::add_policy_commands(app, exit_code);
  trustgate::cli::add_guide_command(app, exit_code);
  trustgate::cli::add_init_command(app, exit_code);
  trustgate::cli::add_migrate_command(app, exit_code);
  trustgate::cli::add_case_commands(app, exit_code);
  trustgate::cli::add_ledger_commands(app, exit_code);
  trustgate::cli::add_serve_command(app, exit_code);
  trustgate::cli::add_user_commands(app, exit_code);
  trustgate::cli::add_witness_commands(app, exit_code);
  trustgate::cli::add_report_commands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 1;
  }
  return exit_code;
}
