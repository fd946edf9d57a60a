// Cedar's JSON formats for values, entity uids, entities and contexts.
//
// Values: JSON bools, integers (the full i64 range; larger or fractional
// numbers are errors), strings, arrays (sets) and objects (records), with the
// escapes `{"__entity": {"type": T, "id": I}}` for entity references and
// `{"__extn": {"fn": F, "arg": A}}` (or `"args": [..]`) for extension values.
//
// With a schema, parsing is schema-directed: where the schema expects an
// entity the `__entity` wrapper may be omitted, where it expects an extension
// type a plain string (e.g. "10.0.0.1") is passed to that type's constructor,
// record attributes are checked against the declared ones, and the schema's
// action entities are added to an entity set that does not list them.
//
// Errors name where the bad value is, e.g.
// `entity User::"alice", attribute "age": expected a long, found a string`.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/json_string.h"
#include "cedar/entities.h"
#include "cedar/expr.h"
#include "cedar/request.h"
#include "cedar/result.h"
#include "cedar/schema.h"
#include "cedar/value.h"

namespace cedar {

// A JSON array of entities. `schema` may be null.
Result<Entities> parse_entities_json(std::string_view json, const Schema* schema);

// A JSON object of context attributes for `action`. `schema` may be null.
Result<Value> parse_context_json(std::string_view json, const Schema* schema,
                                 const EntityUid& action);

// `{"type": T, "id": I}` or `{"__entity": {...}}`.
Result<EntityUid> parse_entity_uid_json(std::string_view json);

// A request file, as the Cedar CLI reads it: {"principal", "action",
// "resource"[, "context"]}, each uid as JSON ({"type", "id"},
// {"__entity": ...}) or a JSON string in Cedar syntax (`"User::\"alice\""`).
// The context (the empty record when absent) is parsed against `schema`
// when not null.
Result<Request> parse_request_json(std::string_view json, const Schema* schema);

// One template link of the Cedar CLI's template-links file.
struct TemplateLinkSpec {
  std::string template_id;
  std::string link_id;
  std::map<SlotId, EntityUid> values;
};

// The Cedar CLI's template-links file: a JSON array of
//   {"template_id": T, "link_id": L, "args": {"?principal": U, "?resource": U}}
// with each U an entity uid as in parse_request_json.
Result<std::vector<TemplateLinkSpec>> parse_template_links_json(std::string_view json);

// Any Cedar value; `expected` (may be null) directs the parse.
Result<Value> parse_value_json(std::string_view json, const SchemaType* expected);

// Cedar JSON of a value, the inverse of parse_value_json without a schema
// (entities and extension values use the explicit escapes).
std::string value_to_json(const Value& v);

// The JSON string writer (base/json_string.h).
using base::append_json_string;

}  // namespace cedar
