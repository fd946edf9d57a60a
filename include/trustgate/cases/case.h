// Case: one request from federal authorities, as received, the decision
// trustgate made on it, and everything that happened to it since. A case is
// a projection of its ledger entries (events.h): nothing about it exists
// that is not in the ledger.
//
// States, and the only transitions allowed:
//   received -> decided -> closed
//            (decided)  -> awaiting_counsel    -> awaiting_supervisor | signed_off
//                                              -> overridden
//                       -> awaiting_supervisor -> signed_off | overridden
//   signed_off, overridden -> closed
//            (decided)  -> overridden
// A decision names the roles that must sign it off (sign_offs_needed):
// counsel when an outcome is a conflict between layers of law
// (refer_counsel), a supervisor when an outcome is discretionary
// (refer_supervisor) or carries an obligation that pack.json gives the
// supervisor; counsel signs first. The case awaits the first role not yet
// signed. An override is made by the role the case awaits (or, when the
// decision awaits no one, by a supervisor or counsel), names the person and a
// reason, and marks the case for good, so reports flag it.
//
// Dispositions record what was actually done about the request, while the
// case is not closed (events.h checks each against the case):
//   released     (happened_at)           the person left the agency's custody
//   held         (happened_at, until)    kept beyond release, from happened_at
//                                        (the time they would have been
//                                        released) until a stated time
//   transferred  (happened_at, to)       into the custody of agency `to`
//   notified     (happened_at, to)       `to` was told (e.g. of a release date)
//   notice_given (happened_at)           the person got a copy of the request
//   bail_posted  (happened_at)           the person posted criminal bail
// Times are RFC 3339 with the agency's UTC offset, never before the request
// was received, and custody events (held, bail_posted, released,
// transferred) in time order; after a release or transfer no custody event
// follows. A disposition that carries out a decided action (held:
// hold_beyond_release; transferred or notified to the requester or a federal
// immigration agency: transfer_custody, notify_release) needs, when that
// action was prohibited, an override first, and when it was discretionary or
// in conflict, the sign-offs the decision awaits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "trustgate/common/json.h"

namespace trustgate::cases {

enum class CaseState : uint8_t {
  Received,
  Decided,
  AwaitingSupervisor,
  AwaitingCounsel,
  SignedOff,
  Overridden,
  Closed,
};

std::string_view state_name(CaseState s);  // "received", "awaiting_supervisor", ...
std::optional<CaseState> parse_state(std::string_view name);
// "one of: received, decided, ..." for error messages.
std::string state_choices();

// The roles that sign off a decision.
enum class Role : uint8_t { Supervisor, Counsel };
std::string_view role_name(Role r);  // "supervisor", "counsel"
std::optional<Role> parse_role(std::string_view name);

// Who did something: an account (user id and its role) or, from the command
// line, the operating-system user (role "cli").
struct Actor {
  std::string id;
  std::string role;
  friend bool operator==(const Actor&, const Actor&) = default;
};

struct SignOff {
  Role role = Role::Supervisor;
  std::string by;  // the person who signed, as named
  bool on_site = false;
  std::string at;
  friend bool operator==(const SignOff&, const SignOff&) = default;
};

struct Override {
  Role role = Role::Supervisor;
  std::string by;
  std::string reason;
  std::string at;
  friend bool operator==(const Override&, const Override&) = default;
};

// One ledger entry about a case (or about no case: ledger_created,
// policy_activated), as the store keeps it.
struct CaseEvent {
  uint64_t seq = 0;   // the entry's index in the ledger
  std::string kind;   // the entry's "event"
  std::string at;     // RFC 3339 UTC
  std::string entry;  // the ledger entry, canonical JSON
  friend bool operator==(const CaseEvent&, const CaseEvent&) = default;
};

enum class DispositionKind : uint8_t {
  Released,
  Held,
  Transferred,
  Notified,
  NoticeGiven,
  BailPosted,
};
inline constexpr size_t kDispositionKinds = 6;

std::string_view disposition_name(DispositionKind k);  // "released", "notice_given", ...
std::optional<DispositionKind> parse_disposition(std::string_view name);
std::string disposition_choices();  // "one of: released, held, ..."
// Held, bail_posted, released and transferred: events of the person's custody.
bool is_custody_event(DispositionKind k);

struct Disposition {
  DispositionKind kind = DispositionKind::Released;
  std::string happened_at;  // RFC 3339, as recorded
  std::string until;        // held: when the hold ends; else empty
  std::string to;           // transferred: who took custody; notified: who was told; else empty
  std::string at;           // when it was recorded (the entry's "at")
  friend bool operator==(const Disposition&, const Disposition&) = default;
};

// A deadline of one of the decision's obligations, as pack.json defined it
// when the case was decided (policy::ObligationDeadline): `hours` after the
// first `from` event ("received": the request's received_at; else a
// disposition's happened_at), met by the first `met_by` disposition that
// follows; with skip_weekends, hours falling on a Saturday or Sunday (in the
// UTC offset of the starting time) are not counted. deadline.h computes it.
struct Deadline {
  std::string obligation;
  int64_t hours = 0;
  std::string from;
  std::vector<std::string> met_by;
  bool skip_weekends = false;
  friend bool operator==(const Deadline&, const Deadline&) = default;
};

struct Case {
  std::string id;    // "C-000042": 42 is the seq of its received entry
  uint64_t seq = 0;  // of its received entry
  std::string client_id;
  std::string jurisdiction;
  std::string receiving_agency;
  std::string received_at;  // as the request states it
  CaseState state = CaseState::Received;
  std::string policy_version;            // "sha256:..." of the law applied
  common::Json request;                  // the request as received
  common::Json decision;                 // the design's decision JSON; null before deciding
  std::vector<std::string> obligations;  // of every outcome, in first-seen order
  std::vector<Role> sign_offs_needed;    // in the order they sign
  bool on_site_needed = false;           // the supervisor must sign off on site
  std::vector<Deadline> deadlines;       // of the obligations, in their order
  std::vector<SignOff> sign_offs;
  std::optional<Override> override_;
  std::vector<Disposition> dispositions;  // in the order recorded
  std::string created_at, updated_at;
  std::vector<CaseEvent> events;  // filled by CaseStore::find

  friend bool operator==(const Case&, const Case&) = default;
};

// "C-000042" for the case whose received entry has seq 42.
std::string case_id_for(uint64_t seq);

// Ok when `from -> to` is one of the transitions above; otherwise a
// Conflict error naming the case, both states and what the case allows next.
base::Status check_transition(const std::string& case_id, CaseState from, CaseState to);

// The state a decided case is in once the roles in `signed` have signed:
// awaiting the first needed role not among them, else `done` (decided
// before any sign-off; signed_off after).
CaseState state_after_sign_offs(const Case& c, CaseState done);

}  // namespace trustgate::cases
