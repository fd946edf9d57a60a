// Ledger: the append-only, tamper-evident log of everything trustgate was
// asked and did. Its files live in one directory (docs/ledger.md):
//   entries.log      one canonical-JSON event per line ("\n"-terminated);
//                    line i is entry i and carries "seq": i; entry 0 is
//                    {"event": "ledger_created", "format": 2, ...}. NUL bytes
//                    may follow: space reserved ahead, so that an append
//                    overwrites the file in place and its fdatasync has no
//                    size change to journal.
//   checkpoints.log  the line "trustgate checkpoints 2", then one signed
//                    checkpoint (checkpoint.h) per commit batch; NUL
//                    reserve likewise.
//   LOCK             held (flock) by the one process that writes.
//
// Acknowledgement: append_all() returns only once its entries AND a
// checkpoint covering them are durable: the entries are written and synced,
// then the checkpoint is written and synced. So a power cut can leave
// entries after the last durable checkpoint, but they were never
// acknowledged.
//
// Group commit: appends from many threads queue into one open batch; when
// no commit is in progress an appender becomes the leader and commits every
// entry queued so far (one write and sync of each file, one signature);
// entries arriving meanwhile form the next batch, led by one of their
// appenders. One append_all() is one unit: its entries land in one batch.
//
// Recovery (open): the last complete checkpoint must carry a valid signature
// by the ledger's key, and the entries it covers must hash to its root;
// otherwise the ledger refuses to open (Corruption), naming what is wrong.
// A log with entries but no checkpoint is refused. Entries after the last
// checkpoint, and a torn final checkpoint, were never acknowledged: they are
// overwritten with NUL bytes — never signed, never applied. Nothing is ever
// signed during recovery.
//
// Readers: open_read_only() takes no lock, needs only the public key, and
// changes no file; it sees the log up to its last checkpoint.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/storage.h"
#include "trustgate/common/crypto.h"
#include "trustgate/common/json.h"
#include "trustgate/ledger/checkpoint.h"
#include "trustgate/ledger/merkle.h"

namespace trustgate::ledger {

inline constexpr const char* kEntriesFile = "entries.log";
inline constexpr const char* kCheckpointsFile = "checkpoints.log";
inline constexpr const char* kLockFile = "LOCK";
inline constexpr const char* kCheckpointsHeader = "trustgate checkpoints 2\n";
inline constexpr int kLedgerFormat = 2;
// One entry, canonical JSON: C2SP tlog-tiles entry bundles prefix each entry
// with a 16-bit length.
inline constexpr size_t kMaxEntryBytes = 65535;

class ReservedFile;  // reserved_file.h

struct LedgerOptions {
  base::Storage* storage = &base::posix_storage();
  std::filesystem::path dir;
  std::string origin;      // the log's name: the checkpoints' first line and key name
  common::Ed25519Key key;  // signs checkpoints (the public key is enough to read)
  // Space reserved ahead in each log, at least and at most per growth
  // (reserved_file.h); tests make it small so that growth happens often.
  uint64_t min_reserve = uint64_t{1} << 20;
  uint64_t max_reserve = uint64_t{64} << 20;
};

class Ledger {
 public:
  // Creates a new ledger in `dir` (created, mode 0700; it must not exist or
  // be empty). Entry 0, ledger_created, and its checkpoint are durable when
  // this returns.
  static base::Result<std::unique_ptr<Ledger>> create(LedgerOptions options);
  // Opens an existing ledger for writing: takes the lock (Busy when another
  // process holds it) and recovers (see above).
  static base::Result<std::unique_ptr<Ledger>> open(LedgerOptions options);
  // Opens an existing ledger for reading: no lock, no change to any file.
  static base::Result<std::unique_ptr<Ledger>> open_read_only(LedgerOptions options);

  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Builds the events of one commit unit, given the seq its first entry gets
  // (so events can name what their seq makes, e.g. a case id). Called with
  // the ledger's lock held: it must be quick and must not call the ledger.
  using EventMaker = std::function<base::Result<std::vector<common::Json>>(uint64_t first_seq)>;

