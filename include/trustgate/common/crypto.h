// Ed25519 signing keys, from OpenSSL (SHA-256, hex and base64 are in base/).
//
// Keys are kept as PEM files (PKCS#8 private key, SubjectPublicKeyInfo
// public key) so that `openssl pkeyutl` can check signatures independently.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace trustgate::common {

// An Ed25519 key pair, or a public key alone.
class Ed25519Key {
 public:
  static base::Result<Ed25519Key> generate();
  static base::Result<Ed25519Key> from_private_pem(std::string_view pem);
  static base::Result<Ed25519Key> from_public_pem(std::string_view pem);
  // A public key from its 32 raw bytes (RFC 8032).
  static base::Result<Ed25519Key> from_public_raw(std::string_view raw);

  bool has_private() const { return has_private_; }
  base::Result<std::string> private_pem() const;
  base::Result<std::string> public_pem() const;
  // The 32 raw bytes of the public key.
  std::string public_raw() const;
  // The public key alone (drops the private half).
  Ed25519Key public_only() const;
  // The 64-byte signature of `message` (needs the private key).
  base::Result<std::string> sign(std::string_view message) const;
  bool verify(std::string_view message, std::string_view signature) const;

 private:
  std::shared_ptr<void> pkey_;  // EVP_PKEY
  bool has_private_ = false;
};

}  // namespace trustgate::common
