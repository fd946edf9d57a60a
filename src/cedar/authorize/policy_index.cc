#include "cedar/policy_index.h"

namespace cedar {

PolicyIndex::PolicyIndex(const PolicySet& policies) {
  for (const Policy& p : policies.policies()) {
    IndexedPolicy entry{&p, p.condition_expr()};
    const ActionConstraint& a = p.action;
    using K = ActionConstraint::Kind;
    if (a.kind == K::Eq) {
      by_action_eq_[a.uids[0]].push_back(std::move(entry));
    } else if (a.kind == K::In || (a.kind == K::InSet && a.uids.size() == 1)) {
      by_action_in_[a.uids[0]].push_back(std::move(entry));
    } else {
      any_action_.push_back(std::move(entry));
    }
    ++size_;
  }
}

}  // namespace cedar
