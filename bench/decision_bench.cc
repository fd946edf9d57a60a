// Decision benchmark: the median time to decide a two-action Chicago request
// (detainer: hold beyond release, notify release) in-process, from a parsed
// request; the same including JSON parsing and rendering; and the Cedar
// engine alone (cedar::Authorizer) on the policies of the Chicago law in
// force, one Cedar question (do or refuse an action) per authorization.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "cedar/authorizer.h"
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

// The policies of the law in force for the request, as one Cedar policy set.
cedar::PolicySet law_policies(const Law& law) {
  cedar::PolicySet set;
  for (const Pack* pack : law.layers) {
    for (size_t i = 0; i < pack->policies.size(); ++i) {
      const Provision* p = &pack->provisions[i];
      if (std::find(law.provisions.begin(), law.provisions.end(), p) != law.provisions.end()) {
        if (!set.add(pack->policies[i])) std::abort();  // ids are unique within a law
      }
    }
  }
  return set;
}

void BM_PackAuthorizeChicago(benchmark::State& state) {
  const Library& lib = library();
  const Vocabulary& vocab = lib.vocabulary();
  DecisionRequest request = parse_request(kChicagoRequest, vocab).value();
  const Law& law = lib.chain(request.jurisdiction)->at(request.received_date);
  cedar::PolicySet set = law_policies(law);
  cedar::Authorizer authz(set);
  cedar::Request req{{"Agency", request.receiving_agency},
                     {},
                     {"FederalRequest", request.id},
                     vocab.context(request.situation)};
  std::vector<cedar::EntityUid> questions;  // every action, done and refused
  for (size_t a = 0; a < vocab.do_uids.size(); ++a) {
    questions.push_back(vocab.do_uids[a]);
    questions.push_back(vocab.refuse_uids[a]);
  }
  cedar::Response resp;
  size_t i = 0;
  for (auto _ : state) {
    req.action = questions[i];
    authz.authorize_into(req, law.entities, resp);
    benchmark::DoNotOptimize(resp);
    i = (i + 1) % questions.size();
  }
  state.counters["policies"] = static_cast<double>(set.policies().size());
  state.SetLabel("per authorization, Chicago law, preloaded");
}
BENCHMARK(BM_PackAuthorizeChicago)->Repetitions(10)->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
