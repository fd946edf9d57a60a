#include "trustgate/ledger/reader.h"

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "entry_chunks.h"
#include "log_scan.h"
#include "trustgate/ledger/ledger.h"
#include "trustgate/ledger/merkle.h"

namespace trustgate::ledger {

void parallel_parts(size_t n, unsigned threads, size_t min_part,
                    const std::function<void(size_t, size_t, unsigned)>& fn) {
  threads = std::max(1u, threads);
  const size_t parts =
      std::max<size_t>(1, std::min<size_t>(threads, n / std::max<size_t>(1, min_part)));
  std::vector<std::thread> workers;
  for (size_t p = 1; p < parts; ++p) {
    workers.emplace_back(
        [&, p] { fn(n * p / parts, n * (p + 1) / parts, static_cast<unsigned>(p)); });
  }
  fn(0, n / parts, 0);
  for (auto& w : workers) w.join();
}

base::Result<SignedCheckpoint> latest_checkpoint(const std::filesystem::path& dir,
                                                 const NoteKey& key, base::Storage& storage) {
  auto text = base::read_file(storage, dir / kCheckpointsFile);
  if (!text) return text.error();
  auto log = read_checkpoint_log(*text, key, false);
  if (!log) return log.error();
  if (log->checkpoints.empty()) return base::corruption("checkpoints.log holds no checkpoint");
  return log->checkpoints.back();
}

namespace {

// Hashes each run of entries on every core into the tree's compact range,
// hands the run to the consumer, and at the end checks that the entries
// reached the checkpoint's size and root.
class CheckedRuns {
 public:
  CheckedRuns(const Checkpoint& checkpoint, const EntryConsumer& consume, unsigned threads)
      : checkpoint_(checkpoint), consume_(consume), threads_(threads) {}

  uint64_t size() const { return range_.size(); }
  uint64_t missing() const { return checkpoint_.size - range_.size(); }

  base::Status take(std::span<const std::string_view> lines) {
    leaves_.resize(lines.size());
    parallel_parts(lines.size(), threads_, 4096, [&](size_t begin, size_t end, unsigned) {
      for (size_t i = begin; i < end; ++i) leaves_[i] = leaf_hash(lines[i]);
    });
    const uint64_t first = range_.size();
    for (const Hash& leaf : leaves_) range_.append(leaf);
    return consume_(first, lines);
  }

  // `where`: the log, for messages.
  base::Status finish(const std::string& where) const {
    if (range_.size() < checkpoint_.size) {
      return base::corruption("the checkpoint covers " + std::to_string(checkpoint_.size) +
                              " entries but " + where + " holds " + std::to_string(range_.size()) +
                              ": entries were removed");
    }
    if (range_.root() != checkpoint_.root) {
      return base::corruption("the first " + std::to_string(checkpoint_.size) + " entries of " +
                              where +
                              " do not hash to the checkpoint's root: an entry was altered; run "
                              "`trustgate ledger verify`");
    }
    return base::Status::Ok();
  }

 private:
  const Checkpoint& checkpoint_;
  const EntryConsumer& consume_;
  unsigned threads_;
  CompactRange range_;
  std::vector<Hash> leaves_;
};

base::Status read_files(const std::filesystem::path& dir, const Checkpoint& checkpoint,
                        const EntryConsumer& consume, const ReadOptions& options,
                        unsigned threads) {
  auto file = options.storage->open(dir / kEntriesFile, base::OpenMode{});
  if (!file) return file.error();
  auto file_size = (*file)->size();
  if (!file_size) return file_size.error();
  EntryChunks chunks(**file, *file_size, options.chunk_bytes);
  CheckedRuns runs(checkpoint, consume, threads);
  std::vector<std::string_view> lines;
  while (runs.missing() > 0) {
    auto chunk = chunks.next(runs.missing());
    if (!chunk) return chunk.error();
    if (chunk->lines.offsets.empty()) break;
    lines.clear();
    for (size_t i = 0; i < chunk->lines.offsets.size(); ++i) {
      lines.push_back(chunk->lines.line(chunk->text, i));
    }
    if (auto s = runs.take(lines); !s) return s;
    if (options.progress) options.progress(chunks.offset(), *file_size);
    if (chunk->last) break;
  }
  return runs.finish((dir / kEntriesFile).string());
}

base::Status read_ledger(const Ledger& ledger, const Checkpoint& checkpoint,
                         const EntryConsumer& consume, const ReadOptions& options,
                         unsigned threads) {
  constexpr size_t kRun = 16384;  // entries per read_run()
  CheckedRuns runs(checkpoint, consume, threads);
  std::string buf;
  std::vector<std::string_view> lines;
  while (runs.missing() > 0) {
    buf.clear();
    auto n = ledger.read_run(runs.size(), std::min<uint64_t>(kRun, runs.missing()), buf);
    if (!n) return n.error();
    if (*n == 0) break;
    const size_t end = buf.size();
    buf.append(kEntryPadding, '\0');
    lines.clear();
    for (size_t from = 0; from < end;) {
      const size_t nl = buf.find('\n', from);
      if (nl == std::string::npos || nl >= end) break;
      lines.emplace_back(buf.data() + from, nl - from);
      from = nl + 1;
    }
    if (lines.size() != *n) {
      return base::corruption("ledger entries from " + std::to_string(runs.size()) +
                              " on: an entry holds a line break");
    }
    if (auto s = runs.take(lines); !s) return s;
    if (options.progress) options.progress(runs.size(), checkpoint.size);
  }
  return runs.finish("the ledger");
}

}  // namespace

base::Result<size_t> Ledger::read_run(uint64_t first, size_t max, std::string& out) const {
  const uint64_t end = std::min<uint64_t>(size(), first + max);
  for (uint64_t i = first; i < end; ++i) {
    auto e = entry(i);
    if (!e) return e.error();
    out += *e;
    out += '\n';
  }
  return static_cast<size_t>(end > first ? end - first : 0);
}

LogSource::LogSource(std::filesystem::path file_ledger_dir) : dir_(std::move(file_ledger_dir)) {}

base::Result<SignedCheckpoint> LogSource::latest_checkpoint(const NoteKey& key) const {
  if (!ledger_) return ledger::latest_checkpoint(dir_, key);
  // The ledger checked its checkpoint with its own key: check it with this one.
  return open_checkpoint(ledger_->checkpoint().note.to_string(), key);
}

base::Status read_entries(const LogSource& log, const Checkpoint& checkpoint,
                          const EntryConsumer& consume, const ReadOptions& options) {
  const unsigned threads =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  if (const Ledger* ledger = log.ledger()) {
    return read_ledger(*ledger, checkpoint, consume, options, threads);
  }
  return read_files(*log.folder(), checkpoint, consume, options, threads);
}

}  // namespace trustgate::ledger
