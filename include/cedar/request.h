// Request: the principal, action, resource and context being authorized.
#pragma once

#include "cedar/value.h"

namespace cedar {

struct Request {
  EntityUid principal;
  EntityUid action;
  EntityUid resource;
  Value context = Value::record({});  // always a Record
};

}  // namespace cedar
