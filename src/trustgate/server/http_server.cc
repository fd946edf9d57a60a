#include "trustgate/server/http_server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/json_string.h"
#include "beast_request.h"

namespace trustgate::server {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
// A connection's TCP stream, bound to its io_context's executor itself
// rather than the type-erased any_io_executor that beast::tcp_stream holds:
// a handler's executor is then not copied and destroyed through a vtable.
using TcpStream =
    beast::basic_stream<tcp, net::io_context::executor_type, beast::unlimited_rate_policy>;

// Bytes a connection's reads ask for at once. Beast asks for the buffer's
// free capacity (at least 512 bytes); reserved up front, a request of a few
// kilobytes (decide's example is about 900) takes one read, not two or more.
constexpr size_t kReadBytes = 4096;
constexpr size_t kLingerBytes = size_t{8} << 20;  // read and dropped after a refused body
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLogBatch = 32 << 10;                           // access-log bytes written at once
constexpr auto kLogFlushEvery = std::chrono::milliseconds(100);  // or after this long

// A connection the server can end when it stops.
class Closable {
 public:
  virtual ~Closable() = default;
  // Closes the connection if it is waiting for a request (on its executor).
  virtual void close_if_idle() = 0;
};

// What every connection needs from the server.
struct Shared {
  ServerOptions options;
  Service* service = nullptr;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> open{0};
  // Access-log lines not yet written: written together when kLogBatch
  // bytes are waiting, at least every kLogFlushEvery (a timer), and at stop,
  // so that a request costs no write of its own.
  std::mutex log_mu;
  std::string log_pending;
  std::mutex sessions_mu;
  std::set<std::weak_ptr<Closable>, std::owner_less<std::weak_ptr<Closable>>> sessions;
  size_t prune_at = 64;  // sessions' size at which ended connections are dropped from it

