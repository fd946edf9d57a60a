#include "cedar/authorizer.h"

#include "cedar/evaluator.h"

namespace cedar {

namespace {

constexpr const char* kNotBool = "policy condition did not evaluate to a bool";

}  // namespace

Result<bool> evaluate_policy(const Policy& policy, const Request& request,
                             const Entities& entities) {
  ExprPtr cond = policy.condition_expr();
  Evaluator ev(request, entities);
  auto v = ev.evaluate(*cond);
  if (!v) return std::move(v).error();
  if (!v->is_bool()) return Error{kNotBool};
  return v->as_bool();
}

Authorizer::Authorizer(const PolicySet& policies) : index_(policies) {}

Response Authorizer::authorize(const Request& request, const Entities& entities) const {
  Response response;
  authorize_into(request, entities, response);
  return response;
}

// Each candidate's scope is checked natively, then its conditions evaluated
// (an unlinked template's whole condition, which errors). `reason` holds the
// satisfied permits until the first satisfied forbid, then only forbids:
// Cedar's answer without a second list. Every candidate in scope is
// evaluated, so that every erroring policy is reported.
void Authorizer::authorize_into(const Request& request, const Entities& entities,
                                Response& out) const {
  out.decision = Decision::Deny;
  out.reason.clear();
  out.errors.clear();
  bool forbidden = false;
  bool permitted = false;
  Evaluator ev(request, entities);
  ev.borrow_request_uids();                          // results are dropped before `request` is
  const RequestEntities& r = ev.request_entities();  // one lookup per request entity
  index_.for_each_candidate(r, [&](const IndexedPolicy& p) {
    const ExprPtr& expr = p.unlinked ? p.unlinked : p.conditions;
    if (!p.unlinked && !scope_matches(*p.policy, r)) return;
    if (expr) {
      auto v = ev.evaluate(*expr);
      if (!v) {
        out.errors.push_back({p.policy->id, std::move(v).error().message});
        return;
      }
      if (!v->is_bool()) {
        out.errors.push_back({p.policy->id, kNotBool});
        return;
      }
      if (!v->as_bool()) return;
    }
    if (p.policy->effect == Effect::Forbid) {
      if (!forbidden) out.reason.clear();
      forbidden = true;
      out.reason.push_back(p.policy->id);
    } else if (!forbidden) {
      permitted = true;
      out.reason.push_back(p.policy->id);
    }
  });
  if (!forbidden && permitted) out.decision = Decision::Allow;
}

}  // namespace cedar
