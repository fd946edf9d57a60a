#include "trustgate/disclose/release_plan.h"

#include "base/json_string.h"
#include "cedar/request.h"
#include "trustgate/policy/decision.h"

namespace trustgate::disclose {

namespace {

Ground make_ground(std::string rule, std::string cite, std::string explain) {
  Ground g{std::move(rule), std::move(cite), std::move(explain), "", ""};
  g.marker = "[withheld: " + g.cite + "]";
  base::append_json_string(g.marker_json, g.marker);
  return g;
}

// The ground of an answer: of its determining policies, the first of the
// most specific layer (the rule a reader of the release is pointed to).
const policy::Provision* deciding(const policy::Answer& a) {
  if (a.determining.empty()) return nullptr;
  const std::string& pack = a.determining.back()->pack;
  for (const policy::Provision* p : a.determining) {
    if (p->pack == pack) return p;
  }
  return a.determining.back();
}

}  // namespace

base::Result<ReleasePlan> plan_release(const policy::Library& library,
                                       const DisclosureRequest& request) {
  const policy::Vocabulary& vocab = library.vocabulary();
  auto chain = library.chain(request.jurisdiction);
  if (!chain) {
    std::string known;
    for (const std::string& j : library.jurisdictions()) known += (known.empty() ? "" : ", ") + j;
    return base::invalid_field("/jurisdiction", "unknown jurisdiction \"" + request.jurisdiction +
                                                    "\" (one of: " + known + ")");
  }
  const policy::ChainAgency* agency = chain->find_agency(request.receiving_agency);
  if (agency == nullptr) {
    return base::invalid_field("/receiving_agency",
                               "\"" + request.receiving_agency + "\" is not an agency of " +
                                   request.jurisdiction + " (one of: " + chain->agency_ids() + ")");
  }
  const policy::Date date = chain->local_date(request.received_unix, policy::today_utc());
  const policy::Law& law = chain->at(date, *agency);

  ReleasePlan plan;
  plan.chain = chain;
  plan.policy_version = law.policy_version;
  plan.grounds.push_back(make_ground(
      "", "not in the record schema",
      "The record schema of this record type does not name this field, so its class is unknown "
      "and it is withheld."));
  plan.grounds.push_back(make_ground(
      "", "no record schema",
      "The record names no known record type (record_type), so none of its fields can be "
      "classified; all are withheld."));
  plan.grounds.push_back(make_ground("", "not a record",
                                     "The line is not a JSON object (or the CSV row is "
                                     "malformed); it is withheld in full."));
  plan.grounds.push_back(make_ground(
      "", "no rule permits this release",
      "No policy of this jurisdiction permits releasing this class of field to this recipient, "
      "so it is withheld."));
  std::vector<const policy::Provision*> ground_rules;

  const auto& terms = vocab.release;
  plan.classes = terms.field_classes.values.size();
  plan.decisions.resize(terms.record_types.values.size() * plan.classes);
  cedar::Request cedar_request;
  cedar_request.principal = cedar::EntityUid{"Agency", request.receiving_agency};
  cedar_request.action = terms.disclose_uid;
  cedar_request.resource =
      cedar::EntityUid{"RecordRelease", request.id.empty() ? "release" : request.id};
  policy::ReleaseSituation s;
  s.agency_kind = agency->entry->kind;
  s.recipient = request.recipient;
  s.instrument = request.instrument;
  s.purpose = request.purpose;
  s.written_consent = request.written_consent;
  for (size_t t = 0; t < terms.record_types.values.size(); ++t) {
    for (size_t c = 0; c < plan.classes; ++c) {
      s.record_type = static_cast<uint8_t>(t);
      s.field_class = static_cast<uint8_t>(c);
      cedar_request.context = vocab.release_context(s);
      const policy::Answer a = policy::ask(law, law.disclose_question, cedar_request);
      ClassDecision d;
      d.released = a.allowed;
      if (const policy::Provision* p = deciding(a)) {
        size_t g = 0;
        while (g < ground_rules.size() && ground_rules[g] != p) ++g;
        if (g == ground_rules.size()) {
          ground_rules.push_back(p);
          plan.grounds.push_back(make_ground(p->id, p->cite, p->explain));
        }
        d.ground = static_cast<uint16_t>(kGroundNoPermission + 1 + g);
      }
      plan.decisions[t * plan.classes + c] = d;
    }
  }
  return plan;
}

}  // namespace trustgate::disclose
