// The unresolved schema form shared by both schema parsers, and the one
// resolver that turns it into a cedar::Schema.
//
// The text and JSON parsers only check syntax: they produce a RawSchema in
// which every type name is still written the way the user wrote it. Name
// resolution, common-type inlining, duplicate and reserved-name checks and
// the checks that every referenced entity type and action is declared all
// happen in build_schema, so both formats follow exactly the same rules.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/result.h"
#include "cedar/schema.h"

namespace cedar::schema {

// Where a raw element came from. Text parsers set `loc`; the JSON parser sets
// `path` (e.g. `App.entityTypes.User.shape`) and leaves `loc` unknown.
struct Origin {
  SourceLoc loc;
  std::string path;
};

// An error about the element at `where`: JSON errors start with the path,
// text errors carry the location.
Error error_at(const Origin& where, const std::string& message);

// What a written type name may resolve to.
enum class RefKind : uint8_t { Common, Entity, CommonOrEntity };

struct RawType;
using RawTypePtr = std::shared_ptr<const RawType>;

struct RawAttr {
  std::string name;
  RawTypePtr type;
  bool required = true;
  Origin origin;
};

// A type as written. `Ref` is a name still to be resolved (a common type, an
// entity type, a builtin such as `Long` or an extension type such as
// `ipaddr`); the JSON spellings "Boolean", "Long", "String", "Set", "Record"
// and "Extension" map to the other kinds directly.
struct RawType {
  enum class Kind : uint8_t { Bool, Long, String, Set, Record, Extension, Ref };
  Kind kind = Kind::Bool;
  RawTypePtr element;                     // Set
  std::vector<RawAttr> attributes;        // Record; parsers guarantee unique names
  std::string name;                       // Ref: name as written; Extension: its name
  RefKind ref = RefKind::CommonOrEntity;  // Ref
  Origin origin;
};

// An entity type name as written (a parent type, a principal or resource).
struct RawName {
  std::string name;
  Origin origin;
};

struct RawEntity {
  std::string name;  // unqualified
  Origin origin;
  std::vector<RawName> parents;
  RawTypePtr shape;  // null: empty record
  RawTypePtr tags;   // null: no tags
  std::optional<std::vector<std::string>> enum_ids;
};

// A reference to an action group. `type` is empty when the reference names
// no type (it then means `Action`, looked up in the current namespace first).
struct RawActionRef {
  std::string type;
  std::string id;
  Origin origin;
};

struct RawAction {
  std::string id;
  Origin origin;
  std::vector<RawActionRef> parents;
  bool has_applies_to = false;
  std::vector<RawName> principals;
  std::vector<RawName> resources;
  RawTypePtr context;  // null: empty record
};

struct RawCommon {
  std::string name;  // unqualified
  Origin origin;
  RawTypePtr type;
};

struct RawNamespace {
  std::string name;  // "" for the empty namespace, else "A" or "A::B"
  Origin origin;
  std::vector<RawEntity> entities;
  std::vector<RawAction> actions;
  std::vector<RawCommon> commons;
};

struct RawSchema {
  std::vector<RawNamespace> namespaces;
};

// Resolves every name, inlines common types and checks the schema's
// well-formedness (see schema_builder.cc for the rules).
Result<Schema> build_schema(const RawSchema& raw);

// Cedar identifier syntax: [_a-zA-Z][_a-zA-Z0-9]*, and not one of the words
// Cedar reserves (`if`, `true`, `in`, ...).
bool is_identifier(std::string_view s);
bool is_reserved_word(std::string_view s);
// One or more identifiers joined by `::`, with no whitespace.
bool is_path(std::string_view s);

}  // namespace cedar::schema
