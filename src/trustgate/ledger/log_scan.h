// Reading a ledger directory's logs as they lie on disk: shared by recovery
// (Ledger::open), readers (Ledger::open_read_only) and verification
// (verify_ledger), so all three draw the same line between what the log
// holds and what a crash left behind.
//
// A record (an entry line, a checkpoint) is complete when all of its bytes
// are there: a line up to its "\n", a checkpoint up to the "\n" of its
// signature line, with no NUL byte inside. A torn write always leaves NUL
// bytes or a missing end, because every write lands in reserved space that
// holds durable NUL bytes (reserved_file.h). Whatever follows the last
// complete record is the tail: a crash's leftovers, never acknowledged.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "trustgate/ledger/checkpoint.h"

namespace trustgate::ledger {

struct CheckpointLog {
  std::vector<SignedCheckpoint> checkpoints;  // the complete records, in order
  std::vector<uint64_t> ends;                 // the byte offset after each
  uint64_t end = 0;                           // after the last complete record (or the header)
  uint64_t data_end = 0;                      // after the last non-NUL byte of the file
};

// Parses checkpoints.log. Fails (Corruption) on a missing or wrong header
// line, a complete record that is not a checkpoint of `key`'s origin, sizes
// that do not grow, or a bad signature: the last record's always, every
// record's when `all_signatures`.
base::Result<CheckpointLog> read_checkpoint_log(std::string_view text, const NoteKey& key,
                                                bool all_signatures);

struct EntryLines {
  std::vector<uint64_t> offsets;  // where each complete line starts
  uint64_t end = 0;               // after the last complete line's "\n"
  uint64_t data_end = 0;          // after the last non-NUL byte of the file

  // Line `i` (< offsets.size()) of `text`, the text these were scanned in,
  // without its "\n".
  std::string_view line(std::string_view text, size_t i) const {
    const uint64_t next = i + 1 < offsets.size() ? offsets[i + 1] : end;
    return text.substr(offsets[i], next - 1 - offsets[i]);
  }
};

// The complete lines at the start of entries.log, at most `max_lines`.
EntryLines scan_entry_lines(std::string_view text, uint64_t max_lines);

// The offset after the last non-NUL byte of `text`.
uint64_t data_end_of(std::string_view text);

}  // namespace trustgate::ledger
