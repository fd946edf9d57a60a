// SHA-256 (from OpenSSL) and hex: the one digest helper of trustgate. The
// ledger's Merkle tree, pack digests, policy versions and token hashes all
// use it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace base {

using Sha256 = std::array<uint8_t, 32>;

Sha256 sha256(std::string_view data);
// SHA-256 of the concatenation of up to three byte strings (a prefix byte and
// one or two hashes, for the Merkle tree), without copying them together.
Sha256 sha256_parts(std::string_view a, std::string_view b, std::string_view c = {});

// SHA-256 of a stream of bytes given piece by piece (e.g. a release of
// records as it is written).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void update(std::string_view data);
  // The digest of everything given so far; the stream then starts afresh.
  Sha256 finish();

 private:
  void* ctx_;  // EVP_MD_CTX
};

// Lower-case hex of bytes.
std::string to_hex(const uint8_t* data, size_t size);
inline std::string to_hex(const Sha256& h) { return to_hex(h.data(), h.size()); }
inline std::string to_hex(std::string_view bytes) {
  return to_hex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

// to_hex(sha256(data)).
std::string sha256_hex(std::string_view data);

}  // namespace base
