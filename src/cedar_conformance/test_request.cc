#include "cedar_conformance/test_request.h"

namespace cedar::conformance {

Result<Request> request_from_test(json::Element req, const Schema* schema) {
  json::Element p, a, r, c;
  if (!json::member(req, "principal", p) || !json::member(req, "action", a) ||
      !json::member(req, "resource", r)) {
    return Error{"needs principal, action and resource"};
  }
  auto principal = json::uid_from_dom(p, "principal");
  if (!principal) return principal.error();
  auto action = json::uid_from_dom(a, "action");
  if (!action) return action.error();
  auto resource = json::uid_from_dom(r, "resource");
  if (!resource) return resource.error();
  if (!json::member(req, "context", c)) return Error{"no context"};
  auto context = json::context_from_dom(c, schema, *action);
  if (!context) return context.error();
  return Request{*principal, *action, *resource, std::move(*context)};
}

}  // namespace cedar::conformance
