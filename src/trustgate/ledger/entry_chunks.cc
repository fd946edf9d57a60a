#include "entry_chunks.h"

#include <algorithm>
#include <cstring>

#include "trustgate/ledger/ledger.h"
#include "trustgate/ledger/reader.h"

namespace trustgate::ledger {

EntryChunks::EntryChunks(base::File& file, uint64_t file_size, size_t chunk_bytes)
    : file_(file),
      file_size_(file_size),
      // A line left over is at most kMaxEntryBytes; +1 for the "\n" that
      // completes the longest entry.
      capacity_(std::max<size_t>(chunk_bytes, 1) + kMaxEntryBytes + 1),
      buf_(new char[capacity_ + kEntryPadding]) {}

base::Result<EntryChunks::Chunk> EntryChunks::next(uint64_t max_lines) {
  // The last chunk is done with: what followed its lines moves to the front.
  held_ -= handed_;
  std::memmove(buf_.get(), buf_.get() + handed_, held_);
  offset_ += handed_;
  handed_ = 0;
  const uint64_t read_from = offset_ + held_;
  const uint64_t want =
      std::min<uint64_t>(capacity_ - held_, file_size_ > read_from ? file_size_ - read_from : 0);
  auto n = file_.read_at(read_from, buf_.get() + held_, want);
  if (!n) return n.error();
  held_ += *n;
  std::fill(buf_.get() + held_, buf_.get() + held_ + kEntryPadding, '\0');
  const std::string_view data(buf_.get(), held_);
  Chunk out;
  out.lines = scan_entry_lines(data, max_lines);
  out.text = data.substr(0, out.lines.end);
  out.readable = held_ + kEntryPadding;
  // Lines held back by max_lines are complete lines that follow.
  const bool cut = out.lines.offsets.size() == max_lines;
  out.last = !cut && (*n == 0 || (out.lines.end < held_ && data[out.lines.end] == '\0'));
  handed_ = out.lines.end;
  return out;
}

}  // namespace trustgate::ledger
