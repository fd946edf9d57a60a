// ReleasePlan: the disclosure guard's decision for one request — for every
// record type and field class, released or withheld, with the ground. Each
// cell is the Cedar question `disclose` over the law binding the receiving
// agency on the request's date (docs/disclosure.md): released only when a
// policy permits it and none forbids it. Computed once per request; the
// redactors only look cells up.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "trustgate/disclose/disclosure_request.h"
#include "trustgate/policy/library.h"

namespace trustgate::disclose {

// Why something was withheld (or, for a release, which rule allowed it).
struct Ground {
  std::string rule;  // the policy id; empty for the guard's own grounds
  std::string cite;  // e.g. "5 ILCS 140/7(1)(c)", or "not in the record schema"
  std::string explain;
  std::string marker;       // "[withheld: <cite>]", what replaces the value
  std::string marker_json;  // the marker as a JSON string literal (with its quotes)
};

// The guard's own grounds (ReleasePlan::grounds[0..3]).
inline constexpr uint16_t kGroundNotInSchema = 0;   // a field the record schema does not name
inline constexpr uint16_t kGroundNoSchema = 1;      // a record of no known record type
inline constexpr uint16_t kGroundNotARecord = 2;    // a line that is not a JSON object / CSV row
inline constexpr uint16_t kGroundNoPermission = 3;  // no policy permits this class to go

struct ClassDecision {
  bool released = false;
  uint16_t ground = kGroundNoPermission;  // withheld: why; released: the permitting rule
};

struct ReleasePlan {
  std::vector<Ground> grounds;
  // decisions[record type * classes + field class]
  std::vector<ClassDecision> decisions;
  size_t classes = 0;
  std::string policy_version;
  std::shared_ptr<const policy::Chain> chain;  // keeps the law alive

  const ClassDecision& at(uint8_t record_type, uint8_t field_class) const {
    return decisions[record_type * classes + field_class];
  }
};

// Decides every record type and class for `request`. Fails (naming the
// member) when the jurisdiction or the receiving agency is unknown.
base::Result<ReleasePlan> plan_release(const policy::Library& library,
                                       const DisclosureRequest& request);

}  // namespace trustgate::disclose
