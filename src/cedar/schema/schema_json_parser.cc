// Parser for Cedar's JSON schema format.
//
//   { "<namespace>": { "commonTypes": {..}?, "entityTypes": {..}, "actions": {..},
//                      "annotations": {..}? }, ... }
//
// Like the reference implementation, unknown and duplicate fields are
// errors, `entityTypes` and `actions` are required, and a type object only
// takes the fields its "type" uses. The parser checks shape only; name
// resolution is done by build_schema. Errors start with the JSON path of the
// offending element, e.g. `App.entityTypes.User.shape.attributes.age`.
#include <initializer_list>
#include <set>
#include <string>
#include <utility>

#include "cedar/schema.h"
#include "json/json_dom.h"
#include "schema/schema_builder.h"

namespace cedar {

namespace {

using simdjson::dom::element_type;
using Element = simdjson::dom::element;
using Object = simdjson::dom::object;
using schema::Origin;
using schema::RawAction;
using schema::RawEntity;
using schema::RawName;
using schema::RawNamespace;
using schema::RawType;
using schema::RawTypePtr;

using Keys = std::initializer_list<std::string_view>;

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

Error fail(const std::string& path, const std::string& message) {
  return schema::error_at(Origin{{}, path}, message);
}

// Where a type object appears decides which extra fields it may carry.
enum class TypeSite { Plain, Attribute, CommonDef };

// Checks that `el` is an object whose fields are all in `allowed` and appear
// once; on success stores it in `out`.
Status object_with(Element el, const std::string& path, Keys allowed, Object& out) {
  if (el.type() != element_type::OBJECT) return fail(path, "expected an object");
  out = json::as_object(el);
  std::set<std::string_view> seen;
  for (auto field : out) {
    if (!seen.insert(field.key).second) {
      return fail(path, "duplicate field `" + std::string(field.key) + "`");
    }
    bool known = false;
    for (auto k : allowed) known = known || k == field.key;
    if (!known) return fail(path, "unknown field `" + std::string(field.key) + "`");
  }
  return Status::Ok();
}

// Field `key` of `obj`, when present.
bool field(Object obj, std::string_view key, Element& out) {
  return obj.at_key(key).get(out) == simdjson::SUCCESS;
}

Result<std::string> string_of(Element el, const std::string& path) {
  std::string_view s;
  if (el.get_string().get(s)) return fail(path, "expected a string");
  return std::string(s);
}

// A type name such as "Long", "App::User" or "__cedar::ipaddr".
Result<std::string> path_of(Element el, const std::string& path) {
  auto s = string_of(el, path);
  if (s && !schema::is_path(*s)) return fail(path, "`" + *s + "` is not a valid name");
  return s;
}

// Annotations: an object mapping identifiers to strings; parsed and dropped.
Status check_annotations(Object obj, const std::string& parent) {
  Element el;
  if (!field(obj, "annotations", el)) return Status::Ok();
  std::string path = join(parent, "annotations");
  if (el.type() != element_type::OBJECT) return fail(path, "expected an object");
  std::set<std::string_view> seen;
  for (auto entry : json::as_object(el)) {
    std::string key_path = join(path, entry.key);
    bool word = schema::is_identifier(entry.key) || schema::is_reserved_word(entry.key);
    if (!word) return fail(key_path, "annotation names must be identifiers");
    if (!seen.insert(entry.key).second) return fail(key_path, "duplicate annotation");
    if (entry.value.type() != element_type::STRING &&
        entry.value.type() != element_type::NULL_VALUE) {
      return fail(key_path, "an annotation value must be a string");
    }
  }
  return Status::Ok();
}

// Whether a type object of the given "type" takes `key` (besides "type").
bool type_uses_field(std::string_view type, std::string_view key) {
  if (type == "Set") return key == "element";
  if (type == "Record") return key == "attributes" || key == "additionalAttributes";
  if (type == "Entity" || type == "EntityOrCommon" || type == "Extension") return key == "name";
  return false;
}

class JsonParser {
 public:
  Result<schema::RawSchema> parse(Element root);

