// Validator: Cedar's strict-mode policy validation against a schema, and the
// checks of requests and entities against a schema.
//
// A policy validates when, in every request environment the schema allows
// (each action with each of its principal and resource types), it typechecks
// to a boolean, and every entity type, entity and action it names is declared.
// A policy that is false in every environment is reported as a warning
// (impossible policy), not an error, as in Cedar.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cedar/entities.h"
#include "cedar/policy.h"
#include "cedar/request.h"
#include "cedar/result.h"
#include "cedar/schema.h"

namespace cedar {

namespace validate {
class SchemaInfo;
}

struct ValidationDiagnostic {
  std::string policy_id;
  SourceLoc loc;        // where in the policy text, when known
  std::string message;  // plain words: what is wrong
};

struct ValidationResult {
  std::vector<ValidationDiagnostic> errors;
  std::vector<ValidationDiagnostic> warnings;
  bool passed() const { return errors.empty(); }
};

// A schema prepared for validation: the closures of its entity-type and
// action hierarchies and its request environments are computed once, so one
// Validator can check many policy sets, requests and entity sets. The schema
// must outlive the Validator.
class Validator {
 public:
  explicit Validator(const Schema& schema);
  ~Validator();
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;

  // Validates every static policy, linked policy and template of the set.
  ValidationResult validate_policies(const PolicySet& policies) const;

  // The request's action is declared, its principal and resource are valid
  // entities (declared types; for enumerated types, declared values) of
  // types the action applies to, and the context is an instance of the
  // action's context type (no undeclared attributes, required ones present).
  // The error names the offending part.
  Status validate_request(const Request& request) const;

  // Every entity's type is declared (an action entity must be a declared
  // action with the schema's groups and no attributes or tags), its
  // attributes and tags conform to the schema, and its ancestors have types
  // the schema allows. The error names the entity and what is wrong.
  Status validate_entities(const Entities& entities) const;

 private:
  std::unique_ptr<validate::SchemaInfo> info_;
};

// One-shot forms of the Validator methods.
ValidationResult validate_policies(const Schema& schema, const PolicySet& policies);
Status validate_request(const Schema& schema, const Request& request);
Status validate_entities(const Schema& schema, const Entities& entities);

}  // namespace cedar
