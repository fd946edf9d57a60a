// The conformance runner: runs Cedar integration tests (the JSON test format
// of Cedar's integration-test suite) against this engine and reports
// agreement and timing.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
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
};

struct CorpusFailure {
  std::string category;  // "decision", "reason", "errors", "parse policies", ...
  std::string file;
  std::string request;  // request description; empty for whole-file failures
  std::string detail;
};

struct CorpusReport {
  size_t files = 0;
  size_t passed = 0;  // requests
  size_t failed = 0;  // requests
  std::map<std::string, size_t> failures_by_category;
  std::vector<CorpusFailure> failures;  // first few per category
  double call_us_mean = 0;              // parse entities + context + authorize
  double authorize_ns_median = 0;       // authorization alone, preloaded
};

// `root`: a directory laid out like Cedar's integration tests, or a .tar.gz.
Result<CorpusReport> run_corpus(const std::string& root, const CorpusOptions& options);

}  // namespace cedar::conformance
