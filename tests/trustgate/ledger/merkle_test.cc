#include "trustgate/ledger/merkle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/digest.h"

namespace trustgate::ledger {
namespace {

std::vector<Hash> leaves(size_t n) {
  std::vector<Hash> out;
  for (size_t i = 0; i < n; ++i) out.push_back(leaf_hash("entry " + std::to_string(i)));
  return out;
}

TEST(MerkleTest, HashesFollowRfc9162Prefixes) {
  // leaf = SHA-256(0x00 || data); node = SHA-256(0x01 || l || r).
  EXPECT_EQ(leaf_hash("abc"), base::sha256(std::string("\0abc", 4)));
  Hash a = leaf_hash("a"), b = leaf_hash("b");
  std::string node = "\x01" + std::string(a.begin(), a.end()) + std::string(b.begin(), b.end());
  EXPECT_EQ(node_hash(a, b), base::sha256(node));
  // The empty tree's hash is SHA-256 of nothing.
  EXPECT_EQ(hash_hex(empty_tree_hash()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(MerkleTest, KnownRootOfThreeLeaves) {
  // MTH(d0,d1,d2) = node(node(l0,l1), l2): the split is the largest power of two < n.
  auto l = leaves(3);
  EXPECT_EQ(root_of(l), node_hash(node_hash(l[0], l[1]), l[2]));
}

TEST(MerkleTest, TreeRootsMatchTheRecursiveDefinition) {
  auto l = leaves(70);
  MerkleTree tree;
  CompactRange range;
  for (size_t n = 0; n <= l.size(); ++n) {
    std::span<const Hash> prefix(l.data(), n);
    EXPECT_EQ(tree.root(), root_of(prefix)) << n;
    EXPECT_EQ(range.root(), root_of(prefix)) << n;
    if (n < l.size()) {
      tree.append(l[n]);
      range.append(l[n]);
    }
  }
  for (size_t n = 0; n <= l.size(); ++n) EXPECT_EQ(tree.root(n), root_of({l.data(), n}));
}

TEST(MerkleTest, InclusionProofsVerifyForEveryLeafAndSize) {
  auto l = leaves(40);
  MerkleTree tree;
  for (const auto& h : l) tree.append(h);
  for (uint64_t size = 1; size <= l.size(); ++size) {
    Hash root = tree.root(size);
    for (uint64_t i = 0; i < size; ++i) {
      auto proof = tree.inclusion_proof(i, size);
      ASSERT_TRUE(proof);
      EXPECT_TRUE(verify_inclusion(i, size, l[i], *proof, root)) << i << "/" << size;
      // Another leaf, another index or a damaged path fails.
      EXPECT_FALSE(verify_inclusion(i, size, l[(i + 1) % l.size()], *proof, root));
      if (size > 1) {
        EXPECT_FALSE(verify_inclusion((i + 1) % size, size, l[i], *proof, root));
      }
      if (!proof->empty()) {
        auto bad = *proof;
        bad[0][0] ^= 1;
        EXPECT_FALSE(verify_inclusion(i, size, l[i], bad, root));
        bad = *proof;
        bad.pop_back();
        EXPECT_FALSE(verify_inclusion(i, size, l[i], bad, root));
      }
    }
  }
  EXPECT_FALSE(tree.inclusion_proof(5, 5));
}

TEST(MerkleTest, ConsistencyProofsVerifyForEveryPairOfSizes) {
  auto l = leaves(40);
  MerkleTree tree;
  for (const auto& h : l) tree.append(h);
  for (uint64_t n = 1; n <= l.size(); ++n) {
    for (uint64_t m = 1; m <= n; ++m) {
      auto proof = tree.consistency_proof(m, n);
      ASSERT_TRUE(proof);
      EXPECT_TRUE(verify_consistency(m, n, tree.root(m), tree.root(n), *proof)) << m << "," << n;
      if (m < n) {
        Hash wrong = tree.root(m);
        wrong[3] ^= 0x40;
        EXPECT_FALSE(verify_consistency(m, n, wrong, tree.root(n), *proof));
        EXPECT_FALSE(verify_consistency(m, n, tree.root(m), wrong, *proof));
        auto bad = *proof;
        bad.back()[0] ^= 1;
        EXPECT_FALSE(verify_consistency(m, n, tree.root(m), tree.root(n), bad));
      }
    }
  }
}

TEST(MerkleTest, ProofSizesAreLogarithmic) {
  MerkleTree tree;
  for (int i = 0; i < 1000; ++i) tree.append(leaf_hash(std::to_string(i)));
  EXPECT_EQ(tree.inclusion_proof(0, 1000)->size(), 10u);  // ceil(log2(1000))
  EXPECT_LE(tree.inclusion_proof(999, 1000)->size(), 10u);
  EXPECT_LE(tree.consistency_proof(300, 1000)->size(), 20u);
}

}  // namespace
}  // namespace trustgate::ledger
