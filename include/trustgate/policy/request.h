// DecisionRequest: a validated request from federal authorities (the design's
// "Decision request" JSON).
//
// Validation rejects, with an error naming the field: a missing required
// field (received_at, jurisdiction, receiving_agency, requester.agency,
// instrument.type, actions, purpose), a value outside the vocabulary, a bad
// timestamp, a wrong JSON type, an unknown field (so that nothing the law
// forbids recording slips in), or a repeated action.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/result.h"
#include "trustgate/policy/date.h"
#include "trustgate/policy/vocabulary.h"

namespace trustgate::policy {

struct DecisionRequest {
  std::string id;           // optional client id; empty when absent
  std::string received_at;  // as given (RFC 3339)
  Date received_date;       // calendar date of received_at
  std::string jurisdiction;
  std::string receiving_agency;
  std::string instrument_form;   // optional, e.g. "I-247A"
  std::vector<uint8_t> actions;  // indexes into Vocabulary::actions, request order, unique
  Situation situation;
};

// Parses and validates one request (a JSON object).
cedar::Result<DecisionRequest> parse_request(std::string_view json, const Vocabulary& vocab);

// The request's JSON, canonical field order, as accepted (for records).
std::string request_to_json(const DecisionRequest& r, const Vocabulary& vocab);

}  // namespace trustgate::policy
