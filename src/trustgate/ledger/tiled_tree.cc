#include "tiled_tree.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "merkle_walk.h"

namespace trustgate::ledger {

namespace {

base::Error side_file_error(const std::string& what, const std::filesystem::path& dir, int err) {
  return base::io_error("the ledger's tree cache in " + dir.string() + ": " + what + ": " +
                        std::strerror(err));
}

// An unlinked file in `dir`, or -1 with errno set.
int create_unlinked(const std::filesystem::path& dir) {
#ifdef O_TMPFILE
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  // File systems without O_TMPFILE fail with EOPNOTSUPP (or, on kernels
  // without it, EISDIR): a named file, unlinked at once, instead.
  if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR)) return fd;
#endif
  std::string name = (dir / "trustgate-tree-XXXXXX").string();
  int fd2 = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd2 < 0) return -1;
  if (::unlink(name.c_str()) != 0) {
    const int err = errno;
    ::close(fd2);
    errno = err;
    return -1;
  }
  return fd2;
}

}  // namespace

TiledTree::~TiledTree() {
  if (fd_ >= 0) ::close(fd_);
}

base::Status TiledTree::open_side_file(const std::filesystem::path& dir) {
  const int fd = create_unlinked(dir);
  if (fd < 0) return side_file_error("cannot create it", dir, errno);
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  dir_ = dir;
  size_ = 0;
  upper_.clear();
  return base::Status::Ok();
}

