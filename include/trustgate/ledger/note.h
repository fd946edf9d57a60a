// Signed notes, as C2SP `signed-note` specifies them (the format of Go's
// golang.org/x/mod/sumdb/note), with Ed25519 keys.
//
// A note is UTF-8 text ending in "\n", a blank line, then one line per
// signature:
//   — <key name> <base64(4-byte key id || 64-byte Ed25519 signature)>\n
// ("—" is U+2014). The signature covers the text alone. The key id is the
// first four bytes (big-endian) of SHA-256(name || 0x0A || 0x01 || public
// key), 0x01 being the Ed25519 signature type. A verifier key is published
// as "<name>+<8 hex digits of the key id>+<base64(0x01 || public key)>".
// Key names are non-empty and hold no white space and no '+'.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "trustgate/common/crypto.h"

namespace trustgate::ledger {

struct NoteSignature {
  std::string name;
  uint32_t key_id = 0;
  std::string signature;  // the raw signature bytes (64 for Ed25519)
};

struct Note {
  std::string text;  // ends in "\n"
  std::vector<NoteSignature> signatures;

  // The whole note: text, blank line, signature lines.
  std::string to_string() const;
};

// "— <name> <base64(key id || signature)>\n".
std::string signature_line(const NoteSignature& s);

// Parses one note at the start of `input`: its text, the blank line, and
// every signature line that follows. `consumed` (when given) is set to the
// bytes used. Fails on a malformed note or when there is no signature.
base::Result<Note> parse_note(std::string_view input, size_t* consumed = nullptr);

// A named Ed25519 key that signs or verifies notes.
class NoteKey {
 public:
  // `name` must be a valid key name; `key` may be a public key alone.
  static base::Result<NoteKey> make(std::string name, common::Ed25519Key key);
  // From a verifier key "<name>+<hex id>+<base64(0x01 || key)>".
  static base::Result<NoteKey> from_verifier_key(std::string_view text);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  const common::Ed25519Key& key() const { return key_; }
  std::string verifier_key() const;

  // This key's signature of `text`.
  base::Result<NoteSignature> sign(std::string_view text) const;
  // Whether `note` carries a valid signature by this key (name and key id
  // matching, signature checking out).
  bool verifies(const Note& note) const;

 private:
  std::string name_;
  uint32_t key_id_ = 0;
  common::Ed25519Key key_;
};

// Whether `name` may name a note key (non-empty, no white space, no '+').
bool valid_key_name(std::string_view name);

// The key id of a key named `name` of signature type `type` (0x01 Ed25519
// notes, 0x04 Ed25519 cosignatures): SHA-256(name || 0x0A || type || key)[:4].
uint32_t note_key_id(std::string_view name, char type, std::string_view public_raw);
// "<name>+<8 hex digits>+<base64(type || key)>".
std::string format_verifier_key(std::string_view name, uint32_t key_id, char type,
                                std::string_view public_raw);
struct VerifierKeyParts {
  std::string name;
  uint32_t key_id = 0;
  char type = 0;
  std::string public_raw;  // the key bytes after the type
};
// Splits a verifier key and checks that its key id matches name, type and key.
base::Result<VerifierKeyParts> parse_verifier_key(std::string_view text);

}  // namespace trustgate::ledger
