// Checkpoints: the ledger's signed tree heads, in C2SP `tlog-checkpoint`
// form inside a C2SP signed note (note.h):
//   <origin>\n            which log, e.g. "trustgate/3f9a61c0d2e4b7a8"
//   <size>\n              the number of entries, decimal, no leading zeros
//   <base64 root>\n       of the Merkle tree of those entries (merkle.h)
//   \n
//   — <origin> <base64(key id || Ed25519 signature)>\n
// The signing key's name is the origin. No time is in the checkpoint: the
// time of each entry is inside the entry, and witnesses add their own in
// their cosignatures.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "trustgate/ledger/hash.h"
#include "trustgate/ledger/note.h"

namespace trustgate::ledger {

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};

  // The note text: the three lines.
  std::string text() const;
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// Parses the three lines (the text of a note; further lines are extension
// lines and are ignored, as the spec allows).
base::Result<Checkpoint> parse_checkpoint_text(std::string_view text);

struct SignedCheckpoint {
  Checkpoint checkpoint;
  Note note;  // note.text == checkpoint.text()
};

base::Result<SignedCheckpoint> sign_checkpoint(Checkpoint checkpoint, const NoteKey& key);

// Parses a signed checkpoint and checks that `key` signed it and that its
// origin is the key's name.
base::Result<SignedCheckpoint> open_checkpoint(std::string_view note_text, const NoteKey& key);

}  // namespace trustgate::ledger
