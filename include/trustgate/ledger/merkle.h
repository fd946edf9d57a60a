// The Merkle tree of the ledger, as RFC 9162 (Certificate Transparency v2)
// §2.1 defines it, with SHA-256:
//   leaf hash  = SHA-256(0x00 || entry)
//   node hash  = SHA-256(0x01 || left || right)
//   MTH({})    = SHA-256("")
//   MTH(D[n])  = node(MTH(D[0:k]), MTH(D[k:n])) for n > 1, where k is the
//                largest power of two smaller than n.
// Inclusion proofs are the RFC's PATH (§2.1.3), consistency proofs its
// PROOF/SUBPROOF (§2.1.4); the verifiers follow §2.1.3.2 and §2.1.4.2.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "cedar/result.h"
#include "trustgate/ledger/hash.h"

namespace trustgate::ledger {

Hash leaf_hash(std::string_view entry);
Hash node_hash(const Hash& left, const Hash& right);
Hash empty_tree_hash();

// MTH straight from the RFC's recursive definition (used by tests as the
// reference, and for small trees).
Hash root_of(std::span<const Hash> leaves);

// An append-only tree of leaf hashes that answers roots and proofs for any
// prefix in O(log n) hashes, all in memory (about 72 bytes a leaf): the
// reference, and the tree of small or short-lived logs (audits). A ledger's
// tree is a TiledTree (src/trustgate/ledger/tiled_tree.h), which keeps the
// lower levels of completed tiles in a side file.
//
// Invariant: levels_[k][j] is the hash of the complete subtree over leaves
// [j*2^k, (j+1)*2^k); every complete subtree of the current leaves is
// present, so levels_[k].size() == size() >> k.
class MerkleTree {
 public:
  void append(const Hash& leaf);
  void reserve(uint64_t leaves);
  // Keeps the first `leaves` leaves (and the subtrees over them): undoes
  // appends that were never committed.
  void truncate(uint64_t leaves);
  uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
  const Hash& leaf(uint64_t index) const { return levels_[0][index]; }

  Hash root() const { return root(size()); }
  // The root of the tree of the first `tree_size` leaves (tree_size <= size()).
  Hash root(uint64_t tree_size) const;

  // The hash of the complete subtree of height `height` at position
  // `index` (leaves [index * 2^height, (index + 1) * 2^height)); it must lie
  // within the current leaves.
  const Hash& complete_subtree(uint32_t height, uint64_t index) const {
    return levels_[height][index];
  }

  // PATH(index, D[tree_size]).
  cedar::Result<std::vector<Hash>> inclusion_proof(uint64_t index, uint64_t tree_size) const;
  // PROOF(old_size, D[new_size]); empty when old_size is 0 or equals new_size.
  cedar::Result<std::vector<Hash>> consistency_proof(uint64_t old_size, uint64_t new_size) const;

 private:
  // The walks' (merkle_walk.h) node: complete_subtree(), which cannot fail.
  cedar::Result<Hash> node(uint32_t height, uint64_t index) const { return levels_[height][index]; }

  std::vector<std::vector<Hash>> levels_;
};

// RFC 9162 §2.1.3.2: does `proof` show the leaf at `index` in the tree of
// `tree_size` leaves with root `root`?
bool verify_inclusion(uint64_t index, uint64_t tree_size, const Hash& leaf,
                      std::span<const Hash> proof, const Hash& root);

// RFC 9162 §2.1.4.2: is the tree (new_size, new_root) an append-only
// extension of (old_size, old_root)?
bool verify_consistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                        const Hash& new_root, std::span<const Hash> proof);

// Folds leaf hashes into the roots of the complete subtrees of a growing
// tree (at most 64 hashes), so a log can be verified in one streaming pass
// with O(log n) memory. root() equals MTH of the leaves added so far.
class CompactRange {
 public:
  void append(const Hash& leaf);
  uint64_t size() const { return size_; }
  Hash root() const;

 private:
  uint64_t size_ = 0;
  std::vector<Hash> peaks_;  // complete subtrees, largest (leftmost) first
};

}  // namespace trustgate::ledger
