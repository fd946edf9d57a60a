// The conformance runner: runs Cedar integration tests (the JSON test format
// of Cedar's integration-test suite) against this engine and reports
// agreement and timing.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cedar/result.h"

namespace cedar::conformance {

struct CorpusOptions {
  // Measure per-request cost (parse entities + context + authorize) and the
  // median authorization time with everything preloaded.
  bool timing = true;
  // Called after each test file: (files done, files total).
  std::function<void(size_t, size_t)> progress;
  // How many failures to keep per category.
  size_t failures_per_category = 3;
  // Requests left out of the timing figures (still run and checked), as
  // "file#description", e.g. "corpus-tests/abc.json#Request 0". Used by the
  // peer comparison (bench/peer) to time both engines on the same requests.
  std::set<std::string> untimed;
};

struct CorpusFailure {
  // Authorization: "decision", "reason", "errors", "parse policies", ...
  // Validation: "validation: expected valid", "validation: expected invalid",
  // "request validation".
  std::string category;
  std::string file;
  std::string request;  // request description; empty for whole-file failures
  std::string detail;
};

struct CorpusReport {
  size_t files = 0;
  // Authorization: requests whose decision, reasons and errors all match.
  size_t passed = 0;                                   // requests
  size_t failed = 0;                                   // requests
  std::map<std::string, size_t> failures_by_category;  // authorization only
  // Validation, counted apart from authorization:
  //  - policy validation: test files whose strict-mode validation result
  //    (passes or not) equals their `shouldValidate`;
  //  - request validation: requests with `validateRequest` (true unless the
  //    test says false) that conform to the schema. The reference harness
  //    builds these requests with schema checking, so all of them must;
  size_t policy_validation_agree = 0;
  size_t policy_validation_total = 0;
  size_t request_validation_passed = 0;
  size_t request_validation_total = 0;
  //  - entity validation: test files whose entities conform to the schema
  //    (the reference harness loads them with schema checking, so all must).
  size_t entity_validation_passed = 0;
  size_t entity_validation_total = 0;
  std::map<std::string, size_t> validation_failures_by_category;
  std::vector<CorpusFailure> failures;  // first few per category, both kinds
  double call_us_mean = 0;              // parse entities + context + authorize
  double authorize_ns_median = 0;       // authorization alone, preloaded
  size_t timed = 0;                     // requests in call_us_mean (see untimed)

  // validation_agree / validation_total: policy and request validation.
  size_t validation_agree() const { return policy_validation_agree + request_validation_passed; }
  size_t validation_total() const { return policy_validation_total + request_validation_total; }
  size_t validation_failed() const { return validation_total() - validation_agree(); }
  size_t entity_validation_failed() const {
    return entity_validation_total - entity_validation_passed;
  }
};

// `root`: a directory laid out like Cedar's integration tests, or a .tar.gz.
Result<CorpusReport> run_corpus(const std::string& root, const CorpusOptions& options);

}  // namespace cedar::conformance
