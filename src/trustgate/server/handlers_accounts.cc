// Operations on the service itself and on accounts: health, metrics, the
// API document, signing in and out, users and tokens.
#include "base/clock.h"
#include "base/text.h"
#include "service_impl.h"

namespace trustgate::server {

namespace {

using common::Json;

Json user_json(const accounts::User& u) {
  Json j = Json::object();
  j.set("id", u.id);
  j.set("name", u.name);
  j.set("role", u.role);
  j.set("agency", u.agency);
  j.set("jurisdiction", u.jurisdiction);
  j.set("disabled", u.disabled);
  j.set("has_password", u.has_password);
  j.set("created_at", u.created_at);
  return j;
}

std::string string_member(const Json& body, const char* key) {
  return std::string(body.string_or_empty(key));
}

const char* kind_name(Json::Kind kind) {
  switch (kind) {
    case Json::Kind::Bool:
      return "true or false";
    case Json::Kind::Int:
      return "an integer";
    case Json::Kind::String:
      return "a string";
    case Json::Kind::Array:
      return "an array";
    case Json::Kind::Object:
      return "an object";
    case Json::Kind::Null:
      break;
  }
  return "null";
}

constexpr auto kString = Json::Kind::String;

// An account store error, its field named as a pointer into the body.
base::Error body_error(base::Error e) {
  if (!e.field.empty() && e.field[0] != '/') e.field = "/" + e.field;
  return e;
}

}  // namespace

base::Result<Json> ServiceImpl::body_json(const Call& call) const {
  auto body = common::parse_json(call.request.body);
  if (!body) return body.error();
  if (!body->is_object()) return base::invalid_field("", "expected a JSON object");
  return body;
}

base::Result<Json> ServiceImpl::body_members(const Call& call,
                                             std::initializer_list<BodyMember> members) const {
  auto body = body_json(call);
  if (!body) return body;
  for (const auto& [key, value] : body->as_object()) {
    const BodyMember* m = nullptr;
    for (const BodyMember& candidate : members) {
      if (key == candidate.name) m = &candidate;
    }
    const std::string pointer = base::pointer_append("", key);
    if (!m) return base::invalid_field(pointer, "unknown field");
    if (value.kind() != m->kind) {
      return base::invalid_field(pointer, std::string("expected ") + kind_name(m->kind));
    }
  }
  for (const BodyMember& m : members) {
    if (m.required && !body->find(m.name)) {
      return base::invalid_field(std::string("/") + m.name, "required field missing");
    }
  }
  return body;
}

HttpResponse ServiceImpl::healthz(Call&) {
  Json j = Json::object();
  j.set("status", "ok");
  return json_response(j);
}

HttpResponse ServiceImpl::readyz(Call&) {
  Json j = Json::object();
  uint64_t lag = workflow_->store_lag();
  j.set("status", lag == 0 ? "ready" : "catching up");
  j.set("ledger_entries", data_.ledger->size());
  j.set("store_lag", lag);
  j.set("jurisdictions", static_cast<uint64_t>(library_->jurisdictions().size()));
  return json_response(j, lag == 0 ? 200 : 503);
}

HttpResponse ServiceImpl::get_metrics(Call&) {
  HttpResponse r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = metrics_.render();
  return r;
}

HttpResponse ServiceImpl::openapi(Call&) {
  HttpResponse r;
  r.body = openapi_;
  return r;
}

HttpResponse ServiceImpl::login(Call& call) {
  auto body = body_members(call, {{"name", kString, true}, {"password", kString, true}});
  if (!body) return problem(body.error());
  const std::string name = string_member(*body, "name");
  const std::string key = name + "\n" + call.request.remote;
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lk(login_mu_);
    auto found = attempts_.find(key);
    if (found != attempts_.end() && found->second.locked_until > now) {
      auto wait = std::chrono::duration_cast<std::chrono::seconds>(found->second.locked_until - now)
                      .count() +
                  1;
      HttpResponse r =
          problem(429, "", "too many failed sign-ins; wait " + std::to_string(wait) + " seconds");
      r.headers.emplace_back("Retry-After", std::to_string(wait));
      return r;
    }
  }
  base::Result<accounts::User> user = base::Error{};
  {
    std::lock_guard lk(accounts_mu_);
    user = accounts_->check_password(name, string_member(*body, "password"));
  }
  if (!user) {
    std::lock_guard lk(login_mu_);
    if (attempts_.size() >= kMaxLoginRecords) {
      // Forget the pairs whose window and lock-out have passed.
      std::erase_if(attempts_, [&](const auto& kv) {
        return kv.second.locked_until <= now && now - kv.second.since > kLoginWindow;
      });
    }
    Attempts& a = attempts_[key];
    if (now - a.since > kLoginWindow) a = Attempts{0, now, {}};
    if (++a.failures >= kMaxLoginFailures) a.locked_until = now + kLoginWindow;
    return problem(401, "", user.error().message);
  }
  {
    std::lock_guard lk(login_mu_);
    attempts_.erase(key);
  }
  base::Result<std::pair<std::string, accounts::Session>> session = base::Error{};
  {
    std::lock_guard lk(accounts_mu_);
    session = accounts_->open_session(*user, options_.session_seconds);
  }
  if (!session) return problem(session.error());
  Json j = Json::object();
  j.set("user", user_json(*user));
  j.set("csrf_token", session->second.csrf);
  HttpResponse r = json_response(j);
  r.headers.emplace_back("Set-Cookie", "tg_session=" + session->first +
                                           "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
                                           std::to_string(options_.session_seconds) +
                                           (options_.secure_cookies ? "; Secure" : ""));
  return r;
}

