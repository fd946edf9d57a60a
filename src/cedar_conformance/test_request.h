// The request of a test (an integration-test request or an item): a JSON
// object with `principal`, `action` and `resource` (each {"type", "id"} or
// {"__entity": ...}) and `context`, the context parsed against `schema` when
// not null. Shared by the corpus and item runners.
#pragma once

#include "cedar/request.h"
#include "cedar/result.h"
#include "cedar/schema.h"
#include "json/json_dom.h"

namespace cedar::conformance {

Result<Request> request_from_test(json::Element req, const Schema* schema);

}  // namespace cedar::conformance
