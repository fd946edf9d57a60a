#include "trustgate/cases/case.h"

#include <array>

namespace trustgate::cases {

namespace {

constexpr std::array<std::string_view, 6> kNames = {
    "received", "decided", "awaiting_supervisor", "signed_off", "overridden", "closed"};

// The states each state may move to (see the header's diagram).
std::vector<CaseState> next_states(CaseState s) {
  switch (s) {
    case CaseState::Received:
      return {CaseState::Decided};
    case CaseState::Decided:
      return {CaseState::AwaitingSupervisor, CaseState::Closed};
    case CaseState::AwaitingSupervisor:
      return {CaseState::SignedOff, CaseState::Overridden};
    case CaseState::SignedOff:
    case CaseState::Overridden:
      return {CaseState::Closed};
    case CaseState::Closed:
      return {};
  }
  return {};
}

}  // namespace

std::string_view state_name(CaseState s) { return kNames[static_cast<size_t>(s)]; }

std::optional<CaseState> parse_state(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<CaseState>(i);
  }
  return std::nullopt;
}

std::string state_choices() {
  std::string out = "one of: ";
  for (size_t i = 0; i < kNames.size(); ++i) out += (i ? ", " : "") + std::string(kNames[i]);
  return out;
}

cedar::Status check_transition(const std::string& case_id, CaseState from, CaseState to) {
  auto allowed = next_states(from);
  for (CaseState s : allowed) {
    if (s == to) return cedar::Status::Ok();
  }
  std::string next;
  for (CaseState s : allowed) next += (next.empty() ? "" : ", ") + std::string(state_name(s));
  return cedar::Error{
      "case " + case_id + " is " + std::string(state_name(from)) + "; it cannot become " +
      std::string(state_name(to)) +
      (next.empty() ? " (no further change is allowed)" : " (allowed next: " + next + ")")};
}

}  // namespace trustgate::cases
