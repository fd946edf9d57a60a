// The API's routes: method, path, operation id (the access policy's action
// and the OpenAPI document's operationId), handler, and how it runs.
#include "service_impl.h"

namespace trustgate::server {

namespace {

std::vector<std::string> segments(std::string_view path) {
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

Route route(const char* method, const char* path, const char* operation, Handler handler,
            const char* resource, bool appends = false, bool has_body = false) {
  return Route{method, segments(path), operation, handler, resource, appends, has_body};
}

}  // namespace

const std::vector<Route>& routes() {
  using S = ServiceImpl;
  static const std::vector<Route> table = {
      route("GET", "/healthz", "healthz", &S::healthz, "Service"),
      route("GET", "/readyz", "readyz", &S::readyz, "Service"),
      route("GET", "/metrics", "metrics", &S::get_metrics, "Service"),
      route("GET", "/v1/openapi.json", "openapi", &S::openapi, "Service"),
      route("POST", "/v1/login", "login", &S::login, "Service", false, true),
      route("POST", "/v1/logout", "logout", &S::logout, "Service"),
      route("GET", "/v1/me", "whoami", &S::whoami, "Service"),
      route("POST", "/v1/decide", "decide", &S::decide, "Service", false, true),
      route("POST", "/v1/cedar/authorize", "cedar_authorize", &S::cedar_authorize, "Service", false,
            true),
      route("POST", "/v1/cedar/validate", "cedar_validate", &S::cedar_validate, "Service", false,
            true),
      route("GET", "/v1/jurisdictions", "list_jurisdictions", &S::list_jurisdictions,
            "Jurisdiction"),
      route("GET", "/v1/jurisdictions/{id}", "get_jurisdiction", &S::get_jurisdiction,
            "Jurisdiction"),
      route("GET", "/v1/jurisdictions/{id}/check", "policy_check", &S::policy_check,
            "Jurisdiction"),
      route("GET", "/v1/jurisdictions/{id}/rights", "know_your_rights", &S::know_your_rights,
            "Jurisdiction"),
      route("GET", "/v1/policy/diff", "policy_diff", &S::policy_diff, "Jurisdiction"),
      // On a worker thread: it decides the whole request space (and a PDF
      // waits on Chromium).
      route("GET", "/v1/guides/{jurisdiction}", "get_guide", &S::get_guide, "Jurisdiction", true),
      route("POST", "/v1/cases", "submit_case", &S::submit_case, "", true, true),
      route("GET", "/v1/cases", "list_cases", &S::list_cases, "Service"),
      route("GET", "/v1/queue", "queue", &S::queue, "Service"),
      route("GET", "/v1/cases/{id}", "get_case", &S::get_case, ""),
      route("POST", "/v1/cases/{id}/signoff", "sign_off_case", &S::sign_off_case, "", true, true),
      route("POST", "/v1/cases/{id}/override", "override_case", &S::override_case, "", true, true),
      route("POST", "/v1/cases/{id}/events", "record_disposition", &S::record_disposition, "", true,
            true),
      route("POST", "/v1/cases/{id}/close", "close_case", &S::close_case, "", true),
      route("GET", "/v1/cases/{id}/proof", "case_proof", &S::case_proof, ""),
      route("GET", "/v1/ledger/checkpoint", "ledger_checkpoint", &S::ledger_checkpoint, "Ledger"),
      route("GET", "/v1/ledger/entries", "ledger_entries", &S::ledger_entries, "Ledger"),
      route("GET", "/v1/ledger/proofs/inclusion", "inclusion_proof", &S::inclusion_proof, "Ledger"),
      route("GET", "/v1/ledger/proofs/consistency", "consistency_proof", &S::consistency_proof,
            "Ledger"),
      route("GET", "/checkpoint", "tlog_checkpoint", &S::tlog_checkpoint, "Ledger"),
      route("GET", "/tile/*", "tlog_tile", &S::tile, "Ledger"),
      // Reports and replay read the whole ledger: on a worker thread.
      route("GET", "/v1/reports/{kind}", "get_report", &S::get_report, "", true),
      route("POST", "/v1/replay", "replay", &S::replay_history, "Jurisdiction", true, true),
      // Releases of records: they read the records and wait on a commit.
      route("POST", "/v1/disclosures", "create_disclosure", &S::create_disclosure, "Service", true,
            true),
      route("GET", "/v1/records/{type}", "query_records", &S::query_records, "Service", true),
      route("GET", "/v1/users", "list_users", &S::list_users, "Account"),
      route("POST", "/v1/users", "add_user", &S::add_user, "Account", false, true),
      route("POST", "/v1/users/{name}/disable", "disable_user", &S::disable_user, "Account"),
      route("POST", "/v1/users/{name}/password", "set_password", &S::set_password, "Account", false,
            true),
      route("POST", "/v1/users/{name}/tokens", "issue_token", &S::issue_token, "Account", false,
            true),
      // The web UI (handlers_static.cc). Last, because "/{page}" takes every
      // one-segment path that no route above takes.
      route("GET", "/", "web_home", &S::web_home, "Service"),
      route("GET", "/assets/*", "web_asset", &S::web_asset, "Service"),
      route("GET", "/{page}", "web_page", &S::web_page, "Service"),
  };
  return table;
}

std::vector<RouteInfo> route_table() {
  std::vector<RouteInfo> out;
  for (const Route& r : routes()) {
    std::string path;
    // A last "*" is written as the parameter it fills, "{path}".
    for (const std::string& s : r.segments) path += "/" + (s == "*" ? std::string("{path}") : s);
    out.push_back(RouteInfo{r.method, path, r.operation});
  }
  return out;
}

}  // namespace trustgate::server
