// Reading a ledger's entries in order, for programs that compute over the
// whole log (transparency reports, replay): the first `size` entries a
// signed checkpoint covers, passed to a consumer run by run, while their
// Merkle root is computed on every core and must equal the checkpoint's.
// The entries come from a LogSource: a file ledger's folder, read as it lies
// on disk, or any open ledger (the PostgreSQL one) through its interface.
//
// What a consumer computed stands only when read_entries() returns Ok: a
// mismatch (an altered or missing entry) is found after the last entry.
// Readers take no lock and change no file; they read while a writer
// appends, because entries beyond `size` are never looked at.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string_view>

#include "base/result.h"
#include "base/storage.h"
#include "trustgate/ledger/checkpoint.h"

namespace trustgate::ledger {

class Ledger;  // ledger.h

// Bytes readable after every entry a consumer gets (the entries that follow,
// or zeros), so that a parser that reads ahead (simdjson's padding) may
// parse each entry in place.
inline constexpr size_t kEntryPadding = 64;

// Consecutive entries (each without its "\n"), the first being entry
// `first_seq`. The views are valid during the call only.
using EntryConsumer =
    std::function<base::Status(uint64_t first_seq, std::span<const std::string_view> entries)>;

struct ReadOptions {
  base::Storage* storage = &base::posix_storage();
  unsigned threads = 0;  // hashing threads; 0: one per core
  // entries.log is read this much at a time, plus room for the longest entry.
  size_t chunk_bytes = size_t{64} << 20;
  // Called after each run with the bytes consumed so far and the file's size.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

// Where a reader finds the entries: a file ledger's folder (entries.log read
// in large runs, without opening the ledger: no lock, no recovery), or an
// open ledger of either backend, read through Ledger::read_run(). It refers
// to the ledger; the ledger must outlive it.
class LogSource {
 public:
  LogSource(std::filesystem::path file_ledger_dir);  // NOLINT: a folder is a source
  explicit LogSource(const Ledger& ledger) : ledger_(&ledger) {}

  // The latest checkpoint, its signature checked with `key` (a reader that
  // checks the entries against it itself: read_entries()).
  base::Result<SignedCheckpoint> latest_checkpoint(const NoteKey& key) const;
  // The folder, or null for a ledger.
  const std::filesystem::path* folder() const { return ledger_ ? nullptr : &dir_; }
  const Ledger* ledger() const { return ledger_; }

 private:
  std::filesystem::path dir_;
  const Ledger* ledger_ = nullptr;
};

// Reads entries [0, checkpoint.size) of `log`. Fails with the consumer's
// error, IO, or Corruption when the log holds fewer entries or their root
// is not the checkpoint's.
base::Status read_entries(const LogSource& log, const Checkpoint& checkpoint,
                          const EntryConsumer& consume, const ReadOptions& options = {});

// The last complete checkpoint of `dir`/checkpoints.log, its signature
// checked with `key`, without reading the entries (readers that check the
// entries against it themselves: read_entries()).
base::Result<SignedCheckpoint> latest_checkpoint(const std::filesystem::path& dir,
                                                 const NoteKey& key,
                                                 base::Storage& storage = base::posix_storage());

// Runs fn(begin, end, worker) over [0, n) cut into `threads` contiguous
// parts (worker 0 on the calling thread); small inputs stay whole.
void parallel_parts(size_t n, unsigned threads, size_t min_part,
                    const std::function<void(size_t begin, size_t end, unsigned worker)>& fn);

}  // namespace trustgate::ledger
