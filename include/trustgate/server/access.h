// AccessPolicy: the service's access rules, a Cedar policy
// (policies/_service/access.cedar, in the data directory) over its schema
// (access.cedarschema), evaluated by trustgate's own engine on every call.
//
// The principal is User::"<user id>" with role, agency and jurisdiction (an
// anonymous caller is User::"anonymous", role "public"); the action is the
// operation id; the resource is an entity of the operation's kind — a Case
// with its agency and jurisdiction, or Service, Jurisdiction, Report,
// Ledger, Account.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"
#include "cedar/authorizer.h"
#include "cedar/policy.h"
#include "trustgate/accounts/accounts.h"

namespace trustgate::server {

// The caller of one request.
struct Caller {
  accounts::User user;  // id "anonymous", role "public" when not signed in
  bool anonymous = true;
  bool by_session = false;  // signed in with the session cookie (CSRF applies)
  std::string csrf;         // the session's CSRF token
};

Caller anonymous_caller();

// What an operation acts on.
struct Resource {
  std::string type = "Service";  // Case, Service, Jurisdiction, Report, Ledger, Account
  std::string id = "trustgate";
  std::string agency, jurisdiction;  // for a Case
};

class AccessPolicy {
 public:
  // Loads and validates access.cedar against access.cedarschema in `dir`.
  static base::Result<std::unique_ptr<AccessPolicy>> load(const std::filesystem::path& dir);

  // The answer is a function of the caller's id, role, agency and
  // jurisdiction, the operation and the resource (the policy does not
  // change while loaded): answers for a resource other than a Case are
  // remembered under all of these, so a repeated call evaluates nothing.
  // Disabling a user or revoking a token acts on who the caller is
  // (identify), before this.
  bool allows(const Caller& caller, std::string_view operation, const Resource& resource) const;

 private:
  AccessPolicy() = default;
  bool evaluate(const Caller& caller, std::string_view operation, const Resource& resource) const;

  cedar::PolicySet policies_;
  std::unique_ptr<cedar::Authorizer> authorizer_;
  mutable std::mutex cache_mu_;
  mutable std::unordered_map<std::string, bool> cache_;  // key: the inputs, NUL-separated
};

}  // namespace trustgate::server
