#include "trustgate/policy/request.h"

#include "base/text.h"
#include "json_text.h"
#include "request_builder.h"
#include "trustgate/policy/received_at.h"

namespace trustgate::policy {

namespace {

using simdjson::dom::element;

// The plausible range of received_at's calendar date.
constexpr int kEarliestYear = 1990;
constexpr int kLatestYear = 2200;

base::Error field_error(std::string_view pointer, std::string message) {
  return base::invalid_field(std::string(pointer), std::move(message));
}

base::Result<std::string_view> string_field(std::string_view pointer, element value,
                                            const base::TextRule& rule) {
  std::string_view s;
  if (value.get_string().get(s)) return field_error(pointer, "expected a string");
  if (auto st = base::check_text(pointer, s, rule); !st) return st.error();
  return s;
}

// Identifiers chosen by a system (agency ids): letters, digits, ".", "_", "-".
base::Status check_identifier(std::string_view pointer, std::string_view s) {
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return field_error(pointer, "may hold only letters, digits, '.', '_' and '-'");
  }
  return base::Status::Ok();
}

base::Result<uint8_t> term_field(std::string_view pointer, element value, const Terms& terms) {
  std::string_view s;
  if (value.get_string().get(s)) return field_error(pointer, "expected a string");
  auto index = terms.find(s);
  if (!index) {
    return field_error(pointer,
                       "unknown value \"" + base::printable(s) + "\" (" + terms.choices() + ")");
  }
  return *index;
}

base::Result<bool> bool_field(std::string_view pointer, element value) {
  bool b = false;
  if (value.get_bool().get(b)) return field_error(pointer, "expected true or false");
  return b;
}

// Iterates an object's members; a non-object is an error naming `pointer`.
template <class F>
base::Status each_member(std::string_view pointer, element value, F&& f) {
  simdjson::dom::object obj;
  if (value.get_object().get(obj)) return field_error(pointer, "expected an object");
  for (auto [key, member] : obj) {
    if (auto s = f(key, member); !s) return s;
  }
  return base::Status::Ok();
}

base::Error unknown_field(std::string_view parent, std::string_view key) {
  return field_error(base::pointer_append(parent, key), "unknown field");
}

}  // namespace

cedar::Status RequestBuilder::apply(element object) {
  simdjson::dom::object obj;
  if (object.get_object().get(obj)) return field_error("", "expected a JSON object");
  for (auto [key, value] : obj) {
    if (auto s = apply_field(key, value); !s) return s;
  }
  return cedar::Status::Ok();
}

cedar::Status RequestBuilder::apply_field(std::string_view key, element value) {
  if (key == "id") {
    auto s = string_field("/id", value, base::TextRule{kMaxIdBytes});
    if (!s) return s.error();
    r_.id = *s;
  } else if (key == "received_at") {
    std::string_view s;
    if (value.get_string().get(s)) return field_error("/received_at", "expected a string");
    if (auto st = set_received_at(r_, s); !st) return st;
    has_received_at_ = true;
  } else if (key == "jurisdiction" || key == "receiving_agency") {
    const std::string pointer = "/" + std::string(key);
    auto s = string_field(pointer, value, base::TextRule{kMaxAgencyBytes});
    if (!s) return s.error();
    if (auto st = check_identifier(pointer, *s); !st) return st;
    (key == "jurisdiction" ? r_.jurisdiction : r_.receiving_agency) = *s;
    (key == "jurisdiction" ? has_jurisdiction_ : has_agency_) = true;
  } else if (key == "purpose") {
    auto t = term_field("/purpose", value, vocab_.purposes);
    if (!t) return t.error();
    r_.situation.purpose = *t;
    has_purpose_ = true;
  } else if (key == "requester") {
    return apply_requester(value);
  } else if (key == "instrument") {
    return apply_instrument(value);
  } else if (key == "subject") {
    return apply_subject(value);
  } else if (key == "facts") {
    return apply_facts(value);
  } else if (key == "actions") {
    return apply_actions(value);
  } else if (key == "interview_mode") {
    return apply_interview_mode(value);
  } else {
    return unknown_field("", key);
  }
  return cedar::Status::Ok();
}

