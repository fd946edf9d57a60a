// Evaluator: Cedar's expression semantics.
//
// Errors are values of the Result: type errors, missing attributes or
// entities, arithmetic overflow, extension errors. `&&`, `||` and `if`
// short-circuit, so an error in an unevaluated branch is not an error.
#pragma once

#include "cedar/entities.h"
#include "cedar/expr.h"
#include "cedar/request.h"
#include "cedar/result.h"
#include "cedar/value.h"

namespace cedar {

// The entity store as seen by one request: the request's principal, action
// and resource entities are each looked up at most once (on first use).
// Not thread-safe: one per request (an Evaluator holds one).
class RequestEntities {
 public:
  RequestEntities(const Request& request, const Entities& entities)
      : request_(request), entities_(entities) {}

  const Request& request() const { return request_; }
  const Entities& entities() const { return entities_; }
  const Entity* principal() const { return cached(request_.principal, 0); }
  const Entity* action() const { return cached(request_.action, 1); }
  const Entity* resource() const { return cached(request_.resource, 2); }

  // The entity `uid` names, or null. When `uid` is the request's own
  // principal, action or resource object (the same address, as the values of
  // a borrowing Evaluator are), the cached lookup answers.
  const Entity* find(const EntityUid& uid) const {
    if (&uid == &request_.principal) return principal();
    if (&uid == &request_.resource) return resource();
    if (&uid == &request_.action) return action();
    return entities_.find(uid);
  }
  // uid == other, or other is an ancestor of uid.
  bool is_descendant_or_self(const EntityUid& uid, const EntityUid& other) const {
    if (uid == other) return true;
    const Entity* e = find(uid);
    return e != nullptr && e->has_ancestor(other);
  }

 private:
  const Entity* cached(const EntityUid& uid, int i) const {
    if (!(looked_up_ & (1u << i))) {
      found_[i] = entities_.find(uid);
      looked_up_ |= 1u << i;
    }
    return found_[i];
  }

  const Request& request_;
  const Entities& entities_;
  mutable const Entity* found_[3] = {nullptr, nullptr, nullptr};
  mutable unsigned looked_up_ = 0;
};

class Evaluator {
 public:
  Evaluator(const Request& request, const Entities& entities) : entities_(request, entities) {}

  // From now on `principal`, `action` and `resource` evaluate to values that
  // refer to the request's uids instead of copying them (no allocation, and
  // their entities are looked up once per Evaluator). Only for callers that
  // drop every result before the request goes away (the Authorizer keeps
  // only bools).
  void borrow_request_uids() { borrow_ = true; }

  Result<Value> evaluate(const Expr& e) const;

  const RequestEntities& request_entities() const { return entities_; }

 private:
  Value entity_var(const EntityUid& uid) const {
    return borrow_ ? Value::borrowed_entity(uid) : Value::entity(uid);
  }

  RequestEntities entities_;
  bool borrow_ = false;
};

}  // namespace cedar
