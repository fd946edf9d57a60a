// SchemaInfo: what the validator needs to know about a schema, computed once.
//
// The schema stores only direct parents (`memberOfTypes`, action groups);
// this computes the transitive closures both ways, the request environments
// (each action with each of its principal and resource types), and the
// attribute, tag and context types in validator form.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cedar/schema.h"
#include "validate/types.h"

namespace cedar::validate {

// One request environment: the types of principal, action, resource and
// context. For a template, the entity types its slots are linked to.
struct RequestEnv {
  std::string principal;
  EntityUid action;
  std::string resource;
  TypePtr context;  // a Record
  std::optional<std::string> principal_slot;
  std::optional<std::string> resource_slot;

  // "principal: User, action: Action::"view", resource: Photo"
  std::string describe() const;
};

class SchemaInfo {
 public:
  explicit SchemaInfo(const Schema& schema);

  const Schema& schema() const { return schema_; }
  const std::vector<RequestEnv>& environments() const { return envs_; }

  bool is_entity_type(const std::string& type) const;
  // The type of some declared action (e.g. "Action", "NS::Action").
  bool is_action_type(const std::string& type) const;
  bool is_action(const EntityUid& uid) const;
  // The uid's type is declared and, for an enumerated type, the id is one of
  // its members.
  bool is_valid_entity_uid(const EntityUid& uid) const;
  // Enumerated entity type ids; null when `type` is not an enum type.
  const std::vector<std::string>* enum_ids(const std::string& type) const;

  // Attributes of a declared entity type; null for an undeclared type.
  const RecordType* attributes(const std::string& type) const;
  // Tag type of a declared entity type: nullopt when the type is undeclared,
  // a null TypePtr when it is declared without tags.
  std::optional<TypePtr> tags(const std::string& type) const;

  // An entity of type `a` may be `in` an entity of type `b`: a == b, or b is
  // a (transitive) parent type of a, or (for action types) some action of
  // type a belongs to a group of type b.
  bool type_descendant_of(const std::string& a, const std::string& b) const;
  // Action a is b or belongs (transitively) to group b.
  bool action_descendant_of(const EntityUid& a, const EntityUid& b) const;

  // `type` and every entity type that may be a descendant of it.
  std::set<std::string> types_in(const std::string& type) const;
  // Every action that is `uid` or a (transitive) member of it; nullopt when
  // uid is not a declared action.
  std::optional<std::set<EntityUid>> actions_in(const EntityUid& uid) const;
  // Transitive parent types of `type` (empty for undeclared types).
  const std::set<std::string>& ancestor_types(const std::string& type) const;
  // Transitive action groups of an action (empty for undeclared actions).
  const std::set<EntityUid>& ancestor_actions(const EntityUid& uid) const;
  // Context type of an action as a Record type; null for undeclared actions.
  TypePtr context(const EntityUid& action) const;

 private:
  void close_entity_types();
  void close_actions();
  void build_environments();

  const Schema& schema_;
  std::map<std::string, std::set<std::string>> type_ancestors_;
  std::map<EntityUid, std::set<EntityUid>> action_ancestors_;
  std::map<std::string, RecordType> attrs_;
  std::map<std::string, TypePtr> tags_;
  std::map<EntityUid, TypePtr> contexts_;
  std::vector<RequestEnv> envs_;
};

}  // namespace cedar::validate
