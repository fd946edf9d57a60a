#include "cedar/entities.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace cedar {

namespace {

bool same_parents(std::vector<EntityUid> a, std::vector<EntityUid> b) {
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  std::sort(b.begin(), b.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  return a == b;
}

// Structural equality of two entities with the same uid (records are sorted
// by name, so attribute order does not matter).
bool same_entity(const Entity& a, const Entity& b) {
  return a.attrs == b.attrs && a.tags == b.tags && same_parents(a.parents, b.parents);
}

}  // namespace

Status Entities::add(Entity e) {
  EntityUid uid = e.uid;
  auto [it, inserted] = by_uid_.try_emplace(std::move(uid));
  if (inserted) {
    it->second = std::move(e);
    return Status::Ok();
  }
  if (same_entity(it->second, e)) return Status::Ok();
  return Error{"duplicate entity " + it->first.to_string() + " with different contents"};
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

// order[k]: the node whose uid is k-th in uid order; rank is its inverse.
// Sorting the graph's uids once lets each entity sort its ancestors as
// integers.
void uid_order(const ParentGraph& g, std::vector<uint32_t>& order, std::vector<uint32_t>& rank) {
  const auto m = static_cast<uint32_t>(g.uid.size());
  order.resize(m);
  for (uint32_t j = 0; j < m; ++j) order[j] = j;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return *g.uid[a] < *g.uid[b]; });
  rank.resize(m);
  for (uint32_t k = 0; k < m; ++k) rank[order[k]] = k;
}

}  // namespace

// Depth-first search from each entity over the numbered parent graph; a
// per-node stamp marks what this search has seen, so diamonds are visited
// once; reaching the start again is a cycle. An entity set without any parent edge (common
// for small requests) needs no graph at all.
Status Entities::finalize() {
  std::vector<Entity*> nodes;
  nodes.reserve(by_uid_.size());
  bool any_parents = false;
  for (auto& [uid, entity] : by_uid_) {
    entity.ancestors.clear();
    any_parents = any_parents || !entity.parents.empty();
    nodes.push_back(&entity);
  }
  if (!any_parents) return Status::Ok();
  ParentGraph g = parent_graph(nodes, by_uid_);
  std::vector<uint32_t> order, rank;
  uid_order(g, order, rank);
  const auto n = static_cast<uint32_t>(nodes.size());
  std::vector<uint32_t> seen_by(g.uid.size(), UINT32_MAX);
  std::vector<uint32_t> stack, found;  // found: ranks of this entity's ancestors
  for (uint32_t i = 0; i < n; ++i) {
    if (g.first[i] == g.first[i + 1]) continue;
    stack.assign(g.edges.begin() + g.first[i], g.edges.begin() + g.first[i + 1]);
    found.clear();
    while (!stack.empty()) {
      uint32_t j = stack.back();
      stack.pop_back();
      if (j == i) {
        return Error{"the entity hierarchy has a cycle through " + nodes[i]->uid.to_string()};
      }
      if (seen_by[j] == i) continue;
      seen_by[j] = i;
      found.push_back(rank[j]);
      if (j < n)
        stack.insert(stack.end(), g.edges.begin() + g.first[j], g.edges.begin() + g.first[j + 1]);
    }
    std::sort(found.begin(), found.end());
    std::vector<EntityUid>& ancestors = nodes[i]->ancestors;
    ancestors.reserve(found.size());
    for (uint32_t r : found) ancestors.push_back(*g.uid[order[r]]);
  }
  return Status::Ok();
}

bool Entities::is_descendant_or_self(const EntityUid& uid, const EntityUid& other) const {
  if (uid == other) return true;
  const Entity* e = find(uid);
  return e != nullptr && e->has_ancestor(other);
}

}  // namespace cedar
