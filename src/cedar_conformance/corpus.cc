#include "cedar_conformance/corpus.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>

#include "cedar/authorizer.h"
#include "cedar/json.h"
#include "cedar/parser.h"
#include "cedar/schema.h"
#include "cedar/validator.h"
#include "cedar_conformance/test_files.h"
#include "cedar_conformance/test_request.h"
#include "json/json_dom.h"

namespace cedar::conformance {

namespace {

using Clock = std::chrono::steady_clock;
using json::Element;

struct FileContext {
  const TestFiles& files;
  const CorpusOptions& options;
  CorpusReport& report;
  std::vector<double> call_us;
  std::vector<double> authorize_ns;
  std::string path;
};

void record_in(FileContext& ctx, std::map<std::string, size_t>& counts, const std::string& category,
               const std::string& request, const std::string& detail) {
  size_t& n = counts[category];
  if (n++ < ctx.options.failures_per_category) {
    ctx.report.failures.push_back({category, ctx.path, request, detail});
  }
}

void record_failure(FileContext& ctx, const std::string& category, const std::string& request,
                    const std::string& detail) {
  record_in(ctx, ctx.report.failures_by_category, category, request, detail);
}

void record_validation_failure(FileContext& ctx, const std::string& category,
                               const std::string& request, const std::string& detail) {
  record_in(ctx, ctx.report.validation_failures_by_category, category, request, detail);
}

std::string join_sorted(std::set<std::string> s) {
  std::string out = "[";
  for (const auto& x : s) out += (out.size() > 1 ? ", " : "") + x;
  return out + "]";
}

Result<std::set<std::string>> id_set(Element arr_el) {
  std::set<std::string> ids;
  simdjson::dom::array arr;
  if (arr_el.get_array().get(arr)) return Error{"expected an array of policy ids"};
  for (Element x : arr) {
    std::string_view s;
    if (x.get_string().get(s)) return Error{"policy ids must be strings"};
    ids.insert(std::string(s));
  }
  return ids;
}

std::string text_field(Element test, const char* key) {
  std::string_view s;
  if (test[key].get_string().get(s)) return {};
  return std::string(s);
}

struct LoadedTest {
  PolicySet policies;
  Schema schema;
  std::string entities_text;
};

// Loads the policies, schema and entity text a test file names; on failure
// returns the category and detail.
Result<LoadedTest> load_test(FileContext& ctx, Element test, std::string& category) {
  LoadedTest t;
  auto read = [&](const char* key) -> Result<std::string> {
    std::string rel = text_field(test, key);
    auto text = ctx.files.read(rel);
    if (!text) return Error{std::string("cannot read ") + key + " file " + rel};
    return *text;
  };
  category = "read files";
  auto policy_text = read("policies");
  if (!policy_text) return policy_text.error();
  auto schema_text = read("schema");
  if (!schema_text) return schema_text.error();
  auto entities_text = read("entities");
  if (!entities_text) return entities_text.error();
  category = "parse policies";
  auto ps = parse_policy_set(*policy_text);
  if (!ps) return ps.error();
  t.policies = std::move(*ps);
  category = "parse schema";
  bool json_schema =
      text_field(test, "schemaFormat") == "json" || text_field(test, "schema").ends_with(".json");
  auto schema = json_schema ? parse_schema_json(*schema_text) : parse_schema_text(*schema_text);
  if (!schema) return schema.error();
  t.schema = std::move(*schema);
  t.entities_text = std::move(*entities_text);
  return t;
}

double elapsed_ns(Clock::time_point a, Clock::time_point b) {
  return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count());
}

// Compares the validator's verdict on the test's policies with its
// `shouldValidate`; a test without that field is not counted.
void check_policy_validation(FileContext& ctx, const Validator* validator, Element test,
                             const Result<LoadedTest>& loaded) {
  bool should = false;
  if (test["shouldValidate"].get_bool().get(should)) return;
  ++ctx.report.policy_validation_total;
  if (!loaded) {
    return record_validation_failure(ctx, "validation: not run", "",
                                     "test files not loaded: " + loaded.error().message);
  }
  ValidationResult result = validator->validate_policies(loaded->policies, ctx.options.validation);
  if (result.passed() == should) {
    ++ctx.report.policy_validation_agree;
    return;
  }
  std::string detail = "the validator accepts the policies";
  if (!result.passed()) {
    const ValidationDiagnostic& d = result.errors.front();
    detail = "the validator rejects " + d.policy_id + " (" + std::to_string(d.loc.line) + ":" +
             std::to_string(d.loc.column) + "): " + d.message;
  }
  record_validation_failure(
      ctx, should ? "validation: expected valid" : "validation: expected invalid", "", detail);
}

// The test's entities must conform to its schema.
void check_entity_validation(FileContext& ctx, const Validator* validator,
                             const Result<Entities>& entities) {
  ++ctx.report.entity_validation_total;
  if (!validator || !entities) {
    return record_validation_failure(ctx, "entity validation", "", "test files not loaded");
  }
  Status s = validator->validate_entities(*entities);
  if (!s) return record_validation_failure(ctx, "entity validation", "", s.error().message);
  ++ctx.report.entity_validation_passed;
}

// A request asks for schema validation unless its `validateRequest` is false.
bool wants_validation(Element req) {
  bool v = true;
  if (req["validateRequest"].get_bool().get(v)) return true;
  return v;
}

void check_request_validation(FileContext& ctx, const Validator* validator, Element req,
                              const Result<Request>& request) {
  if (!wants_validation(req)) return;
  ++ctx.report.request_validation_total;
  std::string desc = text_field(req, "description");
  if (!request) {
    return record_validation_failure(ctx, "request validation", desc,
                                     "request not parsed: " + request.error().message);
  }
  if (!validator) {
    return record_validation_failure(ctx, "request validation", desc, "test files not loaded");
  }
  Status s = validator->validate_request(*request);
  if (!s) return record_validation_failure(ctx, "request validation", desc, s.error().message);
  ++ctx.report.request_validation_passed;
}

// Authorizes one request and compares the response with the expectations.
// `t0` is when parsing the request began (the per-call cost includes it).
void run_request(FileContext& ctx, const LoadedTest& t, const Entities& entities,
                 const Authorizer& authz, Element req, const Result<Request>& parsed,
                 Clock::time_point t0) {
  std::string desc = text_field(req, "description");
  auto fail = [&](const std::string& cat, const std::string& detail) {
    ++ctx.report.failed;
    record_failure(ctx, cat, desc, detail);
  };
  if (!parsed) return fail("parse request", parsed.error().message);
  const Entities* es = &entities;
  Entities reparsed;
  if (ctx.options.timing) {  // the per-call cost includes parsing the entities
    auto e = parse_entities_json(t.entities_text, &t.schema);
    if (e) reparsed = std::move(*e);
    es = &reparsed;
  }
  const Request& request = *parsed;
  Response resp = authz.authorize(request, *es);
  auto t1 = Clock::now();
  if (ctx.options.timing && !ctx.options.untimed.contains(ctx.path + "#" + desc)) {
    ctx.call_us.push_back(elapsed_ns(t0, t1) / 1000.0);
    constexpr int kRepeats = 16;
    auto a0 = Clock::now();
    for (int i = 0; i < kRepeats; ++i) {
      Response r = authz.authorize(request, entities);
      asm volatile("" : : "r"(&r) : "memory");
    }
    ctx.authorize_ns.push_back(elapsed_ns(a0, Clock::now()) / kRepeats);
  }
  std::string_view want_decision;
  if (req["decision"].get_string().get(want_decision)) want_decision = "?";
  std::string got_decision = resp.decision == Decision::Allow ? "allow" : "deny";
  Element reason_el, errors_el;
  auto want_reason = json::member(req, "reason", reason_el)
                         ? id_set(reason_el)
                         : Result<std::set<std::string>>(Error{"no reason"});
  auto want_errors = json::member(req, "errors", errors_el)
                         ? id_set(errors_el)
                         : Result<std::set<std::string>>(Error{"no errors"});
  std::set<std::string> got_reason(resp.reason.begin(), resp.reason.end());
  std::set<std::string> got_errors;
  for (const auto& e : resp.errors) got_errors.insert(e.policy_id);
  if (got_decision != want_decision) {
    return fail("decision", "expected " + std::string(want_decision) + ", got " + got_decision);
  }
  if (!want_reason || *want_reason != got_reason) {
    return fail("reason", "expected " + (want_reason ? join_sorted(*want_reason) : "?") + ", got " +
                              join_sorted(got_reason));
  }
  if (!want_errors || *want_errors != got_errors) {
    std::string msgs;
    for (const auto& e : resp.errors) msgs += " (" + e.policy_id + ": " + e.message + ")";
    return fail("errors", "expected " + (want_errors ? join_sorted(*want_errors) : "?") + ", got " +
                              join_sorted(got_errors) + msgs);
  }
  ++ctx.report.passed;
}

void run_test_file(FileContext& ctx, simdjson::dom::parser& parser) {
  auto text = ctx.files.read(ctx.path);
  auto test = text ? json::parse_dom(parser, *text) : Result<Element>(Error{"unreadable"});
  simdjson::dom::array requests;
  if (!test || (*test)["requests"].get_array().get(requests)) {
    ++ctx.report.failed;
    record_failure(ctx, "read test", "", test ? "no `requests` array" : test.error().message);
    return;
  }
  std::string category;
  auto loaded = load_test(ctx, *test, category);
  Result<Entities> entities = loaded ? parse_entities_json(loaded->entities_text, &loaded->schema)
                                     : Result<Entities>(loaded.error());
  if (loaded && !entities) category = "parse entities";
  std::unique_ptr<Validator> validator;
  if (loaded) validator = std::make_unique<Validator>(loaded->schema);
  check_policy_validation(ctx, validator.get(), *test, loaded);
  check_entity_validation(ctx, validator.get(), entities);
  if (!loaded || !entities) {
    for (Element req : requests) {
      ++ctx.report.failed;
      record_failure(ctx, category, text_field(req, "description"), entities.error().message);
      check_request_validation(ctx, nullptr, req, Result<Request>(Error{"test not loaded"}));
    }
    return;
  }
  Authorizer authz(loaded->policies);
  for (Element req : requests) {
    auto t0 = Clock::now();
    Result<Request> request = request_from_test(req, &loaded->schema);
    run_request(ctx, *loaded, *entities, authz, req, request, t0);
    check_request_validation(ctx, validator.get(), req, request);
  }
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

}  // namespace

Result<CorpusReport> run_corpus(const std::string& root, const CorpusOptions& options) {
  auto files = TestFiles::open(root);
  if (!files) return files.error();
  CorpusReport report;
  FileContext ctx{*files, options, report, {}, {}, {}};
  simdjson::dom::parser parser;
  const auto& paths = files->test_paths();
  for (size_t i = 0; i < paths.size(); ++i) {
    ctx.path = paths[i];
    run_test_file(ctx, parser);
    ++report.files;
    if (options.progress) options.progress(i + 1, paths.size());
  }
  if (!ctx.call_us.empty()) {
    double sum = 0;
    for (double x : ctx.call_us) sum += x;
    report.call_us_mean = sum / static_cast<double>(ctx.call_us.size());
  }
  report.authorize_ns_median = median(ctx.authorize_ns);
  report.timed = ctx.call_us.size();
  return report;
}

}  // namespace cedar::conformance
