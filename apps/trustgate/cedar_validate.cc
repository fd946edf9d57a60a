// `trustgate cedar validate`: strict-mode validation of policies against a
// schema. Errors and warnings go to standard output, one per line, as
// `FILE:LINE:COLUMN: error|warning: [policy id] message`.
#include <iostream>
#include <memory>
#include <string>

#include "cedar/parser.h"
#include "cedar/schema.h"
#include "cedar/validator.h"
#include "cedar_commands.h"
#include "cli_util.h"

namespace trustgate::cli {

namespace {

constexpr int kExitInvalid = 3;

struct ValidateArgs {
  std::string schema;
  std::string policies;
  std::string schema_format;  // "", "cedar" or "json"
};

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

cedar::Result<cedar::Schema> read_schema(const ValidateArgs& a) {
  auto text = read_file(a.schema);
  if (!text) return text.error();
  bool json = a.schema_format.empty() ? ends_with(a.schema, ".json") : a.schema_format == "json";
  return json ? cedar::parse_schema_json(*text) : cedar::parse_schema_text(*text);
}

void print(const std::string& file, const char* severity, const cedar::ValidationDiagnostic& d) {
  std::cout << file;
  if (d.loc.line != 0) std::cout << ":" << d.loc.line << ":" << d.loc.column;
  std::cout << ": " << severity << ": [" << d.policy_id << "] " << d.message << "\n";
}

int run(const ValidateArgs& a) {
  auto schema = read_schema(a);
  if (!schema) return fail(a.schema, schema.error());
  auto text = read_file(a.policies);
  if (!text) return fail("--policies", text.error());
  auto policies = cedar::parse_policy_set(*text);
  if (!policies) return fail(a.policies, policies.error());
  cedar::ValidationResult result = cedar::validate_policies(*schema, *policies);
  for (const auto& e : result.errors) print(a.policies, "error", e);
  for (const auto& w : result.warnings) print(a.policies, "warning", w);
  size_t n = policies->policies().size() + policies->templates().size();
  if (!result.passed()) {
    std::cout << "invalid: " << result.errors.size() << " error(s) in " << n << " polic"
              << (n == 1 ? "y" : "ies") << "\n";
    return kExitInvalid;
  }
  std::cout << "valid: " << n << " polic" << (n == 1 ? "y" : "ies");
  if (!result.warnings.empty()) std::cout << ", " << result.warnings.size() << " warning(s)";
  std::cout << "\n";
  return kExitOk;
}

}  // namespace

void add_validate(CLI::App& cedar, int& exit_code) {
  auto a = std::make_shared<ValidateArgs>();
  CLI::App* cmd = cedar.add_subcommand(
      "validate",
      "Validate policies against a schema (Cedar's strict mode); exit 0 valid, 3 invalid, 1 error");
  cmd->add_option("-s,--schema", a->schema,
                  "Schema file: .cedarschema (human syntax) or .json (JSON format)")
      ->required();
  cmd->add_option("-p,--policies", a->policies, "Cedar policy file")->required();
  cmd->add_option("--schema-format", a->schema_format,
                  "Schema format, overriding the file extension: cedar or json")
      ->check(CLI::IsMember({"cedar", "json"}));
  cmd->callback([a, &exit_code] { exit_code = run(*a); });
}

}  // namespace trustgate::cli
