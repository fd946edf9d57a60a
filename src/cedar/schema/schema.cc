// Schema lookups. Parsing lives in schema_text_parser.cc and
// schema_json_parser.cc; name resolution in schema_builder.cc.
#include "cedar/schema.h"

namespace cedar {

const EntityTypeDef* Schema::entity_type(std::string_view name) const {
  auto it = entity_types.find(name);
  return it == entity_types.end() ? nullptr : &it->second;
}

const ActionDef* Schema::action(const EntityUid& uid) const {
  auto it = actions.find(uid);
  return it == actions.end() ? nullptr : &it->second;
}

// `actions` is ordered by (type, id), so the first uid not below (type, "")
// is an action of this type exactly when one exists. Action types are
// `Action` or `NS::Action`, so other names need no lookup.
bool Schema::is_action_type(std::string_view type) const {
  if (!type.ends_with("Action")) return false;
  auto it = actions.lower_bound(EntityUid{std::string(type), ""});
  return it != actions.end() && it->first.type == type;
}

}  // namespace cedar
