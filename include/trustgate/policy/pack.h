// Pack: one layer of law (a folder under policies/): pack.json, Cedar
// policies with legal annotations, and scenario tests.
//
// Invariants after load_pack():
//  - every policy's id is its @id annotation, prefixed by "<pack id>/";
//  - every policy has non-empty @id, @cite and @explain, and only the known
//    annotations (id, cite, explain, obligation, effective_from, effective_to,
//    preempts, meanwhile);
//  - every agency of the registry has a kind of the vocabulary and binding
//    layers that end with the pack declaring it (checked against the chain
//    when the library builds it).
//  - provisions[i] describes policies[i], and its questions list exactly the
//    Cedar questions (action, do or refuse) the policy's scope can match;
//  - no policy is a template.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cedar/policy.h"
#include "cedar/result.h"
#include "trustgate/policy/date.h"
#include "trustgate/policy/vocabulary.h"

namespace trustgate::policy {

// One of the two Cedar questions asked for an action.
struct Question {
  uint8_t action = 0;
  bool refuse = false;  // false: "may the agency do it?"; true: "may it refuse?"
  friend bool operator==(const Question&, const Question&) = default;
};

// The legal side of one policy: where it comes from, what it cites, how it
// explains itself, and what it obliges.
struct Provision {
  std::string id;     // "us-il/trust-act-no-detainer-hold"
  std::string pack;   // "us-il"
  std::string layer;  // "state"
  std::string cite;   // "5 ILCS 805/15"
  std::string explain;
  std::vector<std::string> obligations;
  DateRange in_force;  // the policy's own dates; the pack's dates apply too
  std::string file;    // e.g. "trust-act.cedar"
  uint32_t line = 0;
  std::vector<Question> questions;
  // The policy answers the disclosure guard's question (action disclose).
  bool discloses = false;
  // @preempts: set on a mandate or prohibition of a higher layer whose text
  // expressly preempts contrary rules of lower layers; holds the citation of
  // that preemption (the statute, and a decision upholding it). Empty if none.
  std::string preempts;
  // @meanwhile: what an officer does while counsel decides a conflict this
  // policy is part of (e.g. when release time comes first). Empty if none.
  std::string meanwhile;
  // The provision as a decision cites it in its "because" list
  // (policy::because_json), rendered once when the pack loads.
  std::string because_json;
};

// One receiving agency of a jurisdiction's registry (pack.json `agencies`).
struct AgencyEntry {
  std::string id;                   // "cook-county-sheriff"
  std::string name;                 // "Cook County Sheriff's Office (Cook County Jail)"
  uint8_t kind = 0;                 // Vocabulary::agency_kinds
  std::vector<std::string> layers;  // pack ids whose law binds it, most general first
  // Stands for any agency of its kind with no more specific layer modelled;
  // known only when its own pack is the jurisdiction asked about.
  bool placeholder = false;
  std::string pack;  // the pack declaring it
};

// The case events a deadline counts from or is met by: "received" (the
// request's received_at) and the dispositions of cases/case.h.
inline constexpr std::array<std::string_view, 7> kDeadlineEvents = {
    "received", "released", "held", "transferred", "notified", "notice_given", "bail_posted"};

// A time limit on an obligation: `hours` after the first case event `from`,
// met by the first of the events `met_by` (not "received") that follows;
// with skip_weekends, hours on Saturdays and Sundays are not counted.
struct ObligationDeadline {
  int64_t hours = 0;  // 1 to 8760
  std::string from;
  std::vector<std::string> met_by;
  bool skip_weekends = false;
};

// An obligation a policy attaches (@obligation), as pack.json defines it:
// either "id": "instruction", or "id": {"text": "instruction", "sign_off":
// "supervisor" | "counsel", "on_site": true, "deadline": {"hours": 48,
// "from": "held", "met_by": ["released", "transferred"], "skip_weekends":
// true}} when the obligation puts a case before a person of that role (on
// site, when on_site) before it may close, or must be met in time.
struct Obligation {
  std::string id;
  std::string text;
  std::string sign_off;  // "", "supervisor" or "counsel"
  bool on_site = false;
  std::optional<ObligationDeadline> deadline;
};

struct Pack {
  std::string id;
  std::string name;
  std::optional<std::string> parent;  // absent for the most general layer
  std::string layer;                  // federal, state, county, city or agency
  DateRange in_force;
  std::string disclaimer;
  std::vector<std::string> unrecordable_fields;
  std::vector<Obligation> obligations;
  std::vector<AgencyEntry> agencies;
  // IANA time zone whose calendar dates the pack's effective dates are; empty
  // when the pack declares none (`null`).
  std::string time_zone;
  // pack.json "context_only": true — the layer holds a registry and sources
  // but no policy (no enacted law of this layer was verified); such a pack
  // must have no .cedar policies, and every other pack must have some.
  bool context_only = false;
  std::filesystem::path directory;
  std::string digest;  // SHA-256 (hex) of pack.json and the .cedar files, in name order
  std::vector<cedar::Policy> policies;
  std::vector<Provision> provisions;

  // The obligation `id` as this pack defines it, or null.
  const Obligation* obligation(const std::string& id) const;
};

// The words every pack's disclaimer must contain.
inline constexpr std::string_view kDisclaimer = "a model of the law, not legal advice";

// Loads the pack in `dir`. Errors name the file (and line for Cedar errors).
cedar::Result<Pack> load_pack(const std::filesystem::path& dir, const Vocabulary& vocab);

}  // namespace trustgate::policy
