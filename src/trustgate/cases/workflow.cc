#include "trustgate/cases/workflow.h"

#include <cstdio>

#include "trustgate/common/file_util.h"

namespace trustgate::cases {

namespace {

using common::Json;

Json case_entry(const std::string& kind, const std::string& case_id,
                const std::string& policy_version) {
  Json e = Json::object();
  e.set("event", kind);
  e.set("case", case_id);
  e.set("at", common::now_utc_rfc3339());
  e.set("policy_version", policy_version);
  return e;
}

std::string case_id_for(uint64_t number) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "C-%06llu", static_cast<unsigned long long>(number));
  return buf;
}

cedar::Error entry_error(uint64_t seq, const std::string& message) {
  return cedar::Error{"ledger entry " + std::to_string(seq) + ": " + message};
}

// Fills the parts of `ch` specific to the entry's kind.
cedar::Status project(const Json& e, uint64_t seq, CaseChange& ch) {
  const std::string& kind = ch.event.kind;
  if (kind == "received") {
    Case c;
    c.id = ch.case_id;
    c.client_id = e.string_or_empty("client_id");
    c.jurisdiction = e.string_or_empty("jurisdiction");
    c.received_at = e.string_or_empty("received_at");
    c.policy_version = e.string_or_empty("policy_version");
    const Json* request = e.find("request");
    if (!request) return entry_error(seq, "received without a request");
    c.request_json = request->canonical();
    c.created_at = ch.event.at;
    ch.created = std::move(c);
  } else if (kind == "decided") {
    const Json* decision = e.find("decision");
    if (!decision) return entry_error(seq, "decided without a decision");
    auto record = read_decision(decision->canonical());
    if (!record) return entry_error(seq, record.error().message);
    ch.state = CaseState::Decided;
    ch.decision_json = decision->canonical();
    ch.policy_version = record->policy_version;
    ch.needs_supervisor = record->needs_supervisor;
    ch.needs_on_site = record->needs_on_site;
  } else if (kind == "awaiting_supervisor") {
    ch.state = CaseState::AwaitingSupervisor;
  } else if (kind == "signed_off" || kind == "overridden") {
    ch.state = kind == "signed_off" ? CaseState::SignedOff : CaseState::Overridden;
    ch.supervisor = std::string(e.string_or_empty("supervisor"));
    const Json* on_site = e.find("on_site");
    ch.on_site = on_site && on_site->is_bool() && on_site->as_bool();
    if (kind == "overridden") ch.override_reason = std::string(e.string_or_empty("reason"));
  } else if (kind == "closed") {
    ch.state = CaseState::Closed;
  } else {
    return entry_error(seq, "unknown event \"" + kind + "\"");
  }
  return cedar::Status::Ok();
}

}  // namespace

cedar::Result<CaseChange> change_for_entry(uint64_t seq, std::string_view entry) {
  auto parsed = common::parse_json(entry);
  if (!parsed) return entry_error(seq, parsed.error().message);
  CaseChange ch;
  ch.event = CaseEvent{seq, std::string(parsed->string_or_empty("event")),
                       std::string(parsed->string_or_empty("at")), std::string(entry)};
  if (ch.event.kind == "policy_activated") {
    ch.activated = {std::string(parsed->string_or_empty("policy_version")),
                    std::string(parsed->string_or_empty("jurisdiction"))};
    return ch;
  }
  ch.case_id = parsed->string_or_empty("case");
  if (ch.case_id.empty()) return entry_error(seq, "no \"case\"");
  if (auto s = project(*parsed, seq, ch); !s) return s.error();
  return ch;
}

cedar::Result<uint64_t> CaseWorkflow::reconcile() {
  std::lock_guard lk(mu_);
  auto from = store_.applied_below();
  if (!from) return from.error();
  uint64_t applied = 0;
  for (uint64_t seq = *from; seq < ledger_.size(); ++seq) {
    auto known = store_.has_entry(seq);
    if (!known) return known.error();
    if (*known) continue;
    auto entry = ledger_.entry(seq);
    if (!entry) return entry.error();
    auto change = change_for_entry(seq, *entry);
    if (!change) return change.error();
    if (auto s = store_.record(*change); !s) return s.error();
    ++applied;
  }
  return applied;
}

// With mu_ held: the ledger first (durable), then the store.
cedar::Status CaseWorkflow::append_and_apply(Json entry) {
  auto seq = ledger_.append(std::move(entry));
  if (!seq) return seq.error();
  auto text = ledger_.entry(*seq);
  if (!text) return text.error();
  auto change = change_for_entry(*seq, *text);
  if (!change) return change.error();
  return store_.record(*change);
}

