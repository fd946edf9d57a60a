// Value conformance (validate/conformance.h).
#include "validate/conformance.h"

#include "validate/policy_checks.h"

namespace cedar::validate {

namespace {

std::string mismatch(const std::string& where, const Type& t, const Value& v) {
  return where + ": expected " + type_to_string(t) + ", found " + kind_name(v) + " `" +
         v.to_string() + "`";
}

std::optional<std::string> record_error(const Record& fields, const Type& t, const SchemaInfo& info,
                                        const std::string& where) {
  for (const auto& [name, value] : fields) {
    auto it = t.attrs.find(name);
    if (it == t.attrs.end()) return where + ": attribute `" + name + "` is not declared";
    auto err = conformance_error(value, *it->second.type, info, where + "." + name);
    if (err) return err;
  }
  for (const auto& [name, q] : t.attrs) {
    if (!q.required) continue;
    bool present = false;
    for (const auto& f : fields) present = present || f.first == name;
    if (!present) return where + ": required attribute `" + name + "` is missing";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> uid_error(const EntityUid& uid, const SchemaInfo& info) {
  if (is_action_type_name(uid.type)) {
    if (info.is_action(uid)) return std::nullopt;
    return "`" + uid.to_string() + "` is not a declared action";
  }
  if (info.enum_ids(uid.type) && !info.is_valid_entity_uid(uid)) {
    return "`" + uid.to_string() + "` is not one of the values of enumerated entity type `" +
           uid.type + "`";
  }
  return std::nullopt;
}

std::optional<std::string> conformance_error(const Value& v, const Type& t, const SchemaInfo& info,
                                             const std::string& where) {
  switch (t.kind) {
    case Type::Kind::Bool:
      if (!v.is_bool()) return mismatch(where, t, v);
      if ((t.is_true() && !v.as_bool()) || (t.is_false() && v.as_bool())) {
        return mismatch(where, t, v);
      }
      return std::nullopt;
    case Type::Kind::Long:
      return v.is_long() ? std::nullopt : std::optional(mismatch(where, t, v));
    case Type::Kind::String:
      return v.is_string() ? std::nullopt : std::optional(mismatch(where, t, v));
    case Type::Kind::Extension:
      if (v.is_extension() && t.name == extension_type_name(v.as_extension())) return std::nullopt;
      return mismatch(where, t, v);
    case Type::Kind::Entity: {
      if (!v.is_entity() || v.as_entity().type != t.name) return mismatch(where, t, v);
      const EntityUid& uid = v.as_entity();
      if (info.is_valid_entity_uid(uid) || info.is_action(uid)) return std::nullopt;
      return where + ": " + uid_error(uid, info).value_or("`" + uid.to_string() + "` is invalid");
    }
    case Type::Kind::Set:
      if (!v.is_set()) return mismatch(where, t, v);
      for (const Value& elem : v.as_set()) {
        auto err = conformance_error(elem, *t.element, info, where + " element");
        if (err) return err;
      }
      return std::nullopt;
    case Type::Kind::Record:
      if (!v.is_record()) return mismatch(where, t, v);
      return record_error(v.as_record(), t, info, where);
  }
  return mismatch(where, t, v);
}

}  // namespace cedar::validate
