// Metrics: what `GET /metrics` exposes, in the Prometheus text format 0.0.4.
// Counters and histograms are updated from any thread without a global lock
// on the hot path: each thread counts into one of kShards shards (its own
// while there are no more threads than shards), under that shard's mutex,
// held for a map lookup; a scrape adds the shards up.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace trustgate::server {

class Metrics {
 public:
  // One HTTP request: its operation ("" when no route matched), status and
  // duration.
  void request(const std::string& operation, int status, double seconds);
  // One decided action.
  void decision(const std::string& jurisdiction, const std::string& compliance);
  // One ledger commit batch of `entries`.
  void commit_batch(uint64_t entries);

  // Gauges read when scraped: name, help, and (labels, value) pairs.
  struct Gauge {
    std::string name, help;
    std::vector<std::pair<std::string, double>> values;  // labels as `a="b"` text
  };
  using GaugeSource = std::function<std::vector<Gauge>()>;
  void add_gauges(GaugeSource source);

  // The exposition text.
  std::string render() const;

 private:
  static constexpr std::array<double, 12> kLatencyBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5};
  static constexpr std::array<double, 10> kBatchBuckets = {1, 2, 4, 8, 16, 32, 64, 128, 256, 1024};

  static constexpr size_t kShards = 8;

  struct Histogram {
    std::vector<uint64_t> buckets;  // cumulative counts are computed at render
    uint64_t count = 0;
    double sum = 0;
    // Counts `v` into the first bucket whose bound holds it (none: +Inf only).
    template <size_t N>
    void observe(const std::array<double, N>& bounds, double v);
    void add(const Histogram& other);
  };

  // What some of the threads counted; a cache line of its own, so that
  // threads counting into different shards do not share one.
  struct alignas(64) Counts {
    mutable std::mutex mu;
    std::map<std::pair<std::string, int>, uint64_t> requests;  // (operation, status)
    std::map<std::string, Histogram> latency;                  // by operation
    std::map<std::pair<std::string, std::string>, uint64_t> decisions;
    Histogram batches;
    void add(const Counts& other);  // other's mu held
  };

  // The calling thread's shard.
  Counts& shard();

  std::array<Counts, kShards> shards_;
  mutable std::mutex gauges_mu_;
  std::vector<GaugeSource> gauges_;
};

}  // namespace trustgate::server
