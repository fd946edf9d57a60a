#include "trustgate/server/metrics.h"

#include <cstdio>

namespace trustgate::server {

namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

template <size_t N>
void render_histogram(std::string& out, const std::string& name, const std::string& labels,
                      const std::vector<uint64_t>& buckets, const std::array<double, N>& bounds,
                      uint64_t count, double sum) {
  uint64_t cumulative = 0;
  const std::string sep = labels.empty() ? "" : ",";
  for (size_t i = 0; i < N; ++i) {
    cumulative += buckets.empty() ? 0 : buckets[i];
    out += name + "_bucket{" + labels + sep + "le=\"" + number(bounds[i]) + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  out += name + "_bucket{" + labels + sep + "le=\"+Inf\"} " + std::to_string(count) + "\n";
  const std::string braces = labels.empty() ? "" : "{" + labels + "}";
  out += name + "_sum" + braces + " " + number(sum) + "\n";
  out += name + "_count" + braces + " " + std::to_string(count) + "\n";
}

}  // namespace

template <size_t N>
void Metrics::Histogram::observe(const std::array<double, N>& bounds, double v) {
  if (buckets.empty()) buckets.assign(N, 0);
  ++count;
  sum += v;
  for (size_t i = 0; i < N; ++i) {
    if (v <= bounds[i]) {
      ++buckets[i];
      return;
    }
  }
}

void Metrics::Histogram::add(const Histogram& other) {
  if (buckets.empty()) buckets.assign(other.buckets.size(), 0);
  for (size_t i = 0; i < other.buckets.size(); ++i) buckets[i] += other.buckets[i];
  count += other.count;
  sum += other.sum;
}

void Metrics::Counts::add(const Counts& other) {
  for (const auto& [key, n] : other.requests) requests[key] += n;
  for (const auto& [op, h] : other.latency) latency[op].add(h);
  for (const auto& [key, n] : other.decisions) decisions[key] += n;
  batches.add(other.batches);
}

Metrics::Counts& Metrics::shard() {
  // Threads take the shards in turn, the first time they count.
  static std::atomic<size_t> next{0};
  thread_local const size_t index = next++ % kShards;
  return shards_[index];
}

void Metrics::request(const std::string& operation, int status, double seconds) {
  Counts& c = shard();
  std::lock_guard lk(c.mu);
  ++c.requests[{operation, status}];
  c.latency[operation].observe(kLatencyBuckets, seconds);
}

void Metrics::decision(const std::string& jurisdiction, const std::string& compliance) {
  Counts& c = shard();
  std::lock_guard lk(c.mu);
  ++c.decisions[{jurisdiction, compliance}];
}

void Metrics::commit_batch(uint64_t entries) {
  Counts& c = shard();
  std::lock_guard lk(c.mu);
  c.batches.observe(kBatchBuckets, static_cast<double>(entries));
}

void Metrics::add_gauges(GaugeSource source) {
  std::lock_guard lk(gauges_mu_);
  gauges_.push_back(std::move(source));
}

std::string Metrics::render() const {
  Counts all;
  for (const Counts& c : shards_) {
    std::lock_guard lk(c.mu);
    all.add(c);
  }
  std::vector<GaugeSource> sources;
  {
    std::lock_guard lk(gauges_mu_);
    sources = gauges_;
  }
  std::string out;
  out += "# HELP trustgate_http_requests_total HTTP requests by operation and status.\n";
  out += "# TYPE trustgate_http_requests_total counter\n";
  for (const auto& [key, n] : all.requests) {
    out += "trustgate_http_requests_total{route=\"" + (key.first.empty() ? "none" : key.first) +
           "\",status=\"" + std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP trustgate_http_request_duration_seconds Time to answer, by operation.\n";
  out += "# TYPE trustgate_http_request_duration_seconds histogram\n";
  for (const auto& [op, h] : all.latency) {
    render_histogram(out, "trustgate_http_request_duration_seconds",
                     "route=\"" + (op.empty() ? "none" : op) + "\"", h.buckets, kLatencyBuckets,
                     h.count, h.sum);
  }
  out += "# HELP trustgate_decisions_total Decided actions by jurisdiction and compliance.\n";
  out += "# TYPE trustgate_decisions_total counter\n";
  for (const auto& [key, n] : all.decisions) {
    out += "trustgate_decisions_total{jurisdiction=\"" + key.first + "\",compliance=\"" +
           key.second + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP trustgate_ledger_commit_batch_entries Entries per ledger commit (group commit).\n";
  out += "# TYPE trustgate_ledger_commit_batch_entries histogram\n";
  render_histogram(out, "trustgate_ledger_commit_batch_entries", "", all.batches.buckets,
                   kBatchBuckets, all.batches.count, all.batches.sum);
  for (const GaugeSource& source : sources) {
    for (const Gauge& g : source()) {
      out += "# HELP " + g.name + " " + g.help + "\n# TYPE " + g.name + " gauge\n";
      for (const auto& [labels, v] : g.values) {
        out += g.name + (labels.empty() ? "" : "{" + labels + "}") + " " + number(v) + "\n";
      }
    }
  }
  return out;
}

}  // namespace trustgate::server
