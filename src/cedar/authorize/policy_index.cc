#include "cedar/policy_index.h"

namespace cedar {

namespace {

using SK = ScopeConstraint::Kind;
using AK = ActionConstraint::Kind;

bool has_slot(const ScopeConstraint& c) {
  return c.kind != SK::Any && c.kind != SK::Is && c.ref.is_slot;
}

// `uid in target`: equal, or target is one of uid's ancestors. `entity`
// yields uid's entity (null when the store does not have it) and is called
// only when the uids differ.
template <class Lookup>
bool in_target(const EntityUid& uid, Lookup entity, const EntityUid& target) {
  if (uid == target) return true;
  const Entity* e = entity();
  return e != nullptr && e->has_ancestor(target);
}

// The scope constraint on a request entity.
template <class Lookup>
bool scope_holds(const ScopeConstraint& c, const EntityUid& uid, Lookup entity) {
  switch (c.kind) {
    case SK::Any:
      return true;
    case SK::Eq:
      return uid == c.ref.uid;
    case SK::In:
      return in_target(uid, entity, c.ref.uid);
    case SK::Is:
      return uid.type == c.type;
    case SK::IsIn:
      return uid.type == c.type && in_target(uid, entity, c.ref.uid);
  }
  return false;
}

bool action_holds(const ActionConstraint& c, const RequestEntities& r) {
  const EntityUid& a = r.request().action;
  switch (c.kind) {
    case AK::Any:
      return true;
    case AK::Eq:
      return a == c.uids[0];
    case AK::In:
    case AK::InSet: {
      auto entity = [&] { return r.action(); };
      for (const EntityUid& target : c.uids) {
        if (in_target(a, entity, target)) return true;
      }
      return false;
    }
  }
  return false;
}

// `true && when-1 && !unless-1 && ...`, or null without conditions. The
// leading `true` gives every condition the operand checks (and messages) of
// `&&`, exactly as in condition_expr().
ExprPtr conditions_expr(const Policy& p) {
  if (p.conditions.empty()) return nullptr;
  ExprPtr e = make_literal(Value::boolean(true), p.loc);
  for (const Condition& c : p.conditions) {
    ExprPtr body = c.is_when ? c.body : make_unary(UnaryOp::Not, c.body, c.body->loc);
    e = make_and(e, body, p.loc);
  }
  return e;
}

// A principal or resource constraint that names one entity: the key to
// index the policy under, or null.
const EntityUid* scope_key(const ScopeConstraint& c, bool& is_eq) {
  if (c.kind != SK::Eq && c.kind != SK::In && c.kind != SK::IsIn) return nullptr;
  if (c.ref.is_slot) return nullptr;
  is_eq = c.kind == SK::Eq;
  return &c.ref.uid;
}

}  // namespace

bool scope_matches(const Policy& p, const RequestEntities& r) {
  if (has_slot(p.principal) || has_slot(p.resource)) return false;
  const Request& req = r.request();
  return scope_holds(p.principal, req.principal, [&] { return r.principal(); }) &&
         action_holds(p.action, r) &&
         scope_holds(p.resource, req.resource, [&] { return r.resource(); });
}

PolicyIndex::PolicyIndex(const PolicySet& policies) {
  policies_.reserve(policies.policies().size());
  for (const Policy& p : policies.policies()) {
    bool unlinked = has_slot(p.principal) || has_slot(p.resource);
    policies_.push_back({&p, conditions_expr(p), unlinked ? p.condition_expr() : nullptr});
  }
  flat_ = policies_.size() <= kFlatMax;
  if (flat_) return;
  for (uint32_t i = 0; i < policies_.size(); ++i) add_to_index(i);
}

void PolicyIndex::add_to_index(uint32_t i) {
  const Policy& p = *policies_[i].policy;
  bool is_eq = false;
  if (const EntityUid* k = scope_key(p.principal, is_eq)) {
    Postings& post = by_uid_[*k];
    (is_eq ? post.principal_eq : post.principal_in).push_back(i);
    principal_in_ = principal_in_ || !is_eq;
  } else if (const EntityUid* r = scope_key(p.resource, is_eq)) {
    Postings& post = by_uid_[*r];
    (is_eq ? post.resource_eq : post.resource_in).push_back(i);
    resource_in_ = resource_in_ || !is_eq;
  } else if (p.action.kind == AK::Eq) {
    by_uid_[p.action.uids[0]].action_eq.push_back(i);
  } else if (p.action.kind == AK::In || (p.action.kind == AK::InSet && p.action.uids.size() == 1)) {
    by_uid_[p.action.uids[0]].action_in.push_back(i);
    action_in_ = true;
  } else {
    any_action_.push_back(i);
  }
}

}  // namespace cedar
