// Ledger benchmark: durable appends per second with group commit (each
// acknowledged once its entry and a checkpoint covering it are synced) against
// SQLite single-row transactions (WAL, synchronous=FULL) on the same disk in
// the same run, and verification in entries per second.
//
//   ledger_bench [--smoke] [--benchmark_filter=...]
//                     (TRUSTGATE_BENCH_DIR picks the disk; default: the
//                      system temp directory)
// Ends with a summary: best group-commit rate, SQLite rate, their ratio, and
// verification rate. --smoke (the CI run) shortens every phase: it only
// shows that the benchmarks run.
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "trustgate/common/crypto.h"
#include "trustgate/ledger/ledger.h"
#include "trustgate/ledger/verify.h"

namespace {

namespace fs = std::filesystem;
using trustgate::common::Ed25519Key;
using trustgate::common::Json;

double g_best_group_commit = 0, g_sqlite = 0, g_verify = 0;
double g_append_seconds = 2.0;  // how long each group-commit run appends

fs::path bench_dir(const std::string& name) {
  const char* env = std::getenv("TRUSTGATE_BENCH_DIR");
  fs::path root = env ? fs::path(env) : fs::temp_directory_path();
  fs::path dir = root / ("trustgate-ledger-bench-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

const Ed25519Key& key() {
  static Ed25519Key k = *Ed25519Key::generate();
  return k;
}

// A decided-case event of typical size (~350 bytes of canonical JSON).
Json sample_event(int thread, int i) {
  Json e = Json::object();
  e.set("case", "C-" + std::to_string(thread * 1000000 + i));
  e.set("event", "decided");
  e.set("at", "2025-01-27T20:03:00Z");
  e.set("policy_version",
        "sha256:9f2c4e1d0b7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c");
  Json outcome = Json::object();
  outcome.set("action", "hold_beyond_release");
  outcome.set("compliance", "prohibited");
  outcome.set("response", "decline");
  outcome.set("because", "us-il/trust-act-no-detainer-hold (5 ILCS 805/15)");
  Json outcomes = Json::array();
  outcomes.push(outcome);
  e.set("outcomes", outcomes);
  return e;
}

// A new ledger in `dir` (an empty directory).
std::unique_ptr<trustgate::ledger::Ledger> create_ledger(const fs::path& dir) {
  trustgate::ledger::LedgerOptions o{&base::posix_storage(), dir, "trustgate/bench", key()};
  auto l = trustgate::ledger::Ledger::create(std::move(o));
  if (!l) {
    std::fprintf(stderr, "ledger: %s\n", l.error().message.c_str());
    std::exit(1);
  }
  return std::move(*l);
}

// range(0) concurrent appenders, each appending until g_append_seconds pass.
void BM_LedgerGroupCommit(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  fs::path dir = bench_dir("group-" + std::to_string(threads));
  auto ledger = create_ledger(dir);
  uint64_t total = 0;
  for (auto _ : state) {
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> appended{0};
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        for (int i = 0; !stop.load(std::memory_order_relaxed); ++i) {
          if (!ledger->append(sample_event(t, i))) std::abort();
          appended.fetch_add(1, std::memory_order_relaxed);
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(g_append_seconds));
    stop = true;
    for (auto& w : workers) w.join();
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    state.SetIterationTime(elapsed.count());
    total += appended;
  }
  state.counters["appends/s"] =
      benchmark::Counter(static_cast<double>(total), benchmark::Counter::kIsRate);
  state.counters["entries/fsync"] = static_cast<double>(ledger->size()) /
                                    static_cast<double>(std::max<uint64_t>(1, ledger->batches()));
  ledger.reset();
  fs::remove_all(dir);
}

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: %s\n", err);
    std::exit(1);
  }
}

// One INSERT per transaction, as a single writer: what "append an event
// durably" costs with SQLite on this disk.
void BM_SqliteSingleRowTransactions(benchmark::State& state) {
  fs::path dir = bench_dir("sqlite");
  sqlite3* db = nullptr;
  sqlite3_open((dir / "bench.db").c_str(), &db);
  exec(db, "PRAGMA journal_mode=WAL");
  exec(db, "PRAGMA synchronous=FULL");
  exec(db, "CREATE TABLE events(seq INTEGER PRIMARY KEY, entry TEXT NOT NULL)");
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO events(entry) VALUES (?)", -1, &insert, nullptr);
  int i = 0;
  for (auto _ : state) {
    std::string text = sample_event(0, i++).canonical();
    sqlite3_bind_text(insert, 1, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(insert) != SQLITE_DONE) std::abort();
    sqlite3_reset(insert);
  }
  state.counters["appends/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  sqlite3_finalize(insert);
  sqlite3_close(db);
  fs::remove_all(dir);
}

// Verifies a log of range(0) entries (written beforehand, not timed).
void BM_LedgerVerify(benchmark::State& state) {
  const int64_t n = state.range(0);
  fs::path dir = bench_dir("verify");
  {
    auto ledger = create_ledger(dir);
    std::vector<std::thread> workers;
    for (int t = 0; t < 64; ++t) {
      workers.emplace_back([&, t] {
        for (int64_t i = t; i < n; i += 64)
          (void)ledger->append(sample_event(t, static_cast<int>(i)));
      });
    }
    for (auto& w : workers) w.join();
  }
  trustgate::ledger::VerifyOptions o;
  o.key = *trustgate::ledger::NoteKey::make("trustgate/bench", key().public_only());
  for (auto _ : state) {
    auto report = trustgate::ledger::verify_ledger(dir, o);
    if (!report || report->entries != static_cast<uint64_t>(n) + 1) std::abort();
  }
  state.counters["entries/s"] =
      benchmark::Counter(static_cast<double>(n * state.iterations()), benchmark::Counter::kIsRate);
  fs::remove_all(dir);
}

// Full run: 1 to 256 appenders for 2 s each, SQLite for 2 s, verification
// of 200,000 entries. Smoke run: a fraction of each.
void register_benchmarks(bool smoke) {
  g_append_seconds = smoke ? 0.05 : 2.0;
  auto* group = benchmark::RegisterBenchmark("BM_LedgerGroupCommit", BM_LedgerGroupCommit);
  for (int threads : smoke ? std::vector<int>{1, 16} : std::vector<int>{1, 16, 64, 256}) {
    group->Arg(threads);
  }
  group->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);
  benchmark::RegisterBenchmark("BM_SqliteSingleRowTransactions", BM_SqliteSingleRowTransactions)
      ->MinTime(smoke ? 0.01 : 2.0)
      ->UseRealTime()
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("BM_LedgerVerify", BM_LedgerVerify)
      ->Arg(smoke ? 2000 : 200000)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

// Collects the rates for the summary line.
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  // Colors only on a terminal (the default reporter's rule).
  SummaryReporter() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      std::string name = run.benchmark_name();
      auto rate = [&](const char* c) {
        auto it = run.counters.find(c);
        return it == run.counters.end() ? 0.0 : static_cast<double>(it->second);
      };
      if (name.rfind("BM_LedgerGroupCommit", 0) == 0) {
        g_best_group_commit = std::max(g_best_group_commit, rate("appends/s"));
      } else if (name.rfind("BM_SqliteSingleRow", 0) == 0) {
        g_sqlite = rate("appends/s");
      } else if (name.rfind("BM_LedgerVerify", 0) == 0) {
        g_verify = rate("entries/s");
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

}  // namespace

int main(int argc, char** argv) {
  bool smoke = false;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--smoke") {
      smoke = true;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  register_benchmarks(smoke);
  benchmark::Initialize(&argc, argv);
  SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  std::printf(
      "\nsummary: durable appends/s  group commit %.0f  sqlite single-row txn %.0f  "
      "ratio %.1fx\n",
      g_best_group_commit, g_sqlite, g_sqlite > 0 ? g_best_group_commit / g_sqlite : 0.0);
  std::printf("summary: ledger verification %.0f entries/s\n", g_verify);
  return 0;
}
