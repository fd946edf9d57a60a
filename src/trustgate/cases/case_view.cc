#include "trustgate/cases/case_view.h"

#include "trustgate/cases/deadline.h"

namespace trustgate::cases {

namespace {

using common::Json;

// What a request says about the person: left out for CaseView::NoSubject.
constexpr const char* kSubjectMembers[] = {"subject", "facts"};

// Removes the subject members from a request; returns the ones it held.
std::vector<std::string> drop_subject(Json& request) {
  std::vector<std::string> dropped;
  if (!request.is_object()) return dropped;
  for (const char* name : kSubjectMembers) {
    if (request.as_object().erase(name)) dropped.push_back(name);
  }
  return dropped;
}

Json sign_off_json(Role role, const std::string& by, const std::string& at) {
  Json j = Json::object();
  j.set("role", role_name(role));
  j.set("by", by);
  j.set("at", at);
  return j;
}

Json deadline_json(const DeadlineStatus& s) {
  const Deadline& d = *s.deadline;
  Json j = Json::object();
  j.set("obligation", d.obligation);
  j.set("hours", d.hours);
  j.set("from", d.from);
  Json& met_by = j.set("met_by", Json::array());
  for (const std::string& m : d.met_by) met_by.push(m);
  j.set("skip_weekends", d.skip_weekends);
  j.set("state", deadline_state_name(s.state));
  const bool started = s.state != DeadlineState::NotStarted;
  const bool met = s.state == DeadlineState::Met || s.state == DeadlineState::MetLate;
  j.set("starts_at", started ? Json(format_instant(s.starts)) : Json());
  j.set("due_at", started ? Json(format_instant(s.due)) : Json());
  j.set("met_at", met ? Json(format_instant(s.met)) : Json());
  return j;
}

Json disposition_json(const Disposition& d) {
  Json j = Json::object();
  j.set("event", disposition_name(d.kind));
  j.set("happened_at", d.happened_at);
  if (d.kind == DispositionKind::Held) j.set("until", d.until);
  if (!d.to.empty()) j.set("to", d.to);
  j.set("at", d.at);
  return j;
}

}  // namespace

Json case_to_json(const Case& c, CaseView view) {
  Json j = Json::object();
  j.set("id", c.id);
  j.set("seq", c.seq);
  j.set("state", state_name(c.state));
  j.set("client_id", c.client_id);
  j.set("jurisdiction", c.jurisdiction);
  j.set("receiving_agency", c.receiving_agency);
  j.set("received_at", c.received_at);
  j.set("policy_version", c.policy_version);
  Json request = c.request;
  if (view == CaseView::NoSubject) drop_subject(request);
  j.set("request", std::move(request));
  j.set("decision", c.decision);
  Json& obligations = j.set("obligations", Json::array());
  for (const std::string& o : c.obligations) obligations.push(o);
  Json& needed = j.set("sign_offs_needed", Json::array());
  for (Role r : c.sign_offs_needed) needed.push(role_name(r));
  j.set("on_site_needed", c.on_site_needed);
  Json& sign_offs = j.set("sign_offs", Json::array());
  for (const SignOff& s : c.sign_offs) {
    Json so = sign_off_json(s.role, s.by, s.at);
    so.set("on_site", s.on_site);
    sign_offs.push(std::move(so));
  }
  if (c.override_) {
    Json o = sign_off_json(c.override_->role, c.override_->by, c.override_->at);
    o.set("reason", c.override_->reason);
    j.set("override", std::move(o));
  } else {
    j.set("override", Json());
  }
  Json& deadlines = j.set("deadlines", Json::array());
  for (const DeadlineStatus& s : deadline_statuses(c)) deadlines.push(deadline_json(s));
  Json& dispositions = j.set("dispositions", Json::array());
  for (const Disposition& d : c.dispositions) dispositions.push(disposition_json(d));
  j.set("created_at", c.created_at);
  j.set("updated_at", c.updated_at);
  Json& events = j.set("events", Json::array());
  for (const CaseEvent& e : c.events) {
    Json ev = Json::object();
    ev.set("seq", e.seq);
    ev.set("event", e.kind);
    ev.set("at", e.at);
    events.push(std::move(ev));
  }
  return j;
}

std::vector<std::string> redact_entry(Json& entry, CaseView view) {
  std::vector<std::string> pointers;
  if (view == CaseView::Full || !entry.is_object()) return pointers;
  Json::Object& members = entry.as_object();
  auto request = members.find("request");
  if (request == members.end()) return pointers;
  for (const std::string& name : drop_subject(request->second)) {
    pointers.push_back("/request/" + name);
  }
  return pointers;
}

}  // namespace trustgate::cases
