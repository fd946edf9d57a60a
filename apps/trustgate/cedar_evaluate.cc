// `trustgate cedar evaluate EXPRESSION`: evaluates one Cedar expression in a
// request, as the Cedar CLI's `evaluate` does, and prints its value in Cedar
// syntax (`true`, `"good"`, `User::"alice"`, `decimal("1.5000")`).
//
//   trustgate cedar evaluate [--request-json FILE | -l P -a A -r R [-c FILE]]
//                            [--entities FILE] [-s SCHEMA] EXPRESSION
//
// The request is optional: an expression that uses `principal`, `action`
// or `resource` needs that uid given, and the context is the empty record
// unless given. With a schema, the context and entities are parsed against
// it and, when the whole request is given, the request must conform to it.
// Exit 0 with the value; 1 on an input error or an evaluation error.
#include <iostream>
#include <memory>
#include <optional>

#include "cedar/evaluator.h"
#include "cedar/parser.h"
#include "cedar/validator.h"
#include "cedar_commands.h"
#include "cedar_inputs.h"
#include "cli_util.h"

namespace trustgate::cli {

namespace {

struct EvaluateArgs {
  std::string expression;
  std::string entities;
  std::string schema;
  RequestArgs request;
};

// The first of principal, action and resource that `e` uses and the
// arguments do not give, or nullptr.
const char* missing_variable(const cedar::Expr& e, const RequestArgs& a) {
  if (e.kind == cedar::Expr::Kind::Variable && a.request_json.empty()) {
    if (e.var == cedar::Var::Principal && a.principal.empty()) return "principal";
    if (e.var == cedar::Var::Action && a.action.empty()) return "action";
    if (e.var == cedar::Var::Resource && a.resource.empty()) return "resource";
  }
  for (const auto& arg : e.args) {
    if (const char* v = missing_variable(*arg, a)) return v;
  }
  return nullptr;
}

bool whole_request(const RequestArgs& a) {
  return !a.request_json.empty() ||
         (!a.principal.empty() && !a.action.empty() && !a.resource.empty());
}

int run_evaluate(const EvaluateArgs& a) {
  auto expr = cedar::parse_expr(a.expression);
  if (!expr) return fail("expression", expr.error());
  if (const char* v = missing_variable(**expr, a.request)) {
    return fail(cedar::Error{std::string("the expression uses `") + v + "`: give --" + v +
                             " or --request-json"});
  }
  std::optional<cedar::Schema> schema;
  if (!a.schema.empty()) {
    auto s = load_schema(a.schema);
    if (!s) return fail(s.error());
    schema = std::move(*s);
  }
  const cedar::Schema* sp = schema ? &*schema : nullptr;
  // A uid not given is never looked at (missing_variable checked that).
  const cedar::EntityUid unspecified{"__trustgate::Unspecified", ""};
  auto request = load_request(a.request, sp, &unspecified);
  if (!request) return fail(cedar::Error{"request: " + request.error().describe()});
  auto entities = load_entities(a.entities, sp);
  if (!entities) return fail(entities.error());
  if (sp) {
    cedar::Validator validator(*sp);
    if (whole_request(a.request)) {
      if (cedar::Status s = validator.validate_request(*request); !s) {
        return fail(
            cedar::Error{"the request does not conform to the schema: " + s.error().message});
      }
    }
    if (cedar::Status s = validator.validate_entities(*entities); !s) {
      return fail(cedar::Error{"the entities do not conform to the schema: " + s.error().message});
    }
  }
  cedar::Evaluator evaluator(*request, *entities);
  auto value = evaluator.evaluate(**expr);
  if (!value) return fail(cedar::Error{"evaluation error: " + value.error().message});
  std::cout << value->to_string() << "\n";
  return kExitOk;
}

}  // namespace

void add_evaluate(CLI::App& cedar, int& exit_code) {
  auto a = std::make_shared<EvaluateArgs>();
  CLI::App* cmd = cedar.add_subcommand(
      "evaluate",
      "Evaluate a Cedar expression in a request and print its value in Cedar syntax; exit 0 with "
      "a value, 1 on an error (evaluation errors included)");
  cmd->add_option("EXPRESSION", a->expression, "The Cedar expression, e.g. 'principal.age > 18'")
      ->required();
  add_request_options(*cmd, a->request);
  cmd->add_option("--entities", a->entities, "Entities JSON file");
  cmd->add_option("-s,--schema", a->schema,
                  "Schema (.cedarschema, or .json): the context and entities are parsed against "
                  "it, the request (when whole) and entities must conform, and its actions are "
                  "added to the entities");
  cmd->callback([a, &exit_code] { exit_code = run_evaluate(*a); });
}

}  // namespace trustgate::cli
