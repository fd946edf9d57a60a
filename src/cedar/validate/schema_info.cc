// Closures and environments of a schema (validate/schema_info.h).
#include "validate/schema_info.h"

namespace cedar::validate {

namespace {

const std::set<std::string> kNoTypes;
const std::set<EntityUid> kNoActions;

// Transitive closure of a parent relation by depth-first search from every
// node. Tolerates cycles (a node in a cycle becomes its own ancestor).
template <class Key>
std::map<Key, std::set<Key>> closure(const std::map<Key, std::vector<Key>>& parents) {
  std::map<Key, std::set<Key>> out;
  for (const auto& [start, _] : parents) {
    std::set<Key>& seen = out[start];
    std::vector<Key> stack{start};
    while (!stack.empty()) {
      Key k = stack.back();
      stack.pop_back();
      auto it = parents.find(k);
      if (it == parents.end()) continue;
      for (const Key& p : it->second) {
        if (seen.insert(p).second) stack.push_back(p);
      }
    }
  }
  return out;
}

}  // namespace

std::string RequestEnv::describe() const {
  std::string s =
      "principal: " + principal + ", action: " + action.to_string() + ", resource: " + resource;
  if (principal_slot) s += ", ?principal: " + *principal_slot;
  if (resource_slot) s += ", ?resource: " + *resource_slot;
  return s;
}

SchemaInfo::SchemaInfo(const Schema& schema) : schema_(schema) {
  close_entity_types();
  close_actions();
  build_environments();
}

void SchemaInfo::close_entity_types() {
  std::map<std::string, std::vector<std::string>> parents;
  for (const auto& [name, def] : schema_.entity_types) {
    parents[name] = def.member_of;
    attrs_[name] = record_from_schema(def.shape);
    tags_[name] = def.tags ? from_schema_type(*def.tags) : nullptr;
  }
  type_ancestors_ = closure(parents);
}

void SchemaInfo::close_actions() {
  std::map<EntityUid, std::vector<EntityUid>> parents;
  for (const auto& [uid, def] : schema_.actions) {
    parents[uid] = def.member_of;
    contexts_[uid] = record_type(record_from_schema(def.context));
  }
  action_ancestors_ = closure(parents);
}

void SchemaInfo::build_environments() {
  for (const auto& [uid, def] : schema_.actions) {
    if (!def.has_applies_to) continue;
    for (const auto& p : def.principal_types) {
      for (const auto& r : def.resource_types) {
        envs_.push_back(RequestEnv{p, uid, r, contexts_[uid], std::nullopt, std::nullopt});
      }
    }
  }
}

bool SchemaInfo::is_entity_type(const std::string& type) const {
  return schema_.entity_types.count(type) != 0;
}

bool SchemaInfo::is_action_type(const std::string& type) const {
  return schema_.is_action_type(type);
}

bool SchemaInfo::is_action(const EntityUid& uid) const { return schema_.actions.count(uid) != 0; }

const std::vector<std::string>* SchemaInfo::enum_ids(const std::string& type) const {
  const EntityTypeDef* def = schema_.entity_type(type);
  return def && def->enum_ids ? &*def->enum_ids : nullptr;
}

bool SchemaInfo::is_valid_entity_uid(const EntityUid& uid) const {
  if (!is_entity_type(uid.type)) return false;
  const auto* ids = enum_ids(uid.type);
  if (!ids) return true;
  for (const auto& id : *ids) {
    if (id == uid.id) return true;
  }
  return false;
}

const RecordType* SchemaInfo::attributes(const std::string& type) const {
  auto it = attrs_.find(type);
  return it == attrs_.end() ? nullptr : &it->second;
}

std::optional<TypePtr> SchemaInfo::tags(const std::string& type) const {
  auto it = tags_.find(type);
  if (it == tags_.end()) return std::nullopt;
  return it->second;
}

bool SchemaInfo::type_descendant_of(const std::string& a, const std::string& b) const {
  if (a == b) return true;
  if (is_entity_type(a)) return ancestor_types(a).count(b) != 0;
  for (const auto& [uid, ancestors] : action_ancestors_) {
    if (uid.type != a) continue;
    for (const auto& anc : ancestors) {
      if (anc.type == b) return true;
    }
  }
  return false;
}

bool SchemaInfo::action_descendant_of(const EntityUid& a, const EntityUid& b) const {
  return a == b || ancestor_actions(a).count(b) != 0;
}

std::set<std::string> SchemaInfo::types_in(const std::string& type) const {
  std::set<std::string> out{type};
  for (const auto& [name, ancestors] : type_ancestors_) {
    if (ancestors.count(type)) out.insert(name);
  }
  return out;
}

std::optional<std::set<EntityUid>> SchemaInfo::actions_in(const EntityUid& uid) const {
  if (!is_action(uid)) return std::nullopt;
  std::set<EntityUid> out{uid};
  for (const auto& [a, ancestors] : action_ancestors_) {
    if (ancestors.count(uid)) out.insert(a);
  }
  return out;
}

const std::set<std::string>& SchemaInfo::ancestor_types(const std::string& type) const {
  auto it = type_ancestors_.find(type);
  return it == type_ancestors_.end() ? kNoTypes : it->second;
}

const std::set<EntityUid>& SchemaInfo::ancestor_actions(const EntityUid& uid) const {
  auto it = action_ancestors_.find(uid);
  return it == action_ancestors_.end() ? kNoActions : it->second;
}

TypePtr SchemaInfo::context(const EntityUid& action) const {
  auto it = contexts_.find(action);
  return it == contexts_.end() ? nullptr : it->second;
}

}  // namespace cedar::validate
