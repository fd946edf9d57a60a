#include "trustgate/policy/decision.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "cedar/evaluator.h"
#include "json_text.h"

namespace trustgate::policy {

namespace {

// Evaluates a policy list; appends satisfied policies to `hits`.
void evaluate_all(const std::vector<CompiledPolicy>& policies, const cedar::Evaluator& eval,
                  std::vector<const Provision*>& hits, std::vector<std::string>& errors) {
  for (const CompiledPolicy& p : policies) {
    auto v = eval.evaluate(*p.condition);
    if (!v) {
      errors.push_back(p.provision->id + ": " + v.error().message);
    } else if (!v->is_bool()) {
      errors.push_back(p.provision->id + ": condition is a " + cedar::kind_name(*v) +
                       ", not a bool");
    } else if (v->as_bool()) {
      hits.push_back(p.provision);
    }
  }
}

void add_unique(std::vector<const Provision*>& out, const std::vector<const Provision*>& in) {
  for (const Provision* p : in) {
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
}

std::string utc_now() {
  using namespace std::chrono;
  auto now = floor<seconds>(system_clock::now()).time_since_epoch().count();
  int64_t day = now >= 0 ? now / 86400 : (now - 86399) / 86400;
  int64_t secs = now - day * 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ",
                Date{static_cast<int32_t>(day)}.to_string().c_str(), static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

}  // namespace

std::string_view compliance_name(Compliance c) {
  switch (c) {
    case Compliance::Required:
      return "required";
    case Compliance::Prohibited:
      return "prohibited";
    case Compliance::Discretionary:
      return "discretionary";
    case Compliance::Conflict:
      return "conflict";
  }
  return "conflict";
}

std::string_view response_name(Compliance c) {
  switch (c) {
    case Compliance::Required:
      return "comply";
    case Compliance::Prohibited:
      return "decline";
    case Compliance::Discretionary:
      return "refer_supervisor";
    case Compliance::Conflict:
      return "refer_counsel";
  }
  return "refer_counsel";
}

std::optional<Compliance> parse_compliance(std::string_view name) {
  for (Compliance c : {Compliance::Required, Compliance::Prohibited, Compliance::Discretionary,
                       Compliance::Conflict}) {
    if (compliance_name(c) == name) return c;
  }
  return std::nullopt;
}

Answer ask(const Law& law, Question q, const cedar::Request& request) {
  const CompiledQuestion& question = law.question(q);
  cedar::Evaluator eval(request, law.entities);
  eval.borrow_request_uids();  // evaluate_all keeps only bools
  Answer a;
  std::vector<const Provision*> permits;
  evaluate_all(question.forbids, eval, a.determining, a.errors);
  evaluate_all(question.permits, eval, permits, a.errors);
  // Cedar: any satisfied forbid denies (the forbids are the reason); else any
  // satisfied permit allows (the permits are the reason); else deny.
  if (a.determining.empty() && !permits.empty()) {
    a.allowed = true;
    a.determining = std::move(permits);
  }
  return a;
}

Outcome decide_action(const Law& law, uint8_t action, const cedar::Request& request) {
  Answer act = ask(law, Question{action, false}, request);
  Answer refuse = ask(law, Question{action, true}, request);
  Outcome o;
  o.action = action;
  o.undetermined =
      (!act.allowed && act.determining.empty()) || (!refuse.allowed && refuse.determining.empty());
  if (act.allowed && !refuse.allowed) {
    o.compliance = Compliance::Required;
    o.because = std::move(refuse.determining);
  } else if (!act.allowed && refuse.allowed) {
    o.compliance = Compliance::Prohibited;
    o.because = std::move(act.determining);
  } else {
    o.compliance = act.allowed ? Compliance::Discretionary : Compliance::Conflict;
    o.because = std::move(act.determining);
    add_unique(o.because, refuse.determining);
  }
  for (const Provision* p : o.because) {
    for (const std::string& ob : p->obligations) {
      if (std::find(o.obligations.begin(), o.obligations.end(), ob) == o.obligations.end()) {
        o.obligations.push_back(ob);
      }
    }
  }
  o.errors = std::move(act.errors);
  o.errors.insert(o.errors.end(), refuse.errors.begin(), refuse.errors.end());
  return o;
}

cedar::Result<Decision> decide(const Library& library, const DecisionRequest& request,
                               const DecideOptions& options) {
  std::shared_ptr<const Chain> chain = library.chain(request.jurisdiction);
  if (!chain) {
    std::string known;
    for (const auto& j : library.jurisdictions()) known += (known.empty() ? "" : ", ") + j;
    return cedar::Error{"jurisdiction: unknown jurisdiction \"" + request.jurisdiction +
                        "\" (one of: " + known + ")"};
  }
  Decision d;
  d.request_id = request.id;
  d.jurisdiction = request.jurisdiction;
  d.law_date = options.at.value_or(request.received_date);
  d.law = &chain->at(d.law_date);
  d.policy_version = d.law->policy_version;
  d.decided_at = utc_now();
  const Vocabulary& vocab = library.vocabulary();
  cedar::Request cedar_request{cedar::EntityUid{"Agency", request.receiving_agency},
                               {},
                               cedar::EntityUid{"FederalRequest", request.id},
                               vocab.context(request.situation)};
  d.outcomes.reserve(request.actions.size());
  for (uint8_t action : request.actions)
    d.outcomes.push_back(decide_action(*d.law, action, cedar_request));
  d.chain = std::move(chain);
  return d;
}

std::string decision_to_json(const Decision& d, const Vocabulary& vocab) {
  JsonText j;
  j.open_object();
  j.key("request_id").string(d.request_id);
  j.key("jurisdiction").string(d.jurisdiction);
  j.key("policy_version").string(d.policy_version);
  j.key("decided_at").string(d.decided_at);
  j.key("law_date").string(d.law_date.to_string());
  j.key("outcomes").open_array();
  for (const Outcome& o : d.outcomes) {
    j.open_object();
    j.key("action").string(vocab.actions[o.action]);
    j.key("compliance").string(compliance_name(o.compliance));
    j.key("response").string(response_name(o.compliance));
    j.key("because").open_array();
    for (const Provision* p : o.because) {
      j.open_object().key("policy").string(p->id).key("layer").string(p->layer);
      j.key("cite").string(p->cite).key("explain").string(p->explain).close_object();
    }
    j.close_array();
    j.key("obligations").open_array();
    for (std::string_view ob : o.obligations) j.string(ob);
    j.close_array();
    if (!o.errors.empty()) {
      j.key("errors").open_array();
      for (const std::string& e : o.errors) j.string(e);
      j.close_array();
    }
    j.close_object();
  }
  j.close_array();
  j.close_object();
  return j.take();
}

}  // namespace trustgate::policy
