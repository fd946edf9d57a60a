// Entities: the entity store a request is evaluated against.
//
// Invariant after a successful finalize(): the parent graph has no cycle,
// and every entity's `ancestors` holds the transitive closure of its
// `parents`, sorted and without duplicates (an entity is never its own
// ancestor), so `in` is one hash lookup and a binary search. The closure is computed once per
// entity set, when it is finalized, not per `in`.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cedar/result.h"
#include "cedar/value.h"

namespace cedar {

struct Entity {
  EntityUid uid;
  Record attrs;  // sorted by name
  Record tags;   // sorted by name
  std::vector<EntityUid> parents;
  std::vector<EntityUid> ancestors;  // filled by Entities::finalize(): sorted, unique

  // `uid` is one of the ancestors (needs finalize()): a scan with the cheap
  // equality for a few ancestors, a binary search for more.
  bool has_ancestor(const EntityUid& uid) const {
    if (ancestors.size() <= 8) {
      return std::find(ancestors.begin(), ancestors.end(), uid) != ancestors.end();
    }
    return std::binary_search(ancestors.begin(), ancestors.end(), uid);
  }
};

class Entities {
 public:
  // Adds an entity. An entity equal to the one already stored under its uid
  // (same attributes, tags and set of parents, in any order) is ignored, as
  // in Cedar since 4.4; a different one with the same uid is an error.
  Status add(Entity e);
  bool contains(const EntityUid& uid) const { return by_uid_.count(uid) != 0; }
  // Room for `n` entities without rehashing.
  void reserve(size_t n) { by_uid_.reserve(n); }
  // Computes the ancestor closure of every entity. Fails, naming an entity
  // on the cycle, when the hierarchy has a cycle (a self-loop included), as
  // Cedar refuses such a store.
  Status finalize();

  const Entity* find(const EntityUid& uid) const;
  // uid == other, or other is an ancestor of uid.
  bool is_descendant_or_self(const EntityUid& uid, const EntityUid& other) const;

  size_t size() const { return by_uid_.size(); }
  const std::unordered_map<EntityUid, Entity, EntityUidHash>& all() const { return by_uid_; }

 private:
  std::unordered_map<EntityUid, Entity, EntityUidHash> by_uid_;
};

}  // namespace cedar
