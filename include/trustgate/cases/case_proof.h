// A case's inclusion proofs: what `trustgate ledger prove` prints and
// `GET /v1/cases/{id}/proof` returns, checked offline by
// tools/verify_ledger.py --proof and in the browser.
#pragma once

#include <string>

#include "base/result.h"
#include "trustgate/cases/case.h"
#include "trustgate/common/json.h"
#include "trustgate/ledger/ledger.h"

namespace trustgate::cases {

// {"case", "checkpoint" (the latest checkpoint's note text), "verifier_key",
//  "proofs": [ledger::inclusion_json of each entry]}:
// one RFC 9162 audit path per entry of the case, against the checkpoint.
base::Result<common::Json> case_proof(const ledger::Ledger& ledger, const Case& c,
                                      const std::string& verifier_key);

}  // namespace trustgate::cases
