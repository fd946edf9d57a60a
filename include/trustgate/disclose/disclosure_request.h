// DisclosureRequest: what a release of records answers (docs/disclosure.md):
//   {"id": "FOIA-2025-0142", "received_at": "2025-02-03T09:00:00-06:00",
//    "jurisdiction": "us-il-chicago", "receiving_agency": "chicago-police",
//    "recipient": "ice", "purpose": "civil_immigration_enforcement",
//    "instrument": "none", "written_consent": false, "record_type": "booking"}
// id, received_at (default: now), written_consent (default false) and
// record_type (the type of records that do not name theirs, e.g. a CSV
// without a record_type column) are optional. Unknown members are refused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "trustgate/common/json.h"
#include "trustgate/policy/library.h"

namespace trustgate::disclose {

inline constexpr size_t kMaxRequestIdBytes = 200;

struct DisclosureRequest {
  std::string id;
  std::string received_at;  // as given; empty when absent
  int64_t received_unix = 0;
  std::string jurisdiction;
  std::string receiving_agency;
  uint8_t recipient = 0;   // Vocabulary::release.recipients
  uint8_t purpose = 0;     // Vocabulary::purposes
  uint8_t instrument = 0;  // Vocabulary::release.instruments
  bool written_consent = false;
  std::optional<uint8_t> record_type;  // Vocabulary::release.record_types

  // The request as recorded in the ledger (names, not indexes).
  common::Json to_json(const policy::Vocabulary& vocab) const;
};

// Parses and checks a request against the vocabulary: errors name the member
// as a JSON Pointer. `now_unix` is the time when received_at is absent.
// Whether the jurisdiction and agency exist is checked by plan_release().
base::Result<DisclosureRequest> parse_disclosure_request(std::string_view text,
                                                         const policy::Vocabulary& vocab,
                                                         int64_t now_unix);
base::Result<DisclosureRequest> disclosure_request_from_json(const common::Json& json,
                                                             const policy::Vocabulary& vocab,
                                                             int64_t now_unix);

}  // namespace trustgate::disclose
