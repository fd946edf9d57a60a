// Capabilities: what the typechecker has learned exists.
//
// `e has a` evaluating to true proves that attribute `a` of `e` exists, and
// `e.hasTag(t)` that tag `t` of `e` exists. The typechecker records these
// facts as capabilities (expression, attribute) and (expression, tag
// expression), and lets `e.a` of an optional attribute (and `e.getTag(t)`)
// through only when the matching capability is known. Capabilities flow
// through `&&` (union), `||` (intersection) and `if` as in Cedar's
// typechecker. Expressions are compared by structure, not identity.
#pragma once

#include <string>
#include <vector>

#include "cedar/expr.h"

namespace cedar::validate {

struct Capability {
  const Expr* on = nullptr;  // the entity or record expression
  bool is_tag = false;
  std::string attr;           // attribute name (is_tag false)
  const Expr* tag = nullptr;  // tag expression (is_tag true)

  bool same(const Capability& other) const;
};

class CapabilitySet {
 public:
  CapabilitySet() = default;
  static CapabilitySet attribute(const Expr* on, std::string attr);
  static CapabilitySet tag(const Expr* on, const Expr* tag);

  bool contains(const Capability& c) const;
  bool has_attribute(const Expr* on, const std::string& attr) const;
  bool has_tag(const Expr* on, const Expr* tag) const;
  bool empty() const { return caps_.empty(); }
  size_t size() const { return caps_.size(); }

  CapabilitySet union_with(const CapabilitySet& other) const;
  CapabilitySet intersect(const CapabilitySet& other) const;

 private:
  std::vector<Capability> caps_;
};

}  // namespace cedar::validate
