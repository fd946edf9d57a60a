#include "trustgate/cases/events.h"

#include <algorithm>

#include "base/clock.h"
#include "trustgate/cases/deadline.h"

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

// "deadlines": [{"obligation", "hours", "from", "met_by", "skip_weekends"}];
// absent in entries written before deadlines existed.
base::Status read_deadlines(const Json& e, uint64_t seq, Case& c) {
  c.deadlines.clear();
  const Json* list = e.find("deadlines");
  if (!list) return base::Status::Ok();
  const auto bad = [&] { return entry_error(seq, "\"deadlines\" must hold deadline objects"); };
  if (!list->is_array()) return bad();
  for (const Json& d : list->as_array()) {
    const Json* hours = d.find("hours");
    const Json* met_by = d.find("met_by");
    const Json* skip = d.find("skip_weekends");
    if (!hours || !hours->is_int() || !met_by || !met_by->is_array() || !skip || !skip->is_bool() ||
        d.string_or_empty("obligation").empty() || d.string_or_empty("from").empty()) {
      return bad();
    }
    Deadline out{std::string(d.string_or_empty("obligation")),
                 hours->as_int(),
                 std::string(d.string_or_empty("from")),
                 {},
                 skip->as_bool()};
    for (const Json& m : met_by->as_array()) {
      if (!m.is_string()) return bad();
      out.met_by.push_back(m.as_string());
    }
    c.deadlines.push_back(std::move(out));
  }
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
  return read_deadlines(e, seq, c);
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
  // A decision that awaits no one may be overridden by either role.
  if (c.state != CaseState::Decided) {
    if (auto s = check_awaits(c, *role); !s) return s;
  }
  c.override_ = Override{*role, std::move(*by), std::move(*reason), at};
  c.state = CaseState::Overridden;
  return base::Status::Ok();
}

// Federal immigration agencies (the requester vocabulary's DHS components).
bool immigration_agency(std::string_view agency) {
  return agency == "ice-ero" || agency == "ice-hsi" || agency == "cbp" || agency == "uscis";
}

// The decided action a disposition carries out, or "" (case.h).
std::string_view action_performed(const Case& c, const Disposition& d) {
  if (d.kind == DispositionKind::Held) return "hold_beyond_release";
  if (d.kind != DispositionKind::Transferred && d.kind != DispositionKind::Notified) return "";
  const Json* requester = c.request.find("requester");
  const bool to_requester = requester && requester->string_or_empty("agency") == d.to;
  if (!to_requester && !immigration_agency(d.to)) return "";
  return d.kind == DispositionKind::Transferred ? "transfer_custody" : "notify_release";
}

// The decision's outcome for `action`, or null when it was not asked.
const Json* outcome_for(const Case& c, std::string_view action) {
  const Json* outcomes = c.decision.find("outcomes");
  if (!outcomes || !outcomes->is_array()) return nullptr;
  for (const Json& o : outcomes->as_array()) {
    if (o.string_or_empty("action") == action) return &o;
  }
  return nullptr;
}

// An action the decision did not leave to the agency needs its steps first.
base::Status check_action_allowed(const Case& c, const Disposition& d) {
  const std::string_view action = action_performed(c, d);
  const Json* outcome = action.empty() ? nullptr : outcome_for(c, action);
  if (!outcome) return base::Status::Ok();
  const std::string what = "case " + c.id + ": `" + std::string(disposition_name(d.kind)) +
                           "` carries out " + std::string(action) + ", which the decision ";
  const std::string_view compliance = outcome->string_or_empty("compliance");
  if (compliance == "prohibited" && !c.override_) {
    return base::conflict(what + "prohibits; it needs an override (with a reason) first");
  }
  if ((compliance == "discretionary" || compliance == "conflict") &&
      (c.state == CaseState::AwaitingSupervisor || c.state == CaseState::AwaitingCounsel)) {
    return base::conflict(
        what + "refers to " + (c.state == CaseState::AwaitingCounsel ? "counsel" : "a supervisor") +
        " (" + std::string(compliance) + "); it needs their sign-off or an " + "override first");
  }
  return base::Status::Ok();
}

base::Error time_error(const char* field, const std::string& message) {
  return base::invalid_field(field, message);
}

// Times: after the request, not far after the recording, custody events in order.
base::Status check_times(const Case& c, const Disposition& d) {
  auto when = parse_instant(d.happened_at);
  if (!when) return time_error("/happened_at", when.error().message);
  auto received = parse_instant(c.received_at);
  if (received && when->unix < received->unix) {
    return time_error("/happened_at", d.happened_at + " is before the request was received (" +
                                          c.received_at + ")");
  }
  auto recorded = parse_instant(d.at);
  if (recorded && when->unix > recorded->unix + kMaxFutureSeconds) {
    return time_error("/happened_at",
                      d.happened_at + " is in the future (recorded at " + d.at + ")");
  }
  if (d.kind == DispositionKind::Held) {
    auto until = parse_instant(d.until);
    if (!until) return time_error("/until", until.error().message);
    if (until->unix <= when->unix) {
      return time_error("/until", d.until + " is not after happened_at " + d.happened_at);
    }
  }
  if (!is_custody_event(d.kind)) return base::Status::Ok();
  for (const Disposition& before : c.dispositions) {
    if (!is_custody_event(before.kind)) continue;
    if (before.kind == DispositionKind::Released || before.kind == DispositionKind::Transferred) {
      return base::conflict(
          "case " + c.id + ": the person was " + std::string(disposition_name(before.kind)) +
          (before.to.empty() ? "" : " to " + before.to) + " at " + before.happened_at + "; no `" +
          std::string(disposition_name(d.kind)) + "` can follow");
    }
    auto t = parse_instant(before.happened_at);
    if (t && when->unix < t->unix) {
      return time_error("/happened_at", d.happened_at + " is before the case's `" +
                                            std::string(disposition_name(before.kind)) + "` at " +
                                            before.happened_at);
    }
  }
  return base::Status::Ok();
}

