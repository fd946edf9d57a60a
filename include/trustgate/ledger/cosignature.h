// Cosignatures: a witness's statement that it saw a checkpoint, consistent
// with every earlier one it saw of that log (C2SP tlog-cosignature, the
// Ed25519 "cosignature/v1" type).
//
// A cosignature is a signed-note signature line
//   — <witness name> base64(key id || 8-byte big-endian time || Ed25519 signature)
// whose key id is SHA-256(name || 0x0A || 0x04 || public key)[:4], over the
// message "cosignature/v1\ntime <time>\n" followed by the checkpoint's text.
// A witness's verifier key is "<name>+<hex key id>+<base64(0x04 || key)>".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "trustgate/common/crypto.h"
#include "trustgate/ledger/note.h"

namespace trustgate::ledger {

class CosignerKey {
 public:
  static base::Result<CosignerKey> make(std::string name, common::Ed25519Key key);
  // From "<name>+<hex id>+<base64(0x04 || key)>".
  static base::Result<CosignerKey> from_verifier_key(std::string_view text);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  std::string verifier_key() const;

  // This key's cosignature, at `unix_time`, of a checkpoint with text `text`.
  base::Result<NoteSignature> cosign(std::string_view text, uint64_t unix_time) const;
  // The time of this key's valid cosignature of `text` among `signatures`,
  // if there is one.
  std::optional<uint64_t> cosigned_at(std::string_view text,
                                      const std::vector<NoteSignature>& signatures) const;

 private:
  std::string name_;
  uint32_t key_id_ = 0;
  common::Ed25519Key key_;
};

}  // namespace trustgate::ledger
