#include "user_commands.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "base/text.h"
#include "cli_util.h"
#include "init_command.h"
#include "trustgate/accounts/accounts.h"
#include "trustgate/cases/data_dir.h"

namespace trustgate::cli {

namespace {

struct UserArgs {
  std::string data;
  std::string name;
  std::string role;
  std::string agency;
  std::string jurisdiction;
  std::string label = "cli";
};

base::Result<std::unique_ptr<accounts::AccountStore>> open_accounts(const UserArgs& a) {
  auto dir = std::filesystem::path(data_dir(a.data));
  if (!std::filesystem::exists(dir / "config.json")) {
    return base::not_found(dir.string() + " is not a trustgate data directory");
  }
  return cases::open_accounts(dir, false);
}

// A password from the terminal (twice, not echoed) or one line of stdin.
base::Result<std::string> read_password() {
  auto line = [](const char* prompt) -> std::string {
    const bool tty = isatty(STDIN_FILENO);
    termios old{};
    if (tty) {
      std::cerr << prompt << std::flush;
      tcgetattr(STDIN_FILENO, &old);
      termios quiet = old;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string s;
    std::getline(std::cin, s);
    if (tty) {
      tcsetattr(STDIN_FILENO, TCSANOW, &old);
      std::cerr << "\n";
    }
    return s;
  };
  std::string first = line("new password: ");
  if (isatty(STDIN_FILENO) && line("again: ") != first) {
    return base::invalid_field("password", "the two passwords differ");
  }
  return first;
}

void print_user(const accounts::User& u) {
  std::cout << u.name << "  " << u.id << "  " << u.role << "  "
            << (u.agency.empty() ? "-" : base::printable(u.agency)) << "  "
            << (u.jurisdiction.empty() ? "-" : base::printable(u.jurisdiction))
            << (u.disabled ? "  DISABLED" : "") << (u.has_password ? "" : "  (no password)")
            << "\n";
}

}  // namespace

base::Result<std::string> create_first_admin(const std::filesystem::path& dir) {
  auto store = cases::open_accounts(dir, true);
  if (!store) return store.error();
  auto admin = (*store)->add_user("admin", "admin", "", "");
  if (!admin) return admin.error();
  return (*store)->issue_token("admin", "created by trustgate init");
}

void add_user_commands(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand(
      "user",
      "The service's accounts: add, list, disable, passwd, token. Exit 0 done, 1 bad "
      "input, 3 no such user, 4 name in use");
  group->require_subcommand(1);
  auto a = std::make_shared<UserArgs>();
  const std::string data_help = "Data directory (default: $TRUSTGATE_DATA or ./trustgate-data)";

  CLI::App* add =
      group->add_subcommand("add", "Add a user (then: passwd for a person, token for a system)");
  add->add_option("name", a->name, "Login name")->required();
  add->add_option(
         "--role", a->role,
         "desk_officer, supervisor, counsel, auditor, records_officer, data_partner or admin")
      ->required();
  add->add_option("--agency", a->agency, "The receiving agency the user works for");
  add->add_option("--jurisdiction", a->jurisdiction, "The jurisdiction the user works under");
  add->add_option("--data", a->data, data_help);
  add->callback([a, &exit_code] {
    auto store = open_accounts(*a);
    if (!store) return void(exit_code = fail_with_kind("user add", store.error()));
    auto u = (*store)->add_user(a->name, a->role, a->agency, a->jurisdiction);
    if (!u) return void(exit_code = fail_with_kind("user add", u.error()));
    print_user(*u);
    exit_code = kExitOk;
  });

  CLI::App* list =
      group->add_subcommand("list", "List users: name, id, role, agency, jurisdiction");
  list->add_option("--data", a->data, data_help);
  list->callback([a, &exit_code] {
    auto store = open_accounts(*a);
    if (!store) return void(exit_code = fail_with_kind("user list", store.error()));
    auto users = (*store)->list_users();
    if (!users) return void(exit_code = fail_with_kind("user list", users.error()));
    for (const auto& u : *users) print_user(u);
    exit_code = kExitOk;
  });

  CLI::App* disable = group->add_subcommand(
      "disable", "Disable a user: their tokens and sessions stop working (within 5 s on a server)");
  disable->add_option("name", a->name, "Login name or user id")->required();
  disable->add_option("--data", a->data, data_help);
  disable->callback([a, &exit_code] {
    auto store = open_accounts(*a);
    if (!store) return void(exit_code = fail_with_kind("user disable", store.error()));
    if (auto s = (*store)->disable_user(a->name); !s) {
      return void(exit_code = fail_with_kind("user disable", s.error()));
    }
    std::cout << "disabled " << base::printable(a->name) << "\n";
    exit_code = kExitOk;
  });

  CLI::App* passwd = group->add_subcommand(
      "passwd",
      "Set a user's password (asked twice on a terminal, else one line of stdin; "
      "at least 12 characters)");
  passwd->add_option("name", a->name, "Login name or user id")->required();
  passwd->add_option("--data", a->data, data_help);
  passwd->callback([a, &exit_code] {
    auto store = open_accounts(*a);
    if (!store) return void(exit_code = fail_with_kind("user passwd", store.error()));
    auto password = read_password();
    if (!password) return void(exit_code = fail_with_kind("user passwd", password.error()));
    if (auto s = (*store)->set_password(a->name, *password); !s) {
      return void(exit_code = fail_with_kind("user passwd", s.error()));
    }
    std::cout << "password set for " << base::printable(a->name) << "\n";
    exit_code = kExitOk;
  });

  CLI::App* token = group->add_subcommand(
      "token", "Issue an API token for a user; printed once (trustgate keeps only its SHA-256)");
  token->add_option("name", a->name, "Login name or user id")->required();
  token->add_option("--label", a->label, "What the token is for");
  token->add_option("--data", a->data, data_help);
  token->callback([a, &exit_code] {
    auto store = open_accounts(*a);
    if (!store) return void(exit_code = fail_with_kind("user token", store.error()));
    auto t = (*store)->issue_token(a->name, a->label);
    if (!t) return void(exit_code = fail_with_kind("user token", t.error()));
    std::cout << *t << "\n";
    exit_code = kExitOk;
  });
}

}  // namespace trustgate::cli
