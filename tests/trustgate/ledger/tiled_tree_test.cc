#include "trustgate/ledger/tiled_tree.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "trustgate/ledger/merkle.h"

namespace trustgate::ledger {
namespace {

Hash leaf_of(uint64_t i) { return leaf_hash("entry " + std::to_string(i)); }

std::filesystem::path temp_dir() { return std::filesystem::temp_directory_path(); }

// Sizes on either side of tile (256) and higher-tile (65536) boundaries.
std::vector<uint64_t> edge_sizes(uint64_t n) {
  std::vector<uint64_t> out;
  for (uint64_t b : {uint64_t{1}, uint64_t{2}, uint64_t{256}, uint64_t{512}, uint64_t{4096},
                     uint64_t{65536}, uint64_t{65536 + 256}, n}) {
    for (uint64_t s : {b - 1, b, b + 1}) {
      if (s >= 1 && s <= n) out.push_back(s);
    }
  }
  std::mt19937_64 random(7);
  for (int i = 0; i < 12; ++i) out.push_back(1 + random() % n);
  return out;
}

// Every answer of `tree` equals the all-in-memory tree's over the same leaves.
void expect_same_answers(const TiledTree& tree, const MerkleTree& reference) {
  ASSERT_EQ(tree.size(), reference.size());
  const uint64_t n = reference.size();
  EXPECT_EQ(tree.root(), reference.root());
  const std::vector<uint64_t> sizes = edge_sizes(n);
  for (uint64_t size : sizes) {
    ASSERT_EQ(*tree.root(size), reference.root(size)) << size;
    for (uint64_t index : {uint64_t{0}, uint64_t{255}, uint64_t{256}, size / 2, size - 1}) {
      if (index >= size) continue;
      EXPECT_EQ(*tree.leaf(index), reference.leaf(index)) << index;
      EXPECT_EQ(*tree.inclusion_proof(index, size), *reference.inclusion_proof(index, size))
          << index << "/" << size;
    }
    for (uint64_t old_size : sizes) {
      if (old_size > size) continue;
      EXPECT_EQ(*tree.consistency_proof(old_size, size),
                *reference.consistency_proof(old_size, size))
          << old_size << "," << size;
    }
  }
  // Runs of complete subtrees at every height, across tile boundaries.
  for (uint32_t height = 0; (uint64_t{1} << height) <= n; ++height) {
    const uint64_t count = n >> height;
    for (uint64_t first : {uint64_t{0}, uint64_t{200}, count / 2, count > 300 ? count - 300 : 0}) {
      const uint64_t width = std::min<uint64_t>(300, count - std::min(first, count));
      if (width == 0) continue;
      auto got = tree.complete_subtrees(height, first, width);
      ASSERT_TRUE(got);
      for (uint64_t i = 0; i < width; ++i) {
        ASSERT_EQ((*got)[i], reference.complete_subtree(height, first + i))
            << height << "," << first + i;
      }
    }
  }
}

TEST(TiledTreeTest, AnswersEveryProofLikeTheInMemoryTree) {
  constexpr uint64_t kLeaves = 100000;
  TiledTree tree;
  ASSERT_TRUE(tree.open_side_file(temp_dir()));
  MerkleTree reference;
  std::vector<Hash> leaves;
  for (uint64_t i = 0; i < kLeaves; ++i) {
    leaves.push_back(leaf_of(i));
    ASSERT_TRUE(tree.append(leaves.back()));
    reference.append(leaves.back());
    if (i < 600) {
      ASSERT_EQ(tree.root(), root_of(leaves)) << i;
    }
  }
  EXPECT_EQ(tree.root(), root_of(leaves));
  expect_same_answers(tree, reference);
  EXPECT_FALSE(tree.leaf(kLeaves));
  EXPECT_FALSE(tree.root(kLeaves + 1));
  EXPECT_FALSE(tree.inclusion_proof(5, kLeaves + 1));
}

TEST(TiledTreeTest, TruncatesIntoACompletedTileAndGrowsAgain) {
  TiledTree tree;
  ASSERT_TRUE(tree.open_side_file(temp_dir()));
  std::vector<Hash> leaves;
  for (uint64_t i = 0; i < 5000; ++i) {
    leaves.push_back(leaf_of(i));
    ASSERT_TRUE(tree.append(leaves.back()));
  }
  // Into a completed tile (read back from the side file), onto a tile
  // boundary, and within the current tile.
  for (uint64_t keep :
       {uint64_t{3000 + 13}, uint64_t{2560}, uint64_t{2560 - 100}, uint64_t{2461}}) {
    ASSERT_TRUE(tree.truncate(keep));
    leaves.resize(keep);
    EXPECT_EQ(tree.root(), root_of(leaves)) << keep;
    for (uint64_t i = keep; i < keep + 700; ++i) {
      leaves.push_back(leaf_hash("again " + std::to_string(i)));
      ASSERT_TRUE(tree.append(leaves.back()));
    }
    EXPECT_EQ(tree.root(), root_of(leaves)) << keep;
    MerkleTree reference;
    for (const Hash& h : leaves) reference.append(h);
    expect_same_answers(tree, reference);
  }
}

TEST(TiledTreeTest, ACompletedTileNeedsTheSideFile) {
  TiledTree tree;
  for (uint64_t i = 0; i + 1 < TiledTree::kTileLeaves; ++i) ASSERT_TRUE(tree.append(leaf_of(i)));
  auto s = tree.append(leaf_of(255));
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("side file"), std::string::npos);
  EXPECT_EQ(tree.size(), TiledTree::kTileLeaves - 1);  // the failed append left it as it was
}

// Heap bytes held (in use, mapped chunks included) after `fill` runs,
// less before, per leaf.
template <class Fill>
double heap_per_leaf(uint64_t leaves, Fill fill) {
  const struct mallinfo2 before = mallinfo2();
  fill();
  const struct mallinfo2 after = mallinfo2();
  const double held = static_cast<double>(after.uordblks + after.hblkhd) -
                      static_cast<double>(before.uordblks + before.hblkhd);
  return held / static_cast<double>(leaves);
}

TEST(TiledTreeTest, HoldsUnderFourBytesOfHeapALeaf) {
  constexpr uint64_t kLeaves = 200000;
  TiledTree tree;
  ASSERT_TRUE(tree.open_side_file(temp_dir()));
  const double tiled = heap_per_leaf(kLeaves, [&] {
    for (uint64_t i = 0; i < kLeaves; ++i) ASSERT_TRUE(tree.append(leaf_of(i)));
  });
  EXPECT_LT(tiled, 4.0);
  // The probe sees a tree's memory: the all-in-memory tree holds ~72 bytes.
  MerkleTree reference;
  const double in_memory = heap_per_leaf(kLeaves, [&] {
    for (uint64_t i = 0; i < kLeaves; ++i) reference.append(leaf_of(i));
  });
  EXPECT_GT(in_memory, 60.0);
  RecordProperty("tiled_bytes_per_leaf", std::to_string(tiled));
  RecordProperty("in_memory_bytes_per_leaf", std::to_string(in_memory));
  EXPECT_EQ(tree.root(), reference.root());
}

}  // namespace
}  // namespace trustgate::ledger
