#include "base/digest.h"

#include <openssl/evp.h>

#include <memory>

namespace base {

namespace {

// SHA-256 fetched once: looking the algorithm up on every hash takes a lock
// in OpenSSL 3, which dominated ledger verification.
const EVP_MD* sha256_md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

}  // namespace

Sha256 sha256_parts(std::string_view a, std::string_view b, std::string_view c) {
  // One reusable context per thread: hashing is the verifier's hot loop.
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                           EVP_MD_CTX_free);
  Sha256 out;
  unsigned int len = 0;
  EVP_DigestInit_ex2(ctx.get(), sha256_md(), nullptr);
  EVP_DigestUpdate(ctx.get(), a.data(), a.size());
  if (!b.empty()) EVP_DigestUpdate(ctx.get(), b.data(), b.size());
  if (!c.empty()) EVP_DigestUpdate(ctx.get(), c.data(), c.size());
  EVP_DigestFinal_ex(ctx.get(), out.data(), &len);
  return out;
}

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
