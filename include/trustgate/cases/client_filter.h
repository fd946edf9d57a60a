// ClientIdFilter: which client keys (a jurisdiction, a receiving agency and
// the client's request id) the case store may hold — a Bloom filter of a
// fixed size, so that a new submission (a key never seen) costs no read of
// the store.
//
// Invariant: may_hold(k) is true for every k given to add() (no false
// "no"); for a key never added it is false but for a few (false positives,
// about 3% with a million keys held, more beyond: the filter fills, and a
// full one says "maybe" to everything, which is the store's cost without
// it). Thread-safe: add() and may_hold() may run at once; an add() that
// happens before a may_hold() (through a lock or another synchronising
// operation) is seen by it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>

namespace trustgate::cases {

class ClientIdFilter {
 public:
  ClientIdFilter();

  void add(std::string_view jurisdiction, std::string_view agency, std::string_view client_id);
  bool may_hold(std::string_view jurisdiction, std::string_view agency,
                std::string_view client_id) const;

 private:
  static constexpr uint64_t kBits = uint64_t{1} << 23;  // 1 MiB
  static constexpr int kProbes = 3;                     // bits a key sets

  std::unique_ptr<std::atomic<uint64_t>[]> words_;
};

}  // namespace trustgate::cases
