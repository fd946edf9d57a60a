#include "trustgate/ledger/ledger.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "cedar/json.h"
#include "trustgate/common/file_util.h"

namespace trustgate::ledger {

namespace {

using common::errno_error;

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Takes an exclusive lock on `fd`, waiting up to ten seconds for another
// process to release it.
cedar::Status lock_exclusive(int fd, const std::filesystem::path& path) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return cedar::Status::Ok();
    if (errno != EWOULDBLOCK && errno != EINTR) return errno_error("cannot lock", path);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return cedar::Error{"the ledger " + path.string() + " is in use by another process"};
}

// A stored entry as the committer wrote it: a JSON object on one line. This
// is a cheap check for recovery; `ledger verify` checks the canonical form.
bool plausible_entry(std::string_view line) {
  return line.size() >= 2 && line.front() == '{' && line.back() == '}' &&
         line.find('\0') == std::string_view::npos;
}

int open_file(const std::filesystem::path& path, bool create, bool append) {
  int flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0) | (append ? O_APPEND : 0);
  return ::open(path.c_str(), flags, 0644);
}

bool pwrite_all(int fd, std::string_view data, uint64_t offset) {
  while (!data.empty()) {
    ssize_t n = ::pwrite(fd, data.data(), data.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
    offset += static_cast<uint64_t>(n);
  }
  return true;
}

// Overwrites [from, to) with NUL bytes.
bool write_zeros(int fd, uint64_t from, uint64_t to) {
  static const std::string kZeros(1 << 20, '\0');
  while (from < to) {
    uint64_t n = std::min<uint64_t>(to - from, kZeros.size());
    if (!pwrite_all(fd, std::string_view(kZeros).substr(0, n), from)) return false;
    from += n;
  }
  return true;
}

cedar::Status truncate_to(int fd, uint64_t size, const std::filesystem::path& path) {
  if (::ftruncate(fd, static_cast<off_t>(size)) != 0 || ::fsync(fd) != 0) {
    return errno_error("cannot truncate the torn end of", path);
  }
  return cedar::Status::Ok();
}

}  // namespace

cedar::Result<std::unique_ptr<Ledger>> Ledger::open(LedgerOptions options) {
  if (options.origin.empty()) return cedar::Error{"ledger: the origin must not be empty"};
  if (!options.key.has_private()) return cedar::Error{"ledger: the signing key is missing"};
  std::error_code ec;
  if (options.create) std::filesystem::create_directories(options.dir, ec);
  if (!std::filesystem::is_directory(options.dir)) {
    return cedar::Error{"no ledger directory " + options.dir.string()};
  }
  std::unique_ptr<Ledger> ledger(new Ledger(std::move(options)));
  const auto& dir = ledger->options_.dir;
  const bool create = ledger->options_.create;
  ledger->entries_fd_ = open_file(dir / kEntriesFile, create, false);
  if (ledger->entries_fd_ < 0) return errno_error("cannot open", dir / kEntriesFile);
  if (auto s = lock_exclusive(ledger->entries_fd_, dir / kEntriesFile); !s) return s.error();
  ledger->heads_fd_ = open_file(dir / kHeadsFile, create, true);
  if (ledger->heads_fd_ < 0) return errno_error("cannot open", dir / kHeadsFile);
  if (create) {
    if (auto s = common::fsync_directory(dir); !s) return s.error();
  }
  if (auto s = ledger->recover(); !s) return s.error();
  ledger->open_batch_ = std::make_shared<Batch>();
  return ledger;
}

Ledger::~Ledger() {
  if (heads_fd_ >= 0) {
    ::fdatasync(heads_fd_);
    ::close(heads_fd_);
  }
  if (entries_fd_ >= 0) ::close(entries_fd_);  // releases the flock
}

