// Decision: per requested action, whether compliance is required,
// prohibited, discretionary or in conflict between layers of law, with the
// policies that decided it and the obligations that follow.
//
// For each action A the Law answers two Cedar questions with Cedar's rules
// (a satisfied forbid denies, else a satisfied permit allows, else deny; a
// policy whose evaluation errors is not satisfied and is reported; permits
// are not evaluated once a forbid holds):
//   do A allowed, refuse_A denied -> required       (response comply)
//   do A denied,  refuse_A allowed -> prohibited     (decline)
//   both allowed                  -> discretionary   (refer_supervisor)
//   both denied                   -> conflict        (refer_counsel)
// `because` lists the determining policies of the deciding side(s): the
// refusal's forbids (required), the action's forbids (prohibited), both
// sides' permits (discretionary), both sides' forbids (conflict).
// Obligations are the union of the @obligation of those policies.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/request.h"
#include "cedar/result.h"
#include "trustgate/common/json.h"
#include "trustgate/policy/library.h"
#include "trustgate/policy/request.h"

namespace trustgate::policy {

enum class Compliance : uint8_t { Required, Prohibited, Discretionary, Conflict };

std::string_view compliance_name(Compliance c);  // "required", ...
std::string_view response_name(Compliance c);    // "comply", "decline", ...
std::optional<Compliance> parse_compliance(std::string_view name);

// Cedar's answer to one question.
struct Answer {
  bool allowed = false;
  std::vector<const Provision*> determining;
  std::vector<std::string> errors;  // "policy-id: message"
};

struct Outcome {
  uint8_t action = 0;
  Compliance compliance = Compliance::Conflict;
  std::vector<const Provision*> because;
  std::vector<std::string_view> obligations;  // point into the provisions
  std::vector<std::string> errors;
  // A denied side was denied by default (no policy permitted it): the packs
  // do not decide this request; `policy check` reports such cells.
  bool undetermined = false;
  // Conflict only: the policy of a higher layer whose text expressly preempts
  // the lower layer's contrary rule (its @preempts citation says why), or
  // null. The outcome stays a conflict (refer_counsel).
  const Provision* likely_prevails = nullptr;
};

struct Decision {
  std::string request_id;
  std::string jurisdiction;
  std::string policy_version;
  std::string decided_at;  // RFC 3339, UTC
  Date law_date;           // the date whose law was applied (local to the jurisdiction)
  const ChainAgency* agency = nullptr;  // the receiving agency; null for a chain with no registry
  std::vector<Outcome> outcomes;
  std::shared_ptr<const Chain> chain;  // keeps the provisions `because` points to alive
  const Law* law = nullptr;
};

// Asks one question. `request.action` is ignored: the Law routes by question.
Answer ask(const Law& law, Question q, const cedar::Request& request);
// The same for one compiled question of `law` (e.g. law.disclose_question).
Answer ask(const Law& law, const CompiledQuestion& question, const cedar::Request& request);

// Decides one action for a request whose context is already built.
Outcome decide_action(const Law& law, uint8_t action, const cedar::Request& request);

struct DecideOptions {
  std::optional<Date> at;  // decide under the law of this date instead of received_at's
};

// Decides every action of a validated request under the law binding its
// receiving agency on the request's local date. Fails when the jurisdiction
// is unknown, or the agency is not in its registry (errors naming the field
// and listing the known values).
cedar::Result<Decision> decide(const Library& library, const DecisionRequest& request,
                               const DecideOptions& options = {});

// decide() in its two steps. applicable_law(): the decision without its
// outcomes or time: the law (and version, date and agency) the request is
// decided under, with decide()'s errors. decide_under(): the outcomes of
// every requested action under that law, and the time. The outcomes are a
// function of the law, the receiving agency, the request's id (the Cedar
// resource), its situation and its actions only (replay relies on it).
cedar::Result<Decision> applicable_law(const Library& library, const DecisionRequest& request,
                                       const DecideOptions& options = {});
void decide_under(Decision& d, const Library& library, const DecisionRequest& request);

// The design's decision JSON, as a value (what a case records).
common::Json decision_record(const Decision& d, const Vocabulary& vocab);

// decision_record() in canonical form (one line), written straight from the
// decision (no tree built).
std::string decision_to_json(const Decision& d, const Vocabulary& vocab);

// One entry of an outcome's "because" list as decision_to_json writes it
// (the pack loader keeps it as Provision::because_json).
std::string because_json(const Provision& p);

// A rendering for a desk officer: per action what to do, why, and what
// follows.
std::string decision_to_text(const Decision& d, const Vocabulary& vocab);

}  // namespace trustgate::policy