  // Keeps a new connection, for stop() to close. A weak pointer keeps the
  // memory of its (make_shared) connection until it is dropped, so the ended
  // ones go whenever the set has doubled: it holds at most about twice the
  // open connections, however many came and went.
  void remember(const std::shared_ptr<Closable>& session) {
    std::lock_guard lk(sessions_mu);
    if (sessions.size() >= prune_at) {
      std::erase_if(sessions, [](const std::weak_ptr<Closable>& s) { return s.expired(); });
      prune_at = std::max<size_t>(64, 2 * sessions.size());
    }
    sessions.insert(session);
  }
};

// With s.log_mu held.
void write_access_log(Shared& s) {
  if (s.log_pending.empty() || !s.options.access_log) return;
  std::fwrite(s.log_pending.data(), 1, s.log_pending.size(), s.options.access_log);
  std::fflush(s.options.access_log);
  s.log_pending.clear();
}

void log_access(Shared& s, const std::string& method, const HttpResponse& r,
                std::chrono::steady_clock::time_point start) {
  if (!s.options.access_log) return;
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  std::string line = "{\"at\":";
  base::append_json_string(line, base::now_utc_rfc3339());
  line += ",\"method\":";
  base::append_json_string(line, method);
  line += ",\"route\":";
  base::append_json_string(line, r.operation.empty() ? "none" : r.operation);
  line +=
      ",\"status\":" + std::to_string(r.status) + ",\"us\":" + std::to_string(us) + ",\"actor\":";
  base::append_json_string(line, r.actor.empty() ? "anonymous" : r.actor);
  line += "}\n";
  std::lock_guard lk(s.log_mu);
  s.log_pending += line;
  if (s.log_pending.size() >= kLogBatch) write_access_log(s);
}

// A 204 or a 304 has no content (RFC 9110 15.3.5, 15.4.5).
bool without_content(int status) { return status == 204 || status == 304; }

// Appends an HTTP/1.1 response's status line and headers, through the blank
// line: Server, Content-Type, X-Content-Type-Options, the response's own
// headers (without line breaks), Content-Length (body_size; for a HEAD the
// GET's; none for a 204 or 304) and, when the connection closes after it,
// "Connection: close".
void append_response_head(std::string& out, const HttpResponse& r, size_t body_size,
                          bool keep_alive) {
  out += "HTTP/1.1 ";
  out += std::to_string(r.status);
  out += ' ';
  out += http::obsolete_reason(static_cast<http::status>(r.status));
  out += "\r\nServer: trustgate\r\nContent-Type: ";
  out += r.content_type;
  out += "\r\nX-Content-Type-Options: nosniff\r\n";
  for (const auto& [name, value] : r.headers) {
    // A line break in a value would end the header: none is written.
    out += name;
    out += ": ";
    for (char c : value) {
      if (c != '\r' && c != '\n') out += c;
    }
    out += "\r\n";
  }
  // RFC 9110 8.6: none in a 204, and in a 304 only the 200's length, which
  // the server does not know there: none either.
  if (!without_content(r.status)) {
    out += "Content-Length: ";
    out += std::to_string(body_size);
    out += "\r\n";
  }
  out += keep_alive ? "\r\n" : "Connection: close\r\n\r\n";
}

// One connection. Stream is TcpStream or beast::ssl_stream of it.
template <class Stream>
class Session : public Closable, public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, std::shared_ptr<Shared> shared)
      : stream_(std::move(stream)), shared_(std::move(shared)) {}
  ~Session() { --shared_->open; }

  // The connection's context: its handlers run there, one at a time.
  auto executor() { return stream_.get_executor(); }

  // On the connection's context.
  void start() {
    buffer_.reserve(kReadBytes);
    beast::error_code ec;
    auto endpoint = tcp().socket().remote_endpoint(ec);
    remote_ = ec ? "" : endpoint.address().to_string();
    shared_->remember(this->shared_from_this());
    if constexpr (std::is_same_v<Stream, TcpStream>) {
      read();
    } else {
      beast::get_lowest_layer(stream_).expires_after(shared_->options.request_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->read();
                              });
    }
  }

 private:
  auto& tcp() { return beast::get_lowest_layer(stream_); }

  void read() {
    if (shared_->stopping) return close();
    parser_.emplace();
    parser_->body_limit(shared_->options.max_body);
    parser_->header_limit(static_cast<uint32_t>(shared_->options.max_header));
    // The first request of a connection, and each later one, must arrive
    // within the timeouts; a connection kept alive idles at most idle_timeout.
    tcp().expires_after(first_ ? shared_->options.request_timeout : shared_->options.idle_timeout);
    waiting_ = true;
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void close_if_idle() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->waiting_) self->close();
    });
  }

  void on_read(beast::error_code ec) {
    waiting_ = false;
    if (ec == http::error::end_of_stream || ec == net::error::eof) return close();
    if (ec == beast::error::timeout || ec == net::error::operation_aborted) return close();
    const auto start = std::chrono::steady_clock::now();
    if (ec) {
      HttpResponse r;
      if (ec == http::error::body_limit) {
        r = problem(
            413, "",
            "the body may hold at most " + std::to_string(shared_->options.max_body) + " bytes");
      } else if (ec == http::error::header_limit) {
        r = problem(431, "",
                    "the headers may hold at most " + std::to_string(shared_->options.max_header) +
                        " bytes");
      } else {
        r = problem(400, "", "malformed HTTP: " + ec.message());
      }
      log_access(*shared_, "?", r, start);
      return write(std::move(r), false, true);
    }
    first_ = false;
    auto& msg = parser_->get();
    auto parsed = request_from_message(msg);
    if (!parsed) {
      HttpResponse r = problem(parsed.error());
      log_access(*shared_, std::string(msg.method_string()), r, start);
      return write(std::move(r), false, true);
    }
    HttpRequest req = std::move(*parsed);
    req.remote = remote_;
    const bool keep_alive = msg.keep_alive();
    head_ = msg.method() == http::verb::head;
    const std::string method = req.method;
    tcp().expires_never();
    auto self = this->shared_from_this();
    shared_->service->handle(std::move(req), [self, keep_alive, method,
                                              start](HttpResponse r) mutable {
      log_access(*self->shared_, method, r, start);
      // On the connection's I/O thread already (an answer computed there)
      // this writes at once; from a worker it is queued to that thread.
      net::dispatch(self->stream_.get_executor(), [self, keep_alive, r = std::move(r)]() mutable {
        self->write(std::move(r), keep_alive, false);
      });
    });
  }

  void write(HttpResponse r, bool keep_alive, bool linger) {
    // One answer per connection at a time: its head and body stay here
    // until the write completes.
    keep_alive_ = keep_alive && !linger && !shared_->stopping;
    body_ = std::move(r.body);
    if (without_content(r.status)) body_.clear();
    head_text_.clear();
    append_response_head(head_text_, r, body_.size(), keep_alive_);
    std::array<net::const_buffer, 2> buffers{net::buffer(head_text_), net::buffer(body_)};
    // HEAD: the GET's headers (its Content-Length too), and no body.
    if (head_) buffers[1] = net::const_buffer();
    head_ = false;
    tcp().expires_after(shared_->options.request_timeout);
    net::async_write(stream_, buffers,
                     [self = this->shared_from_this(), linger](beast::error_code ec, size_t) {
                       if (ec) return self->close();
                       if (linger) return self->linger();
                       if (!self->keep_alive_) return self->close();
                       self->read();
                     });
  }

  // After refusing a request, reads what the client still sends (up to a
  // bound) before closing, so that it sees the answer instead of a reset.
  void linger() {
    beast::error_code ec;
    tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
    tcp().expires_after(kLingerTime);
    drain_ = std::make_shared<std::array<char, 65536>>();
    drain();
  }

  void drain() {
    tcp().socket().async_read_some(
        net::buffer(*drain_), [self = this->shared_from_this()](beast::error_code ec, size_t n) {
          self->drained_ += n;
          if (ec || self->drained_ > kLingerBytes) return self->close();
          self->drain();
        });
  }

  void close() {
    beast::error_code ec;
    tcp().socket().shutdown(tcp::socket::shutdown_both, ec);
    tcp().close();
  }

  Stream stream_;
  std::shared_ptr<Shared> shared_;
  std::string remote_;  // the peer's address, read once
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string head_text_;    // the answer being written: its status line and headers,
  std::string body_;         // its body,
  bool keep_alive_ = false;  // and whether the connection stays open after it
  bool first_ = true;
  bool waiting_ = false;  // in a read, between requests (on the executor only)
  bool head_ = false;     // the request being answered is a HEAD
  std::shared_ptr<std::array<char, 65536>> drain_;
  size_t drained_ = 0;
};

