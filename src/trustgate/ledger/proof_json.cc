#include "trustgate/ledger/proof_json.h"

namespace trustgate::ledger {

namespace {

common::Json hashes(const std::vector<Hash>& list) {
  common::Json out = common::Json::array();
  for (const Hash& h : list) out.push(hash_base64(h));
  return out;
}

}  // namespace

base::Result<common::Json> inclusion_json(const Ledger& ledger, uint64_t seq, uint64_t size) {
  if (seq >= size) {
    return base::invalid_field(
        "/seq", "entry " + std::to_string(seq) + " is not in a tree of " + std::to_string(size));
  }
  auto entry = ledger.entry(seq);
  if (!entry) return entry.error();
  auto path = ledger.inclusion_proof(seq, size);
  if (!path) return path.error();
  common::Json p = common::Json::object();
  p.set("seq", seq);
  p.set("size", size);
  p.set("entry", *entry);
  p.set("leaf_hash", hash_base64(leaf_hash(*entry)));
  p.set("audit_path", hashes(*path));
  return p;
}

base::Result<common::Json> consistency_json(const Ledger& ledger, uint64_t old_size,
                                            uint64_t new_size) {
  if (old_size > new_size) {
    return base::invalid_field("/old_size",
                               "must not exceed the new size " + std::to_string(new_size));
  }
  auto proof = ledger.consistency_proof(old_size, new_size);
  if (!proof) return proof.error();
  auto old_root = ledger.root(old_size);
  auto new_root = ledger.root(new_size);
  if (!old_root || !new_root) return !old_root ? old_root.error() : new_root.error();
  common::Json out = common::Json::object();
  out.set("old_size", old_size);
  out.set("new_size", new_size);
  out.set("old_root", hash_base64(*old_root));
  out.set("new_root", hash_base64(*new_root));
  out.set("proof", hashes(*proof));
  return out;
}

}  // namespace trustgate::ledger
