#include "init_command.h"

#include <cstdlib>
#include <iostream>
#include <memory>

#include "cli_util.h"
#include "trustgate/cases/data_dir.h"

namespace trustgate::cli {

std::string data_dir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("TRUSTGATE_DATA"); env && *env) return env;
  return "trustgate-data";
}

namespace {

struct InitArgs {
  std::string data;
  std::string origin;
  std::string policies;
};

int run_init(const InitArgs& a) {
  const std::string dir = data_dir(a.data);
  auto s = cases::init_data_dir(dir, {a.origin, a.policies});
  if (!s) return fail("init", s.error());
  auto d = cases::open_data_dir(dir, false, false);
  if (!d) return fail("init", d.error());
  std::cout << "created " << dir << "\n"
            << "  ledger origin  " << d->config.origin << "\n"
            << "  public key     " << dir << "/keys/ledger.pub (give it to auditors)\n"
            << "  signing key    " << dir << "/keys/ledger.key (mode 0600; keep it secret)\n";
  return kExitOk;
}

}  // namespace

void add_init_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<InitArgs>();
  CLI::App* cmd = app.add_subcommand(
      "init",
      "Create a data directory: the case store (SQLite), the ledger, an Ed25519 signing key "
      "for tree heads and a config file. Refuses to overwrite. Exit 0 created, 1 error");
  cmd->add_option("--data", a->data,
                  "Data directory (default: $TRUSTGATE_DATA or ./trustgate-data)");
  cmd->add_option("--origin", a->origin,
                  "Ledger origin, the first line of every tree head (default: trustgate/<random>)");
  cmd->add_option("--policies", a->policies,
                  "Policies folder to decide with (default: ./policies)");
  cmd->callback([a, &exit_code] { exit_code = run_init(*a); });
}

}  // namespace trustgate::cli