cedar::Status RequestBuilder::apply_requester(element value) {
  return each_member("/requester", value, [&](std::string_view key, element v) -> cedar::Status {
    if (key != "agency") return unknown_field("/requester", key);
    auto t = term_field("/requester/agency", v, vocab_.requesters);
    if (!t) return t.error();
    r_.situation.requester = *t;
    has_requester_ = true;
    return cedar::Status::Ok();
  });
}

cedar::Status RequestBuilder::apply_instrument(element value) {
  return each_member("/instrument", value, [&](std::string_view key, element v) -> cedar::Status {
    if (key == "type") {
      auto t = term_field("/instrument/type", v, vocab_.instruments);
      if (!t) return t.error();
      r_.situation.instrument = *t;
      has_instrument_ = true;
    } else if (key == "signed_by") {
      auto t = term_field("/instrument/signed_by", v, vocab_.signers);
      if (!t) return t.error();
      r_.situation.signed_by = *t;
      has_signer_ = true;
    } else if (key == "form") {
      auto s = string_field("/instrument/form", v, base::TextRule{kMaxFormBytes});
      if (!s) return s.error();
      r_.instrument_form = *s;
    } else {
      return unknown_field("/instrument", key);
    }
    return cedar::Status::Ok();
  });
}

cedar::Status RequestBuilder::apply_subject(element value) {
  return each_member("/subject", value, [&](std::string_view key, element v) -> cedar::Status {
    if (key == "convictions") return apply_convictions(v);
    if (key != "in_custody") return unknown_field("/subject", key);
    auto b = bool_field("/subject/in_custody", v);
    if (!b) return b.error();
    r_.situation.in_custody = *b;
    return cedar::Status::Ok();
  });
}

cedar::Status RequestBuilder::apply_facts(element value) {
  return each_member("/facts", value, [&](std::string_view key, element v) -> cedar::Status {
    std::string field = base::pointer_append("/facts", key);
    auto index = vocab_.find_fact(key);
    if (!index) {
      std::string known;
      for (const auto& f : vocab_.facts) known += (known.empty() ? "" : ", ") + f;
      return field_error(field, "unknown fact (known facts: " + known + ")");
    }
    auto b = bool_field(field, v);
    if (!b) return b.error();
    uint32_t bit = uint32_t{1} << *index;
    r_.situation.facts = *b ? (r_.situation.facts | bit) : (r_.situation.facts & ~bit);
    return cedar::Status::Ok();
  });
}

cedar::Status RequestBuilder::apply_actions(element value) {
  simdjson::dom::array arr;
  if (value.get_array().get(arr)) return field_error("/actions", "expected an array of actions");
  r_.actions.clear();
  size_t i = 0;
  for (element item : arr) {
    std::string field = base::pointer_append("/actions", i++);
    std::string_view name;
    if (item.get_string().get(name)) return field_error(field, "expected a string");
    auto index = vocab_.find_action(name);
    if (!index) {
      std::string known;
      for (const auto& a : vocab_.actions) known += (known.empty() ? "" : ", ") + a;
      return field_error(
          field, "unknown action \"" + base::printable(name) + "\" (one of: " + known + ")");
    }
    for (uint8_t seen : r_.actions) {
      if (seen == *index)
        return field_error(field, "action \"" + std::string(name) + "\" repeated");
    }
    r_.actions.push_back(*index);
  }
  if (r_.actions.empty()) return field_error("/actions", "must list at least one action");
  has_actions_ = true;
  return cedar::Status::Ok();
}

cedar::Status RequestBuilder::apply_convictions(element value) {
  // An archived law from before convictions knew no such field.
  if (!vocab_.convictions_declared) return unknown_field("/subject", "convictions");
  return each_member(
      "/subject/convictions", value, [&](std::string_view key, element v) -> cedar::Status {
        std::string field = base::pointer_append("/subject/convictions", key);
        auto index = vocab_.find_conviction_class(key);
        if (!index) {
          std::string known;
          for (const auto& c : vocab_.conviction_classes) known += (known.empty() ? "" : ", ") + c;
          return field_error(field, "unknown conviction class \"" + base::printable(key) +
                                        "\" (one of: " + known + ")");
        }
        auto age = term_field(field, v, vocab_.conviction_ages);
        if (!age) return age.error();
        r_.situation.convictions[*index] = *age;
        return cedar::Status::Ok();
      });
}

