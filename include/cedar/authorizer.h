// Authorizer: Cedar's decision over a policy set.
//
// Semantics: a policy is satisfied when its condition evaluates to true; a
// policy whose evaluation errors is not satisfied and is listed in `errors`.
// Any satisfied forbid denies (its ids are the reason); otherwise any satisfied
// permit allows (the permits are the reason); otherwise deny with no reason.
#pragma once

#include <string>
#include <vector>

#include "cedar/entities.h"
#include "cedar/policy.h"
#include "cedar/policy_index.h"
#include "cedar/request.h"

namespace cedar {

enum class Decision : uint8_t { Allow, Deny };

struct PolicyError {
  std::string policy_id;
  std::string message;
};

struct Response {
  Decision decision = Decision::Deny;
  std::vector<std::string> reason;  // determining policy ids
  std::vector<PolicyError> errors;  // policies that errored
};

// Evaluates one policy's condition; Result<bool> is the Cedar outcome for
// that policy (an error if evaluation errored or did not yield a bool).
Result<bool> evaluate_policy(const Policy& policy, const Request& request,
                             const Entities& entities);

// Authorizes requests against the static and linked policies of a set. The
// PolicySet must outlive the Authorizer unchanged. authorize() is const and
// safe to call from several threads at once. Reasons list the determining
// policies in the index's visiting order (not necessarily the set's order).
class Authorizer {
 public:
  explicit Authorizer(const PolicySet& policies);
  Response authorize(const Request& request, const Entities& entities) const;
  // The same decision into `out`, whose vectors keep their capacity: a caller
  // that reuses one Response allocates nothing once it has grown, unless a
  // policy errors or a reason id is longer than std::string's inline buffer.
  void authorize_into(const Request& request, const Entities& entities, Response& out) const;

 private:
  PolicyIndex index_;
};

}  // namespace cedar
