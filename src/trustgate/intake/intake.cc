#include "trustgate/intake/intake.h"

#include <simdjson.h>

#include "base/text.h"
#include "trustgate/policy/date.h"

namespace trustgate::intake {

namespace {

// Whether the document has a member at a dotted path ("subject.citizenship").
bool has_path(simdjson::dom::element node, std::string_view path) {
  while (true) {
    size_t dot = path.find('.');
    simdjson::dom::object object;
    if (node.get_object().get(object)) return false;
    if (object.at_key(path.substr(0, dot)).get(node)) return false;
    if (dot == std::string_view::npos) return true;
    path.remove_prefix(dot + 1);
  }
}

std::string pointer_of(std::string_view dotted) {
  std::string out;
  while (true) {
    size_t dot = dotted.find('.');
    out = base::pointer_append(out, dotted.substr(0, dot));
    if (dot == std::string_view::npos) return out;
    dotted.remove_prefix(dot + 1);
  }
}

// Data minimization: the members the jurisdiction's packs forbid recording.
base::Status check_unrecordable(const policy::Library& library, simdjson::dom::element request) {
  std::string_view jurisdiction;
  if (request["jurisdiction"].get(jurisdiction)) jurisdiction = {};
  auto chain = library.chain(jurisdiction);
  if (!chain) return base::Status::Ok();  // the request parser names the unknown jurisdiction
  for (const auto& pack : chain->packs) {
    for (const std::string& field : pack->unrecordable_fields) {
      if (has_path(request, field)) {
        return base::invalid_field(
            pointer_of(field), "must not be recorded: the law of " + pack->id + " (" + pack->name +
                                   ") forbids keeping it; remove it and submit again");
      }
    }
  }
  return base::Status::Ok();
}

}  // namespace

base::Result<Intake> parse_request(std::string_view text, const policy::Library& library,
                                   int64_t now, Keep keep) {
  if (text.size() > kMaxRequestBytes) {
    return base::invalid_field("", "the request is " + std::to_string(text.size()) +
                                       " bytes; at most " + std::to_string(kMaxRequestBytes));
  }
  // One parse serves every step; this thread's parser keeps its buffers (a
  // request is at most kMaxRequestBytes).
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(text.data(), text.size()).get(root)) {
    return base::invalid_field("", std::string("not valid JSON: ") + simdjson::error_message(err));
  }
  Intake out;
  if (keep == Keep::Record) {
    auto record = common::json_of_element(root);
    if (!record) return record.error();
    out.record = std::move(*record);
  } else if (auto s = common::check_json_element(root); !s) {
    return s.error();
  }
  if (!root.is_object()) return base::invalid_field("", "expected a JSON object");
  if (auto s = check_unrecordable(library, root); !s) return s.error();
  auto request = policy::parse_request(root, library.vocabulary());
  if (!request) return request.error();
  auto instant = policy::parse_timestamp_unix(request->received_at);
  if (!instant) return base::invalid_field("/received_at", instant.error().message);
  if (*instant > now + kMaxClockSkewSeconds) {
    return base::invalid_field("/received_at", "is in the future (" + request->received_at + ")");
  }
  out.request = std::move(*request);
  return out;
}

}  // namespace trustgate::intake
