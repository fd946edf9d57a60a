// Storage: the seam between trustgate's durable records and the file
// system, in the manner of LevelDB's Env. The ledger and the data directory
// do all their file I/O through it, so that tests can put a fault-injecting
// implementation beneath them (tests/base/fault_storage.h simulates power
// loss: unsynced writes dropped, kept, reordered or torn page by page).
//
// The durability contract every implementation keeps, and every caller
// relies on:
//  - File::write_at() changes what later reads see at once, but reaches the
//    disk only when File::sync() returns: a power cut may lose, keep or tear
//    (page by page) any write made since the last sync of that file;
//  - a new, renamed or removed name in a directory survives a power cut only
//    after sync_dir() of that directory returns;
//  - lock() is an advisory exclusive lock between processes (flock), held
//    until the FileLock is destroyed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace base {

class File {
 public:
  virtual ~File() = default;
  // Reads up to `n` bytes at `offset` into `out`; fewer at the end of the file.
  virtual Result<size_t> read_at(uint64_t offset, char* out, size_t n) = 0;
  // Writes all of `data` at `offset` (extending the file when needed).
  virtual Status write_at(uint64_t offset, std::string_view data) = 0;
  // Makes the file's data and size durable (fdatasync).
  virtual Status sync() = 0;
  virtual Status truncate(uint64_t size) = 0;
  virtual Result<uint64_t> size() = 0;
};

class FileLock {
 public:
  virtual ~FileLock() = default;
};

struct OpenMode {
  bool write = false;           // open for writing too (else read only)
  bool create = false;          // create the file when missing
  bool exclusive = false;       // with create: fail (Conflict) when it exists
  unsigned permissions = 0600;  // of a file created
};

class Storage {
 public:
  virtual ~Storage() = default;
  // NotFound when the file is missing and not to be created.
  virtual Result<std::unique_ptr<File>> open(const std::filesystem::path& path, OpenMode mode) = 0;
  // Creates one directory (its parent must exist); Conflict when it exists.
  virtual Status create_dir(const std::filesystem::path& path, unsigned permissions) = 0;
  virtual Status sync_dir(const std::filesystem::path& dir) = 0;
  virtual Status rename(const std::filesystem::path& from, const std::filesystem::path& to) = 0;
  virtual Status remove(const std::filesystem::path& path) = 0;
  virtual Result<bool> exists(const std::filesystem::path& path) = 0;
  // The permission bits (e.g. 0600) of a file or directory.
  virtual Result<unsigned> permissions(const std::filesystem::path& path) = 0;
  virtual Status set_permissions(const std::filesystem::path& path, unsigned permissions) = 0;
  // The names in a directory, sorted.
  virtual Result<std::vector<std::string>> list_dir(const std::filesystem::path& dir) = 0;
  // An exclusive lock on `path` (created, mode 0600, when missing), taken
  // without waiting: Busy when another process holds it.
  virtual Result<std::unique_ptr<FileLock>> lock(const std::filesystem::path& path) = 0;
};

// The real file system (POSIX calls; errors carry strerror and the path).
Storage& posix_storage();

// The whole content of a file.
Result<std::string> read_file(Storage& storage, const std::filesystem::path& path);
inline Result<std::string> read_file(const std::filesystem::path& path) {
  return read_file(posix_storage(), path);
}

// Creates `path` holding `data` (failing when it exists), then syncs it and
// its directory.
Status create_file(Storage& storage, const std::filesystem::path& path, std::string_view data,
                   unsigned permissions = 0600);

// Replaces `path` with `data` so that a crash leaves the old or the new
// content: a temporary file beside it, sync, rename, sync of the directory.
Status replace_file(Storage& storage, const std::filesystem::path& path, std::string_view data,
                    unsigned permissions = 0600);

}  // namespace base
