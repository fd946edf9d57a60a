#include "beast_request.h"

#include <cctype>

namespace trustgate::server {

namespace http = boost::beast::http;

base::Result<HttpRequest> request_from_message(http::request<http::string_body>& message) {
  if (message.version() == 11 && message.count(http::field::host) != 1) {
    return base::invalid_field("", "an HTTP/1.1 request needs exactly one Host header");
  }
  HttpRequest req;
  req.method = std::string(message.method_string());
  req.target = std::string(message.target());
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto [it, fresh] = req.headers.emplace(name, std::string(field.value()));
    if (!fresh) it->second += ", " + std::string(field.value());
  }
  req.body = std::move(message.body());
  return req;
}

}  // namespace trustgate::server