class ServerImpl : public HttpServer {
 public:
  ServerImpl(const ServerOptions& options, Service& service)
      : shared_(std::make_shared<Shared>()),
        iocs_(make_contexts(threads(options))),
        acceptor_(*iocs_.front()),
        log_timer_(*iocs_.front()),
        tls_context_(ssl::context::tls_server) {
    shared_->options = options;
    shared_->service = &service;
  }

  ~ServerImpl() override { stop(); }

  base::Status start() {
    const ServerOptions& o = shared_->options;
    if (!o.tls_cert.empty() || !o.tls_key.empty()) {
      if (o.tls_cert.empty() || o.tls_key.empty()) {
        return base::invalid_field("--tls-cert", "TLS needs both --tls-cert and --tls-key");
      }
      beast::error_code ec;
      tls_context_.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                               ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                               ssl::context::no_tlsv1_1);
      tls_context_.use_certificate_chain_file(o.tls_cert, ec);
      if (ec) return base::invalid_field("--tls-cert", o.tls_cert + ": " + ec.message());
      tls_context_.use_private_key_file(o.tls_key, ssl::context::pem, ec);
      if (ec) return base::invalid_field("--tls-key", o.tls_key + ": " + ec.message());
      tls_ = true;
    }
    beast::error_code ec;
    auto address = net::ip::make_address(o.host, ec);
    if (ec) return base::invalid_field("--listen", "not an IP address: " + o.host);
    tcp::endpoint endpoint(address, o.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      return base::io_error("cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " +
                            ec.message());
    }
    port_ = acceptor_.local_endpoint().port();
    accept();
    flush_log_later();
    for (auto& ioc : iocs_) {
      // A context without a connection has nothing to do: the guard keeps
      // its thread in run() until stop().
      guards_.emplace_back(ioc->get_executor());
      threads_.emplace_back([&ioc = *ioc] { ioc.run(); });
    }
    return base::Status::Ok();
  }

  uint16_t port() const override { return port_; }
  bool tls() const override { return tls_; }

  void stop() override {
    if (stopped_.exchange(true)) return;
    shared_->stopping = true;
    net::post(acceptor_.get_executor(), [this] {
      beast::error_code ec;
      acceptor_.close(ec);
    });
    // Requests in flight finish; then connections close as they become idle.
    shared_->service->drain();
    auto deadline = std::chrono::steady_clock::now() + shared_->options.request_timeout;
    while (shared_->open > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      close_idle();
    }
    guards_.clear();
    for (auto& ioc : iocs_) ioc->stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
    std::lock_guard lk(shared_->log_mu);
    write_access_log(*shared_);
  }

 private:
  static unsigned threads(const ServerOptions& o) {
    return o.io_threads ? o.io_threads : std::max(1u, std::thread::hardware_concurrency());
  }

  // One io_context per I/O thread, each run by that thread alone: a
  // connection lives on one context, so its handlers never run at once and
  // need no strand.
  static std::vector<std::unique_ptr<net::io_context>> make_contexts(unsigned n) {
    std::vector<std::unique_ptr<net::io_context>> out;
    for (unsigned i = 0; i < n; ++i) out.push_back(std::make_unique<net::io_context>(1));
    return out;
  }

  // Idle keep-alive connections wait in a read for the next request: close
  // them (a connection answering a request closes after its answer).
  void close_idle() {
    std::lock_guard lk(shared_->sessions_mu);
    for (auto it = shared_->sessions.begin(); it != shared_->sessions.end();) {
      if (auto s = it->lock()) {
        s->close_if_idle();
        ++it;
      } else {
        it = shared_->sessions.erase(it);
      }
    }
  }

  void flush_log_later() {
    log_timer_.expires_after(kLogFlushEvery);
    log_timer_.async_wait([this](beast::error_code ec) {
      if (ec) return;
      {
        std::lock_guard lk(shared_->log_mu);
        write_access_log(*shared_);
      }
      flush_log_later();
    });
  }

  void accept() {
    // Connections are spread over the contexts in turn.
    net::io_context& ioc = *iocs_[next_ioc_++ % iocs_.size()];
    acceptor_.async_accept(
        ioc.get_executor(), [this](beast::error_code ec, TcpStream::socket_type socket) {
          if (ec) {
            if (ec == net::error::operation_aborted || shared_->stopping) return;
            return accept();
          }
          if (shared_->open >= shared_->options.max_connections || shared_->stopping) {
            beast::error_code ignored;
            socket.close(ignored);
            return accept();
          }
          ++shared_->open;
          TcpStream stream(std::move(socket));
          if (tls_) {
            auto s = std::make_shared<Session<beast::ssl_stream<TcpStream>>>(
                beast::ssl_stream<TcpStream>(std::move(stream), tls_context_), shared_);
            net::post(s->executor(), [s] { s->start(); });
          } else {
            auto s = std::make_shared<Session<TcpStream>>(std::move(stream), shared_);
            net::post(s->executor(), [s] { s->start(); });
          }
          accept();
        });
  }

  std::shared_ptr<Shared> shared_;
  std::vector<std::unique_ptr<net::io_context>> iocs_;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards_;
  size_t next_ioc_ = 0;  // on the acceptor's context only
  tcp::acceptor acceptor_;
  net::steady_timer log_timer_;
  ssl::context tls_context_;
  bool tls_ = false;
  uint16_t port_ = 0;
  std::atomic<bool> stopped_{false};
  std::vector<std::thread> threads_;
};

}  // namespace

base::Result<std::unique_ptr<HttpServer>> HttpServer::start(const ServerOptions& options,
                                                            Service& service) {
  auto server = std::make_unique<ServerImpl>(options, service);
  if (auto s = server->start(); !s) return s.error();
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace trustgate::server
