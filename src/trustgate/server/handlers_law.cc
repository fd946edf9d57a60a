// Operations on the law: deciding without recording, the jurisdictions and
// their policies with citations, check and diff, and the Cedar endpoint.
#include "base/clock.h"
#include "base/result.h"
#include "cedar/authorizer.h"
#include "cedar/json.h"
#include "cedar/parser.h"
#include "cedar/schema.h"
#include "cedar/validator.h"
#include "service_impl.h"
#include "trustgate/intake/intake.h"
#include "trustgate/policy/analysis.h"
#include "trustgate/policy/decision.h"

namespace trustgate::server {

namespace {

using common::Json;

// A law named as JURISDICTION or JURISDICTION@YYYY-MM-DD (default: today).
base::Result<std::pair<std::shared_ptr<const policy::Chain>, policy::Date>> law_named(
    const policy::Library& lib, const std::string& text, const std::string& field) {
  std::string id = text;
  policy::Date date = policy::today_utc();
  if (size_t at = text.rfind('@'); at != std::string::npos) {
    auto d = policy::parse_date(text.substr(at + 1));
    if (!d) return bad_query(field, d.error().message);
    date = *d;
    id = text.substr(0, at);
  }
  auto chain = lib.chain(id);
  if (!chain) return base::not_found("no jurisdiction \"" + id + "\"");
  return std::pair{chain, date};
}

Json range_json(const policy::DateRange& r) {
  Json j = Json::object();
  j.set("from", r.from ? Json(r.from->to_string()) : Json());
  j.set("to", r.to ? Json(r.to->to_string()) : Json());
  return j;
}

Json groups_json(const std::vector<policy::CellGroup>& groups, const policy::Vocabulary& v,
                 bool with_before) {
  Json out = Json::array();
  for (const policy::CellGroup& g : groups) {
    Json j = Json::object();
    j.set("action", v.actions[g.action]);
    j.set("instrument", v.instruments.values[g.instrument]);
    j.set("signed_by", v.signers.values[g.signed_by]);
    j.set("purpose", v.purposes.values[g.purpose]);
    if (with_before) j.set("before", std::string(policy::compliance_name(g.before)));
    j.set(with_before ? "after" : "compliance", std::string(policy::compliance_name(g.after)));
    j.set("cells", g.cells);
    j.set("conditions", g.conditions(v));
    out.push(std::move(j));
  }
  return out;
}

Json strings_json(const std::vector<std::string>& list) {
  Json out = Json::array();
  for (const std::string& s : list) out.push(s);
  return out;
}

// The controlled values a request may use (policies/schema.cedarschema).
Json vocabulary_json(const policy::Vocabulary& v) {
  Json j = Json::object();
  j.set("instrument_types", strings_json(v.instruments.values));
  j.set("signers", strings_json(v.signers.values));
  j.set("purposes", strings_json(v.purposes.values));
  j.set("requesters", strings_json(v.requesters.values));
  j.set("agency_kinds", strings_json(v.agency_kinds.values));
  j.set("interview_modes", strings_json(v.interview_modes.values));
  j.set("conviction_classes", strings_json(v.conviction_classes));
  j.set("conviction_ages", strings_json(v.conviction_ages.values));
  j.set("actions", strings_json(v.actions));
  j.set("facts", strings_json(v.facts));
  return j;
}

// What a form for requests to this jurisdiction needs: its receiving
// agencies, with the parts of a request the law binding each reads on
// `date`; the fields its law forbids recording; and its obligations.
void add_intake_json(Json& j, const policy::Chain& chain, policy::Date date,
                     const policy::Vocabulary& v) {
  Json& agencies = j.set("agencies", Json::array());
  for (const policy::ChainAgency& a : chain.agencies) {
    Json aj = Json::object();
    aj.set("id", a.entry->id);
    aj.set("name", a.entry->name);
    aj.set("kind", v.agency_kinds.values[a.entry->kind]);
    aj.set("placeholder", a.entry->placeholder);
    aj.set("reads", strings_json(policy::context_paths_read(chain.at(date, a), v)));
    agencies.push(std::move(aj));
  }
  j.set("reads", strings_json(policy::context_paths_read(chain.at(date), v)));
  Json unrecordable = Json::array();
  Json obligations = Json::object();
  for (const auto& pack : chain.packs) {
    for (const std::string& f : pack->unrecordable_fields) unrecordable.push(f);
    for (const policy::Obligation& o : pack->obligations) {
      Json oj = Json::object();
      oj.set("text", o.text);
      oj.set("sign_off", o.sign_off);
      oj.set("on_site", o.on_site);
      oj.set("pack", pack->id);
      obligations.set(o.id, std::move(oj));  // the most specific layer's wording wins
    }
  }
  j.set("unrecordable_fields", std::move(unrecordable));
  j.set("obligations", std::move(obligations));
}

}  // namespace

HttpResponse ServiceImpl::decide(Call& call) {
  auto intake = intake::parse_request(call.request.body, *library_, base::now_unix_seconds(),
                                      intake::Keep::RequestOnly);
  if (!intake) return problem(intake.error());
  policy::DecideOptions options;
  if (std::string at = call.query("at"); !at.empty()) {
    auto d = policy::parse_date(at);
    if (!d) return problem(bad_query("at", d.error().message));
    options.at = *d;
  }
  auto decision = policy::decide(*library_, intake->request, options);
  if (!decision) return problem(decision.error());
  for (const policy::Outcome& o : decision->outcomes) {
    metrics_.decision(decision->jurisdiction, std::string(policy::compliance_name(o.compliance)));
  }
  HttpResponse r;
  r.body = policy::decision_to_json(*decision, library_->vocabulary());
  return r;
}

HttpResponse ServiceImpl::list_jurisdictions(Call&) {
  Json list = Json::array();
  for (const std::string& id : library_->jurisdictions()) {
    auto chain = library_->chain(id);
    Json j = Json::object();
    j.set("id", id);
    j.set("name", chain->packs.back()->name);
    j.set("layer", chain->packs.back()->layer);
    Json& layers = j.set("chain", Json::array());
    int64_t contacts = 0;
    for (const auto& p : chain->packs) {
      layers.push(p->id);
      auto info = public_info_.find(p->id);
      if (info == public_info_.end()) continue;
      if (const Json* c = info->second.find("contacts")) {
        contacts += static_cast<int64_t>(c->as_array().size());
      }
    }
    j.set("public_contacts", contacts);
    list.push(std::move(j));
  }
  Json j = Json::object();
  j.set("jurisdictions", std::move(list));
  j.set("vocabulary", vocabulary_json(library_->vocabulary()));
  return json_response(j);
}

HttpResponse ServiceImpl::get_jurisdiction(Call& call) {
  std::string at = call.query("at");
  auto law =
      law_named(*library_, std::string(call.param("id")) + (at.empty() ? "" : "@" + at), "at");
  if (!law) return problem(law.error());
  const policy::Law& l = law->first->at(law->second);
  Json j = Json::object();
  j.set("id", law->first->jurisdiction);
  j.set("date", law->second.to_string());
  j.set("policy_version", l.policy_version);
  j.set("in_force", range_json(l.in_force));
  Json& packs = j.set("layers", Json::array());
  for (const policy::Pack* p : l.layers) {
    Json pj = Json::object();
    pj.set("id", p->id);
    pj.set("name", p->name);
    pj.set("layer", p->layer);
    pj.set("in_force", range_json(p->in_force));
    pj.set("disclaimer", p->disclaimer);
    packs.push(std::move(pj));
  }
  Json& provisions = j.set("policies", Json::array());
  for (const policy::Provision* p : l.provisions) {
    Json pj = Json::object();
    pj.set("id", p->id);
    pj.set("pack", p->pack);
    pj.set("layer", p->layer);
    pj.set("cite", p->cite);
    pj.set("explain", p->explain);
    pj.set("in_force", range_json(p->in_force));
    Json& obligations = pj.set("obligations", Json::array());
    for (const std::string& o : p->obligations) obligations.push(o);
    pj.set("source", p->file + ":" + std::to_string(p->line));
    provisions.push(std::move(pj));
  }
  add_intake_json(j, *law->first, law->second, library_->vocabulary());
  return json_response(j);
}

HttpResponse ServiceImpl::policy_check(Call& call) {
  std::string at = call.query("at");
  auto law =
      law_named(*library_, std::string(call.param("id")) + (at.empty() ? "" : "@" + at), "at");
  if (!law) return problem(law.error());
  const policy::Vocabulary& v = library_->vocabulary();
  policy::CheckReport r = policy::check(*law->first, law->second, v);
  Json j = Json::object();
  j.set("jurisdiction", r.jurisdiction);
  j.set("date", r.date.to_string());
  j.set("policy_version", r.policy_version);
  j.set("cells", r.cells);
  j.set("conflicts", groups_json(r.conflicts, v, false));
  j.set("discretionary", groups_json(r.discretionary, v, false));
  j.set("undecided", groups_json(r.undecided, v, false));
  Json& errors = j.set("errors", Json::array());
  for (const std::string& e : r.errors) errors.push(e);
  Json& dead = j.set("never_decide", Json::array());
  for (const policy::Provision* p : r.never_decide) dead.push(p->id);
  j.set("text", policy::check_to_text(r, v, false));
  return json_response(j);
}

HttpResponse ServiceImpl::policy_diff(Call& call) {
  for (const char* name : {"old", "new"}) {
    if (call.query(name).empty()) {
      return problem(bad_query(name, "required: JURISDICTION or JURISDICTION@YYYY-MM-DD"));
    }
  }
  auto before = law_named(*library_, call.query("old"), "old");
  if (!before) return problem(before.error());
  auto after = law_named(*library_, call.query("new"), "new");
  if (!after) return problem(after.error());
  const policy::Vocabulary& v = library_->vocabulary();
  policy::DiffReport r =
      policy::diff(*before->first, before->second, *after->first, after->second, v);
  r.before_name = before->first->jurisdiction + "@" + before->second.to_string();
  r.after_name = after->first->jurisdiction + "@" + after->second.to_string();
  Json j = Json::object();
  j.set("old", r.before_name);
  j.set("new", r.after_name);
  j.set("old_version", r.before_version);
  j.set("new_version", r.after_version);
  j.set("cells", r.cells);
  j.set("changed", r.changed);
  j.set("changes", groups_json(r.changes, v, true));
  j.set("text", policy::diff_to_text(r, v));
  return json_response(j);
}

// Cedar's JSON request shape: {"principal", "action", "resource", "context"}
// (entity uids as {"type", "id"}), with "entities" (Cedar's entity JSON),
// and optionally "policies" (Cedar text; else the configured policy file) and
// "schema" (Cedar schema text: the request and entities are validated
// against it, as the Cedar CLI does).
HttpResponse ServiceImpl::cedar_authorize(Call& call) {
  auto body = body_members(call, {{"policies", Json::Kind::String},
                                  {"schema", Json::Kind::String},
                                  {"request", Json::Kind::Object, true},
                                  {"entities", Json::Kind::Array}});
  if (!body) return problem(body.error());
  std::string policy_text;
  if (const Json* p = body->find("policies")) {
    policy_text = p->as_string();
  } else if (!options_.cedar_policies.empty()) {
    auto text = base::read_file(options_.cedar_policies);
    if (!text) return problem(text.error());
    policy_text = std::move(*text);
  } else {
    return problem(base::invalid_field("/policies",
                                       "no policy set is configured (serve "
                                       "--cedar-policies); send \"policies\""));
  }
  auto set = cedar::parse_policy_set(policy_text, cedar::PolicyIds::FromIdAnnotation);
  if (!set) return problem(base::invalid_field("/policies", set.error().describe()));
  std::optional<cedar::Schema> schema;
  if (const Json* s = body->find("schema")) {
    auto parsed = cedar::parse_schema_text(s->as_string());
    if (!parsed) return problem(base::invalid_field("/schema", parsed.error().describe()));
    schema = std::move(*parsed);
  }
  const cedar::Schema* sp = schema ? &*schema : nullptr;
  const Json* req = body->find("request");
  for (const auto& [key, value] : req->as_object()) {
    if (key != "principal" && key != "action" && key != "resource" && key != "context") {
      return problem(base::invalid_field(base::pointer_append("/request", key), "unknown field"));
    }
  }
  cedar::Request request;
  for (auto [key, slot] :
       {std::pair{"principal", &request.principal}, std::pair{"action", &request.action},
        std::pair{"resource", &request.resource}}) {
    const Json* uid = req->find(key);
    auto parsed = uid ? cedar::parse_entity_uid_json(uid->canonical())
                      : base::Result<cedar::EntityUid>(base::Error{"required"});
    if (!parsed) {
      return problem(base::invalid_field("/request/" + std::string(key), parsed.error().message));
    }
    *slot = std::move(*parsed);
  }
  request.context = cedar::Value::record({});
  if (const Json* ctx = req->find("context")) {
    auto parsed = cedar::parse_context_json(ctx->canonical(), sp, request.action);
    if (!parsed) return problem(base::invalid_field("/request/context", parsed.error().message));
    request.context = std::move(*parsed);
  }
  const Json* ents = body->find("entities");
  auto entities = cedar::parse_entities_json(ents ? ents->canonical() : "[]", sp);
  if (!entities) return problem(base::invalid_field("/entities", entities.error().message));
  if (schema) {
    cedar::Validator validator(*schema);
    if (auto s = validator.validate_request(request); !s) {
      return problem(base::invalid_field("/request", s.error().message));
    }
    if (auto s = validator.validate_entities(*entities); !s) {
      return problem(base::invalid_field("/entities", s.error().message));
    }
  }
  cedar::Authorizer authz(*set);
  cedar::Response resp = authz.authorize(request, *entities);
  Json j = Json::object();
  j.set("decision", resp.decision == cedar::Decision::Allow ? "allow" : "deny");
  Json& reason = j.set("reason", Json::array());
  for (const std::string& id : resp.reason) reason.push(id);
  Json& errors = j.set("errors", Json::array());
  for (const auto& e : resp.errors) {
    Json err = Json::object();
    err.set("policy", e.policy_id);
    err.set("message", e.message);
    errors.push(std::move(err));
  }
  return json_response(j);
}

// {"policies": Cedar text, "schema": Cedar schema text (default: the packs'
// schema, policies/schema.cedarschema)} -> {"valid", "errors", "warnings"},
// each problem {"policy", "line", "column", "message"}: strict validation,
// as `trustgate cedar validate` does. A policy text or schema that does not
// parse is a 400 naming /policies or /schema.
HttpResponse ServiceImpl::cedar_validate(Call& call) {
  auto body =
      body_members(call, {{"policies", Json::Kind::String, true}, {"schema", Json::Kind::String}});
  if (!body) return problem(body.error());
  auto set = cedar::parse_policy_set(body->find("policies")->as_string(),
                                     cedar::PolicyIds::FromIdAnnotation);
  if (!set) return problem(base::invalid_field("/policies", set.error().describe()));
  std::string schema_text;
  if (const Json* s = body->find("schema")) {
    schema_text = s->as_string();
  } else {
    auto text = base::read_file(library_->root() / "schema.cedarschema");
    if (!text) return problem(text.error());
    schema_text = std::move(*text);
  }
  auto schema = cedar::parse_schema_text(schema_text);
  if (!schema) return problem(base::invalid_field("/schema", schema.error().describe()));
  cedar::Validator validator(*schema);
  cedar::ValidationResult result = validator.validate_policies(*set);
  auto list = [](const std::vector<cedar::ValidationDiagnostic>& diagnostics) {
    Json out = Json::array();
    for (const cedar::ValidationDiagnostic& d : diagnostics) {
      Json dj = Json::object();
      dj.set("policy", d.policy_id);
      dj.set("line", static_cast<int64_t>(d.loc.line));
      dj.set("column", static_cast<int64_t>(d.loc.column));
      dj.set("message", d.message);
      out.push(std::move(dj));
    }
    return out;
  };
  Json j = Json::object();
  j.set("valid", result.passed());
  j.set("policies", static_cast<uint64_t>(set->policies().size()));
  j.set("errors", list(result.errors));
  j.set("warnings", list(result.warnings));
  return json_response(j);
}

}  // namespace trustgate::server
