#include "log_scan.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "trustgate/ledger/ledger.h"

namespace trustgate::ledger {

uint64_t data_end_of(std::string_view text) {
  // Eight bytes at a time over the reserve (megabytes of NUL bytes).
  size_t n = text.size();
  while (n >= 8) {
    uint64_t word = 0;
    std::memcpy(&word, text.data() + n - 8, 8);
    if (word != 0) break;
    n -= 8;
  }
  while (n > 0 && text[n - 1] == '\0') --n;
  return n;
}

base::Result<CheckpointLog> read_checkpoint_log(std::string_view text, const NoteKey& key,
                                                bool all_signatures) {
  const std::string_view header = kCheckpointsHeader;
  CheckpointLog log;
  log.data_end = data_end_of(text);
  if (text.substr(0, header.size()) != header) {
    if (log.data_end == 0)
      return base::corruption("checkpoints.log is empty: it holds no checkpoint");
    return base::corruption("checkpoints.log does not start with \"" +
                            std::string(header.substr(0, header.size() - 1)) + "\"");
  }
  uint64_t pos = header.size();
  log.end = pos;
  // The records end at the first NUL byte (found once: searching from each
  // record would read the rest of the log again per record).
  const uint64_t content_end = std::min<uint64_t>(text.find('\0', pos), text.size());
  while (pos < content_end) {
    std::string_view rest = text.substr(pos, content_end - pos);
    size_t used = 0;
    auto note = parse_note(rest, &used);
    if (!note) break;  // incomplete: the tail
    const size_t index = log.checkpoints.size();
    const std::string where = "checkpoint " + std::to_string(index) + " in checkpoints.log";
    auto cp = parse_checkpoint_text(note->text);
    if (!cp) return base::corruption(where + ": " + cp.error().message);
    if (cp->origin != key.name()) {
      return base::corruption(where + " names the origin \"" + cp->origin + "\", not \"" +
                              key.name() + "\"");
    }
    if (index > 0 && cp->size <= log.checkpoints.back().checkpoint.size) {
      return base::corruption(where + " (size " + std::to_string(cp->size) +
                              ") is not larger than the one before");
    }
    log.checkpoints.push_back(SignedCheckpoint{std::move(*cp), std::move(*note)});
    pos += used;
    log.ends.push_back(pos);
    log.end = pos;
  }
  for (size_t i = all_signatures ? 0 : (log.checkpoints.empty() ? 0 : log.checkpoints.size() - 1);
       i < log.checkpoints.size(); ++i) {
    if (!key.verifies(log.checkpoints[i].note)) {
      return base::corruption("checkpoint " + std::to_string(i) + " (size " +
                              std::to_string(log.checkpoints[i].checkpoint.size) +
                              ") has no valid signature by " + key.name());
    }
  }
  return log;
}

EntryLines scan_entry_lines(std::string_view text, uint64_t max_lines) {
  EntryLines out;
  out.data_end = data_end_of(text);
  uint64_t pos = 0;
  while (out.offsets.size() < max_lines && pos < text.size() && text[pos] != '\0') {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;
    if (text.substr(pos, nl - pos).find('\0') != std::string_view::npos) break;
    out.offsets.push_back(pos);
    pos = nl + 1;
  }
  out.end = pos;
  return out;
}

}  // namespace trustgate::ledger
