// libFuzzer target for the request path of `trustgate serve`, without
// sockets: routing, the caller, access, body checks and the intake.
//
// Input: one byte that picks the caller (anonymous, or a token of admin,
// desk officer, supervisor, counsel or auditor), then the bytes of one
// HTTP/1.1 request. Beast's request parser reads them with the server's
// limits, request_from_message() makes the service's request of them (as
// the server does), and the Service answers it.
//
// Checked on every input: exactly one reply; its status is 2xx, 3xx or 4xx
// (a 5xx is a bug: the service failed on input it should refuse); a JSON
// body is valid UTF-8; a 4xx is RFC 9457 problem+json (from the web UI's
// pages: an HTML page) whose body is one
// JSON object with "status" equal to the HTTP status, and whose title,
// detail and each error's pointer and detail are printable text (no control
// or bidirectional formatting character), whatever the request quoted.
//
// The data directory is made once per process in $TMPDIR (scripts/fuzz-http
// points it at /dev/shm, so that commits are cheap); submissions that pass
// the intake are recorded there.
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "base/text.h"
#include "beast_request.h"
#include "trustgate/accounts/accounts.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/common/json.h"
#include "trustgate/server/service.h"

namespace {

namespace http = boost::beast::http;
using trustgate::server::HttpRequest;
using trustgate::server::HttpResponse;

struct World {
  std::unique_ptr<trustgate::server::Service> service;
  std::string tokens[6];  // [0] anonymous: none
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "http_request_fuzz: %s\n", what.c_str());
  std::abort();
}

World* make_world() {
  const char* tmp = std::getenv("TMPDIR");
  std::filesystem::path dir = std::filesystem::path(tmp && *tmp ? tmp : "/tmp") /
                              ("trustgate-fuzz-http-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  const char* policies = std::getenv("TRUSTGATE_POLICIES");
  auto* w = new World;
  auto made = trustgate::cases::init_data_dir(
      dir, {"", policies ? policies : TRUSTGATE_SOURCE_DIR "/policies",
            [&](const std::filesystem::path& d) {
              auto store = trustgate::accounts::AccountStore::open(d / "accounts.db", true);
              if (!store) return base::Status(store.error());
              const char* users[][3] = {{"admin", "admin", ""},
                                        {"desk", "desk_officer", "chicago-police"},
                                        {"sup", "supervisor", "chicago-police"},
                                        {"counsel", "counsel", ""},
                                        {"auditor", "auditor", ""}};
              for (int i = 0; i < 5; ++i) {
                auto u = (*store)->add_user(users[i][0], users[i][1], users[i][2],
                                            users[i][2][0] ? "us-il-chicago" : "");
                if (!u) return base::Status(u.error());
                auto t = (*store)->issue_token(users[i][0], "fuzz");
                if (!t) return base::Status(t.error());
                w->tokens[i + 1] = *t;
              }
              return base::Status::Ok();
            }});
  if (!made) die("init: " + made.error().message);
  trustgate::server::ServiceOptions options;
  options.data = dir;
  options.workers = 2;
  auto service = trustgate::server::Service::open(options);
  if (!service) die("open: " + service.error().message);
  w->service = std::move(*service);
  return w;
}

// The reply, waited for (operations that append run on the workers).
HttpResponse answer(trustgate::server::Service& service, HttpRequest request) {
  std::optional<HttpResponse> got;
  int replies = 0;
  service.handle(std::move(request), [&](HttpResponse r) {
    ++replies;
    got = std::move(r);
  });
  service.drain();
  if (replies != 1) die("replies: " + std::to_string(replies));
  return std::move(*got);
}

// A problem's text: printable (no control or bidirectional formatting
// character), whatever the request quoted.
void check_printable(const trustgate::common::Json& problem, std::string_view key,
                     const std::string& body) {
  const base::TextRule any{std::string::npos, false, false};
  if (!base::check_text(key, problem.string_or_empty(key), any)) {
    die("a problem's " + std::string(key) + " that is not printable: " + body);
  }
}

void check(const HttpResponse& r) {
  if (r.status < 200 || r.status >= 500) die("status " + std::to_string(r.status) + ": " + r.body);
  const bool json =
      r.content_type == "application/json" || r.content_type == "application/problem+json";
  if (json && !base::valid_utf8(r.body)) die("a JSON body that is not UTF-8: " + r.body);
  if (r.status < 400) return;
  // The web UI's pages answer a browser with an HTML page (its 404 page);
  // every other operation answers problem+json.
  if (r.operation.rfind("web_", 0) == 0 && r.content_type == "text/html; charset=utf-8") return;
  if (r.content_type != "application/problem+json")
    die("a " + std::to_string(r.status) + " as " + r.content_type);
  auto body = trustgate::common::parse_json(r.body);
  if (!body || !body->is_object()) die("a problem that is not a JSON object: " + r.body);
  const trustgate::common::Json* status = body->find("status");
  if (!status || !status->is_int() || status->as_int() != r.status)
    die("problem status: " + r.body);
  check_printable(*body, "title", r.body);
  check_printable(*body, "detail", r.body);
  const trustgate::common::Json* errors = body->find("errors");
  if (!errors || !errors->is_array()) die("a problem without errors: " + r.body);
  for (const trustgate::common::Json& e : errors->as_array()) {
    check_printable(e, "pointer", r.body);
    check_printable(e, "detail", r.body);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World* world = make_world();
  if (size < 1) return 0;
  const unsigned caller = data[0] % 6;
  http::request_parser<http::string_body> parser;
  parser.body_limit(size_t{1} << 20);
  parser.header_limit(16 << 10);
  parser.eager(true);
  boost::beast::error_code ec;
  size_t used = 0;
  const char* text = reinterpret_cast<const char*>(data + 1);
  const size_t length = size - 1;
  while (used < length && !parser.is_done()) {
    size_t n = parser.put(boost::asio::buffer(text + used, length - used), ec);
    if (ec == http::error::need_more) break;
    if (ec) return 0;  // malformed HTTP: the server answers 400 and closes
    if (n == 0) break;
    used += n;
  }
  if (!parser.is_done()) {
    parser.put_eof(ec);
    if (ec || !parser.is_done()) return 0;
  }
  auto message = parser.release();
  auto request = trustgate::server::request_from_message(message);
  if (!request) return 0;  // 400 before the service
  if (caller != 0) request->headers["authorization"] = "Bearer " + world->tokens[caller];
  request->remote = "127.0.0.1";
  check(answer(*world->service, std::move(*request)));
  return 0;
}
