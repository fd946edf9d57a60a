// Validator::validate_entities (cedar/validator.h): entity data against the
// schema, as Cedar's entity conformance check does it.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "cedar/validator.h"
#include "validate/conformance.h"
#include "validate/policy_checks.h"
#include "validate/schema_info.h"

namespace cedar {

namespace {

using validate::SchemaInfo;

std::string entity_name(const Entity& e) { return "entity `" + e.uid.to_string() + "`"; }

// The entity's ancestors: the computed closure when there is one, and its
// listed parents in any case.
std::set<EntityUid> ancestors_of(const Entity& e) {
  std::set<EntityUid> out(e.ancestors.begin(), e.ancestors.end());
  out.insert(e.parents.begin(), e.parents.end());
  return out;
}

// An action entity must be declared, carry no attributes or tags, and be in
// the groups the schema puts it in (directly or through other groups) and
// no others.
Status check_action(const SchemaInfo& info, const Entity& e) {
  if (!info.is_action(e.uid)) return Error{entity_name(e) + " is not a declared action"};
  if (!e.attrs.empty()) return Error{"action " + entity_name(e) + " cannot have attributes"};
  if (!e.tags.empty()) return Error{"action " + entity_name(e) + " cannot have tags"};
  std::set<EntityUid> have = ancestors_of(e);
  const std::set<EntityUid>& want = info.ancestor_actions(e.uid);
  for (const auto& uid : have) {
    if (!want.count(uid)) {
      return Error{"action " + entity_name(e) + " is in `" + uid.to_string() +
                   "`, but the schema does not put it in that group"};
    }
  }
  for (const auto& uid : info.schema().action(e.uid)->member_of) {
    if (!have.count(uid)) {
      return Error{"action " + entity_name(e) + " is missing its group `" + uid.to_string() +
                   "` declared in the schema"};
    }
  }
  return Status::Ok();
}

Status check_values(const SchemaInfo& info, const Entity& e, const Record& values,
                    const validate::Type& type, const char* what) {
  std::string where = entity_name(e) + " " + what;
  auto err = validate::conformance_error(Value::record(values), type, info, where);
  if (err) return Error{*err};
  return Status::Ok();
}

Status check_tags(const SchemaInfo& info, const Entity& e) {
  auto tag_type = info.tags(e.uid.type);
  if (!tag_type || !*tag_type) {
    if (e.tags.empty()) return Status::Ok();
    return Error{entity_name(e) + " has tag `" + e.tags.front().first + "`, but entity type `" +
                 e.uid.type + "` has no tags"};
  }
  for (const auto& [name, value] : e.tags) {
    auto err = validate::conformance_error(value, **tag_type, info,
                                           entity_name(e) + " tag `" + name + "`");
    if (err) return Error{*err};
  }
  return Status::Ok();
}

Status check_entity(const SchemaInfo& info, const Entity& e) {
  if (validate::is_action_type_name(e.uid.type)) return check_action(info, e);
  if (!info.is_entity_type(e.uid.type)) {
    return Error{entity_name(e) + " has type `" + e.uid.type +
                 "`, which the schema does not declare"};
  }
  if (auto err = validate::uid_error(e.uid, info)) return Error{*err};
  const validate::RecordType* attrs = info.attributes(e.uid.type);
  if (Status s = check_values(info, e, e.attrs, *validate::record_type(*attrs), "attributes"); !s) {
    return s;
  }
  const std::set<std::string>& allowed = info.ancestor_types(e.uid.type);
  for (const auto& parent : ancestors_of(e)) {
    if (auto err = validate::uid_error(parent, info)) return Error{entity_name(e) + ": " + *err};
    if (!allowed.count(parent.type)) {
      return Error{entity_name(e) + " is in `" + parent.to_string() + "`, but entity type `" +
                   e.uid.type + "` cannot be a member of type `" + parent.type + "`"};
    }
  }
  return check_tags(info, e);
}

}  // namespace

Status Validator::validate_entities(const Entities& entities) const {
  std::vector<const Entity*> sorted;
  for (const auto& [uid, e] : entities.all()) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(),
            [](const Entity* a, const Entity* b) { return a->uid < b->uid; });
  for (const Entity* e : sorted) {
    if (Status s = check_entity(*info_, *e); !s) return s;
  }
  return Status::Ok();
}

}  // namespace cedar
