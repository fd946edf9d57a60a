#include "trustgate/ledger/verify.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "trustgate/common/file_util.h"
#include "trustgate/common/json.h"
#include "trustgate/ledger/entry_check.h"
#include "trustgate/ledger/ledger.h"
#include "trustgate/ledger/merkle.h"

namespace trustgate::ledger {

namespace {

// A read-only view of a whole file (mmap), empty for an empty file.
class MappedFile {
 public:
  ~MappedFile() {
    if (data_) ::munmap(data_, size_);
  }
  cedar::Status open(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return common::errno_error("cannot read", path);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      ::close(fd);
      return common::errno_error("cannot read", path);
    }
    size_ = static_cast<size_t>(st.st_size);
    if (size_ > 0) {
      data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (data_ == MAP_FAILED) {
        data_ = nullptr;
        ::close(fd);
        return common::errno_error("cannot map", path);
      }
      ::madvise(data_, size_, MADV_SEQUENTIAL);
    }
    ::close(fd);
    return cedar::Status::Ok();
  }
  std::string_view view() const { return {static_cast<const char*>(data_), size_}; }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

// Parses heads.log; a torn final block (fewer than six lines) is ignored.
cedar::Result<std::vector<SignedTreeHead>> read_heads(const std::filesystem::path& path) {
  auto text = common::read_whole_file(path);
  if (!text) return text.error();
  std::string_view rest(*text);
  std::vector<SignedTreeHead> heads;
  while (!rest.empty()) {
    size_t used = 0;
    auto head = parse_tree_head(rest, &used);
    if (!head) {
      if (std::count(rest.begin(), rest.end(), '\n') < 6) break;
      return cedar::Error{"tree head " + std::to_string(heads.size()) +
                          " in heads.log: " + head.error().message};
    }
    heads.push_back(std::move(*head));
    rest.remove_prefix(used);
  }
  return heads;
}

cedar::Status check_heads(const std::vector<SignedTreeHead>& heads, const VerifyOptions& o) {
  for (size_t j = 0; j < heads.size(); ++j) {
    if (heads[j].origin != heads[0].origin) {
      return cedar::Error{"tree head " + std::to_string(j) + " names another origin"};
    }
    if (j > 0 && heads[j].size < heads[j - 1].size) {
      return cedar::Error{"tree head " + std::to_string(j) + " is smaller than the one before"};
    }
    bool check_signature = o.all_signatures || j + 1 == heads.size();
    if (check_signature && !signature_valid(heads[j], o.public_key)) {
      return cedar::Error{"tree head " + std::to_string(j) + " (size " +
                          std::to_string(heads[j].size) + "): bad signature"};
    }
  }
  if (o.against) {
    if (!signature_valid(*o.against, o.public_key)) {
      return cedar::Error{"the older tree head's signature is not valid for this key"};
    }
    if (o.against->origin != heads[0].origin) {
      return cedar::Error{"the older tree head is for another ledger (origin \"" +
                          o.against->origin + "\")"};
    }
    if (o.against->size > heads.back().size) {
      return cedar::Error{"the older tree head covers " + std::to_string(o.against->size) +
                          " entries, more than the ledger's last head (" +
                          std::to_string(heads.back().size) + "): entries were removed"};
    }
  }
  return cedar::Status::Ok();
}

std::string head_mismatch(size_t j, uint64_t from, uint64_t size) {
  std::string range =
      size - from == 1 ? "entry " + std::to_string(from)
                       : "one of entries " + std::to_string(from) + ".." + std::to_string(size - 1);
  return "tree head " + std::to_string(j) + " (size " + std::to_string(size) +
         ") does not match the entries: " + range + " or the head's root was altered";
}

// Walks the tree heads in step with the entries: when the entries read so
// far reach a head's size, their root must be the head's root (and the
// older head's, with --against).
class HeadCursor {
 public:
  HeadCursor(const std::vector<SignedTreeHead>& heads, const std::optional<SignedTreeHead>& against)
      : heads_(heads), against_(against) {}

