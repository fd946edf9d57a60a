// Operations on cases: submit, list, the queue (with open and overdue
// deadlines), get, sign-off, override, dispositions (what was done), close,
// and a case's inclusion proofs.
#include "base/clock.h"
#include "base/encoding.h"
#include "base/text.h"
#include "service_impl.h"
#include "trustgate/cases/case_proof.h"
#include "trustgate/cases/case_view.h"
#include "trustgate/cases/due.h"

namespace trustgate::server {

namespace {

using common::Json;

constexpr size_t kDefaultPage = 50;
constexpr size_t kMaxPage = 500;

Resource case_resource(const cases::Case& c) {
  return Resource{"Case", c.id, c.receiving_agency, c.jurisdiction};
}

// The role a signer acts in: the caller's, when it is one that signs.
base::Result<cases::Role> signer_role(const Caller& caller) {
  auto role = cases::parse_role(caller.user.role);
  if (!role) {
    return base::permission_denied("only a supervisor or counsel signs off or overrides; you are " +
                                   caller.user.role);
  }
  return *role;
}

// An opaque cursor: the seq after which the next page starts.
std::string cursor_for(uint64_t seq) { return base::base64_encode("seq:" + std::to_string(seq)); }

base::Result<uint64_t> seq_of_cursor(const std::string& cursor) {
  auto text = base::base64_decode(cursor);
  if (!text || text->rfind("seq:", 0) != 0 || text->size() < 5 ||
      text->find_first_not_of("0123456789", 4) != std::string::npos) {
    return bad_query("cursor", "not a cursor this service gave out");
  }
  return static_cast<uint64_t>(std::stoull(text->substr(4)));
}

}  // namespace

cases::Actor ServiceImpl::actor(const Call& call) const {
  return cases::Actor{call.caller.user.id, call.caller.user.role};
}

HttpResponse ServiceImpl::case_problem(const Call& call, const base::Error& error) const {
  if (error.kind == base::ErrorKind::PermissionDenied && call.caller.anonymous) {
    return refused(call);
  }
  return problem(error);
}

cases::CaseView ServiceImpl::case_view(const Call& call, const Resource& c) const {
  return allowed(call, "view_subject", c) ? cases::CaseView::Full : cases::CaseView::NoSubject;
}

HttpResponse ServiceImpl::case_response(const Call& call, const cases::Case& c, int status) {
  return json_response(cases::case_to_json(c, case_view(call, case_resource(c))), status);
}

base::Result<cases::Case> ServiceImpl::readable_case(const Call& call,
                                                     const std::string& operation) {
  auto found = data_.store->find(std::string(call.param("id")));
  if (!found) return found.error();
  // An existing case a signed-in caller may not see reads as missing; the
  // public is asked to sign in.
  if (!*found || !allowed(call, "get_case", case_resource(**found))) {
    if (call.caller.anonymous) return base::permission_denied("sign in to see cases");
    return base::not_found("no case " + base::printable(call.param("id")));
  }
  if (operation != "get_case" && !allowed(call, operation, case_resource(**found))) {
    return base::permission_denied("the access policy does not allow " + operation +
                                   " on this case for the role " + call.caller.user.role);
  }
  return std::move(**found);
}

HttpResponse ServiceImpl::submit_case(Call& call) {
  // May the caller submit at all (for their own agency)?
  Resource own{"Case", "new", call.caller.user.agency, call.caller.user.jurisdiction};
  if (!allowed(call, "submit_case", own)) return refused(call);
  std::string body = call.request.body;
  // Idempotency-Key: the request's client id, when the body has none.
  if (std::string_view key = call.request.header("idempotency-key"); !key.empty()) {
    auto parsed = body_json(call);
    if (!parsed) return problem(parsed.error());
    std::string_view id = parsed->string_or_empty("id");
    if (!id.empty() && id != key) {
      return problem(base::invalid_field("/id", "differs from the Idempotency-Key header"));
    }
    parsed->set("id", std::string(key));
    body = parsed->canonical();
  }
  // The one intake (the CLI's too); refused, nothing is recorded.
  auto taken = intake::parse_request(body, *library_, base::now_unix_seconds());
  if (!taken) return problem(taken.error());
  // The agency the request names must be one the caller may submit for.
  Resource target{"Case", "new", taken->request.receiving_agency, taken->request.jurisdiction};
  if (!allowed(call, "submit_case", target)) {
    return problem(base::permission_denied(
        "you may submit requests for " +
        (call.caller.user.agency.empty() ? std::string("no agency") : call.caller.user.agency) +
        " only"));
  }
  auto submitted = workflow_->submit(std::move(*taken), actor(call));
  if (!submitted) return problem(submitted.error());
  if (submitted->created && !submitted->case_.decision.is_null()) {
    if (const Json* outcomes = submitted->case_.decision.find("outcomes")) {
      for (const Json& o : outcomes->as_array()) {
        metrics_.decision(submitted->case_.jurisdiction,
                          std::string(o.string_or_empty("compliance")));
      }
    }
  }
  HttpResponse r = case_response(call, submitted->case_, submitted->created ? 201 : 200);
  r.headers.emplace_back("Location", "/v1/cases/" + submitted->case_.id);
  return r;
}

HttpResponse ServiceImpl::list_cases(Call& call) {
  cases::CaseFilter filter;
  if (std::string state = call.query("state"); !state.empty()) {
    filter.state = cases::parse_state(state);
    if (!filter.state) return problem(bad_query("state", cases::state_choices()));
  }
  filter.jurisdiction = call.query("jurisdiction");
  filter.receiving_agency = call.query("agency");
  auto limit = uint_query(call, "limit", kDefaultPage);
  if (!limit) return problem(limit.error());
  if (*limit == 0 || *limit > kMaxPage) {
    return problem(bad_query("limit", "between 1 and " + std::to_string(kMaxPage)));
  }
  if (std::string cursor = call.query("cursor"); !cursor.empty()) {
    auto seq = seq_of_cursor(cursor);
    if (!seq) return problem(seq.error());
    filter.after_seq = *seq;
  }
  const std::string from = call.query("from"), to = call.query("to");  // received_at dates
  for (const std::string* d : {&from, &to}) {
    if (!d->empty() && !policy::parse_date(*d)) {
      return problem(bad_query(d == &from ? "from" : "to", "expected YYYY-MM-DD"));
    }
  }
  Json list = Json::array();
  uint64_t last = 0;
  // The store is read kMaxPage cases at a time until the page is full and
  // one more case passes the filters (then the page gets a cursor), or the
  // store has no more: a page that fills up exactly at the end of a read or
  // of the store is told apart by reading on, so that a cursor always leads
  // to more cases and the last page has none.
  bool more = false, unread = true;
  filter.limit = kMaxPage;
  while (!more && unread) {
    auto page = data_.store->list(filter);
    if (!page) return problem(page.error());
    unread = page->size() == kMaxPage;
    for (const cases::Case& c : *page) {
      filter.after_seq = c.seq;
      std::string day = c.received_at.substr(0, 10);
      if ((!from.empty() && day < from) || (!to.empty() && day > to)) continue;
      if (!allowed(call, "get_case", case_resource(c))) continue;
      if (list.as_array().size() == *limit) {
        more = true;
        break;
      }
      list.push(cases::case_to_json(c, case_view(call, case_resource(c))));
      last = c.seq;
    }
  }
  Json j = Json::object();
  j.set("cases", std::move(list));
  j.set("next_cursor", more ? Json(cursor_for(last)) : Json());
  return json_response(j);
}

HttpResponse ServiceImpl::queue(Call& call) {
  Json list = Json::array();
  for (cases::CaseState s :
       {cases::CaseState::AwaitingCounsel, cases::CaseState::AwaitingSupervisor}) {
    if (call.caller.user.role == "supervisor" && s == cases::CaseState::AwaitingCounsel) continue;
    if (call.caller.user.role == "counsel" && s == cases::CaseState::AwaitingSupervisor) continue;
    cases::CaseFilter f;
    f.state = s;
    auto page = data_.store->list(f);
    if (!page) return problem(page.error());
    for (const cases::Case& c : *page) {
      if (!allowed(call, "get_case", case_resource(c))) continue;
      list.push(cases::case_to_json(c, case_view(call, case_resource(c))));
    }
  }
  // The open deadlines of the cases the caller may see, soonest first.
  auto open = open_cases();
  if (!open) return problem(open.error());
  std::vector<cases::Case> visible;
  for (cases::Case& c : *open) {
    if (!c.deadlines.empty() && allowed(call, "get_case", case_resource(c))) {
      visible.push_back(std::move(c));
    }
  }
  Json deadlines = Json::array();
  uint64_t overdue = 0;
  for (const cases::OpenDeadline& d : cases::open_deadlines(visible, base::now_unix_seconds())) {
    overdue += d.overdue;
    deadlines.push(cases::open_deadline_json(d));
  }
  Json j = Json::object();
  j.set("cases", std::move(list));
  j.set("deadlines", std::move(deadlines));
  j.set("overdue", overdue);
  return json_response(j);
}

HttpResponse ServiceImpl::get_case(Call& call) {
  auto c = readable_case(call, "get_case");
  if (!c) return case_problem(call, c.error());
  return case_response(call, *c);
}

HttpResponse ServiceImpl::sign_off_case(Call& call) {
  auto c = readable_case(call, "sign_off_case");
  if (!c) return case_problem(call, c.error());
  auto role = signer_role(call.caller);
  if (!role) return problem(role.error());
  auto body = body_members(call, {{"by", Json::Kind::String}, {"on_site", Json::Kind::Bool}});
  if (!body) return problem(body.error());
  const Json* on_site = body->find("on_site");
  std::string by(body->string_or_empty("by"));
  if (by.empty()) by = call.caller.user.name;
  auto done = workflow_->sign_off(c->id, *role, by, on_site && on_site->as_bool(), actor(call));
  if (!done) {
    base::Error e = done.error();
    if (e.field == "by") e.field = "/by";
    return problem(e);
  }
  return case_response(call, *done);
}

HttpResponse ServiceImpl::override_case(Call& call) {
  auto c = readable_case(call, "override_case");
  if (!c) return case_problem(call, c.error());
  auto role = signer_role(call.caller);
  if (!role) return problem(role.error());
  auto body =
      body_members(call, {{"by", Json::Kind::String}, {"reason", Json::Kind::String, true}});
  if (!body) return problem(body.error());
  const Json* reason = body->find("reason");
  std::string by(body->string_or_empty("by"));
  if (by.empty()) by = call.caller.user.name;
  auto done = workflow_->override_decision(c->id, *role, by, reason->as_string(), actor(call));
  if (!done) {
    base::Error e = done.error();
    if (e.field == "by" || e.field == "reason") e.field = "/" + e.field;
    return problem(e);
  }
  return case_response(call, *done);
}

HttpResponse ServiceImpl::record_disposition(Call& call) {
  auto c = readable_case(call, "record_disposition");
  if (!c) return case_problem(call, c.error());
  constexpr auto kText = Json::Kind::String;
  auto body = body_members(
      call, {{"event", kText, true}, {"happened_at", kText}, {"until", kText}, {"to", kText}});
  if (!body) return problem(body.error());
  auto kind = cases::parse_disposition(body->string_or_empty("event"));
  if (!kind) {
    return problem(base::invalid_field("/event", "what was done, " + cases::disposition_choices() +
                                                     " (the other steps have "
                                                     "their own operations)"));
  }
  cases::DispositionStep step{*kind, std::string(body->string_or_empty("happened_at")),
                              std::string(body->string_or_empty("until")),
                              std::string(body->string_or_empty("to"))};
  if (step.happened_at.empty()) step.happened_at = base::now_utc_rfc3339();
  // The workflow checks the times, until and to (errors name the member).
  auto done = workflow_->record(c->id, step, actor(call));
  if (!done) return problem(done.error());
  return case_response(call, *done);
}

HttpResponse ServiceImpl::close_case(Call& call) {
  auto c = readable_case(call, "close_case");
  if (!c) return case_problem(call, c.error());
  auto done = workflow_->close(c->id, actor(call));
  if (!done) return problem(done.error());
  return case_response(call, *done);
}

HttpResponse ServiceImpl::case_proof(Call& call) {
  auto c = readable_case(call, "case_proof");
  if (!c) return case_problem(call, c.error());
  auto proof = cases::case_proof(*data_.ledger, *c, data_.config.verifier_key);
  if (!proof) return problem(proof.error());
  Json::Object& members = proof->as_object();
  if (auto proofs = members.find("proofs"); proofs != members.end()) {
    for (Json& p : proofs->second.as_array()) show_entry(call, p);
  }
  return json_response(*proof);
}

}  // namespace trustgate::server
