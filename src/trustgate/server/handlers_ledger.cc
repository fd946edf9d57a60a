// Operations on the ledger: the checkpoint, entries, and proofs.
#include "service_impl.h"
#include "trustgate/ledger/proof_json.h"
#include "trustgate/ledger/tiles.h"

namespace trustgate::server {

namespace {

using common::Json;

constexpr uint64_t kMaxEntries = 1000;

}  // namespace

HttpResponse ServiceImpl::ledger_checkpoint(Call&) {
  HttpResponse r;
  r.content_type = "text/plain; charset=utf-8";
  r.body = data_.ledger->checkpoint().note.to_string();
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

HttpResponse ServiceImpl::ledger_entries(Call& call) {
  auto from = uint_query(call, "from", 0);
  auto limit = uint_query(call, "limit", 100);
  if (!from || !limit) return problem(!from ? from.error() : limit.error());
  if (*limit == 0 || *limit > kMaxEntries) {
    return problem(bad_query("limit", "between 1 and " + std::to_string(kMaxEntries)));
  }
  const uint64_t size = data_.ledger->size();
  Json list = Json::array();
  for (uint64_t seq = *from; seq < size && seq < *from + *limit; ++seq) {
    auto entry = data_.ledger->entry(seq);
    if (!entry) return problem(entry.error());
    Json e = Json::object();
    e.set("seq", seq);
    e.set("entry", *entry);
    list.push(std::move(e));
  }
  Json j = Json::object();
  j.set("size", size);
  j.set("entries", std::move(list));
  return json_response(j);
}

HttpResponse ServiceImpl::inclusion_proof(Call& call) {
  auto seq = uint_query(call, "seq", 0);
  auto size = uint_query(call, "size", data_.ledger->size());
  if (!seq || !size) return problem(!seq ? seq.error() : size.error());
  if (call.query("seq").empty()) return problem(bad_query("seq", "required"));
  auto out = ledger::inclusion_json(*data_.ledger, *seq, *size);
  if (!out) return problem(out.error());
  return json_response(*out);
}

HttpResponse ServiceImpl::consistency_proof(Call& call) {
  auto old_size = uint_query(call, "old", 0);
  auto new_size = uint_query(call, "new", data_.ledger->size());
  if (!old_size || !new_size) return problem(!old_size ? old_size.error() : new_size.error());
  if (call.query("old").empty()) return problem(bad_query("old", "required"));
  auto out = ledger::consistency_json(*data_.ledger, *old_size, *new_size);
  if (!out) return problem(out.error());
  return json_response(*out);
}

// C2SP tlog-tiles: the checkpoint (with the witnesses' cosignatures, when
// there are any for it) and the tiles.
HttpResponse ServiceImpl::tlog_checkpoint(Call&) {
  ledger::SignedCheckpoint cp = data_.ledger->checkpoint();
  for (const ledger::NoteSignature& s : cosignatures_->of(cp.checkpoint)) {
    cp.note.signatures.push_back(s);
  }
  HttpResponse r;
  r.content_type = "text/plain; charset=utf-8";
  r.body = cp.note.to_string();
  r.headers.emplace_back("Cache-Control", "max-age=2");
  return r;
}

HttpResponse ServiceImpl::tile(Call& call) {
  auto path = ledger::parse_tile_path("tile/" + std::string(call.param("rest")));
  if (!path) return problem(base::not_found(path.error().message));
  auto bytes = ledger::read_tile(*data_.ledger, *path);
  if (!bytes) return problem(bytes.error());
  HttpResponse r;
  r.content_type = "application/octet-stream";
  r.body = std::move(*bytes);
  r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  return r;
}

}  // namespace trustgate::server
