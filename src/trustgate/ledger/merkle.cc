#include "trustgate/ledger/merkle.h"

#include <bit>

#include "base/digest.h"
#include "base/encoding.h"
#include "merkle_walk.h"

namespace trustgate::ledger {

std::string hash_base64(const Hash& h) { return base::base64_encode(h.data(), h.size()); }
std::string hash_hex(const Hash& h) { return base::to_hex(h.data(), h.size()); }

cedar::Result<Hash> parse_hash_base64(std::string_view text) {
  auto bytes = base::base64_decode(text);
  if (!bytes) return bytes.error();
  if (bytes->size() != 32) return cedar::Error{"a hash must be 32 bytes"};
  Hash h;
  std::copy(bytes->begin(), bytes->end(), h.begin());
  return h;
}

Hash leaf_hash(std::string_view entry) {
  static constexpr char kLeaf = 0x00;
  return base::sha256_parts(std::string_view(&kLeaf, 1), entry);
}

Hash node_hash(const Hash& left, const Hash& right) {
  static constexpr char kNode = 0x01;
  auto bytes = [](const Hash& h) {
    return std::string_view(reinterpret_cast<const char*>(h.data()), h.size());
  };
  return base::sha256_parts(std::string_view(&kNode, 1), bytes(left), bytes(right));
}

Hash empty_tree_hash() { return base::sha256(""); }

Hash root_of(std::span<const Hash> leaves) {
  if (leaves.empty()) return empty_tree_hash();
  if (leaves.size() == 1) return leaves[0];
  uint64_t k = merkle_walk::split_point(leaves.size());
  return node_hash(root_of(leaves.first(k)), root_of(leaves.subspan(k)));
}

void MerkleTree::reserve(uint64_t leaves) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].reserve(leaves);
}

void MerkleTree::append(const Hash& leaf) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf);
  for (size_t k = 0; levels_[k].size() % 2 == 0; ++k) {
    if (k + 1 == levels_.size()) levels_.emplace_back();
    const auto& level = levels_[k];
    levels_[k + 1].push_back(node_hash(level[level.size() - 2], level.back()));
  }
}

void MerkleTree::truncate(uint64_t leaves) {
  if (leaves >= size()) return;
  for (size_t k = 0; k < levels_.size(); ++k) levels_[k].resize(leaves >> k);
  while (levels_.size() > 1 && levels_.back().empty()) levels_.pop_back();
}

// The walks over stored nodes never fail: every node is in memory.
Hash MerkleTree::root(uint64_t tree_size) const {
  return *merkle_walk::root([this](uint32_t h, uint64_t i) { return node(h, i); }, tree_size);
}

cedar::Result<std::vector<Hash>> MerkleTree::inclusion_proof(uint64_t index,
                                                             uint64_t tree_size) const {
  return merkle_walk::inclusion_proof([this](uint32_t h, uint64_t i) { return node(h, i); }, size(),
                                      index, tree_size);
}

cedar::Result<std::vector<Hash>> MerkleTree::consistency_proof(uint64_t old_size,
                                                               uint64_t new_size) const {
  return merkle_walk::consistency_proof([this](uint32_t h, uint64_t i) { return node(h, i); },
                                        size(), old_size, new_size);
}

bool verify_inclusion(uint64_t index, uint64_t tree_size, const Hash& leaf,
                      std::span<const Hash> proof, const Hash& root) {
  if (index >= tree_size) return false;
  uint64_t fn = index, sn = tree_size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = node_hash(p, r);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool verify_consistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                        const Hash& new_root, std::span<const Hash> proof) {
  if (old_size > new_size) return false;
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  if (old_size == 0) return proof.empty();
  if (proof.empty()) return false;
  std::vector<Hash> path;
  if (std::has_single_bit(old_size)) path.push_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = old_size - 1, sn = new_size - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == old_root && sr == new_root && sn == 0;
}

void CompactRange::append(const Hash& leaf) {
  peaks_.push_back(leaf);
  for (uint64_t s = size_; s & 1; s >>= 1) {
    Hash right = peaks_.back();
    peaks_.pop_back();
    peaks_.back() = node_hash(peaks_.back(), right);
  }
  ++size_;
}

Hash CompactRange::root() const {
  if (peaks_.empty()) return empty_tree_hash();
  Hash r = peaks_.back();
  for (size_t i = peaks_.size() - 1; i-- > 0;) r = node_hash(peaks_[i], r);
  return r;
}

}  // namespace trustgate::ledger
