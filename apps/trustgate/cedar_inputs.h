// Inputs the `trustgate cedar` commands share: schemas, policy files (with
// the Cedar CLI's naming by `@id` and its template-links file) and entities.
// Errors name the file they come from.
#pragma once

#include <string>

#include "cedar/entities.h"
#include "cedar/policy.h"
#include "cedar/result.h"
#include "cedar/schema.h"
#include "json/json_dom.h"

namespace trustgate::cli {

// An entity uid given as Cedar text (`User::"alice"`) or as JSON
// (`{"type": "User", "id": "alice"}`); errors start with `field`.
cedar::Result<cedar::EntityUid> uid_arg(cedar::json::Element el, const std::string& field);

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
