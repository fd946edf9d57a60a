// The Service's implementation: state, routing and the operations. The
// operations live in handlers_*.cc, one file per area of the API.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "trustgate/accounts/accounts.h"
#include "trustgate/cases/case_view.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/cases/workflow.h"
#include "trustgate/common/json.h"
#include "trustgate/disclose/record_schema.h"
#include "trustgate/policy/library.h"
#include "trustgate/report/history.h"
#include "trustgate/server/access.h"
#include "trustgate/server/service.h"
#include "trustgate/server/witnessing.h"

namespace trustgate::server {

// Sign-in throttling: this many failures for one name from one address
// within the window lock that pair out for the window.
inline constexpr int kMaxLoginFailures = 5;
inline constexpr std::chrono::seconds kLoginWindow{60};
// How long a token, once checked, is trusted without reading the store.
inline constexpr std::chrono::seconds kTokenCacheTime{5};
// How often, at most, the accounts' version is read to notice changes made
// elsewhere (the CLI, another server): a change drops the cached tokens.
inline constexpr std::chrono::seconds kAccountsVersionCheck{1};
// Once failed sign-ins are remembered for this many pairs, the pairs whose
// window and lock-out have passed are forgotten.
inline constexpr size_t kMaxLoginRecords = 10000;

// api/openapi.json, compiled in (CMakeLists.txt writes it into a source file).
extern const char* const kOpenApiDocument;

// A fixed pool of threads running queued jobs in order of arrival.
class WorkerPool {
 public:
  explicit WorkerPool(unsigned threads);
  ~WorkerPool();
  void post(std::function<void()> job);
  // Waits until the queue is empty and no job runs.
  void drain();

 private:
  std::mutex mu_;
  std::condition_variable cv_, idle_;
  std::deque<std::function<void()>> jobs_;
  unsigned running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// One call being answered: the request, its parsed target and path
// parameters, and who is calling.
struct Call {
  const HttpRequest& request;
  Target target;
  std::map<std::string, std::string> params;  // from the route's {name} segments
  Caller caller;

  std::string_view param(const std::string& name) const;
  // A query parameter, or `fallback`.
  std::string query(const std::string& name, const std::string& fallback = "") const;
};

// One member an operation's JSON body may have.
struct BodyMember {
  const char* name;
  common::Json::Kind kind;
  bool required = false;
};

class ServiceImpl;
using Handler = HttpResponse (ServiceImpl::*)(Call& call);

struct Route {
  std::string method;
  // "{name}" for a parameter; a last "*" takes the rest of the path (one or
  // more segments) as the parameter "path".
  std::vector<std::string> segments;
  std::string operation;
  Handler handler;
  // The resource access is checked on before the handler runs, by type
  // ("Service", "Ledger", ...); empty: the handler checks (cases).
  std::string resource;
  bool appends = false;   // runs on a worker thread (it may wait on a commit, or run long)
  bool has_body = false;  // takes a JSON body
};

const std::vector<Route>& routes();

class ServiceImpl : public Service {
 public:
  explicit ServiceImpl(const ServiceOptions& options)
      : options_(options), workers_(options.workers) {}
  base::Status start();

  void handle(HttpRequest request, Reply reply) override;
  void drain() override { workers_.drain(); }
  Metrics& metrics() override { return metrics_; }

  // --- operations (handlers_*.cc) ---
  HttpResponse healthz(Call& call);
  HttpResponse readyz(Call& call);
  HttpResponse get_metrics(Call& call);
  HttpResponse openapi(Call& call);
  HttpResponse decide(Call& call);
  HttpResponse cedar_authorize(Call& call);
  HttpResponse list_jurisdictions(Call& call);
  HttpResponse get_jurisdiction(Call& call);
  HttpResponse policy_check(Call& call);
  HttpResponse policy_diff(Call& call);
  HttpResponse get_guide(Call& call);
  HttpResponse submit_case(Call& call);
  HttpResponse list_cases(Call& call);
  HttpResponse queue(Call& call);
  HttpResponse get_case(Call& call);
  HttpResponse sign_off_case(Call& call);
  HttpResponse override_case(Call& call);
  HttpResponse record_disposition(Call& call);
  HttpResponse close_case(Call& call);
  HttpResponse case_proof(Call& call);
  HttpResponse get_report(Call& call);
  HttpResponse replay_history(Call& call);
  HttpResponse ledger_checkpoint(Call& call);
  HttpResponse ledger_entries(Call& call);
  HttpResponse inclusion_proof(Call& call);
  HttpResponse consistency_proof(Call& call);
  HttpResponse tlog_checkpoint(Call& call);
  HttpResponse tile(Call& call);
  HttpResponse login(Call& call);
  HttpResponse logout(Call& call);
  HttpResponse whoami(Call& call);
  HttpResponse list_users(Call& call);
  HttpResponse add_user(Call& call);
  HttpResponse disable_user(Call& call);
  HttpResponse set_password(Call& call);
  HttpResponse issue_token(Call& call);
  HttpResponse know_your_rights(Call& call);
  HttpResponse create_disclosure(Call& call);
  HttpResponse query_records(Call& call);
  HttpResponse cedar_validate(Call& call);
  HttpResponse web_home(Call& call);
  HttpResponse web_page(Call& call);
  HttpResponse web_asset(Call& call);

