// The one conversion from a request Beast parsed to the service's
// HttpRequest, shared by the server (http_server.cc) and the request-path
// fuzz target (fuzz/http_request_fuzz.cc).
#pragma once

#include <boost/beast/http.hpp>

#include "base/result.h"
#include "trustgate/server/http.h"

namespace trustgate::server {

// Header names in lower case; a repeated header's values joined with ", ".
// The body is moved out of `message`. InvalidArgument for an HTTP/1.1
// request without exactly one Host header (RFC 9112 3.2).
base::Result<HttpRequest> request_from_message(
    boost::beast::http::request<boost::beast::http::string_body>& message);

}  // namespace trustgate::server
