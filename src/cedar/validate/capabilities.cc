// Capability sets (validate/capabilities.h).
#include "validate/capabilities.h"

#include <utility>

namespace cedar::validate {

bool Capability::same(const Capability& other) const {
  if (is_tag != other.is_tag) return false;
  if (is_tag ? !same_expr(*tag, *other.tag) : attr != other.attr) return false;
  return same_expr(*on, *other.on);
}

CapabilitySet CapabilitySet::attribute(const Expr* on, std::string attr) {
  CapabilitySet s;
  s.caps_.push_back(Capability{on, false, std::move(attr), nullptr});
  return s;
}

CapabilitySet CapabilitySet::tag(const Expr* on, const Expr* tag) {
  CapabilitySet s;
  s.caps_.push_back(Capability{on, true, {}, tag});
  return s;
}

bool CapabilitySet::contains(const Capability& c) const {
  for (const auto& x : caps_) {
    if (x.same(c)) return true;
  }
  return false;
}

bool CapabilitySet::has_attribute(const Expr* on, const std::string& attr) const {
  return contains(Capability{on, false, attr, nullptr});
}

bool CapabilitySet::has_tag(const Expr* on, const Expr* tag) const {
  return contains(Capability{on, true, {}, tag});
}

CapabilitySet CapabilitySet::union_with(const CapabilitySet& other) const {
  if (other.caps_.empty()) return *this;
  CapabilitySet out = *this;
  for (const auto& c : other.caps_) {
    if (!out.contains(c)) out.caps_.push_back(c);
  }
  return out;
}

CapabilitySet CapabilitySet::intersect(const CapabilitySet& other) const {
  CapabilitySet out;
  for (const auto& c : caps_) {
    if (other.contains(c)) out.caps_.push_back(c);
  }
  return out;
}

}  // namespace cedar::validate
