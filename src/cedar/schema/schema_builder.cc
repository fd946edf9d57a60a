// Name resolution and model building for both schema formats.
//
// Rules (those of the Cedar reference implementation):
//  - A name written with `::` is fully qualified and means only itself. An
//    unqualified name `T` written inside namespace `N` means `N::T` when that
//    is declared, else `T` in the empty namespace. At each of these
//    candidates a common type wins over an entity type (RFC 24), but an
//    earlier candidate wins over a later one.
//  - The builtins `Bool`, `Long`, `String` and the extension types `ipaddr`,
//    `decimal`, `datetime`, `duration` are common types declared in the
//    `__cedar` namespace, and aliased into the empty namespace unless the
//    user declares an entity or common type of that name there.
//  - `N::Action` counts as a declared entity type in attribute types when
//    namespace `N` declares actions; parents, principals and resources must
//    name entity types the user declared.
//  - Common types are inlined; a cycle among them is an error.
//  - An entity or common type in the empty namespace may not share its
//    basename with one in a named namespace (RFC 70); likewise action ids.
//  - Action parents must be declared actions and the action hierarchy may
//    not have cycles.
#include "schema/schema_builder.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace cedar::schema {

namespace {

constexpr std::string_view kReservedWords[] = {"true", "false", "if",   "then", "else",
                                               "in",   "is",    "like", "has"};
constexpr std::string_view kPrimitives[] = {"Bool", "Long", "String"};
constexpr std::string_view kExtensionTypes[] = {"ipaddr", "decimal", "datetime", "duration"};
// Common-type names that the JSON format would read as its own keywords.
constexpr std::string_view kReservedCommonNames[] = {"Bool", "Boolean", "Entity", "Extension",
                                                     "Long", "Record",  "Set",    "String"};
constexpr std::string_view kCedarNamespace = "__cedar";

template <size_t N>
bool contains(const std::string_view (&list)[N], std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

std::string qualify(std::string_view ns, std::string_view name) {
  if (ns.empty()) return std::string(name);
  return std::string(ns) + "::" + std::string(name);
}

bool is_qualified(std::string_view name) { return name.find("::") != std::string_view::npos; }

std::string_view basename(std::string_view name) {
  size_t pos = name.rfind("::");
  return pos == std::string_view::npos ? name : name.substr(pos + 2);
}

bool has_reserved_component(std::string_view name) {
  size_t start = 0;
  for (;;) {
    size_t end = name.find("::", start);
    if (name.substr(start, end - start) == kCedarNamespace) return true;
    if (end == std::string_view::npos) return false;
    start = end + 2;
  }
}

bool is_builtin_name(std::string_view s) {
  return contains(kPrimitives, s) || contains(kExtensionTypes, s);
}

std::string quoted(std::string_view s) { return "`" + std::string(s) + "`"; }

SchemaTypePtr primitive(SchemaType::Kind kind) {
  auto t = std::make_shared<SchemaType>();
  t->kind = kind;
  return t;
}

// The type a builtin name stands for; `name` must satisfy is_builtin_name.
SchemaTypePtr builtin_type(std::string_view name) {
  static const SchemaTypePtr kBool = primitive(SchemaType::Kind::Bool);
  static const SchemaTypePtr kLong = primitive(SchemaType::Kind::Long);
  static const SchemaTypePtr kString = primitive(SchemaType::Kind::String);
  if (name == "Bool") return kBool;
  if (name == "Long") return kLong;
  if (name == "String") return kString;
  auto t = std::make_shared<SchemaType>();
  t->kind = SchemaType::Kind::Extension;
  t->name = std::string(name);
  return t;
}

SchemaTypePtr empty_record() {
  static const SchemaTypePtr kEmpty = primitive(SchemaType::Kind::Record);
  return kEmpty;
}

// The fully qualified names an unresolved name may denote, best first.
std::vector<std::string> candidates(std::string_view written, const std::string& ns) {
  if (is_qualified(written) || ns.empty()) return {std::string(written)};
  return {qualify(ns, written), std::string(written)};
}

std::string describe_candidates(const std::vector<std::string>& names) {
  if (names.size() == 1) return quoted(names[0]) + " is not declared";
  return "neither " + quoted(names[0]) + " nor " + quoted(names[1]) + " is declared";
}

const char* describe_kind(RefKind kind) {
  switch (kind) {
    case RefKind::Common:
      return "common type";
    case RefKind::Entity:
      return "entity type";
    case RefKind::CommonOrEntity:
      return "type";
  }
  return "type";
}

void sort_unique(std::vector<std::string>& names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
}

struct CommonEntry {
  const RawCommon* decl;
  const std::string* ns;
};

struct EntityEntry {
  const RawEntity* decl;
  const std::string* ns;
};

// One build. Invariant after declare(): the maps hold every declaration of
// the raw schema under its fully qualified name, with no duplicates.
class Builder {
 public:
  explicit Builder(const RawSchema& raw) : raw_(raw) {}

  Result<Schema> run() {
    for (const auto& ns : raw_.namespaces) {
      if (Status s = declare(ns); !s) return s.error();
    }
    if (Status s = check_shadowing(); !s) return s.error();
    for (const auto& [name, entry] : commons_) {
      if (auto t = resolve_common(name); !t) return std::move(t).error();
    }
    for (const auto& [name, entry] : entities_) {
      if (Status s = build_entity(name, entry); !s) return s.error();
    }
    for (const auto& ns : raw_.namespaces) {
      for (const auto& action : ns.actions) {
        if (Status s = build_action(action, ns.name); !s) return s.error();
      }
    }
    if (Status s = check_action_cycles(); !s) return s.error();
    return std::move(out_);
  }

 private:
  Status declare(const RawNamespace& ns);
  Status declare_entity(const RawEntity& e, const std::string& ns);
  Status declare_common(const RawCommon& c, const std::string& ns);
  Status check_shadowing() const;
  Status build_entity(const std::string& name, const EntityEntry& entry);
  Status build_action(const RawAction& action, const std::string& ns);
  Status check_action_cycles() const;

  bool is_common(const std::string& q) const {
    if (commons_.count(q)) return true;
    if (!is_qualified(q)) return is_builtin_name(q) && !entities_.count(q);
    return q.size() > kCedarNamespace.size() + 2 &&
           q.compare(0, kCedarNamespace.size() + 2, "__cedar::") == 0 &&
           is_builtin_name(q.substr(kCedarNamespace.size() + 2));
  }
  bool is_entity(const std::string& q) const {
    return entities_.count(q) || action_types_.count(q);
  }

  Result<SchemaTypePtr> resolve_type(const RawType& t, const std::string& ns);
  Result<SchemaTypePtr> resolve_record(const RawType& t, const std::string& ns);
  Result<SchemaTypePtr> resolve_ref(const RawType& t, const std::string& ns);
  Result<SchemaTypePtr> resolve_common(const std::string& q);
  Result<std::string> resolve_entity_type(const RawName& n, const std::string& ns) const;
  Result<EntityUid> resolve_action_ref(const RawActionRef& r, const std::string& ns) const;
  Result<SchemaTypePtr> resolve_record_like(const RawTypePtr& t, const std::string& ns,
                                            const Origin& where, const std::string& what);

  const RawSchema& raw_;
  std::set<std::string> namespaces_;
  std::map<std::string, CommonEntry> commons_;
  std::map<std::string, EntityEntry> entities_;
  std::set<std::string> action_types_;  // "N::Action" for each N with actions
  std::map<EntityUid, const RawAction*> action_decls_;
  std::map<std::string, SchemaTypePtr> inlined_;  // resolved common types
  std::vector<std::string> in_progress_;          // common types being resolved
  Schema out_;
};

Status Builder::declare(const RawNamespace& ns) {
  if (!namespaces_.insert(ns.name).second) {
    return error_at(ns.origin, "namespace " + quoted(ns.name) + " is declared twice");
  }
  if (has_reserved_component(ns.name)) {
    return error_at(ns.origin,
                    "namespace " + quoted(ns.name) + " uses the reserved name `__cedar`");
  }
  for (const auto& c : ns.commons) {
    if (Status s = declare_common(c, ns.name); !s) return s;
  }
  for (const auto& e : ns.entities) {
    if (Status s = declare_entity(e, ns.name); !s) return s;
  }
  for (const auto& a : ns.actions) {
    EntityUid uid{qualify(ns.name, "Action"), a.id};
    if (!action_decls_.emplace(uid, &a).second) {
      return error_at(a.origin, "action " + quoted(uid.to_string()) + " is declared twice");
    }
    action_types_.insert(uid.type);
  }
  return Status::Ok();
}

Status Builder::declare_entity(const RawEntity& e, const std::string& ns) {
  if (e.name == kCedarNamespace) {
    return error_at(e.origin, "`__cedar` is reserved and cannot name an entity type");
  }
  if (e.name == "Action") {
    return error_at(e.origin,
                    "`Action` cannot be declared as an entity type; it is the type of actions");
  }
  std::string q = qualify(ns, e.name);
  if (!entities_.emplace(q, EntityEntry{&e, &ns}).second) {
    return error_at(e.origin, "entity type " + quoted(q) + " is declared twice");
  }
  return Status::Ok();
}

Status Builder::declare_common(const RawCommon& c, const std::string& ns) {
  if (c.name == kCedarNamespace || contains(kReservedCommonNames, c.name)) {
    return error_at(c.origin, quoted(c.name) + " is reserved and cannot name a common type");
  }
  std::string q = qualify(ns, c.name);
  if (!commons_.emplace(q, CommonEntry{&c, &ns}).second) {
    return error_at(c.origin, "common type " + quoted(q) + " is declared twice");
  }
  return Status::Ok();
}

// RFC 70: a declaration in a named namespace may not reuse the basename of a
// declaration in the empty namespace.
Status Builder::check_shadowing() const {
  std::map<std::string_view, const Origin*> unqualified;
  for (const auto& [name, e] : entities_) {
    if (!is_qualified(name)) unqualified.emplace(name, &e.decl->origin);
  }
  for (const auto& [name, c] : commons_) {
    if (!is_qualified(name)) unqualified.emplace(name, &c.decl->origin);
  }
  auto check = [&](const std::string& name, const Origin& where) -> Status {
    if (!is_qualified(name) || !unqualified.count(basename(name))) return Status::Ok();
    return error_at(where, quoted(name) + " shadows " + quoted(basename(name)) +
                               " declared in the empty namespace");
  };
  for (const auto& [name, e] : entities_) {
    if (Status s = check(name, e.decl->origin); !s) return s;
  }
  for (const auto& [name, c] : commons_) {
    if (Status s = check(name, c.decl->origin); !s) return s;
  }
  std::set<std::string_view> unqualified_actions;
  for (const auto& [uid, a] : action_decls_) {
    if (uid.type == "Action") unqualified_actions.insert(uid.id);
  }
  for (const auto& [uid, a] : action_decls_) {
    if (uid.type != "Action" && unqualified_actions.count(uid.id)) {
      return error_at(a->origin, "action " + quoted(uid.to_string()) + " shadows " +
                                     quoted("Action::\"" + uid.id + "\"") +
                                     " declared in the empty namespace");
    }
  }
  return Status::Ok();
}

Result<SchemaTypePtr> Builder::resolve_type(const RawType& t, const std::string& ns) {
  switch (t.kind) {
    case RawType::Kind::Bool:
      return builtin_type("Bool");
    case RawType::Kind::Long:
      return builtin_type("Long");
    case RawType::Kind::String:
      return builtin_type("String");
    case RawType::Kind::Extension:
      if (!contains(kExtensionTypes, t.name)) {
        return error_at(t.origin, "unknown extension type " + quoted(t.name));
      }
      return builtin_type(t.name);
    case RawType::Kind::Set: {
      auto element = resolve_type(*t.element, ns);
      if (!element) return element;
      auto set = std::make_shared<SchemaType>();
      set->kind = SchemaType::Kind::Set;
      set->element = std::move(*element);
      return SchemaTypePtr(std::move(set));
    }
    case RawType::Kind::Record:
      return resolve_record(t, ns);
    case RawType::Kind::Ref:
      return resolve_ref(t, ns);
  }
  return error_at(t.origin, "unknown type");
}

Result<SchemaTypePtr> Builder::resolve_record(const RawType& t, const std::string& ns) {
  if (t.attributes.empty()) return empty_record();
  auto record = std::make_shared<SchemaType>();
  record->kind = SchemaType::Kind::Record;
  for (const auto& attr : t.attributes) {
    auto type = resolve_type(*attr.type, ns);
    if (!type) return type;
    if (!record->attributes.emplace(attr.name, AttributeType{*type, attr.required}).second) {
      return error_at(attr.origin, "attribute " + quoted(attr.name) + " is declared twice");
    }
  }
  return SchemaTypePtr(std::move(record));
}

Result<SchemaTypePtr> Builder::resolve_ref(const RawType& t, const std::string& ns) {
  auto names = candidates(t.name, ns);
  for (const auto& q : names) {
    if (t.ref != RefKind::Entity && is_common(q)) {
      if (commons_.count(q)) return resolve_common(q);
      return builtin_type(basename(q));
    }
    if (t.ref != RefKind::Common && is_entity(q)) {
      auto entity = std::make_shared<SchemaType>();
      entity->kind = SchemaType::Kind::Entity;
      entity->name = q;
      return SchemaTypePtr(std::move(entity));
    }
  }
  return error_at(t.origin, std::string("unknown ") + describe_kind(t.ref) + " " + quoted(t.name) +
                                ": " + describe_candidates(names));
}

// Inlines common type `q` (which must be declared), detecting cycles.
Result<SchemaTypePtr> Builder::resolve_common(const std::string& q) {
  if (auto it = inlined_.find(q); it != inlined_.end()) return it->second;
  const CommonEntry& entry = commons_.at(q);
  auto cycle_start = std::find(in_progress_.begin(), in_progress_.end(), q);
  if (cycle_start != in_progress_.end()) {
    std::string path;
    for (auto it = cycle_start; it != in_progress_.end(); ++it) path += quoted(*it) + " -> ";
    return error_at(entry.decl->origin,
                    "common type " + quoted(q) + " refers to itself: " + path + quoted(q));
  }
  in_progress_.push_back(q);
  auto type = resolve_type(*entry.decl->type, *entry.ns);
  in_progress_.pop_back();
  if (!type) return type;
  inlined_.emplace(q, *type);
  return type;
}

Result<std::string> Builder::resolve_entity_type(const RawName& n, const std::string& ns) const {
  auto names = candidates(n.name, ns);
  for (const auto& q : names) {
    if (entities_.count(q)) return q;
    if (action_types_.count(q)) {
      return error_at(n.origin, quoted(q) + " is the type of actions, not a declared entity type");
    }
  }
  return error_at(n.origin,
                  "unknown entity type " + quoted(n.name) + ": " + describe_candidates(names));
}

Result<EntityUid> Builder::resolve_action_ref(const RawActionRef& r, const std::string& ns) const {
  std::string type = r.type.empty() ? "Action" : r.type;
  for (const auto& q : candidates(type, ns)) {
    EntityUid uid{q, r.id};
    if (action_decls_.count(uid)) return uid;
  }
  return error_at(r.origin, "undeclared action " + quoted(EntityUid{type, r.id}.to_string()));
}

// Resolves a shape or context (null means the empty record), which must be a
// record type; `what` names it for the error message.
Result<SchemaTypePtr> Builder::resolve_record_like(const RawTypePtr& t, const std::string& ns,
                                                   const Origin& where, const std::string& what) {
  if (!t) return empty_record();
  auto type = resolve_type(*t, ns);
  if (!type) return type;
  if ((*type)->kind != SchemaType::Kind::Record) {
    return error_at(t->origin.path.empty() && t->origin.loc.line == 0 ? where : t->origin,
                    what + " must be a record type");
  }
  return type;
}

Status Builder::build_entity(const std::string& name, const EntityEntry& entry) {
  const RawEntity& e = *entry.decl;
  EntityTypeDef def;
  def.name = name;
  for (const auto& parent : e.parents) {
    auto q = resolve_entity_type(parent, *entry.ns);
    if (!q) return std::move(q).error();
    def.member_of.push_back(std::move(*q));
  }
  sort_unique(def.member_of);
  auto shape =
      resolve_record_like(e.shape, *entry.ns, e.origin, "the shape of entity type " + quoted(name));
  if (!shape) return std::move(shape).error();
  def.shape = std::move(*shape);
  if (e.tags) {
    auto tags = resolve_type(*e.tags, *entry.ns);
    if (!tags) return std::move(tags).error();
    def.tags = std::move(*tags);
  }
  def.enum_ids = e.enum_ids;
  out_.entity_types.emplace(name, std::move(def));
  return Status::Ok();
}

Status Builder::build_action(const RawAction& action, const std::string& ns) {
  ActionDef def;
  def.uid = EntityUid{qualify(ns, "Action"), action.id};
  for (const auto& parent : action.parents) {
    auto uid = resolve_action_ref(parent, ns);
    if (!uid) return std::move(uid).error();
    if (std::find(def.member_of.begin(), def.member_of.end(), *uid) == def.member_of.end()) {
      def.member_of.push_back(std::move(*uid));
    }
  }
  std::sort(def.member_of.begin(), def.member_of.end());
  for (const auto& [raw, out] : {std::pair{&action.principals, &def.principal_types},
                                 std::pair{&action.resources, &def.resource_types}}) {
    for (const auto& n : *raw) {
      auto q = resolve_entity_type(n, ns);
      if (!q) return std::move(q).error();
      out->push_back(std::move(*q));
    }
    sort_unique(*out);
  }
  auto context = resolve_record_like(action.context, ns, action.origin,
                                     "the context of action " + quoted(def.uid.to_string()));
  if (!context) return std::move(context).error();
  def.context = std::move(*context);
  // An action applies to something only when it has both principal and
  // resource types; otherwise both lists are left empty.
  def.has_applies_to =
      action.has_applies_to && !def.principal_types.empty() && !def.resource_types.empty();
  if (!def.has_applies_to) {
    def.principal_types.clear();
    def.resource_types.clear();
  }
  out_.actions.emplace(def.uid, std::move(def));
  return Status::Ok();
}

// Depth-first search over `member_of` edges; a back edge is a cycle.
Status Builder::check_action_cycles() const {
  enum class Mark : uint8_t { Visiting, Done };
  std::map<EntityUid, Mark> marks;
  std::vector<std::pair<const ActionDef*, size_t>> stack;
  for (const auto& [uid, root] : out_.actions) {
    if (marks.count(uid)) continue;
    marks[uid] = Mark::Visiting;
    stack.emplace_back(&root, 0);
    while (!stack.empty()) {
      auto& [def, next] = stack.back();
      if (next == def->member_of.size()) {
        marks[def->uid] = Mark::Done;
        stack.pop_back();
        continue;
      }
      const EntityUid& parent = def->member_of[next++];
      auto it = marks.find(parent);
      if (it != marks.end() && it->second == Mark::Visiting) {
        return error_at(action_decls_.at(parent)->origin,
                        "action " + quoted(parent.to_string()) + " is a member of itself");
      }
      if (it == marks.end()) {
        marks[parent] = Mark::Visiting;
        stack.emplace_back(&out_.actions.at(parent), 0);
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Error error_at(const Origin& where, const std::string& message) {
  if (!where.path.empty()) return Error{where.path + ": " + message, where.loc};
  return Error{message, where.loc};
}

bool is_reserved_word(std::string_view s) { return contains(kReservedWords, s); }

bool is_identifier(std::string_view s) {
  if (s.empty() || is_reserved_word(s)) return false;
  auto start = [](char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!start(s[0])) return false;
  return std::all_of(s.begin() + 1, s.end(),
                     [&](char c) { return start(c) || (c >= '0' && c <= '9'); });
}

bool is_path(std::string_view s) {
  size_t start = 0;
  for (;;) {
    size_t end = s.find("::", start);
    if (!is_identifier(s.substr(start, end - start))) return false;
    if (end == std::string_view::npos) return true;
    start = end + 2;
  }
}

Result<Schema> build_schema(const RawSchema& raw) { return Builder(raw).run(); }

}  // namespace cedar::schema
