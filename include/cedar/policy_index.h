// PolicyIndex: finds the policies that can apply to a request without
// scanning the whole set.
//
// Policies are bucketed by their action constraint: `action == A` under A,
// `action in G` under G, everything else (no constraint, or `in [..]` with
// several elements) in a bucket that every request visits. A request for
// action A visits the buckets of A and of A's ancestors. Each policy lives in
// exactly one bucket and a request's action and its ancestors are distinct,
// so no policy is visited twice. The index is conservative: a visited policy
// still has its whole condition (scope included) evaluated.
//
// The index points into the PolicySet it was built from, which must outlive
// it unchanged.
#pragma once

#include <unordered_map>
#include <vector>

#include "cedar/entities.h"
#include "cedar/policy.h"
#include "cedar/request.h"

namespace cedar {

struct IndexedPolicy {
  const Policy* policy;
  ExprPtr condition;  // policy->condition_expr(), built once
};

class PolicyIndex {
 public:
  explicit PolicyIndex(const PolicySet& policies);

  template <class F>
  void for_each_candidate(const Request& request, const Entities& entities, F&& f) const {
    for (const IndexedPolicy& p : any_action_) f(p);
    visit(by_action_eq_, request.action, f);
    visit(by_action_in_, request.action, f);
    if (by_action_in_.empty()) return;
    if (const Entity* a = entities.find(request.action)) {
      for (const EntityUid& g : a->ancestors) visit(by_action_in_, g, f);
    }
  }

  size_t size() const { return size_; }

 private:
  using Buckets = std::unordered_map<EntityUid, std::vector<IndexedPolicy>, EntityUidHash>;
  template <class F>
  static void visit(const Buckets& b, const EntityUid& key, F& f) {
    auto it = b.find(key);
    if (it == b.end()) return;
    for (const IndexedPolicy& p : it->second) f(p);
  }

  std::vector<IndexedPolicy> any_action_;
  Buckets by_action_eq_;
  Buckets by_action_in_;
  size_t size_ = 0;
};

}  // namespace cedar
