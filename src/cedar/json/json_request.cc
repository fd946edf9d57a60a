// parse_request_json and parse_template_links_json (cedar/json.h): the
// request and template-link files of the Cedar CLI.
#include <string>

#include "cedar/json.h"
#include "cedar/parser.h"
#include "json/json_dom.h"

namespace cedar {

namespace {

using json::Element;

// An entity uid as JSON ({"type", "id"} or {"__entity": ...}) or as a JSON
// string in Cedar syntax; errors start with `field`.
Result<EntityUid> uid_field(Element el, const std::string& field) {
  std::string_view text;
  if (!el.get_string().get(text)) {
    auto uid = parse_entity_uid(text);
    if (!uid) return Error{field + ": " + uid.error().describe()};
    return uid;
  }
  return json::uid_from_dom(el, field);
}

Result<EntityUid> member_uid(Element obj, const char* key) {
  Element el;
  if (!json::member(obj, key, el)) return Error{std::string("missing `") + key + "`"};
  return uid_field(el, key);
}

std::string string_member(Element el, const char* key) {
  std::string_view s;
  if (el[key].get_string().get(s)) return {};
  return std::string(s);
}

Result<TemplateLinkSpec> link_from_dom(Element link) {
  TemplateLinkSpec spec{string_member(link, "template_id"), string_member(link, "link_id"), {}};
  Element args;
  if (spec.template_id.empty() || spec.link_id.empty() || !json::member(link, "args", args)) {
    return Error{"each link needs `template_id`, `link_id` (strings) and `args`"};
  }
  if (!args.is_object()) return Error{"link `" + spec.link_id + "`: `args` must be an object"};
  for (auto [key, val] : json::as_object(args)) {
    SlotId slot = SlotId::Principal;
    if (key == "?resource") {
      slot = SlotId::Resource;
    } else if (key != "?principal") {
      return Error{"link `" + spec.link_id + "`: unknown slot `" + std::string(key) +
                   "` (the slots are ?principal and ?resource)"};
    }
    auto uid = uid_field(val, std::string(key));
    if (!uid) return Error{"link `" + spec.link_id + "`: " + uid.error().message};
    spec.values[slot] = std::move(*uid);
  }
  return spec;
}

}  // namespace

Result<Request> parse_request_json(std::string_view text, const Schema* schema) {
  json::DomLease dom;
  auto el = dom.parse(text);
  if (!el) return el.error();
  if (!el->is_object()) return Error{"a request must be a JSON object"};
  auto principal = member_uid(*el, "principal");
  if (!principal) return principal.error();
  auto action = member_uid(*el, "action");
  if (!action) return action.error();
  auto resource = member_uid(*el, "resource");
  if (!resource) return resource.error();
  Request request{*principal, *action, *resource, Value::record({})};
  Element context;
  if (json::member(*el, "context", context)) {
    auto ctx = json::context_from_dom(context, schema, request.action);
    if (!ctx) return ctx.error();
    request.context = std::move(*ctx);
  }
  return request;
}

Result<std::vector<TemplateLinkSpec>> parse_template_links_json(std::string_view text) {
  json::DomLease dom;
  auto el = dom.parse(text);
  if (!el) return el.error();
  if (!el->is_array()) return Error{"expected a JSON array of template links"};
  std::vector<TemplateLinkSpec> links;
  for (Element link : json::as_array(*el)) {
    auto spec = link_from_dom(link);
    if (!spec) return spec.error();
    links.push_back(std::move(*spec));
  }
  return links;
}

}  // namespace cedar
