// The conformance runner's validation checks: `shouldValidate` against the
// validator's verdict, `validateRequest` requests against the schema, and
// the test's entities against the schema, all counted apart from
// authorization.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cedar_conformance/corpus.h"

namespace cedar::conformance {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

constexpr const char* kRequests = R"(
  {"description": "valid", "principal": {"type": "User", "id": "a"},
   "action": {"type": "Action", "id": "read"}, "resource": {"type": "Doc", "id": "d"},
   "context": {"mfa": true}, "decision": "allow", "reason": ["policy0"], "errors": []},
  {"description": "principal is a Doc", "principal": {"type": "Doc", "id": "x"},
   "action": {"type": "Action", "id": "read"}, "resource": {"type": "Doc", "id": "d"},
   "context": {"mfa": true}, "decision": "allow", "reason": ["policy0"], "errors": []},
  {"description": "unchecked", "principal": {"type": "Doc", "id": "x"},
   "action": {"type": "Action", "id": "read"}, "resource": {"type": "Doc", "id": "d"},
   "context": {"mfa": true}, "validateRequest": false, "decision": "allow", "reason": ["policy0"],
   "errors": []}
)";

// One test file; `should_validate` is its expectation, `policy` its text and
// `entities` its entity JSON.
fs::path make_corpus(const std::string& name, bool should_validate, const std::string& policy,
                     const std::string& entities) {
  fs::path root = fs::temp_directory_path() / ("trustgate-vcorpus-" + name);
  fs::remove_all(root);
  write(root / "corpus-tests/t.cedar", policy);
  write(root / "corpus-tests/t.cedarschema",
        "entity User; entity Doc { locked: Bool };\n"
        "action read appliesTo { principal: User, resource: Doc, context: { mfa: Bool } };\n");
  write(root / "corpus-tests/t.entities.json", entities);
  write(root / "corpus-tests/t.json",
        std::string(
            R"({"policies": "corpus-tests/t.cedar", "entities": "corpus-tests/t.entities.json",
    "schema": "corpus-tests/t.cedarschema", "shouldValidate": )") +
            (should_validate ? "true" : "false") + R"(, "requests": [)" + kRequests + "]}");
  return root;
}

constexpr const char* kGoodEntities =
    R"([{"uid": {"type": "Doc", "id": "d"}, "attrs": {"locked": false}, "parents": []}])";

CorpusReport run(const fs::path& root) {
  CorpusOptions options;
  options.timing = false;
  auto report = run_corpus(root.string(), options);
  EXPECT_TRUE(report.ok()) << report.error().message;
  return report.ok() ? *report : CorpusReport{};
}

TEST(CorpusValidation, CountsAgreementsApartFromAuthorization) {
  CorpusReport r = run(make_corpus(
      "agree", true, "permit(principal, action, resource) when { context.mfa || true };",
      kGoodEntities));
  EXPECT_EQ(r.passed, 3u);  // authorization does not look at validation
  EXPECT_EQ(r.failed, 0u);
  EXPECT_EQ(r.policy_validation_agree, 1u);
  EXPECT_EQ(r.policy_validation_total, 1u);
  // "unchecked" does not ask for validation; "principal is a Doc" fails it.
  // (A context missing a required attribute never gets this far: the runner
  // parses context against the schema, as Cedar's harness does.)
  EXPECT_EQ(r.request_validation_total, 2u);
  EXPECT_EQ(r.request_validation_passed, 1u);
  EXPECT_EQ(r.validation_agree(), 2u);
  EXPECT_EQ(r.validation_total(), 3u);
  EXPECT_EQ(r.validation_failures_by_category.at("request validation"), 1u);
  EXPECT_EQ(r.entity_validation_passed, 1u);
  bool found = false;
  for (const auto& f : r.failures) {
    if (f.category != "request validation") continue;
    found = true;
    EXPECT_EQ(f.request, "principal is a Doc");
    EXPECT_NE(f.detail.find("principal of type `Doc`"), std::string::npos) << f.detail;
  }
  EXPECT_TRUE(found);
}

TEST(CorpusValidation, ReportsADisagreementWithShouldValidate) {
  CorpusReport valid_but_expected_invalid = run(
      make_corpus("expect-invalid", false, "permit(principal, action, resource);", kGoodEntities));
  EXPECT_EQ(valid_but_expected_invalid.policy_validation_agree, 0u);
  EXPECT_EQ(
      valid_but_expected_invalid.validation_failures_by_category.at("validation: expected invalid"),
      1u);
  CorpusReport invalid_but_expected_valid = run(make_corpus(
      "expect-valid", true, "permit(principal, action, resource) when { resource.owner == 1 };",
      kGoodEntities));
  EXPECT_EQ(invalid_but_expected_valid.policy_validation_agree, 0u);
  ASSERT_EQ(
      invalid_but_expected_valid.validation_failures_by_category.at("validation: expected valid"),
      1u);
  CorpusReport invalid_and_expected_invalid = run(make_corpus(
      "agree-invalid", false, "permit(principal, action, resource) when { resource.owner == 1 };",
      kGoodEntities));
  EXPECT_EQ(invalid_and_expected_invalid.policy_validation_agree, 1u);
}

TEST(CorpusValidation, ChecksEntitiesAgainstTheSchema) {
  // The runner loads entities with the schema, so an undeclared attribute is
  // already a load error; a parent of the wrong type is caught by validation.
  CorpusReport r =
      run(make_corpus("entities", true, "permit(principal, action, resource);",
                      R"([{"uid": {"type": "Doc", "id": "d"}, "attrs": {"locked": false},
           "parents": [{"type": "User", "id": "a"}]}])"));
  EXPECT_EQ(r.entity_validation_total, 1u);
  EXPECT_EQ(r.entity_validation_passed, 0u);
  EXPECT_EQ(r.entity_validation_failed(), 1u);
}

}  // namespace
}  // namespace cedar::conformance