 private:
  Status parse_namespace(std::string_view name, Element el, schema::RawSchema& out);
  Status parse_commons(Element el, const std::string& path, RawNamespace& ns);
  Status parse_entity(std::string_view name, Element el, const std::string& path, RawNamespace& ns);
  Status parse_action(std::string_view name, Element el, const std::string& path, RawNamespace& ns);
  Status parse_applies_to(Element el, const std::string& path, RawAction& action);
  Status parse_member_of(Element el, const std::string& path, RawAction& action);
  Result<std::vector<RawName>> parse_names(Element el, const std::string& path);
  Result<RawTypePtr> parse_type(Element el, const std::string& path, TypeSite site,
                                bool* required = nullptr);
  Result<RawTypePtr> parse_named_type(std::string_view type, Object obj, const std::string& path);
  Status parse_record(Object obj, const std::string& path, RawType& out);
};

Result<schema::RawSchema> JsonParser::parse(Element root) {
  schema::RawSchema out;
  if (root.type() != element_type::OBJECT) return fail("", "a schema must be a JSON object");
  std::set<std::string_view> seen;
  for (auto ns : json::as_object(root)) {
    if (!seen.insert(ns.key).second) {
      return fail("", "namespace `" + std::string(ns.key) + "` appears twice");
    }
    if (Status s = parse_namespace(ns.key, ns.value, out); !s) return s.error();
  }
  return out;
}

Status JsonParser::parse_namespace(std::string_view name, Element el, schema::RawSchema& out) {
  std::string path(name);
  if (!name.empty() && !schema::is_path(name)) {
    return fail(path, "`" + path + "` is not a valid namespace name");
  }
  Object obj;
  Keys keys = {"commonTypes", "entityTypes", "actions", "annotations"};
  if (Status s = object_with(el, path, keys, obj); !s) return s;
  if (Status s = check_annotations(obj, path); !s) return s;
  Element part;
  if (name.empty() && field(obj, "annotations", part)) {
    return fail("annotations", "the empty namespace cannot have annotations");
  }
  RawNamespace ns;
  ns.name = path;
  ns.origin = Origin{{}, path};
  if (field(obj, "commonTypes", part)) {
    if (Status s = parse_commons(part, join(path, "commonTypes"), ns); !s) return s;
  }
  for (std::string_view section : {"entityTypes", "actions"}) {
    std::string section_path = join(path, section);
    if (!field(obj, section, part))
      return fail(path, "missing field `" + std::string(section) + "`");
    if (part.type() != element_type::OBJECT) return fail(section_path, "expected an object");
    std::set<std::string_view> seen;
    for (auto decl : json::as_object(part)) {
      std::string decl_path = join(section_path, decl.key);
      if (!seen.insert(decl.key).second) return fail(decl_path, "declared twice");
      Status s = section == "actions" ? parse_action(decl.key, decl.value, decl_path, ns)
                                      : parse_entity(decl.key, decl.value, decl_path, ns);
      if (!s) return s;
    }
  }
  out.namespaces.push_back(std::move(ns));
  return Status::Ok();
}

Status JsonParser::parse_commons(Element el, const std::string& path, RawNamespace& ns) {
  if (el.type() != element_type::OBJECT) return fail(path, "expected an object");
  std::set<std::string_view> seen;
  for (auto decl : json::as_object(el)) {
    std::string decl_path = join(path, decl.key);
    if (!seen.insert(decl.key).second) return fail(decl_path, "declared twice");
    if (!schema::is_identifier(decl.key)) {
      return fail(decl_path, "`" + std::string(decl.key) + "` is not a valid common type name");
    }
    auto type = parse_type(decl.value, decl_path, TypeSite::CommonDef);
    if (!type) return std::move(type).error();
    ns.commons.push_back(schema::RawCommon{std::string(decl.key), Origin{{}, decl_path}, *type});
  }
  return Status::Ok();
}

Status JsonParser::parse_entity(std::string_view name, Element el, const std::string& path,
                                RawNamespace& ns) {
  if (!schema::is_identifier(name)) {
    return fail(path, "`" + std::string(name) + "` is not a valid entity type name");
  }
  Object obj;
  Keys keys = {"memberOfTypes", "shape", "tags", "enum", "annotations"};
  if (Status s = object_with(el, path, keys, obj); !s) return s;
  if (Status s = check_annotations(obj, path); !s) return s;
  RawEntity e;
  e.name = std::string(name);
  e.origin = Origin{{}, path};
  Element part;
  if (field(obj, "enum", part)) {
    for (std::string_view other : {"memberOfTypes", "shape", "tags"}) {
      Element unused;
      if (field(obj, other, unused)) {
        return fail(path, "an enumerated entity type cannot have `" + std::string(other) + "`");
      }
    }
    std::string enum_path = join(path, "enum");
    auto ids = json::as_array(part);
    if (part.type() != element_type::ARRAY || ids.size() == 0) {
      return fail(enum_path, "expected a non-empty array of strings");
    }
    e.enum_ids.emplace();
    for (Element item : ids) {
      auto id = string_of(item, index(enum_path, e.enum_ids->size()));
      if (!id) return std::move(id).error();
      e.enum_ids->push_back(std::move(*id));
    }
  }
  if (field(obj, "memberOfTypes", part)) {
    auto parents = parse_names(part, join(path, "memberOfTypes"));
    if (!parents) return std::move(parents).error();
    e.parents = std::move(*parents);
  }
  for (auto [key, slot] : {std::pair{"shape", &e.shape}, std::pair{"tags", &e.tags}}) {
    if (!field(obj, key, part)) continue;
    auto type = parse_type(part, join(path, key), TypeSite::Plain);
    if (!type) return std::move(type).error();
    *slot = std::move(*type);
  }
  ns.entities.push_back(std::move(e));
  return Status::Ok();
}

Status JsonParser::parse_action(std::string_view name, Element el, const std::string& path,
                                RawNamespace& ns) {
  Object obj;
  Keys keys = {"attributes", "appliesTo", "memberOf", "annotations"};
  if (Status s = object_with(el, path, keys, obj); !s) return s;
  if (Status s = check_annotations(obj, path); !s) return s;
  RawAction action;
  action.id = std::string(name);
  action.origin = Origin{{}, path};
  Element part;
  if (field(obj, "attributes", part) && !part.is_null()) {
    return fail(join(path, "attributes"), "action attributes are not supported");
  }
  if (field(obj, "appliesTo", part) && !part.is_null()) {
    if (Status s = parse_applies_to(part, join(path, "appliesTo"), action); !s) return s;
  }
  if (field(obj, "memberOf", part) && !part.is_null()) {
    if (Status s = parse_member_of(part, join(path, "memberOf"), action); !s) return s;
  }
  ns.actions.push_back(std::move(action));
  return Status::Ok();
}

Status JsonParser::parse_applies_to(Element el, const std::string& path, RawAction& action) {
  Object obj;
  if (Status s = object_with(el, path, {"principalTypes", "resourceTypes", "context"}, obj); !s) {
    return s;
  }
  Element part;
  for (auto [key, out] : {std::pair{"principalTypes", &action.principals},
                          std::pair{"resourceTypes", &action.resources}}) {
    if (!field(obj, key, part)) return fail(path, "missing field `" + std::string(key) + "`");
    auto names = parse_names(part, join(path, key));
    if (!names) return std::move(names).error();
    *out = std::move(*names);
  }
  if (field(obj, "context", part)) {
    auto context = parse_type(part, join(path, "context"), TypeSite::Plain);
    if (!context) return std::move(context).error();
    action.context = std::move(*context);
  }
  action.has_applies_to = true;
  return Status::Ok();
}

// `[{"id": "a"}, {"id": "b", "type": "NS::Action"}]`
Status JsonParser::parse_member_of(Element el, const std::string& path, RawAction& action) {
  if (el.type() != element_type::ARRAY) return fail(path, "expected an array");
  size_t i = 0;
  for (Element item : json::as_array(el)) {
    std::string item_path = index(path, i++);
    Object obj;
    if (Status s = object_with(item, item_path, {"id", "type"}, obj); !s) return s;
    schema::RawActionRef ref;
    ref.origin = Origin{{}, item_path};
    Element part;
    if (!field(obj, "id", part)) return fail(item_path, "missing field `id`");
    auto id = string_of(part, join(item_path, "id"));
    if (!id) return std::move(id).error();
    ref.id = std::move(*id);
    if (field(obj, "type", part)) {
      auto type = path_of(part, join(item_path, "type"));
      if (!type) return std::move(type).error();
      ref.type = std::move(*type);
    }
    action.parents.push_back(std::move(ref));
  }
  return Status::Ok();
}

Result<std::vector<RawName>> JsonParser::parse_names(Element el, const std::string& path) {
  if (el.type() != element_type::ARRAY) return fail(path, "expected an array of type names");
  std::vector<RawName> out;
  for (Element item : json::as_array(el)) {
    std::string item_path = index(path, out.size());
    auto name = path_of(item, item_path);
    if (!name) return std::move(name).error();
    out.push_back(RawName{std::move(*name), Origin{{}, item_path}});
  }
  return out;
}

// A type object; in an attribute, `required` (default true) goes to
// *required.
Result<RawTypePtr> JsonParser::parse_type(Element el, const std::string& path, TypeSite site,
                                          bool* required) {
  Object obj;
  Keys plain = {"type", "element", "attributes", "additionalAttributes", "name"};
  Keys attribute = {"type", "element",  "attributes", "additionalAttributes",
                    "name", "required", "annotations"};
  Keys common = {"type", "element", "attributes", "additionalAttributes", "name", "annotations"};
  Keys keys = site == TypeSite::Plain ? plain : site == TypeSite::Attribute ? attribute : common;
  if (Status s = object_with(el, path, keys, obj); !s) return s.error();
  if (Status s = check_annotations(obj, path); !s) return s.error();
  Element part;
  if (required && field(obj, "required", part)) {
    if (part.get_bool().get(*required)) return fail(join(path, "required"), "expected a bool");
  }
  if (!field(obj, "type", part)) return fail(path, "missing field `type`");
  std::string_view type;
  if (part.get_string().get(type)) return fail(join(path, "type"), "expected a string");
  return parse_named_type(type, obj, path);
}

Result<RawTypePtr> JsonParser::parse_named_type(std::string_view type, Object obj,
                                                const std::string& path) {
  auto out = std::make_shared<RawType>();
  out->origin = Origin{{}, path};
  bool named = type == "Entity" || type == "EntityOrCommon" || type == "Extension";
  for (std::string_view key : {"element", "attributes", "additionalAttributes", "name"}) {
    Element unused;
    if (!type_uses_field(type, key) && field(obj, key, unused)) {
      return fail(path, "field `" + std::string(key) + "` is not allowed for type `" +
                            std::string(type) + "`");
    }
  }
  Element part;
  if (type == "Boolean" || type == "Long" || type == "String") {
    out->kind = type == "Boolean" ? RawType::Kind::Bool
                : type == "Long"  ? RawType::Kind::Long
                                  : RawType::Kind::String;
  } else if (type == "Set") {
    if (!field(obj, "element", part)) return fail(path, "missing field `element`");
    auto element = parse_type(part, join(path, "element"), TypeSite::Plain);
    if (!element) return element;
    out->kind = RawType::Kind::Set;
    out->element = std::move(*element);
  } else if (type == "Record") {
    if (Status s = parse_record(obj, path, *out); !s) return s.error();
  } else if (!named) {  // any other word names a common type
    if (!schema::is_path(type))
      return fail(join(path, "type"), "unknown type `" + std::string(type) + "`");
    out->kind = RawType::Kind::Ref;
    out->ref = schema::RefKind::Common;
    out->name = std::string(type);
  } else {
    if (!field(obj, "name", part)) return fail(path, "missing field `name`");
    auto name = path_of(part, join(path, "name"));
    if (!name) return std::move(name).error();
    out->name = std::move(*name);
    out->kind = type == "Extension" ? RawType::Kind::Extension : RawType::Kind::Ref;
    out->ref = type == "Entity" ? schema::RefKind::Entity : schema::RefKind::CommonOrEntity;
  }
  return RawTypePtr(std::move(out));
}

Status JsonParser::parse_record(Object obj, const std::string& path, RawType& out) {
  out.kind = RawType::Kind::Record;
  Element part;
  if (field(obj, "additionalAttributes", part)) {
    bool open = false;
    if (part.get_bool().get(open))
      return fail(join(path, "additionalAttributes"), "expected a bool");
    if (open) return fail(path, "open records (`additionalAttributes: true`) are not supported");
  }
  if (!field(obj, "attributes", part)) return fail(path, "missing field `attributes`");
  std::string attrs_path = join(path, "attributes");
  if (part.type() != element_type::OBJECT) return fail(attrs_path, "expected an object");
  std::set<std::string_view> seen;
  for (auto attr : json::as_object(part)) {
    std::string attr_path = join(attrs_path, attr.key);
    if (!seen.insert(attr.key).second) return fail(attr_path, "attribute declared twice");
    schema::RawAttr raw{std::string(attr.key), nullptr, true, Origin{{}, attr_path}};
    auto type = parse_type(attr.value, attr_path, TypeSite::Attribute, &raw.required);
    if (!type) return std::move(type).error();
    raw.type = std::move(*type);
    out.attributes.push_back(std::move(raw));
  }
  return Status::Ok();
}

}  // namespace

Result<Schema> parse_schema_json(std::string_view text) {
  simdjson::dom::parser parser;
  Element root;
  if (auto err = parser.parse(text.data(), text.size()).get(root)) {
    return Error{std::string("invalid JSON: ") + simdjson::error_message(err)};
  }
  auto raw = JsonParser().parse(root);
  if (!raw) return std::move(raw).error();
  return schema::build_schema(*raw);
}

}  // namespace cedar
