// HttpServer: HTTP/1.1 (and HTTPS, with a certificate) on Boost.Beast/Asio
// in front of a Service. One I/O thread per core; keep-alive; every read
// and write asynchronous, so a slow client holds no thread.
//
// Limits (design, "The service"): a body over max_body is refused with 413
// and headers over max_header with 431 (the connection then closes after
// letting the client finish sending, so it reads the answer); a request
// must arrive whole within request_timeout and a kept-alive connection may
// idle for idle_timeout; beyond max_connections new connections are closed
// at once. Malformed HTTP gets 400 and the connection closes.
//
// stop(): stops accepting, lets every request in flight be answered (and
// every operation handed to the service's workers finish), closes idle
// connections, and returns once all are closed.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "base/result.h"
#include "trustgate/server/service.h"

namespace trustgate::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;     // 0: any free port (see HttpServer::port)
  unsigned io_threads = 0;  // 0: one per core
  size_t max_body = size_t{1} << 20;
  size_t max_header = size_t{16} << 10;
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds idle_timeout{60000};
  size_t max_connections = 4096;
  std::string tls_cert, tls_key;  // PEM files; both or neither
  FILE* access_log = stderr;      // one JSON line per request; null for none
};

class HttpServer {
 public:
  static base::Result<std::unique_ptr<HttpServer>> start(const ServerOptions& options,
                                                         Service& service);
  virtual ~HttpServer() = default;
  virtual uint16_t port() const = 0;
  virtual bool tls() const = 0;
  virtual void stop() = 0;
};

}  // namespace trustgate::server
