// TreeLedger: what the file ledger and the PostgreSQL ledger keep in memory
// and read alike: the Merkle tree of the entries committed, the latest
// durable checkpoint, the keys, and the reads served from them (leaves,
// roots, proofs, tiles). Each backend appends and loads its own way.
//
// Invariants (held under mu_): tree_ holds at least checkpoint_'s size of
// leaves (the file ledger may hold leaves of a batch being committed); a
// read never answers beyond the size covering() returns.
#pragma once

#include <mutex>

#include "tiled_tree.h"
#include "trustgate/ledger/ledger.h"

namespace trustgate::ledger {

class TreeLedger : public Ledger {
 public:
  void set_commit_listener(CommitListener listener) override { listener_ = std::move(listener); }
  bool read_only() const override { return read_only_; }
  const NoteKey& note_key() const override { return note_key_; }
  uint64_t size() const override;
  SignedCheckpoint checkpoint() const override;
  uint64_t batches() const override;
  base::Result<Hash> leaf(uint64_t index) const override;
  base::Result<Hash> root(uint64_t tree_size) const override;
  base::Result<std::vector<Hash>> inclusion_proof(uint64_t index,
                                                  uint64_t tree_size) const override;
  base::Result<std::vector<Hash>> subtree_hashes(uint32_t height, uint64_t first,
                                                 uint64_t width) const override;
  base::Result<std::vector<Hash>> consistency_proof(uint64_t old_size,
                                                    uint64_t new_size) const override;

 protected:
  // Before size() and checkpoint() read the view: a backend others append
  // to (PostgreSQL) brings it up to date.
  virtual void refresh_view() const {}
  // The size of the view, brought first to at least `size` when the backend
  // can (PostgreSQL); the file ledger's is its latest checkpoint's.
  virtual uint64_t covering(uint64_t size) const;
  // Empties tree_ and gives it a new side file in the temporary directory
  // ($TMPDIR, else /tmp): called by each backend's open before it fills it.
  base::Status open_tree();

  NoteKey note_key_;  // the public key: checks checkpoints
  NoteKey signer_;    // the private key: signs them (writers only)
  bool read_only_ = true;
  CommitListener listener_;

  mutable std::mutex mu_;
  mutable TiledTree tree_;               // leaves of the entries committed (see above)
  mutable SignedCheckpoint checkpoint_;  // the latest durable checkpoint
  uint64_t batches_ = 0;                 // commit batches since open
};

}  // namespace trustgate::ledger