  // Appends the events `make` builds (JSON objects; each one's "seq" is set
  // to its index) as one unit, and returns the first one's seq once they
  // and a checkpoint covering them are durable. When `make` fails, or an
  // event is not an object or is larger than kMaxEntryBytes, nothing is
  // appended. Thread-safe. After an I/O error every append fails.
  base::Result<uint64_t> append_all(const EventMaker& make);
  base::Result<uint64_t> append(common::Json event);

  // Called by the committing thread once a batch is durable, before its
  // appenders return; batches in seq order, one at a time. Gets the events
  // with their "seq" set and the checkpoint that covers them (its size is
  // first_seq + events.size()). Set it before the first append.
  using CommitListener =
      std::function<void(uint64_t first_seq, std::span<const common::Json>, const Checkpoint&)>;
  void set_commit_listener(CommitListener listener) { listener_ = std::move(listener); }

  bool read_only() const { return read_only_; }
  const NoteKey& note_key() const { return note_key_; }
  // Entries covered by the latest durable checkpoint.
  uint64_t size() const;
  SignedCheckpoint checkpoint() const;
  // Entry `index` (< size()) as stored: canonical JSON without the newline.
  base::Result<std::string> entry(uint64_t index) const;
  Hash leaf(uint64_t index) const;
  Hash root(uint64_t tree_size) const;
  base::Result<std::vector<Hash>> inclusion_proof(uint64_t index, uint64_t tree_size) const;
  // `width` hashes of complete subtrees of height `height`, from position
  // `first` on (tiles.h); NotFound unless all lie within the latest
  // checkpoint.
  base::Result<std::vector<Hash>> subtree_hashes(uint32_t height, uint64_t first,
                                                 uint64_t width) const;
  base::Result<std::vector<Hash>> consistency_proof(uint64_t old_size, uint64_t new_size) const;
  // Number of commit batches since open.
  uint64_t batches() const;

 private:
  // The entries queued for one commit. Appenders add theirs under mu_, then
  // sleep on `state` without the lock: the leader sets kDone (after `error`)
  // when the batch is committed, or kMayLead when the batch is next and one
  // of its appenders should lead it.
  struct Batch {
    static constexpr int kQueued = 0, kMayLead = 1, kDone = 2;
    uint64_t first_seq = 0;
    std::vector<common::Json> events;
    std::string lines;           // canonical JSON + "\n", in seq order
    std::vector<uint32_t> ends;  // end offset of each line in `lines`
    std::optional<base::Error> error;
    std::atomic<int> state{kQueued};
  };
  explicit Ledger(LedgerOptions options);
  base::Status load(bool writable);
  void lead(std::unique_lock<std::mutex>& lk, const std::shared_ptr<Batch>& batch);
  base::Result<Checkpoint> commit(Batch& batch);

  LedgerOptions options_;
  NoteKey note_key_;  // the public key: checks checkpoints
  NoteKey signer_;    // the private key: signs them (writers only)
  bool read_only_ = true;
  std::unique_ptr<base::FileLock> lock_;
  std::unique_ptr<ReservedFile> entries_;
  std::unique_ptr<ReservedFile> checkpoints_;
  CommitListener listener_;

  mutable std::mutex mu_;
  std::shared_ptr<Batch> open_batch_;  // where appends go; never null while writable
  uint64_t next_seq_ = 0;
  bool committing_ = false;  // a leader is committing a batch
  std::optional<base::Error> failed_;
  MerkleTree tree_;                // leaves of every entry written (durable size <= tree size)
  std::vector<uint64_t> offsets_;  // byte offset of each entry in entries.log
  uint64_t entries_end_ = 0;       // end of the last entry written
  SignedCheckpoint checkpoint_;    // the latest durable checkpoint
  uint64_t batches_ = 0;
};

}  // namespace trustgate::ledger
