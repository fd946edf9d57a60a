#include "cedar/entities.h"

#include <vector>

namespace cedar {

Status Entities::add(Entity e) {
  EntityUid uid = e.uid;
  auto [it, inserted] = by_uid_.emplace(std::move(uid), std::move(e));
  if (!inserted) {
    return Error{"duplicate entity " + it->first.to_string()};
  }
  return Status::Ok();
}

const Entity* Entities::find(const EntityUid& uid) const {
  auto it = by_uid_.find(uid);
  return it == by_uid_.end() ? nullptr : &it->second;
}

// Depth-first search from each entity over parent edges. Parents that are not
// themselves in the store are still ancestors (they just have no parents of
// their own). Cycles terminate because `seen` is shared per start entity.
void Entities::finalize() {
  std::vector<const EntityUid*> stack;
  for (auto& [uid, entity] : by_uid_) {
    entity.ancestors.clear();
    stack.clear();
    for (const EntityUid& p : entity.parents) stack.push_back(&p);
    while (!stack.empty()) {
      const EntityUid* next = stack.back();
      stack.pop_back();
      if (!entity.ancestors.insert(*next).second) continue;
      const Entity* parent = find(*next);
      if (parent == nullptr) continue;
      for (const EntityUid& pp : parent->parents) {
        if (!entity.ancestors.count(pp)) stack.push_back(&pp);
      }
    }
  }
}

bool Entities::is_descendant_or_self(const EntityUid& uid, const EntityUid& other) const {
  if (uid == other) return true;
  const Entity* e = find(uid);
  return e != nullptr && e->ancestors.count(other) != 0;
}

}  // namespace cedar
