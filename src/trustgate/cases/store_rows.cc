#include "store_rows.h"

namespace trustgate::cases {

using common::Json;

namespace {

// workflow_json's "deadlines" and "dispositions" (absent in rows written
// before they existed).
bool read_dispositions(const Json& w, Case& c) {
  if (const Json* deadlines = w.find("deadlines")) {
    if (!deadlines->is_array()) return false;
    for (const Json& d : deadlines->as_array()) {
      const Json* hours = d.find("hours");
      const Json* met_by = d.find("met_by");
      const Json* skip = d.find("skip_weekends");
      if (!hours || !hours->is_int() || !met_by || !met_by->is_array() || !skip ||
          !skip->is_bool()) {
        return false;
      }
      Deadline out{std::string(d.string_or_empty("obligation")),
                   hours->as_int(),
                   std::string(d.string_or_empty("from")),
                   {},
                   skip->as_bool()};
      for (const Json& m : met_by->as_array()) out.met_by.push_back(m.as_string());
      c.deadlines.push_back(std::move(out));
    }
  }
  if (const Json* dispositions = w.find("dispositions")) {
    if (!dispositions->is_array()) return false;
    for (const Json& d : dispositions->as_array()) {
      auto kind = parse_disposition(d.string_or_empty("event"));
      if (!kind) return false;
      c.dispositions.push_back(Disposition{*kind, std::string(d.string_or_empty("happened_at")),
                                           std::string(d.string_or_empty("until")),
                                           std::string(d.string_or_empty("to")),
                                           std::string(d.string_or_empty("at"))});
    }
  }
  return true;
}

}  // namespace

Json workflow_json(const Case& c) {
  Json w = Json::object();
  Json& obligations = w.set("obligations", Json::array());
  for (const std::string& o : c.obligations) obligations.push(o);
  Json& needed = w.set("sign_offs_needed", Json::array());
  for (Role r : c.sign_offs_needed) needed.push(role_name(r));
  w.set("on_site_needed", c.on_site_needed);
  Json& sign_offs = w.set("sign_offs", Json::array());
  for (const SignOff& s : c.sign_offs) {
    Json j = Json::object();
    j.set("role", role_name(s.role));
    j.set("by", s.by);
    j.set("on_site", s.on_site);
    j.set("at", s.at);
    sign_offs.push(std::move(j));
  }
  if (c.override_) {
    Json o = Json::object();
    o.set("role", role_name(c.override_->role));
    o.set("by", c.override_->by);
    o.set("reason", c.override_->reason);
    o.set("at", c.override_->at);
    w.set("override", std::move(o));
  }
  Json& deadlines = w.set("deadlines", Json::array());
  for (const Deadline& d : c.deadlines) {
    Json j = Json::object();
    j.set("obligation", d.obligation);
    j.set("hours", d.hours);
    j.set("from", d.from);
    Json& met_by = j.set("met_by", Json::array());
    for (const std::string& m : d.met_by) met_by.push(m);
    j.set("skip_weekends", d.skip_weekends);
    deadlines.push(std::move(j));
  }
  Json& dispositions = w.set("dispositions", Json::array());
  for (const Disposition& d : c.dispositions) {
    Json j = Json::object();
    j.set("event", disposition_name(d.kind));
    j.set("happened_at", d.happened_at);
    j.set("until", d.until);
    j.set("to", d.to);
    j.set("at", d.at);
    dispositions.push(std::move(j));
  }
  return w;
}

bool read_workflow(const std::string& text, Case& c) {
  auto w = common::parse_json(text);
  if (!w) return false;
  auto role_of = [](const Json& j) { return parse_role(j.string_or_empty("role")); };
  const Json* obligations = w->find("obligations");
  const Json* needed = w->find("sign_offs_needed");
  const Json* on_site = w->find("on_site_needed");
  const Json* sign_offs = w->find("sign_offs");
  if (!obligations || !needed || !on_site || !sign_offs || !obligations->is_array() ||
      !needed->is_array() || !on_site->is_bool() || !sign_offs->is_array()) {
    return false;
  }
  for (const Json& o : obligations->as_array()) c.obligations.push_back(o.as_string());
  for (const Json& r : needed->as_array()) {
    auto role = r.is_string() ? parse_role(r.as_string()) : std::nullopt;
    if (!role) return false;
    c.sign_offs_needed.push_back(*role);
  }
  c.on_site_needed = on_site->as_bool();
  for (const Json& s : sign_offs->as_array()) {
    auto role = role_of(s);
    const Json* site = s.find("on_site");
    if (!role || !site || !site->is_bool()) return false;
    c.sign_offs.push_back(SignOff{*role, std::string(s.string_or_empty("by")), site->as_bool(),
                                  std::string(s.string_or_empty("at"))});
  }
  if (const Json* o = w->find("override")) {
    auto role = role_of(*o);
    if (!role) return false;
    c.override_ =
        Override{*role, std::string(o->string_or_empty("by")),
                 std::string(o->string_or_empty("reason")), std::string(o->string_or_empty("at"))};
  }
  return read_dispositions(*w, c);
}

Json json_or_null(const std::string& text) {
  if (text.empty()) return Json();
  auto j = common::parse_json(text);
  return j ? *j : Json(text);  // damaged text stays visible as a string
}

}  // namespace trustgate::cases
