// Metrics: what many threads count into their shards, a scrape adds up.
#include "trustgate/server/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace trustgate::server {
namespace {

TEST(Metrics, AScrapeAddsUpEveryThreadsCounts) {
  Metrics m;
  // More threads than shards: some share one.
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&m] {
      for (int i = 0; i < 1000; ++i) {
        m.request("decide", 200, 0.0002);
        m.decision("us-il-chicago", "prohibited");
      }
      m.commit_batch(3);
    });
  }
  for (auto& t : threads) t.join();
  m.request("decide", 400, 0.01);
  const std::string text = m.render();
  auto has = [&](const std::string& line) { return text.find(line + "\n") != std::string::npos; };
  EXPECT_TRUE(has(R"(trustgate_http_requests_total{route="decide",status="200"} 12000)")) << text;
  EXPECT_TRUE(has(R"(trustgate_http_requests_total{route="decide",status="400"} 1)"));
  EXPECT_TRUE(has(
      R"(trustgate_decisions_total{jurisdiction="us-il-chicago",compliance="prohibited"} 12000)"));
  // 0.0002 s falls in the 0.00025 bucket; the 0.01 s request in 0.01.
  EXPECT_TRUE(
      has(R"(trustgate_http_request_duration_seconds_bucket{route="decide",le="0.0001"} 0)"));
  EXPECT_TRUE(
      has(R"(trustgate_http_request_duration_seconds_bucket{route="decide",le="0.00025"} 12000)"));
  EXPECT_TRUE(
      has(R"(trustgate_http_request_duration_seconds_bucket{route="decide",le="0.01"} 12001)"));
  EXPECT_TRUE(has(R"(trustgate_http_request_duration_seconds_count{route="decide"} 12001)"));
  EXPECT_TRUE(has(R"(trustgate_ledger_commit_batch_entries_bucket{le="4"} 12)"));
  EXPECT_TRUE(has(R"(trustgate_ledger_commit_batch_entries_sum 36)"));
  EXPECT_TRUE(has(R"(trustgate_ledger_commit_batch_entries_count 12)"));
}

}  // namespace
}  // namespace trustgate::server
