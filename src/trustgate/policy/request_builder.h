// RequestBuilder: assembles a DecisionRequest from one or more JSON objects
// applied in order (a scenario file's defaults, then the scenario's own
// fields), then checks that every required field was given.
#pragma once

#include <simdjson.h>

#include <string>

#include "cedar/result.h"
#include "trustgate/policy/request.h"

namespace trustgate::policy {

class RequestBuilder {
 public:
  explicit RequestBuilder(const Vocabulary& vocab) : vocab_(vocab) {}

  // Applies the fields of a JSON object; later objects override earlier ones
  // field by field (nested objects member by member).
  cedar::Status apply(simdjson::dom::element object);
  // Checks required fields and fills defaults (signed_by from the instrument
  // type, absent facts false).
  cedar::Result<DecisionRequest> finish();

 private:
  cedar::Status apply_field(std::string_view key, simdjson::dom::element value);
  cedar::Status apply_requester(simdjson::dom::element value);
  cedar::Status apply_instrument(simdjson::dom::element value);
  cedar::Status apply_subject(simdjson::dom::element value);
  cedar::Status apply_facts(simdjson::dom::element value);
  cedar::Status apply_actions(simdjson::dom::element value);
  // The fields added for the laws' distinctions (docs/policies.md).
  cedar::Status apply_convictions(simdjson::dom::element value);
  cedar::Status apply_interview_mode(simdjson::dom::element value);

  const Vocabulary& vocab_;
  DecisionRequest r_;
  bool has_received_at_ = false, has_jurisdiction_ = false, has_agency_ = false;
  bool has_requester_ = false, has_instrument_ = false, has_signer_ = false;
  bool has_actions_ = false, has_purpose_ = false;
};

}  // namespace trustgate::policy
