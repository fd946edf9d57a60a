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
// entries arriving meanwhile form the next batch, which the leader commits
// next (up to 16 batches; then one of that batch's appenders leads). One
// append_all() is one unit: its entries land in one batch.
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
#include <string_view>
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

// The record layer's log, whatever holds it. Two implementations: the file
// ledger described above (Ledger::create/open/open_read_only), and the
// PostgreSQL ledger (postgres_ledger.h), where several servers append to one
// log. Both give the same guarantees to their callers: append_all() is one
// unit, acknowledged once durable with a checkpoint covering it; readers
// see the log up to a checkpoint, never a gap.
class Ledger {
 public:
  // The file ledger. Creates a new ledger in `dir` (created, mode 0700; it
  // must not exist or be empty). Entry 0, ledger_created, and its
  // checkpoint are durable when this returns.
  static base::Result<std::unique_ptr<Ledger>> create(LedgerOptions options);
  // Opens an existing file ledger for writing: takes the lock (Busy when
  // another process holds it) and recovers (see above).
  static base::Result<std::unique_ptr<Ledger>> open(LedgerOptions options);
  // Opens an existing file ledger for reading: no lock, no change to any file.
  static base::Result<std::unique_ptr<Ledger>> open_read_only(LedgerOptions options);

  Ledger() = default;
  virtual ~Ledger() = default;
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Builds the events of one commit unit, given the seq its first entry gets
  // (so events can name what their seq makes, e.g. a case id). Called with
  // the ledger's lock held (the file ledger: in the appending thread; the
  // PostgreSQL ledger: in the committing thread, inside the transaction,
  // and again when a batch is retried unit by unit): it must be quick and
  // must not call the ledger.
  using EventMaker = std::function<base::Result<std::vector<common::Json>>(uint64_t first_seq)>;

  // Appends the events `make` builds (JSON objects; each one's "seq" is set
  // to its index) as one unit, and returns the first one's seq once they
  // and a checkpoint covering them are durable. When `make` fails, or an
  // event is not an object or is larger than kMaxEntryBytes, nothing is
  // appended. Thread-safe. After an I/O error every append fails (the file
  // ledger; the PostgreSQL ledger fails only the batch).
  virtual base::Result<uint64_t> append_all(const EventMaker& make) = 0;
  base::Result<uint64_t> append(common::Json event);

  // Called by the committing thread for each batch, before its appenders
  // return; batches in seq order, one at a time. Gets the events with their
  // "seq" set, each one's entry as the log holds it (canonical JSON, no
  // newline; alive for the call only) and the checkpoint that covers them
  // (its size is first_seq + events.size()). Set it before the first append.
  // The file ledger calls it once the batch is durable and ignores what it
  // returns. A ledger whose listener_in_transaction() calls it inside the
  // batch's transaction, before the commit: an error rolls the batch back
  // (its appenders then retry one unit at a time, and those whose unit
  // still fails get the error).
  using CommitListener =
      std::function<base::Status(uint64_t first_seq, std::span<const common::Json> events,
                                 std::span<const std::string_view> entries, const Checkpoint&)>;
  virtual void set_commit_listener(CommitListener listener) = 0;
  // Whether the commit listener runs inside the commit's transaction (so
  // what it writes to the same database commits with the batch, or not at
  // all).
  virtual bool listener_in_transaction() const { return false; }

  virtual bool read_only() const = 0;
  virtual const NoteKey& note_key() const = 0;
  // Entries covered by the latest durable checkpoint.
  virtual uint64_t size() const = 0;
  virtual SignedCheckpoint checkpoint() const = 0;
  // Entry `index` (< size()) as stored: canonical JSON without the newline.
  virtual base::Result<std::string> entry(uint64_t index) const = 0;
  // The leaf hash of entry `index` (< size()), and the root of the first
  // `tree_size` entries (at most size()). Errors: the tree's side file could
  // not be read (tiled_tree.h), or NotFound beyond the log.
  virtual base::Result<Hash> leaf(uint64_t index) const = 0;
  virtual base::Result<Hash> root(uint64_t tree_size) const = 0;
  virtual base::Result<std::vector<Hash>> inclusion_proof(uint64_t index,
                                                          uint64_t tree_size) const = 0;
  // `width` hashes of complete subtrees of height `height`, from position
  // `first` on (tiles.h); NotFound unless all lie within the latest
  // checkpoint.
  virtual base::Result<std::vector<Hash>> subtree_hashes(uint32_t height, uint64_t first,
                                                         uint64_t width) const = 0;
  virtual base::Result<std::vector<Hash>> consistency_proof(uint64_t old_size,
                                                            uint64_t new_size) const = 0;
  // Number of commit batches since open (by this process).
  virtual uint64_t batches() const = 0;
  // Up to `max` entries from `first` on, as stored, each followed by "\n",
  // appended to `out`; returns how many (fewer only at the end of the latest
  // checkpoint). For readers that go through the whole log (reader.h); the
  // default reads entry() by entry, a backend may read a run at once.
  virtual base::Result<size_t> read_run(uint64_t first, size_t max, std::string& out) const;
};

}  // namespace trustgate::ledger
