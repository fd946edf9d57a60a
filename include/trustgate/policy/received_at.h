// A request's received_at member (request.h): an RFC 3339 timestamp of a
// plausible date, kept as written, with its calendar date as written and
// its instant. parse_request() applies it; a reader that reuses a parsed
// request for another received_at (replay) applies it the same way.
#pragma once

#include <string_view>

#include "cedar/result.h"
#include "trustgate/policy/request.h"

namespace trustgate::policy {

// Sets r.received_at, received_date and received_utc from `text`, or fails
// (field "/received_at") as parse_request() would.
cedar::Status set_received_at(DecisionRequest& r, std::string_view text);

}  // namespace trustgate::policy
