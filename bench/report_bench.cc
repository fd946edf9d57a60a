// Reports and replay over a large recorded history: a demo year of
// 1,000,000 cases (`trustgate demo`'s generator, recorded through the
// workflow into a real ledger and law archive), then
//   BM_ReportSummary   read the ledger (every entry hashed, the root checked
//                      against the checkpoint, parsed), build the summary and
//                      render it as JSON: the whole of `trustgate report`
//   BM_ReportIllinois  the same for il-805-25, whose listing has a row per detainer
//   BM_Replay          every case decided again under the law that decided
//                      it, compared outcome by outcome: `trustgate replay`
// each reporting cases/s.
//
//   report_bench [--smoke] [--cases N] [--benchmark_...]
//
// The history is kept in TRUSTGATE_BENCH_DIR (default: the temp folder),
// named by its size, seed and a digest of what makes it (the ledger format
// and every file of the policies folder, schema included), and reused by
// later runs: a change of format or law makes a new folder (older ones are
// removed), so a stale history is never measured. The case store is
// left out (a store that keeps nothing): reports and replay read the ledger
// only. --smoke (CI) uses 2,000 cases and one iteration each.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "base/digest.h"
#include "base/storage.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/cases/workflow.h"
#include "trustgate/demo/history.h"
#include "trustgate/ledger/reader.h"
#include "trustgate/report/history.h"
#include "trustgate/report/replay.h"
#include "trustgate/report/report.h"

namespace {

namespace fs = std::filesystem;
using namespace trustgate;

uint64_t g_cases = 1000000;
double g_summary_seconds = 0, g_replay_rate = 0;

// A store that keeps nothing: the benchmark measures the ledger's readers.
class NullStore : public cases::CaseStore {
 public:
  base::Status apply(const cases::StoreBatch&) override { return base::Status::Ok(); }
  base::Result<std::optional<cases::Case>> find(const std::string&) override {
    return std::optional<cases::Case>();
  }
  base::Result<std::optional<cases::Case>> find_by_client(const std::string&, const std::string&,
                                                          const std::string&) override {
    return std::optional<cases::Case>();
  }
  base::Result<std::vector<cases::Case>> list(const cases::CaseFilter&) override {
    return std::vector<cases::Case>();
  }
  base::Result<std::vector<cases::CaseEvent>> events(uint64_t, size_t) override {
    return std::vector<cases::CaseEvent>();
  }
  base::Result<cases::StoreProgress> progress() override { return cases::StoreProgress{}; }
  base::Result<bool> policy_version_known(const std::string&, const std::string&) override {
    return false;
  }
  base::Result<uint64_t> case_count() override { return uint64_t{0}; }
  base::Status each_client_key(const ClientKeyVisitor&) override { return base::Status::Ok(); }
};

[[noreturn]] void die(const std::string& what, const base::Error& e) {
  std::fprintf(stderr, "report_bench: %s: %s\n", what.c_str(), e.describe().c_str());
  std::exit(1);
}

struct Bench {
  fs::path dir;
  ledger::NoteKey key;
  ledger::SignedCheckpoint checkpoint;
};

constexpr const char* kPrefix = "trustgate-report-bench-";

// What the recorded history depends on besides its size and seed: the
// ledger's format, the law (every file under policies/, by path), and the
// sources that write the entries (the events, the decision record, the
// demo's generator).
std::string history_key(const fs::path& source) {
  const fs::path policies = source / "policies";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(policies)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const char* f : {"src/trustgate/cases/events.cc", "src/trustgate/policy/decision.cc",
                        "src/trustgate/demo/history.cc"}) {
    files.push_back(source / f);
  }
  std::string input = "ledger format " + std::to_string(ledger::kLedgerFormat);
  for (const fs::path& f : files) {
    auto text = base::read_file(f);
    if (!text) die("history key", text.error());
    input += '\0' + fs::relative(f, source).string() + '\0' + *text;
  }
  return base::sha256_hex(input).substr(0, 16);
}

