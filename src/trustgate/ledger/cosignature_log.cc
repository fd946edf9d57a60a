#include "trustgate/ledger/cosignature_log.h"

#include <array>

#include "trustgate/common/json.h"
#include "trustgate/common/postgres.h"

namespace trustgate::ledger {

namespace {

constexpr const char* kComponent = "cosignatures";

constexpr std::array<const char*, 1> kMigrations = {
    R"sql(
CREATE TABLE witness_cosignatures (
  size BIGINT NOT NULL,
  root TEXT NOT NULL,
  witness TEXT NOT NULL,
  line TEXT NOT NULL,
  UNIQUE (size, root, witness)
);
CREATE INDEX witness_cosignatures_by_witness ON witness_cosignatures (witness, size);
)sql",
};

// The signature of a line "— <name> <base64>" (no newline), if it is one.
std::optional<NoteSignature> parse_line(const std::string& line) {
  auto note = parse_note("x\n\n" + line + "\n");
  if (!note || note->signatures.size() != 1) return std::nullopt;
  return note->signatures[0];
}

// Its line without the newline.
std::string line_of(const NoteSignature& signature) {
  std::string line = signature_line(signature);
  line.pop_back();
  return line;
}

}  // namespace

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
    auto signature = parse_line(std::string(j->string_or_empty("line")));
    const common::Json* size = j->find("size");
    if (!root || !signature || !size || !size->is_int()) continue;
    log->by_size_.emplace(static_cast<uint64_t>(size->as_int()),
                          Kept{std::string(j->string_or_empty("witness")), *root, *signature});
  }
  return log;
}

base::Result<std::unique_ptr<CosignatureLog>> CosignatureLog::open_postgres(
    std::shared_ptr<common::PgDatabase> db, bool writable) {
  if (auto s = db->migrate(kComponent, kMigrations.data(), kMigrations.size(), !writable); !s) {
    return s.error();
  }
  std::unique_ptr<CosignatureLog> log(new CosignatureLog());
  log->db_ = std::move(db);
  return log;
}

base::Status CosignatureLog::add(const Checkpoint& checkpoint, const std::string& witness,
                                 const NoteSignature& cosignature) {
  return add(Entry{checkpoint.size, checkpoint.root, witness, cosignature});
}

base::Status CosignatureLog::add(const Entry& e) {
  std::lock_guard lk(mu_);
  if (db_) {
    auto r = db_->query(
        "INSERT INTO witness_cosignatures (size, root, witness, line) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT DO NOTHING",
        {std::to_string(e.size), hash_base64(e.root), e.witness, line_of(e.signature)});
    if (!r) return r.error();
  } else {
    common::Json j = common::Json::object();
    j.set("line", line_of(e.signature));
    j.set("root", hash_base64(e.root));
    j.set("size", e.size);
    j.set("witness", e.witness);
    auto file = storage_->open(file_, base::OpenMode{true, true, false, 0600});
    if (!file) return file.error();
    auto size = (*file)->size();
    if (!size) return size.error();
    // After a torn line, a newline first, so this one reads on its own.
    if (auto s = (*file)->write_at(*size, (torn_ ? "\n" : "") + j.canonical() + "\n"); !s) {
      return s;
    }
    if (auto s = (*file)->sync(); !s) return s;
    torn_ = false;
  }
  by_size_.emplace(e.size, Kept{e.witness, e.root, e.signature});
  return base::Status::Ok();
}

std::vector<CosignatureLog::Entry> CosignatureLog::entries() const {
  std::lock_guard lk(mu_);
  std::vector<Entry> out;
  for (const auto& [size, kept] : by_size_) {
    out.push_back(Entry{size, kept.root, kept.witness, kept.signature});
  }
  return out;
}

std::vector<NoteSignature> CosignatureLog::of(const Checkpoint& checkpoint) const {
  if (db_) {
    auto rows = db_->query(
        "SELECT line FROM witness_cosignatures WHERE size = $1 AND root = $2 ORDER BY witness",
        {std::to_string(checkpoint.size), hash_base64(checkpoint.root)});
    if (rows) {
      std::vector<NoteSignature> out;
      for (int r = 0; r < rows->rows(); ++r) {
        if (auto sig = parse_line(rows->text(r, 0))) out.push_back(*sig);
      }
      return out;
    }
  }
  return of_memory(checkpoint);
}

std::vector<NoteSignature> CosignatureLog::of_memory(const Checkpoint& checkpoint) const {
  std::lock_guard lk(mu_);
  std::vector<NoteSignature> out;
  auto [lo, hi] = by_size_.equal_range(checkpoint.size);
  for (auto it = lo; it != hi; ++it) {
    if (it->second.root == checkpoint.root) out.push_back(it->second.signature);
  }
  return out;
}

uint64_t CosignatureLog::latest(const std::string& witness) const {
  if (db_) {
    auto rows = db_->query(
        "SELECT COALESCE(MAX(size), 0) FROM witness_cosignatures WHERE witness = $1", {witness});
    if (rows) return std::max(static_cast<uint64_t>(rows->integer(0, 0)), latest_memory(witness));
  }
  return latest_memory(witness);
}

uint64_t CosignatureLog::latest_memory(const std::string& witness) const {
  std::lock_guard lk(mu_);
  uint64_t best = 0;
  for (const auto& [size, kept] : by_size_) {
    if (kept.witness == witness) best = std::max(best, size);
  }
  return best;
}

}  // namespace trustgate::ledger
