#include "trustgate/ledger/reader.h"

#include <algorithm>
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
  CompactRange range;
  std::string buf;
  uint64_t offset = 0;  // file offset of buf[0]
  std::vector<std::string_view> lines;
  std::vector<Hash> leaves;
  while (range.size() < checkpoint.size) {
    const uint64_t read_from = offset + buf.size();
    const uint64_t want =
        std::min<uint64_t>(options.chunk_bytes, *file_size > read_from ? *file_size - read_from : 0);
    const size_t kept = buf.size();
    buf.resize(kept + want);
    auto n = (*file)->read_at(read_from, buf.data() + kept, want);
    if (!n) return n.error();
    buf.resize(kept + *n);
    EntryLines found = scan_entry_lines(buf, checkpoint.size - range.size());
    if (found.offsets.empty()) break;
    const size_t padded = buf.size() < found.end + kEntryPadding
                              ? found.end + kEntryPadding - buf.size()
                              : 0;
    buf.append(padded, '\0');
    lines.clear();
    for (size_t i = 0; i < found.offsets.size(); ++i) {
      const uint64_t end = (i + 1 < found.offsets.size() ? found.offsets[i + 1] : found.end) - 1;
      lines.emplace_back(buf.data() + found.offsets[i], end - found.offsets[i]);
    }
    leaves.resize(lines.size());
    parallel_parts(lines.size(), threads, 4096, [&](size_t begin, size_t end, unsigned) {
      for (size_t i = begin; i < end; ++i) leaves[i] = leaf_hash(lines[i]);
    });
    const uint64_t first = range.size();
    for (const Hash& leaf : leaves) range.append(leaf);
    if (auto s = consume(first, lines); !s) return s;
    offset += found.end;
    buf.resize(buf.size() - padded);
    buf.erase(0, found.end);
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
