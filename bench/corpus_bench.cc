// Cedar engine benchmarks on Cedar's integration-test corpus: parsing
// (policies, entities, contexts), evaluation, authorization with everything
// preloaded, and the whole per-request call (parse the request's entities and
// context, then authorize). Each benchmark iteration handles the next policy
// set, entity set or request of the corpus in turn, so the reported time is a
// mean per item over the corpus.
//
//   corpus_bench [--corpus_files=N] [--benchmark_filter=...]
// The corpus comes from $CEDAR_INTEGRATION_DIR or ../shared/cedar/integration;
// --corpus_files=N loads only the first N test files (the CI smoke run).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "cedar/evaluator.h"
#include "cedar/json.h"
#include "cedar/parser.h"
#include "corpus_loader.h"

namespace {

size_t g_corpus_files = 0;

struct FlatRequest {
  const bench::CorpusTest* test;
  const bench::CorpusRequest* request;
};

const bench::Corpus& corpus() {
  static const bench::Corpus c = [] {
    auto loaded = bench::load_corpus(bench::corpus_root(), g_corpus_files);
    if (!loaded) {
      std::fprintf(stderr, "corpus_bench: %s\n", loaded.error().message.c_str());
      std::exit(1);
    }
    return std::move(*loaded);
  }();
  return c;
}

const std::vector<FlatRequest>& requests() {
  static const std::vector<FlatRequest> flat = [] {
    std::vector<FlatRequest> out;
    for (const auto& t : corpus().tests) {
      for (const auto& r : t->requests) out.push_back({t.get(), &r});
    }
    return out;
  }();
  return flat;
}

// Cycles through `n` items; returns the next index.
size_t next(size_t& i, size_t n) {
  size_t cur = i;
  i = i + 1 == n ? 0 : i + 1;
  return cur;
}

void BM_CorpusParsePolicies(benchmark::State& state) {
  const auto& tests = corpus().tests;
  size_t i = 0;
  for (auto _ : state) {
    auto ps = cedar::parse_policy_set(tests[next(i, tests.size())]->policies_text);
    benchmark::DoNotOptimize(ps);
  }
  state.SetLabel("per policy set");
}
BENCHMARK(BM_CorpusParsePolicies);

void BM_CorpusParseEntities(benchmark::State& state) {
  const auto& tests = corpus().tests;
  size_t i = 0;
  for (auto _ : state) {
    const bench::CorpusTest& t = *tests[next(i, tests.size())];
    auto es = cedar::parse_entities_json(t.entities_json, &t.schema);
    benchmark::DoNotOptimize(es);
  }
  state.SetLabel("per entity set, with schema");
}
BENCHMARK(BM_CorpusParseEntities);

void BM_CorpusParseContext(benchmark::State& state) {
  const auto& rs = requests();
  size_t i = 0;
  for (auto _ : state) {
    const FlatRequest& r = rs[next(i, rs.size())];
    auto ctx = cedar::parse_context_json(r.request->context_json, &r.test->schema,
                                         r.request->request.action);
    benchmark::DoNotOptimize(ctx);
  }
  state.SetLabel("per request, with schema");
}
BENCHMARK(BM_CorpusParseContext);

// Every policy's condition (scope included) for one request, without the
// index: the evaluator alone.
void BM_CorpusEvaluate(benchmark::State& state) {
  const auto& rs = requests();
  std::vector<std::vector<cedar::ExprPtr>> conditions;
  for (const auto& t : corpus().tests) {
    auto& c = conditions.emplace_back();
    for (const cedar::Policy& p : t->policies.policies()) c.push_back(p.condition_expr());
  }
  std::vector<const std::vector<cedar::ExprPtr>*> by_request;
  for (size_t t = 0, r = 0; r < rs.size(); ++r) {
    while (corpus().tests[t].get() != rs[r].test) ++t;
    by_request.push_back(&conditions[t]);
  }
  size_t i = 0, evaluated = 0;
  for (auto _ : state) {
    size_t k = next(i, rs.size());
    cedar::Evaluator ev(rs[k].request->request, rs[k].test->entities);
    for (const cedar::ExprPtr& c : *by_request[k]) {
      auto v = ev.evaluate(*c);
      benchmark::DoNotOptimize(v);
    }
    evaluated += by_request[k]->size();
  }
  state.counters["policies_per_request"] =
      static_cast<double>(evaluated) / static_cast<double>(state.iterations());
  state.SetLabel("every policy of the set, per request");
}
BENCHMARK(BM_CorpusEvaluate);

void BM_CorpusAuthorize(benchmark::State& state) {
  const auto& rs = requests();
  size_t i = 0;
  for (auto _ : state) {
    const FlatRequest& r = rs[next(i, rs.size())];
    cedar::Response resp = r.test->authorizer->authorize(r.request->request, r.test->entities);
    benchmark::DoNotOptimize(resp);
  }
  state.SetLabel("per request, preloaded");
}
BENCHMARK(BM_CorpusAuthorize);

// What a caller pays per request: parse the entities and the context (JSON
// text, with the schema), then authorize.
void BM_CorpusCall(benchmark::State& state) {
  const auto& rs = requests();
  size_t i = 0;
  for (auto _ : state) {
    const FlatRequest& r = rs[next(i, rs.size())];
    const cedar::Request& req = r.request->request;
    auto es = cedar::parse_entities_json(r.test->entities_json, &r.test->schema);
    auto ctx = cedar::parse_context_json(r.request->context_json, &r.test->schema, req.action);
    if (!es || !ctx) {
      state.SkipWithError("a corpus request no longer parses");
      break;
    }
    cedar::Request request{req.principal, req.action, req.resource, std::move(*ctx)};
    cedar::Response resp = r.test->authorizer->authorize(request, *es);
    benchmark::DoNotOptimize(resp);
  }
  state.SetLabel("per request: parse entities + context, authorize");
}
BENCHMARK(BM_CorpusCall);

}  // namespace

int main(int argc, char** argv) {
  g_corpus_files = bench::take_corpus_files_flag(argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  requests();  // load the corpus before timing anything
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