cedar::Status RequestBuilder::apply_interview_mode(element value) {
  if (!vocab_.interview_modes.declared()) return unknown_field("", "interview_mode");
  auto mode = term_field("/interview_mode", value, vocab_.interview_modes);
  if (!mode) return mode.error();
  r_.situation.interview_mode = *mode;
  return cedar::Status::Ok();
}

cedar::Result<DecisionRequest> RequestBuilder::finish() {
  const std::pair<bool, const char*> required[] = {
      {has_received_at_, "/received_at"},
      {has_jurisdiction_, "/jurisdiction"},
      {has_agency_, "/receiving_agency"},
      {has_requester_, "/requester/agency"},
      {has_instrument_, "/instrument/type"},
      {has_actions_, "/actions"},
      {has_purpose_, "/purpose"},
  };
  for (const auto& [present, name] : required) {
    if (!present) return field_error(name, "required field missing");
  }
  if (!has_signer_) {
    auto signer = vocab_.default_signer(r_.situation.instrument);
    if (!signer) return field_error("/instrument/signed_by", "required for this instrument type");
    r_.situation.signed_by = *signer;
  }
  return r_;
}

cedar::Status set_received_at(DecisionRequest& r, std::string_view text) {
  if (auto st = base::check_text("/received_at", text, base::TextRule{64}); !st) return st;
  auto date = parse_timestamp_date(text);
  if (!date) return field_error("/received_at", date.error().message);
  if (*date < date_from_civil(kEarliestYear, 1, 1) || *date > date_from_civil(kLatestYear, 1, 1)) {
    return field_error("/received_at", "not a plausible date (" + date->to_string() + ")");
  }
  r.received_at = text;
  r.received_date = *date;
  auto instant = parse_timestamp_unix(text);
  r.received_utc = instant ? *instant : 0;
  return cedar::Status::Ok();
}

cedar::Result<DecisionRequest> parse_request(std::string_view json, const Vocabulary& vocab) {
  // One parser per thread: its buffers are reused (replay parses millions of
  // requests); the builder copies out everything it keeps before returning.
  thread_local simdjson::dom::parser parser;
  element root;
  if (auto err = parser.parse(json.data(), json.size()).get(root)) {
    return field_error("", std::string("not valid JSON: ") + simdjson::error_message(err));
  }
  return parse_request(root, vocab);
}

cedar::Result<DecisionRequest> parse_request(const element& root, const Vocabulary& vocab) {
  RequestBuilder builder(vocab);
  if (auto s = builder.apply(root); !s) return s.error();
  return builder.finish();
}

std::string request_to_json(const DecisionRequest& r, const Vocabulary& vocab) {
  const Situation& s = r.situation;
  JsonText j;
  j.open_object();
  if (!r.id.empty()) j.key("id").string(r.id);
  j.key("received_at").string(r.received_at);
  j.key("jurisdiction").string(r.jurisdiction);
  j.key("receiving_agency").string(r.receiving_agency);
  j.key("requester")
      .open_object()
      .key("agency")
      .string(vocab.requesters.values[s.requester])
      .close_object();
  j.key("instrument").open_object().key("type").string(vocab.instruments.values[s.instrument]);
  if (!r.instrument_form.empty()) j.key("form").string(r.instrument_form);
  j.key("signed_by").string(vocab.signers.values[s.signed_by]).close_object();
  j.key("actions").open_array();
  for (uint8_t a : r.actions) j.string(vocab.actions[a]);
  j.close_array();
  j.key("purpose").string(vocab.purposes.values[s.purpose]);
  if (vocab.interview_modes.declared())
    j.key("interview_mode").string(vocab.interview_modes.values[s.interview_mode]);
  j.key("subject").open_object().key("in_custody").boolean(s.in_custody);
  if (vocab.convictions_declared) {
    j.key("convictions").open_object();
    for (size_t i = 0; i < vocab.conviction_classes.size(); ++i)
      j.key(vocab.conviction_classes[i]).string(vocab.conviction_ages.values[s.convictions[i]]);
    j.close_object();
  }
  j.close_object();
  j.key("facts").open_object();
  for (size_t i = 0; i < vocab.facts.size(); ++i)
    j.key(vocab.facts[i]).boolean((s.facts >> i) & 1U);
  j.close_object();
  j.close_object();
  return j.take();
}

}  // namespace trustgate::policy
