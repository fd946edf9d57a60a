// The strict-mode type lattice (validate/types.h).
#include "validate/types.h"

#include <utility>

namespace cedar::validate {

namespace {

TypePtr make(Type t) { return std::make_shared<const Type>(std::move(t)); }

// Strict record lub: same attribute names, same qualifiers, attribute types
// joined pairwise.
TypePtr lub_record(const RecordType& a, const RecordType& b) {
  if (a.size() != b.size()) return nullptr;
  RecordType out;
  auto ib = b.begin();
  for (auto ia = a.begin(); ia != a.end(); ++ia, ++ib) {
    if (ia->first != ib->first || ia->second.required != ib->second.required) return nullptr;
    TypePtr t = lub(ia->second.type, ib->second.type);
    if (!t) return nullptr;
    out.emplace(ia->first, QualType{std::move(t), ia->second.required});
  }
  return record_type(std::move(out));
}

}  // namespace

TypePtr bool_type(BoolKind k) {
  static const TypePtr any = make(Type{Type::Kind::Bool, BoolKind::Any, {}, {}, {}});
  static const TypePtr tt = make(Type{Type::Kind::Bool, BoolKind::True, {}, {}, {}});
  static const TypePtr ff = make(Type{Type::Kind::Bool, BoolKind::False, {}, {}, {}});
  return k == BoolKind::Any ? any : k == BoolKind::True ? tt : ff;
}

TypePtr singleton_bool(bool b) { return bool_type(b ? BoolKind::True : BoolKind::False); }

TypePtr long_type() {
  static const TypePtr t = make(Type{Type::Kind::Long, BoolKind::Any, {}, {}, {}});
  return t;
}

TypePtr string_type() {
  static const TypePtr t = make(Type{Type::Kind::String, BoolKind::Any, {}, {}, {}});
  return t;
}

TypePtr entity_type(std::string name) {
  return make(Type{Type::Kind::Entity, BoolKind::Any, std::move(name), {}, {}});
}

TypePtr set_type(TypePtr element) {
  return make(Type{Type::Kind::Set, BoolKind::Any, {}, std::move(element), {}});
}

TypePtr record_type(RecordType attrs) {
  return make(Type{Type::Kind::Record, BoolKind::Any, {}, {}, std::move(attrs)});
}

TypePtr extension_type(std::string name) {
  return make(Type{Type::Kind::Extension, BoolKind::Any, std::move(name), {}, {}});
}

bool type_equal(const Type& a, const Type& b) {
  if (&a == &b) return true;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Type::Kind::Bool:
      return a.bool_kind == b.bool_kind;
    case Type::Kind::Long:
    case Type::Kind::String:
      return true;
    case Type::Kind::Entity:
    case Type::Kind::Extension:
      return a.name == b.name;
    case Type::Kind::Set:
      return type_equal(*a.element, *b.element);
    case Type::Kind::Record: {
      if (a.attrs.size() != b.attrs.size()) return false;
      auto ib = b.attrs.begin();
      for (auto ia = a.attrs.begin(); ia != a.attrs.end(); ++ia, ++ib) {
        if (ia->first != ib->first || ia->second.required != ib->second.required ||
            !type_equal(*ia->second.type, *ib->second.type)) {
          return false;
        }
      }
      return true;
    }
  }
  return false;
}

TypePtr lub(const TypePtr& a, const TypePtr& b) {
  if (a->kind != b->kind) return nullptr;
  switch (a->kind) {
    case Type::Kind::Bool:
      return a->bool_kind == b->bool_kind ? a : bool_type(BoolKind::Any);
    case Type::Kind::Set: {
      TypePtr elem = lub(a->element, b->element);
      if (!elem) return nullptr;
      return set_type(std::move(elem));
    }
    case Type::Kind::Record:
      return lub_record(a->attrs, b->attrs);
    default:
      return type_equal(*a, *b) ? a : nullptr;
  }
}

bool is_subtype(const TypePtr& a, const TypePtr& b) {
  TypePtr j = lub(a, b);
  return j && type_equal(*j, *b);
}

std::string type_to_string(const Type& t) {
  switch (t.kind) {
    case Type::Kind::Bool:
      return t.bool_kind == BoolKind::Any    ? "Bool"
             : t.bool_kind == BoolKind::True ? "True"
                                             : "False";
    case Type::Kind::Long:
      return "Long";
    case Type::Kind::String:
      return "String";
    case Type::Kind::Entity:
      return "Entity<" + t.name + ">";
    case Type::Kind::Extension:
      return t.name;
    case Type::Kind::Set:
      return "Set<" + type_to_string(*t.element) + ">";
    case Type::Kind::Record: {
      std::string s = "{";
      for (const auto& [name, q] : t.attrs) {
        if (s.size() > 1) s += ", ";
        s += name + (q.required ? ": " : "?: ") + type_to_string(*q.type);
      }
      return s + "}";
    }
  }
  return "?";
}

TypePtr from_schema_type(const SchemaType& t) {
  switch (t.kind) {
    case SchemaType::Kind::Bool:
      return bool_type();
    case SchemaType::Kind::Long:
      return long_type();
    case SchemaType::Kind::String:
      return string_type();
    case SchemaType::Kind::Entity:
      return entity_type(t.name);
    case SchemaType::Kind::Extension:
      return extension_type(t.name);
    case SchemaType::Kind::Set:
      return set_type(from_schema_type(*t.element));
    case SchemaType::Kind::Record: {
      RecordType attrs;
      for (const auto& [name, a] : t.attributes) {
        attrs.emplace(name, QualType{from_schema_type(*a.type), a.required});
      }
      return record_type(std::move(attrs));
    }
  }
  return bool_type();
}

RecordType record_from_schema(const SchemaTypePtr& record) {
  if (!record) return {};
  TypePtr t = from_schema_type(*record);
  return t->is_record() ? t->attrs : RecordType{};
}

}  // namespace cedar::validate
