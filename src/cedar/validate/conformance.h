// Conformance of values to validator types, shared by request validation
// (the context) and entity validation (attributes and tags).
//
// A value is an instance of a type when its kind matches; an entity
// reference has exactly the expected entity type and names a declared
// action or a valid entity (for an enumerated type, one of its values); a
// set's elements all conform; and a record has no undeclared attributes,
// every required attribute, and conforming attribute values (records are
// closed, as in Cedar's strict mode).
#pragma once

#include <optional>
#include <string>

#include "cedar/value.h"
#include "validate/schema_info.h"
#include "validate/types.h"

namespace cedar::validate {

// nullopt when `v` is an instance of `t`; otherwise what is wrong, naming the
// attribute path under `where` (e.g. `context.address.zip: expected Long,
// found a string`).
std::optional<std::string> conformance_error(const Value& v, const Type& t, const SchemaInfo& info,
                                             const std::string& where);

// nullopt when `uid` may be referenced: an action uid must be declared, and
// an entity of an enumerated type must be one of its values.
std::optional<std::string> uid_error(const EntityUid& uid, const SchemaInfo& info);

}  // namespace cedar::validate
