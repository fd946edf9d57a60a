// Audit: an outside party's check of a log it reads over C2SP tlog-tiles —
// `trustgate ledger audit URL`. It fetches the checkpoint and checks its
// signature, fetches the entry bundles and every tile up to the
// checkpoint's size, checks every entry (canonical JSON, its seq) against
// the level-0 tiles, every tile against the tree the entries make, and the
// root against the checkpoint; then that the log is consistent with the
// checkpoint the auditor saw last (same root at that size), which it then
// replaces. A log that rewrote history fails here even if it re-signed it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "trustgate/ledger/checkpoint.h"
#include "trustgate/ledger/cosignature.h"

namespace trustgate::ledger {

// Fetches a path under the log's prefix ("checkpoint", "tile/0/000.p/5").
using Fetch = std::function<base::Result<std::string>(const std::string& path)>;

struct AuditOptions {
  NoteKey key;                           // the log's verifier key
  std::optional<SignedCheckpoint> last;  // the checkpoint seen last, if any
  uint64_t from = 0;                     // check entries from this index on
  std::vector<CosignerKey> witnesses;    // witnesses whose cosignatures to look for
  std::function<void(uint64_t done, uint64_t total)> progress;  // may be empty
};

struct AuditReport {
  SignedCheckpoint checkpoint;  // what the log serves now
  uint64_t entries_checked = 0;
  uint64_t tiles_checked = 0;
  std::vector<std::string> cosigned_by;  // of the witnesses asked for
};

// Corruption for a log that does not check out (naming what), IO for a
// fetch that failed.
base::Result<AuditReport> audit_log(const Fetch& fetch, const AuditOptions& options);

}  // namespace trustgate::ledger
