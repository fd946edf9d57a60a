#include "trustgate/cases/client_filter.h"

#include <utility>

#include "cedar/value.h"

namespace trustgate::cases {

namespace {

// splitmix64's finaliser: spreads a hash's bits over all 64.
uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The key's two hashes for double hashing (probe i at h1 + i * h2), from
// cedar's hash_bytes over the parts in turn: each part's length is folded
// into the hash, so the parts are kept apart, and no key text is built.
std::pair<uint64_t, uint64_t> hashes(std::string_view jurisdiction, std::string_view agency,
                                     std::string_view client_id) {
  const uint64_t h =
      cedar::hash_bytes(cedar::hash_bytes(cedar::hash_bytes(0, jurisdiction), agency), client_id);
  return {mix(h), mix(h ^ 0x9e3779b97f4a7c15ULL) | 1};
}

// The filter's bit for probe i of a key with hashes h1, h2.
uint64_t probe(uint64_t h1, uint64_t h2, int i, uint64_t bits) {
  return (h1 + static_cast<uint64_t>(i) * h2) % bits;
}

}  // namespace

ClientIdFilter::ClientIdFilter() : words_(new std::atomic<uint64_t>[kBits / 64]) {
  for (uint64_t i = 0; i < kBits / 64; ++i) words_[i].store(0, std::memory_order_relaxed);
}

void ClientIdFilter::add(std::string_view jurisdiction, std::string_view agency,
                         std::string_view client_id) {
  auto [h1, h2] = hashes(jurisdiction, agency, client_id);
  for (int i = 0; i < kProbes; ++i) {
    const uint64_t bit = probe(h1, h2, i, kBits);
    words_[bit / 64].fetch_or(uint64_t{1} << (bit % 64), std::memory_order_relaxed);
  }
}

bool ClientIdFilter::may_hold(std::string_view jurisdiction, std::string_view agency,
                              std::string_view client_id) const {
  auto [h1, h2] = hashes(jurisdiction, agency, client_id);
  for (int i = 0; i < kProbes; ++i) {
    const uint64_t bit = probe(h1, h2, i, kBits);
    if (!(words_[bit / 64].load(std::memory_order_relaxed) & (uint64_t{1} << (bit % 64)))) {
      return false;
    }
  }
  return true;
}

}  // namespace trustgate::cases
