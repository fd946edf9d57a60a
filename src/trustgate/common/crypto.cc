#include "trustgate/common/crypto.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace trustgate::common {

namespace {

EVP_PKEY* raw(const std::shared_ptr<void>& p) { return static_cast<EVP_PKEY*>(p.get()); }

std::shared_ptr<void> own(EVP_PKEY* key) {
  return std::shared_ptr<void>(key, [](void* p) { EVP_PKEY_free(static_cast<EVP_PKEY*>(p)); });
}

// Writes a key through a memory BIO; `write` is a PEM_write_bio_* function.
template <class F>
base::Result<std::string> pem_of(EVP_PKEY* key, F write) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || write(bio.get(), key) != 1) return base::Error{"cannot encode the key as PEM"};
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

}  // namespace

base::Result<Ed25519Key> Ed25519Key::generate() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (!key) return base::Error{"cannot generate an Ed25519 key"};
  Ed25519Key out;
  out.pkey_ = own(key);
  out.has_private_ = true;
  return out;
}

base::Result<Ed25519Key> Ed25519Key::from_private_pem(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(key);
    return base::Error{"not an Ed25519 private key in PEM form"};
  }
  Ed25519Key out;
  out.pkey_ = own(key);
  out.has_private_ = true;
  return out;
}

base::Result<Ed25519Key> Ed25519Key::from_public_pem(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  EVP_PKEY* key = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(key);
    return base::Error{"not an Ed25519 public key in PEM form"};
  }
  Ed25519Key out;
  out.pkey_ = own(key);
  return out;
}

base::Result<Ed25519Key> Ed25519Key::from_public_raw(std::string_view raw_key) {
  if (raw_key.size() != 32) return base::Error{"an Ed25519 public key is 32 bytes"};
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw_key.data()), 32);
  if (!key) return base::Error{"not an Ed25519 public key"};
  Ed25519Key out;
  out.pkey_ = own(key);
  return out;
}

std::string Ed25519Key::public_raw() const {
  std::string out(32, '\0');
  size_t len = out.size();
  if (!pkey_ ||
      EVP_PKEY_get_raw_public_key(raw(pkey_), reinterpret_cast<unsigned char*>(out.data()), &len) !=
          1 ||
      len != 32) {
    return {};
  }
  return out;
}

Ed25519Key Ed25519Key::public_only() const {
  auto key = from_public_raw(public_raw());
  return key ? *key : Ed25519Key();
}

base::Result<std::string> Ed25519Key::private_pem() const {
  if (!has_private_) return base::Error{"no private key"};
  return pem_of(raw(pkey_), [](BIO* b, EVP_PKEY* k) {
    return PEM_write_bio_PrivateKey(b, k, nullptr, nullptr, 0, nullptr, nullptr);
  });
}

base::Result<std::string> Ed25519Key::public_pem() const {
  return pem_of(raw(pkey_), [](BIO* b, EVP_PKEY* k) { return PEM_write_bio_PUBKEY(b, k); });
}

base::Result<std::string> Ed25519Key::sign(std::string_view message) const {
  if (!has_private_) return base::Error{"signing needs the private key"};
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::string sig(64, '\0');
  size_t len = sig.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, raw(pkey_)) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1) {
    return base::Error{"Ed25519 signing failed"};
  }
  sig.resize(len);
  return sig;
}

bool Ed25519Key::verify(std::string_view message, std::string_view signature) const {
  if (!pkey_ || signature.size() != 64) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, raw(pkey_)) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

}  // namespace trustgate::common
