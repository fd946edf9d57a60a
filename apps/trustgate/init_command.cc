#include "init_command.h"

#include <cstdlib>
#include <iostream>
#include <memory>

#include "cli_util.h"
#include "policy_commands.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/cases/migrate.h"
#include "trustgate/common/postgres.h"
#include "trustgate/ledger/hash.h"
#include "user_commands.h"

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
  std::string store;
};

int run_init(const InitArgs& a) {
  const std::string dir = data_dir(a.data);
  const std::string policies = policies_dir(a.policies);
  std::string token;
  cases::InitOptions options{a.origin, policies,
                             [&](const std::filesystem::path& d) {
                               auto t = create_first_admin(d);
                               if (!t) return base::Status(t.error());
                               token = std::move(*t);
                               return base::Status::Ok();
                             },
                             a.store};
  auto config = cases::init_data_dir(dir, options);
  if (!config) return fail_with_kind("init", config.error());
  std::cout << "created " << dir << "\n"
            << "  ledger origin  " << config->origin << "\n"
            << "  verifier key   " << config->verifier_key << "\n"
            << "                 (give it to auditors: `trustgate ledger verify --key KEY`,\n"
            << "                 or any C2SP signed-note verifier, checks the checkpoints)\n"
            << "  public key     " << dir << "/keys/ledger.pub (PEM)\n"
            << "  signing key    " << dir << "/keys/ledger.key (mode 0600; keep it secret)\n"
            << "  store          "
            << (config->store.empty()
                    ? dir + "/ledger, " + dir + "/cases.db (SQLite)"
                    : common::redacted_url(config->store) + " (the ledger and the case store)")
            << "\n"
            << "  law            " << dir << "/" << config->policies << " (copied from " << policies
            << ")\n"
            << "  admin token    " << token << "\n"
            << "                 (shown once: the account \"admin\" uses it as\n"
            << "                 `Authorization: Bearer ...`; keep it safe)\n";
  return kExitOk;
}

int run_migrate(const std::string& from, const std::string& to) {
  auto report = cases::migrate_data_dir_to_postgres(from, to);
  if (!report) return fail_with_kind("migrate", report.error());
  std::cout << "migrated " << from << " to " << common::redacted_url(to) << "\n"
            << "  ledger      " << report->entries << " entries, " << report->checkpoints
            << " checkpoints, verified on both sides; root "
            << ledger::hash_base64(report->checkpoint.checkpoint.root) << "\n"
            << "  case store  " << report->cases << " cases, projected anew from the ledger\n"
            << "  accounts    " << report->users << " users, " << report->tokens
            << " tokens (sessions end: sign in again)\n"
            << "  law         " << report->law_versions << " archived versions\n"
            << "  witnesses   " << report->cosignatures << " cosignatures\n"
            << "  old files   " << report->kept.string()
            << " (keep them until the database is backed up)\n"
            << "  config.json now names the database: copy the data directory to every server "
               "that shares it\n";
  return kExitOk;
}

}  // namespace

void add_migrate_command(CLI::App& app, int& exit_code) {
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "migrate",
      "Move a data directory's ledger and case store from files and SQLite into an empty "
      "PostgreSQL database (verifying the ledger on both sides); config.json then names the "
      "database, and the old files are kept aside. No server may hold the directory. Exit 0 "
      "moved, 1 bad option, 4 the database holds a ledger, 5 the ledger does not verify, 6 I/O, "
      "7 busy");
  cmd->add_option("--from", *from, "The data directory (files and SQLite)")->required();
  cmd->add_option("--to", *to, "postgresql://USER@HOST/DB: an empty database")->required();
  cmd->callback([from, to, &exit_code] { exit_code = run_migrate(*from, *to); });
}

void add_init_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<InitArgs>();
  CLI::App* cmd = app.add_subcommand(
      "init",
      "Create a data directory: the ledger with its Ed25519 signing key, the case store "
      "(SQLite, or PostgreSQL with --store), a copy of the policies it decides with, and a "
      "config file. All or nothing; refuses to overwrite (and a database that holds a ledger). "
      "Exit 0 created, 1 bad option, 4 exists, 6 I/O error");
  cmd->add_option("--data", a->data,
                  "Data directory (default: $TRUSTGATE_DATA or ./trustgate-data)");
  cmd->add_option("--origin", a->origin,
                  "Ledger origin: names the log in every checkpoint (default: "
                  "trustgate/<random hex>); printable, no spaces or '+'");
  cmd->add_option("--policies", a->policies,
                  "Policies folder to copy in (default: $TRUSTGATE_POLICIES, ./policies, or the "
                  "policies shipped beside the executable)");
  cmd->add_option("--store", a->store,
                  "Where the ledger and the case store live: omitted, files and SQLite in the "
                  "data directory; postgresql://USER@HOST/DB (libpq URL, e.g. "
                  "postgresql:///trustgate?host=/run/postgresql), an empty database that "
                  "several servers share (copy the data directory to each; docs/deploy.md)");
  cmd->callback([a, &exit_code] { exit_code = run_init(*a); });
}

}  // namespace trustgate::cli
