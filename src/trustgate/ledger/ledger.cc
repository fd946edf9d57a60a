#include "trustgate/ledger/ledger.h"

#include "base/clock.h"
#include "base/json_string.h"
#include "file_ledger.h"
#include "log_scan.h"
#include "reserved_file.h"

namespace trustgate::ledger {

namespace {

namespace fs = std::filesystem;

base::Result<std::unique_ptr<base::File>> open_log(base::Storage& storage, const fs::path& path,
                                                   bool writable) {
  auto file = storage.open(path, base::OpenMode{writable, false, false, 0600});
  if (!file && file.error().kind == base::ErrorKind::NotFound) {
    return base::not_found("no ledger file " + path.string());
  }
  return file;
}

// The canonical text of `event` with "seq" set to `seq` (the member is
// inserted in key order).
std::string entry_line(common::Json& event, uint64_t seq) {
  event.set("seq", seq);
  std::string out = event.canonical();
  out += '\n';
  return out;
}

base::Error format_1_error(const fs::path& dir) {
  return base::Error{
      dir.string() +
      " holds a ledger in format 1 (heads.log, written by trustgate before December 2026), "
      "which this version does not open: its tree heads are not C2SP checkpoints, and a "
      "log cannot be re-signed in place. Keep it as an archive (the trustgate version that "
      "wrote it verifies it) and start a new data directory with `trustgate init`."};
}

}  // namespace

FileLedger::FileLedger(LedgerOptions options) : options_(std::move(options)) {}

FileLedger::~FileLedger() = default;

base::Result<std::unique_ptr<Ledger>> Ledger::create(LedgerOptions options) {
  if (!options.key.has_private()) return base::Error{"ledger: creating needs the signing key"};
  base::Storage& storage = *options.storage;
  const fs::path dir = options.dir;
  auto exists = storage.exists(dir);
  if (!exists) return exists.error();
  if (*exists) {
    auto names = storage.list_dir(dir);
    if (!names) return names.error();
    if (!names->empty()) return base::conflict(dir.string() + " already holds files");
  } else {
    if (auto s = storage.create_dir(dir, 0700); !s) return s.error();
    const fs::path parent = dir.parent_path();
    if (auto s = storage.sync_dir(parent.empty() ? fs::path(".") : parent); !s) return s.error();
  }
  auto key = NoteKey::make(options.origin, options.key.public_only());
  if (!key) return key.error();
  // Entry 0 names the log, its format and its key.
  common::Json created = common::Json::object();
  created.set("event", "ledger_created");
  created.set("format", kLedgerFormat);
  created.set("origin", options.origin);
  created.set("verifier_key", key->verifier_key());
  created.set("at", base::now_utc_rfc3339());
  const std::string line = entry_line(created, 0);
  auto signer = NoteKey::make(options.origin, options.key);
  if (!signer) return signer.error();
  auto cp = sign_checkpoint(
      Checkpoint{options.origin, 1, leaf_hash(line.substr(0, line.size() - 1))}, *signer);
  if (!cp) return cp.error();
  if (auto s = base::create_file(storage, dir / kEntriesFile, line); !s) return s.error();
  if (auto s = base::create_file(storage, dir / kCheckpointsFile,
                                 std::string(kCheckpointsHeader) + cp->note.to_string());
      !s) {
    return s.error();
  }
  return open(std::move(options));
}

base::Result<std::unique_ptr<Ledger>> Ledger::open(LedgerOptions options) {
  return FileLedger::open(std::move(options), true);
}

base::Result<std::unique_ptr<Ledger>> Ledger::open_read_only(LedgerOptions options) {
  return FileLedger::open(std::move(options), false);
}

base::Result<std::unique_ptr<Ledger>> FileLedger::open(LedgerOptions options, bool writable) {
  if (writable && !options.key.has_private()) {
    return base::Error{"ledger: writing needs the signing key"};
  }
  std::unique_ptr<FileLedger> ledger(new FileLedger(std::move(options)));
  if (auto s = ledger->load(writable); !s) return s.error();
  return std::unique_ptr<Ledger>(std::move(ledger));
}

// Reads both logs, checks them against each other (ledger.h, "Recovery")
// and, when writable, clears what followed the last checkpoint.
base::Status FileLedger::load(bool writable) {
  base::Storage& storage = *options_.storage;
  const fs::path& dir = options_.dir;
  auto key = NoteKey::make(options_.origin, options_.key.public_only());
  if (!key) return key.error();
  note_key_ = std::move(*key);
  read_only_ = !writable;
  if (writable) {
    auto lock = storage.lock(dir / kLockFile);
    if (!lock) {
      if (lock.error().kind == base::ErrorKind::Busy) {
        return base::busy("the ledger " + dir.string() +
                          " is in use by another process (a running `trustgate serve`?); while a "
                          "server holds it, make changes through its API");
      }
      return lock.error();
    }
    lock_ = std::move(*lock);
    auto signer = NoteKey::make(options_.origin, options_.key);
    if (!signer) return signer.error();
    signer_ = std::move(*signer);
  }
  auto v1 = storage.exists(dir / "heads.log");
  auto v2 = storage.exists(dir / kCheckpointsFile);
  if (!v1 || !v2) return !v1 ? v1.error() : v2.error();
  if (*v1 && !*v2) return format_1_error(dir);
  auto cp_file = open_log(storage, dir / kCheckpointsFile, writable);
  if (!cp_file) return cp_file.error();
  auto entries_file = open_log(storage, dir / kEntriesFile, writable);
  if (!entries_file) return entries_file.error();
  // The checkpoints first: a writer syncs entries before the checkpoint that
  // covers them, so the entries read next hold at least as many.
  auto cp_text = base::read_file(storage, dir / kCheckpointsFile);
  if (!cp_text) return cp_text.error();
  auto cps = read_checkpoint_log(*cp_text, note_key_, false);
  if (!cps) return cps.error();
  auto text = base::read_file(storage, dir / kEntriesFile);
  if (!text) return text.error();
  EntryLines lines = scan_entry_lines(*text, UINT64_MAX);
  if (cps->checkpoints.empty()) {
    return base::corruption("the ledger " + dir.string() + " holds " +
                            std::to_string(lines.offsets.size()) +
                            " entries but no checkpoint: refusing to open it (checkpoints.log "
                            "was emptied or replaced); run `trustgate ledger verify`");
  }
  checkpoint_ = cps->checkpoints.back();
  const uint64_t size = checkpoint_.checkpoint.size;
  if (lines.offsets.size() < size) {
    return base::corruption("the last checkpoint covers " + std::to_string(size) +
                            " entries but entries.log holds " +
                            std::to_string(lines.offsets.size()) +
                            ": entries were removed; run `trustgate ledger verify`");
  }
  if (auto s = index_entries(*text, lines.offsets, size); !s) return s;
  if (tree_.root() != checkpoint_.checkpoint.root) {
    return base::corruption("the entries of " + dir.string() +
                            " do not match its last checkpoint (size " + std::to_string(size) +
                            "): an entry was altered; run `trustgate ledger verify`");
  }
  auto created =
      common::parse_json(std::string_view(*text).substr(0, size ? offsets_.length(0) : 0));
  const common::Json* format = created ? created->find("format") : nullptr;
  if (!created || created->string_or_empty("event") != "ledger_created" || !format ||
      !format->is_int() || format->as_int() != kLedgerFormat ||
      created->string_or_empty("origin") != options_.origin) {
    return base::corruption("entry 0 of " + dir.string() +
                            " is not this ledger's ledger_created entry (format 2, origin \"" +
                            options_.origin + "\")");
  }
  next_seq_ = size;
  auto cp_size = (*cp_file)->size();
  auto entries_size = (*entries_file)->size();
  if (!cp_size || !entries_size) return !cp_size ? cp_size.error() : entries_size.error();
  entries_ =
      std::make_unique<ReservedFile>(std::move(*entries_file), dir / kEntriesFile, entries_end_,
                                     *entries_size, options_.min_reserve, options_.max_reserve);
  checkpoints_ =
      std::make_unique<ReservedFile>(std::move(*cp_file), dir / kCheckpointsFile, cps->end,
                                     *cp_size, options_.min_reserve, options_.max_reserve);
  if (writable) {
    // Never acknowledged: entries after the checkpoint, a torn checkpoint.
    if (auto s = entries_->clear_tail(lines.data_end); !s) return s;
    if (auto s = checkpoints_->clear_tail(cps->data_end); !s) return s;
    open_batch_ = std::make_shared<Batch>();
  }
  return base::Status::Ok();
}

// Fills offsets_ and tree_ with the first `size` of the lines starting at
// `starts` in `text` (entries.log).
base::Status FileLedger::index_entries(std::string_view text, const std::vector<uint64_t>& starts,
                                       uint64_t size) {
  if (auto s = open_tree(); !s) return s;
  offsets_ = EntryOffsets();
  entries_end_ = size == 0 ? 0 : text.find('\n', starts[size - 1]) + 1;
  for (uint64_t i = 0; i < size; ++i) {
    const uint64_t end = (i + 1 < size ? starts[i + 1] : entries_end_) - 1;
    if (end - starts[i] > kMaxEntryBytes) {
      return base::corruption("entry " + std::to_string(i) + " of " + options_.dir.string() +
                              " is longer than a ledger entry may be (" +
                              std::to_string(kMaxEntryBytes) +
                              " bytes); run `trustgate ledger verify`");
    }
    offsets_.push(starts[i], end - starts[i]);
    if (auto s = tree_.append(leaf_hash(text.substr(starts[i], end - starts[i]))); !s) return s;
  }
  return base::Status::Ok();
}

base::Result<uint64_t> Ledger::append(common::Json event) {
  return append_all([&](uint64_t) -> base::Result<std::vector<common::Json>> {
    std::vector<common::Json> events;
    events.push_back(std::move(event));
    return events;
  });
}

base::Result<uint64_t> FileLedger::append_all(const EventMaker& make) {
  if (read_only_) return base::Error{"the ledger was opened read-only"};
  std::unique_lock lk(mu_);
  if (failed_) return base::io_error("the ledger failed earlier: " + failed_->message);
  const uint64_t first = next_seq_;
  auto events = make(first);
  if (!events) return events.error();
  if (events->empty()) return base::Error{"nothing to append"};
  // Written straight into the open batch; taken back out when an entry is
  // refused, so that nothing of this unit is appended.
  std::shared_ptr<Batch> batch = open_batch_;
  const size_t lines_before = batch->lines.size(), ends_before = batch->ends.size();
  auto refuse = [&](std::string message) {
    batch->lines.resize(lines_before);
    batch->ends.resize(ends_before);
    return base::Error{std::move(message)};
  };
  for (size_t i = 0; i < events->size(); ++i) {
    common::Json& e = (*events)[i];
    if (!e.is_object()) return refuse("a ledger event must be a JSON object");
    const size_t begin = batch->lines.size();
    e.set("seq", first + i);
    e.append_canonical(batch->lines);
    batch->lines += '\n';
    if (batch->lines.size() - begin > kMaxEntryBytes) {
      return refuse("a ledger entry may hold at most " + std::to_string(kMaxEntryBytes) + " bytes");
    }
    batch->ends.push_back(static_cast<uint32_t>(batch->lines.size()));
  }
  if (ends_before == 0) batch->first_seq = first;
  for (common::Json& e : *events) batch->events.push_back(std::move(e));
  next_seq_ += events->size();
  while (true) {
    if (!committing_ && open_batch_ == batch) {
      lead(lk, batch);
      break;
    }
    // Sleep without the lock until the batch is done or may lead; waking
    // contends for the batch's wait_mu only, not for mu_.
    const int seen = batch->state.load(std::memory_order_acquire);
    if (seen == Batch::kDone) break;
    lk.unlock();
    batch->wait_past(seen);
    if (batch->state.load(std::memory_order_acquire) == Batch::kDone) break;
    lk.lock();
  }
  if (batch->error) return *batch->error;
  return first;
}

// The leader commits the open batch (its own entries and all queued with
// them), then, while more are queued and up to kBatchesPerLeader batches,
// the next: the entries that arrived during a commit are committed right
// after it, by a thread that is already running, while the appenders just
// woken run on the other cores. Then it hands the next batch to one of its
// appenders. The lock is held on entry and exit and released around the
// I/O, the signing and the waking; committing_ keeps other leaders out.
void FileLedger::lead(std::unique_lock<std::mutex>& lk, std::shared_ptr<Batch> batch) {
  constexpr int kBatchesPerLeader = 16;  // bounds how long a leader's caller waits
  committing_ = true;
  for (int led = 1;; ++led) {
    open_batch_ = std::make_shared<Batch>();
    const std::optional<base::Error> failed = failed_;
    lk.unlock();
    base::Result<Checkpoint> done = failed ? base::Result<Checkpoint>(*failed) : commit(*batch);
    // The store applies it; a failure there is the listener's to record (the
    // entries are durable: they stay).
    if (done && listener_)
      (void)listener_(batch->first_seq, batch->events, batch->entries(), *done);
    lk.lock();
    if (!done) {
      failed_ = done.error();
      batch->error = done.error();
    }
    ++batches_;
    std::shared_ptr<Batch> next = open_batch_;
    const bool more = !next->ends.empty();
    const bool hand_over = more && led == kBatchesPerLeader;
    if (!more || hand_over) committing_ = false;
    // One of the next batch's appenders leads it (unless a new appender
    // takes the lead first). Set under the lock: no one leads it before.
    if (hand_over) next->set_state(Batch::kMayLead);
    lk.unlock();
    batch->set_state(Batch::kDone);
    batch->woken.notify_all();
    if (hand_over) next->woken.notify_one();
    lk.lock();
    if (!more || hand_over) return;
    batch = std::move(next);
  }
}

// Entries first (written and synced), then the checkpoint that covers them
// (signed, written and synced). Runs without the lock; only the leader
// writes the files.
base::Result<Checkpoint> FileLedger::commit(Batch& batch) {
  const uint64_t start = entries_->end();
  if (auto s = entries_->append_durably(batch.lines); !s) return s.error();
  std::vector<Hash> leaves;
  leaves.reserve(batch.ends.size());
  for (std::string_view entry : batch.entries()) leaves.push_back(leaf_hash(entry));
  Checkpoint next;
  {
    std::lock_guard lk(mu_);
    for (size_t i = 0; i < leaves.size(); ++i) {
      const uint32_t begin = i ? batch.ends[i - 1] : 0;
      // A failed write of the tree's side file: the ledger fails (as for a
      // failed write of its own files); the leaves after stay out.
      if (auto s = tree_.append(leaves[i]); !s) return s.error();
      offsets_.push(start + begin, batch.ends[i] - begin - 1);
    }
    entries_end_ = entries_->end();
    next = Checkpoint{options_.origin, tree_.size(), tree_.root()};
  }
  auto cp = sign_checkpoint(std::move(next), signer_);
  if (!cp) return cp.error();
  if (auto s = checkpoints_->append_durably(cp->note.to_string()); !s) return s.error();
  std::lock_guard lk(mu_);
  checkpoint_ = std::move(*cp);
  return checkpoint_.checkpoint;
}

base::Result<std::string> FileLedger::entry(uint64_t index) const {
  uint64_t begin = 0, length = 0;
  {
    std::lock_guard lk(mu_);
    if (index >= checkpoint_.checkpoint.size) {
      return base::not_found("no ledger entry " + std::to_string(index));
    }
    begin = offsets_.begin(index);
    length = offsets_.length(index);
  }
  std::string out(length, '\0');
  auto n = entries_->file().read_at(begin, out.data(), out.size());
  if (!n) return n.error();
  if (*n != out.size()) return base::io_error("short read of " + entries_->path().string());
  return out;
}

}  // namespace trustgate::ledger
