// FileLedger: the ledger in files (ledger.h describes the format, the
// acknowledgement, group commit and recovery).
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

#include "entry_offsets.h"
#include "tree_ledger.h"
#include "trustgate/ledger/ledger.h"

namespace trustgate::ledger {

class ReservedFile;  // reserved_file.h

// The tree-backed reads and the members they use are TreeLedger's.
class FileLedger final : public TreeLedger {
 public:
  static base::Result<std::unique_ptr<Ledger>> open(LedgerOptions options, bool writable);
  ~FileLedger() override;

  base::Result<uint64_t> append_all(const EventMaker& make) override;
  base::Result<std::string> entry(uint64_t index) const override;

 private:
  // The entries queued for one commit. Appenders add theirs under mu_, then
  // sleep on `woken` without the lock: the leader sets `state` to kDone
  // (after `error`) when the batch is committed, or to kMayLead when the
  // batch is next and one of its appenders should lead it (set_state). A
  // condition variable, not std::atomic::wait: that spins on sched_yield
  // first, and with dozens of appenders waiting on two cores the yields
  // were a tenth of a durable case's CPU.
  struct Batch {
    static constexpr int kQueued = 0, kMayLead = 1, kDone = 2;
    uint64_t first_seq = 0;
    std::vector<common::Json> events;
    std::string lines;           // canonical JSON + "\n", in seq order
    std::vector<uint32_t> ends;  // end offset of each line in `lines`
    // Each entry's text in `lines`, without its newline.
    std::vector<std::string_view> entries() const {
      std::vector<std::string_view> out;
      out.reserve(ends.size());
      for (uint32_t begin = 0, i = 0; i < ends.size(); begin = ends[i++]) {
        out.push_back(std::string_view(lines).substr(begin, ends[i] - begin - 1));
      }
      return out;
    }
    std::optional<base::Error> error;
    std::atomic<int> state{kQueued};
    std::mutex wait_mu;  // orders `state`'s changes with the sleeps on `woken`
    std::condition_variable woken;

    void set_state(int s) {
      std::lock_guard lk(wait_mu);
      state.store(s, std::memory_order_release);
    }
    // Sleeps until `state` is no longer `seen`.
    void wait_past(int seen) {
      std::unique_lock lk(wait_mu);
      woken.wait(lk, [&] { return state.load(std::memory_order_acquire) != seen; });
    }
  };
  explicit FileLedger(LedgerOptions options);
  base::Status load(bool writable);
  base::Status index_entries(std::string_view text, const std::vector<uint64_t>& starts,
                             uint64_t size);
  void lead(std::unique_lock<std::mutex>& lk, std::shared_ptr<Batch> batch);
  base::Result<Checkpoint> commit(Batch& batch);

  LedgerOptions options_;
  std::unique_ptr<base::FileLock> lock_;
  std::unique_ptr<ReservedFile> entries_;
  std::unique_ptr<ReservedFile> checkpoints_;

  // Under TreeLedger::mu_, with its tree_ (leaves of every entry written:
  // durable size <= tree size) and checkpoint_:
  std::shared_ptr<Batch> open_batch_;  // where appends go; never null while writable
  uint64_t next_seq_ = 0;
  bool committing_ = false;  // a leader is committing a batch
  std::optional<base::Error> failed_;
  EntryOffsets offsets_;      // where each entry written is in entries.log
  uint64_t entries_end_ = 0;  // end of the last entry written
};

}  // namespace trustgate::ledger
