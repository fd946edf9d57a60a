// FaultStorage: an in-memory base::Storage that models what losing power
// does to a disk, in the spirit of SQLite's crash-test VFS and LevelDB's
// fault_injection_test. Tests run trustgate's durable code on it, cut the
// power at a chosen moment, and reopen what the disk kept.
//
// The model (the contract of base/storage.h, and no more):
//  - each file has durable content (as of its last sync()) and current
//    content (what reads see);
//  - a power cut keeps, for every page (kPage bytes) where current and
//    durable differ, either the new page, the old page, or a torn page (new
//    bytes up to a random point, old bytes after), chosen at random page by
//    page — so a later page may survive when an earlier one did not; a file
//    that grew may come back shorter, with lost pages read as NUL bytes
//    where a later page survived;
//  - a name created, renamed or removed since the last sync_dir() of its
//    directory may come back as it was before;
//  - after cut_after(n), the n+1st mutating call and every call after it
//    fails (the machine is off): nothing more reaches even the current
//    content.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "base/storage.h"

namespace trustgate::testing {

class FaultStorage : public base::Storage {
 public:
  static constexpr size_t kPage = 4096;

  FaultStorage() = default;

  // Power fails at the n+1st mutating call from now (write, sync, truncate,
  // create, rename, remove, directory sync).
  void cut_after(uint64_t n);
  bool powered_off() const;
  // Mutating calls made so far (to choose cut points).
  uint64_t mutations() const;

  // What the disk holds after a power cut now: a new, powered storage.
  std::unique_ptr<FaultStorage> after_power_cut(std::mt19937_64& rng) const;

  // base::Storage
  base::Result<std::unique_ptr<base::File>> open(const std::filesystem::path& path,
                                                 base::OpenMode mode) override;
  base::Status create_dir(const std::filesystem::path& path, unsigned permissions) override;
  base::Status sync_dir(const std::filesystem::path& dir) override;
  base::Status rename(const std::filesystem::path& from, const std::filesystem::path& to) override;
  base::Status remove(const std::filesystem::path& path) override;
  base::Result<bool> exists(const std::filesystem::path& path) override;
  base::Result<unsigned> permissions(const std::filesystem::path& path) override;
  base::Status set_permissions(const std::filesystem::path& path, unsigned permissions) override;
  base::Result<std::vector<std::string>> list_dir(const std::filesystem::path& dir) override;
  base::Result<std::unique_ptr<base::FileLock>> lock(const std::filesystem::path& path) override;

  // For tests that tamper: a file's current content, replaced as if written
  // and synced.
  std::string content(const std::filesystem::path& path) const;
  void set_content(const std::filesystem::path& path, const std::string& data);

 private:
  struct Inode {
    std::string current;
    std::string durable;
    unsigned permissions = 0600;
    bool is_dir = false;
  };
  using InodePtr = std::shared_ptr<Inode>;
  using Names = std::map<std::string, InodePtr>;  // full path -> inode
  class MemFile;
  class MemLock;

  // With mu_ held: counts a mutation; false once the power is off.
  bool mutate();
  base::Error off_error() const;
  std::string parent(const std::string& path) const;

  mutable std::mutex mu_;
  Names names_;          // as the running system sees them
  Names durable_names_;  // as the disk has them (per sync_dir)
  std::map<std::string, bool> locks_;
  uint64_t mutations_ = 0;
  uint64_t cut_at_ = UINT64_MAX;
};

}  // namespace trustgate::testing