// The data directory with g_cases demo cases, made once.
const Bench& bench() {
  static Bench b = [] {
    const char* env = std::getenv("TRUSTGATE_BENCH_DIR");
    const fs::path root = env ? fs::path(env) : fs::temp_directory_path();
    const fs::path policies = fs::path(TRUSTGATE_SOURCE_DIR) / "policies";
    Bench out;
    const std::string name =
        kPrefix + std::to_string(g_cases) + "-seed1-" + history_key(TRUSTGATE_SOURCE_DIR);
    out.dir = root / name;
    if (!fs::exists(out.dir / "complete")) {
      // Histories of another format or law, of this size, are stale.
      const std::string same_size = kPrefix + std::to_string(g_cases) + "-seed1";
      for (const auto& e : fs::directory_iterator(root)) {
        if (e.path().filename().string().starts_with(same_size)) fs::remove_all(e.path());
      }
      auto config = cases::init_data_dir(out.dir, {"trustgate/bench", policies});
      if (!config) die("init", config.error());
      auto d = cases::open_data_dir(out.dir, cases::Access::Write);
      if (!d) die("open", d.error());
      auto lib = policy::Library::open(d->policies());
      if (!lib) die("policies", base::Error{lib.error().describe()});
      NullStore store;
      cases::CaseWorkflow w(store, *d->ledger, *lib, d->archive.get());
      if (auto s = w.open(); !s) die("workflow", s.error());
      demo::DemoOptions o;
      o.cases = g_cases;
      o.batch = 4096;
      o.progress = [](uint64_t done, uint64_t total) {
        if (done % (total / 10 > 0 ? total / 10 : 1) < 4096) {
          std::fprintf(stderr, "report_bench: recorded %llu of %llu cases\n",
                       static_cast<unsigned long long>(done),
                       static_cast<unsigned long long>(total));
        }
      };
      auto r = demo::record_demo(w, *lib, o, cases::Actor{"bench", "cli"});
      if (!r) die("demo", r.error());
      std::fprintf(stderr, "report_bench: %llu cases, %llu entries recorded in %.1f s\n",
                   static_cast<unsigned long long>(r->cases),
                   static_cast<unsigned long long>(r->entries), r->seconds);
      std::FILE* f = std::fopen((out.dir / "complete").c_str(), "w");
      if (f) std::fclose(f);
    }
    auto config = cases::read_data_dir_config(out.dir);
    if (!config) die("config", config.error());
    auto key = ledger::NoteKey::from_verifier_key(config->verifier_key);
    if (!key) die("key", key.error());
    out.key = *key;
    auto cp = ledger::latest_checkpoint(out.dir / "ledger", out.key);
    if (!cp) die("checkpoint", cp.error());
    out.checkpoint = *cp;
    return out;
  }();
  return b;
}

void report(benchmark::State& state, const char* kind) {
  const Bench& b = bench();
  uint64_t cases = 0;
  for (auto _ : state) {
    auto h = report::read_history(b.dir / "ledger", b.checkpoint.checkpoint);
    if (!h) die("history", h.error());
    report::ReportParameters p;
    p.kind = kind;
    auto r = report::build_report(*h, p, b.checkpoint);
    if (!r) die("report", r.error());
    auto text = report::render(*r, report::RenderOptions{report::Format::Json, ""});
    if (!text) die("render", text.error());
    benchmark::DoNotOptimize(text->data());
    cases = h->cases.size();
  }
  state.counters["cases"] = static_cast<double>(cases);
  state.counters["cases/s"] =
      benchmark::Counter(static_cast<double>(cases), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_ReportSummary(benchmark::State& state) { report(state, "summary"); }
void BM_ReportIllinois(benchmark::State& state) { report(state, "il-805-25"); }

void BM_Replay(benchmark::State& state) {
  const Bench& b = bench();
  cases::LawArchive archive(base::posix_storage(), b.dir / "law");
  uint64_t cases = 0;
  for (auto _ : state) {
    auto r = report::replay(b.dir / "ledger", b.checkpoint, archive, report::ReplayOptions{});
    if (!r) die("replay", r.error());
    if (!r->reproducible()) {
      std::fprintf(stderr, "%s", report::replay_to_text(*r).c_str());
      std::exit(1);
    }
    cases = r->cases;
  }
  state.counters["cases"] = static_cast<double>(cases);
  state.counters["cases/s"] =
      benchmark::Counter(static_cast<double>(cases), benchmark::Counter::kIsIterationInvariantRate);
}

class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      const double seconds =
          r.GetAdjustedRealTime() / (r.time_unit == benchmark::kMillisecond   ? 1e3
                                     : r.time_unit == benchmark::kMicrosecond ? 1e6
                                     : r.time_unit == benchmark::kNanosecond  ? 1e9
                                                                              : 1.0);
      if (r.run_name.function_name == "BM_ReportSummary") g_summary_seconds = seconds;
      if (r.run_name.function_name == "BM_Replay") {
        auto it = r.counters.find("cases/s");
        if (it != r.counters.end()) g_replay_rate = it->second;
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
    const std::string arg = argv[i];
    if (arg == "--smoke") {
      smoke = true;
    } else if (arg == "--cases" && i + 1 < argc) {
      g_cases = std::strtoull(argv[++i], nullptr, 10);
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  if (smoke) g_cases = 2000;
  const int iterations = smoke ? 1 : 3;
  benchmark::RegisterBenchmark("BM_ReportSummary", BM_ReportSummary)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(iterations)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_ReportIllinois", BM_ReportIllinois)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(iterations)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_Replay", BM_Replay)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(iterations)
      ->UseRealTime();
  benchmark::Initialize(&argc, argv);
  bench();  // the history first, so that its recording is not timed
  SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  std::printf("\nsummary: %llu cases: summary report %.2f s, replay %.0f cases/s\n",
              static_cast<unsigned long long>(g_cases), g_summary_seconds, g_replay_rate);
  return 0;
}
