// Witnessing: the ledger's side of C2SP tlog-witness. The witnesses a data
// directory is configured with (DATA/witnesses.json) are shown each new
// checkpoint with a consistency proof from the last one they cosigned, in
// the background; their cosignatures are verified and kept
// (ledger/cosignature_log.h) and served with the checkpoint at /checkpoint.
//
//   DATA/witnesses.json
//   {"witnesses":[{"url":"http://host:port","verifier_key":"<name>+<id>+<key>"}]}
//
// A witness that answers 409 knows another size: the next attempt starts
// from it. Other failures are retried with backoff (1 s, doubling, at most
// 60 s). A witness that reports a size larger than the ledger's has seen a
// history this ledger does not have: that is logged as an alarm and counted.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/result.h"
#include "trustgate/ledger/cosignature.h"
#include "trustgate/ledger/cosignature_log.h"
#include "trustgate/ledger/ledger.h"
#include "trustgate/server/metrics.h"

namespace trustgate::server {

struct WitnessConfig {
  std::string url;  // the submission prefix: POST <url>/add-checkpoint
  ledger::CosignerKey key;
};

// The witnesses of a data directory (none when witnesses.json is missing).
base::Result<std::vector<WitnessConfig>> read_witnesses(const std::filesystem::path& data);
// Adds one to witnesses.json.
base::Status add_witness(const std::filesystem::path& data, const std::string& url,
                         const std::string& verifier_key);

class Witnessing {
 public:
  Witnessing(const ledger::Ledger& ledger, ledger::CosignatureLog& cosignatures,
             std::vector<WitnessConfig> witnesses, Metrics& metrics);
  ~Witnessing();  // stops the thread

  // Wakes the thread: there is a new checkpoint.
  void poke();

 private:
  struct State {
    WitnessConfig config;
    std::atomic<uint64_t> cosigned{0};  // the size it cosigned last, as far as we know
    std::atomic<uint64_t> alarms{0};
    std::chrono::steady_clock::time_point retry_at{};  // the witnessing thread's only
    std::chrono::seconds backoff{1};
  };
  void run();
  void submit(State& w, const ledger::SignedCheckpoint& cp);

  const ledger::Ledger& ledger_;
  ledger::CosignatureLog& cosignatures_;
  std::vector<std::unique_ptr<State>> witnesses_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool poked_ = false;
  std::thread thread_;
};

}  // namespace trustgate::server
