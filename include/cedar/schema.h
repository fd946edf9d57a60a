// Schema: entity types, actions and their attribute types.
//
// Both of Cedar's schema formats (the human `.cedarschema` syntax and the JSON
// format) parse into this one model. Names are fully resolved: every entity
// type name is fully qualified ("NS::Type"), common types are inlined, and
// action entity uids carry their namespaced type ("NS::Action").
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/result.h"
#include "cedar/value.h"

namespace cedar {

struct SchemaType;
using SchemaTypePtr = std::shared_ptr<const SchemaType>;

struct AttributeType {
  SchemaTypePtr type;
  bool required = true;
};

struct SchemaType {
  enum class Kind : uint8_t { Bool, Long, String, Set, Record, Entity, Extension };
  Kind kind = Kind::Bool;
  SchemaTypePtr element;                                         // Set
  std::map<std::string, AttributeType, std::less<>> attributes;  // Record
  std::string name;  // Entity: qualified type name; Extension: "decimal", "ipaddr", ...
};

struct EntityTypeDef {
  std::string name;                                  // qualified
  std::vector<std::string> member_of;                // qualified parent types
  SchemaTypePtr shape;                               // a Record type (empty record when none)
  SchemaTypePtr tags;                                // null when the type has no tags
  std::optional<std::vector<std::string>> enum_ids;  // enumerated entity type
};

struct ActionDef {
  EntityUid uid;                     // type is "Action" or "NS::Action"
  std::vector<EntityUid> member_of;  // action groups
  bool has_applies_to = false;       // false: applies to nothing
  std::vector<std::string> principal_types;
  std::vector<std::string> resource_types;
  SchemaTypePtr context;  // a Record type (empty record when none)
};

class Schema {
 public:
  std::map<std::string, EntityTypeDef, std::less<>> entity_types;
  std::map<EntityUid, ActionDef> actions;  // keys' types: `Action` or `NS::Action`

  const EntityTypeDef* entity_type(std::string_view name) const;
  const ActionDef* action(const EntityUid& uid) const;
  // Action groups are actions too; true when uid names a declared action.
  bool is_action_type(std::string_view type) const;
};

// Human-readable schema syntax. Errors name line and column.
Result<Schema> parse_schema_text(std::string_view text);
// JSON schema format. Errors name the JSON path, e.g. `App.entityTypes.User.shape`.
Result<Schema> parse_schema_json(std::string_view text);

}  // namespace cedar
