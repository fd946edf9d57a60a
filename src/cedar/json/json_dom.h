// Conversions from a parsed simdjson DOM to Cedar values. Internal to the
// engine and its tools (the public API in cedar/json.h takes text).
#pragma once

#include <simdjson.h>

#include <string>

#include "cedar/entities.h"
#include "cedar/result.h"
#include "cedar/schema.h"
#include "cedar/value.h"

namespace cedar::json {

using Element = simdjson::dom::element;

// `where` describes the position for error messages ("context", "entity
// User::\"a\", attribute \"x\"").
Result<Value> value_from_dom(Element el, const SchemaType* expected, const std::string& where);
Result<EntityUid> uid_from_dom(Element el, const std::string& where);
Result<Entities> entities_from_dom(Element el, const Schema* schema);
Result<Value> context_from_dom(Element el, const Schema* schema, const EntityUid& action);

// Accessors that copy out of simdjson's result wrappers (iterating a
// temporary wrapper dangles). On a kind mismatch they yield an empty object
// or array; callers check the kind first where it matters.
inline simdjson::dom::object as_object(Element el) {
  simdjson::dom::object o;
  if (el.get_object().get(o)) return {};
  return o;
}
inline simdjson::dom::array as_array(Element el) {
  simdjson::dom::array a;
  if (el.get_array().get(a)) return {};
  return a;
}
// The member `key` of an object; false when absent or `el` is no object.
inline bool member(Element el, std::string_view key, Element& out) {
  return el.at_key(key).get(out) == simdjson::SUCCESS;
}

// Parses text into a DOM owned by `parser`; the element is valid until the
// parser is reused.
Result<Element> parse_dom(simdjson::dom::parser& parser, std::string_view text);

}  // namespace cedar::json
