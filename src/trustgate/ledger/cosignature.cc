#include "trustgate/ledger/cosignature.h"

namespace trustgate::ledger {

namespace {

constexpr char kCosignatureV1 = 0x04;

std::string message(std::string_view text, uint64_t unix_time) {
  return "cosignature/v1\ntime " + std::to_string(unix_time) + "\n" + std::string(text);
}

}  // namespace

base::Result<CosignerKey> CosignerKey::make(std::string name, common::Ed25519Key key) {
  if (!valid_key_name(name)) {
    return base::Error{"a witness name must be non-empty, without spaces or '+': \"" + name + "\""};
  }
  CosignerKey k;
  k.key_id_ = note_key_id(name, kCosignatureV1, key.public_raw());
  k.name_ = std::move(name);
  k.key_ = std::move(key);
  return k;
}

base::Result<CosignerKey> CosignerKey::from_verifier_key(std::string_view text) {
  auto parts = parse_verifier_key(text);
  if (!parts) return parts.error();
  if (parts->type != kCosignatureV1 || parts->public_raw.size() != 32) {
    return base::Error{"not an Ed25519 cosignature verifier key (type 0x04, 32 bytes)"};
  }
  auto key = common::Ed25519Key::from_public_raw(parts->public_raw);
  if (!key) return key.error();
  return make(parts->name, std::move(*key));
}

std::string CosignerKey::verifier_key() const {
  return format_verifier_key(name_, key_id_, kCosignatureV1, key_.public_raw());
}

base::Result<NoteSignature> CosignerKey::cosign(std::string_view text, uint64_t unix_time) const {
  auto sig = key_.sign(message(text, unix_time));
  if (!sig) return sig.error();
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((unix_time >> (56 - 8 * i)) & 0xFF);
  return NoteSignature{name_, key_id_, bytes + *sig};
}

std::optional<uint64_t> CosignerKey::cosigned_at(
    std::string_view text, const std::vector<NoteSignature>& signatures) const {
  for (const NoteSignature& s : signatures) {
    if (s.name != name_ || s.key_id != key_id_ || s.signature.size() != 72) continue;
    uint64_t t = 0;
    for (int i = 0; i < 8; ++i) t = (t << 8) | static_cast<uint8_t>(s.signature[i]);
    if (t > (uint64_t{1} << 63) - 1) continue;
    if (key_.verify(message(text, t), std::string_view(s.signature).substr(8))) return t;
  }
  return std::nullopt;
}

}  // namespace trustgate::ledger
