// Loads Cedar's integration-test corpus for the benchmarks: every test
// file's policies, schema and entities (as text and parsed), and its requests
// (parsed, with the context kept as JSON text too).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cedar/authorizer.h"
#include "cedar/entities.h"
#include "cedar/policy.h"
#include "cedar/request.h"
#include "cedar/result.h"
#include "cedar/schema.h"

namespace bench {

struct CorpusRequest {
  cedar::Request request;
  std::string context_json;
};

struct CorpusTest {
  std::string path;
  std::string policies_text;
  std::string entities_json;
  cedar::PolicySet policies;
  cedar::Schema schema;
  cedar::Entities entities;
  std::unique_ptr<cedar::Authorizer> authorizer;  // over `policies`
  std::vector<CorpusRequest> requests;
};

struct Corpus {
  std::vector<std::unique_ptr<CorpusTest>> tests;  // stable addresses
  size_t requests = 0;
};

// The corpus folder: $CEDAR_INTEGRATION_DIR, else ../shared/cedar/integration
// beside the source tree.
std::string corpus_root();

// Loads up to `max_files` test files (0: all). Test files that do not load
// (unreadable, or policies, schema or entities that do not parse) and
// requests that do not parse are skipped.
cedar::Result<Corpus> load_corpus(const std::string& root, size_t max_files);

// Takes `--corpus_files=N` out of argv (for the smoke run); 0 when absent.
size_t take_corpus_files_flag(int& argc, char** argv);

}  // namespace bench
