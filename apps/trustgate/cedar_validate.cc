// `trustgate cedar validate`: strict-mode validation of policies against a
// schema. Errors and warnings go to standard output, one per line, as
// `FILE:LINE:COLUMN: error|warning: [policy id] message`.
#include <iostream>
#include <memory>
#include <set>
#include <string>

#include "cedar/validator.h"
#include "cedar_commands.h"
#include "cedar_inputs.h"
#include "cli_util.h"

namespace trustgate::cli {

namespace {

constexpr int kExitInvalid = 3;

struct ValidateArgs {
  std::string schema;
  std::string policies;
  std::string template_linked;
  std::string schema_format;  // "", "cedar" or "json"
};

std::string policies_word(size_t n) { return n == 1 ? "policy" : "policies"; }

void print(const std::string& file, const char* severity, const cedar::ValidationDiagnostic& d) {
  std::cout << file;
  if (d.loc.line != 0) std::cout << ":" << d.loc.line << ":" << d.loc.column;
  std::cout << ": " << severity << ": [" << d.policy_id << "] " << d.message << "\n";
}

int run(const ValidateArgs& a) {
  auto schema = load_schema(a.schema, a.schema_format);
  if (!schema) return fail(schema.error());
  auto policies = load_policies(a.policies, a.template_linked);
  if (!policies) return fail(policies.error());
  cedar::ValidationResult result = cedar::validate_policies(*schema, *policies);
  for (const auto& e : result.errors) print(a.policies, "error", e);
  for (const auto& w : result.warnings) print(a.policies, "warning", w);
  size_t n = policies->policies().size() + policies->templates().size();
  if (!result.passed()) {
    std::set<std::string> invalid;
    for (const auto& e : result.errors) invalid.insert(e.policy_id);
    std::cout << "invalid: " << result.errors.size() << " error(s) in " << invalid.size() << " of "
              << n << " " << policies_word(n) << "\n";
    return kExitInvalid;
  }
  std::cout << "valid: " << n << " " << policies_word(n);
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
  auto* schema =
      cmd->add_option("-s,--schema", a->schema,
                      "Schema file (required): .cedarschema (human syntax) or .json (JSON format)");
  auto* policies = cmd->add_option("-p,--policies", a->policies,
                                   "Cedar policy file (required); a policy's id is its @id "
                                   "annotation, else policyN by position");
  cmd->add_option("--template-linked", a->template_linked, kTemplateLinkedHelp);
  cmd->add_option("--schema-format", a->schema_format,
                  "Schema format, overriding the file extension: cedar or json")
      ->check(CLI::IsMember({"cedar", "json"}));
  cmd->callback([a, schema, policies, &exit_code] {
    require_options({schema, policies});
    exit_code = run(*a);
  });
}

}  // namespace trustgate::cli
