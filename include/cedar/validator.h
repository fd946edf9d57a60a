// Validator: Cedar's strict-mode policy validation against a schema, and the
// checks of requests and entities against a schema.
//
// A policy validates when, in every request environment the schema allows
// (each action with each of its principal and resource types), it typechecks
// to a boolean, and every entity type, entity and action it names is declared.
// A policy that is false in every environment is reported as a warning
// (impossible policy), not an error, as in Cedar.
#pragma once

#include <string>
#include <vector>

#include "cedar/entities.h"
#include "cedar/policy.h"
#include "cedar/request.h"
#include "cedar/result.h"
#include "cedar/schema.h"

namespace cedar {

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

// Validates every static policy and template of the set.
ValidationResult validate_policies(const Schema& schema, const PolicySet& policies);

// The request's action is declared, its principal and resource types are
// ones the action applies to, and the context conforms to the action's
// context type. The error names the offending part.
Status validate_request(const Schema& schema, const Request& request);

// Every entity's type is declared, its attributes and tags conform to the
// schema, and its parents have types the schema allows.
Status validate_entities(const Schema& schema, const Entities& entities);

}  // namespace cedar
