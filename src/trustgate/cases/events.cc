#include "trustgate/cases/events.h"

#include <algorithm>

#include "base/clock.h"

namespace trustgate::cases {

namespace {

using common::Json;

Json base_event(std::string_view kind, const Actor& actor) {
  Json e = Json::object();
  e.set("event", kind);
  e.set("at", base::now_utc_rfc3339());
  Json a = Json::object();
  a.set("id", actor.id);
  a.set("role", actor.role);
  e.set("actor", std::move(a));
  return e;
}

Json case_event(std::string_view kind, const std::string& case_id, const Actor& actor) {
  Json e = base_event(kind, actor);
  e.set("case", case_id);
  return e;
}

base::Error entry_error(uint64_t seq, const std::string& message) {
  return base::Error{"ledger entry " + std::to_string(seq) + ": " + message};
}

// A string member that must be present.
base::Result<std::string> text(const Json& e, std::string_view key, uint64_t seq) {
  const Json* v = e.find(key);
  if (!v || !v->is_string()) {
    return entry_error(seq, "\"" + std::string(key) + "\" must be a string");
  }
  return v->as_string();
}

base::Result<Role> role_member(const Json& e, uint64_t seq) {
  auto name = text(e, "role", seq);
  if (!name) return name.error();
  auto role = parse_role(*name);
  if (!role) return entry_error(seq, "unknown role \"" + *name + "\"");
  return *role;
}

base::Result<bool> flag(const Json& e, std::string_view key, uint64_t seq) {
  const Json* v = e.find(key);
  if (!v || !v->is_bool()) return entry_error(seq, "\"" + std::string(key) + "\" must be a bool");
  return v->as_bool();
}

base::Status read_received(const Json& e, uint64_t seq, Case& c) {
  c.seq = seq;
  c.id = case_id_for(seq);
  auto id = text(e, "case", seq);
  if (!id) return id.error();
  if (*id != c.id) return entry_error(seq, "a received entry must name the case " + c.id);
  const Json* request = e.find("request");
  if (!request || !request->is_object()) return entry_error(seq, "received without a request");
  c.request = *request;
  for (auto [key, field] :
       {std::pair{"client_id", &c.client_id}, std::pair{"jurisdiction", &c.jurisdiction},
        std::pair{"receiving_agency", &c.receiving_agency},
        std::pair{"received_at", &c.received_at}, std::pair{"policy_version", &c.policy_version}}) {
    auto v = text(e, key, seq);
    if (!v) return v.error();
    *field = std::move(*v);
  }
  c.state = CaseState::Received;
  return base::Status::Ok();
}

base::Status read_decided(const Json& e, uint64_t seq, Case& c) {
  const Json* decision = e.find("decision");
  const Json* obligations = e.find("obligations");
  const Json* roles = e.find("sign_offs_needed");
  if (!decision || !decision->is_object()) return entry_error(seq, "decided without a decision");
  if (!obligations || !obligations->is_array() || !roles || !roles->is_array()) {
    return entry_error(seq, "\"obligations\" and \"sign_offs_needed\" must be arrays");
  }
  auto version = text(e, "policy_version", seq);
  auto on_site = flag(e, "on_site_needed", seq);
  if (!version || !on_site) return !version ? version.error() : on_site.error();
  c.decision = *decision;
  c.policy_version = std::move(*version);
  c.on_site_needed = *on_site;
  c.obligations.clear();
  for (const Json& o : obligations->as_array()) {
    if (!o.is_string()) return entry_error(seq, "\"obligations\" must hold strings");
    c.obligations.push_back(o.as_string());
  }
  c.sign_offs_needed.clear();
  for (const Json& r : roles->as_array()) {
    auto role = r.is_string() ? parse_role(r.as_string()) : std::nullopt;
    if (!role) return entry_error(seq, "\"sign_offs_needed\" must hold roles");
    c.sign_offs_needed.push_back(*role);
  }
  return base::Status::Ok();
}

// The role the case awaits, or an error for a sign-off or override by `role`.
base::Status check_awaits(const Case& c, Role role) {
  CaseState awaited =
      role == Role::Counsel ? CaseState::AwaitingCounsel : CaseState::AwaitingSupervisor;
  if (c.state == awaited) return base::Status::Ok();
  // Another role is awaited: the signer lacks the role the outcome needs.
  if (c.state == CaseState::AwaitingCounsel || c.state == CaseState::AwaitingSupervisor) {
    return base::permission_denied(
        "case " + c.id + " is " + std::string(state_name(c.state)) + ": only " +
        (c.state == CaseState::AwaitingCounsel ? "counsel" : "a supervisor") +
        " may sign it off or override it now, not " +
        (role == Role::Counsel ? "counsel" : "a supervisor"));
  }
  return check_transition(
      c.id, c.state, role == Role::Counsel ? CaseState::AwaitingCounsel : CaseState::SignedOff);
}

base::Status read_signed_off(const Json& e, uint64_t seq, Case& c, const std::string& at) {
  auto role = role_member(e, seq);
  auto by = text(e, "by", seq);
  auto on_site = flag(e, "on_site", seq);
  if (!role || !by || !on_site) {
    return !role ? role.error() : (!by ? by.error() : on_site.error());
  }
  if (auto s = check_awaits(c, *role); !s) return s;
  if (*role == Role::Supervisor && c.on_site_needed && !*on_site) {
    return base::conflict("case " + c.id +
                          ": the decision obliges a supervisor on site (supervisor_on_site); "
                          "sign off once on site, or override");
  }
  c.sign_offs.push_back(SignOff{*role, std::move(*by), *on_site, at});
  c.state = state_after_sign_offs(c, CaseState::SignedOff);
  return base::Status::Ok();
}

base::Status read_overridden(const Json& e, uint64_t seq, Case& c, const std::string& at) {
  auto role = role_member(e, seq);
  auto by = text(e, "by", seq);
  auto reason = text(e, "reason", seq);
  if (!role || !by || !reason) {
    return !role ? role.error() : (!by ? by.error() : reason.error());
  }
  if (auto s = check_awaits(c, *role); !s) return s;
  c.override_ = Override{*role, std::move(*by), std::move(*reason), at};
  c.state = CaseState::Overridden;
  return base::Status::Ok();
}

}  // namespace

Json policy_activated_event(const std::string& policy_version, const std::string& jurisdiction,
                            const Actor& actor) {
  Json e = base_event("policy_activated", actor);
  e.set("policy_version", policy_version);
  e.set("jurisdiction", jurisdiction);
  return e;
}

Json received_event(const std::string& case_id, const Actor& actor, const Json& request,
                    const std::string& policy_version) {
  Json e = case_event("received", case_id, actor);
  e.set("policy_version", policy_version);
  e.set("client_id", request.string_or_empty("id"));
  e.set("jurisdiction", request.string_or_empty("jurisdiction"));
  e.set("receiving_agency", request.string_or_empty("receiving_agency"));
  e.set("received_at", request.string_or_empty("received_at"));
  e.set("request", request);
  return e;
}

Json decided_event(const std::string& case_id, const Actor& actor, const DecidedCase& d) {
  Json e = case_event("decided", case_id, actor);
  e.set("policy_version", d.policy_version);
  e.set("decision", d.decision);
  Json& obligations = e.set("obligations", Json::array());
  for (const std::string& o : d.obligations) obligations.push(o);
  Json& roles = e.set("sign_offs_needed", Json::array());
  for (Role r : d.sign_offs_needed) roles.push(role_name(r));
  e.set("on_site_needed", d.on_site_needed);
  return e;
}

Json signed_off_event(const std::string& case_id, const Actor& actor, Role role,
                      const std::string& by, bool on_site) {
  Json e = case_event("signed_off", case_id, actor);
  e.set("role", role_name(role));
  e.set("by", by);
  e.set("on_site", on_site);
  return e;
}

Json overridden_event(const std::string& case_id, const Actor& actor, Role role,
                      const std::string& by, const std::string& reason) {
  Json e = case_event("overridden", case_id, actor);
  e.set("role", role_name(role));
  e.set("by", by);
  e.set("reason", reason);
  return e;
}

Json closed_event(const std::string& case_id, const Actor& actor) {
  return case_event("closed", case_id, actor);
}

std::string_view case_of(const Json& event) { return event.string_or_empty("case"); }

base::Result<Case> apply_event(const Case* before, uint64_t seq, const Json& event) {
  if (!event.is_object()) return entry_error(seq, "not a JSON object");
  auto kind = text(event, "event", seq);
  auto at = text(event, "at", seq);
  if (!kind || !at) return !kind ? kind.error() : at.error();
  const Json* actor = event.find("actor");
  if (!actor || !actor->is_object()) return entry_error(seq, "\"actor\" must be an object");
  Case c = before ? *before : Case{};
  base::Status s;
  if (*kind == "received") {
    if (before) return base::conflict("case " + before->id + " exists already");
    s = read_received(event, seq, c);
    c.created_at = *at;
  } else {
    if (!before)
      return base::not_found(entry_error(seq, "no case " + std::string(case_of(event))).message);
    if (*kind == "decided") {
      s = check_transition(c.id, c.state, CaseState::Decided);
      if (s) s = read_decided(event, seq, c);
      if (s) c.state = state_after_sign_offs(c, CaseState::Decided);
    } else if (*kind == "signed_off") {
      s = read_signed_off(event, seq, c, *at);
    } else if (*kind == "overridden") {
      s = read_overridden(event, seq, c, *at);
    } else if (*kind == "closed") {
      s = check_transition(c.id, c.state, CaseState::Closed);
      if (s) c.state = CaseState::Closed;
    } else {
      return entry_error(seq, "unknown event \"" + *kind + "\"");
    }
  }
  if (!s) return s.error();
  c.updated_at = *at;
  Json with_seq = event;
  with_seq.set("seq", seq);
  c.events.push_back(CaseEvent{seq, *kind, *at, with_seq.canonical()});
  return c;
}

}  // namespace trustgate::cases
