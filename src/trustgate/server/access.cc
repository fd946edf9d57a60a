#include "trustgate/server/access.h"

#include "base/storage.h"
#include "cedar/parser.h"
#include "cedar/schema.h"
#include "cedar/validator.h"

namespace trustgate::server {

namespace {

cedar::Value str(const std::string& s) { return cedar::Value::string(s); }

constexpr size_t kMaxCachedAnswers = 4096;  // the cache starts over beyond this

}  // namespace

Caller anonymous_caller() {
  Caller c;
  c.user.id = "anonymous";
  c.user.name = "anonymous";
  c.user.role = "public";
  return c;
}

base::Result<std::unique_ptr<AccessPolicy>> AccessPolicy::load(const std::filesystem::path& dir) {
  auto schema_text = base::read_file(dir / "access.cedarschema");
  if (!schema_text) return schema_text.error();
  auto schema = cedar::parse_schema_text(*schema_text);
  if (!schema) return base::Error{"access.cedarschema: " + schema.error().describe()};
  auto text = base::read_file(dir / "access.cedar");
  if (!text) return text.error();
  auto set = cedar::parse_policy_set(*text, cedar::PolicyIds::FromIdAnnotation);
  if (!set) return base::Error{"access.cedar: " + set.error().describe()};
  cedar::ValidationResult v = cedar::validate_policies(*schema, *set);
  if (!v.passed()) {
    const auto& e = v.errors.front();
    return base::Error{"access.cedar:" + std::to_string(e.loc.line) + ":" +
                       std::to_string(e.loc.column) + ": policy " + e.policy_id +
                       " does not validate against access.cedarschema: " + e.message};
  }
  std::unique_ptr<AccessPolicy> p(new AccessPolicy());
  p->policies_ = std::move(*set);
  p->authorizer_ = std::make_unique<cedar::Authorizer>(p->policies_);
  return p;
}

bool AccessPolicy::allows(const Caller& caller, std::string_view operation,
                          const Resource& resource) const {
  // A Case's id is new with each case: those answers are not kept.
  if (resource.type == "Case") return evaluate(caller, operation, resource);
  std::string key;
  for (std::string_view part :
       {std::string_view(caller.user.id), std::string_view(caller.user.role),
        std::string_view(caller.user.agency), std::string_view(caller.user.jurisdiction), operation,
        std::string_view(resource.type), std::string_view(resource.id)}) {
    key += part;
    key += '\0';
  }
  {
    std::lock_guard lk(cache_mu_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  const bool allowed = evaluate(caller, operation, resource);
  std::lock_guard lk(cache_mu_);
  if (cache_.size() >= kMaxCachedAnswers) cache_.clear();
  cache_.emplace(std::move(key), allowed);
  return allowed;
}

bool AccessPolicy::evaluate(const Caller& caller, std::string_view operation,
                            const Resource& resource) const {
  cedar::Entities entities;
  cedar::Entity user{cedar::EntityUid{"User", caller.user.id},
                     {{"agency", str(caller.user.agency)},
                      {"jurisdiction", str(caller.user.jurisdiction)},
                      {"role", str(caller.user.role)}},
                     {},
                     {},
                     {}};
  cedar::Entity target{cedar::EntityUid{resource.type, resource.id}, {}, {}, {}, {}};
  if (resource.type == "Case") {
    target.attrs = {{"agency", str(resource.agency)}, {"jurisdiction", str(resource.jurisdiction)}};
  }
  (void)entities.add(std::move(user));
  (void)entities.add(std::move(target));
  // Neither entity has parents, so there is no cycle; fail closed all the same.
  if (!entities.finalize()) return false;
  cedar::Request request{cedar::EntityUid{"User", caller.user.id},
                         cedar::EntityUid{"Action", std::string(operation)},
                         cedar::EntityUid{resource.type, resource.id}, cedar::Value::record({})};
  return authorizer_->authorize(request, entities).decision == cedar::Decision::Allow;
}

}  // namespace trustgate::server
