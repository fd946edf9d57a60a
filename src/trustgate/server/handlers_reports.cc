// Operations on what happened: transparency and statutory reports, and
// replay of history (exact, or under other law for counsel).
#include <filesystem>

#include "base/random.h"
#include "base/text.h"
#include "service_impl.h"
#include "trustgate/report/replay.h"
#include "trustgate/report/report.h"

namespace trustgate::server {

namespace {

using common::Json;
namespace fs = std::filesystem;

constexpr uint64_t kDefaultListed = 100;
constexpr uint64_t kMaxListed = 10000;

// A date query or body member (YYYY-MM-DD), absent when empty.
base::Result<std::optional<policy::Date>> optional_date(const std::string& text,
                                                        const base::Error& bad) {
  if (text.empty()) return std::optional<policy::Date>{};
  auto d = policy::parse_date(text);
  if (!d) return bad;
  return std::optional<policy::Date>{*d};
}

base::Result<bool> bool_query(const Call& call, const std::string& name) {
  const std::string v = call.query(name);
  if (v.empty() || v == "false" || v == "0") return false;
  if (v == "true" || v == "1") return true;
  return bad_query(name, "expected true or false");
}

std::string_view content_type(report::Format f) {
  switch (f) {
    case report::Format::Json:
      return "application/json";
    case report::Format::Csv:
      return "text/csv; charset=utf-8";
    case report::Format::Html:
      return "text/html; charset=utf-8";
  }
  return "application/json";
}

base::Result<report::DraftPack> draft_member(const Json& draft) {
  if (!draft.is_object()) return base::invalid_field("/draft", "expected {\"pack\", \"files\"}");
  for (const auto& [name, value] : draft.as_object()) {
    if (name != "pack" && name != "files") {
      return base::invalid_field("/draft/" + name, "unknown member (pack, files)");
    }
  }
  report::DraftPack out;
  const Json* pack = draft.find("pack");
  if (!pack || !pack->is_string()) return base::invalid_field("/draft/pack", "a pack id");
  out.pack = pack->as_string();
  const Json* files = draft.find("files");
  if (!files || !files->is_object()) {
    return base::invalid_field("/draft/files", "an object of file name -> text");
  }
  for (const auto& [name, text] : files->as_object()) {
    if (!text.is_string()) return base::invalid_field("/draft/files/" + name, "expected text");
    out.files.emplace(name, text.as_string());
  }
  return out;
}

}  // namespace

base::Result<std::shared_ptr<const report::History>> ServiceImpl::history_at(
    const ledger::SignedCheckpoint& checkpoint) {
  std::lock_guard lk(history_mu_);
  if (history_ && history_checkpoint_ == checkpoint.checkpoint) return history_;
  auto h = report::read_history(data_.log(), checkpoint.checkpoint);
  if (!h) return h.error();
  history_ = std::make_shared<const report::History>(std::move(*h));
  history_checkpoint_ = checkpoint.checkpoint;
  return history_;
}

HttpResponse ServiceImpl::get_report(Call& call) {
  const std::string kind(call.param("kind"));
  if (!report::find_kind(kind)) {
    return problem(base::not_found("no report \"" + base::printable(kind) +
                                   "\" (one of: " + report::kind_choices() + ")"));
  }
  report::ReportParameters p;
  p.kind = kind;
  auto is_public = bool_query(call, "public");
  if (!is_public) return problem(is_public.error());
  p.is_public = *is_public;
  // Published editions are one resource; the full report of a kind another.
  if (!allowed(call, "get_report", Resource{"Report", p.is_public ? "public" : kind})) {
    return refused(call);
  }
  auto from = optional_date(call.query("from"), bad_query("from", "expected YYYY-MM-DD"));
  auto to = optional_date(call.query("to"), bad_query("to", "expected YYYY-MM-DD"));
  if (!from || !to) return problem(!from ? from.error() : to.error());
  p.from = *from;
  p.to = *to;
  p.jurisdiction = call.query("jurisdiction");
  p.agency = call.query("agency");
  auto format = report::parse_format(call.query("format", "json"));
  if (!format) return problem(bad_query("format", "json, csv or html"));
  const ledger::SignedCheckpoint cp = data_.ledger->checkpoint();
  auto history = history_at(cp);
  if (!history) return problem(history.error());
  auto built = report::build_report(**history, p, cp);
  if (!built) return problem(built.error());
  auto text = report::render(*built, report::RenderOptions{*format, call.query("table")});
  if (!text) {
    base::Error e = text.error();
    if (e.field == "--table") e.field = "/table";
    return problem(e);
  }
  HttpResponse r;
  r.content_type = std::string(content_type(*format));
  r.body = std::move(*text);
  r.headers.emplace_back("ETag", "\"" + built->sha256 + "\"");
  return r;
}

HttpResponse ServiceImpl::replay_history(Call& call) {
  constexpr auto kText = Json::Kind::String;
  auto body = body_members(call, {{"from", kText},
                                  {"to", kText},
                                  {"jurisdiction", kText},
                                  {"with", kText},
                                  {"draft", Json::Kind::Object},
                                  {"limit", Json::Kind::Int}});
  if (!body) return problem(body.error());
  const std::string with(body->string_or_empty("with"));
  report::ReplayOptions o;
  auto from = optional_date(std::string(body->string_or_empty("from")),
                            base::invalid_field("/from", "expected YYYY-MM-DD"));
  auto to = optional_date(std::string(body->string_or_empty("to")),
                          base::invalid_field("/to", "expected YYYY-MM-DD"));
  if (!from || !to) return problem(!from ? from.error() : to.error());
  o.from = *from;
  o.to = *to;
  o.jurisdiction = body->string_or_empty("jurisdiction");
  if (!o.jurisdiction.empty() && !library_->chain(o.jurisdiction)) {
    return problem(base::invalid_field(
        "/jurisdiction", "no jurisdiction \"" + base::printable(o.jurisdiction) + "\""));
  }
  o.max_listed = kDefaultListed;
  if (const Json* limit = body->find("limit")) {
    if (limit->as_int() < 0 || static_cast<uint64_t>(limit->as_int()) > kMaxListed) {
      return problem(base::invalid_field(
          "/limit", "cases to list: an integer from 0 to " + std::to_string(kMaxListed)));
    }
    o.max_listed = static_cast<size_t>(limit->as_int());
  }
  const Json* draft = body->find("draft");
  if (draft && !with.empty()) {
    return problem(base::invalid_field("/draft", "give either with or draft, not both"));
  }
  if (!with.empty()) {
    if (auto s = report::use_law_of_date(library_, with, o, "/with"); !s) return problem(s.error());
  }
  // A draft pack is written to a scratch folder that lives for this call.
  fs::path scratch;
  struct Remove {
    fs::path& dir;
    ~Remove() {
      std::error_code ec;
      if (!dir.empty()) fs::remove_all(dir, ec);
    }
  } remove{scratch};
  if (draft) {
    auto pack = draft_member(*draft);
    if (!pack) return problem(pack.error());
    auto suffix = base::random_hex(8);
    if (!suffix) return problem(suffix.error());
    scratch = fs::temp_directory_path() / ("trustgate-draft-" + *suffix);
    auto lib = report::open_draft_pack(data_.policies(), *pack, scratch);
    if (!lib) return problem(lib.error());
    o.with = *lib;
    o.with_name = "the draft of " + pack->pack;
  }
  auto result = report::replay(data_.log(), data_.ledger->checkpoint(), *data_.archive, o);
  if (!result) return problem(result.error());
  return json_response(report::replay_to_json(*result));
}

}  // namespace trustgate::server
