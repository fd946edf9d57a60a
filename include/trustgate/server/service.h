// Service: the REST API of `trustgate serve` (design, "The service"), as a
// function from HttpRequest to HttpResponse. It owns the data directory
// (opened for writing), the law it decides with, the case workflow, the
// accounts and the access policy.
//
// Per request, in order: route (404/405), caller (a Bearer token or the
// session cookie; 401 for bad credentials), access (access.cedar: 401 for
// an anonymous caller, 403 otherwise), CSRF for state changes made with a
// session cookie (403), body checks (415 for a body that is not JSON), then
// the operation. Errors are RFC 9457 problem+json with the JSON Pointer of
// each bad field; a refused request writes nothing.
//
// Threads: handle() may be called from any number of threads. Operations
// that append to the ledger run on a pool of worker threads, so that an I/O
// thread never waits on a commit and commits are shared across connections;
// everything else (deciding, reading) runs on the caller's thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "trustgate/server/http.h"
#include "trustgate/server/metrics.h"

namespace trustgate::server {

struct ServiceOptions {
  std::filesystem::path data;
  unsigned workers = 64;        // threads for operations that append to the ledger
  bool secure_cookies = false;  // Secure on the session cookie (TLS)
  std::string cedar_policies;   // a policy file for POST /v1/cedar/authorize ("" for none)
  int64_t session_seconds = 8 * 3600;
};

// One route of the API: its method, path ("{name}" for a parameter) and
// operation id (the access policy's action, the OpenAPI operationId).
struct RouteInfo {
  std::string method, path, operation;
};
// Every route the service answers, in the order they are matched.
std::vector<RouteInfo> route_table();

class Service {
 public:
  static base::Result<std::unique_ptr<Service>> open(const ServiceOptions& options);
  virtual ~Service() = default;

  // Answers one request; `reply` is called exactly once, maybe on another
  // thread, maybe before handle() returns.
  virtual void handle(HttpRequest request, Reply reply) = 0;
  // Waits until every operation handed to the workers has replied.
  virtual void drain() = 0;
  virtual Metrics& metrics() = 0;
};

}  // namespace trustgate::server
