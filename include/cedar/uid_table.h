// UidTable: a hash table from EntityUid to T for tables built once and then
// only read (the policy index).
//
// Open addressing with linear probing over a power-of-two array of slots;
// each slot keeps the key's full hash, so a probe compares uids only when the
// hashes are equal. Invariant: at most half the slots are used, so every
// probe sequence reaches an empty slot.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "cedar/value.h"

namespace cedar {

template <class T>
class UidTable {
 public:
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }

  // The value under `uid`, or null.
  const T* find(const EntityUid& uid) const {
    if (entries_.empty()) return nullptr;
    const uint64_t h = EntityUidHash{}(uid);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.entry == 0) return nullptr;
      if (s.hash == h && entries_[s.entry - 1].first == uid) return &entries_[s.entry - 1].second;
    }
  }

  // The value under `uid`, inserted (value-initialized) when absent. The
  // reference is valid until the next insertion.
  T& operator[](const EntityUid& uid) {
    if (2 * (entries_.size() + 1) > slots_.size()) grow();
    const uint64_t h = EntityUidHash{}(uid);
    size_t i = h & mask_;
    for (;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.entry == 0) break;
      if (s.hash == h && entries_[s.entry - 1].first == uid) return entries_[s.entry - 1].second;
    }
    entries_.emplace_back(uid, T{});
    slots_[i] = {h, static_cast<uint32_t>(entries_.size())};
    return entries_.back().second;
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t entry = 0;  // 1 + index into entries_; 0: empty
  };

  void grow() {
    size_t n = slots_.empty() ? 16 : 2 * slots_.size();
    slots_.assign(n, Slot{});
    mask_ = n - 1;
    for (uint32_t e = 0; e < entries_.size(); ++e) {
      const uint64_t h = EntityUidHash{}(entries_[e].first);
      size_t i = h & mask_;
      while (slots_[i].entry != 0) i = (i + 1) & mask_;
      slots_[i] = {h, e + 1};
    }
  }

  std::vector<Slot> slots_;
  std::vector<std::pair<EntityUid, T>> entries_;
  size_t mask_ = 0;
};

}  // namespace cedar
