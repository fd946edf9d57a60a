// Entities: the entity store a request is evaluated against.
//
// Invariant after finalize(): every entity's `ancestors` holds the transitive
// closure of its `parents` (an entity is not its own ancestor unless there is
// a cycle), so `in` is one hash lookup per container.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cedar/result.h"
#include "cedar/value.h"

namespace cedar {

struct Entity {
  EntityUid uid;
  Record attrs;  // sorted by name
  Record tags;   // sorted by name
  std::vector<EntityUid> parents;
  std::unordered_set<EntityUid, EntityUidHash> ancestors;  // filled by finalize()
};

class Entities {
 public:
  // Adds an entity. Fails when the uid is already present.
  Status add(Entity e);
  // Adds or merges: used to add the schema's action entities when the input
  // did not list them.
  bool contains(const EntityUid& uid) const { return by_uid_.count(uid) != 0; }
  // Computes the ancestor closure of every entity.
  void finalize();

  const Entity* find(const EntityUid& uid) const;
  // uid == other, or other is an ancestor of uid.
  bool is_descendant_or_self(const EntityUid& uid, const EntityUid& other) const;

  size_t size() const { return by_uid_.size(); }
  const std::unordered_map<EntityUid, Entity, EntityUidHash>& all() const { return by_uid_; }

 private:
  std::unordered_map<EntityUid, Entity, EntityUidHash> by_uid_;
};

}  // namespace cedar
