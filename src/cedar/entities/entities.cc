#include "cedar/entities.h"

#include <cstdint>
#include <functional>
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

namespace {

// The parent graph with numbered nodes: the entities of the store first,
// then the parents that are not themselves in the store (they are ancestors
// too, with no parents of their own). Edges in compressed rows.
struct ParentGraph {
  std::vector<const EntityUid*> uid;  // per node
  std::vector<uint32_t> first;        // node i's parents: edges[first[i] .. first[i + 1])
  std::vector<uint32_t> edges;
};

ParentGraph parent_graph(std::vector<Entity*>& nodes,
                         const std::unordered_map<EntityUid, Entity, EntityUidHash>& by_uid) {
  ParentGraph g;
  std::sort(nodes.begin(), nodes.end(), std::less<>());  // by address, to number them
  auto index_of = [&](const Entity* e) {
    return static_cast<uint32_t>(std::lower_bound(nodes.begin(), nodes.end(), e, std::less<>()) -
                                 nodes.begin());
  };
  for (const Entity* e : nodes) g.uid.push_back(&e->uid);
  std::unordered_map<EntityUid, uint32_t, EntityUidHash> outside;
  for (const Entity* e : nodes) {
    g.first.push_back(static_cast<uint32_t>(g.edges.size()));
    for (const EntityUid& p : e->parents) {
      auto it = by_uid.find(p);
      if (it != by_uid.end()) {
        g.edges.push_back(index_of(&it->second));
        continue;
      }
      auto [o, added] = outside.emplace(p, static_cast<uint32_t>(g.uid.size()));
      if (added) g.uid.push_back(&p);
      g.edges.push_back(o->second);
    }
  }
  g.first.push_back(static_cast<uint32_t>(g.edges.size()));
  return g;
}

}  // namespace

// Depth-first search from each entity over the numbered parent graph; a
// per-node stamp marks what this search has seen, so diamonds are visited
// once and cycles terminate.
void Entities::finalize() {
  std::vector<Entity*> nodes;
  nodes.reserve(by_uid_.size());
  for (auto& [uid, entity] : by_uid_) nodes.push_back(&entity);
  ParentGraph g = parent_graph(nodes, by_uid_);
  const uint32_t n = static_cast<uint32_t>(nodes.size());
  std::vector<uint32_t> seen_by(g.uid.size(), UINT32_MAX);
  std::vector<uint32_t> stack;
  for (uint32_t i = 0; i < n; ++i) {
    Entity& entity = *nodes[i];
    entity.ancestors.clear();
    stack.assign(g.edges.begin() + g.first[i], g.edges.begin() + g.first[i + 1]);
    while (!stack.empty()) {
      uint32_t j = stack.back();
      stack.pop_back();
      if (seen_by[j] == i) continue;
      seen_by[j] = i;
      entity.ancestors.push_back(*g.uid[j]);
      if (j < n)
        stack.insert(stack.end(), g.edges.begin() + g.first[j], g.edges.begin() + g.first[j + 1]);
    }
    std::sort(entity.ancestors.begin(), entity.ancestors.end());
  }
}

bool Entities::is_descendant_or_self(const EntityUid& uid, const EntityUid& other) const {
  if (uid == other) return true;
  const Entity* e = find(uid);
  return e != nullptr && e->has_ancestor(other);
}

}  // namespace cedar
