// The ledger entries about cases, and the projection that turns them into
// Cases. Every entry has "seq", "event", "at" (RFC 3339 UTC) and "actor"
// ({"id", "role"}); docs/ledger.md lists them all:
//   policy_activated  policy_version, jurisdiction — the first use of a
//                     version of a jurisdiction's law (its packs are kept
//                     in the data directory, law/<digest>/)
//   received          case, policy_version, client_id, jurisdiction,
//                     receiving_agency, received_at, request
//   decided           case, policy_version, decision, obligations,
//                     sign_offs_needed, on_site_needed
//   signed_off        case, role, by, on_site
//   overridden        case, role, by, reason
//   closed            case
// A submission appends [policy_activated,] received and decided as one unit.
//
// apply_event() is the one projection: the workflow uses it to check a step
// before appending it, the store's updates come from it, and verification
// replays the whole log through it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "trustgate/cases/case.h"
#include "trustgate/common/json.h"

namespace trustgate::cases {

// What a decision asks of the case workflow.
struct DecidedCase {
  std::string policy_version;
  common::Json decision;  // the design's decision JSON
  std::vector<std::string> obligations;
  std::vector<Role> sign_offs_needed;
  bool on_site_needed = false;
};

common::Json policy_activated_event(const std::string& policy_version,
                                    const std::string& jurisdiction, const Actor& actor);
// `request`: the validated request, as received.
common::Json received_event(const std::string& case_id, const Actor& actor,
                            const common::Json& request, const std::string& policy_version);
common::Json decided_event(const std::string& case_id, const Actor& actor, const DecidedCase& d);
common::Json signed_off_event(const std::string& case_id, const Actor& actor, Role role,
                              const std::string& by, bool on_site);
common::Json overridden_event(const std::string& case_id, const Actor& actor, Role role,
                              const std::string& by, const std::string& reason);
common::Json closed_event(const std::string& case_id, const Actor& actor);

// The case an entry is about; empty for entries about no case.
std::string_view case_of(const common::Json& event);

// The case after applying the entry `event` (its "seq" is `seq`) to
// `before` (null for a received entry; the case it names otherwise). Fails
// when the entry is not a valid next step for the case: a Conflict for a
// transition the case does not allow, a sign-off or override by a role the
// case does not await, or a supervisor's sign-off off site where the
// decision obliges one on site; InvalidArgument for an unknown event or a
// member missing or of the wrong type.
base::Result<Case> apply_event(const Case* before, uint64_t seq, const common::Json& event);

}  // namespace trustgate::cases
