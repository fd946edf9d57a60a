// DecisionRequest: a validated request from federal authorities (the design's
// "Decision request" JSON).
//
// Validation rejects, with an InvalidArgument error whose field is the JSON
// Pointer of the bad member ("/instrument/type"): a missing required field
// (received_at, jurisdiction, receiving_agency, requester.agency,
// instrument.type, actions, purpose), a value outside the vocabulary, a bad
// or implausible timestamp (a date before 1990 or after 2200), a wrong JSON
// type, an unknown field (so that nothing the law forbids recording slips
// in), a repeated action, or text that is too long, not valid UTF-8, or
// holds control characters (base/text.h). The full intake, with the checks
// that need the jurisdiction's law and the clock, is intake/intake.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/result.h"
#include "trustgate/policy/date.h"
#include "trustgate/policy/vocabulary.h"

namespace simdjson::dom {
class element;
}

namespace trustgate::policy {

// Limits on the request's free-text fields, in UTF-8 bytes.
inline constexpr size_t kMaxIdBytes = 128;     // id
inline constexpr size_t kMaxAgencyBytes = 64;  // jurisdiction, receiving_agency
inline constexpr size_t kMaxFormBytes = 32;    // instrument.form

struct DecisionRequest {
  std::string id;            // optional client id; empty when absent
  std::string received_at;   // as given (RFC 3339)
  Date received_date;        // calendar date of received_at, as written
  int64_t received_utc = 0;  // the instant of received_at, seconds since 1970 UTC
  std::string jurisdiction;
  std::string receiving_agency;
  std::string instrument_form;   // optional, e.g. "I-247A"
  std::vector<uint8_t> actions;  // indexes into Vocabulary::actions, request order, unique
  Situation situation;
};

// Parses and validates one request (a JSON object).
cedar::Result<DecisionRequest> parse_request(std::string_view json, const Vocabulary& vocab);
// The same for a request simdjson parsed already.
cedar::Result<DecisionRequest> parse_request(const simdjson::dom::element& root,
                                             const Vocabulary& vocab);

// The request's JSON, canonical field order, as accepted (for records).
std::string request_to_json(const DecisionRequest& r, const Vocabulary& vocab);

}  // namespace trustgate::policy
