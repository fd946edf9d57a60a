#include "trustgate/ledger/checkpoint.h"

#include <charconv>

namespace trustgate::ledger {

namespace {

base::Error checkpoint_error(const std::string& message) {
  return base::corruption("checkpoint: " + message);
}

bool next_line(std::string_view& text, std::string_view& line) {
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos) return false;
  line = text.substr(0, nl);
  text.remove_prefix(nl + 1);
  return true;
}

}  // namespace

std::string Checkpoint::text() const {
  return origin + "\n" + std::to_string(size) + "\n" + hash_base64(root) + "\n";
}

base::Result<Checkpoint> parse_checkpoint_text(std::string_view text) {
  std::string_view origin, size, root;
  if (!next_line(text, origin) || !next_line(text, size) || !next_line(text, root)) {
    return checkpoint_error("needs three lines: origin, size, root");
  }
  Checkpoint cp;
  cp.origin = std::string(origin);
  if (!valid_key_name(cp.origin)) return checkpoint_error("bad origin line");
  if (size.empty() || (size.size() > 1 && size[0] == '0') ||
      std::from_chars(size.data(), size.data() + size.size(), cp.size).ptr !=
          size.data() + size.size()) {
    return checkpoint_error("bad size line \"" + std::string(size) + "\"");
  }
  auto hash = parse_hash_base64(root);
  if (!hash) return checkpoint_error("bad root line: " + hash.error().message);
  cp.root = *hash;
  return cp;
}

base::Result<SignedCheckpoint> sign_checkpoint(Checkpoint checkpoint, const NoteKey& key) {
  if (checkpoint.origin != key.name()) {
    return base::Error{"a checkpoint's origin must be its key's name"};
  }
  SignedCheckpoint out{std::move(checkpoint), {}};
  out.note.text = out.checkpoint.text();
  auto sig = key.sign(out.note.text);
  if (!sig) return sig.error();
  out.note.signatures.push_back(std::move(*sig));
  return out;
}

base::Result<SignedCheckpoint> open_checkpoint(std::string_view note_text, const NoteKey& key) {
  auto note = parse_note(note_text);
  if (!note) return base::corruption(note.error().message);
  auto cp = parse_checkpoint_text(note->text);
  if (!cp) return cp.error();
  if (cp->origin != key.name()) {
    return checkpoint_error("origin \"" + cp->origin + "\" is not \"" + key.name() + "\"");
  }
  if (!key.verifies(*note)) return checkpoint_error("no valid signature by " + key.name());
  return SignedCheckpoint{std::move(*cp), std::move(*note)};
}

}  // namespace trustgate::ledger
