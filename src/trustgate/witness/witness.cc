#include "trustgate/witness/witness.h"

#include <charconv>

#include "base/digest.h"
#include "base/storage.h"
#include "trustgate/common/json.h"
#include "trustgate/ledger/merkle.h"

namespace trustgate::witness {

namespace {

namespace fs = std::filesystem;
using common::Json;

constexpr size_t kMaxProofLines = 63;

base::Storage& storage() { return base::posix_storage(); }

fs::path state_file(const fs::path& dir, std::string_view origin) {
  return dir / "state" / base::sha256_hex(origin);
}

base::Result<Json> read_config(const fs::path& dir) {
  auto text = base::read_file(storage(), dir / "witness.json");
  if (!text) {
    return base::not_found(dir.string() +
                           " is not a witness directory; create one with `trustgate witness init`");
  }
  auto json = common::parse_json(*text);
  if (!json || !json->is_object()) return base::corruption("witness.json is not a JSON object");
  return json;
}

Answer answer(int status, std::string body, std::string type = "text/plain; charset=utf-8") {
  return Answer{status, std::move(type), std::move(body)};
}

bool decimal(std::string_view s, uint64_t& out) {
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

base::Result<std::string> init_witness(const fs::path& dir, const std::string& name) {
  if (auto e = storage().exists(dir); e && *e) {
    auto names = storage().list_dir(dir);
    if (names && !names->empty()) return base::conflict(dir.string() + " is not empty");
  } else if (auto s = storage().create_dir(dir, 0700); !s) {
    return s.error();
  }
  auto key = common::Ed25519Key::generate();
  if (!key) return key.error();
  auto cosigner = ledger::CosignerKey::make(name, key->public_only());
  if (!cosigner) return base::invalid_field("--name", cosigner.error().message);
  auto pem = key->private_pem();
  if (!pem) return pem.error();
  if (auto s = storage().create_dir(dir / "state", 0700); !s) return s.error();
  if (auto s = base::create_file(storage(), dir / "witness.key", *pem, 0600); !s) return s.error();
  Json cfg = Json::object();
  cfg.set("format", 1);
  cfg.set("name", name);
  cfg.set("verifier_key", cosigner->verifier_key());
  cfg.set("logs", Json::array());
  if (auto s = base::create_file(storage(), dir / "witness.json", cfg.canonical() + "\n"); !s) {
    return s.error();
  }
  return cosigner->verifier_key();
}

base::Status follow_log(const fs::path& dir, const std::string& log_verifier_key) {
  auto key = ledger::NoteKey::from_verifier_key(log_verifier_key);
  if (!key) return base::invalid_field("VERIFIER_KEY", key.error().message);
  auto cfg = read_config(dir);
  if (!cfg) return cfg.error();
  Json* logs = &cfg->as_object()["logs"];
  if (!logs->is_array()) *logs = Json::array();
  for (const Json& l : logs->as_array()) {
    if (l.string_or_empty("origin") == key->name()) {
      return base::conflict("the witness follows " + key->name() + " already");
    }
  }
  Json entry = Json::object();
  entry.set("origin", key->name());
  entry.set("verifier_key", key->verifier_key());
  logs->push(std::move(entry));
  return base::replace_file(storage(), dir / "witness.json", cfg->canonical() + "\n", 0600);
}

base::Result<std::unique_ptr<Witness>> Witness::open(const fs::path& dir) {
  auto cfg = read_config(dir);
  if (!cfg) return cfg.error();
  std::unique_ptr<Witness> w(new Witness());
  w->dir_ = dir;
  auto lock = storage().lock(dir / "LOCK");
  if (!lock) {
    return lock.error().kind == base::ErrorKind::Busy
               ? base::busy("the witness " + dir.string() + " is served by another process")
               : lock.error();
  }
  w->lock_ = std::move(*lock);
  if (auto mode = storage().permissions(dir / "witness.key"); mode && (*mode & 077)) {
    return base::permission_denied(dir.string() +
                                   "/witness.key may be read by others: chmod 600 it");
  }
  auto pem = base::read_file(storage(), dir / "witness.key");
  if (!pem) return pem.error();
  auto key = common::Ed25519Key::from_private_pem(*pem);
  if (!key) return key.error();
  auto cosigner = ledger::CosignerKey::make(std::string(cfg->string_or_empty("name")), *key);
  if (!cosigner) return cosigner.error();
  w->key_ = std::move(*cosigner);
  const Json* logs = cfg->find("logs");
  for (const Json& l : logs && logs->is_array() ? logs->as_array() : Json::Array{}) {
    auto log_key = ledger::NoteKey::from_verifier_key(l.string_or_empty("verifier_key"));
    if (!log_key) return base::corruption("witness.json: a log's key: " + log_key.error().message);
    auto log = std::make_unique<Log>();
    log->key = *log_key;
    auto state = base::read_file(storage(), state_file(dir, log_key->name()));
    if (state) {
      auto cp = ledger::open_checkpoint(*state, *log_key);
      if (!cp) {
        return base::corruption("the witness's state for " + log_key->name() + ": " +
                                cp.error().message);
      }
      log->latest = std::move(*cp);
    } else if (state.error().kind != base::ErrorKind::NotFound) {
      return state.error();
    }
    w->logs_.emplace(log_key->name(), std::move(log));
  }
  return w;
}

std::optional<ledger::SignedCheckpoint> Witness::latest(const std::string& origin) {
  auto it = logs_.find(origin);
  if (it == logs_.end()) return std::nullopt;
  std::lock_guard lk(it->second->mu);
  return it->second->latest;
}

Answer Witness::add_checkpoint(std::string_view body, uint64_t now) {
  // "old N", the proof lines, the empty line, the checkpoint.
  size_t nl = body.find('\n');
  if (nl == std::string_view::npos || body.substr(0, 4) != "old ") {
    return answer(400, "the body must start with \"old <size>\"\n");
  }
  uint64_t old_size = 0;
  if (!decimal(body.substr(4, nl - 4), old_size)) return answer(400, "bad old size\n");
  body.remove_prefix(nl + 1);
  std::vector<ledger::Hash> proof;
  while (true) {
    nl = body.find('\n');
    if (nl == std::string_view::npos) return answer(400, "no empty line before the checkpoint\n");
    std::string_view line = body.substr(0, nl);
    body.remove_prefix(nl + 1);
    if (line.empty()) break;
    if (proof.size() == kMaxProofLines) return answer(400, "more than 63 proof lines\n");
    auto h = ledger::parse_hash_base64(line);
    if (!h) return answer(400, "a proof line is not a base64 hash\n");
    proof.push_back(*h);
  }
  auto note = ledger::parse_note(body);
  if (!note) return answer(400, note.error().message + "\n");
  auto cp = ledger::parse_checkpoint_text(note->text);
  if (!cp) return answer(400, cp.error().message + "\n");
  auto it = logs_.find(cp->origin);
  if (it == logs_.end()) return answer(404, "this witness does not follow " + cp->origin + "\n");
  Log& log = *it->second;
  if (!log.key.verifies(*note)) return answer(403, "no valid signature by " + cp->origin + "\n");
  if (old_size > cp->size) return answer(400, "the old size is larger than the checkpoint's\n");
  std::lock_guard lk(log.mu);
  const uint64_t known = log.latest ? log.latest->checkpoint.size : 0;
  if (old_size != known) {
    return answer(409, std::to_string(known) + "\n", "text/x.tlog.size");
  }
  if (old_size == cp->size) {
    if (log.latest && log.latest->checkpoint.root != cp->root) {
      return answer(409, std::to_string(known) + "\n", "text/x.tlog.size");
    }
  } else if (old_size == 0
                 ? !proof.empty()
                 : !ledger::verify_consistency(old_size, cp->size, log.latest->checkpoint.root,
                                               cp->root, proof)) {
    return answer(422, "the consistency proof does not verify\n");
  }
  // Persisted before the cosignature leaves.
  if (auto s = base::replace_file(storage(), state_file(dir_, cp->origin), note->to_string(), 0600);
      !s) {
    return answer(500, "cannot persist the checkpoint\n");
  }
  log.latest = ledger::SignedCheckpoint{*cp, *note};
  auto sig = key_.cosign(note->text, now);
  if (!sig) return answer(500, "cannot cosign\n");
  return answer(200, ledger::signature_line(*sig));
}

}  // namespace trustgate::witness
