// Case: one request from federal authorities, as received, the decision
// trustgate made on it, and everything that happened to it since.
//
// States and the only transitions allowed:
//   received -> decided -> closed
//                       -> awaiting_supervisor -> signed_off -> closed
//                                              -> overridden -> closed
// A case awaits a supervisor when an outcome needs one (see
// DecisionRecord::needs_supervisor). An override names the supervisor and a
// reason and marks the case `overridden` for good, so reports flag it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/result.h"

namespace trustgate::cases {

enum class CaseState : uint8_t {
  Received,
  Decided,
  AwaitingSupervisor,
  SignedOff,
  Overridden,
  Closed,
};

std::string_view state_name(CaseState s);  // "received", "awaiting_supervisor", ...
std::optional<CaseState> parse_state(std::string_view name);
// "one of: received, decided, ..." for error messages.
std::string state_choices();

// Ok when `from -> to` is one of the transitions above; otherwise an error
// naming the case, both states and what the case allows next.
cedar::Status check_transition(const std::string& case_id, CaseState from, CaseState to);

// One ledger entry about a case, as the store keeps it.
struct CaseEvent {
  uint64_t seq = 0;   // the entry's index in the ledger
  std::string kind;   // received, decided, awaiting_supervisor, signed_off, overridden, closed
  std::string at;     // RFC 3339 UTC
  std::string entry;  // the ledger entry, canonical JSON
};

struct Case {
  std::string id;         // "C-000001"
  std::string client_id;  // the request's optional "id"
  std::string jurisdiction;
  std::string received_at;  // as the request states it
  CaseState state = CaseState::Received;
  std::string policy_version;  // "sha256:..." of the law applied
  std::string request_json;    // the request as received, canonical JSON
  std::string decision_json;   // the design's decision JSON, canonical; empty before deciding
  bool needs_supervisor = false;
  bool needs_on_site = false;  // an obligation requires the supervisor on site
  std::string supervisor;
  bool on_site = false;
  bool overridden = false;
  std::string override_reason;
  std::string created_at, updated_at;
  std::vector<CaseEvent> events;  // filled by CaseStore::find
};

}  // namespace trustgate::cases
