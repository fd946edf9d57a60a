#include "trustgate/ledger/note.h"

#include <cstdio>

#include "base/digest.h"
#include "base/encoding.h"
#include "base/text.h"

namespace trustgate::ledger {

namespace {

constexpr std::string_view kDash = "\xE2\x80\x94";  // U+2014 EM DASH
constexpr char kEd25519 = 0x01;                     // signature type

std::string id_bytes(uint32_t id) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((id >> (24 - 8 * i)) & 0xFF);
  return out;
}

base::Error note_error(const std::string& message) {
  return base::Error{"signed note: " + message};
}

// One signature line without its "\n".
base::Result<NoteSignature> parse_signature_line(std::string_view line) {
  if (line.substr(0, kDash.size() + 1) != std::string(kDash) + " ") {
    return note_error("a signature line must start with \"— \"");
  }
  line.remove_prefix(kDash.size() + 1);
  size_t space = line.find(' ');
  if (space == std::string_view::npos)
    return note_error("a signature line needs a name and a signature");
  NoteSignature sig;
  sig.name = std::string(line.substr(0, space));
  if (!valid_key_name(sig.name)) return note_error("bad key name in a signature line");
  auto bytes = base::base64_decode(line.substr(space + 1));
  if (!bytes || bytes->size() < 5) return note_error("bad base64 in a signature line");
  for (int i = 0; i < 4; ++i) sig.key_id = (sig.key_id << 8) | static_cast<uint8_t>((*bytes)[i]);
  sig.signature = bytes->substr(4);
  return sig;
}

}  // namespace

uint32_t note_key_id(std::string_view name, char type, std::string_view public_raw) {
  std::string input(name);
  input += '\n';
  input += type;
  input.append(public_raw);
  base::Sha256 h = base::sha256(input);
  return (uint32_t{h[0]} << 24) | (uint32_t{h[1]} << 16) | (uint32_t{h[2]} << 8) | h[3];
}

std::string format_verifier_key(std::string_view name, uint32_t key_id, char type,
                                std::string_view public_raw) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "%08x", key_id);
  return std::string(name) + "+" + hex + "+" +
         base::base64_encode(std::string(1, type) + std::string(public_raw));
}

base::Result<VerifierKeyParts> parse_verifier_key(std::string_view text) {
  size_t a = text.find('+');
  if (a == std::string_view::npos || a == 0 || text.size() < a + 11 || text[a + 9] != '+') {
    return base::Error{"a verifier key reads <name>+<8 hex digits>+<base64 key>"};
  }
  VerifierKeyParts parts;
  parts.name = std::string(text.substr(0, a));
  if (!valid_key_name(parts.name)) return base::Error{"bad key name in a verifier key"};
  auto raw = base::base64_decode(text.substr(a + 10));
  if (!raw || raw->size() < 2) return base::Error{"bad base64 in a verifier key"};
  parts.type = (*raw)[0];
  parts.public_raw = raw->substr(1);
  parts.key_id = note_key_id(parts.name, parts.type, parts.public_raw);
  char hex[16];
  std::snprintf(hex, sizeof hex, "%08x", parts.key_id);
  if (text.substr(a + 1, 8) != hex) {
    return base::Error{"the verifier key's id does not match its name and key"};
  }
  return parts;
}

bool valid_key_name(std::string_view name) {
  if (name.empty() || !base::valid_utf8(name)) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '+') return false;
  }
  return true;
}

std::string signature_line(const NoteSignature& s) {
  return std::string(kDash) + " " + s.name + " " +
         base::base64_encode(id_bytes(s.key_id) + s.signature) + "\n";
}

std::string Note::to_string() const {
  std::string out = text + "\n";
  for (const NoteSignature& s : signatures) out += signature_line(s);
  return out;
}

base::Result<Note> parse_note(std::string_view input, size_t* consumed) {
  size_t blank = input.find("\n\n");
  if (blank == std::string_view::npos) return note_error("no blank line after the text");
  Note note;
  note.text = std::string(input.substr(0, blank + 1));
  if (!base::valid_utf8(note.text)) return note_error("the text is not valid UTF-8");
  size_t pos = blank + 2;
  while (pos < input.size() && input.substr(pos, kDash.size()) == kDash) {
    size_t nl = input.find('\n', pos);
    if (nl == std::string_view::npos) return note_error("a signature line without its newline");
    auto sig = parse_signature_line(input.substr(pos, nl - pos));
    if (!sig) return sig.error();
    note.signatures.push_back(std::move(*sig));
    pos = nl + 1;
  }
  if (note.signatures.empty()) return note_error("no signature");
  if (consumed) *consumed = pos;
  return note;
}

base::Result<NoteKey> NoteKey::make(std::string name, common::Ed25519Key key) {
  if (!valid_key_name(name)) {
    return base::Error{"a key name must be non-empty, without spaces or '+': \"" + name + "\""};
  }
  NoteKey k;
  k.key_id_ = note_key_id(name, kEd25519, key.public_raw());
  k.name_ = std::move(name);
  k.key_ = std::move(key);
  return k;
}

base::Result<NoteKey> NoteKey::from_verifier_key(std::string_view text) {
  auto parts = parse_verifier_key(text);
  if (!parts) return parts.error();
  if (parts->type != kEd25519 || parts->public_raw.size() != 32) {
    return base::Error{"the verifier key is not an Ed25519 note key (type 0x01, 32 bytes)"};
  }
  auto key = common::Ed25519Key::from_public_raw(parts->public_raw);
  if (!key) return key.error();
  return make(parts->name, std::move(*key));
}

std::string NoteKey::verifier_key() const {
  return format_verifier_key(name_, key_id_, kEd25519, key_.public_raw());
}

base::Result<NoteSignature> NoteKey::sign(std::string_view text) const {
  auto sig = key_.sign(text);
  if (!sig) return sig.error();
  return NoteSignature{name_, key_id_, std::move(*sig)};
}

bool NoteKey::verifies(const Note& note) const {
  for (const NoteSignature& s : note.signatures) {
    if (s.name == name_ && s.key_id == key_id_ && key_.verify(note.text, s.signature)) return true;
  }
  return false;
}

}  // namespace trustgate::ledger