HttpResponse ServiceImpl::logout(Call& call) {
  std::string_view header = call.request.header("cookie");
  size_t at = header.find("tg_session=");
  if (at != std::string_view::npos) {
    std::string_view value = header.substr(at + 11);
    value = value.substr(0, value.find(';'));
    std::lock_guard lk(accounts_mu_);
    (void)accounts_->close_session(value);
  }
  HttpResponse r = json_response(Json::object());
  r.headers.emplace_back("Set-Cookie", "tg_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
  return r;
}

HttpResponse ServiceImpl::whoami(Call& call) {
  Json j = user_json(call.caller.user);
  if (call.caller.by_session) j.set("csrf_token", call.caller.csrf);
  return json_response(j);
}

HttpResponse ServiceImpl::list_users(Call&) {
  std::lock_guard lk(accounts_mu_);
  auto users = accounts_->list_users();
  if (!users) return problem(users.error());
  Json list = Json::array();
  for (const auto& u : *users) list.push(user_json(u));
  Json j = Json::object();
  j.set("users", std::move(list));
  return json_response(j);
}

HttpResponse ServiceImpl::add_user(Call& call) {
  auto body = body_members(call, {{"name", kString, true},
                                  {"role", kString, true},
                                  {"agency", kString},
                                  {"jurisdiction", kString}});
  if (!body) return problem(body.error());
  std::lock_guard lk(accounts_mu_);
  auto user =
      accounts_->add_user(string_member(*body, "name"), string_member(*body, "role"),
                          string_member(*body, "agency"), string_member(*body, "jurisdiction"));
  if (!user) return problem(body_error(user.error()));
  return json_response(user_json(*user), 201);
}

HttpResponse ServiceImpl::disable_user(Call& call) {
  std::lock_guard lk(accounts_mu_);
  if (auto s = accounts_->disable_user(std::string(call.param("name"))); !s) {
    return problem(s.error());
  }
  {
    std::lock_guard ck(cache_mu_);
    token_cache_.clear();  // the user's tokens stop working now
  }
  auto user = accounts_->find_user(std::string(call.param("name")));
  if (!user) return problem(user.error());
  return json_response(user_json(*user));
}

HttpResponse ServiceImpl::set_password(Call& call) {
  auto body = body_members(call, {{"password", kString, true}});
  if (!body) return problem(body.error());
  std::lock_guard lk(accounts_mu_);
  if (auto s = accounts_->set_password(std::string(call.param("name")),
                                       string_member(*body, "password"));
      !s) {
    return problem(body_error(s.error()));
  }
  return json_response(Json::object());
}

HttpResponse ServiceImpl::issue_token(Call& call) {
  auto body = body_members(call, {{"label", kString}});
  if (!body) return problem(body.error());
  std::lock_guard lk(accounts_mu_);
  auto token =
      accounts_->issue_token(std::string(call.param("name")), string_member(*body, "label"));
  if (!token) return problem(body_error(token.error()));
  Json j = Json::object();
  j.set("token", *token);
  j.set("note", "shown once: trustgate keeps only its SHA-256");
  return json_response(j, 201);
}

}  // namespace trustgate::server
