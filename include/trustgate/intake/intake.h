// Intake: the one way a decision request enters trustgate. `decide`,
// `case submit` and the server all call parse_request(); so they accept and
// refuse the same requests with the same messages.
//
// In order, refusing at the first problem with an InvalidArgument error
// whose field is the JSON Pointer of the bad member:
//  1. the text is one JSON object, at most kMaxRequestBytes, with no key
//     repeated and integers only;
//  2. minimization: no member the jurisdiction's law forbids recording
//     (pack.json "unrecordable_fields"), the error citing that law;
//  3. every field as policy/request.h says (vocabularies, limits);
//  4. received_at no later than a day after `now`.
// Nothing is recorded for a refused request: callers record only an Intake.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/result.h"
#include "trustgate/common/json.h"
#include "trustgate/policy/library.h"
#include "trustgate/policy/request.h"

namespace trustgate::intake {

inline constexpr size_t kMaxRequestBytes = size_t{32} << 10;  // its entry must fit in 64 KiB
inline constexpr int64_t kMaxClockSkewSeconds = 24 * 3600;

struct Intake {
  policy::DecisionRequest request;
  common::Json record;  // the request as received (it passed every check): what a case keeps
};

// Whether the caller keeps the request as received (a case does); a
// decision alone needs only the validated request, and its record stays
// null. The checks are the same either way.
enum class Keep { Record, RequestOnly };

// `now`: the current Unix time in seconds (base::now_unix_seconds()).
base::Result<Intake> parse_request(std::string_view text, const policy::Library& library,
                                   int64_t now, Keep keep = Keep::Record);

}  // namespace trustgate::intake