cedar::Status Ledger::recover() {
  const auto entries_path = options_.dir / kEntriesFile;
  auto text = common::read_whole_file(entries_path);
  if (!text) return text.error();
  // Lines up to the reserved space (NUL bytes) or a torn final write.
  uint64_t pos = 0;
  std::optional<uint64_t> bad_entry;
  while (pos < text->size() && (*text)[pos] != '\0') {
    size_t nl = text->find('\n', pos);
    if (nl == std::string::npos) break;  // torn
    std::string_view line(text->data() + pos, nl - pos);
    if (line.find('\0') != line.npos) break;  // torn, then reserved space
    if (!plausible_entry(line)) {
      bad_entry = offsets_.size();
      break;
    }
    offsets_.push_back(pos);
    tree_.append(leaf_hash(line));
    pos = nl + 1;
  }
  // Bytes after the last good line that are not reserved space: a torn write.
  uint64_t torn_end = pos;
  while (torn_end < text->size() && (*text)[torn_end] != '\0') ++torn_end;
  auto heads = common::read_whole_file(options_.dir / kHeadsFile);
  if (!heads) return heads.error();
  if (auto s = recover_heads(*heads); !s) return s;
  const uint64_t signed_size = head_.origin.empty() ? 0 : head_.size;
  if (bad_entry && *bad_entry < signed_size) {
    return cedar::Error{"ledger entry " + std::to_string(*bad_entry) +
                        " is damaged and covered by a signed tree head; run `ledger verify`"};
  }
  if (torn_end > pos) {
    if (!write_zeros(entries_fd_, pos, torn_end) || ::fdatasync(entries_fd_) != 0) {
      return errno_error("cannot clear the torn end of", entries_path);
    }
  }
  end_ = pos;
  allocated_ = text->size();
  next_seq_ = tree_.size();
  if (signed_size > tree_.size()) {
    return cedar::Error{"the signed tree head covers " + std::to_string(signed_size) +
                        " entries but " + entries_path.string() + " holds only " +
                        std::to_string(tree_.size()) + ": entries were removed"};
  }
  if (!head_.origin.empty()) {
    if (head_.origin != options_.origin) {
      return cedar::Error{"the ledger's origin is \"" + head_.origin + "\", expected \"" +
                          options_.origin + "\""};
    }
    if (tree_.root(signed_size) != head_.root) {
      return cedar::Error{"the ledger's entries do not match its last signed tree head (size " +
                          std::to_string(signed_size) + "); run `ledger verify`"};
    }
    if (!signature_valid(head_, options_.key)) {
      return cedar::Error{"the last tree head's signature does not match the ledger's key"};
    }
  }
  if (head_.origin.empty() || signed_size < tree_.size()) {
    auto head = write_head(tree_.size(), tree_.root(), true);
    if (!head) return head.error();
    head_ = std::move(*head);
  }
  return cedar::Status::Ok();
}

// Reads heads.log: keeps the last complete head in head_, cuts off a torn
// final block, and refuses a damaged block that is followed by others.
cedar::Status Ledger::recover_heads(const std::string& text) {
  std::string_view rest(text);
  uint64_t good = 0, index = 0;
  while (!rest.empty()) {
    size_t used = 0;
    auto head = parse_tree_head(rest, &used);
    if (!head) {
      size_t lines = static_cast<size_t>(std::count(rest.begin(), rest.end(), '\n'));
      if (lines >= 6) {
        return cedar::Error{"heads.log: tree head " + std::to_string(index) +
                            " is damaged: " + head.error().message};
      }
      break;  // a torn final block
    }
    head_ = std::move(*head);
    rest.remove_prefix(used);
    good += used;
    ++index;
  }
  if (good < text.size()) return truncate_to(heads_fd_, good, options_.dir / kHeadsFile);
  return cedar::Status::Ok();
}

// Signs a head for (size, root) and appends it to heads.log (fdatasync'ed
// when `sync`). Called by recover() and by the leader.
cedar::Result<SignedTreeHead> Ledger::write_head(uint64_t size, const Hash& root, bool sync) {
  auto head = sign_tree_head(options_.origin, size, root, common::now_utc_rfc3339(), options_.key);
  if (!head) return head.error();
  if (!write_all(heads_fd_, head->to_text()) || (sync && ::fdatasync(heads_fd_) != 0)) {
    return errno_error("cannot write", options_.dir / kHeadsFile);
  }
  return head;
}

cedar::Result<uint64_t> Ledger::append(common::Json event) {
  if (!event.is_object()) return cedar::Error{"a ledger event must be a JSON object"};
  // The canonical text around "seq", built before taking the lock.
  std::string before, after;
  for (const auto& [key, value] : event.as_object()) {
    if (key == "seq") continue;
    std::string& out = key < "seq" ? before : after;
    out += ',';
    cedar::append_json_string(out, key);
    out += ':';
    value.append_canonical(out);
  }
  std::unique_lock lk(mu_);
  if (failed_) return cedar::Error{"the ledger failed earlier: " + failed_->message};
  const uint64_t seq = next_seq_++;
  std::shared_ptr<Batch> batch = open_batch_;
  std::string& lines = batch->lines;
  lines += '{';
  lines.append(before, before.empty() ? 0 : 1);  // without its leading comma
  lines += before.empty() ? "\"seq\":" : ",\"seq\":";
  lines += std::to_string(seq);
  lines += after;
  lines += "}\n";
  batch->ends.push_back(static_cast<uint32_t>(lines.size()));
  while (true) {
    if (!committing_ && open_batch_ == batch) {
      lead(lk, batch);
      break;
    }
    // Sleep without the lock until the batch is done or may lead; waking
    // does not contend for the mutex.
    const int seen = batch->state.load(std::memory_order_acquire);
    if (seen == Batch::kDone) break;  // another appender led it while we woke
    lk.unlock();
    batch->state.wait(seen, std::memory_order_acquire);
    if (batch->state.load(std::memory_order_acquire) == Batch::kDone) break;
    lk.lock();
  }
  if (batch->error) return *batch->error;
  return seq;
}

