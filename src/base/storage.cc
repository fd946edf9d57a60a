// The helpers of base/storage.h that work over any Storage.
#include "base/storage.h"

namespace base {

namespace fs = std::filesystem;

Result<std::string> read_file(Storage& storage, const fs::path& path) {
  auto file = storage.open(path, OpenMode{});
  if (!file) return file.error();
  auto size = (*file)->size();
  if (!size) return size.error();
  std::string out(*size, '\0');
  auto n = (*file)->read_at(0, out.data(), out.size());
  if (!n) return n.error();
  out.resize(*n);
  // A file that grew while read: read on to its end.
  char buf[1 << 16];
  while (true) {
    auto more = (*file)->read_at(out.size(), buf, sizeof buf);
    if (!more) return more.error();
    if (*more == 0) break;
    out.append(buf, *more);
  }
  return out;
}

Status create_file(Storage& storage, const fs::path& path, std::string_view data,
                   unsigned permissions) {
  auto file = storage.open(path, OpenMode{true, true, true, permissions});
  if (!file) return file.error();
  if (auto s = (*file)->write_at(0, data); !s) return s;
  if (auto s = (*file)->sync(); !s) return s;
  return storage.sync_dir(path.parent_path());
}

Status replace_file(Storage& storage, const fs::path& path, std::string_view data,
                    unsigned permissions) {
  fs::path tmp = path;
  tmp += ".tmp";
  if (auto e = storage.exists(tmp); e && *e) {
    if (auto s = storage.remove(tmp); !s) return s;
  }
  auto file = storage.open(tmp, OpenMode{true, true, true, permissions});
  if (!file) return file.error();
  if (auto s = (*file)->write_at(0, data); !s) return s;
  if (auto s = (*file)->sync(); !s) return s;
  file->reset();
  if (auto s = storage.rename(tmp, path); !s) return s;
  return storage.sync_dir(path.parent_path());
}

}  // namespace base
