// CosignatureLog: the witnesses' cosignatures of the ledger's checkpoints,
// kept beside them in DIR/ledger/cosignatures.log, one JSON line each:
//   {"line":"— <witness> <base64>","root":"<base64>","size":N,"witness":"<name>"}
// (canonical JSON). Appended and synced as they arrive; a torn final line
// is ignored. Cosignatures are evidence about the log, not part of it: they
// are not in the Merkle tree.
//
// With the ledger in PostgreSQL (open_postgres) they are rows of a table
// shared by every server (migrations of the component "cosignatures"):
//   witness_cosignatures  size, root (base64), witness, line (the signature
//                         line, without its newline); unique (size, root,
//                         witness): a second cosignature of the same
//                         checkpoint by the same witness is not kept
// of() and latest() read the table, so they see what any server added;
// when it cannot be read they answer from what this process added.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/storage.h"
#include "trustgate/ledger/checkpoint.h"

namespace trustgate::common {
class PgDatabase;
}

namespace trustgate::ledger {

inline constexpr const char* kCosignaturesFile = "cosignatures.log";

class CosignatureLog {
 public:
  // Reads what `dir` holds (nothing when the file is missing).
  static base::Result<std::unique_ptr<CosignatureLog>> open(
      const std::filesystem::path& dir, base::Storage* storage = &base::posix_storage());
  // The table in `db`; `writable` runs its migrations, else only checks
  // that they ran.
  static base::Result<std::unique_ptr<CosignatureLog>> open_postgres(
      std::shared_ptr<common::PgDatabase> db, bool writable);

  // Every cosignature read from the file or added by this process, by size
  // (for copying a file log elsewhere).
  struct Entry {
    uint64_t size;
    Hash root;
    std::string witness;
    NoteSignature signature;
  };
  std::vector<Entry> entries() const;
  // Keeps one (copying from another log).
  base::Status add(const Entry& entry);

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
  std::vector<NoteSignature> of_memory(const Checkpoint& checkpoint) const;
  uint64_t latest_memory(const std::string& witness) const;

  std::shared_ptr<common::PgDatabase> db_;  // the table, when in PostgreSQL
  base::Storage* storage_ = nullptr;
  std::filesystem::path file_;
  mutable std::mutex mu_;
  bool torn_ = false;  // the file ends in a torn line
  std::multimap<uint64_t, Kept> by_size_;
};

}  // namespace trustgate::ledger
