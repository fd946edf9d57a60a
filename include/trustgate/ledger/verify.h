// Verifying a whole ledger directory, as an auditor would (docs/ledger.md,
// "Verifying"): every entry is canonical JSON whose "seq" is its line
// number, entry 0 is this log's ledger_created entry, every checkpoint in
// checkpoints.log has the log's origin, growing sizes and the root of the
// entries it covers, the last checkpoint's signature is valid (every one's
// with all_signatures), nothing follows the last checkpoint's entries
// unless a writer is at work, and (optionally) an older checkpoint kept by
// the auditor is consistent with the log.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/storage.h"
#include "trustgate/ledger/checkpoint.h"
#include "trustgate/ledger/cosignature.h"

namespace trustgate::ledger {

class CosignatureLog;  // cosignature_log.h

struct VerifyOptions {
  base::Storage* storage = &base::posix_storage();
  NoteKey key;                              // the ledger's verifier key
  std::optional<SignedCheckpoint> against;  // an older checkpoint to check consistency with
  bool all_signatures = false;              // check every checkpoint's signature
  // Witnesses whose cosignatures (cosignatures.log) some checkpoint must
  // carry: at least `quorum` of them (0: all) on one checkpoint.
  std::vector<CosignerKey> witnesses;
  size_t quorum = 0;
};

struct VerifyReport {
  uint64_t entries = 0;  // covered by the last checkpoint
  uint64_t checkpoints = 0;
  SignedCheckpoint checkpoint;  // the last
  // Bytes after the last checkpoint's entries and after the last complete
  // checkpoint, while a writer holds the lock (a commit in flight).
  uint64_t in_flight_bytes = 0;
  // With witnesses: the largest checkpoint a quorum cosigned, and by whom.
  uint64_t witnessed_size = 0;
  std::vector<std::string> witnessed_by;
};

// Fails (Corruption) with a message naming the first bad entry or
// checkpoint; I/O errors are IO.
base::Result<VerifyReport> verify_ledger(const std::filesystem::path& dir,
                                         const VerifyOptions& options);

// A log held elsewhere (a database), checked the same way: `checkpoint_log`
// is the text a checkpoints.log would hold (kCheckpointsHeader, then every
// checkpoint in order); `read(from, max)` returns up to `max` entries from
// seq `from` on, in order (fewer only at the end of the log). No entry may
// follow the last checkpoint's. Cosignatures are read from the log
// `cosignatures` opens (cosignature_log.h), called only when witnesses are
// named.
using EntryReader =
    std::function<base::Result<std::vector<std::string>>(uint64_t from, size_t max)>;
using CosignatureSource = std::function<base::Result<std::unique_ptr<CosignatureLog>>()>;
base::Result<VerifyReport> verify_ledger_entries(std::string_view checkpoint_log,
                                                 const EntryReader& read,
                                                 const VerifyOptions& options,
                                                 const CosignatureSource& cosignatures);

}  // namespace trustgate::ledger
