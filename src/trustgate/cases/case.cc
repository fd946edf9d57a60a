#include "trustgate/cases/case.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace trustgate::cases {

namespace {

constexpr std::array<std::string_view, 7> kNames = {
    "received",   "decided", "awaiting_supervisor", "awaiting_counsel", "signed_off",
    "overridden", "closed"};

// The states each state may move to (see the header's diagram).
std::vector<CaseState> next_states(CaseState s) {
  switch (s) {
    case CaseState::Received:
      return {CaseState::Decided};
    case CaseState::Decided:
      return {CaseState::AwaitingCounsel, CaseState::AwaitingSupervisor, CaseState::Overridden,
              CaseState::Closed};
    case CaseState::AwaitingCounsel:
      return {CaseState::AwaitingSupervisor, CaseState::SignedOff, CaseState::Overridden};
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

constexpr std::array<std::string_view, kDispositionKinds> kDispositionNames = {
    "released", "held", "transferred", "notified", "notice_given", "bail_posted"};

}  // namespace

std::string_view disposition_name(DispositionKind k) {
  return kDispositionNames[static_cast<size_t>(k)];
}

std::optional<DispositionKind> parse_disposition(std::string_view name) {
  for (size_t i = 0; i < kDispositionNames.size(); ++i) {
    if (kDispositionNames[i] == name) return static_cast<DispositionKind>(i);
  }
  return std::nullopt;
}

std::string disposition_choices() {
  std::string out = "one of: ";
  for (size_t i = 0; i < kDispositionNames.size(); ++i) {
    out += (i ? ", " : "") + std::string(kDispositionNames[i]);
  }
  return out;
}

bool is_custody_event(DispositionKind k) {
  return k == DispositionKind::Held || k == DispositionKind::BailPosted ||
         k == DispositionKind::Released || k == DispositionKind::Transferred;
}

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

std::string_view role_name(Role r) { return r == Role::Counsel ? "counsel" : "supervisor"; }

std::optional<Role> parse_role(std::string_view name) {
  if (name == "supervisor") return Role::Supervisor;
  if (name == "counsel") return Role::Counsel;
  return std::nullopt;
}

std::string case_id_for(uint64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "C-%06llu", static_cast<unsigned long long>(seq));
  return buf;
}

base::Status check_transition(const std::string& case_id, CaseState from, CaseState to) {
  auto allowed = next_states(from);
  if (std::find(allowed.begin(), allowed.end(), to) != allowed.end()) return base::Status::Ok();
  std::string next;
  for (CaseState s : allowed) next += (next.empty() ? "" : ", ") + std::string(state_name(s));
  return base::conflict(
      "case " + case_id + " is " + std::string(state_name(from)) + "; it cannot become " +
      std::string(state_name(to)) +
      (next.empty() ? " (no further change is allowed)" : " (allowed next: " + next + ")"));
}

CaseState state_after_sign_offs(const Case& c, CaseState done) {
  for (Role needed : c.sign_offs_needed) {
    bool signed_already = std::any_of(c.sign_offs.begin(), c.sign_offs.end(),
                                      [&](const SignOff& s) { return s.role == needed; });
    if (!signed_already) {
      return needed == Role::Counsel ? CaseState::AwaitingCounsel : CaseState::AwaitingSupervisor;
    }
  }
  return done;
}

}  // namespace trustgate::cases
