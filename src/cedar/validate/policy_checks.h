// The checks of a policy that do not depend on a request environment.
//
//  - Names: every entity type the policy names (in entity literals and `is`
//    tests, scope included) is declared (a type whose last component is
//    `Action` counts as declared: it is checked as an action instead); every
//    action literal is a declared action; every literal of an enumerated
//    entity type is one of its values.
//  - Action application: the scope alone admits at least one (action,
//    principal type, resource type) combination that the schema allows.
//    Otherwise the policy can never apply: a warning since Cedar 4.13, an
//    error before (ValidationOptions::scope_without_action_is_error).
#pragma once

#include <vector>

#include "cedar/policy.h"
#include "cedar/validator.h"
#include "validate/schema_info.h"

namespace cedar::validate {

// Errors for undeclared entity types and actions and invalid enum entities
// in `condition` (the policy's whole condition, scope included).
std::vector<ValidationDiagnostic> check_names(const SchemaInfo& info, const Policy& policy,
                                              const Expr& condition);

// A diagnostic when no schema-allowed combination satisfies the policy scope.
std::vector<ValidationDiagnostic> check_action_application(const SchemaInfo& info,
                                                           const Policy& policy);

// True when the last `::` component of `type` is `Action`.
bool is_action_type_name(const std::string& type);

}  // namespace cedar::validate
