#include "trustgate/ledger/verify.h"

#include <algorithm>
#include <thread>
#include <vector>

#include "entry_chunks.h"
#include "log_scan.h"
#include "trustgate/common/json.h"
#include "trustgate/ledger/cosignature_log.h"
#include "trustgate/ledger/entry_check.h"
#include "trustgate/ledger/ledger.h"
#include "trustgate/ledger/merkle.h"
#include "trustgate/ledger/reader.h"

namespace trustgate::ledger {

namespace {

// entries.log is read this much at a time: small enough that reading, checking
// and folding overlap in a pipeline of many steps.
constexpr size_t kChunk = size_t{16} << 20;

std::string mismatch(size_t j, uint64_t from, uint64_t size) {
  std::string range =
      size - from == 1 ? "entry " + std::to_string(from)
                       : "one of entries " + std::to_string(from) + ".." + std::to_string(size - 1);
  return "checkpoint " + std::to_string(j) + " (size " + std::to_string(size) +
         ") does not match the entries: " + range + " or the checkpoint's root was altered";
}

// Walks the checkpoints in step with the entries: when the entries read so
// far reach a checkpoint's size, their root must be its root (and the older
// checkpoint's, with `against`).
class CheckpointCursor {
 public:
  CheckpointCursor(const std::vector<SignedCheckpoint>& cps,
                   const std::optional<SignedCheckpoint>& against)
      : cps_(cps), against_(against) {}

  base::Status check(const CompactRange& range) {
    while (next_ < cps_.size() && cps_[next_].checkpoint.size == range.size()) {
      if (cps_[next_].checkpoint.root != range.root()) {
        return base::corruption(mismatch(next_, verified_size_, range.size()));
      }
      verified_size_ = range.size();
      ++next_;
    }
    if (against_ && against_->checkpoint.size == range.size() &&
        against_->checkpoint.root != range.root()) {
      return base::corruption("the log is not consistent with the older checkpoint (size " +
                              std::to_string(range.size()) + "): an entry before it was altered");
    }
    return base::Status::Ok();
  }

