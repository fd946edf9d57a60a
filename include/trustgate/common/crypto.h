// SHA-256, hex, base64 and Ed25519, from OpenSSL.
//
// Ed25519 keys are kept as PEM files (PKCS#8 private key, SubjectPublicKeyInfo
// public key) so that `openssl pkeyutl` can check signatures independently.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/result.h"

namespace trustgate::common {

using Sha256 = std::array<uint8_t, 32>;

Sha256 sha256(std::string_view data);

std::string to_hex(const uint8_t* data, size_t size);
inline std::string to_hex(const Sha256& h) { return to_hex(h.data(), h.size()); }

std::string base64_encode(const uint8_t* data, size_t size);
inline std::string base64_encode(std::string_view s) {
  return base64_encode(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
// Standard alphabet with padding; anything else (whitespace included) fails.
cedar::Result<std::string> base64_decode(std::string_view text);

// An Ed25519 key pair, or a public key alone.
class Ed25519Key {
 public:
  static cedar::Result<Ed25519Key> generate();
  static cedar::Result<Ed25519Key> from_private_pem(std::string_view pem);
  static cedar::Result<Ed25519Key> from_public_pem(std::string_view pem);

  bool has_private() const { return has_private_; }
  cedar::Result<std::string> private_pem() const;
  cedar::Result<std::string> public_pem() const;
  // The 64-byte signature of `message` (needs the private key).
  cedar::Result<std::string> sign(std::string_view message) const;
  bool verify(std::string_view message, std::string_view signature) const;

 private:
  std::shared_ptr<void> pkey_;  // EVP_PKEY
  bool has_private_ = false;
};

}  // namespace trustgate::common
