#include "trustgate/common/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

namespace trustgate::common {

namespace {

// Writes all of `data` to `fd`, retrying short writes and EINTR.
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

cedar::Status write_and_sync(const std::filesystem::path& path, std::string_view data, int flags,
                             unsigned mode) {
  int fd = ::open(path.c_str(), flags | O_WRONLY | O_CLOEXEC, mode);
  if (fd < 0) return errno_error("cannot create", path);
  bool ok = ::fchmod(fd, mode) == 0 && write_all(fd, data) && ::fsync(fd) == 0;
  int saved = errno;
  ::close(fd);
  errno = saved;
  if (!ok) return errno_error("cannot write", path);
  return cedar::Status::Ok();
}

}  // namespace

cedar::Error errno_error(const std::string& what, const std::filesystem::path& path) {
  return cedar::Error{what + " " + path.string() + ": " + std::strerror(errno)};
}

cedar::Result<std::string> read_whole_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno_error("cannot read", path);
  std::string out;
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto err = errno_error("cannot read", path);
      ::close(fd);
      return err;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

cedar::Status fsync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno_error("cannot open directory", dir);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return errno_error("cannot fsync directory", dir);
  return cedar::Status::Ok();
}

cedar::Status write_file_durably(const std::filesystem::path& path, std::string_view data,
                                 unsigned mode) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  if (auto s = write_and_sync(tmp, data, O_CREAT | O_TRUNC, mode); !s) return s;
  if (::rename(tmp.c_str(), path.c_str()) != 0) return errno_error("cannot rename onto", path);
  return fsync_directory(path.parent_path());
}

cedar::Status create_file_durably(const std::filesystem::path& path, std::string_view data,
                                  unsigned mode) {
  if (auto s = write_and_sync(path, data, O_CREAT | O_EXCL, mode); !s) return s;
  return fsync_directory(path.parent_path());
}

std::string now_utc_rfc3339() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace trustgate::common
