// The service's view of HTTP: one request in, one response out, with no
// sockets in sight. The Beast server (http_server.h) turns bytes into these
// and back; tests and the fuzz target call the service with them directly.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace trustgate::server {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, as sent ("/v1/cases?state=decided")
  std::map<std::string, std::string, std::less<>> headers;  // names in lower case
  std::string body;
  std::string remote;  // the peer's address, for throttling

  // The header's value, or "".
  std::string_view header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
  std::string body;
  // Set by the service, for the access log and metrics.
  std::string operation;  // the operation id, or "" for no route
  std::string actor;      // the caller's user id, or "anonymous"
};

// Called exactly once per request, on any thread.
using Reply = std::function<void(HttpResponse)>;

// An RFC 9457 problem+json response for an error: its kind gives the status
// (InvalidArgument 400, NotFound 404, Conflict 409, PermissionDenied 403,
// Busy 503, Corruption and IO 500), its field the pointer of one entry of
// "errors". The detail and pointer quote the request as sent: text that is not valid,
// printable UTF-8 is written with escapes (base::printable), so the body is
// always valid JSON of printable text.
HttpResponse problem(const base::Error& error);
// A problem with an explicit status and title (413, 431, 401, 429, ...).
HttpResponse problem(int status, std::string_view title, std::string_view detail);

// A target split into its path and decoded query parameters.
struct Target {
  std::string path;
  std::map<std::string, std::string, std::less<>> query;
};
// The origin form ("/v1/cases?state=decided") or the absolute form
// ("http://host/v1/cases", read as its path and query, RFC 9112 3.2.2; no
// path is "/"). The path is percent-decoded ("+" is itself), the query's
// names and values too ("+" is a space). Fails (InvalidArgument) on a target
// that is neither, an authority with no host or with user information, bad
// percent-encoding, an encoded slash (%2F: it would route as a separator)
// or a control character in the path, or a repeated parameter.
base::Result<Target> parse_target(std::string_view target);

}  // namespace trustgate::server