// The leader writes the open batch (its own entry and all queued with it).
// The lock is held on entry and exit, and released around the I/O, the
// hashing and the signing; committing_ keeps other leaders out meanwhile.
void Ledger::lead(std::unique_lock<std::mutex>& lk, const std::shared_ptr<Batch>& batch) {
  committing_ = true;
  open_batch_ = std::make_shared<Batch>();
  const std::optional<cedar::Error> failed = failed_;
  lk.unlock();
  cedar::Status status = failed ? cedar::Status(*failed) : commit(*batch);
  std::vector<Hash> leaves;
  for (uint32_t begin = 0, i = 0; status && i < batch->ends.size(); begin = batch->ends[i++]) {
    leaves.push_back(
        leaf_hash(std::string_view(batch->lines).substr(begin, batch->ends[i] - begin - 1)));
  }
  uint64_t size = 0;
  Hash root{};
  if (status) {
    lk.lock();
    for (size_t i = 0; i < leaves.size(); ++i) {
      offsets_.push_back(end_ + (i ? batch->ends[i - 1] : 0));
      tree_.append(leaves[i]);
    }
    end_ += batch->lines.size();
    size = tree_.size();
    root = tree_.root();
    lk.unlock();
  }
  cedar::Result<SignedTreeHead> head =
      status ? write_head(size, root, false) : cedar::Result<SignedTreeHead>(status.error());
  lk.lock();
  if (head) {
    head_ = std::move(*head);
  } else {
    failed_ = head.error();
    batch->error = head.error();
  }
  ++batches_;
  committing_ = false;
  batch->state.store(Batch::kDone, std::memory_order_release);
  batch->state.notify_all();
  // Appenders that queued meanwhile: one of them leads the next batch.
  if (!open_batch_->ends.empty()) {
    open_batch_->state.store(Batch::kMayLead, std::memory_order_release);
    open_batch_->state.notify_one();
  }
}

// Writes one batch with one pwrite() and one fdatasync(); only the leader
// runs it, without the lock (end_ and allocated_ change only here and in
// lead(), both while committing_).
cedar::Status Ledger::commit(const Batch& batch) {
  const auto path = options_.dir / kEntriesFile;
  if (end_ + batch.lines.size() > allocated_) {
    // Reserve space ahead, as written NUL bytes, and make the new size
    // durable once; later appends overwrite them in place, so their
    // fdatasync has no file size or extent change to journal.
    uint64_t grow = std::clamp<uint64_t>(allocated_ / 2, kMinReserve, kMaxReserve);
    uint64_t target = std::max(end_ + batch.lines.size(), allocated_ + grow);
    if (!write_zeros(entries_fd_, allocated_, target) || ::fsync(entries_fd_) != 0) {
      return errno_error("cannot reserve space in", path);
    }
    allocated_ = target;
  }
  if (!pwrite_all(entries_fd_, batch.lines, end_) || ::fdatasync(entries_fd_) != 0) {
    return errno_error("cannot write", path);
  }
  return cedar::Status::Ok();
}

uint64_t Ledger::size() const {
  std::lock_guard lk(mu_);
  return tree_.size();
}

SignedTreeHead Ledger::head() const {
  std::lock_guard lk(mu_);
  return head_;
}

uint64_t Ledger::batches() const {
  std::lock_guard lk(mu_);
  return batches_;
}

Hash Ledger::leaf(uint64_t index) const {
  std::lock_guard lk(mu_);
  return tree_.leaf(index);
}

cedar::Result<std::string> Ledger::entry(uint64_t index) const {
  uint64_t begin = 0, end = 0;
  {
    std::lock_guard lk(mu_);
    if (index >= tree_.size()) return cedar::Error{"no ledger entry " + std::to_string(index)};
    begin = offsets_[index];
    end = index + 1 < offsets_.size() ? offsets_[index + 1] : end_;
  }
  std::string out(end - begin - 1, '\0');
  ssize_t n = ::pread(entries_fd_, out.data(), out.size(), static_cast<off_t>(begin));
  if (n != static_cast<ssize_t>(out.size())) {
    return errno_error("cannot read", options_.dir / kEntriesFile);
  }
  return out;
}

cedar::Result<std::vector<Hash>> Ledger::inclusion_proof(uint64_t index, uint64_t tree_size) const {
  std::lock_guard lk(mu_);
  return tree_.inclusion_proof(index, tree_size);
}

cedar::Result<std::vector<Hash>> Ledger::consistency_proof(uint64_t old_size,
                                                           uint64_t new_size) const {
  std::lock_guard lk(mu_);
  return tree_.consistency_proof(old_size, new_size);
}

}  // namespace trustgate::ledger