base::Status TiledTree::append(const Hash& leaf) {
  const uint64_t i = size_ % kTileLeaves;
  current_[i] = leaf;
  // Each node this leaf completes within the tile, up to level 7.
  uint64_t j = i;
  for (uint32_t h = 0; h + 1 < kTileHeight && (j & 1); ++h, j >>= 1) {
    current_[slot(h + 1, j >> 1)] = node_hash(current_[slot(h, j - 1)], current_[slot(h, j)]);
  }
  if (i + 1 < kTileLeaves) {
    ++size_;
    return base::Status::Ok();
  }
  if (fd_ < 0) return base::Error{"the ledger's tree has no side file for its completed tiles"};
  const uint64_t tile = size_ / kTileLeaves;
  const char* bytes = reinterpret_cast<const char*>(current_.data());
  for (uint64_t done = 0; done < kTileBytes;) {
    const ssize_t n = ::pwrite(fd_, bytes + done, kTileBytes - done,
                               static_cast<off_t>(tile * kTileBytes + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return side_file_error("cannot write tile " + std::to_string(tile), dir_, errno);
    done += static_cast<uint64_t>(n);
  }
  ++size_;
  add_upper(node_hash(current_[slot(kTileHeight - 1, 0)], current_[slot(kTileHeight - 1, 1)]));
  return base::Status::Ok();
}

void TiledTree::add_upper(Hash tile_root) {
  for (size_t k = 0;; ++k) {
    if (k == upper_.size()) upper_.emplace_back();
    std::vector<Hash>& level = upper_[k];
    level.push_back(tile_root);
    if (level.size() % 2 != 0) return;
    tile_root = node_hash(level[level.size() - 2], level.back());
  }
}

base::Status TiledTree::truncate(uint64_t leaves) {
  if (leaves >= size_) return base::Status::Ok();
  const uint64_t tile = leaves / kTileLeaves;
  // The new current tile, when it was completed: its nodes back from the file.
  if (tile < size_ / kTileLeaves && leaves % kTileLeaves != 0) {
    std::array<Hash, kTileNodes> back;
    if (auto s = read_slots(tile, 0, kTileNodes, back.data()); !s) return s;
    current_ = back;
  }
  for (size_t k = 0; k < upper_.size(); ++k) upper_[k].resize(leaves >> (kTileHeight + k));
  while (!upper_.empty() && upper_.back().empty()) upper_.pop_back();
  size_ = leaves;
  return base::Status::Ok();
}

base::Status TiledTree::read_slots(uint64_t tile, size_t first, size_t count, Hash* out) const {
  char* bytes = reinterpret_cast<char*>(out);
  const uint64_t want = count * sizeof(Hash);
  const uint64_t at = tile * kTileBytes + first * sizeof(Hash);
  for (uint64_t done = 0; done < want;) {
    const ssize_t n = ::pread(fd_, bytes + done, want - done, static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return side_file_error("cannot read tile " + std::to_string(tile), dir_, errno);
    if (n == 0) return side_file_error("tile " + std::to_string(tile) + " is cut short", dir_, EIO);
    done += static_cast<uint64_t>(n);
  }
  return base::Status::Ok();
}

base::Result<Hash> TiledTree::node(uint32_t h, uint64_t i) const {
  if (h >= kTileHeight) return upper_[h - kTileHeight][i];
  const uint64_t per_tile = kTileLeaves >> h;
  const uint64_t tile = i / per_tile;
  if (tile == size_ / kTileLeaves) return current_[slot(h, i % per_tile)];
  Hash out;
  if (auto s = read_slots(tile, slot(h, i % per_tile), 1, &out); !s) return s.error();
  return out;
}

Hash TiledTree::root() const {
  // MTH(D[0:n]) asks for complete subtrees of height >= 8 (upper_) and,
  // below, only those within the current tile (current_): none is read.
  auto in_memory = [this](uint32_t h, uint64_t i) -> base::Result<Hash> {
    if (h >= kTileHeight) return upper_[h - kTileHeight][i];
    return current_[slot(h, i % (kTileLeaves >> h))];
  };
  return *merkle_walk::root(in_memory, size_);
}

base::Result<Hash> TiledTree::root(uint64_t tree_size) const {
  if (tree_size > size_) return base::Error{"tree size beyond the log"};
  return merkle_walk::root([this](uint32_t h, uint64_t i) { return node(h, i); }, tree_size);
}

base::Result<Hash> TiledTree::leaf(uint64_t index) const {
  if (index >= size_) return base::not_found("no leaf " + std::to_string(index));
  return node(0, index);
}

base::Result<std::vector<Hash>> TiledTree::complete_subtrees(uint32_t height, uint64_t first,
                                                             uint64_t width) const {
  std::vector<Hash> out(width);
  if (height >= kTileHeight) {
    const std::vector<Hash>& level = upper_[height - kTileHeight];
    std::copy(level.begin() + static_cast<ptrdiff_t>(first),
              level.begin() + static_cast<ptrdiff_t>(first + width), out.begin());
    return out;
  }
  // One run a tile: a level's nodes within a tile are consecutive slots.
  const uint64_t per_tile = kTileLeaves >> height;
  for (uint64_t i = first; i < first + width;) {
    const uint64_t tile = i / per_tile;
    const uint64_t run = std::min(first + width, (tile + 1) * per_tile) - i;
    Hash* into = out.data() + (i - first);
    if (tile == size_ / kTileLeaves) {
      std::copy_n(current_.begin() + static_cast<ptrdiff_t>(slot(height, i % per_tile)), run, into);
    } else if (auto s = read_slots(tile, slot(height, i % per_tile), run, into); !s) {
      return s.error();
    }
    i += run;
  }
  return out;
}

base::Result<std::vector<Hash>> TiledTree::inclusion_proof(uint64_t index,
                                                           uint64_t tree_size) const {
  return merkle_walk::inclusion_proof([this](uint32_t h, uint64_t i) { return node(h, i); }, size_,
                                      index, tree_size);
}

base::Result<std::vector<Hash>> TiledTree::consistency_proof(uint64_t old_size,
                                                             uint64_t new_size) const {
  return merkle_walk::consistency_proof([this](uint32_t h, uint64_t i) { return node(h, i); },
                                        size_, old_size, new_size);
}

}  // namespace trustgate::ledger
