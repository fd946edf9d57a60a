// Operations on the ledger: the checkpoint, entries, and proofs. An entry
// is shown as the caller may see it: a received entry's subject and facts
// are withheld from a caller the access policy does not grant view_subject
// on its case; its leaf hash is always that of the entry as recorded, so
// proofs still verify.
#include "service_impl.h"
#include "trustgate/cases/case_view.h"
#include "trustgate/ledger/proof_json.h"
#include "trustgate/ledger/tiles.h"

namespace trustgate::server {

namespace {

using common::Json;

constexpr uint64_t kMaxEntries = 1000;

// An error from proof_json.h, with its field named as the query parameter.
base::Error as_query_error(base::Error e, const std::string& param) {
  if (!e.field.empty()) e.field = "/" + param;
  return e;
}

}  // namespace

void ServiceImpl::show_entry(const Call& call, Json& item) {
  const Json* text = item.find("entry");
  if (!text || !text->is_string() || text->as_string().find("\"request\"") == std::string::npos) {
    return;
  }
  auto entry = common::parse_json(text->as_string());
  if (!entry || !entry->is_object()) return;
  Resource c{"Case", std::string(entry->string_or_empty("case")),
             std::string(entry->string_or_empty("receiving_agency")),
             std::string(entry->string_or_empty("jurisdiction"))};
  std::vector<std::string> withheld = cases::redact_entry(*entry, case_view(call, c));
  if (withheld.empty()) return;
  item.set("entry", entry->canonical());
  Json& pointers = item.set("redacted", Json::array());
  for (const std::string& p : withheld) pointers.push(p);
}

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
  for (uint64_t seq = *from; seq < size && seq - *from < *limit; ++seq) {
    auto entry = data_.ledger->entry(seq);
    auto leaf = data_.ledger->leaf(seq);
    if (!entry || !leaf) return problem(!entry ? entry.error() : leaf.error());
    Json e = Json::object();
    e.set("seq", seq);
    e.set("entry", std::move(*entry));
    e.set("leaf_hash", ledger::hash_base64(*leaf));
    show_entry(call, e);
    list.push(std::move(e));
  }
  Json j = Json::object();
  j.set("size", size);
  j.set("entries", std::move(list));
  return json_response(j);
}

HttpResponse ServiceImpl::inclusion_proof(Call& call) {
  if (call.query("seq").empty()) return problem(bad_query("seq", "required"));
  auto seq = uint_query(call, "seq", 0);
  auto size = uint_query(call, "size", data_.ledger->size());
  if (!seq || !size) return problem(!seq ? seq.error() : size.error());
  if (*size > data_.ledger->size()) {
    return problem(
        bad_query("size", "the ledger holds " + std::to_string(data_.ledger->size()) + " entries"));
  }
  auto out = ledger::inclusion_json(*data_.ledger, *seq, *size);
  if (!out) return problem(as_query_error(out.error(), "seq"));
  show_entry(call, *out);
  return json_response(*out);
}

HttpResponse ServiceImpl::consistency_proof(Call& call) {
  if (call.query("old").empty()) return problem(bad_query("old", "required"));
  auto old_size = uint_query(call, "old", 0);
  auto new_size = uint_query(call, "new", data_.ledger->size());
  if (!old_size || !new_size) return problem(!old_size ? old_size.error() : new_size.error());
  if (*new_size > data_.ledger->size()) {
    return problem(
        bad_query("new", "the ledger holds " + std::to_string(data_.ledger->size()) + " entries"));
  }
  auto out = ledger::consistency_json(*data_.ledger, *old_size, *new_size);
  if (!out) return problem(as_query_error(out.error(), "old"));
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
  auto path = ledger::parse_tile_path("tile/" + std::string(call.param("path")));
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
