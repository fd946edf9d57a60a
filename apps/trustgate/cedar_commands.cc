#include "cedar_commands.h"

#include <iostream>
#include <memory>

#include "cedar/authorizer.h"
#include "cedar/json.h"
#include "cedar/parser.h"
#include "cedar/schema.h"
#include "cli_util.h"
#include "json/json_dom.h"

namespace trustgate::cli {

namespace {

constexpr int kExitDeny = 2;

struct AuthorizeArgs {
  std::string policies;
  std::string entities;
  std::string schema;
  std::string request_json;
  std::string principal;
  std::string action;
  std::string resource;
  std::string context;
  bool verbose = false;
};

cedar::Result<cedar::Schema> load_schema(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  bool json = path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0;
  return json ? cedar::parse_schema_json(*text) : cedar::parse_schema_text(*text);
}

// An entity uid given as Cedar text (`User::"alice"`) or as JSON.
cedar::Result<cedar::EntityUid> uid_arg(cedar::json::Element el, const char* field) {
  std::string_view text;
  if (!el.get_string().get(text)) {
    auto uid = cedar::parse_entity_uid(text);
    if (!uid) return cedar::Error{std::string(field) + ": " + uid.error().describe()};
    return uid;
  }
  return cedar::json::uid_from_dom(el, field);
}

// Reads the request from --request-json or from the individual flags.
cedar::Result<cedar::Request> load_request(const AuthorizeArgs& a, const cedar::Schema* schema) {
  cedar::Request req;
  simdjson::dom::parser parser;
  if (!a.request_json.empty()) {
    auto text = read_file(a.request_json);
    if (!text) return text.error();
    auto el = cedar::json::parse_dom(parser, *text);
    if (!el) return cedar::Error{a.request_json + ": " + el.error().message};
    cedar::json::Element p, ac, r, c;
    if ((*el)["principal"].get(p) || (*el)["action"].get(ac) || (*el)["resource"].get(r)) {
      return cedar::Error{a.request_json + ": needs `principal`, `action` and `resource`"};
    }
    auto pu = uid_arg(p, "principal");
    if (!pu) return pu.error();
    auto au = uid_arg(ac, "action");
    if (!au) return au.error();
    auto ru = uid_arg(r, "resource");
    if (!ru) return ru.error();
    req = {*pu, *au, *ru, cedar::Value::record({})};
    if (!(*el)["context"].get(c)) {
      auto ctx = cedar::json::context_from_dom(c, schema, req.action);
      if (!ctx) return ctx.error();
      req.context = *ctx;
    }
    return req;
  }
  auto pu = cedar::parse_entity_uid(a.principal);
  if (!pu) return cedar::Error{"--principal: " + pu.error().describe()};
  auto au = cedar::parse_entity_uid(a.action);
  if (!au) return cedar::Error{"--action: " + au.error().describe()};
  auto ru = cedar::parse_entity_uid(a.resource);
  if (!ru) return cedar::Error{"--resource: " + ru.error().describe()};
  req = {*pu, *au, *ru, cedar::Value::record({})};
  if (!a.context.empty()) {
    auto text = read_file(a.context);
    if (!text) return text.error();
    auto ctx = cedar::parse_context_json(*text, schema, req.action);
    if (!ctx) return cedar::Error{a.context + ": " + ctx.error().message};
    req.context = *ctx;
  }
  return req;
}

int run_authorize(const AuthorizeArgs& a) {
  auto policy_text = read_file(a.policies);
  if (!policy_text) return fail("--policies", policy_text.error());
  auto policies = cedar::parse_policy_set(*policy_text);
  if (!policies) return fail(a.policies, policies.error());
  std::unique_ptr<cedar::Schema> schema;
  if (!a.schema.empty()) {
    auto s = load_schema(a.schema);
    if (!s) return fail(a.schema, s.error());
    schema = std::make_unique<cedar::Schema>(std::move(*s));
  }
  cedar::Entities entities;
  if (!a.entities.empty()) {
    auto text = read_file(a.entities);
    if (!text) return fail("--entities", text.error());
    auto e = cedar::parse_entities_json(*text, schema.get());
    if (!e) return fail(a.entities, e.error());
    entities = std::move(*e);
  }
  auto request = load_request(a, schema.get());
  if (!request) return fail("request", request.error());
  cedar::Authorizer authz(*policies);
  cedar::Response resp = authz.authorize(*request, entities);
  bool allow = resp.decision == cedar::Decision::Allow;
  std::cout << (allow ? "ALLOW" : "DENY") << "\n";
  if (a.verbose || !resp.errors.empty()) {
    for (const auto& id : resp.reason) std::cout << "  reason: " << id << "\n";
    for (const auto& e : resp.errors)
      std::cout << "  error in " << e.policy_id << ": " << e.message << "\n";
  }
  return allow ? kExitOk : kExitDeny;
}

void add_authorize(CLI::App& cedar, int& exit_code) {
  auto a = std::make_shared<AuthorizeArgs>();
  CLI::App* cmd = cedar.add_subcommand(
      "authorize", "Authorize a request: prints ALLOW or DENY; exit 0 allow, 2 deny, 1 error");
  cmd->add_option("-p,--policies", a->policies, "Cedar policy file")->required();
  cmd->add_option("--entities", a->entities, "Entities JSON file");
  cmd->add_option("-s,--schema", a->schema, "Schema (.cedarschema, or .json for the JSON format)");
  auto* rj = cmd->add_option("--request-json", a->request_json,
                             "JSON file with principal, action, resource and context");
  cmd->add_option("-l,--principal", a->principal, "Principal, e.g. 'User::\"alice\"'")
      ->excludes(rj);
  cmd->add_option("-a,--action", a->action, "Action, e.g. 'Action::\"view\"'")->excludes(rj);
  cmd->add_option("-r,--resource", a->resource, "Resource entity uid")->excludes(rj);
  cmd->add_option("-c,--context", a->context, "Context JSON file")->excludes(rj);
  cmd->add_flag("-v,--verbose", a->verbose, "Also print the determining policies");
  cmd->callback([a, &exit_code] {
    if (a->request_json.empty() &&
        (a->principal.empty() || a->action.empty() || a->resource.empty())) {
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
  CLI::App* cmd = cedar.add_subcommand(
      "check-parse", "Check that a policy file parses; exit 0 if it does, 1 otherwise");
  cmd->add_option("-p,--policies", *path, "Cedar policy file (default: standard input)");
  cmd->callback([path, &exit_code] {
    auto text = read_file(*path);
    if (!text) {
      exit_code = fail(*path, text.error());
      return;
    }
    auto ps = cedar::parse_policies(*text);
    if (!ps) {
      exit_code = fail(*path == "-" ? "<stdin>" : *path, ps.error());
      return;
    }
    std::cout << "parsed " << ps->size() << " polic" << (ps->size() == 1 ? "y" : "ies") << "\n";
    exit_code = kExitOk;
  });
}

}  // namespace

void add_test_corpus(CLI::App& cedar, int& exit_code);
// cedar_format.cc
void add_format(CLI::App& cedar, int& exit_code);
void add_validate(CLI::App& cedar, int& exit_code);  // cedar_validate.cc

void add_cedar_commands(CLI::App& app, int& exit_code) {
  CLI::App* cedar = app.add_subcommand("cedar", "The Cedar policy engine");
  cedar->require_subcommand(1);
  add_authorize(*cedar, exit_code);
  add_check_parse(*cedar, exit_code);
  add_format(*cedar, exit_code);
  add_test_corpus(*cedar, exit_code);
  add_validate(*cedar, exit_code);
}

}  // namespace trustgate::cli
