// EntryOffsets: where each entry of entries.log starts, in about 2 bytes an
// entry (an index of 8 bytes an entry grew a server's memory with every
// entry recorded).
//
// Invariant: entries are consecutive lines, each its entry and "\n"; per
// tile of 256 entries (tiled_tree.h) the offset of its first entry and each
// entry's length without the newline (at most kMaxEntryBytes: 16 bits, as
// the tlog-tiles entry bundles need), so entry i starts at its tile's offset
// plus the lines before it in the tile.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <numeric>
#include <vector>

namespace trustgate::ledger {

class EntryOffsets {
 public:
  static constexpr uint64_t kTile = 256;

  uint64_t size() const { return size_; }
  // Appends the entry at `begin` (the end of the one before, but for the
  // first) of `length` bytes (<= 65535).
  void push(uint64_t begin, uint64_t length) {
    if (size_ % kTile == 0) tiles_.push_back(std::make_unique<Tile>(Tile{begin, {}}));
    tiles_.back()->lengths[size_ % kTile] = static_cast<uint16_t>(length);
    ++size_;
  }
  // Entry `index` (< size()): its offset and its length without the newline.
  uint64_t begin(uint64_t index) const {
    const Tile& t = *tiles_[index / kTile];
    const auto* first = t.lengths.data();
    const auto* at = first + index % kTile;
    return t.begin + std::accumulate(first, at, uint64_t{0}) + index % kTile;
  }
  uint64_t length(uint64_t index) const { return tiles_[index / kTile]->lengths[index % kTile]; }

 private:
  struct Tile {
    uint64_t begin;
    std::array<uint16_t, kTile> lengths;
  };
  uint64_t size_ = 0;
  std::vector<std::unique_ptr<Tile>> tiles_;
};

}  // namespace trustgate::ledger
