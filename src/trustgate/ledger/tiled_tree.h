// TiledTree: a ledger's Merkle tree (RFC 9162, the same roots and proofs as
// MerkleTree) in bounded memory. A tile is 256 leaves (tiles.h): tile t
// holds leaves [256 t, 256 (t + 1)) and, below its root, levels 0..7 of the
// subtrees over them (256 + 128 + ... + 2 = 510 hashes).
//
// Invariants (size() = n, current tile c = n / 256):
//  - upper_[k][j] is the complete subtree of height 8 + k at j, for every
//    one within the first n leaves (upper_[k].size() == n >> (8 + k)): the
//    roots of completed tiles and above, about 0.25 bytes a leaf;
//  - current_ holds levels 0..7 of tile c: the nodes over its first n % 256
//    leaves are valid, the slots after them are scratch;
//  - levels 0..7 of every completed tile t < c are in the side file, a
//    cache of this process's own: created unlinked (O_TMPFILE, else mkstemp
//    and unlink) so that processes opening the same ledger never share it,
//    and gone when the tree is destroyed. It is rebuilt from the leaves at
//    every open (the ledgers hash every entry then anyway).
//
// Side file format: tile t's 510 hashes at byte offset t * 16320, level by
// level, each level left to right: the node of height h at index i within
// the tile is slot (512 - (512 >> h)) + i. Written with one pwrite when the
// tile completes, read with pread on demand.
//
// So root() (the latest root) never reads the side file; root(n) for an
// older n, leaf(), complete_subtrees() and the proofs may, and return its
// I/O errors. append() writes it when a tile completes and, when that
// fails, leaves the tree as it was.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "base/result.h"
#include "trustgate/ledger/merkle.h"

namespace trustgate::ledger {

class TiledTree {
 public:
  static constexpr uint32_t kTileHeight = 8;
  static constexpr uint64_t kTileLeaves = uint64_t{1} << kTileHeight;
  static constexpr size_t kTileNodes = 2 * kTileLeaves - 2;  // levels 0..7
  static constexpr uint64_t kTileBytes = kTileNodes * sizeof(Hash);

  TiledTree() = default;
  ~TiledTree();
  TiledTree(const TiledTree&) = delete;
  TiledTree& operator=(const TiledTree&) = delete;

  // Creates the side file in `dir` (replacing one opened before, and
  // emptying the tree). Needed before the first tile completes.
  base::Status open_side_file(const std::filesystem::path& dir);

  base::Status append(const Hash& leaf);
  // Keeps the first `leaves` leaves: undoes appends never committed. May
  // read a tile back from the side file.
  base::Status truncate(uint64_t leaves);
  uint64_t size() const { return size_; }

  Hash root() const;  // of all the leaves: from memory, never fails
  // The root of the first `tree_size` leaves (tree_size <= size()).
  base::Result<Hash> root(uint64_t tree_size) const;
  base::Result<Hash> leaf(uint64_t index) const;
  // The complete subtrees of height `height` at [first, first + width);
  // they must lie within the leaves ((first + width) << height <= size()).
  base::Result<std::vector<Hash>> complete_subtrees(uint32_t height, uint64_t first,
                                                    uint64_t width) const;
  // PATH(index, D[tree_size]) and PROOF(old_size, D[new_size]), as MerkleTree's.
  base::Result<std::vector<Hash>> inclusion_proof(uint64_t index, uint64_t tree_size) const;
  base::Result<std::vector<Hash>> consistency_proof(uint64_t old_size, uint64_t new_size) const;

 private:
  // The slot of the node of height h (< 8) at index i within its tile.
  static size_t slot(uint32_t h, uint64_t i) {
    return (2 * kTileLeaves - (2 * kTileLeaves >> h)) + i;
  }
  // The complete subtree of height h at index i (within the leaves).
  base::Result<Hash> node(uint32_t h, uint64_t i) const;
  // `count` hashes from slot `first` of completed tile `tile`.
  base::Status read_slots(uint64_t tile, size_t first, size_t count, Hash* out) const;
  void add_upper(Hash tile_root);

  uint64_t size_ = 0;
  std::array<Hash, kTileNodes> current_{};
  std::vector<std::vector<Hash>> upper_;
  int fd_ = -1;
  std::filesystem::path dir_;  // where the side file is (for messages)
};

}  // namespace trustgate::ledger
