// Decider: how the case workflow gets a decision for a request, through a
// narrow interface so the workflow does not depend on how deciding works.
//
// PolicyDecider is the real one: intake (data minimization, then the policy
// layer's request validation), then the policy layer's decide(). Tests of
// the workflow may use a decider that returns a fixed decision JSON.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/result.h"
#include "trustgate/common/json.h"

namespace trustgate::policy {
class Library;
}

namespace trustgate::cases {

// A decision in the design's Decision JSON form, with what the workflow
// needs from it.
struct DecisionRecord {
  common::Json
      decision;  // {"request_id", "jurisdiction", "policy_version", "decided_at", "outcomes"}
  std::string policy_version;
  std::vector<std::string> obligations;  // union over outcomes, in first-seen order
  // An outcome needs a supervisor: its response is refer_supervisor or
  // refer_counsel, or it carries an obligation whose id starts with
  // "supervisor" (supervisor_review, supervisor_on_site).
  bool needs_supervisor = false;
  bool needs_on_site = false;  // the obligation supervisor_on_site
};

// Reads a decision JSON (the design's format). Errors name the field.
cedar::Result<DecisionRecord> read_decision(std::string_view json);

// A validated request and its decision.
struct DecidedRequest {
  common::Json request;  // as received (validated), for the record
  std::string client_id;
  std::string jurisdiction;
  std::string received_at;
  DecisionRecord decision;
};

class Decider {
 public:
  virtual ~Decider() = default;
  // Validates and decides a request. A rejected request is an error naming
  // the field; nothing may be recorded for it.
  virtual cedar::Result<DecidedRequest> decide(std::string_view request_json) = 0;
};

// Data minimization: the subject fields a jurisdiction's packs forbid
// recording. An error naming the first such field present in `request`
// (dotted path, e.g. "subject.immigration_status") and the pack's law.
cedar::Status check_unrecordable_fields(const policy::Library& library,
                                        const common::Json& request);

std::unique_ptr<Decider> make_policy_decider(std::shared_ptr<const policy::Library> library);

}  // namespace trustgate::cases
