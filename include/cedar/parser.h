// Parsing Cedar policy text.
//
// Errors carry the line and column of the offending token and say what was
// expected, e.g. "3:14: expected `)` after the scope, found `when`".
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "cedar/expr.h"
#include "cedar/policy.h"
#include "cedar/result.h"

namespace cedar {

// Parses a sequence of policies and templates. Each gets the id "policyN",
// N counting from 0 in source order (templates included).
Result<std::vector<Policy>> parse_policies(std::string_view text);

// How parse_policy_set names the policies: by position ("policyN", as
// Cedar's integration tests expect), or by their `@id` annotations where
// present (as the Cedar CLI does; see rename_from_id_annotations).
enum class PolicyIds : uint8_t { Positional, FromIdAnnotation };

// Parses the policies into a PolicySet (static policies and templates).
Result<PolicySet> parse_policy_set(std::string_view text, PolicyIds ids = PolicyIds::Positional);

// Parses exactly one policy or template (id "policy0").
Result<Policy> parse_policy(std::string_view text);

// Parses one expression.
Result<ExprPtr> parse_expr(std::string_view text);

// Parses an entity uid in source form, e.g. `App::User::"alice"`.
Result<EntityUid> parse_entity_uid(std::string_view text);

// Parses a `like` pattern body (the text between the quotes, with Cedar's
// escapes: `\*` is a literal star).
Result<Pattern> parse_pattern(std::string_view quoted_body);

// True when `s` is a valid Cedar identifier (and not a reserved word, if
// `allow_reserved` is false).
bool is_identifier(std::string_view s, bool allow_reserved = false);

}  // namespace cedar
