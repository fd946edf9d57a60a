// Files that must survive a crash: reading whole files, writing them
// atomically (temporary file, fsync, rename, fsync of the directory), and
// the current time as recorded in events.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "cedar/result.h"

namespace trustgate::common {

cedar::Result<std::string> read_whole_file(const std::filesystem::path& path);

// Replaces `path` with `data` so that a crash leaves either the old or the
// new content; `mode` is the file's permission bits (e.g. 0600 for keys).
cedar::Status write_file_durably(const std::filesystem::path& path, std::string_view data,
                                 unsigned mode = 0644);

// Creates `path` with `data`, failing if it exists (O_EXCL), then fsyncs it
// and its directory.
cedar::Status create_file_durably(const std::filesystem::path& path, std::string_view data,
                                  unsigned mode = 0644);

// fsync of a directory, so that entries created or renamed in it persist.
cedar::Status fsync_directory(const std::filesystem::path& dir);

// "strerror(errno)" with the path, for error messages.
cedar::Error errno_error(const std::string& what, const std::filesystem::path& path);

// The current time, RFC 3339 in UTC with second precision ("...Z").
std::string now_utc_rfc3339();

}  // namespace trustgate::common
