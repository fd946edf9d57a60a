// CosignatureLog: the witnesses' cosignatures of the ledger's checkpoints,
// kept beside them in DIR/ledger/cosignatures.log, one JSON line each:
//   {"line":"— <witness> <base64>","root":"<base64>","size":N,"witness":"<name>"}
// (canonical JSON). Appended and synced as they arrive; a torn final line
// is ignored. Cosignatures are evidence about the log, not part of it: they
// are not in the Merkle tree.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/storage.h"
#include "trustgate/ledger/checkpoint.h"

namespace trustgate::ledger {

inline constexpr const char* kCosignaturesFile = "cosignatures.log";

class CosignatureLog {
 public:
  // Reads what `dir` holds (nothing when the file is missing).
  static base::Result<std::unique_ptr<CosignatureLog>> open(
      const std::filesystem::path& dir, base::Storage* storage = &base::posix_storage());

  // Keeps a cosignature of `checkpoint` by `witness` (durably).
  base::Status add(const Checkpoint& checkpoint, const std::string& witness,
                   const NoteSignature& cosignature);
  // The cosignatures kept for a checkpoint of this size and root.
  std::vector<NoteSignature> of(const Checkpoint& checkpoint) const;
  // The largest size `witness` cosigned (0 when none).
  uint64_t latest(const std::string& witness) const;

 private:
  struct Kept {
    std::string witness;
    Hash root;
    NoteSignature signature;
  };
  CosignatureLog() = default;

  base::Storage* storage_ = nullptr;
  std::filesystem::path file_;
  mutable std::mutex mu_;
  bool torn_ = false;  // the file ends in a torn line
  std::multimap<uint64_t, Kept> by_size_;
};

}  // namespace trustgate::ledger
