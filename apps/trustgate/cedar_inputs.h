// Inputs the `trustgate cedar` commands share: schemas, policy files (with
// the Cedar CLI's naming by `@id` and its template-links file) and entities.
// Errors name the file they come from.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cedar/entities.h"
#include "cedar/policy.h"
#include "cedar/request.h"
#include "cedar/result.h"
#include "cedar/schema.h"

namespace trustgate::cli {

// The request options of `cedar authorize` and `cedar evaluate`, as in the
// Cedar CLI: --request-json FILE, or --principal/--action/--resource (Cedar
// syntax) and --context FILE.
struct RequestArgs {
  std::string request_json;
  std::string principal;
  std::string action;
  std::string resource;
  std::string context;
};

// Adds --request-json, -l/--principal, -a/--action, -r/--resource and
// -c/--context to `cmd`.
void add_request_options(CLI::App& cmd, RequestArgs& a);

// The request the options name; the context is parsed against `schema` when
// not null. A uid that is not given is `fallback` (the Cedar CLI's
// evaluate leaves them unspecified); null `fallback` makes them required.
cedar::Result<cedar::Request> load_request(const RequestArgs& a, const cedar::Schema* schema,
                                           const cedar::EntityUid* fallback = nullptr);

// A schema: `format` is "cedar" or "json"; when empty, a `.json` file is read
// in the JSON format and anything else in the `.cedarschema` syntax.
cedar::Result<cedar::Schema> load_schema(const std::string& path, const std::string& format = "");

// The policies of `path` ("-": standard input), each named by its `@id`
// annotation when it has one (else "policyN" by position), then the links of
// `links_path` when not empty: a JSON array of
//   {"template_id": T, "link_id": L, "args": {"?principal": U, "?resource": U}}
// with each U an entity uid in Cedar syntax (`User::"alice"`) or as JSON.
cedar::Result<cedar::PolicySet> load_policies(const std::string& path,
                                              const std::string& links_path);

// --help text of the commands' --template-linked option.
inline constexpr const char* kTemplateLinkedHelp =
    "JSON file of template links (the Cedar CLI's format): [{\"template_id\": T, \"link_id\": L, "
    "\"args\": {\"?principal\": U, \"?resource\": U}}], U as `User::\"alice\"`; a linked "
    "policy's id is its link_id";

// The entities of `path` (none when empty), parsed against `schema` when not
// null; with a schema, its action entities (and their groups) are added.
cedar::Result<cedar::Entities> load_entities(const std::string& path, const cedar::Schema* schema);

}  // namespace trustgate::cli
