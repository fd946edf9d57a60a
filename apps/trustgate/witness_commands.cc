#include "witness_commands.h"

#include <signal.h>

#include <iostream>
#include <memory>

#include "cli_util.h"
#include "trustgate/server/http_server.h"
#include "trustgate/witness/witness.h"
#include "trustgate/witness/witness_service.h"

namespace trustgate::cli {

namespace {

struct WitnessArgs {
  std::string data = "trustgate-witness";
  std::string name;
  std::string log_key;
  std::string listen;
};

int run_serve(const WitnessArgs& a) {
  size_t colon = a.listen.rfind(':');
  if (colon == std::string::npos) {
    return fail_with_kind("witness", base::invalid_field("--listen", "expected HOST:PORT"));
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  auto witness = witness::Witness::open(a.data);
  if (!witness) return fail_with_kind("witness", witness.error());
  auto service = witness::make_witness_service(**witness);
  server::ServerOptions o;
  o.host = a.listen.substr(0, colon);
  o.port = static_cast<uint16_t>(std::stoul(a.listen.substr(colon + 1)));
  o.max_body = size_t{64} << 10;
  o.access_log = nullptr;
  auto srv = server::HttpServer::start(o, *service);
  if (!srv) return fail_with_kind("witness", srv.error());
  std::cout << "witness " << (*witness)->key().name() << " at http://" << o.host << ":"
            << (*srv)->port() << "/add-checkpoint\n  verifier key "
            << (*witness)->key().verifier_key() << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  (*srv)->stop();
  return kExitOk;
}

}  // namespace

void add_witness_commands(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<WitnessArgs>();
  CLI::App* group = app.add_subcommand(
      "witness",
      "A C2SP tlog-witness: follows logs and cosigns each checkpoint consistent with the last "
      "one it saw (POST /add-checkpoint). `trustgate witness --data DIR --listen HOST:PORT` "
      "serves; init and follow set it up");
  const std::string data_help = "Witness directory (default ./trustgate-witness)";
  group->add_option("--data", a->data, data_help);
  group->add_option("--listen", a->listen, "HOST:PORT to serve on");

  CLI::App* init = group->add_subcommand(
      "init",
      "Create a witness directory and its Ed25519 key; prints its cosignature verifier key");
  init->add_option("--name", a->name, "The witness's name, e.g. witness.city.example/w1")
      ->required();
  init->add_option("--data", a->data, data_help);
  init->callback([a, &exit_code] {
    auto key = witness::init_witness(a->data, a->name);
    if (!key) return void(exit_code = fail_with_kind("witness init", key.error()));
    std::cout << "created " << a->data << "\n  verifier key " << *key << "\n";
    exit_code = kExitOk;
  });

  CLI::App* follow = group->add_subcommand(
      "follow", "Follow a log: give its note verifier key (as `trustgate init` prints it)");
  follow->add_option("key", a->log_key, "The log's verifier key <origin>+<id>+<key>")->required();
  follow->add_option("--data", a->data, data_help);
  follow->callback([a, &exit_code] {
    if (auto s = witness::follow_log(a->data, a->log_key); !s) {
      return void(exit_code = fail_with_kind("witness follow", s.error()));
    }
    std::cout << "following " << a->log_key.substr(0, a->log_key.find('+')) << "\n";
    exit_code = kExitOk;
  });

  CLI::App* serve = group->add_subcommand("serve", "Serve POST /add-checkpoint");
  serve->add_option("--data", a->data, data_help);
  serve->add_option("--listen", a->listen, "HOST:PORT to serve on")->required();
  serve->callback([a, &exit_code] { exit_code = run_serve(*a); });

  group->callback([a, group, &exit_code] {
    if (!group->get_subcommands().empty()) return;
    if (a->listen.empty()) {
      std::cerr << "trustgate witness: give --listen HOST:PORT to serve, or a subcommand "
                   "(init, follow, serve); see --help\n";
      exit_code = kExitError;
      return;
    }
    exit_code = run_serve(*a);
  });
}

}  // namespace trustgate::cli
