// PolicyIndex: finds the policies whose scope matches a request without
// scanning the whole set, and checks scopes without the evaluator.
//
// A small set (at most kFlatMax policies) is a plain list: every policy is a
// candidate. A larger set posts each policy once, under one entity uid and
// role, so that a request looks only at the policies that name its
// principal, its resource, its action or their ancestors:
//  - `principal == E` under E as principal_eq; `principal in E` and
//    `principal is T in E` under E as principal_in;
//  - otherwise the same for the resource constraint (resource_eq/_in);
//  - otherwise (principal and resource unconstrained or `is T`) by action:
//    `action == A` under A as action_eq, `action in A` or `action in [A]`
//    under A as action_in; any other action constraint in one list every
//    request visits.
// A request visits the principal_eq and principal_in postings of its
// principal and the principal_in postings of each of the principal's
// ancestors; the same for its resource and its action. Each policy is
// posted once, and within a role the visited uids are distinct (an entity
// that is its own ancestor, through a cycle, is skipped), so no policy is
// visited twice. Each uid costs one probe of one hash table (UidTable).
//
// The index is conservative: every candidate still has its whole scope
// checked (scope_matches) before its conditions are evaluated.
//
// The index points into the PolicySet it was built from, which must outlive
// it unchanged.
#pragma once

#include <cstdint>
#include <vector>

#include "cedar/evaluator.h"
#include "cedar/policy.h"
#include "cedar/uid_table.h"

namespace cedar {

struct IndexedPolicy {
  const Policy* policy;
  // `true && when-1 && !unless-1 && ...`: the policy's conditions, with
  // Cedar's `&&` checks and messages; null when the policy has none.
  ExprPtr conditions;
  // The whole condition_expr(), only for a policy whose scope still has a
  // slot (never the case for a PolicySet's policies); null otherwise.
  ExprPtr unlinked;
};

// Whether the policy's scope (principal, action and resource constraints)
// holds for the request; a scope with a slot never holds (see unlinked).
bool scope_matches(const Policy& policy, const RequestEntities& request);

class PolicyIndex {
 public:
  static constexpr size_t kFlatMax = 8;

  explicit PolicyIndex(const PolicySet& policies);

  // Calls f(const IndexedPolicy&) for every policy whose scope may match.
  template <class F>
  void for_each_candidate(const RequestEntities& r, F&& f) const {
    if (flat_) {
      for (const IndexedPolicy& p : policies_) f(p);
      return;
    }
    const Request& req = r.request();
    if (const Postings* p = by_uid_.find(req.principal)) {
      each(p->principal_eq, f);
      each(p->principal_in, f);
    }
    if (principal_in_) visit_ancestors(r.principal(), req.principal, &Postings::principal_in, f);
    if (const Postings* p = by_uid_.find(req.resource)) {
      each(p->resource_eq, f);
      each(p->resource_in, f);
    }
    if (resource_in_) visit_ancestors(r.resource(), req.resource, &Postings::resource_in, f);
    if (const Postings* p = by_uid_.find(req.action)) {
      each(p->action_eq, f);
      each(p->action_in, f);
    }
    if (action_in_) visit_ancestors(r.action(), req.action, &Postings::action_in, f);
    each(any_action_, f);
  }

  size_t size() const { return policies_.size(); }

 private:
  // The policies posted under one entity uid, by the role the uid plays.
  struct Postings {
    std::vector<uint32_t> principal_eq;  // principal == uid
    std::vector<uint32_t> principal_in;  // principal in uid, principal is T in uid
    std::vector<uint32_t> resource_eq;   // same for the resource (principal unkeyed)
    std::vector<uint32_t> resource_in;
    std::vector<uint32_t> action_eq;  // action == uid (principal and resource unkeyed)
    std::vector<uint32_t> action_in;  // action in uid, action in [uid]
  };
  using List = std::vector<uint32_t> Postings::*;

  template <class F>
  void each(const std::vector<uint32_t>& list, F& f) const {
    for (uint32_t i : list) f(policies_[i]);
  }
  // The `in` postings of each ancestor of the request entity `e` (`uid`).
  template <class F>
  void visit_ancestors(const Entity* e, const EntityUid& uid, List list, F& f) const {
    if (e == nullptr) return;
    for (const EntityUid& g : e->ancestors) {
      if (g == uid) continue;  // its own ancestor through a cycle: visited already
      if (const Postings* p = by_uid_.find(g)) each(p->*list, f);
    }
  }
  void add_to_index(uint32_t i);

  std::vector<IndexedPolicy> policies_;  // in the set's order
  bool flat_ = true;
  UidTable<Postings> by_uid_;
  std::vector<uint32_t> any_action_;  // unkeyed, with no single-action constraint
  bool principal_in_ = false;         // some policy is in a principal_in list
  bool resource_in_ = false;
  bool action_in_ = false;
};

}  // namespace cedar
