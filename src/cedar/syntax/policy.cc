// Policy helpers and PolicySet (cedar/policy.h).
#include "cedar/policy.h"

#include <string_view>
#include <unordered_map>
#include <utility>

namespace cedar {

namespace {

bool has_slot(const ScopeConstraint& c) {
  return c.kind != ScopeConstraint::Kind::Any && c.kind != ScopeConstraint::Kind::Is &&
         c.ref.is_slot;
}

ExprPtr ref_expr(const EntityRef& ref) {
  return ref.is_slot ? make_slot(ref.slot) : make_literal(Value::entity(ref.uid));
}

// The scope constraint on `var` as an expression: Any -> true, Eq -> var == E,
// In -> var in E, Is -> var is T, IsIn -> var is T in E.
ExprPtr scope_expr(Var var, const ScopeConstraint& c) {
  ExprPtr v = make_var(var);
  switch (c.kind) {
    case ScopeConstraint::Kind::Any:
      return make_literal(Value::boolean(true));
    case ScopeConstraint::Kind::Eq:
      return make_binary(BinaryOp::Eq, v, ref_expr(c.ref));
    case ScopeConstraint::Kind::In:
      return make_binary(BinaryOp::In, v, ref_expr(c.ref));
    case ScopeConstraint::Kind::Is:
      return make_is(v, c.type);
    case ScopeConstraint::Kind::IsIn:
      return make_is_in(v, c.type, ref_expr(c.ref));
  }
  return make_literal(Value::boolean(true));
}

ExprPtr action_expr(const ActionConstraint& c) {
  ExprPtr v = make_var(Var::Action);
  switch (c.kind) {
    case ActionConstraint::Kind::Any:
      return make_literal(Value::boolean(true));
    case ActionConstraint::Kind::Eq:
      return make_binary(BinaryOp::Eq, v, make_literal(Value::entity(c.uids.at(0))));
    case ActionConstraint::Kind::In:
      return make_binary(BinaryOp::In, v, make_literal(Value::entity(c.uids.at(0))));
    case ActionConstraint::Kind::InSet: {
      std::vector<ExprPtr> elems;
      for (const EntityUid& uid : c.uids) elems.push_back(make_literal(Value::entity(uid)));
      return make_binary(BinaryOp::In, v, make_set(std::move(elems)));
    }
  }
  return make_literal(Value::boolean(true));
}

std::string ref_text(const EntityRef& ref) {
  if (ref.is_slot) return ref.slot == SlotId::Principal ? "?principal" : "?resource";
  return ref.uid.to_string();
}

std::string scope_text(const char* var, const ScopeConstraint& c) {
  std::string v = var;
  switch (c.kind) {
    case ScopeConstraint::Kind::Any:
      return v;
    case ScopeConstraint::Kind::Eq:
      return v + " == " + ref_text(c.ref);
    case ScopeConstraint::Kind::In:
      return v + " in " + ref_text(c.ref);
    case ScopeConstraint::Kind::Is:
      return v + " is " + c.type;
    case ScopeConstraint::Kind::IsIn:
      return v + " is " + c.type + " in " + ref_text(c.ref);
  }
  return v;
}

std::string action_text(const ActionConstraint& c) {
  switch (c.kind) {
    case ActionConstraint::Kind::Any:
      return "action";
    case ActionConstraint::Kind::Eq:
      return "action == " + c.uids.at(0).to_string();
    case ActionConstraint::Kind::In:
      return "action in " + c.uids.at(0).to_string();
    case ActionConstraint::Kind::InSet: {
      std::string out = "action in [";
      for (size_t i = 0; i < c.uids.size(); ++i) {
        if (i) out += ", ";
        out += c.uids[i].to_string();
      }
      return out + "]";
    }
  }
  return "action";
}

// Binds a slot reference to its value; fails when the value is missing.
Status bind(ScopeConstraint& c, const std::map<SlotId, EntityUid>& values) {
  if (!has_slot(c)) return Status::Ok();
  auto it = values.find(c.ref.slot);
  if (it == values.end()) {
    return Error{std::string("no value given for slot ") +
                 (c.ref.slot == SlotId::Principal ? "?principal" : "?resource")};
  }
  c.ref = EntityRef{false, c.ref.slot, it->second};
  return Status::Ok();
}

bool same_ref(const EntityRef& a, const EntityRef& b) {
  if (a.is_slot != b.is_slot) return false;
  return a.is_slot ? a.slot == b.slot : a.uid == b.uid;
}

// Compares only the fields that are meaningful for the constraint's kind.
bool same_scope(const ScopeConstraint& a, const ScopeConstraint& b) {
  if (a.kind != b.kind) return false;
  bool typed = a.kind == ScopeConstraint::Kind::Is || a.kind == ScopeConstraint::Kind::IsIn;
  bool has_ref = a.kind != ScopeConstraint::Kind::Any && a.kind != ScopeConstraint::Kind::Is;
  return (!typed || a.type == b.type) && (!has_ref || same_ref(a.ref, b.ref));
}

}  // namespace

bool same_policy(const Policy& a, const Policy& b) {
  if (a.effect != b.effect || !same_scope(a.principal, b.principal) ||
      !same_scope(a.resource, b.resource) || a.action.kind != b.action.kind ||
      a.action.uids != b.action.uids || a.annotations.size() != b.annotations.size() ||
      a.conditions.size() != b.conditions.size()) {
    return false;
  }
  for (size_t i = 0; i < a.annotations.size(); ++i) {
    const Annotation& x = a.annotations[i];
    const Annotation& y = b.annotations[i];
    if (x.key != y.key || x.value != y.value) return false;
  }
  for (size_t i = 0; i < a.conditions.size(); ++i) {
    const Condition& x = a.conditions[i];
    const Condition& y = b.conditions[i];
    if (x.is_when != y.is_when || !same_expr(*x.body, *y.body)) return false;
  }
  return true;
}

bool Policy::is_template() const { return has_slot(principal) || has_slot(resource); }

std::optional<std::string> Policy::annotation(const std::string& key) const {
  for (const Annotation& a : annotations) {
    if (a.key == key) return a.value.value_or("");
  }
  return std::nullopt;
}

// Left-nested conjunction: ((p && a) && r) && c1 && ...; `&&` evaluates left
// to right and short-circuits, as Cedar's policy semantics require.
ExprPtr Policy::condition_expr() const {
  ExprPtr e = make_and(scope_expr(Var::Principal, principal), action_expr(action), loc);
  e = make_and(e, scope_expr(Var::Resource, resource), loc);
  for (const Condition& c : conditions) {
    ExprPtr body = c.is_when ? c.body : make_unary(UnaryOp::Not, c.body, c.body->loc);
    e = make_and(e, body, loc);
  }
  return e;
}

std::string Policy::to_string() const {
  std::string out;
  for (const Annotation& a : annotations) {
    out += "@" + a.key;
    if (a.value) out += "(\"" + escape_string(*a.value) + "\")";
    out += "\n";
  }
  out += effect == Effect::Permit ? "permit" : "forbid";
  out += "(\n  " + scope_text("principal", principal) + ",\n  " + action_text(action) + ",\n  " +
         scope_text("resource", resource) + "\n)";
  for (const Condition& c : conditions) {
    out += c.is_when ? "\nwhen { " : "\nunless { ";
    out += expr_to_string(*c.body) + " }";
  }
  return out + ";";
}

Status rename_from_id_annotations(std::vector<Policy>& policies) {
  std::vector<std::string> ids;
  ids.reserve(policies.size());
  for (const Policy& p : policies) {
    ids.push_back(p.id);
    for (const Annotation& a : p.annotations) {
      if (a.key != "id") continue;
      if (!a.value || a.value->empty()) return Error{"`@id` needs a non-empty value", a.loc};
      ids.back() = *a.value;
    }
  }
  std::unordered_map<std::string_view, size_t> first;
  for (size_t i = 0; i < ids.size(); ++i) {
    auto [it, fresh] = first.emplace(ids[i], i);
    if (fresh) continue;
    const SourceLoc& earlier = policies[it->second].loc;
    return Error{"duplicate policy id `" + ids[i] + "` (also the id of the policy at " +
                     std::to_string(earlier.line) + ":" + std::to_string(earlier.column) + ")",
                 policies[i].loc};
  }
  for (size_t i = 0; i < ids.size(); ++i) policies[i].id = std::move(ids[i]);
  return Status::Ok();
}

Status PolicySet::add(Policy policy) {
  if (policy_index_.count(policy.id) || template_index_.count(policy.id)) {
    return Error{"duplicate policy id `" + policy.id + "`"};
  }
  if (policy.is_template()) {
    template_index_.emplace(policy.id, templates_.size());
    templates_.push_back(std::move(policy));
  } else {
    policy_index_.emplace(policy.id, policies_.size());
    policies_.push_back(std::move(policy));
  }
  return Status::Ok();
}

// The linked policy is a copy of the template with every slot replaced by its
// value. Values for slots the template does not use are an error, as in Cedar.
Status PolicySet::link(const std::string& template_id, const std::string& new_id,
                       const std::map<SlotId, EntityUid>& values) {
  auto it = template_index_.find(template_id);
  if (it == template_index_.end()) return Error{"no template with id `" + template_id + "`"};
  Policy linked = templates_[it->second];
  for (const auto& [slot, uid] : values) {
    const ScopeConstraint& c = slot == SlotId::Principal ? linked.principal : linked.resource;
    if (!has_slot(c)) {
      return Error{std::string("template `") + template_id + "` has no slot " +
                   (slot == SlotId::Principal ? "?principal" : "?resource")};
    }
  }
  Status s = bind(linked.principal, values);
  if (s) s = bind(linked.resource, values);
  if (!s) return s;
  linked.id = new_id;
  return add(std::move(linked));
}

const Policy* PolicySet::find(const std::string& id) const {
  if (auto it = policy_index_.find(id); it != policy_index_.end()) return &policies_[it->second];
  if (auto it = template_index_.find(id); it != template_index_.end()) {
    return &templates_[it->second];
  }
  return nullptr;
}

}  // namespace cedar
