// The item runner: single checks against recorded answers of Cedar's
// reference implementation, one JSON object per line (JSON Lines). It holds
// what the integration-test layout cannot: inputs the reference refuses
// (entity stores, schemas, requests), parse acceptance and formatting. The
// differential tester (tools/difftest) writes these files, and the minimized
// regressions (tests/cedar/difftest/) use the same format.
//
// Each line: {"id": ID, "kind": K, ...inputs, "expect": {...}}. A text input
// is a JSON string, or {"file": PATH} with PATH relative to the items file's
// folder. Kinds and their inputs and expectations:
//   parse      policies                       expect {"ok"}
//   format     policies                       expect {"ok", "text"}
//              (agreement: both format or neither; trustgate's text and
//              the reference's each parse to the same policies as the
//              input. Layout may differ: byte-equal results are counted in
//              ItemReport::format_identical)
//   schema     schema[, schemaFormat]         expect {"ok"}
//   entities   entities[, schema]             expect {"ok"}
//   validate   policies, schema               expect {"ok"}  (no errors)
//   authorize  policies, entities[, schema], request {principal, action,
//              resource, context}[, validateRequest (default true)]
//              expect {"ok": false} (refused) or
//                     {"ok": true, "decision", "reason": [ids], "errors": [ids]}
// schemaFormat is "cedar" (default) or "json". Policies are named by
// position (policy0, policy1, ...), as the reference names a policy set
// given as text. With a schema, entities and context are parsed against it
// and the entities must conform to it, as the reference does.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cedar/result.h"
#include "cedar/validator.h"

namespace cedar::conformance {

struct ItemDisagreement {
  std::string id;
  std::string kind;
  std::string detail;  // what the reference answered and what trustgate did
};

struct ItemReport {
  std::map<std::string, size_t> total_by_kind;
  std::map<std::string, size_t> disagree_by_kind;
  std::vector<ItemDisagreement> disagreements;  // all of them
  size_t format_identical = 0;                  // format items whose text equals the reference's
  size_t total() const;
  size_t disagreements_count() const { return disagreements.size(); }
};

// Runs every item of the JSON Lines text `items`; `base_dir` resolves
// {"file": PATH} inputs. A line that is not a well-formed item is an error.
Result<ItemReport> run_items(const std::string& items, const std::string& base_dir,
                             const ValidationOptions& validation = {});

// Reads `path` and runs its items (base_dir is the file's folder).
Result<ItemReport> run_items_file(const std::string& path,
                                  const ValidationOptions& validation = {});

}  // namespace cedar::conformance
