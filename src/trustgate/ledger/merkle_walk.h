// The RFC 9162 recursions over a tree's stored complete subtrees (§2.1.1
// MTH, §2.1.3 PATH, §2.1.4 PROOF/SUBPROOF), shared by MerkleTree (every
// node in memory) and TiledTree (the lower levels of completed tiles in a
// side file).
//
// `node(height, index)` returns, as a base::Result<Hash>, the hash of the
// complete subtree over leaves [index << height, (index + 1) << height); the
// walks ask only for complete subtrees within the first `size` leaves. A
// failed read ends the walk with its error.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

#include "trustgate/ledger/merkle.h"

namespace trustgate::ledger::merkle_walk {

// Largest power of two strictly smaller than n (n > 1).
inline uint64_t split_point(uint64_t n) { return std::bit_floor(n - 1); }

// MTH(D[begin:end]), end > begin. The recursion only reaches ranges whose
// left part is a complete, aligned subtree; such a range is stored.
template <class Node>
base::Result<Hash> subtree(const Node& node, uint64_t begin, uint64_t end) {
  const uint64_t n = end - begin;
  if (std::has_single_bit(n) && begin % n == 0) {
    return node(static_cast<uint32_t>(std::countr_zero(n)), begin / n);
  }
  const uint64_t k = split_point(n);
  auto left = subtree(node, begin, begin + k);
  if (!left) return left;
  auto right = subtree(node, begin + k, end);
  if (!right) return right;
  return node_hash(*left, *right);
}

// Appends subtree(begin, end) to `out`.
template <class Node>
base::Status push_subtree(const Node& node, uint64_t begin, uint64_t end, std::vector<Hash>& out) {
  auto h = subtree(node, begin, end);
  if (!h) return h.error();
  out.push_back(*h);
  return base::Status::Ok();
}

template <class Node>
base::Status path(const Node& node, uint64_t m, uint64_t begin, uint64_t end,
                  std::vector<Hash>& out) {
  const uint64_t n = end - begin;
  if (n <= 1) return base::Status::Ok();
  const uint64_t k = split_point(n);
  if (m < k) {
    if (auto s = path(node, m, begin, begin + k, out); !s) return s;
    return push_subtree(node, begin + k, end, out);
  }
  if (auto s = path(node, m - k, begin + k, end, out); !s) return s;
  return push_subtree(node, begin, begin + k, out);
}

template <class Node>
base::Status subproof(const Node& node, uint64_t m, uint64_t begin, uint64_t end, bool whole,
                      std::vector<Hash>& out) {
  const uint64_t n = end - begin;
  if (m == n) return whole ? base::Status::Ok() : push_subtree(node, begin, end, out);
  const uint64_t k = split_point(n);
  if (m <= k) {
    if (auto s = subproof(node, m, begin, begin + k, whole, out); !s) return s;
    return push_subtree(node, begin + k, end, out);
  }
  if (auto s = subproof(node, m - k, begin + k, end, false, out); !s) return s;
  return push_subtree(node, begin, begin + k, out);
}

// MTH of the first `tree_size` leaves (tree_size <= the tree's size).
template <class Node>
base::Result<Hash> root(const Node& node, uint64_t tree_size) {
  if (tree_size == 0) return empty_tree_hash();
  return subtree(node, 0, tree_size);
}

// PATH(index, D[tree_size]) in a tree of `size` leaves.
template <class Node>
base::Result<std::vector<Hash>> inclusion_proof(const Node& node, uint64_t size, uint64_t index,
                                                uint64_t tree_size) {
  if (tree_size > size) return base::Error{"tree size beyond the log"};
  if (index >= tree_size) return base::Error{"leaf index beyond the tree size"};
  std::vector<Hash> out;
  if (auto s = path(node, index, 0, tree_size, out); !s) return s.error();
  return out;
}

// PROOF(old_size, D[new_size]) in a tree of `size` leaves.
template <class Node>
base::Result<std::vector<Hash>> consistency_proof(const Node& node, uint64_t size,
                                                  uint64_t old_size, uint64_t new_size) {
  if (new_size > size) return base::Error{"tree size beyond the log"};
  if (old_size > new_size) return base::Error{"the older tree is larger than the newer one"};
  std::vector<Hash> out;
  if (old_size == 0 || old_size == new_size) return out;
  if (auto s = subproof(node, old_size, 0, new_size, true, out); !s) return s.error();
  return out;
}

}  // namespace trustgate::ledger::merkle_walk
