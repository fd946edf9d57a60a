// A small blocking HTTP/1.1 client (Boost.Beast) for what trustgate itself
// calls: witnesses (POST add-checkpoint) and logs being audited (GET
// checkpoint and tiles). http:// and https:// (certificates checked against
// the system's CA store).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace trustgate::server {

struct ClientResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};

// One request on a fresh connection. IO errors for a failed connection or a
// timeout; any HTTP status is a response.
base::Result<ClientResponse> http_call(
    const std::string& method, const std::string& url, const std::string& body = "",
    const std::vector<std::pair<std::string, std::string>>& headers = {},
    std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));

}  // namespace trustgate::server
