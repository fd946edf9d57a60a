#include "trustgate/policy/decision.h"

#include <algorithm>

#include "base/clock.h"
#include "base/json_string.h"
#include "cedar/evaluator.h"

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
  return ask(law, law.question(q), request);
}

Answer ask(const Law& law, const CompiledQuestion& question, const cedar::Request& request) {
  cedar::Evaluator eval(request, law.entities);
  eval.borrow_request_uids();  // evaluate_all keeps only bools
  Answer a;
  std::vector<const Provision*> permits;
  evaluate_all(question.forbids, eval, a.determining, a.errors);
  // Cedar: any satisfied forbid denies (the forbids are the reason); else any
  // satisfied permit allows (the permits are the reason); else deny. Once a
  // forbid holds the permits cannot change the answer, so they are skipped
  // (their evaluation errors, if any, are then not reported).
  if (a.determining.empty()) evaluate_all(question.permits, eval, permits, a.errors);
  if (a.determining.empty() && !permits.empty()) {
    a.allowed = true;
    a.determining = std::move(permits);
  }
  return a;
}

namespace {

// Position of a provision's pack among the law's layers (most general first).
size_t layer_rank(const Law& law, const Provision* p) {
  for (size_t i = 0; i < law.layers.size(); ++i) {
    if (law.layers[i]->id == p->pack) return i;
  }
  return law.layers.size();
}

// Of a conflict's two sides, a policy with @preempts that faces a contrary
// policy of a lower layer.
const Provision* preempting_policy(const Law& law, const std::vector<const Provision*>& side,
                                   const std::vector<const Provision*>& other) {
  for (const Provision* p : side) {
    if (p->preempts.empty()) continue;
    size_t rank = layer_rank(law, p);
    for (const Provision* q : other) {
      if (layer_rank(law, q) > rank) return p;
    }
  }
  return nullptr;
}

}  // namespace

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
    if (o.compliance == Compliance::Conflict) {
      o.likely_prevails = preempting_policy(law, refuse.determining, act.determining);
      if (!o.likely_prevails)
        o.likely_prevails = preempting_policy(law, act.determining, refuse.determining);
    }
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

cedar::Result<Decision> applicable_law(const Library& library, const DecisionRequest& request,
                                       const DecideOptions& options) {
  std::shared_ptr<const Chain> chain = library.chain(request.jurisdiction);
  if (!chain) {
    std::string known;
    for (const auto& j : library.jurisdictions()) known += (known.empty() ? "" : ", ") + j;
    return base::invalid_field("/jurisdiction", "unknown jurisdiction \"" + request.jurisdiction +
                                                    "\" (one of: " + known + ")");
  }
  Decision d;
  d.agency = chain->find_agency(request.receiving_agency);
  if (!d.agency && !chain->agencies.empty()) {
    return base::invalid_field("/receiving_agency", "unknown agency \"" + request.receiving_agency +
                                                        "\" for " + request.jurisdiction +
                                                        " (one of: " + chain->agency_ids() + ")");
  }
  d.request_id = request.id;
  d.jurisdiction = request.jurisdiction;
  d.law_date = options.at.value_or(chain->local_date(request.received_utc, request.received_date));
  d.law = d.agency ? &chain->at(d.law_date, *d.agency) : &chain->at(d.law_date);
  d.policy_version = d.law->policy_version;
  d.chain = std::move(chain);
  return d;
}

void decide_under(Decision& d, const Library& library, const DecisionRequest& request) {
  const Vocabulary& vocab = library.vocabulary();
  d.decided_at = base::now_utc_rfc3339();
  Situation situation = request.situation;
  if (d.agency) {
    situation.agency_kind = d.agency->entry->kind;
  } else if (auto other = vocab.agency_kinds.find("other")) {
    situation.agency_kind = *other;
  }
  cedar::Request cedar_request{cedar::EntityUid{"Agency", request.receiving_agency},
                               {},
                               cedar::EntityUid{"FederalRequest", request.id},
                               vocab.context(situation)};
  d.outcomes.clear();
  d.outcomes.reserve(request.actions.size());
  for (uint8_t action : request.actions)
    d.outcomes.push_back(decide_action(*d.law, action, cedar_request));
}

cedar::Result<Decision> decide(const Library& library, const DecisionRequest& request,
                               const DecideOptions& options) {
  auto d = applicable_law(library, request, options);
  if (!d) return d;
  decide_under(*d, library, request);
  return d;
}

