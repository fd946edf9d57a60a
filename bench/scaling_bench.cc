// Policy-scaling benchmark: the same request mix authorized against
// generated policy sets of 10, 100, 1,000 and 10,000 policies (see
// scaling_policies.h). Authorization cost must not grow with policies that
// do not apply to the request; the answers must not change either (checked
// before timing: every size must answer the mix exactly as the 10-policy set).
//
//   BM_ScalingAuthorize/N  one authorization (Authorizer::authorize_into with
//                          a reused Response), everything preloaded; the
//                          iterations cycle through the 64 requests of the
//                          mix; 5 repetitions, reported as mean/median/stddev
//   BM_ScalingNoIndex/N    the same requests with every policy's whole
//                          condition evaluated: what the index saves
//   BM_ScalingLoad/N       parsing the policy text and building the Authorizer
//
// Counter `candidates`: policies the index hands the authorizer per request.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

#include "cedar/evaluator.h"
#include "cedar/parser.h"
#include "cedar/policy_index.h"
#include "scaling_policies.h"

namespace {

struct Fixture {
  std::string text;
  cedar::PolicySet set;
  std::unique_ptr<cedar::Authorizer> authz;
  double candidates = 0;  // per request of the mix
};

const cedar::Entities& entities() {
  static const cedar::Entities es = bench::scaling_entities();
  return es;
}

const std::vector<cedar::Request>& requests() {
  static const std::vector<cedar::Request> rs = bench::scaling_requests();
  return rs;
}

double candidates_per_request(const cedar::PolicySet& set) {
  cedar::PolicyIndex index(set);
  size_t n = 0;
  for (const cedar::Request& r : requests()) {
    cedar::RequestEntities re(r, entities());
    index.for_each_candidate(re, [&](const cedar::IndexedPolicy&) { ++n; });
  }
  return static_cast<double>(n) / static_cast<double>(requests().size());
}

// The set of n policies, built once; exits when it does not parse or when
// its answers differ from the 10-policy set's (the extra policies must not
// apply to the mix).
const Fixture& fixture(size_t n) {
  static std::map<size_t, std::unique_ptr<Fixture>> cache;
  auto& slot = cache[n];
  if (slot) return *slot;
  auto f = std::make_unique<Fixture>();
  f->text = bench::scaling_policies_text(n);
  auto set = cedar::parse_policy_set(f->text);
  if (!set) {
    std::fprintf(stderr, "scaling_bench: %zu policies: %s\n", n, set.error().describe().c_str());
    std::exit(1);
  }
  f->set = std::move(*set);
  f->authz = std::make_unique<cedar::Authorizer>(f->set);
  f->candidates = candidates_per_request(f->set);
  std::string answers = bench::describe_answers(*f->authz, requests(), entities());
  if (n != 10 && answers != bench::describe_answers(*fixture(10).authz, requests(), entities())) {
    std::fprintf(stderr, "scaling_bench: %zu policies answer the mix differently\n", n);
    std::exit(1);
  }
  slot = std::move(f);
  return *slot;
}

void BM_ScalingAuthorize(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<size_t>(state.range(0)));
  const auto& rs = requests();
  cedar::Response resp;
  size_t i = 0;
  for (auto _ : state) {
    f.authz->authorize_into(rs[i], entities(), resp);
    benchmark::DoNotOptimize(resp);
    i = (i + 1) % rs.size();
  }
  state.counters["candidates"] = f.candidates;
  state.SetLabel("per authorization");
}
BENCHMARK(BM_ScalingAuthorize)
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

void BM_ScalingNoIndex(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<size_t>(state.range(0)));
  std::vector<cedar::ExprPtr> conditions;
  for (const cedar::Policy& p : f.set.policies()) conditions.push_back(p.condition_expr());
  const auto& rs = requests();
  size_t i = 0;
  for (auto _ : state) {
    cedar::Evaluator ev(rs[i], entities());
    for (const cedar::ExprPtr& c : conditions) {
      auto v = ev.evaluate(*c);
      benchmark::DoNotOptimize(v);
    }
    i = (i + 1) % rs.size();
  }
  state.SetLabel("every policy's condition, per request");
}
BENCHMARK(BM_ScalingNoIndex)->Arg(10)->Arg(100)->Arg(1000)->Arg(10000);

void BM_ScalingLoad(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    auto set = cedar::parse_policy_set(f.text);
    cedar::Authorizer authz(*set);
    benchmark::DoNotOptimize(authz);
  }
  state.SetLabel("parse + index the policy set");
}
BENCHMARK(BM_ScalingLoad)->Arg(10)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
