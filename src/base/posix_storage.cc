// posix_storage(): base::Storage over POSIX file descriptors.
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/storage.h"

namespace base {

namespace {

namespace fs = std::filesystem;

// An error for the failed call `what` on `path`, with strerror(errno); its
// kind follows errno.
Error os_error(const std::string& what, const fs::path& path) {
  int code = errno;
  Error e = io_error(what + " " + path.string() + ": " + std::strerror(code));
  if (code == ENOENT) e.kind = ErrorKind::NotFound;
  if (code == EEXIST) e.kind = ErrorKind::Conflict;
  if (code == EACCES || code == EPERM) e.kind = ErrorKind::PermissionDenied;
  return e;
}

class PosixFile : public File {
 public:
  PosixFile(int fd, fs::path path) : fd_(fd), path_(std::move(path)) {}
  ~PosixFile() override { ::close(fd_); }

  Result<size_t> read_at(uint64_t offset, char* out, size_t n) override {
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, out + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return os_error("cannot read", path_);
      if (r == 0) break;
      done += static_cast<size_t>(r);
    }
    return done;
  }

  Status write_at(uint64_t offset, std::string_view data) override {
    while (!data.empty()) {
      ssize_t w = ::pwrite(fd_, data.data(), data.size(), static_cast<off_t>(offset));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return os_error("cannot write", path_);
      data.remove_prefix(static_cast<size_t>(w));
      offset += static_cast<uint64_t>(w);
    }
    return Status::Ok();
  }

  Status sync() override {
    if (::fdatasync(fd_) != 0) return os_error("cannot sync", path_);
    return Status::Ok();
  }

  Status truncate(uint64_t size) override {
    if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) return os_error("cannot truncate", path_);
    return Status::Ok();
  }

  Result<uint64_t> size() override {
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return os_error("cannot stat", path_);
    return static_cast<uint64_t>(st.st_size);
  }

 private:
  int fd_;
  fs::path path_;
};

class PosixLock : public FileLock {
 public:
  explicit PosixLock(int fd) : fd_(fd) {}
  ~PosixLock() override { ::close(fd_); }  // releases the flock

 private:
  int fd_;
};

class PosixStorage : public Storage {
 public:
  Result<std::unique_ptr<File>> open(const fs::path& path, OpenMode mode) override {
    int flags = (mode.write ? O_RDWR : O_RDONLY) | O_CLOEXEC;
    if (mode.create) flags |= O_CREAT | (mode.exclusive ? O_EXCL : 0);
    int fd = ::open(path.c_str(), flags, mode.permissions);
    if (fd < 0) return os_error("cannot open", path);
    return std::unique_ptr<File>(new PosixFile(fd, path));
  }

  Status create_dir(const fs::path& path, unsigned permissions) override {
    if (::mkdir(path.c_str(), permissions) != 0) return os_error("cannot create", path);
    // mkdir applies the umask: set the bits asked for.
    if (::chmod(path.c_str(), permissions) != 0) return os_error("cannot chmod", path);
    return Status::Ok();
  }

  Status sync_dir(const fs::path& dir) override {
    int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return os_error("cannot open the directory", dir);
    int rc = ::fsync(fd);
    Error e = rc != 0 ? os_error("cannot sync the directory", dir) : Error{};
    ::close(fd);
    if (rc != 0) return e;
    return Status::Ok();
  }

  Status rename(const fs::path& from, const fs::path& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return os_error("cannot rename onto", to);
    return Status::Ok();
  }

  Status remove(const fs::path& path) override {
    if (::remove(path.c_str()) != 0) return os_error("cannot remove", path);
    return Status::Ok();
  }

  Result<bool> exists(const fs::path& path) override {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) return true;
    if (errno == ENOENT || errno == ENOTDIR) return false;
    return os_error("cannot stat", path);
  }

  Result<unsigned> permissions(const fs::path& path) override {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return os_error("cannot stat", path);
    return static_cast<unsigned>(st.st_mode & 07777);
  }

  Status set_permissions(const fs::path& path, unsigned permissions) override {
    if (::chmod(path.c_str(), permissions) != 0) return os_error("cannot chmod", path);
    return Status::Ok();
  }

  Result<std::vector<std::string>> list_dir(const fs::path& dir) override {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return os_error("cannot list", dir);
    std::vector<std::string> names;
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") names.push_back(std::move(name));
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    return names;
  }

  Result<std::unique_ptr<FileLock>> lock(const fs::path& path) override {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return os_error("cannot open", path);
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EINTR) continue;
      Error e = errno == EWOULDBLOCK ? busy(path.string() + " is locked by another process")
                                     : os_error("cannot lock", path);
      ::close(fd);
      return e;
    }
    return std::unique_ptr<FileLock>(new PosixLock(fd));
  }
};

}  // namespace

Storage& posix_storage() {
  static PosixStorage storage;
  return storage;
}

}  // namespace base
