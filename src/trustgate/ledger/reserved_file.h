// ReservedFile: an append-only file whose content is followed by reserved
// space, NUL bytes written ahead of need. An append overwrites reserved
// bytes in place, so its sync has no file size or extent change to commit,
// which is what makes a durable append cheap.
//
// Invariant: bytes [end, allocated) are NUL and durable; content
// [0, end) is what was appended. When an append does not fit, the reserve
// grows first (NUL bytes written and synced: half the file's size, within
// the bounds given, 1 MiB to 64 MiB for the ledger).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "base/result.h"
#include "base/storage.h"

namespace trustgate::ledger {

class ReservedFile {
 public:
  // `end`: where the content ends; `allocated`: the file's size. The bytes
  // between must already be NUL (clear_tail() makes them so).
  ReservedFile(std::unique_ptr<base::File> file, std::filesystem::path path, uint64_t end,
               uint64_t allocated, uint64_t min_reserve, uint64_t max_reserve)
      : file_(std::move(file)),
        path_(std::move(path)),
        end_(end),
        allocated_(allocated),
        min_reserve_(min_reserve),
        max_reserve_(max_reserve) {}

  // Writes `data` at end() and syncs; end() moves past it only on success.
  base::Status append_durably(std::string_view data);
  // Overwrites [end(), data_end) with NUL bytes and syncs: removes what
  // followed the content (a torn or unacknowledged write).
  base::Status clear_tail(uint64_t data_end);

  uint64_t end() const { return end_; }
  base::File& file() { return *file_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  base::Status write_zeros(uint64_t from, uint64_t to);

  std::unique_ptr<base::File> file_;
  std::filesystem::path path_;
  uint64_t end_;
  uint64_t allocated_;
  uint64_t min_reserve_, max_reserve_;
};

}  // namespace trustgate::ledger
