// The Validator's lifetime and the one-shot validation functions
// (cedar/validator.h). The checks themselves are in policy_validator.cc,
// request_validator.cc and entity_validator.cc.
#include "cedar/validator.h"

#include "validate/schema_info.h"

namespace cedar {

Validator::Validator(const Schema& schema)
    : info_(std::make_unique<validate::SchemaInfo>(schema)) {}

Validator::~Validator() = default;

ValidationResult validate_policies(const Schema& schema, const PolicySet& policies,
                                   const ValidationOptions& options) {
  return Validator(schema).validate_policies(policies, options);
}

Status validate_request(const Schema& schema, const Request& request) {
  return Validator(schema).validate_request(request);
}

Status validate_entities(const Schema& schema, const Entities& entities) {
  return Validator(schema).validate_entities(entities);
}

}  // namespace cedar
