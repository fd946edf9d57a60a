// Decision benchmark: the median time to decide a two-action Chicago request
// (detainer: hold beyond release, notify release) in-process, from a parsed
// request; and the same including JSON parsing and rendering.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

#include "trustgate/policy/decision.h"

namespace {

using namespace trustgate::policy;

constexpr std::string_view kChicagoRequest = R"({
  "id": "bench-1",
  "received_at": "2025-01-27T14:03:00-06:00",
  "jurisdiction": "us-il-chicago",
  "receiving_agency": "chicago-police",
  "requester": { "agency": "ice-ero" },
  "instrument": { "type": "detainer", "form": "I-247A", "signed_by": "immigration_officer" },
  "actions": ["hold_beyond_release", "notify_release"],
  "purpose": "civil_immigration_enforcement",
  "subject": { "in_custody": true },
  "facts": { "supervisor_on_site": false }
})";

const Library& library() {
  static std::shared_ptr<const Library> lib = [] {
    auto l = Library::open(std::string(TRUSTGATE_SOURCE_DIR) + "/policies");
    if (!l) {
      std::cerr << "decision_bench: " << l.error().describe() << "\n";
      std::exit(1);
    }
    return *l;
  }();
  return *lib;
}

void BM_DecideChicagoTwoActions(benchmark::State& state) {
  const Library& lib = library();
  DecisionRequest request = parse_request(kChicagoRequest, lib.vocabulary()).value();
  for (auto _ : state) {
    auto d = decide(lib, request);
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_DecideChicagoTwoActions)->Repetitions(10)->ReportAggregatesOnly(true);

void BM_ParseDecideRenderJson(benchmark::State& state) {
  const Library& lib = library();
  for (auto _ : state) {
    auto request = parse_request(kChicagoRequest, lib.vocabulary());
    auto d = decide(lib, *request);
    std::string json = decision_to_json(*d, lib.vocabulary());
    benchmark::DoNotOptimize(json);
  }
}
BENCHMARK(BM_ParseDecideRenderJson)->Repetitions(10)->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
