// validate_policies: strict-mode validation of a policy set (cedar/validator.h).
//
// Each static policy, linked policy and template is checked on its own:
//   1. the names it uses are declared (policy_checks.h),
//   2. its scope admits some (action, principal, resource) the schema allows
//      (otherwise a warning, or an error with the pre-4.13 option),
//   3. in every request environment (for a template, with every entity type
//      its slots can be linked to) its condition typechecks to a boolean.
// A policy whose condition has type False in every environment can never
// apply; that is a warning (impossible policy), not an error.
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cedar/validator.h"
#include "validate/policy_checks.h"
#include "validate/schema_info.h"
#include "validate/typechecker.h"

namespace cedar {

namespace {

using validate::RequestEnv;
using validate::SchemaInfo;

bool has_slot(const ScopeConstraint& c) {
  using K = ScopeConstraint::Kind;
  return (c.kind == K::Eq || c.kind == K::In || c.kind == K::IsIn) && c.ref.is_slot;
}

// The entity types a slot may be linked to when the scoped variable has type
// `var`: `var == ?slot` needs the same type, `var in ?slot` a type `var` may
// be a descendant of.
std::vector<std::optional<std::string>> slot_links(const SchemaInfo& info, const ScopeConstraint& c,
                                                   const std::string& var) {
  if (!has_slot(c)) return {std::nullopt};
  if (c.kind == ScopeConstraint::Kind::Eq) return {var};
  std::vector<std::optional<std::string>> out;
  for (const auto& [name, _] : info.schema().entity_types) {
    if (name != var && info.ancestor_types(var).count(name)) out.emplace_back(name);
  }
  out.emplace_back(var);
  return out;
}

std::vector<RequestEnv> linked_envs(const SchemaInfo& info, const Policy& policy,
                                    const RequestEnv& env) {
  std::vector<RequestEnv> out;
  for (const auto& p : slot_links(info, policy.principal, env.principal)) {
    for (const auto& r : slot_links(info, policy.resource, env.resource)) {
      RequestEnv linked = env;
      linked.principal_slot = p;
      linked.resource_slot = r;
      out.push_back(std::move(linked));
    }
  }
  return out;
}

class PolicyValidator {
 public:
  PolicyValidator(const SchemaInfo& info, const ValidationOptions& options, const Policy& policy,
                  ValidationResult& out)
      : info_(info), options_(options), policy_(policy), out_(out) {}

  void run() {
    ExprPtr condition = policy_.condition_expr();
    auto names = validate::check_names(info_, policy_, *condition);
    add_errors(names);
    auto unapplicable = validate::check_action_application(info_, policy_);
    if (options_.scope_without_action_is_error) {
      add_errors(unapplicable);
    } else {
      out_.warnings.insert(out_.warnings.end(), unapplicable.begin(), unapplicable.end());
    }
    if (!names.empty()) return;  // typechecking would only repeat them
    bool all_false = true;
    for (const auto& unlinked : info_.environments()) {
      for (const auto& env : linked_envs(info_, policy_, unlinked)) {
        all_false = typecheck(*condition, env) && all_false;
      }
    }
    if (all_false && errors_ == 0) {
      out_.warnings.push_back({policy_.id, policy_.loc,
                               "impossible policy: it evaluates to false in every request "
                               "environment the schema allows, so it never applies"});
    }
  }

 private:
  void add_errors(const std::vector<ValidationDiagnostic>& errors) {
    for (const auto& e : errors) add_error(e.loc, e.message, "");
  }

  void add_error(SourceLoc loc, const std::string& message, const std::string& where) {
    std::string key = std::to_string(loc.line) + ":" + std::to_string(loc.column) + ":" + message;
    if (!seen_.insert(key).second) return;
    ++errors_;
    out_.errors.push_back(
        {policy_.id, loc, where.empty() ? message : message + " (" + where + ")"});
  }

  // Typechecks the condition in `env`; true when its type is False.
  bool typecheck(const Expr& condition, const RequestEnv& env) {
    validate::Typechecker tc(info_, env, policy_.loc);
    auto typed = tc.check(condition, {});
    if (!typed) {
      add_error(typed.error().loc, typed.error().message, "with " + env.describe());
      return false;
    }
    if (!typed->type->is_bool()) {
      add_error(policy_.loc,
                "the policy condition has type " + validate::type_to_string(*typed->type) +
                    ", not a boolean",
                "with " + env.describe());
      return false;
    }
    return typed->type->is_false();
  }

  const SchemaInfo& info_;
  const ValidationOptions& options_;
  const Policy& policy_;
  ValidationResult& out_;
  std::set<std::string> seen_;
  size_t errors_ = 0;
};

}  // namespace

ValidationResult Validator::validate_policies(const PolicySet& policies,
                                              const ValidationOptions& options) const {
  ValidationResult result;
  for (const Policy& p : policies.policies()) PolicyValidator(*info_, options, p, result).run();
  for (const Policy& t : policies.templates()) PolicyValidator(*info_, options, t, result).run();
  return result;
}

}  // namespace cedar