base::Status read_disposition(const Json& e, uint64_t seq, DispositionKind kind, Case& c,
                              const std::string& at) {
  Disposition d{kind, {}, {}, {}, at};
  auto happened = text(e, "happened_at", seq);
  if (!happened) return happened.error();
  d.happened_at = std::move(*happened);
  if (kind == DispositionKind::Held) {
    auto until = text(e, "until", seq);
    if (!until) return until.error();
    d.until = std::move(*until);
  }
  if (kind == DispositionKind::Transferred || kind == DispositionKind::Notified) {
    auto to = text(e, "to", seq);
    if (!to) return to.error();
    if (to->empty()) return entry_error(seq, "\"to\" must name an agency");
    d.to = std::move(*to);
  }
  if (c.state == CaseState::Closed || c.state == CaseState::Received) {
    return base::conflict("case " + c.id + " is " + std::string(state_name(c.state)) + ": no `" +
                          std::string(disposition_name(kind)) + "` can be recorded");
  }
  if (auto s = check_times(c, d); !s) return s;
  if (auto s = check_action_allowed(c, d); !s) return s;
  c.dispositions.push_back(std::move(d));
  return base::Status::Ok();
}

// A case may not close while the person is held.
base::Status check_not_holding(const Case& c) {
  const Disposition* hold = nullptr;
  for (const Disposition& d : c.dispositions) {
    if (d.kind == DispositionKind::Held) hold = &d;
    if (d.kind == DispositionKind::Released || d.kind == DispositionKind::Transferred) {
      hold = nullptr;
    }
  }
  if (!hold) return base::Status::Ok();
  return base::conflict("case " + c.id + ": the person is held (from " + hold->happened_at +
                        " until " + hold->until + "); record `released` or `transferred` first");
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
  Json& deadlines = e.set("deadlines", Json::array());
  for (const Deadline& dl : d.deadlines) {
    Json j = Json::object();
    j.set("obligation", dl.obligation);
    j.set("hours", dl.hours);
    j.set("from", dl.from);
    Json& met_by = j.set("met_by", Json::array());
    for (const std::string& m : dl.met_by) met_by.push(m);
    j.set("skip_weekends", dl.skip_weekends);
    deadlines.push(std::move(j));
  }
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

Json disposition_event(const std::string& case_id, const Actor& actor,
                       const DispositionStep& step) {
  Json e = case_event(disposition_name(step.kind), case_id, actor);
  e.set("happened_at", step.happened_at);
  if (step.kind == DispositionKind::Held) e.set("until", step.until);
  if (step.kind == DispositionKind::Transferred || step.kind == DispositionKind::Notified) {
    e.set("to", step.to);
  }
  return e;
}

Json closed_event(const std::string& case_id, const Actor& actor) {
  return case_event("closed", case_id, actor);
}

std::string_view case_of(const Json& event) { return event.string_or_empty("case"); }

bool is_caseless_event(std::string_view kind) {
  return kind == "ledger_created" || kind == "policy_activated" || kind == "disclosed";
}

base::Status apply_event_to(Case& c, uint64_t seq, const Json& event, KeepEntry keep) {
  if (!event.is_object()) return entry_error(seq, "not a JSON object");
  auto kind = text(event, "event", seq);
  auto at = text(event, "at", seq);
  if (!kind || !at) return !kind ? kind.error() : at.error();
  const Json* actor = event.find("actor");
  if (!actor || !actor->is_object()) return entry_error(seq, "\"actor\" must be an object");
  const bool exists = !c.id.empty();
  base::Status s;
  if (*kind == "received") {
    if (exists) return base::conflict("case " + c.id + " exists already");
    s = read_received(event, seq, c);
    c.created_at = *at;
  } else {
    if (!exists) {
      return base::not_found(entry_error(seq, "no case " + std::string(case_of(event))).message);
    }
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
      if (s) s = check_not_holding(c);
      if (s) c.state = CaseState::Closed;
    } else if (auto disposition = parse_disposition(*kind)) {
      s = read_disposition(event, seq, *disposition, c, *at);
    } else {
      return entry_error(seq, "unknown event \"" + *kind + "\"");
    }
  }
  if (!s) return s;
  c.updated_at = *at;
  if (keep == KeepEntry::No) return base::Status::Ok();
  if (keep == KeepEntry::Summary) {
    c.events.push_back(CaseEvent{seq, *kind, *at, {}});
    return base::Status::Ok();
  }
  // The entry as the ledger holds it: the event with its "seq".
  const Json* has_seq = event.find("seq");
  if (has_seq && has_seq->is_int() && has_seq->as_int() == static_cast<int64_t>(seq)) {
    c.events.push_back(CaseEvent{seq, *kind, *at, event.canonical()});
  } else {
    Json with_seq = event;
    with_seq.set("seq", seq);
    c.events.push_back(CaseEvent{seq, *kind, *at, with_seq.canonical()});
  }
  return base::Status::Ok();
}

base::Result<Case> apply_event(const Case* before, uint64_t seq, const Json& event) {
  Case c = before ? *before : Case{};
  if (auto s = apply_event_to(c, seq, event, KeepEntry::Text); !s) return s.error();
  return c;
}

}  // namespace trustgate::cases
