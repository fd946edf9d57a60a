#include "tree_ledger.h"

#include <algorithm>

namespace trustgate::ledger {

namespace {

base::Error beyond(uint64_t size, uint64_t wanted) {
  return base::not_found("the ledger holds " + std::to_string(size) + " entries, not " +
                         std::to_string(wanted));
}

}  // namespace

base::Status TreeLedger::open_tree() {
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) return base::io_error("no temporary directory for the ledger's tree: " + ec.message());
  return tree_.open_side_file(dir);
}

uint64_t TreeLedger::covering(uint64_t) const {
  std::lock_guard lk(mu_);
  return checkpoint_.checkpoint.size;
}

uint64_t TreeLedger::size() const {
  refresh_view();
  std::lock_guard lk(mu_);
  return checkpoint_.checkpoint.size;
}

SignedCheckpoint TreeLedger::checkpoint() const {
  refresh_view();
  std::lock_guard lk(mu_);
  return checkpoint_;
}

uint64_t TreeLedger::batches() const {
  std::lock_guard lk(mu_);
  return batches_;
}

base::Result<Hash> TreeLedger::leaf(uint64_t index) const {
  std::lock_guard lk(mu_);
  if (index >= checkpoint_.checkpoint.size) return beyond(checkpoint_.checkpoint.size, index + 1);
  return tree_.leaf(index);
}

base::Result<Hash> TreeLedger::root(uint64_t tree_size) const {
  std::lock_guard lk(mu_);
  return tree_.root(std::min(tree_size, checkpoint_.checkpoint.size));
}

base::Result<std::vector<Hash>> TreeLedger::inclusion_proof(uint64_t index,
                                                            uint64_t tree_size) const {
  const uint64_t size = covering(tree_size);
  std::lock_guard lk(mu_);
  if (tree_size > size) return beyond(size, tree_size);
  return tree_.inclusion_proof(index, tree_size);
}

base::Result<std::vector<Hash>> TreeLedger::subtree_hashes(uint32_t height, uint64_t first,
                                                           uint64_t width) const {
  const uint64_t size = height < 64 ? covering((first + width) << height) : covering(0);
  std::lock_guard lk(mu_);
  if (height >= 64 || width == 0 || first + width > (size >> height)) {
    return base::not_found("the ledger has no such tile yet (size " + std::to_string(size) + ")");
  }
  return tree_.complete_subtrees(height, first, width);
}

base::Result<std::vector<Hash>> TreeLedger::consistency_proof(uint64_t old_size,
                                                              uint64_t new_size) const {
  const uint64_t size = covering(new_size);
  std::lock_guard lk(mu_);
  if (new_size > size) return beyond(size, new_size);
  return tree_.consistency_proof(old_size, new_size);
}

}  // namespace trustgate::ledger
