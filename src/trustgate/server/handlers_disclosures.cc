// Releases of records through the disclosure guard (docs/disclosure.md):
// POST /v1/disclosures (a records officer releases records it sends), and
// GET /v1/records/{type} (database access mediation: a data partner
// queries the agency's records and gets only what the law allows it). Each
// release is a `disclosed` ledger entry. Neither the records nor anything
// withheld from them is logged.
#include "base/clock.h"
#include "base/digest.h"
#include "base/json_string.h"
#include "base/storage.h"
#include "service_impl.h"
#include "trustgate/disclose/release.h"

namespace trustgate::server {

namespace {

using common::Json;

constexpr size_t kMaxQueryRecords = 1000;

struct Released {
  std::string records, log;
  disclose::ReleaseTally tally;
};

base::Result<Released> release_all(const disclose::ReleasePlan& plan,
                                   const disclose::RecordSchemas& schemas,
                                   const policy::Vocabulary& vocab,
                                   const disclose::DisclosureRequest& request,
                                   disclose::RecordFormat format, std::string_view input) {
  Released r;
  disclose::Release release(
      plan, schemas, vocab, request, format,
      [&](std::string_view b) {
        r.records.append(b);
        return base::Status::Ok();
      },
      [&](std::string_view b) {
        r.log.append(b);
        return base::Status::Ok();
      });
  if (auto s = release.feed(input); !s) return s.error();
  auto tally = release.finish();
  if (!tally) return tally.error();
  r.tally = std::move(*tally);
  return r;
}

// The redaction log's lines as a JSON array text.
std::string lines_as_array(const std::string& jsonl) {
  std::string out = "[";
  size_t pos = 0;
  while (pos < jsonl.size()) {
    size_t nl = jsonl.find('\n', pos);
    if (nl == std::string::npos) nl = jsonl.size();
    if (nl > pos) {
      if (out.size() > 1) out += ',';
      out.append(jsonl, pos, nl - pos);
    }
    pos = nl + 1;
  }
  return out + "]";
}

// {"disclosure": {...}, "records": <released>, "redaction_log": [...]}
HttpResponse release_response(const Json& event, uint64_t seq, const std::string& records_json,
                              const std::string& log, int status) {
  Json d = Json::object();
  d.set("ledger_seq", seq);
  d.set("recipient", event.string_or_empty("recipient"));
  d.set("policy_version", event.string_or_empty("policy_version"));
  if (const Json* rel = event.find("release")) d.set("release", *rel);
  HttpResponse r;
  r.status = status;
  r.body = "{\"disclosure\":" + d.canonical() + ",\"records\":" + records_json +
           ",\"redaction_log\":" + lines_as_array(log) + "}";
  return r;
}

}  // namespace

HttpResponse ServiceImpl::create_disclosure(Call& call) {
  auto body = body_members(call, {{"request", Json::Kind::Object, true},
                                  {"format", Json::Kind::String},
                                  {"records", Json::Kind::String, true}});
  if (!body) return problem(body.error());
  const policy::Vocabulary& vocab = library_->vocabulary();
  auto request = disclose::disclosure_request_from_json(*body->find("request"), vocab,
                                                        base::now_unix_seconds());
  if (!request) {
    base::Error e = request.error();
    e.field = "/request" + e.field;
    return problem(e);
  }
  const std::string format_name(body->string_or_empty("format"));
  if (!format_name.empty() && format_name != "jsonl" && format_name != "csv") {
    return problem(base::invalid_field("/format", "jsonl or csv"));
  }
  const auto format =
      format_name == "csv" ? disclose::RecordFormat::Csv : disclose::RecordFormat::Jsonl;
  auto plan = disclose::plan_release(*library_, *request);
  if (!plan) {
    base::Error e = plan.error();
    e.field = "/request" + e.field;
    return problem(e);
  }
  auto released = release_all(*plan, record_schemas_, vocab, *request, format,
                              body->find("records")->as_string());
  if (!released) return problem(released.error());
  const cases::Actor who = actor(call);
  Json event = disclose::disclosed_event(*request, *plan, released->tally, format, vocab, who.id,
                                         who.role, "api");
  auto seq = data_.ledger->append(event);
  if (!seq) return problem(seq.error());
  std::string records_json;
  base::append_json_string(records_json, released->records);
  return release_response(event, *seq, records_json, released->log, 201);
}

HttpResponse ServiceImpl::query_records(Call& call) {
  const policy::Vocabulary& vocab = library_->vocabulary();
  // The recipient is who the partner's account says it is, never what the
  // query claims.
  if (!vocab.release.recipients.find(call.caller.user.agency)) {
    return problem(403, "",
                   "this account's agency is not a recipient the law knows (" +
                       vocab.release.recipients.choices() + ")");
  }
  const std::string type(call.param("type"));
  const auto type_index = vocab.release.record_types.find(type);
  if (!type_index) {
    return problem(404, "", "no such record type (" + vocab.release.record_types.choices() + ")");
  }
  Json req = Json::object();
  req.set("jurisdiction", call.query("jurisdiction"));
  req.set("receiving_agency", call.query("agency"));
  req.set("recipient", call.caller.user.agency);
  req.set("purpose", call.query("purpose"));
  req.set("instrument", call.query("instrument", "none"));
  req.set("record_type", type);
  auto request = disclose::disclosure_request_from_json(req, vocab, base::now_unix_seconds());
  if (!request) {
    base::Error e = request.error();
    const std::string name = e.field == "/receiving_agency" ? "agency" : e.field.substr(1);
    return problem(bad_query(name, e.message));
  }
  auto plan = disclose::plan_release(*library_, *request);
  if (!plan) {
    base::Error e = plan.error();
    return problem(
        bad_query(e.field == "/receiving_agency" ? "agency" : e.field.substr(1), e.message));
  }
  // The agency's records: DATA/records/<agency>/<type>.jsonl.
  auto text =
      base::read_file(data_.root / "records" / request->receiving_agency / (type + ".jsonl"));
  if (!text && text.error().kind != base::ErrorKind::NotFound) return problem(text.error());
  // A filter field=value on a top-level member (its released form is
  // compared, so a withheld field never matches).
  const std::string where = call.query("where");
  std::string field, wanted;
  if (!where.empty()) {
    const size_t eq = where.find('=');
    if (eq == std::string::npos || eq == 0) {
      return problem(bad_query("where", "expected FIELD=VALUE"));
    }
    field = where.substr(0, eq);
    wanted = where.substr(eq + 1);
  }
  // Each stored record is matched on its released form (so a withheld
  // field never matches), and only the matching ones are released and
  // counted.
  const std::string all = text ? *text : std::string();
  std::string input;
  size_t pos = 0, kept = 0;
  while (pos < all.size() && kept < kMaxQueryRecords) {
    size_t nl = all.find('\n', pos);
    if (nl == std::string::npos) nl = all.size();
    std::string_view line(all.data() + pos, nl - pos);
    pos = nl + 1;
    if (!field.empty()) {
      auto probe =
          release_all(*plan, record_schemas_, vocab, *request, disclose::RecordFormat::Jsonl, line);
      if (!probe) return problem(probe.error());
      auto j = common::parse_json(probe->records);
      if (!j || !j->is_object() || j->string_or_empty(field) != wanted) continue;
    }
    input.append(line);
    input += '\n';
    ++kept;
  }
  auto released =
      release_all(*plan, record_schemas_, vocab, *request, disclose::RecordFormat::Jsonl, input);
  if (!released) return problem(released.error());
  std::string records_json = lines_as_array(released->records);
  // What the partner received is what is accounted for.
  released->tally.bytes = records_json.size();
  released->tally.sha256 = base::sha256_hex(records_json);
  const cases::Actor who = actor(call);
  Json event =
      disclose::disclosed_event(*request, *plan, released->tally, disclose::RecordFormat::Jsonl,
                                vocab, who.id, who.role, "database_query");
  auto seq = data_.ledger->append(event);
  if (!seq) return problem(seq.error());
  return release_response(event, *seq, records_json, released->log, 200);
}

}  // namespace trustgate::server
