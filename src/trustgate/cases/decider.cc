#include "trustgate/cases/decider.h"

#include <algorithm>

#include "trustgate/policy/decision.h"
#include "trustgate/policy/library.h"

namespace trustgate::cases {

namespace {

cedar::Error field_error(const std::string& field, const std::string& message) {
  return cedar::Error{field + ": " + message};
}

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

cedar::Status read_outcome(const common::Json& outcome, size_t i, DecisionRecord& out) {
  const std::string where = "outcomes[" + std::to_string(i) + "]";
  if (!outcome.is_object()) return field_error(where, "expected an object");
  std::string_view response = outcome.string_or_empty("response");
  if (response.empty()) return field_error(where + ".response", "required field missing");
  if (response == "refer_supervisor" || response == "refer_counsel") out.needs_supervisor = true;
  const common::Json* obligations = outcome.find("obligations");
  if (!obligations) return cedar::Status::Ok();
  if (!obligations->is_array()) return field_error(where + ".obligations", "expected an array");
  for (const common::Json& o : obligations->as_array()) {
    if (!o.is_string()) return field_error(where + ".obligations", "expected strings");
    const std::string& id = o.as_string();
    if (id.rfind("supervisor", 0) == 0) out.needs_supervisor = true;
    if (id == "supervisor_on_site") out.needs_on_site = true;
    if (std::find(out.obligations.begin(), out.obligations.end(), id) == out.obligations.end()) {
      out.obligations.push_back(id);
    }
  }
  return cedar::Status::Ok();
}

class PolicyDecider : public Decider {
 public:
  explicit PolicyDecider(std::shared_ptr<const policy::Library> library)
      : library_(std::move(library)) {}

  cedar::Result<DecidedRequest> decide(std::string_view request_json) override {
    auto raw = common::parse_json(request_json);
    if (!raw) return cedar::Error{"request: " + raw.error().message};
    if (auto s = check_unrecordable_fields(*library_, *raw); !s) return s.error();
    auto request = policy::parse_request(request_json, library_->vocabulary());
    if (!request) return request.error();
    auto decision = policy::decide(*library_, *request);
    if (!decision) return decision.error();
    auto record = read_decision(policy::decision_to_json(*decision, library_->vocabulary()));
    if (!record) return cedar::Error{"decision: " + record.error().message};
    return DecidedRequest{std::move(*raw), request->id, request->jurisdiction, request->received_at,
                          std::move(*record)};
  }

 private:
  std::shared_ptr<const policy::Library> library_;
};

}  // namespace

cedar::Result<DecisionRecord> read_decision(std::string_view json) {
  auto parsed = common::parse_json(json);
  if (!parsed) return parsed.error();
  if (!parsed->is_object()) return cedar::Error{"decision: expected a JSON object"};
  DecisionRecord out;
  out.policy_version = parsed->string_or_empty("policy_version");
  if (out.policy_version.empty()) return field_error("policy_version", "required field missing");
  if (parsed->string_or_empty("jurisdiction").empty()) {
    return field_error("jurisdiction", "required field missing");
  }
  const common::Json* outcomes = parsed->find("outcomes");
  if (!outcomes || !outcomes->is_array() || outcomes->as_array().empty()) {
    return field_error("outcomes", "expected a non-empty array");
  }
  for (size_t i = 0; i < outcomes->as_array().size(); ++i) {
    if (auto s = read_outcome(outcomes->as_array()[i], i, out); !s) return s.error();
  }
  out.decision = std::move(*parsed);
  return out;
}

cedar::Status check_unrecordable_fields(const policy::Library& library,
                                        const common::Json& request) {
  std::string_view jurisdiction = request.string_or_empty("jurisdiction");
  auto chain = library.chain(jurisdiction);
  if (!chain) return cedar::Status::Ok();  // the request parser reports the unknown jurisdiction
  for (const auto& pack : chain->packs) {
    for (const std::string& field : pack->unrecordable_fields) {
      if (at_path(request, field)) {
        return field_error(field, "must not be recorded: the law of " + pack->id + " (" +
                                      pack->name + ") forbids keeping it; remove it and resubmit");
      }
    }
  }
  return cedar::Status::Ok();
}

std::unique_ptr<Decider> make_policy_decider(std::shared_ptr<const policy::Library> library) {
  return std::make_unique<PolicyDecider>(std::move(library));
}

}  // namespace trustgate::cases
