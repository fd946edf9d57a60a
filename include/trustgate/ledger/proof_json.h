// The ledger's proofs as JSON, as the CLI prints them and the API returns
// them (hashes in base64):
//   inclusion:   {"seq", "size", "entry", "leaf_hash", "audit_path": [...]}
//   consistency: {"old_size", "new_size", "old_root", "new_root", "proof": [...]}
#pragma once

#include <cstdint>

#include "base/result.h"
#include "trustgate/common/json.h"
#include "trustgate/ledger/ledger.h"

namespace trustgate::ledger {

base::Result<common::Json> inclusion_json(const Ledger& ledger, uint64_t seq, uint64_t size);
base::Result<common::Json> consistency_json(const Ledger& ledger, uint64_t old_size,
                                            uint64_t new_size);

}  // namespace trustgate::ledger
