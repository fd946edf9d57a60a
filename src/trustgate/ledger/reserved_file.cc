#include "reserved_file.h"

#include <algorithm>
#include <string>

namespace trustgate::ledger {

base::Status ReservedFile::write_zeros(uint64_t from, uint64_t to) {
  static const std::string kZeros(1 << 20, '\0');
  while (from < to) {
    uint64_t n = std::min<uint64_t>(to - from, kZeros.size());
    if (auto s = file_->write_at(from, std::string_view(kZeros).substr(0, n)); !s) return s;
    from += n;
  }
  return base::Status::Ok();
}

base::Status ReservedFile::append_durably(std::string_view data) {
  if (end_ + data.size() > allocated_) {
    uint64_t grow = std::clamp<uint64_t>(allocated_ / 2, min_reserve_, max_reserve_);
    uint64_t target = std::max(end_ + data.size(), allocated_ + grow);
    if (auto s = write_zeros(allocated_, target); !s) return s;
    if (auto s = file_->sync(); !s) return s;
    allocated_ = target;
  }
  if (auto s = file_->write_at(end_, data); !s) return s;
  if (auto s = file_->sync(); !s) return s;
  end_ += data.size();
  return base::Status::Ok();
}

base::Status ReservedFile::clear_tail(uint64_t data_end) {
  if (data_end <= end_) return base::Status::Ok();
  if (auto s = write_zeros(end_, data_end); !s) return s;
  return file_->sync();
}

}  // namespace trustgate::ledger