  cedar::Status check(const CompactRange& range) {
    while (next_ < heads_.size() && heads_[next_].size == range.size()) {
      if (heads_[next_].root != range.root()) {
        return cedar::Error{head_mismatch(next_, verified_size_, range.size())};
      }
      verified_size_ = heads_[next_].size;
      ++next_;
    }
    if (against_ && against_->size == range.size() && against_->root != range.root()) {
      return cedar::Error{"the log is not consistent with the older tree head (size " +
                          std::to_string(against_->size) + "): an entry before it was altered"};
    }
    return cedar::Status::Ok();
  }
  size_t next() const { return next_; }

 private:
  const std::vector<SignedTreeHead>& heads_;
  const std::optional<SignedTreeHead>& against_;
  size_t next_ = 0;             // the first head not yet reached
  uint64_t verified_size_ = 0;  // size of the last head checked
};

}  // namespace

cedar::Result<VerifyReport> verify_ledger(const std::filesystem::path& dir,
                                          const VerifyOptions& options) {
  auto heads = read_heads(dir / kHeadsFile);
  if (!heads) return heads.error();
  MappedFile file;
  if (auto s = file.open(dir / kEntriesFile); !s) return s.error();
  const std::string_view text = file.view();
  if (heads->empty()) {
    // A ledger signs its empty tree when created, before any entry; only a
    // crash during creation leaves no head, and then no entry either.
    if (text.find_first_not_of('\0') != text.npos || options.against) {
      return cedar::Error{"heads.log holds no signed tree head"};
    }
    return VerifyReport{};
  }
  if (auto s = check_heads(*heads, options); !s) return s.error();
  const uint64_t signed_size = heads->back().size;

  std::string scratch;
  CompactRange range;
  HeadCursor cursor(*heads, options.against);
  if (auto s = cursor.check(range); !s) return s.error();
  VerifyReport report;
  // The complete lines before any reserved space are checked on all cores;
  // whatever follows (reserved space, a torn line) is read line by line.
  const std::string_view before_nul = text.substr(0, text.find('\0'));
  const size_t last_nl = before_nul.rfind('\n');
  size_t pos = last_nl == std::string_view::npos ? 0 : last_nl + 1;
  for (const CheckedRun& run :
       check_lines(text.substr(0, pos), std::thread::hardware_concurrency())) {
    const uint64_t start = range.size();
    if (!run.leaves.empty() && run.first_seq != start) {
      return cedar::Error{"entry " + std::to_string(start) +
                          ": has \"seq\": " + std::to_string(run.first_seq) +
                          " (entries deleted, inserted or reordered)"};
    }
    for (const Hash& leaf : run.leaves) {
      range.append(leaf);
      if (auto s = cursor.check(range); !s) return s.error();
    }
    if (run.bad) return cedar::Error{"entry " + std::to_string(range.size()) + ": " + run.problem};
  }
  while (pos < text.size()) {
    const uint64_t index = range.size();
    if (text[pos] == '\0') {  // reserved space: NUL bytes to the end
      if (text.find_first_not_of('\0', pos) != std::string_view::npos) {
        return cedar::Error{"entry " + std::to_string(index) +
                            ": unexpected bytes after the reserved space"};
      }
      break;
    }
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == text.npos ? text.size() - pos : nl - pos);
    std::string problem;
    if (nl != text.npos) problem = check_line(line, index, scratch);
    // A line cut short by a crash ends in the reserved space (NUL bytes).
    if (nl == text.npos || (!problem.empty() && line.find('\0') != line.npos)) {
      if (index < signed_size) {
        return cedar::Error{"entry " + std::to_string(index) + ": incomplete (no newline)"};
      }
      report.torn_tail = true;
      break;
    }
    if (!problem.empty()) return cedar::Error{"entry " + std::to_string(index) + ": " + problem};
    range.append(leaf_hash(line));
    if (auto s = cursor.check(range); !s) return s.error();
    pos = nl + 1;
  }
  if (range.size() < signed_size) {
    return cedar::Error{"tree head " + std::to_string(cursor.next()) + " covers " +
                        std::to_string((*heads)[cursor.next()].size) + " entries but the log has " +
                        std::to_string(range.size()) + ": entries were deleted or truncated"};
  }
  report.entries = signed_size;
  report.unsigned_entries = range.size() - signed_size;
  report.heads = heads->size();
  report.head = heads->back();
  return report;
}

}  // namespace trustgate::ledger
