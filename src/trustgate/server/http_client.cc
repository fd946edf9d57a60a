#include "trustgate/server/http_client.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace trustgate::server {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

struct Url {
  bool tls = false;
  std::string host, port, target;
};

base::Result<Url> parse_url(const std::string& url) {
  Url u;
  std::string rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    u.tls = true;
    rest = url.substr(8);
  } else {
    return base::invalid_field("url", "must start with http:// or https://: " + url);
  }
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  u.target = slash == std::string::npos ? "/" : rest.substr(slash);
  u.port = u.tls ? "443" : "80";
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    size_t close = authority.find(']');
    if (close == std::string::npos) return base::invalid_field("url", "bad IPv6 host in " + url);
    u.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') {
      u.port = authority.substr(close + 2);
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string::npos) {
    u.host = authority.substr(0, colon);
    u.port = authority.substr(colon + 1);
  } else {
    u.host = authority;
  }
  if (u.host.empty()) return base::invalid_field("url", "no host in " + url);
  return u;
}

template <class Stream>
base::Result<ClientResponse> exchange(
    Stream& stream, const std::string& method, const Url& u, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  http::request<http::string_body> req{http::string_to_verb(method), u.target, 11};
  req.set(http::field::host, u.host);
  req.set(http::field::user_agent, "trustgate");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  beast::error_code ec;
  http::write(stream, req, ec);
  if (ec) return base::io_error("cannot send to " + u.host + ": " + ec.message());
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(size_t{64} << 20);
  http::read(stream, buffer, parser, ec);
  if (ec) return base::io_error("no answer from " + u.host + ": " + ec.message());
  auto& res = parser.get();
  return ClientResponse{static_cast<int>(res.result_int()),
                        std::string(res[http::field::content_type]), std::move(res.body())};
}

}  // namespace

base::Result<ClientResponse> http_call(
    const std::string& method, const std::string& url, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers,
    std::chrono::milliseconds timeout) {
  auto u = parse_url(url);
  if (!u) return u.error();
  net::io_context ioc;
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  auto endpoints = resolver.resolve(u->host, u->port, ec);
  if (ec) return base::io_error("cannot resolve " + u->host + ": " + ec.message());
  if (!u->tls) {
    beast::tcp_stream stream(ioc);
    stream.expires_after(timeout);
    stream.connect(endpoints, ec);
    if (ec)
      return base::io_error("cannot connect to " + u->host + ":" + u->port + ": " + ec.message());
    auto r = exchange(stream, method, *u, body, headers);
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return r;
  }
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_default_verify_paths(ec);
  ctx.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  SSL_set_tlsext_host_name(stream.native_handle(), u->host.c_str());
  stream.set_verify_callback(ssl::host_name_verification(u->host));
  beast::get_lowest_layer(stream).expires_after(timeout);
  beast::get_lowest_layer(stream).connect(endpoints, ec);
  if (ec) return base::io_error("cannot connect to " + u->host + ": " + ec.message());
  stream.handshake(ssl::stream_base::client, ec);
  if (ec) return base::io_error("TLS with " + u->host + " failed: " + ec.message());
  auto r = exchange(stream, method, *u, body, headers);
  stream.shutdown(ec);
  return r;
}

}  // namespace trustgate::server
