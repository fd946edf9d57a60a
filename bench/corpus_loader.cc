#include "corpus_loader.h"

#include <cstdlib>
#include <cstring>
#include <string_view>

#include "cedar/json.h"
#include "cedar/parser.h"
#include "cedar_conformance/test_files.h"
#include "json/json_dom.h"

namespace bench {

namespace {

using cedar::json::Element;

std::string text_field(Element el, const char* key) {
  std::string_view s;
  if (el[key].get_string().get(s)) return {};
  return std::string(s);
}

// A request of a test file, or an error when it does not parse.
cedar::Result<CorpusRequest> load_request(const CorpusTest& t, Element req) {
  Element p, a, r, c;
  if (!cedar::json::member(req, "principal", p) || !cedar::json::member(req, "action", a) ||
      !cedar::json::member(req, "resource", r) || !cedar::json::member(req, "context", c)) {
    return cedar::Error{"incomplete request"};
  }
  auto principal = cedar::json::uid_from_dom(p, "principal");
  auto action = cedar::json::uid_from_dom(a, "action");
  auto resource = cedar::json::uid_from_dom(r, "resource");
  if (!principal || !action || !resource) return cedar::Error{"bad entity uid"};
  auto context = cedar::json::context_from_dom(c, &t.schema, *action);
  if (!context) return context.error();
  return CorpusRequest{{*principal, *action, *resource, std::move(*context)}, simdjson::minify(c)};
}

// Loads one test file; null when it does not load.
std::unique_ptr<CorpusTest> load_test(const cedar::conformance::TestFiles& files,
                                      const std::string& path, simdjson::dom::parser& parser) {
  auto text = files.read(path);
  if (!text) return nullptr;
  auto test = cedar::json::parse_dom(parser, *text);
  if (!test) return nullptr;
  auto t = std::make_unique<CorpusTest>();
  t->path = path;
  std::string schema_name = text_field(*test, "schema");
  auto policies = files.read(text_field(*test, "policies"));
  auto schema = files.read(schema_name);
  auto entities = files.read(text_field(*test, "entities"));
  if (!policies || !schema || !entities) return nullptr;
  auto ps = cedar::parse_policy_set(*policies);
  bool json_schema = text_field(*test, "schemaFormat") == "json" || schema_name.ends_with(".json");
  auto sc = json_schema ? cedar::parse_schema_json(*schema) : cedar::parse_schema_text(*schema);
  if (!ps || !sc) return nullptr;
  t->policies_text = std::move(*policies);
  t->entities_json = std::move(*entities);
  t->policies = std::move(*ps);
  t->schema = std::move(*sc);
  auto es = cedar::parse_entities_json(t->entities_json, &t->schema);
  if (!es) return nullptr;
  t->entities = std::move(*es);
  t->authorizer = std::make_unique<cedar::Authorizer>(t->policies);
  simdjson::dom::array requests;
  if ((*test)["requests"].get_array().get(requests)) return nullptr;
  for (Element req : requests) {
    auto r = load_request(*t, req);
    if (r) t->requests.push_back(std::move(*r));
  }
  return t;
}

}  // namespace

std::string corpus_root() {
  if (const char* env = std::getenv("CEDAR_INTEGRATION_DIR")) return env;
  return std::string(TRUSTGATE_SOURCE_DIR) + "/../shared/cedar/integration";
}

cedar::Result<Corpus> load_corpus(const std::string& root, size_t max_files) {
  auto files = cedar::conformance::TestFiles::open(root);
  if (!files) return files.error();
  Corpus corpus;
  simdjson::dom::parser parser;
  for (const std::string& path : files->test_paths()) {
    if (max_files != 0 && corpus.tests.size() >= max_files) break;
    auto t = load_test(*files, path, parser);
    if (!t) continue;
    corpus.requests += t->requests.size();
    corpus.tests.push_back(std::move(t));
  }
  if (corpus.requests == 0) return cedar::Error{"no requests loaded from " + root};
  return corpus;
}

size_t take_corpus_files_flag(int& argc, char** argv) {
  constexpr std::string_view kFlag = "--corpus_files=";
  size_t n = 0;
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with(kFlag)) {
      n = std::strtoull(argv[i] + kFlag.size(), nullptr, 10);
    } else {
      argv[out++] = argv[i];
    }
  }
  argc = out;
  return n;
}

}  // namespace bench
