#include "cedar/authorizer.h"

#include "cedar/evaluator.h"

namespace cedar {

Result<bool> evaluate_policy(const Policy& policy, const Request& request,
                             const Entities& entities) {
  ExprPtr cond = policy.condition_expr();
  Evaluator ev(request, entities);
  auto v = ev.evaluate(*cond);
  if (!v) return std::move(v).error();
  if (!v->is_bool()) return Error{"policy condition did not evaluate to a bool"};
  return v->as_bool();
}

Authorizer::Authorizer(const PolicySet& policies) : index_(policies) {}

Response Authorizer::authorize(const Request& request, const Entities& entities) const {
  Response response;
  std::vector<std::string> permits;
  std::vector<std::string> forbids;
  Evaluator ev(request, entities);
  index_.for_each_candidate(request, entities, [&](const IndexedPolicy& p) {
    auto v = ev.evaluate(*p.condition);
    if (!v) {
      response.errors.push_back({p.policy->id, std::move(v).error().message});
      return;
    }
    if (!v->is_bool()) {
      response.errors.push_back({p.policy->id, "policy condition did not evaluate to a bool"});
      return;
    }
    if (!v->as_bool()) return;
    (p.policy->effect == Effect::Forbid ? forbids : permits).push_back(p.policy->id);
  });
  if (!forbids.empty()) {
    response.decision = Decision::Deny;
    response.reason = std::move(forbids);
  } else if (!permits.empty()) {
    response.decision = Decision::Allow;
    response.reason = std::move(permits);
  }
  return response;
}

}  // namespace cedar
