// The ledger entries about cases, and the projection that turns them into
// Cases. Every entry has "seq", "event", "at" (RFC 3339 UTC) and "actor"
// ({"id", "role"}); docs/ledger.md lists them all:
//   policy_activated  policy_version, jurisdiction — the first use of a
//                     version of a jurisdiction's law (its packs are kept
//                     in the data directory, law/<digest>/)
//   received          case, policy_version, client_id, jurisdiction,
//                     receiving_agency, received_at, request
//   decided           case, policy_version, decision, obligations,
//                     sign_offs_needed, on_site_needed, deadlines
//   signed_off        case, role, by, on_site
//   overridden        case, role, by, reason
//   released, held, transferred, notified, notice_given, bail_posted
//                     case, happened_at; held also until; transferred and
//                     notified also to (the dispositions of case.h)
//   closed            case
//   disclosed         recipient, request, policy_version, format, channel,
//                     release (counts per field class, bytes, sha256) — a
//                     release of records by the disclosure guard; no case
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
  std::vector<Deadline> deadlines;
};

// What a disposition step records (case.h, Disposition).
struct DispositionStep {
  DispositionKind kind = DispositionKind::Released;
  std::string happened_at;  // RFC 3339 with a UTC offset
  std::string until;        // held only
  std::string to;           // transferred and notified only
};

// Future times a disposition may carry, beyond its recording time (clock
// skew and time-zone slips; the intake allows the same for received_at).
inline constexpr int64_t kMaxFutureSeconds = 24 * 3600;

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
common::Json disposition_event(const std::string& case_id, const Actor& actor,
                               const DispositionStep& step);
common::Json closed_event(const std::string& case_id, const Actor& actor);

// The case an entry is about; empty for entries about no case.
std::string_view case_of(const common::Json& event);

// Whether entries of this kind are about no case: ledger_created,
// policy_activated, and disclosed (a release of records, disclose/release.h).
// The case projection passes over them.
bool is_caseless_event(std::string_view kind);

// The case after applying the entry `event` (its "seq" is `seq`) to
// `before` (null for a received entry; the case it names otherwise). Fails
// when the entry is not a valid next step for the case: a Conflict for a
// transition the case does not allow, a sign-off or override by a role the
// case does not await, a supervisor's sign-off off site where the
// decision obliges one on site, a disposition case.h does not allow in
// this state (after a release, before the override or sign-off it needs,
// on a closed case), or closing while the person is held; InvalidArgument
// for an unknown event, a member missing or of the wrong type, or a
// disposition's time that does not parse, is before the request, is more
// than kMaxFutureSeconds after the entry's "at", or breaks the order of
// custody events (the error's field names the member: /happened_at, /until).
base::Result<Case> apply_event(const Case* before, uint64_t seq, const common::Json& event);

// What apply_event_to appends to c.events for the entry: nothing; its seq,
// kind and time with an empty `entry` (a projection that is answered, not
// stored: the caller fills `entry` from the ledger's text when it stores
// it); or all of it, with the entry's canonical text.
enum class KeepEntry { No, Summary, Text };

// The same projection applied to `c` in place (an empty id: no case yet,
// for a received entry), keeping the entry in c.events as `keep` says. On
// failure `c` is left partly changed: callers that go on must discard it.
base::Status apply_event_to(Case& c, uint64_t seq, const common::Json& event, KeepEntry keep);

}  // namespace trustgate::cases
