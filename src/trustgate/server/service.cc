#include <algorithm>
#include <iostream>

#include "base/clock.h"
#include "base/json_string.h"
#include "base/storage.h"
#include "base/text.h"
#include "service_impl.h"
#include "trustgate/cases/due.h"
#include "trustgate/policy/public_info.h"

namespace trustgate::server {

namespace {

constexpr size_t kMaxCachedTokens = 10000;

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    out.emplace_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return out;
}

bool matches(const Route& r, const std::vector<std::string>& segments,
             std::map<std::string, std::string>& params) {
  const bool rest = !r.segments.empty() && r.segments.back() == "*";
  if (rest ? segments.size() < r.segments.size() : r.segments.size() != segments.size()) {
    return false;
  }
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& want = r.segments[i];
    if (rest && i + 1 == r.segments.size()) {
      std::string tail;
      for (size_t k = i; k < segments.size(); ++k) tail += (k > i ? "/" : "") + segments[k];
      found["path"] = tail;
      break;
    }
    if (want.size() > 2 && want.front() == '{') {
      if (segments[i].empty()) return false;
      found[want.substr(1, want.size() - 2)] = segments[i];
    } else if (want != segments[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

// The value of cookie `name` in a Cookie header, or "".
std::string cookie(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.substr(0, name.size()) == name && pair.size() > name.size() &&
        pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return "";
}

// The states of a case that is not closed.
constexpr cases::CaseState kOpenStates[] = {
    cases::CaseState::Decided, cases::CaseState::AwaitingSupervisor,
    cases::CaseState::AwaitingCounsel, cases::CaseState::SignedOff, cases::CaseState::Overridden};

// A label value in the exposition format: backslash, quote and newline escaped.
std::string metric_label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// Every translated explanation in a pack's public information names one of
// the pack's policies.
base::Status check_translations(const policy::Pack& pack, const common::Json& info) {
  const common::Json* all = info.is_object() ? info.find("translations") : nullptr;
  if (!all) return base::Status::Ok();
  for (const auto& [lang, texts] : all->as_object()) {
    for (const auto& [id, text] : texts.as_object()) {
      // A lambda may not capture a structured binding before C++20's P1091
      // (clang 14, which builds the fuzz targets).
      const std::string& policy_id = id;
      bool known = std::any_of(pack.provisions.begin(), pack.provisions.end(),
                               [&](const policy::Provision& p) { return p.id == policy_id; });
      if (!known) {
        return base::invalid_field("/public/translations/" + lang + "/" + id,
                                   (pack.directory / "pack.json").string() +
                                       ": a translation of no policy of this pack: " + id);
      }
    }
  }
  return base::Status::Ok();
}

bool state_changing(std::string_view method) { return method != "GET" && method != "HEAD"; }

}  // namespace

WorkerPool::WorkerPool(unsigned threads) {
  for (unsigned i = 0; i < std::max(1u, threads); ++i) {
    threads_.emplace_back([this] {
      std::unique_lock lk(mu_);
      while (true) {
        cv_.wait(lk, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        auto job = std::move(jobs_.front());
        jobs_.pop_front();
        ++running_;
        lk.unlock();
        job();
        lk.lock();
        --running_;
        if (jobs_.empty() && running_ == 0) idle_.notify_all();
      }
    });
  }
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void WorkerPool::post(std::function<void()> job) {
  {
    std::lock_guard lk(mu_);
    jobs_.push_back(std::move(job));
  }
  cv_.notify_one();
}

void WorkerPool::drain() {
  std::unique_lock lk(mu_);
  idle_.wait(lk, [this] { return jobs_.empty() && running_ == 0; });
}

std::string_view Call::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string_view() : std::string_view(it->second);
}

std::string Call::query(const std::string& name, const std::string& fallback) const {
  auto it = target.query.find(name);
  return it == target.query.end() ? fallback : it->second;
}

HttpResponse json_response(const common::Json& body, int status) {
  HttpResponse r;
  r.status = status;
  r.body = body.canonical();
  return r;
}

base::Error bad_query(const std::string& name, const std::string& message) {
  return base::invalid_field("/" + name, message + " (query parameter " + name + ")");
}

base::Result<uint64_t> uint_query(const Call& call, const std::string& name, uint64_t fallback) {
  std::string v = call.query(name);
  if (v.empty()) return fallback;
  if (v.size() > 19 || v.find_first_not_of("0123456789") != std::string::npos) {
    return bad_query(name, "expected a non-negative integer");
  }
  return static_cast<uint64_t>(std::stoull(v));
}

base::Result<std::unique_ptr<Service>> Service::open(const ServiceOptions& options) {
  auto service = std::make_unique<ServiceImpl>(options);
  if (auto s = service->start(); !s) return s.error();
  return std::unique_ptr<Service>(std::move(service));
}

base::Status ServiceImpl::start() {
  auto d = cases::open_data_dir(options_.data, cases::Access::Write);
  if (!d) return d.error();
  data_ = std::move(*d);
  auto lib = policy::Library::open(data_.policies());
  if (!lib) return base::Error{"the data directory's policies: " + lib.error().describe()};
  library_ = *lib;
  auto schemas =
      disclose::load_record_schemas(data_.policies() / "records", library_->vocabulary().release);
  if (!schemas)
    return base::Error{"the data directory's record schemas: " + schemas.error().describe()};
  record_schemas_ = std::move(*schemas);
  for (const std::string& id : library_->jurisdictions()) {
    for (const auto& pack : library_->chain(id)->packs) {
      if (public_info_.count(pack->id)) continue;
      auto info = policy::load_public_info(pack->directory);
      if (!info) return base::Error{"the data directory's policies: " + info.error().message};
      if (auto s = check_translations(*pack, *info); !s) return s;
      if (!info->is_null()) public_info_.emplace(pack->id, std::move(*info));
    }
  }
  if (data_.db) {
    // Law archived by this server before the archive moved into the
    // database (put once: what the database holds stays).
    if (auto n = data_.archive->share_all(); !n) return n.error();
  }
  workflow_ = std::make_unique<cases::CaseWorkflow>(*data_.store, *data_.ledger, library_,
                                                    data_.archive.get());
  workflow_->set_commit_observer([this](uint64_t entries) { metrics_.commit_batch(entries); });
  if (auto s = workflow_->open(); !s) return s;
  auto accounts = cases::open_accounts(data_);
  if (!accounts) return base::Error{"the accounts: " + accounts.error().message};
  accounts_ = std::move(*accounts);
  auto access = AccessPolicy::load(data_.policies() / "_service");
  if (!access) return base::Error{"the access policy: " + access.error().message};
  access_ = std::move(*access);
  openapi_ = kOpenApiDocument;
  auto cosignatures = cases::open_cosignatures(data_);
  if (!cosignatures) return cosignatures.error();
  cosignatures_ = std::move(*cosignatures);
  auto witnesses = read_witnesses(options_.data);
  if (!witnesses) return witnesses.error();
  if (!witnesses->empty()) {
    witnessing_ = std::make_unique<Witnessing>(*data_.ledger, *cosignatures_, std::move(*witnesses),
                                               metrics_);
  }
  metrics_.add_gauges([this] {
    Metrics::Gauge size{"trustgate_ledger_entries",
                        "Entries covered by the latest checkpoint.",
                        {{"", static_cast<double>(data_.ledger->size())}}};
    Metrics::Gauge lag{"trustgate_store_lag_entries",
                       "Ledger entries the case store has not applied.",
                       {{"", static_cast<double>(workflow_->store_lag())}}};
    Metrics::Gauge open{"trustgate_open_cases", "Cases not closed, by state.", {}};
    Metrics::Gauge deadlines{"trustgate_open_obligations",
                             "Obligation deadlines started and not met, on cases not closed, by "
                             "obligation.",
                             {}};
    Metrics::Gauge overdue{
        "trustgate_overdue_obligations", "Open obligation deadlines past due, by obligation.", {}};
    auto cases = open_cases();
    if (!cases) return std::vector<Metrics::Gauge>{size, lag};
    std::map<cases::CaseState, double> by_state;
    for (const cases::Case& c : *cases) by_state[c.state] += 1;
    for (cases::CaseState s : kOpenStates) {
      open.values.emplace_back("state=\"" + std::string(cases::state_name(s)) + "\"", by_state[s]);
    }
    const cases::DeadlineCounts counts =
        cases::count_open_deadlines(*cases, base::now_unix_seconds());
    for (const auto& [obligation, n] : counts.open) {
      const std::string label = "obligation=\"" + metric_label(obligation) + "\"";
      deadlines.values.emplace_back(label, static_cast<double>(n));
      auto late = counts.overdue.find(obligation);
      overdue.values.emplace_back(
          label, late == counts.overdue.end() ? 0.0 : static_cast<double>(late->second));
    }
    return std::vector<Metrics::Gauge>{size, lag, open, deadlines, overdue};
  });
  return base::Status::Ok();
}

base::Result<std::vector<cases::Case>> ServiceImpl::open_cases() {
  std::vector<cases::Case> out;
  for (cases::CaseState s : kOpenStates) {
    cases::CaseFilter f;
    f.state = s;
    auto list = data_.store->list(f);
    if (!list) return list.error();
    for (cases::Case& c : *list) out.push_back(std::move(c));
  }
  return out;
}

base::Result<Caller> ServiceImpl::identify(const HttpRequest& request) {
  std::string_view auth = request.header("authorization");
  std::string session = cookie(request.header("cookie"), "tg_session");
  if (auth.empty() && session.empty()) return anonymous_caller();
  if (!auth.empty()) {
    if (auth.substr(0, 7) != "Bearer ") {
      return base::permission_denied("the Authorization header must be \"Bearer tg_...\"");
    }
    std::string token(auth.substr(7));
    std::string key = accounts::token_hash(token);
    const auto now = std::chrono::steady_clock::now();
    refresh_token_cache(now);
    {
      std::lock_guard ck(cache_mu_);
      auto it = token_cache_.find(key);
      if (it != token_cache_.end() && it->second.until > now) return it->second.caller;
    }
    base::Result<accounts::User> user = base::Error{};
    {
      std::lock_guard lk(accounts_mu_);
      user = accounts_->user_for_token(token);
    }
    if (!user) return user.error();
    Caller c{*user, false, false, ""};
    std::lock_guard ck(cache_mu_);
    if (token_cache_.size() >= kMaxCachedTokens) token_cache_.clear();
    token_cache_[key] = CachedCaller{c, now + kTokenCacheTime};
    return c;
  }
  std::lock_guard lk(accounts_mu_);
  auto s = accounts_->find_session(session);
  if (!s) return s.error();
  return Caller{s->user, false, true, s->csrf};
}

void ServiceImpl::refresh_token_cache(std::chrono::steady_clock::time_point now) {
  const auto ticks = now.time_since_epoch().count();
  auto checked = version_checked_.load(std::memory_order_relaxed);
  const auto every =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(kAccountsVersionCheck)
          .count();
  if (checked != 0 && ticks < checked + every) return;
  // One thread reads the version; the others go on with the cache.
  if (!version_checked_.compare_exchange_strong(checked, ticks)) return;
  base::Result<int64_t> version = base::Error{};
  {
    std::lock_guard lk(accounts_mu_);
    version = accounts_->version();
  }
  if (!version) return;  // the cached tokens expire on their own
  std::lock_guard ck(cache_mu_);
  if (*version != accounts_version_) {
    token_cache_.clear();
    accounts_version_ = *version;
  }
}

bool ServiceImpl::allowed(const Call& call, std::string_view operation,
                          const Resource& resource) const {
  return access_->allows(call.caller, operation, resource);
}

HttpResponse ServiceImpl::refused(const Call& call) const {
  if (call.caller.anonymous) {
    HttpResponse r = problem(401, "", "sign in, or send Authorization: Bearer tg_...");
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"trustgate\"");
    return r;
  }
  return problem(403, "",
                 "the access policy does not allow this for the role " + call.caller.user.role);
}

HttpResponse ServiceImpl::dispatch(const Route& route, Call& call) {
  if (!route.resource.empty()) {
    // The resource a path names (a jurisdiction, an account), else the
    // type's one entity, "trustgate".
    Resource resource{route.resource};
    if (std::string_view id = call.param(route.resource == "Account" ? "name" : "id");
        !id.empty()) {
      resource.id = id;
    }
    if (!allowed(call, route.operation, resource)) return refused(call);
  }
  if (call.caller.by_session && state_changing(call.request.method) && route.operation != "login" &&
      call.request.header("x-csrf-token") != call.caller.csrf) {
    return problem(403, "",
                   "a change made with the session cookie needs the X-CSRF-Token "
                   "header the login returned");
  }
  if (route.has_body) {
    std::string_view type = call.request.header("content-type");
    if (type.substr(0, type.find(';')) != "application/json") {
      return problem(415, "", "the body must be application/json");
    }
  }
  return (this->*route.handler)(call);
}

void ServiceImpl::finish(HttpResponse& response, const Call* call, const std::string& operation,
                         std::chrono::steady_clock::time_point start) {
  response.operation = operation;
  response.actor = call ? call->caller.user.id : "anonymous";
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.request(operation, response.status, seconds);
}

void ServiceImpl::handle(HttpRequest request, Reply reply) {
  const auto start = std::chrono::steady_clock::now();
  auto target = parse_target(request.target);
  if (!target) {
    HttpResponse r = problem(target.error());
    finish(r, nullptr, "", start);
    return reply(std::move(r));
  }
  const std::vector<std::string> segments = split_path(target->path);
  const Route* route = nullptr;
  std::string allow;  // the methods the path takes, when not this one
  std::map<std::string, std::string> params;
  for (const Route& r : routes()) {
    std::map<std::string, std::string> p;
    if (!matches(r, segments, p)) continue;
    if (r.method != request.method && !(request.method == "HEAD" && r.method == "GET")) {
      allow += (allow.empty() ? "" : ", ") + r.method + (r.method == "GET" ? ", HEAD" : "");
      continue;
    }
    route = &r;
    params = std::move(p);
    break;
  }
  if (!route) {
    HttpResponse r;
    if (allow.empty()) {
      r = problem(404, "", "no such path: " + base::printable(target->path));
    } else {
      r = problem(405, "", "this path takes " + allow + ", not " + base::printable(request.method));
      r.headers.emplace_back("Allow", allow);
    }
    finish(r, nullptr, "", start);
    return reply(std::move(r));
  }
  auto caller = identify(request);
  if (!caller) {
    HttpResponse r = caller.error().kind == base::ErrorKind::PermissionDenied
                         ? problem(401, "", caller.error().message)
                         : problem(caller.error());
    finish(r, nullptr, route->operation, start);
    return reply(std::move(r));
  }
  auto call = std::make_shared<Call>(
      Call{request, std::move(*target), std::move(params), std::move(*caller)});
  if (!route->appends) {
    HttpResponse r = dispatch(*route, *call);
    finish(r, call.get(), route->operation, start);
    return reply(std::move(r));
  }
  // The request must outlive the call handed to a worker.
  auto owned = std::make_shared<HttpRequest>(std::move(request));
  auto moved = std::make_shared<Call>(
      Call{*owned, std::move(call->target), std::move(call->params), std::move(call->caller)});
  workers_.post([this, owned, moved, route, start, reply = std::move(reply)]() mutable {
    HttpResponse r = dispatch(*route, *moved);
    finish(r, moved.get(), route->operation, start);
    reply(std::move(r));
  });
}

}  // namespace trustgate::server
