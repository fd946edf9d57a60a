#include <string>

#include "cedar/json.h"
#include "json/json_dom.h"

namespace cedar::json {

namespace {

Result<std::vector<EntityUid>> parents_from_dom(Element el, const Where& where) {
  std::vector<EntityUid> parents;
  simdjson::dom::array arr;
  if (el.get_array().get(arr)) return Error{where.str() + ": `parents` must be an array"};
  parents.reserve(arr.size());
  for (Element p : arr) {
    auto uid = uid_from_dom(p, where.then("parent"));
    if (!uid) return uid.error();
    parents.push_back(std::move(*uid));
  }
  return parents;
}

// Parses attrs or tags: a JSON object whose values have type `field_type`
// (tags: every value has the tag type) or follow `shape` (attrs).
Result<Record> fields_from_dom(Element el, const SchemaType* shape, const SchemaType* field_type,
                               const Where& where) {
  if (!el.is_object()) return Error{where.str() + ": expected an object"};
  if (shape) return record_from_dom(el, shape, where);
  Record fields;
  simdjson::dom::object obj = as_object(el);
  fields.reserve(obj.size());
  for (auto [key, val] : obj) {
    auto v = value_from_dom(val, field_type, where.key(key));
    if (!v) return v.error();
    fields.emplace_back(std::string(key), std::move(*v));
  }
  if (!sort_record(fields)) return Error{where.str() + ": duplicate key"};
  return fields;
}

Result<Entity> entity_from_dom(Element el, const Schema* schema) {
  if (!el.is_object()) return Error{"each entity must be a JSON object"};
  Element uid_el;
  if (el["uid"].get(uid_el)) return Error{"entity without `uid`"};
  auto uid = uid_from_dom(uid_el, "entity uid");
  if (!uid) return uid.error();
  Entity e;
  e.uid = std::move(*uid);
  Where where = Where::entity(e.uid);
  const EntityTypeDef* def = nullptr;
  if (schema && !schema->is_action_type(e.uid.type)) {
    def = schema->entity_type(e.uid.type);
    if (!def) return Error{where.str() + ": entity type " + e.uid.type + " is not in the schema"};
  }
  // `attrs` and `parents` are required, `tags` optional; other keys are
  // ignored, as in Cedar (docs/cedar-differences.md); a key given twice is
  // an error.
  bool has_attrs = false, has_parents = false, has_tags = false;
  for (auto [key, val] : as_object(el)) {
    bool* seen = key == "attrs"     ? &has_attrs
                 : key == "parents" ? &has_parents
                 : key == "tags"    ? &has_tags
                                    : nullptr;
    if (!seen) continue;
    if (*seen) return Error{where.str() + ": duplicate field `" + std::string(key) + "`"};
    *seen = true;
    if (key == "attrs") {
      auto r = fields_from_dom(val, def ? def->shape.get() : nullptr, nullptr, where);
      if (!r) return r.error();
      e.attrs = std::move(*r);
    } else if (key == "parents") {
      auto p = parents_from_dom(val, where);
      if (!p) return p.error();
      e.parents = std::move(*p);
    } else {
      if (def && !def->tags && val.is_object() && as_object(val).size() != 0) {
        return Error{where.str() + ": entity type " + e.uid.type + " has no tags in the schema"};
      }
      auto t = fields_from_dom(val, nullptr, def ? def->tags.get() : nullptr, where.then("tag"));
      if (!t) return t.error();
      e.tags = std::move(*t);
    }
  }
  if (!has_attrs) return Error{where.str() + ": missing field `attrs`"};
  if (!has_parents) return Error{where.str() + ": missing field `parents`"};
  return e;
}

}  // namespace

Result<Entities> entities_from_dom(Element el, const Schema* schema) {
  simdjson::dom::array arr;
  if (el.get_array().get(arr)) return Error{"entities must be a JSON array"};
  Entities entities;
  entities.reserve(arr.size() + (schema ? schema->actions.size() : 0));
  for (Element x : arr) {
    auto e = entity_from_dom(x, schema);
    if (!e) return e.error();
    Status s = entities.add(std::move(*e));
    if (!s) return s.error();
  }
  if (schema) {
    for (const auto& [uid, action] : schema->actions) {
      if (entities.contains(uid)) continue;
      Entity e;
      e.uid = uid;
      e.parents = action.member_of;
      Status s = entities.add(std::move(e));
      if (!s) return s.error();
    }
  }
  if (Status s = entities.finalize(); !s) return s.error();
  return entities;
}

Result<Value> context_from_dom(Element el, const Schema* schema, const EntityUid& action) {
  if (!el.is_object()) return Error{"context must be a JSON object"};
  // With a schema, the context's type is the action's: an action the schema
  // does not declare has none, and Cedar refuses the context (whether or
  // not the request is validated).
  const SchemaType* shape = nullptr;
  if (schema) {
    const ActionDef* def = schema->action(action);
    if (!def) return Error{"context: action " + action.to_string() + " is not in the schema"};
    shape = def->context.get();
  }
  return value_from_dom(el, shape, "context");
}

}  // namespace cedar::json

namespace cedar {

Result<Entities> parse_entities_json(std::string_view text, const Schema* schema) {
  json::DomLease dom;
  auto el = dom.parse(text);
  if (!el) return el.error();
  return json::entities_from_dom(*el, schema);
}

Result<Value> parse_context_json(std::string_view text, const Schema* schema,
                                 const EntityUid& action) {
  json::DomLease dom;
  auto el = dom.parse(text);
  if (!el) return el.error();
  return json::context_from_dom(*el, schema, action);
}

Result<EntityUid> parse_entity_uid_json(std::string_view text) {
  json::DomLease dom;
  auto el = dom.parse(text);
  if (!el) return el.error();
  return json::uid_from_dom(*el, "");
}

Result<Value> parse_value_json(std::string_view text, const SchemaType* expected) {
  json::DomLease dom;
  auto el = dom.parse(text);
  if (!el) return el.error();
  return json::value_from_dom(*el, expected, "");
}

}  // namespace cedar