 private:
  const std::vector<SignedCheckpoint>& cps_;
  const std::optional<SignedCheckpoint>& against_;
  size_t next_ = 0;
  uint64_t verified_size_ = 0;
};

base::Status check_first_entry(std::string_view line, const NoteKey& key) {
  auto e = common::parse_json(line);
  const common::Json* format = e ? e->find("format") : nullptr;
  if (!e || e->string_or_empty("event") != "ledger_created" || !format || !format->is_int() ||
      format->as_int() != kLedgerFormat) {
    return base::corruption("entry 0: not a ledger_created entry of format 2");
  }
  if (e->string_or_empty("origin") != key.name() ||
      e->string_or_empty("verifier_key") != key.verifier_key()) {
    return base::corruption("entry 0: names another origin or key than " + key.verifier_key());
  }
  return base::Status::Ok();
}

// Folds checked runs into `range`, in log order, checking each run's first
// seq and each checkpoint the entries reach.
// `first_line`: entry 0's text, when the runs start the log.
base::Status fold_runs(const std::vector<CheckedRun>& runs, std::string_view first_line,
                       const NoteKey& key, CompactRange& range, CheckpointCursor& cursor) {
  for (const CheckedRun& run : runs) {
    const uint64_t start = range.size();
    if (!run.leaves.empty() && run.first_seq != start) {
      return base::corruption("entry " + std::to_string(start) +
                              ": has \"seq\": " + std::to_string(run.first_seq) +
                              " (entries deleted, inserted or reordered)");
    }
    for (const Hash& leaf : run.leaves) {
      if (range.size() == 0) {
        if (auto s = check_first_entry(first_line, key); !s) return s.error();
      }
      range.append(leaf);
      if (auto s = cursor.check(range); !s) return s.error();
    }
    if (run.bad) {
      return base::corruption("entry " + std::to_string(range.size()) + ": " + run.problem);
    }
  }
  return base::Status::Ok();
}

// Checks the complete lines of entries.log, chunk by chunk, as a pipeline:
// while one chunk's lines are parsed and hashed on every core, the leaves of
// the chunk before are folded into `range` and the cursor on a thread of
// their own, and the next chunk is read behind them. Stops after `limit`
// lines; returns the byte offset after the last line. The first problem in
// log order is the one reported: a chunk's fold ends before the next begins.
base::Result<uint64_t> check_entries(base::File& file, uint64_t limit, const NoteKey& key,
                                     CompactRange& range, CheckpointCursor& cursor) {
  auto file_size = file.size();
  if (!file_size) return file_size.error();
  EntryChunks chunks(file, *file_size, kChunk);
  uint64_t scanned = 0;  // lines handed to the checks so far
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::thread folding;
  base::Status folded = base::Status::Ok();
  std::vector<CheckedRun> runs;
  std::string first_line;  // entry 0, checked when the fold reaches it
  auto wait_for_fold = [&]() -> base::Status {
    if (folding.joinable()) folding.join();
    return folded;
  };
  while (scanned < limit) {
    auto chunk = chunks.next(limit - scanned);
    if (!chunk) {
      if (auto s = wait_for_fold(); !s) return s.error();
      return chunk.error();
    }
    if (chunk->lines.offsets.empty()) break;
    if (scanned == 0) first_line.assign(chunk->lines.line(chunk->text, 0));
    // The lines are parsed in place: the buffer's bytes after them are readable.
    std::vector<CheckedRun> checked = check_lines(chunk->text, threads, chunk->readable);
    if (auto s = wait_for_fold(); !s) return s.error();
    runs = std::move(checked);
    folding = std::thread([&] { folded = fold_runs(runs, first_line, key, range, cursor); });
    scanned += chunk->lines.offsets.size();
    if (chunk->last) break;
  }
  if (auto s = wait_for_fold(); !s) return s.error();
  return chunks.offset();
}

// The older checkpoint, when given, is signed and not larger than the log.
base::Status check_against(const VerifyOptions& options, uint64_t size) {
  if (options.against) {
    if (!options.key.verifies(options.against->note)) {
      return base::corruption("the older checkpoint has no valid signature by " +
                              options.key.name());
    }
    if (options.against->checkpoint.size > size) {
      return base::corruption("the older checkpoint covers " +
                              std::to_string(options.against->checkpoint.size) +
                              " entries, more than the log's last checkpoint (" +
                              std::to_string(size) + "): entries were removed");
    }
  }
  return base::Status::Ok();
}

base::Status check_witnesses(const CosignatureSource& cosignatures,
                             const std::vector<SignedCheckpoint>& checkpoints,
                             const VerifyOptions& options, VerifyReport& report);

}  // namespace

base::Result<VerifyReport> verify_ledger(const std::filesystem::path& dir,
                                         const VerifyOptions& options) {
  base::Storage& storage = *options.storage;
  if (auto v1 = storage.exists(dir / "heads.log"); v1 && *v1) {
    if (auto v2 = storage.exists(dir / kCheckpointsFile); v2 && !*v2) {
      return base::Error{dir.string() +
                         " is a ledger of format 1 (heads.log); this version "
                         "verifies format 2 (checkpoints.log)"};
    }
  }
  auto cp_text = base::read_file(storage, dir / kCheckpointsFile);
  if (!cp_text) return cp_text.error();
  auto cps = read_checkpoint_log(*cp_text, options.key, options.all_signatures);
  if (!cps) return cps.error();
  if (cps->checkpoints.empty()) return base::corruption("checkpoints.log holds no checkpoint");
  const SignedCheckpoint& last = cps->checkpoints.back();
  const uint64_t size = last.checkpoint.size;
  if (auto s = check_against(options, size); !s) return s.error();
  auto file = storage.open(dir / kEntriesFile, base::OpenMode{});
  if (!file) return file.error();
  CompactRange range;
  CheckpointCursor cursor(cps->checkpoints, options.against);
  auto end = check_entries(**file, size, options.key, range, cursor);
  if (!end) return end.error();
  if (range.size() < size) {
    return base::corruption("the last checkpoint covers " + std::to_string(size) +
                            " entries but the log has " + std::to_string(range.size()) +
                            ": entries were deleted or truncated");
  }
  auto file_size = (*file)->size();
  if (!file_size) return file_size.error();
  // What follows the checkpointed content, in both files.
  std::string rest(*file_size > *end ? *file_size - *end : 0, '\0');
  auto n = (*file)->read_at(*end, rest.data(), rest.size());
  if (!n) return n.error();
  rest.resize(*n);
  VerifyReport report{size, cps->checkpoints.size(), last, 0};
  const uint64_t tail = data_end_of(rest) + (cps->data_end - cps->end);
  if (tail > 0) {
    auto lock = storage.lock(dir / kLockFile);
    if (lock || lock.error().kind != base::ErrorKind::Busy) {
      EntryLines extra = scan_entry_lines(rest, UINT64_MAX);
      return base::corruption(
          std::to_string(tail) + " bytes after the last checkpoint (" +
          std::to_string(extra.offsets.size()) +
          " complete entries) were never acknowledged and are not part of the log: a crash "
          "before their checkpoint was written, or text added by hand. Opening the ledger for "
          "writing (any write command, or `trustgate serve`) removes them");
    }
    report.in_flight_bytes = tail;
  }
  const CosignatureSource in_dir = [&] { return CosignatureLog::open(dir, options.storage); };
  if (auto s = check_witnesses(in_dir, cps->checkpoints, options, report); !s) return s.error();
  return report;
}

namespace {

// With witnesses: some checkpoint carries a quorum of their cosignatures.
base::Status check_witnesses(const CosignatureSource& open_cosignatures,
                             const std::vector<SignedCheckpoint>& checkpoints,
                             const VerifyOptions& options, VerifyReport& report) {
  if (!options.witnesses.empty()) {
    auto cosignatures = open_cosignatures();
    if (!cosignatures) return cosignatures.error();
    const size_t quorum = options.quorum ? options.quorum : options.witnesses.size();
    for (auto it = checkpoints.rbegin(); it != checkpoints.rend(); ++it) {
      std::vector<NoteSignature> sigs = (*cosignatures)->of(it->checkpoint);
      std::vector<std::string> by;
      for (const CosignerKey& w : options.witnesses) {
        if (w.cosigned_at(it->note.text, sigs)) by.push_back(w.name());
      }
      if (by.size() >= quorum) {
        report.witnessed_size = it->checkpoint.size;
        report.witnessed_by = std::move(by);
        break;
      }
    }
    if (report.witnessed_by.empty()) {
      return base::corruption("no checkpoint carries cosignatures of " + std::to_string(quorum) +
                              " of the " + std::to_string(options.witnesses.size()) +
                              " witnesses named");
    }
  }
  return base::Status::Ok();
}

}  // namespace

base::Result<VerifyReport> verify_ledger_entries(std::string_view checkpoint_log,
                                                 const EntryReader& read,
                                                 const VerifyOptions& options,
                                                 const CosignatureSource& cosignatures) {
  auto cps = read_checkpoint_log(checkpoint_log, options.key, options.all_signatures);
  if (!cps) return cps.error();
  if (cps->checkpoints.empty()) return base::corruption("the log holds no checkpoint");
  const SignedCheckpoint& last = cps->checkpoints.back();
  const uint64_t size = last.checkpoint.size;
  if (auto s = check_against(options, size); !s) return s.error();
  CompactRange range;
  CheckpointCursor cursor(cps->checkpoints, options.against);
  std::string scratch;
  constexpr size_t kRead = 4096;  // entries read at a time
  while (range.size() < size) {
    auto entries = read(range.size(), std::min<uint64_t>(kRead, size - range.size()));
    if (!entries) return entries.error();
    if (entries->empty()) break;
    for (const std::string& e : *entries) {
      const uint64_t seq = range.size();
      if (std::string problem = check_line(e, seq, scratch); !problem.empty()) {
        return base::corruption("entry " + std::to_string(seq) + ": " + problem);
      }
      if (seq == 0) {
        if (auto s = check_first_entry(e, options.key); !s) return s.error();
      }
      range.append(leaf_hash(e));
      if (auto s = cursor.check(range); !s) return s.error();
    }
  }
  if (range.size() < size) {
    return base::corruption("the last checkpoint covers " + std::to_string(size) +
                            " entries but the log has " + std::to_string(range.size()) +
                            ": entries were deleted");
  }
  auto beyond = read(size, 1);
  if (!beyond) return beyond.error();
  if (!beyond->empty()) {
    return base::corruption("entries after the last checkpoint (from " + std::to_string(size) +
                            ") are not covered by any checkpoint: added by hand?");
  }
  VerifyReport report{size, cps->checkpoints.size(), last, 0};
  if (auto s = check_witnesses(cosignatures, cps->checkpoints, options, report); !s) {
    return s.error();
  }
  return report;
}

}  // namespace trustgate::ledger
