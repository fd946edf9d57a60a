// Policy, template and policy set.
//
// A Policy is `permit|forbid (scope) when {..} unless {..};` with its
// annotations. A policy whose scope mentions ?principal or ?resource is a
// template; it becomes a policy only when linked (slots bound to entities).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cedar/expr.h"
#include "cedar/result.h"
#include "cedar/value.h"

namespace cedar {

enum class Effect : uint8_t { Permit, Forbid };

// The entity a scope compares against: a literal entity or a template slot.
struct EntityRef {
  bool is_slot = false;
  SlotId slot = SlotId::Principal;
  EntityUid uid;
};

// Constraint on principal or resource in a policy scope.
struct ScopeConstraint {
  enum class Kind : uint8_t { Any, Eq, In, Is, IsIn };
  Kind kind = Kind::Any;
  EntityType type;  // Is, IsIn
  EntityRef ref;    // Eq, In, IsIn
};

// Constraint on action in a policy scope.
struct ActionConstraint {
  enum class Kind : uint8_t { Any, Eq, In, InSet };
  Kind kind = Kind::Any;
  std::vector<EntityUid> uids;  // one for Eq/In, any number for InSet
};

struct Condition {
  bool is_when = true;  // false: unless
  ExprPtr body;
};

struct Annotation {
  std::string key;
  std::optional<std::string> value;  // `@key` alone has no value
  SourceLoc loc;
};

struct Policy {
  std::string id;  // "policy0", ... unless renamed
  Effect effect = Effect::Permit;
  ScopeConstraint principal;
  ActionConstraint action;
  ScopeConstraint resource;
  std::vector<Condition> conditions;    // in source order
  std::vector<Annotation> annotations;  // in source order, keys unique
  SourceLoc loc;

  bool is_template() const;
  // Value of annotation `key`, if present (an annotation without value yields "").
  std::optional<std::string> annotation(const std::string& key) const;
  // The whole policy as one expression:
  //   principal-constraint && action-constraint && resource-constraint
  //   && when-1 && !unless-1 && ...
  // Slots appear as Slot expressions until linked.
  ExprPtr condition_expr() const;
  // Cedar source text of the policy (annotations included).
  std::string to_string() const;
};

// Structural equality of two policies, ignoring source locations and ids:
// effect, scope, annotations (keys and values, in order) and conditions
// (kind and expression, compared with same_expr).
bool same_policy(const Policy& a, const Policy& b);

// Gives each policy or template that has an `@id("...")` annotation that
// value as its id, as the Cedar CLI does; the others keep theirs ("policy0",
// ... from the parser). Fails, changing nothing, when an `@id` has no value or
// an empty one, or when two policies would share an id: the error's location
// is the later policy's and its message names the earlier one's.
Status rename_from_id_annotations(std::vector<Policy>& policies);

// A set of static policies and templates, plus template links.
class PolicySet {
 public:
  // Adds a static policy or a template. Fails if the id is already used.
  Status add(Policy policy);
  // Links a template: a new static policy `new_id` with slots bound.
  Status link(const std::string& template_id, const std::string& new_id,
              const std::map<SlotId, EntityUid>& values);

  // Static and linked policies, in insertion order (templates excluded).
  const std::vector<Policy>& policies() const { return policies_; }
  const std::vector<Policy>& templates() const { return templates_; }
  const Policy* find(const std::string& id) const;

 private:
  std::vector<Policy> policies_;
  std::vector<Policy> templates_;
  std::unordered_map<std::string, size_t> policy_index_;
  std::unordered_map<std::string, size_t> template_index_;
};

}  // namespace cedar
