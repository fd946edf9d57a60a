// Environment-independent policy checks (validate/policy_checks.h).
#include "validate/policy_checks.h"

#include <set>
#include <string>

namespace cedar::validate {

namespace {

SourceLoc located(const Expr& e, const Policy& policy) {
  return e.loc.line != 0 ? e.loc : policy.loc;
}

void check_type_name(const SchemaInfo& info, const Policy& policy, const Expr& e,
                     const std::string& type, std::vector<ValidationDiagnostic>& out) {
  if (is_action_type_name(type) || info.is_entity_type(type)) return;
  out.push_back({policy.id, located(e, policy),
                 "unknown entity type `" + type + "`: the schema does not declare it"});
}

void check_uid(const SchemaInfo& info, const Policy& policy, const Expr& e, const EntityUid& uid,
               std::vector<ValidationDiagnostic>& out) {
  check_type_name(info, policy, e, uid.type, out);
  if (is_action_type_name(uid.type)) {
    if (!info.is_action(uid)) {
      out.push_back({policy.id, located(e, policy),
                     "unknown action `" + uid.to_string() + "`: the schema does not declare it"});
    }
    return;
  }
  if (info.enum_ids(uid.type) && !info.is_valid_entity_uid(uid)) {
    out.push_back({policy.id, located(e, policy),
                   "`" + uid.to_string() +
                       "` is not one of the values of enumerated entity type `" + uid.type + "`"});
  }
}

using TypeSet = std::set<std::string>;

TypeSet all_entity_types(const SchemaInfo& info) {
  TypeSet out;
  for (const auto& [name, _] : info.schema().entity_types) out.insert(name);
  return out;
}

// Entity types a principal or resource may have under the scope constraint.
TypeSet scope_types(const SchemaInfo& info, const ScopeConstraint& c) {
  using K = ScopeConstraint::Kind;
  switch (c.kind) {
    case K::Any:
      return all_entity_types(info);
    case K::Eq:
      return c.ref.is_slot ? all_entity_types(info) : TypeSet{c.ref.uid.type};
    case K::In:
      return c.ref.is_slot ? all_entity_types(info) : info.types_in(c.ref.uid.type);
    case K::Is:
      break;
    case K::IsIn:
      if (!c.ref.is_slot) {
        TypeSet in = info.types_in(c.ref.uid.type);
        return in.count(c.type) ? TypeSet{c.type} : TypeSet{};
      }
      break;
  }
  if (is_action_type_name(c.type) || info.is_entity_type(c.type)) return TypeSet{c.type};
  return {};
}

// Actions the action scope admits. An undeclared action group admits none.
std::set<EntityUid> scope_actions(const SchemaInfo& info, const ActionConstraint& c) {
  std::set<EntityUid> out;
  switch (c.kind) {
    case ActionConstraint::Kind::Any:
      for (const auto& [uid, _] : info.schema().actions) out.insert(uid);
      return out;
    case ActionConstraint::Kind::Eq:
      out.insert(c.uids.at(0));
      return out;
    case ActionConstraint::Kind::In:
    case ActionConstraint::Kind::InSet:
      for (const auto& group : c.uids) {
        auto members = info.actions_in(group);
        if (!members) return {};
        out.insert(members->begin(), members->end());
      }
      return out;
  }
  return out;
}

bool intersects(const TypeSet& a, const std::vector<std::string>& b) {
  for (const auto& x : b) {
    if (a.count(x)) return true;
  }
  return false;
}

}  // namespace

bool is_action_type_name(const std::string& type) {
  constexpr std::string_view kAction = "Action";
  if (type == kAction) return true;
  return type.size() > kAction.size() + 2 && type.ends_with("::Action");
}

std::vector<ValidationDiagnostic> check_names(const SchemaInfo& info, const Policy& policy,
                                              const Expr& condition) {
  std::vector<ValidationDiagnostic> out;
  std::vector<const Expr*> stack{&condition};
  while (!stack.empty()) {
    const Expr* e = stack.back();
    stack.pop_back();
    if (e->kind == Expr::Kind::Literal && e->value.is_entity()) {
      check_uid(info, policy, *e, e->value.as_entity(), out);
    } else if (e->kind == Expr::Kind::Is || e->kind == Expr::Kind::IsIn) {
      check_type_name(info, policy, *e, e->name, out);
    }
    for (auto it = e->args.rbegin(); it != e->args.rend(); ++it) stack.push_back(it->get());
  }
  return out;
}

std::vector<ValidationDiagnostic> check_action_application(const SchemaInfo& info,
                                                           const Policy& policy) {
  TypeSet principals = scope_types(info, policy.principal);
  TypeSet resources = scope_types(info, policy.resource);
  for (const auto& uid : scope_actions(info, policy.action)) {
    const ActionDef* def = info.schema().action(uid);
    if (!def) continue;
    if (intersects(principals, def->principal_types) &&
        intersects(resources, def->resource_types)) {
      return {};
    }
  }
  return {{policy.id, policy.loc,
           "unable to find an applicable action given the policy scope constraints: no action "
           "in its scope applies to a principal and a resource of the types its scope allows"}};
}

}  // namespace cedar::validate
