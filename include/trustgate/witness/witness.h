// Witness: a C2SP tlog-witness (https://c2sp.org/tlog-witness). It follows
// logs — this city's ledger, other cities' ledgers, any C2SP log — and for
// each keeps the latest checkpoint it cosigned. A log that shows it a
// checkpoint consistent with that one (a consistency proof from the old
// size) gets a cosignature (ledger/cosignature.h); a rewritten history does
// not, so a city that rewrote its record cannot show the witnesses'
// signatures for it.
//
// Its directory (mode 0700, files 0600):
//   DIR/witness.json  {"format":1,"name":"<witness name>","verifier_key":"<cosigner key>",
//                      "logs":[{"origin":"...","verifier_key":"..."}]}
//   DIR/witness.key   its Ed25519 private key (PEM)
//   DIR/state/<hex>   per log (hex of SHA-256 of the origin): the latest cosigned
//                     checkpoint's note text, replaced atomically (written and synced
//                     before the cosignature is returned)
//   DIR/LOCK          held by the one process that serves
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/storage.h"
#include "trustgate/ledger/checkpoint.h"
#include "trustgate/ledger/cosignature.h"

namespace trustgate::witness {

// Creates a witness directory with a new key; returns its verifier key.
base::Result<std::string> init_witness(const std::filesystem::path& dir, const std::string& name);
// Adds a log to follow, named by its note verifier key (the key's name is the
// log's origin).
base::Status follow_log(const std::filesystem::path& dir, const std::string& log_verifier_key);

// What add-checkpoint answers: an HTTP status, its content type and body.
struct Answer {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

class Witness {
 public:
  // Opens a witness directory (taking its lock).
  static base::Result<std::unique_ptr<Witness>> open(const std::filesystem::path& dir);

  // POST /add-checkpoint: the body is "old <size>\n", up to 63 base64
  // consistency-proof lines, an empty line, then the checkpoint. 200 with
  // the cosignature line; 400 malformed or old size beyond the checkpoint;
  // 403 no valid signature by the log; 404 a log not followed; 409 (body:
  // the latest cosigned size, text/x.tlog.size) when the old size is not the
  // one cosigned last, or the same size with another root; 422 a proof that
  // does not verify. Safe to call from several threads.
  Answer add_checkpoint(std::string_view body, uint64_t now);

  const ledger::CosignerKey& key() const { return key_; }
  // The latest cosigned checkpoint of a log, if any.
  std::optional<ledger::SignedCheckpoint> latest(const std::string& origin);

 private:
  struct Log {
    ledger::NoteKey key;
    std::optional<ledger::SignedCheckpoint> latest;
    std::mutex mu;  // check and persist as one step
  };
  Witness() = default;

  std::filesystem::path dir_;
  std::unique_ptr<base::FileLock> lock_;
  ledger::CosignerKey key_;
  std::map<std::string, std::unique_ptr<Log>, std::less<>> logs_;  // by origin
};

}  // namespace trustgate::witness
