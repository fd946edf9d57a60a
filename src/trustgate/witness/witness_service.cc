#include "trustgate/witness/witness_service.h"

#include <chrono>

#include "base/clock.h"

namespace trustgate::witness {

namespace {

class WitnessService : public server::Service {
 public:
  explicit WitnessService(Witness& w) : witness_(w) {}

  void handle(server::HttpRequest request, server::Reply reply) override {
    const auto start = std::chrono::steady_clock::now();
    server::HttpResponse r;
    const std::string path = request.target.substr(0, request.target.find('?'));
    if (path == "/add-checkpoint" && request.method == "POST") {
      Answer a =
          witness_.add_checkpoint(request.body, static_cast<uint64_t>(base::now_unix_seconds()));
      r.status = a.status;
      r.content_type = a.content_type;
      r.body = std::move(a.body);
      r.operation = "add_checkpoint";
    } else if (path == "/healthz" && request.method == "GET") {
      r.body = "{\"status\":\"ok\"}";
      r.operation = "healthz";
    } else if (path == "/metrics" && request.method == "GET") {
      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
      r.body = metrics_.render();
      r.operation = "metrics";
    } else {
      r = server::problem(404, "", "a witness serves POST /add-checkpoint");
    }
    r.actor = "anonymous";
    metrics_.request(
        r.operation, r.status,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    reply(std::move(r));
  }
  void drain() override {}
  server::Metrics& metrics() override { return metrics_; }

 private:
  Witness& witness_;
  server::Metrics metrics_;
};

}  // namespace

std::unique_ptr<server::Service> make_witness_service(Witness& witness) {
  return std::make_unique<WitnessService>(witness);
}

}  // namespace trustgate::witness
