#include "scaling_policies.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "cedar/json.h"

namespace bench {

namespace {

constexpr const char* kActions[] = {"view", "comment", "edit", "share"};
constexpr const char* kDepartments[] = {"legal", "eng", "sales", "hr"};

constexpr const char* kCore = R"(
permit(principal == User::"u0", action == Action::"view", resource in Folder::"f0");
permit(principal in Group::"g1", action in Action::"read", resource in Folder::"f1")
when { context.mfa };
permit(principal in Group::"g2", action in [Action::"edit", Action::"share"], resource in Folder::"f2")
when { resource.classification <= principal.clearance };
permit(principal, action == Action::"edit", resource) when { resource.owner == principal };
forbid(principal, action == Action::"share", resource) when { resource.classification > 3 };
permit(principal, action in Action::"read", resource) when { resource.public };
forbid(principal in Group::"g3", action, resource in Folder::"f3")
unless { context.hour >= 8 && context.hour < 18 };
permit(principal == User::"u5", action == Action::"comment", resource == Document::"d5");
permit(principal is User, action == Action::"view", resource in Folder::"f2")
when { principal.department == "legal" };
forbid(principal == User::"u7", action, resource) unless { context.mfa };
)";

std::string format(const char* fmt, size_t a, size_t b = 0, size_t c = 0) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, a, b, c);
  return buf;
}

// Policy k (k >= 10) of the generated set: one of six shapes, about
// entities named x*, xg*, xf*, xd* (never the core's) or about actions the
// mix never requests (export*).
std::string other_policy(size_t k) {
  const char* act = kActions[k / 6 % 4];
  switch (k % 6) {
    case 0:
      return format("permit(principal == User::\"x%zu\", action == Action::\"", k) + act +
             format("\", resource in Folder::\"xf%zu\") when { context.mfa };\n", k % 997);
    case 1:
      return format("permit(principal in Group::\"xg%zu\", action in Action::\"", k % 211) +
             (k / 6 % 2 ? "write" : "read") +
             format("\", resource in Folder::\"xf%zu\")\n", k % 503) +
             "when { resource.classification <= principal.clearance };\n";
    case 2:
      return std::string("forbid(principal, action == Action::\"") + act +
             format("\", resource == Document::\"xd%zu\")\n", k) +
             "unless { resource.owner == principal };\n";
    case 3:
      return format(
          "permit(principal is User, action in [Action::\"view\", Action::\"comment\"], "
          "resource in Folder::\"xf%zu\")\nwhen { principal.department == \"dept%zu\" };\n",
          k, k % 10);
    case 4:
      return format(
          "permit(principal == User::\"x%zu\", action, resource == Document::\"xd%zu\");\n",
          k % 1009, k);
    default:
      return format("permit(principal, action == Action::\"export%zu\", resource)\n", k % 50) +
             "when { resource.public && context.hour > 6 };\n";
  }
}

std::string uid_json(const char* type, const std::string& id) {
  return std::string("{\"type\":\"") + type + "\",\"id\":\"" + id + "\"}";
}

std::string entity_json(const char* type, const std::string& id, const std::string& attrs,
                        const std::string& parents) {
  return "{\"uid\":" + uid_json(type, id) + ",\"attrs\":{" + attrs + "},\"parents\":[" + parents +
         "]}";
}

std::string core_entities_json() {
  std::vector<std::string> es;
  for (size_t i = 0; i < 4; ++i) {
    es.push_back(entity_json("Group", format("g%zu", i), "", ""));
    es.push_back(entity_json("Folder", format("f%zu", i), "", ""));
  }
  for (size_t i = 0; i < 8; ++i) {
    std::string attrs = std::string("\"department\":\"") + kDepartments[i % 4] +
                        format("\",\"clearance\":%zu", i % 5);
    es.push_back(
        entity_json("User", format("u%zu", i), attrs, uid_json("Group", format("g%zu", i % 4))));
  }
  for (size_t i = 0; i < 16; ++i) {
    std::string attrs = "\"owner\":{\"__entity\":" + uid_json("User", format("u%zu", i % 8)) +
                        format("},\"classification\":%zu,\"public\":", i % 6) +
                        (i % 5 == 0 ? "true" : "false");
    es.push_back(entity_json("Document", format("d%zu", i), attrs,
                             uid_json("Folder", format("f%zu", i % 4))));
  }
  es.push_back(entity_json("Action", "read", "", ""));
  es.push_back(entity_json("Action", "write", "", ""));
  for (size_t i = 0; i < 4; ++i) {
    es.push_back(
        entity_json("Action", kActions[i], "", uid_json("Action", i < 2 ? "read" : "write")));
  }
  std::string out = "[";
  for (size_t i = 0; i < es.size(); ++i) out += (i ? ",\n" : "") + es[i];
  return out + "]";
}

}  // namespace

std::string scaling_policies_text(size_t n) {
  std::string text = kCore;
  for (size_t k = 10; k < n; ++k) text += other_policy(k);
  return text;
}

cedar::Entities scaling_entities() {
  auto es = cedar::parse_entities_json(core_entities_json(), nullptr);
  if (!es) {
    std::fprintf(stderr, "scaling entities: %s\n", es.error().message.c_str());
    std::abort();
  }
  return std::move(*es);
}

std::vector<cedar::Request> scaling_requests() {
  std::vector<cedar::Request> out;
  for (size_t i = 0; i < 64; ++i) {
    cedar::Record ctx = {{"hour", cedar::Value::integer(static_cast<int64_t>(i * 7 % 24))},
                         {"mfa", cedar::Value::boolean(i % 3 != 0)}};
    out.push_back({{"User", format("u%zu", i % 8)},
                   {"Action", kActions[i / 8 % 4]},
                   {"Document", format("d%zu", (i * 5 + i / 16) % 16)},
                   cedar::Value::record(std::move(ctx))});
  }
  return out;
}

std::string describe_answers(const cedar::Authorizer& authz,
                             const std::vector<cedar::Request>& requests,
                             const cedar::Entities& entities) {
  std::string out;
  for (const cedar::Request& r : requests) {
    cedar::Response resp = authz.authorize(r, entities);
    std::sort(resp.reason.begin(), resp.reason.end());
    out += resp.decision == cedar::Decision::Allow ? "allow" : "deny";
    for (const auto& id : resp.reason) out += " " + id;
    out += resp.errors.empty() ? "\n" : " (errors)\n";
  }
  return out;
}

}  // namespace bench
