#include "trustgate/intake/intake.h"

#include "base/text.h"
#include "trustgate/policy/date.h"

namespace trustgate::intake {

namespace {

// The member at a dotted path ("subject.citizenship"), or null.
const common::Json* at_path(const common::Json& root, std::string_view path) {
  const common::Json* node = &root;
  while (node) {
    size_t dot = path.find('.');
    node = node->find(path.substr(0, dot));
    if (dot == std::string_view::npos) return node;
    path.remove_prefix(dot + 1);
  }
  return nullptr;
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
base::Status check_unrecordable(const policy::Library& library, const common::Json& request) {
  std::string_view jurisdiction = request.string_or_empty("jurisdiction");
  auto chain = library.chain(jurisdiction);
  if (!chain) return base::Status::Ok();  // the request parser names the unknown jurisdiction
  for (const auto& pack : chain->packs) {
    for (const std::string& field : pack->unrecordable_fields) {
      if (at_path(request, field)) {
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
                                   int64_t now) {
  if (text.size() > kMaxRequestBytes) {
    return base::invalid_field("", "the request is " + std::to_string(text.size()) +
                                       " bytes; at most " + std::to_string(kMaxRequestBytes));
  }
  auto record = common::parse_json(text);
  if (!record) return record.error();
  if (!record->is_object()) return base::invalid_field("", "expected a JSON object");
  if (auto s = check_unrecordable(library, *record); !s) return s.error();
  auto request = policy::parse_request(text, library.vocabulary());
  if (!request) return request.error();
  auto instant = policy::parse_timestamp_unix(request->received_at);
  if (!instant) return base::invalid_field("/received_at", instant.error().message);
  if (*instant > now + kMaxClockSkewSeconds) {
    return base::invalid_field("/received_at", "is in the future (" + request->received_at + ")");
  }
  return Intake{std::move(*request), std::move(*record)};
}

}  // namespace trustgate::intake