 private:
  // Routing and the checks every call gets (service.cc).
  HttpResponse dispatch(const Route& route, Call& call);
  base::Result<Caller> identify(const HttpRequest& request);
  void refresh_token_cache(std::chrono::steady_clock::time_point now);
  bool allowed(const Call& call, std::string_view operation, const Resource& resource) const;
  HttpResponse refused(const Call& call) const;
  void finish(HttpResponse& response, const Call* call, const std::string& operation,
              std::chrono::steady_clock::time_point start);

  // Shared by the case operations (handlers_cases.cc).
  base::Result<cases::Case> readable_case(const Call& call, const std::string& operation);
  HttpResponse case_response(const Call& call, const cases::Case& c, int status = 200);
  // problem(), except that a refusal to an anonymous caller asks them to
  // sign in (401).
  HttpResponse case_problem(const Call& call, const base::Error& error) const;
  // How the caller may see a case: whole, or without the subject (the
  // access policy's view_subject on it).
  cases::CaseView case_view(const Call& call, const Resource& c) const;
  // Redacts item["entry"] (a ledger entry's text) as case_view says for the
  // entry's case, listing what was withheld in item["redacted"]
  // (handlers_ledger.cc).
  void show_entry(const Call& call, common::Json& item);
  cases::Actor actor(const Call& call) const;
  // Every case that is not closed (service.cc): the queue's deadlines and
  // the gauges.
  base::Result<std::vector<cases::Case>> open_cases();
  // The body as a JSON object (any members: the intake checks requests).
  base::Result<common::Json> body_json(const Call& call) const;
  // The body as a JSON object with no member besides `members`, each of
  // its kind, and each required one present; errors name the member.
  base::Result<common::Json> body_members(const Call& call,
                                          std::initializer_list<BodyMember> members) const;

  // The history reports count from, read at `checkpoint` (handlers_reports.cc);
  // kept until the next checkpoint, as a report is a function of it.
  base::Result<std::shared_ptr<const report::History>> history_at(
      const ledger::SignedCheckpoint& checkpoint);

  ServiceOptions options_;
  cases::DataDir data_;
  std::shared_ptr<const policy::Library> library_;
  std::unique_ptr<cases::CaseWorkflow> workflow_;
  std::unique_ptr<accounts::AccountStore> accounts_;
  std::mutex accounts_mu_;  // the account store is one SQLite connection
  std::unique_ptr<AccessPolicy> access_;
  Metrics metrics_;
  std::string openapi_;
  // Each pack's public information (policy/public_info.h), by pack id; packs
  // without one are absent.
  std::map<std::string, common::Json> public_info_;
  // The disclosure guard's record schemas (DATA/policies/records).
  disclose::RecordSchemas record_schemas_;

  // Tokens seen in the last kTokenCacheTime (hash -> user, until), so that
  // a request does not read the account store. Cleared when this server
  // disables a user, and when the accounts' version (read at most every
  // kAccountsVersionCheck) moved: a change made with the CLI or (PostgreSQL)
  // by another server is seen within about a second (docs/deploy.md).
  struct CachedCaller {
    Caller caller;
    std::chrono::steady_clock::time_point until;
  };
  std::mutex cache_mu_;
  std::map<std::string, CachedCaller> token_cache_;
  int64_t accounts_version_ = -1;  // as last read (-1: not yet)
  // When the version was last read (steady-clock ticks): read without the
  // lock, so that a request between two checks takes cache_mu_ once.
  std::atomic<std::chrono::steady_clock::rep> version_checked_{0};

  // Failed logins by name and address (kMaxLoginFailures, kLoginWindow):
  // a locked pair gets 429 with Retry-After.
  struct Attempts {
    int failures = 0;
    std::chrono::steady_clock::time_point since, locked_until;
  };
  std::mutex login_mu_;
  std::map<std::string, Attempts> attempts_;

  std::mutex history_mu_;
  std::shared_ptr<const report::History> history_;
  ledger::Checkpoint history_checkpoint_;

  std::unique_ptr<ledger::CosignatureLog> cosignatures_;
  std::unique_ptr<Witnessing> witnessing_;  // null without witnesses

  WorkerPool workers_;
};

// JSON helpers for the handlers.
HttpResponse json_response(const common::Json& body, int status = 200);
// An InvalidArgument error for a bad query parameter.
base::Error bad_query(const std::string& name, const std::string& message);
// A non-negative integer query parameter (or `fallback` when absent).
base::Result<uint64_t> uint_query(const Call& call, const std::string& name, uint64_t fallback);

}  // namespace trustgate::server
