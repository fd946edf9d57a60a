#include "trustgate/ledger/cosignature_log.h"

#include "trustgate/common/json.h"

namespace trustgate::ledger {

base::Result<std::unique_ptr<CosignatureLog>> CosignatureLog::open(const std::filesystem::path& dir,
                                                                   base::Storage* storage) {
  std::unique_ptr<CosignatureLog> log(new CosignatureLog());
  log->storage_ = storage;
  log->file_ = dir / kCosignaturesFile;
  auto text = base::read_file(*storage, log->file_);
  if (!text) {
    if (text.error().kind == base::ErrorKind::NotFound) return log;
    return text.error();
  }
  log->torn_ = !text->empty() && text->back() != '\n';
  size_t pos = 0;
  while (pos < text->size()) {
    size_t nl = text->find('\n', pos);
    if (nl == std::string::npos) break;  // torn
    auto j = common::parse_json(std::string_view(*text).substr(pos, nl - pos));
    pos = nl + 1;
    if (!j) continue;
    auto root = parse_hash_base64(j->string_or_empty("root"));
    std::string line(j->string_or_empty("line"));
    auto note = parse_note("x\n\n" + line + "\n");
    const common::Json* size = j->find("size");
    if (!root || !note || !size || !size->is_int() || note->signatures.size() != 1) continue;
    log->by_size_.emplace(
        static_cast<uint64_t>(size->as_int()),
        Kept{std::string(j->string_or_empty("witness")), *root, note->signatures[0]});
  }
  return log;
}

base::Status CosignatureLog::add(const Checkpoint& checkpoint, const std::string& witness,
                                 const NoteSignature& cosignature) {
  common::Json j = common::Json::object();
  std::string line = signature_line(cosignature);
  line.pop_back();
  j.set("line", line);
  j.set("root", hash_base64(checkpoint.root));
  j.set("size", checkpoint.size);
  j.set("witness", witness);
  std::lock_guard lk(mu_);
  auto file = storage_->open(file_, base::OpenMode{true, true, false, 0600});
  if (!file) return file.error();
  auto size = (*file)->size();
  if (!size) return size.error();
  // After a torn line, a newline first, so this one reads on its own.
  if (auto s = (*file)->write_at(*size, (torn_ ? "\n" : "") + j.canonical() + "\n"); !s) return s;
  if (auto s = (*file)->sync(); !s) return s;
  torn_ = false;
  by_size_.emplace(checkpoint.size, Kept{witness, checkpoint.root, cosignature});
  return base::Status::Ok();
}

std::vector<NoteSignature> CosignatureLog::of(const Checkpoint& checkpoint) const {
  std::lock_guard lk(mu_);
  std::vector<NoteSignature> out;
  auto [lo, hi] = by_size_.equal_range(checkpoint.size);
  for (auto it = lo; it != hi; ++it) {
    if (it->second.root == checkpoint.root) out.push_back(it->second.signature);
  }
  return out;
}

uint64_t CosignatureLog::latest(const std::string& witness) const {
  std::lock_guard lk(mu_);
  uint64_t best = 0;
  for (const auto& [size, kept] : by_size_) {
    if (kept.witness == witness) best = std::max(best, size);
  }
  return best;
}

}  // namespace trustgate::ledger
