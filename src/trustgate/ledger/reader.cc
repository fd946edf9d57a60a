#include "trustgate/ledger/reader.h"

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "log_scan.h"
#include "trustgate/ledger/ledger.h"
#include "trustgate/ledger/merkle.h"

namespace trustgate::ledger {

void parallel_parts(size_t n, unsigned threads, size_t min_part,
                    const std::function<void(size_t, size_t, unsigned)>& fn) {
  threads = std::max(1u, threads);
  const size_t parts = std::max<size_t>(1, std::min<size_t>(threads, n / std::max<size_t>(1, min_part)));
  std::vector<std::thread> workers;
  for (size_t p = 1; p < parts; ++p) {
    workers.emplace_back([&, p] { fn(n * p / parts, n * (p + 1) / parts, static_cast<unsigned>(p)); });
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

base::Status read_entries(const std::filesystem::path& dir, const Checkpoint& checkpoint,
                          const EntryConsumer& consume, const ReadOptions& options) {
  const unsigned threads =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  auto file = options.storage->open(dir / kEntriesFile, base::OpenMode{});
  if (!file) return file.error();
  auto file_size = (*file)->size();
  if (!file_size) return file_size.error();
  // One buffer for the whole read, never zero-filled: a chunk, the start of
  // an entry left over from the chunk before (at most kMaxEntryBytes), and
  // the padding after the last entry.
  const size_t capacity = options.chunk_bytes + kMaxEntryBytes + kEntryPadding;
  std::unique_ptr<char[]> buf(new char[capacity]);
  size_t held = 0;      // bytes of buf holding file data
  uint64_t offset = 0;  // file offset of buf[0]
  CompactRange range;
  std::vector<std::string_view> lines;
  std::vector<Hash> leaves;
  while (range.size() < checkpoint.size) {
    const uint64_t read_from = offset + held;
    const uint64_t want = std::min<uint64_t>(capacity - kEntryPadding - held,
                                             *file_size > read_from ? *file_size - read_from : 0);
    auto n = (*file)->read_at(read_from, buf.get() + held, want);
    if (!n) return n.error();
    held += *n;
    const std::string_view data(buf.get(), held);
    EntryLines found = scan_entry_lines(data, checkpoint.size - range.size());
    if (found.offsets.empty()) break;
    std::fill(buf.get() + found.end, buf.get() + std::min(capacity, found.end + kEntryPadding), '\0');
    lines.clear();
    for (size_t i = 0; i < found.offsets.size(); ++i) {
      const uint64_t end = (i + 1 < found.offsets.size() ? found.offsets[i + 1] : found.end) - 1;
      lines.emplace_back(buf.get() + found.offsets[i], end - found.offsets[i]);
    }
    leaves.resize(lines.size());
    parallel_parts(lines.size(), threads, 4096, [&](size_t begin, size_t end, unsigned) {
      for (size_t i = begin; i < end; ++i) leaves[i] = leaf_hash(lines[i]);
    });
    const uint64_t first = range.size();
    for (const Hash& leaf : leaves) range.append(leaf);
    if (auto s = consume(first, lines); !s) return s;
    // What follows the last complete entry was zeroed for padding: read it again.
    offset += found.end;
    held = 0;
    if (options.progress) options.progress(offset, *file_size);
    if (*n == 0) break;
  }
  if (range.size() < checkpoint.size) {
    return base::corruption("the checkpoint covers " + std::to_string(checkpoint.size) +
                            " entries but " + (dir / kEntriesFile).string() + " holds " +
                            std::to_string(range.size()) + ": entries were removed");
  }
  if (range.root() != checkpoint.root) {
    return base::corruption("the first " + std::to_string(checkpoint.size) + " entries of " +
                            (dir / kEntriesFile).string() +
                            " do not hash to the checkpoint's root: an entry was altered; run "
                            "`trustgate ledger verify`");
  }
  return base::Status::Ok();
}

}  // namespace trustgate::ledger
