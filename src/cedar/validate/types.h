// The validator's types: Cedar's strict-mode type lattice.
//
// A type is one of: Bool (with the singleton refinements True and False),
// Long, String, Entity<T> for one entity type T, Set<T>, a closed Record of
// required or optional attributes, or an extension type (decimal, ipaddr,
// datetime, duration). Types are immutable and shared through TypePtr.
//
// In strict mode the least upper bound (lub) is narrow: True and False join
// to Bool, sets join element-wise, records join only when they have the same
// attribute names with the same required/optional qualifiers, and every other
// pair of types joins only when they are equal. In particular two different
// entity types have no lub.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "cedar/schema.h"

namespace cedar::validate {

enum class BoolKind : uint8_t { Any, True, False };

struct Type;
using TypePtr = std::shared_ptr<const Type>;

struct QualType {
  TypePtr type;
  bool required = true;
};
using RecordType = std::map<std::string, QualType>;

struct Type {
  enum class Kind : uint8_t { Bool, Long, String, Entity, Set, Record, Extension };
  Kind kind = Kind::Bool;
  BoolKind bool_kind = BoolKind::Any;  // Bool
  std::string name;                    // Entity: type name; Extension: "decimal", ...
  TypePtr element;                     // Set
  RecordType attrs;                    // Record

  bool is_bool() const { return kind == Kind::Bool; }
  bool is_true() const { return kind == Kind::Bool && bool_kind == BoolKind::True; }
  bool is_false() const { return kind == Kind::Bool && bool_kind == BoolKind::False; }
  bool is_entity() const { return kind == Kind::Entity; }
  bool is_set() const { return kind == Kind::Set; }
  bool is_record() const { return kind == Kind::Record; }
  bool is_extension(const char* ext) const { return kind == Kind::Extension && name == ext; }
};

TypePtr bool_type(BoolKind k = BoolKind::Any);
TypePtr singleton_bool(bool b);
TypePtr long_type();
TypePtr string_type();
TypePtr entity_type(std::string name);
TypePtr set_type(TypePtr element);
TypePtr record_type(RecordType attrs);
TypePtr extension_type(std::string name);

// Structural equality (True, False and Bool are three different types).
bool type_equal(const Type& a, const Type& b);

// The least upper bound of a and b, or null when they have none.
TypePtr lub(const TypePtr& a, const TypePtr& b);

// a is a subtype of b: their lub exists and equals b.
bool is_subtype(const TypePtr& a, const TypePtr& b);

// Readable form for messages: "Bool", "True", "Long", "Entity<User>",
// "Set<Long>", "{a: Long, b?: String}", "decimal".
std::string type_to_string(const Type& t);

// A schema type as a validator type (booleans become Bool).
TypePtr from_schema_type(const SchemaType& t);
RecordType record_from_schema(const SchemaTypePtr& record);

}  // namespace cedar::validate
