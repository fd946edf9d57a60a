// Ledger: the append-only, tamper-evident log of everything trustgate was
// asked and did. Its files live in one directory:
//   entries.log  one canonical-JSON event per line ("\n"-terminated); line i
//                is entry i and carries "seq": i. The file may end with NUL
//                bytes: space reserved ahead so that an append overwrites
//                the file in place and its fdatasync needs no journal commit.
//   heads.log    the signed tree heads, one six-line block per commit batch
//
// Durability: append() returns only after the entry's bytes are on disk
// (fdatasync). Concurrent appends are group-committed: when no write is in
// progress, an appender becomes the leader and writes every entry queued so
// far with one pwrite() and one fdatasync(), signs a tree head covering them,
// then acknowledges them; entries arriving meanwhile form the next batch,
// led by one of their appenders. A lone appender thus pays no thread
// hand-off, and many appenders share each fdatasync.
//
// Crash recovery (on open): a final line without its "\n" (a torn write) is
// cut off; the last tree head must be covered by the entries (size <= entries,
// same root) or the ledger refuses to open; entries beyond it get a new head.
// So a crash loses only unacknowledged entries and never leaves a log that
// fails verification.
//
// One process at a time: open() takes an exclusive flock on entries.log.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cedar/result.h"
#include "trustgate/common/crypto.h"
#include "trustgate/common/json.h"
#include "trustgate/ledger/merkle.h"
#include "trustgate/ledger/tree_head.h"

namespace trustgate::ledger {

inline constexpr const char* kEntriesFile = "entries.log";
inline constexpr const char* kHeadsFile = "heads.log";
inline constexpr uint64_t kMinReserve = uint64_t{1} << 20;   // bytes reserved ahead, at least
inline constexpr uint64_t kMaxReserve = uint64_t{64} << 20;  // and at most

struct LedgerOptions {
  std::filesystem::path dir;
  std::string origin;      // the first line of every tree head
  common::Ed25519Key key;  // signs tree heads
  bool create = false;     // create the directory and empty files when missing
};

class Ledger {
 public:
  static cedar::Result<std::unique_ptr<Ledger>> open(LedgerOptions options);
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Appends `event` (a JSON object; its "seq" member is set to the entry's
  // index) and returns the index once the entry is durable and covered by a
  // signed tree head. Thread-safe. After an I/O error every append fails.
  // The Ledger must outlive every append() in flight.
  cedar::Result<uint64_t> append(common::Json event);

  uint64_t size() const;
  SignedTreeHead head() const;
  // Entry `index` as stored (canonical JSON, without the newline).
  cedar::Result<std::string> entry(uint64_t index) const;
  Hash leaf(uint64_t index) const;
  cedar::Result<std::vector<Hash>> inclusion_proof(uint64_t index, uint64_t tree_size) const;
  cedar::Result<std::vector<Hash>> consistency_proof(uint64_t old_size, uint64_t new_size) const;
  // Number of commit batches (write + fdatasync) since open.
  uint64_t batches() const;

 private:
  // The entries queued for one write + fdatasync. Appenders add their line
  // to the open batch under mu_, then sleep on `state` without the lock: the
  // leader sets kDone (after `error`) when the batch is written, or kMayLead
  // when the batch is next and one of its appenders should lead it.
  struct Batch {
    static constexpr int kQueued = 0, kMayLead = 1, kDone = 2;
    std::string lines;           // canonical JSON + "\n", in seq order
    std::vector<uint32_t> ends;  // end offset of each line in `lines`
    std::optional<cedar::Error> error;
    std::atomic<int> state{kQueued};
  };

  explicit Ledger(LedgerOptions options) : options_(std::move(options)) {}
  cedar::Status recover();
  cedar::Status recover_heads(const std::string& text);
  cedar::Result<SignedTreeHead> write_head(uint64_t size, const Hash& root, bool sync);
  void lead(std::unique_lock<std::mutex>& lk, const std::shared_ptr<Batch>& batch);
  cedar::Status commit(const Batch& batch);

  LedgerOptions options_;
  int entries_fd_ = -1;
  int heads_fd_ = -1;

  mutable std::mutex mu_;
  std::shared_ptr<Batch> open_batch_;  // where appends go; never null while open
  uint64_t next_seq_ = 0;
  bool committing_ = false;  // a leader is writing a batch
  std::optional<cedar::Error> failed_;
  MerkleTree tree_;
  std::vector<uint64_t> offsets_;  // byte offset of each entry in entries.log
  uint64_t end_ = 0;               // end of the last entry; NUL bytes follow up to allocated_
  uint64_t allocated_ = 0;         // size of entries.log
  // end_ and allocated_ change only while committing_ (and in recover()).
  SignedTreeHead head_;
  uint64_t batches_ = 0;
};

}  // namespace trustgate::ledger
