#include "serve_command.h"

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli_util.h"
#include "init_command.h"
#include "trustgate/server/http_server.h"
#include "trustgate/server/service.h"

namespace trustgate::cli {

namespace {

struct ServeArgs {
  std::string data;
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert, tls_key;
  std::string access_log = "-";
  std::string cedar_policies;
  unsigned threads = 0;
  unsigned workers = 64;
  double request_timeout = 10;
  double idle_timeout = 60;
  size_t max_connections = 4096;
  bool print_routes = false;
};

base::Result<std::pair<std::string, uint16_t>> host_port(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return base::invalid_field("--listen", "expected HOST:PORT, e.g. 127.0.0.1:8080");
  }
  std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535) {
    return base::invalid_field("--listen", "the port must be a number from 0 to 65535");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return std::pair{host, static_cast<uint16_t>(std::stoul(port))};
}

int run_serve(const ServeArgs& a) {
  if (a.print_routes) {
    for (const server::RouteInfo& r : server::route_table()) {
      std::cout << r.method << " " << r.path << " " << r.operation << "\n";
    }
    return kExitOk;
  }
  auto hp = host_port(a.listen);
  if (!hp) return fail_with_kind("serve", hp.error());
  // SIGTERM and SIGINT are taken by sigwait() below, in this thread only.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  server::ServiceOptions so;
  so.data = data_dir(a.data);
  so.workers = a.workers;
  so.secure_cookies = !a.tls_cert.empty();
  so.cedar_policies = a.cedar_policies;
  auto service = server::Service::open(so);
  if (!service) {
    base::Error e = service.error();
    if (e.kind == base::ErrorKind::Busy) {
      e.message += " (is another `trustgate serve` running on this data directory?)";
    }
    return fail_with_kind("serve", e);
  }
  FILE* log = stderr;
  if (a.access_log == "none") {
    log = nullptr;
  } else if (a.access_log != "-") {
    log = std::fopen(a.access_log.c_str(), "a");
    if (!log) return fail_with_kind("serve", base::io_error("cannot open " + a.access_log));
  }
  server::ServerOptions o;
  o.host = hp->first;
  o.port = hp->second;
  o.io_threads = a.threads;
  o.tls_cert = a.tls_cert;
  o.tls_key = a.tls_key;
  o.access_log = log;
  o.request_timeout = std::chrono::milliseconds(static_cast<int64_t>(a.request_timeout * 1000));
  o.idle_timeout = std::chrono::milliseconds(static_cast<int64_t>(a.idle_timeout * 1000));
  o.max_connections = a.max_connections;
  auto srv = server::HttpServer::start(o, **service);
  if (!srv) return fail_with_kind("serve", srv.error());
  std::cout << "trustgate serving " << data_dir(a.data) << " at "
            << ((*srv)->tls() ? "https" : "http") << "://"
            << (hp->first.find(':') != std::string::npos ? "[" + hp->first + "]" : hp->first) << ":"
            << (*srv)->port() << "/" << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  std::cout << "trustgate: " << (sig == SIGTERM ? "SIGTERM" : "SIGINT")
            << ": finishing the requests in flight" << std::endl;
  (*srv)->stop();
  srv->reset();
  service->reset();  // closes the ledger and the store
  if (log && log != stderr) std::fclose(log);
  std::cout << "trustgate: stopped" << std::endl;
  return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve the REST API (/v1), the web UI and the public pages for a data directory, which it "
      "holds for writing while it runs. SIGTERM or SIGINT: finish what is in flight, exit 0");
  cmd->add_option("--data", a->data,
                  "Data directory (default: $TRUSTGATE_DATA or ./trustgate-data)");
  cmd->add_option("--listen", a->listen,
                  "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any)");
  cmd->add_option("--tls-cert", a->tls_cert, "PEM certificate chain: serve HTTPS");
  cmd->add_option("--tls-key", a->tls_key, "PEM private key of the certificate");
  cmd->add_option("--access-log", a->access_log,
                  "Where the access log goes: a file, - (stderr, the default) or none");
  cmd->add_option("--cedar-policies", a->cedar_policies,
                  "Cedar policy file for POST /v1/cedar/authorize requests that bring none");
  cmd->add_option("--threads", a->threads, "I/O threads (default: one per core)");
  cmd->add_option("--workers", a->workers,
                  "Threads for operations that append to the ledger (default 64)");
  cmd->add_option("--request-timeout", a->request_timeout,
                  "Seconds a request may take to arrive whole (default 10)")
      ->check(CLI::Range(0.05, 3600.0));
  cmd->add_option("--idle-timeout", a->idle_timeout,
                  "Seconds a kept-alive connection may wait for its next request (default 60)")
      ->check(CLI::Range(0.05, 86400.0));
  cmd->add_option("--max-connections", a->max_connections,
                  "Open connections at most; beyond, new ones are closed at once (default 4096)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  cmd->add_flag("--print-routes", a->print_routes,
                "Print every route (method, path, operation id; one per line) and exit");
  cmd->callback([a, &exit_code] { exit_code = run_serve(*a); });
}

}  // namespace trustgate::cli
