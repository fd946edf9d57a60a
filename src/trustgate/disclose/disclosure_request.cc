#include "trustgate/disclose/disclosure_request.h"

#include "base/clock.h"
#include "trustgate/policy/date.h"

namespace trustgate::disclose {

namespace {

using common::Json;

constexpr std::string_view kMembers[] = {
    "id",      "received_at", "jurisdiction",    "receiving_agency", "recipient",
    "purpose", "instrument",  "written_consent", "record_type"};

base::Result<std::string> required_string(const Json& json, std::string_view key) {
  const Json* v = json.find(key);
  const std::string pointer = "/" + std::string(key);
  if (v == nullptr) return base::invalid_field(pointer, "required");
  if (!v->is_string() || v->as_string().empty()) {
    return base::invalid_field(pointer, "expected a non-empty string");
  }
  return v->as_string();
}

base::Result<uint8_t> term(const Json& json, std::string_view key, const policy::Terms& terms) {
  auto s = required_string(json, key);
  if (!s) return s.error();
  auto i = terms.find(*s);
  if (!i) {
    return base::invalid_field("/" + std::string(key),
                               "unknown value \"" + *s + "\" (" + terms.choices() + ")");
  }
  return *i;
}

}  // namespace

Json DisclosureRequest::to_json(const policy::Vocabulary& vocab) const {
  Json j = Json::object();
  if (!id.empty()) j.set("id", id);
  if (!received_at.empty()) j.set("received_at", received_at);
  j.set("jurisdiction", jurisdiction);
  j.set("receiving_agency", receiving_agency);
  j.set("recipient", vocab.release.recipients.values[recipient]);
  j.set("purpose", vocab.purposes.values[purpose]);
  j.set("instrument", vocab.release.instruments.values[instrument]);
  j.set("written_consent", written_consent);
  if (record_type) j.set("record_type", vocab.release.record_types.values[*record_type]);
  return j;
}

base::Result<DisclosureRequest> disclosure_request_from_json(const Json& json,
                                                             const policy::Vocabulary& vocab,
                                                             int64_t now_unix) {
  if (!vocab.release.present) {
    return base::invalid_field("", "the policies' schema declares no `disclose` action");
  }
  if (!json.is_object()) return base::invalid_field("", "expected a JSON object");
  for (const auto& [key, value] : json.as_object()) {
    bool known = false;
    for (std::string_view m : kMembers) known = known || key == m;
    if (!known) return base::invalid_field(base::pointer_append("", key), "unknown member");
  }
  DisclosureRequest r;
  if (const Json* id = json.find("id")) {
    if (!id->is_string() || id->as_string().size() > kMaxRequestIdBytes) {
      return base::invalid_field("/id", "expected a string of at most 200 bytes");
    }
    r.id = id->as_string();
  }
  r.received_unix = now_unix;
  if (const Json* at = json.find("received_at")) {
    if (!at->is_string()) return base::invalid_field("/received_at", "expected an RFC 3339 time");
    auto unix = policy::parse_timestamp_unix(at->as_string());
    if (!unix) return base::invalid_field("/received_at", unix.error().message);
    r.received_at = at->as_string();
    r.received_unix = *unix;
  }
  auto jurisdiction = required_string(json, "jurisdiction");
  if (!jurisdiction) return jurisdiction.error();
  r.jurisdiction = *jurisdiction;
  auto agency = required_string(json, "receiving_agency");
  if (!agency) return agency.error();
  r.receiving_agency = *agency;
  auto recipient = term(json, "recipient", vocab.release.recipients);
  if (!recipient) return recipient.error();
  r.recipient = *recipient;
  auto purpose = term(json, "purpose", vocab.purposes);
  if (!purpose) return purpose.error();
  r.purpose = *purpose;
  auto instrument = term(json, "instrument", vocab.release.instruments);
  if (!instrument) return instrument.error();
  r.instrument = *instrument;
  if (const Json* consent = json.find("written_consent")) {
    if (!consent->is_bool()) return base::invalid_field("/written_consent", "expected a boolean");
    r.written_consent = consent->as_bool();
  }
  if (json.find("record_type") != nullptr) {
    auto type = term(json, "record_type", vocab.release.record_types);
    if (!type) return type.error();
    r.record_type = *type;
  }
  return r;
}

base::Result<DisclosureRequest> parse_disclosure_request(std::string_view text,
                                                         const policy::Vocabulary& vocab,
                                                         int64_t now_unix) {
  auto json = common::parse_json(text);
  if (!json) return base::invalid_field("", "not valid JSON: " + json.error().message);
  return disclosure_request_from_json(*json, vocab, now_unix);
}

}  // namespace trustgate::disclose
