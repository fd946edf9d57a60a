// EntryChunks: entries.log read front to back in large chunks of complete
// lines, for the programs that go over a whole log (verify_ledger(),
// read_entries()).
//
// One buffer serves every chunk and is never zero-filled: it holds a chunk,
// the start of a line left over from the chunk before (moved to the
// front), and kEntryPadding zero bytes written after each read's data, so
// that a parser reading ahead of a line (simdjson's padding) may parse every
// line in place. A chunk ends at its last complete line; a line is complete
// up to its "\n" with no NUL byte inside (log_scan.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "base/result.h"
#include "base/storage.h"
#include "log_scan.h"

namespace trustgate::ledger {

class EntryChunks {
 public:
  // Reads `file` (of `file_size` bytes) about `chunk_bytes` at a time, plus
  // room for the longest entry.
  EntryChunks(base::File& file, uint64_t file_size, size_t chunk_bytes);

  struct Chunk {
    std::string_view text;  // the complete lines, each with its "\n"
    EntryLines lines;       // where each starts in `text`; lines.end == text.size()
    size_t readable = 0;    // bytes readable from text.data(): text, what follows, the padding
    bool last = false;      // nothing complete follows (the end of the file or of its data)
  };

  // The next chunk, at most `max_lines` lines; no lines when none is left.
  // Valid until the next call.
  base::Result<Chunk> next(uint64_t max_lines);

  // The file offset after the last line handed out.
  uint64_t offset() const { return offset_ + handed_; }

 private:
  base::File& file_;
  uint64_t file_size_;
  size_t capacity_;  // bytes of buf_ for file data; kEntryPadding more follow
  std::unique_ptr<char[]> buf_;
  size_t held_ = 0;      // bytes of buf_ holding file data
  size_t handed_ = 0;    // of those, the first ones, handed out in the last chunk
  uint64_t offset_ = 0;  // file offset of buf_[0]
};

}  // namespace trustgate::ledger
