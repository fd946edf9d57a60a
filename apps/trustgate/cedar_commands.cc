#include "cedar_commands.h"

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "cedar/authorizer.h"
#include "cedar/json.h"
#include "cedar/parser.h"
#include "cedar/schema.h"
#include "cedar/validator.h"
#include "cedar_inputs.h"
#include "cli_util.h"
#include "trustgate/common/json.h"

namespace trustgate::cli {

namespace {

constexpr int kExitDeny = 2;
struct AuthorizeArgs {
  std::string policies;
  std::string template_linked;
  std::string entities;
  std::string schema;
  RequestArgs request;
  bool verbose = false;
  bool json = false;
};

struct AuthorizeInputs {
  cedar::PolicySet policies;
  cedar::Entities entities;
  cedar::Request request;
};

// With a schema, the request and the entities must conform to it, as in the
// Cedar CLI.
cedar::Status check_against_schema(const cedar::Schema& schema, const AuthorizeArgs& a,
                                   const AuthorizeInputs& in) {
  cedar::Validator validator(schema);
  if (cedar::Status s = validator.validate_request(in.request); !s) {
    return cedar::Error{"the request does not conform to the schema: " + s.error().message};
  }
  if (cedar::Status s = validator.validate_entities(in.entities); !s) {
    return cedar::Error{(a.entities.empty() ? "entities" : a.entities) +
                        ": the entities do not conform to the schema: " + s.error().message};
  }
  return cedar::Status::Ok();
}

cedar::Result<AuthorizeInputs> load_inputs(const AuthorizeArgs& a) {
  auto policies = load_policies(a.policies, a.template_linked);
  if (!policies) return policies.error();
  std::optional<cedar::Schema> schema;
  if (!a.schema.empty()) {
    auto s = load_schema(a.schema);
    if (!s) return s.error();
    schema = std::move(*s);
  }
  const cedar::Schema* sp = schema ? &*schema : nullptr;
  auto request = load_request(a.request, sp);
  if (!request) return cedar::Error{"request: " + request.error().describe()};
  auto entities = load_entities(a.entities, sp);
  if (!entities) return entities.error();
  AuthorizeInputs in{std::move(*policies), std::move(*entities), std::move(*request)};
  if (schema) {
    if (cedar::Status s = check_against_schema(*schema, a, in); !s) return s.error();
  }
  return in;
}

// The reasons and errors in the policy set's order (the authorizer reports
// them in its index's order).
void sort_by_position(cedar::Response& resp, const cedar::PolicySet& set) {
  std::unordered_map<std::string_view, size_t> pos;
  for (size_t i = 0; i < set.policies().size(); ++i) pos.emplace(set.policies()[i].id, i);
  std::stable_sort(resp.reason.begin(), resp.reason.end(),
                   [&](const std::string& x, const std::string& y) { return pos[x] < pos[y]; });
  std::stable_sort(resp.errors.begin(), resp.errors.end(), [&](const auto& x, const auto& y) {
    return pos[x.policy_id] < pos[y.policy_id];
  });
}

void print_json(const cedar::Response& resp) {
  common::Json out = common::Json::object();
  out.set("decision", resp.decision == cedar::Decision::Allow ? "allow" : "deny");
  common::Json& reason = out.set("reason", common::Json::array());
  for (const auto& id : resp.reason) reason.push(id);
  common::Json& errors = out.set("errors", common::Json::array());
  for (const auto& e : resp.errors) {
    common::Json err = common::Json::object();
    err.set("policy", e.policy_id);
    err.set("message", e.message);
    errors.push(std::move(err));
  }
  std::cout << out.canonical() << "\n";
}

// " (FILE:LINE:COLUMN)" of a policy, for --verbose.
std::string where(const AuthorizeArgs& a, const cedar::PolicySet& set, const std::string& id) {
  const cedar::Policy* p = set.find(id);
  if (!a.verbose || !p) return "";
  return " (" + a.policies + ":" + std::to_string(p->loc.line) + ":" +
         std::to_string(p->loc.column) + ")";
}

void print_text(const AuthorizeArgs& a, const cedar::PolicySet& set, const cedar::Response& resp) {
  bool allow = resp.decision == cedar::Decision::Allow;
  std::cout << (allow ? "ALLOW" : "DENY") << "\n";
  for (const auto& id : resp.reason) std::cout << "  reason: " << id << where(a, set, id) << "\n";
  if (resp.reason.empty()) std::cout << "  reason: none (no permit policy applies)\n";
  for (const auto& e : resp.errors) {
    std::cout << "  error in " << e.policy_id << where(a, set, e.policy_id) << ": " << e.message
              << "\n";
  }
}

int run_authorize(const AuthorizeArgs& a) {
  auto in = load_inputs(a);
  if (!in) return fail(in.error());
  cedar::Authorizer authz(in->policies);
  cedar::Response resp = authz.authorize(in->request, in->entities);
  sort_by_position(resp, in->policies);
  if (a.json) {
    print_json(resp);
  } else {
    print_text(a, in->policies, resp);
  }
  return resp.decision == cedar::Decision::Allow ? kExitOk : kExitDeny;
}

void add_authorize(CLI::App& cedar, int& exit_code) {
  auto a = std::make_shared<AuthorizeArgs>();
  CLI::App* cmd = cedar.add_subcommand(
      "authorize",
      "Authorize a request: prints ALLOW or DENY with the determining policies and the policies "
      "that errored; exit 0 allow, 2 deny, 1 error");
  auto* policies = cmd->add_option("-p,--policies", a->policies,
                                   "Cedar policy file (required); a policy's id is its @id "
                                   "annotation, else policyN by position");
  cmd->add_option("--template-linked", a->template_linked, kTemplateLinkedHelp);
  cmd->add_option("--entities", a->entities, "Entities JSON file");
  cmd->add_option("-s,--schema", a->schema,
                  "Schema (.cedarschema, or .json for the JSON format): the request, context and "
                  "entities are checked against it and its actions are added to the entities");
  add_request_options(*cmd, a->request);
  cmd->add_flag("-v,--verbose", a->verbose,
                "Also print where each policy named is (FILE:LINE:COL)");
  cmd->add_flag("--json", a->json,
                "Print one JSON object: {\"decision\", \"reason\": [ids], \"errors\": "
                "[{\"policy\", \"message\"}]}");
  cmd->callback([a, policies, &exit_code] {
    require_options({policies});
    const RequestArgs& r = a->request;
    if (r.request_json.empty() && (r.principal.empty() || r.action.empty() || r.resource.empty())) {
      std::cerr
          << "trustgate: give --request-json, or all of --principal, --action and --resource\n";
      exit_code = kExitError;
      return;
    }
    exit_code = run_authorize(*a);
  });
}

void add_check_parse(CLI::App& cedar, int& exit_code) {
  auto path = std::make_shared<std::string>("-");
  auto links = std::make_shared<std::string>();
  CLI::App* cmd = cedar.add_subcommand(
      "check-parse",
      "Check that a policy file parses (and that its policy ids are unique); exit 0 if it does, "
      "1 otherwise");
  cmd->add_option("-p,--policies", *path, "Cedar policy file (default: standard input)");
  cmd->add_option("--template-linked", *links, kTemplateLinkedHelp);
  cmd->callback([path, links, &exit_code] {
    auto ps = load_policies(*path, *links);
    if (!ps) {
      exit_code = fail(ps.error());
      return;
    }
    size_t n = ps->policies().size() + ps->templates().size();
    std::cout << "parsed " << n << " polic" << (n == 1 ? "y" : "ies") << "\n";
    exit_code = kExitOk;
  });
}

}  // namespace

void add_evaluate(CLI::App& cedar, int& exit_code);     // cedar_evaluate.cc
void add_test_corpus(CLI::App& cedar, int& exit_code);  // cedar_test_corpus.cc
void add_test_items(CLI::App& cedar, int& exit_code);   // cedar_test_corpus.cc
// cedar_format.cc
void add_format(CLI::App& cedar, int& exit_code);
void add_validate(CLI::App& cedar, int& exit_code);  // cedar_validate.cc

void add_cedar_commands(CLI::App& app, int& exit_code) {
  CLI::App* cedar = app.add_subcommand("cedar", "The Cedar policy engine");
  cedar->require_subcommand(1);
  add_authorize(*cedar, exit_code);
  add_check_parse(*cedar, exit_code);
  add_evaluate(*cedar, exit_code);
  add_format(*cedar, exit_code);
  add_test_corpus(*cedar, exit_code);
  add_test_items(*cedar, exit_code);
  add_validate(*cedar, exit_code);
}

}  // namespace trustgate::cli