cedar::Result<Case> CaseWorkflow::submit(std::string_view request_json) {
  if (!decider_) return cedar::Error{"no decider: the policies could not be loaded"};
  auto decided = decider_->decide(request_json);
  if (!decided) return decided.error();  // rejected at intake: nothing recorded
  const DecisionRecord& d = decided->decision;
  std::lock_guard lk(mu_);
  auto known = store_.policy_version_known(d.policy_version, decided->jurisdiction);
  if (!known) return known.error();
  if (!*known) {
    Json e = Json::object();
    e.set("event", "policy_activated");
    e.set("at", common::now_utc_rfc3339());
    e.set("policy_version", d.policy_version);
    e.set("jurisdiction", decided->jurisdiction);
    if (auto s = append_and_apply(std::move(e)); !s) return s.error();
  }
  auto count = store_.case_count();
  if (!count) return count.error();
  const std::string id = case_id_for(*count + 1);
  Json received = case_entry("received", id, d.policy_version);
  received.set("request", decided->request);
  received.set("client_id", decided->client_id);
  received.set("jurisdiction", decided->jurisdiction);
  received.set("received_at", decided->received_at);
  if (auto s = append_and_apply(std::move(received)); !s) return s.error();
  Json decision = case_entry("decided", id, d.policy_version);
  decision.set("decision", d.decision);
  if (auto s = append_and_apply(std::move(decision)); !s) return s.error();
  if (d.needs_supervisor) {
    Json waiting = case_entry("awaiting_supervisor", id, d.policy_version);
    Json obligations = Json::array();
    for (const auto& o : d.obligations) obligations.push(o);
    waiting.set("obligations", std::move(obligations));
    if (auto s = append_and_apply(std::move(waiting)); !s) return s.error();
  }
  auto c = store_.find(id);
  if (!c) return c.error();
  return std::move(**c);
}

// Checks `to` against the case's state, then records `entry`.
cedar::Result<Case> CaseWorkflow::transition(const std::string& case_id, CaseState to, Json entry) {
  auto found = store_.find(case_id);
  if (!found) return found.error();
  if (!*found) return cedar::Error{"no case " + case_id};
  if (auto s = check_transition(case_id, (*found)->state, to); !s) return s.error();
  entry.set("case", case_id);
  entry.set("at", common::now_utc_rfc3339());
  entry.set("policy_version", (*found)->policy_version);
  if (to == CaseState::SignedOff && (*found)->needs_on_site && !entry.find("on_site")->as_bool()) {
    return cedar::Error{"case " + case_id +
                        ": the decision obliges a supervisor on site (supervisor_on_site); "
                        "sign off with --on-site once on site, or override"};
  }
  if (auto s = append_and_apply(std::move(entry)); !s) return s.error();
  auto c = store_.find(case_id);
  if (!c) return c.error();
  return std::move(**c);
}

cedar::Result<Case> CaseWorkflow::sign_off(const std::string& case_id,
                                           const std::string& supervisor, bool on_site) {
  if (supervisor.empty()) return cedar::Error{"--supervisor: a named supervisor is required"};
  Json e = Json::object();
  e.set("event", "signed_off");
  e.set("supervisor", supervisor);
  e.set("on_site", on_site);
  std::lock_guard lk(mu_);
  return transition(case_id, CaseState::SignedOff, std::move(e));
}

cedar::Result<Case> CaseWorkflow::override_decision(const std::string& case_id,
                                                    const std::string& supervisor,
                                                    const std::string& reason) {
  if (supervisor.empty()) return cedar::Error{"--supervisor: a named supervisor is required"};
  if (reason.find_first_not_of(" \t\n") == std::string::npos) {
    return cedar::Error{"--reason: an override needs a reason"};
  }
  Json e = Json::object();
  e.set("event", "overridden");
  e.set("supervisor", supervisor);
  e.set("reason", reason);
  std::lock_guard lk(mu_);
  return transition(case_id, CaseState::Overridden, std::move(e));
}

cedar::Result<Case> CaseWorkflow::close(const std::string& case_id) {
  Json e = Json::object();
  e.set("event", "closed");
  std::lock_guard lk(mu_);
  return transition(case_id, CaseState::Closed, std::move(e));
}

cedar::Result<Case> CaseWorkflow::get(const std::string& case_id) {
  std::lock_guard lk(mu_);
  auto found = store_.find(case_id);
  if (!found) return found.error();
  if (!*found) return cedar::Error{"no case " + case_id};
  return std::move(**found);
}

}  // namespace trustgate::cases
