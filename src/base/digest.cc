#include "base/digest.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

namespace base {

namespace {

// SHA-256 fetched once for the streaming digest: looking the algorithm up on
// every use takes a lock in OpenSSL 3.
const EVP_MD* sha256_md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

}  // namespace

// OpenSSL's low-level SHA-256 interface, deprecated since OpenSSL 3.0 but
// kept in 3.x: the same code as EVP's (SHA-NI where the CPU has it) without
// EVP's per-hash context set-up, which costs more than hashing the 65 bytes
// of a Merkle node (measured: EVP_DigestInit_ex2 + Update + Final took ~1.8x
// the time of SHA256_Init + Update + Final). Ledger verification folds one
// node per entry in one thread, so this is its sequential part.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
Sha256 sha256_parts(std::string_view a, std::string_view b, std::string_view c) {
  Sha256 out;
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, a.data(), a.size());
  if (!b.empty()) SHA256_Update(&ctx, b.data(), b.size());
  if (!c.empty()) SHA256_Update(&ctx, c.data(), c.size());
  SHA256_Final(out.data(), &ctx);
  return out;
}
#pragma GCC diagnostic pop

Sha256 sha256(std::string_view data) { return sha256_parts(data, {}); }

Sha256Stream::Sha256Stream() : ctx_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex2(static_cast<EVP_MD_CTX*>(ctx_), sha256_md(), nullptr);
}

Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256Stream::update(std::string_view data) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(), data.size());
}

Sha256 Sha256Stream::finish() {
  Sha256 out;
  unsigned int len = 0;
  auto* ctx = static_cast<EVP_MD_CTX*>(ctx_);
  EVP_DigestFinal_ex(ctx, out.data(), &len);
  EVP_DigestInit_ex2(ctx, sha256_md(), nullptr);
  return out;
}

std::string to_hex(const uint8_t* data, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view data) { return to_hex(sha256(data)); }

}  // namespace base