common::Json decision_record(const Decision& d, const Vocabulary& vocab) {
  using common::Json;
  Json out = Json::object();
  out.set("request_id", d.request_id);
  out.set("jurisdiction", d.jurisdiction);
  out.set("policy_version", d.policy_version);
  out.set("decided_at", d.decided_at);
  out.set("law_date", d.law_date.to_string());
  Json& outcomes = out.set("outcomes", Json::array());
  for (const Outcome& o : d.outcomes) {
    Json outcome = Json::object();
    outcome.set("action", vocab.actions[o.action]);
    outcome.set("compliance", std::string(compliance_name(o.compliance)));
    outcome.set("response", std::string(response_name(o.compliance)));
    Json& because = outcome.set("because", Json::array());
    for (const Provision* p : o.because) {
      Json b = Json::object();
      b.set("policy", p->id);
      b.set("layer", p->layer);
      b.set("cite", p->cite);
      b.set("explain", p->explain);
      because.push(std::move(b));
    }
    Json& obligations = outcome.set("obligations", Json::array());
    for (std::string_view ob : o.obligations) obligations.push(ob);
    if (const Provision* p = o.likely_prevails) {
      Json prevails = Json::object();
      prevails.set("layer", p->layer);
      prevails.set("pack", p->pack);
      prevails.set("policy", p->id);
      prevails.set("cite", p->preempts);
      outcome.set("likely_prevails", std::move(prevails));
    }
    if (!o.errors.empty()) {
      Json& errors = outcome.set("errors", Json::array());
      for (const std::string& e : o.errors) errors.push(e);
    }
    outcomes.push(std::move(outcome));
  }
  return out;
}

namespace {

// The writer of decision_to_json: the keys of each object in byte order, as
// Json::canonical() orders them, so the text equals decision_record()'s
// canonical form (a test compares them), without building the tree.
class DecisionWriter {
 public:
  explicit DecisionWriter(std::string& out) : out_(out) {}

  // `"key":"value"`, after a comma unless first in its object.
  void field(std::string_view key, std::string_view value) {
    member(key);
    base::append_json_string(out_, value);
  }
  void member(std::string_view key) {
    separator();
    base::append_json_string(out_, key);
    out_ += ':';
  }
  void open(char c) {
    out_ += c;
    first_ = true;
  }
  void close(char c) {
    out_ += c;
    first_ = false;
  }
  // An array item (a string), after a comma unless first.
  void item(std::string_view value) {
    separator();
    base::append_json_string(out_, value);
  }
  // The comma before an object member or array item, unless it is the first.
  void separator() {
    if (!first_) out_ += ',';
    first_ = false;
  }

  void because(const Provision& p) {
    open('{');
    field("cite", p.cite);
    field("explain", p.explain);
    field("layer", p.layer);
    field("policy", p.id);
    close('}');
  }

  void outcome(const Outcome& o, const Vocabulary& vocab) {
    open('{');
    field("action", vocab.actions[o.action]);
    member("because");
    open('[');
    for (const Provision* p : o.because) {
      separator();
      out_ += p->because_json;
    }
    close(']');
    field("compliance", compliance_name(o.compliance));
    if (!o.errors.empty()) {
      member("errors");
      open('[');
      for (const std::string& e : o.errors) item(e);
      close(']');
    }
    if (const Provision* p = o.likely_prevails) {
      member("likely_prevails");
      open('{');
      field("cite", p->preempts);
      field("layer", p->layer);
      field("pack", p->pack);
      field("policy", p->id);
      close('}');
    }
    member("obligations");
    open('[');
    for (std::string_view ob : o.obligations) item(ob);
    close(']');
    field("response", response_name(o.compliance));
    close('}');
  }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace

std::string because_json(const Provision& p) {
  std::string out;
  DecisionWriter(out).because(p);
  return out;
}

std::string decision_to_json(const Decision& d, const Vocabulary& vocab) {
  std::string out;
  out.reserve(4096);
  DecisionWriter w(out);
  w.open('{');
  w.field("decided_at", d.decided_at);
  w.field("jurisdiction", d.jurisdiction);
  w.field("law_date", d.law_date.to_string());
  w.member("outcomes");
  w.open('[');
  for (const Outcome& o : d.outcomes) {
    w.separator();
    w.outcome(o, vocab);
  }
  w.close(']');
  w.field("policy_version", d.policy_version);
  w.field("request_id", d.request_id);
  w.close('}');
  return out;
}

}  // namespace trustgate::policy
