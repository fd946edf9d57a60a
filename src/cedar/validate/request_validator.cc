// validate_request (cedar/validator.h): a request conforms to the schema
// when its action is declared, its principal and resource are valid
// entities of types the action applies to, and its context is an instance
// of the action's context type.
#include <string>
#include <vector>

#include "cedar/validator.h"
#include "validate/conformance.h"
#include "validate/schema_info.h"

namespace cedar {

namespace {

using validate::SchemaInfo;

std::string join(const std::vector<std::string>& names) {
  if (names.empty()) return "nothing";
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

Status check_entity(const SchemaInfo& info, const char* role, const EntityUid& uid) {
  if (!info.is_entity_type(uid.type)) {
    return Error{std::string(role) + " `" + uid.to_string() + "` has type `" + uid.type +
                 "`, which the schema does not declare"};
  }
  if (!info.is_valid_entity_uid(uid)) {
    return Error{std::string(role) + " " + *validate::uid_error(uid, info)};
  }
  return Status::Ok();
}

Status check_applies(const ActionDef& action, const char* role, const std::string& type,
                     const std::vector<std::string>& allowed) {
  for (const auto& t : allowed) {
    if (t == type) return Status::Ok();
  }
  return Error{std::string("action `") + action.uid.to_string() + "` does not apply to a " + role +
               " of type `" + type + "` (it applies to " + join(allowed) + ")"};
}

}  // namespace

Status Validator::validate_request(const Request& request) const {
  const SchemaInfo& info = *info_;
  const ActionDef* action = info.schema().action(request.action);
  if (!action) {
    return Error{"action `" + request.action.to_string() + "` is not declared in the schema"};
  }
  if (Status s = check_entity(info, "principal", request.principal); !s) return s;
  if (Status s = check_entity(info, "resource", request.resource); !s) return s;
  if (Status s =
          check_applies(*action, "principal", request.principal.type, action->principal_types);
      !s) {
    return s;
  }
  if (Status s = check_applies(*action, "resource", request.resource.type, action->resource_types);
      !s) {
    return s;
  }
  validate::TypePtr context = info.context(request.action);
  auto err = validate::conformance_error(request.context, *context, info, "context");
  if (err) return Error{*err};
  return Status::Ok();
}

}  // namespace cedar
