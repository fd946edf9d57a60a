// Verifying a whole ledger directory, as an auditor would: every entry is
// canonical JSON with "seq" equal to its line number, every tree head in
// heads.log has the ledger's origin, non-decreasing sizes and the root of the
// entries it covers, the last head's signature is valid, and (optionally) an
// older head kept by the auditor is consistent with the log.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "cedar/result.h"
#include "trustgate/common/crypto.h"
#include "trustgate/ledger/tree_head.h"

namespace trustgate::ledger {

struct VerifyOptions {
  common::Ed25519Key public_key;
  std::optional<SignedTreeHead> against;  // an older head to check consistency with
  bool all_signatures = false;            // check every head's signature, not only the last
};

struct VerifyReport {
  uint64_t entries = 0;           // entries covered by the last signed tree head
  uint64_t unsigned_entries = 0;  // complete entries after it (a crash before recovery)
  bool torn_tail = false;         // a final line without "\n" (removed on next open)
  uint64_t heads = 0;
  SignedTreeHead head;  // the last signed tree head
};

// Fails with a message naming the first bad entry or tree head.
cedar::Result<VerifyReport> verify_ledger(const std::filesystem::path& dir,
                                          const VerifyOptions& options);

}  // namespace trustgate::ledger
