// Test helpers for the schema parsers: parse-or-fail wrappers and a
// canonical text dump of a Schema, so two models compare as strings (with a
// readable diff when they differ).
#pragma once

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "cedar/schema.h"

namespace cedar::schema_test {

inline std::string dump_type(const SchemaTypePtr& t) {
  using K = SchemaType::Kind;
  if (!t) return "none";
  switch (t->kind) {
    case K::Bool:
      return "Bool";
    case K::Long:
      return "Long";
    case K::String:
      return "String";
    case K::Set:
      return "Set<" + dump_type(t->element) + ">";
    case K::Entity:
      return "Entity<" + t->name + ">";
    case K::Extension:
      return "Extension<" + t->name + ">";
    case K::Record: {
      std::string s = "{";
      for (const auto& [name, attr] : t->attributes) {
        if (s.size() > 1) s += ", ";
        s += name + (attr.required ? ": " : "?: ") + dump_type(attr.type);
      }
      return s + "}";
    }
  }
  return "?";
}

// One line per entity type and action, in map order.
inline std::string dump(const Schema& schema) {
  std::ostringstream out;
  for (const auto& [name, e] : schema.entity_types) {
    out << "entity " << name;
    if (!e.member_of.empty()) {
      out << " in [";
      for (size_t i = 0; i < e.member_of.size(); ++i) out << (i ? ", " : "") << e.member_of[i];
      out << "]";
    }
    out << " = " << dump_type(e.shape);
    if (e.tags) out << " tags " << dump_type(e.tags);
    if (e.enum_ids) {
      out << " enum [";
      for (size_t i = 0; i < e.enum_ids->size(); ++i) out << (i ? ", " : "") << (*e.enum_ids)[i];
      out << "]";
    }
    out << "\n";
  }
  for (const auto& [uid, a] : schema.actions) {
    out << "action " << uid.type << "::\"" << uid.id << "\"";
    for (const auto& parent : a.member_of)
      out << " in " << parent.type << "::\"" << parent.id << "\"";
    if (a.has_applies_to) {
      out << " principal [";
      for (size_t i = 0; i < a.principal_types.size(); ++i) {
        out << (i ? ", " : "") << a.principal_types[i];
      }
      out << "] resource [";
      for (size_t i = 0; i < a.resource_types.size(); ++i) {
        out << (i ? ", " : "") << a.resource_types[i];
      }
      out << "]";
    }
    out << " context " << dump_type(a.context) << "\n";
  }
  return out.str();
}

inline Schema text_ok(const std::string& text) {
  auto s = parse_schema_text(text);
  EXPECT_TRUE(s.ok()) << text << "\n=> " << (s.ok() ? "" : s.error().describe());
  return s.ok() ? *s : Schema{};
}

inline Schema json_ok(const std::string& text) {
  auto s = parse_schema_json(text);
  EXPECT_TRUE(s.ok()) << text << "\n=> " << (s.ok() ? "" : s.error().describe());
  return s.ok() ? *s : Schema{};
}

inline Error text_error(const std::string& text) {
  auto s = parse_schema_text(text);
  EXPECT_FALSE(s.ok()) << "expected an error for:\n"
                       << text << "\ngot:\n"
                       << (s.ok() ? dump(*s) : "");
  return s.ok() ? Error{} : s.error();
}

inline Error json_error(const std::string& text) {
  auto s = parse_schema_json(text);
  EXPECT_FALSE(s.ok()) << "expected an error for:\n"
                       << text << "\ngot:\n"
                       << (s.ok() ? dump(*s) : "");
  return s.ok() ? Error{} : s.error();
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The attribute type of entity type `entity`, attribute `attr`, dumped.
inline std::string attr_type(const Schema& s, const std::string& entity, const std::string& attr) {
  const EntityTypeDef* e = s.entity_type(entity);
  if (!e) return "no entity type " + entity;
  auto it = e->shape->attributes.find(attr);
  if (it == e->shape->attributes.end()) return "no attribute " + attr;
  return dump_type(it->second.type);
}

}  // namespace cedar::schema_test

#define EXPECT_ERROR_AT(err, l, c, fragment)                                            \
  do {                                                                                  \
    ::cedar::Error e_ = (err);                                                          \
    EXPECT_EQ(e_.loc.line, static_cast<uint32_t>(l)) << e_.describe();                  \
    EXPECT_EQ(e_.loc.column, static_cast<uint32_t>(c)) << e_.describe();                \
    EXPECT_TRUE(::cedar::schema_test::contains(e_.message, fragment)) << e_.describe(); \
  } while (0)
