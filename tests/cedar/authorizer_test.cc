// Authorizer and PolicyIndex: Cedar's decision rule, and agreement of the
// indexed authorizer with a reference that evaluates every policy's whole
// condition, over random policy sets small (a flat list) and large
// (indexed), with entity hierarchies with diamonds and parents outside the
// store (a cycle is refused when the entities are loaded).
#include "cedar/authorizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "cedar/json.h"
#include "cedar/parser.h"

namespace cedar {
namespace {

constexpr const char* kEntities = R"([
  {"uid": {"type": "User", "id": "u0"}, "attrs": {"level": 1}, "parents": [{"type": "Group", "id": "g0"}]},
  {"uid": {"type": "User", "id": "u1"}, "attrs": {"level": 3}, "parents": [{"type": "Group", "id": "g1"}]},
  {"uid": {"type": "User", "id": "u2"}, "attrs": {"level": 2},
   "parents": [{"type": "Group", "id": "g2"}, {"type": "Group", "id": "g0"}]},
  {"uid": {"type": "User", "id": "u3"}, "attrs": {}, "parents": []},
  {"uid": {"type": "Group", "id": "g0"}, "attrs": {}, "parents": []},
  {"uid": {"type": "Group", "id": "g1"}, "attrs": {}, "parents": [{"type": "Group", "id": "g2"}]},
  {"uid": {"type": "Group", "id": "g2"}, "attrs": {}, "parents": [{"type": "Group", "id": "g3"}]},
  {"uid": {"type": "Doc", "id": "d0"}, "attrs": {"level": 1, "owner": {"__entity": {"type": "User", "id": "u0"}}},
   "parents": [{"type": "Folder", "id": "f0"}]},
  {"uid": {"type": "Doc", "id": "d1"}, "attrs": {"level": 3, "owner": {"__entity": {"type": "User", "id": "u1"}}},
   "parents": [{"type": "Folder", "id": "f1"}]},
  {"uid": {"type": "Doc", "id": "d2"}, "attrs": {"level": 2}, "parents": [{"type": "Folder", "id": "f1"}]},
  {"uid": {"type": "Folder", "id": "f0"}, "attrs": {}, "parents": []},
  {"uid": {"type": "Folder", "id": "f1"}, "attrs": {}, "parents": [{"type": "Folder", "id": "f0"}]},
  {"uid": {"type": "Action", "id": "a0"}, "attrs": {}, "parents": [{"type": "Action", "id": "ag0"}]},
  {"uid": {"type": "Action", "id": "a1"}, "attrs": {}, "parents": [{"type": "Action", "id": "ag0"}]},
  {"uid": {"type": "Action", "id": "a2"}, "attrs": {}, "parents": [{"type": "Action", "id": "ag1"}]},
  {"uid": {"type": "Action", "id": "ag0"}, "attrs": {}, "parents": [{"type": "Action", "id": "ag1"}]},
  {"uid": {"type": "Action", "id": "ag1"}, "attrs": {}, "parents": []}
])";

const char* const kPrincipals[] = {"User::\"u0\"",  "User::\"u1\"",    "User::\"u2\"",
                                   "User::\"u3\"",  "Group::\"g0\"",   "Group::\"g1\"",
                                   "Group::\"g2\"", "User::\"nobody\""};
const char* const kResources[] = {"Doc::\"d0\"",    "Doc::\"d1\"",    "Doc::\"d2\"",
                                  "Folder::\"f0\"", "Folder::\"f1\"", "Doc::\"gone\""};
const char* const kActions[] = {"Action::\"a0\"",  "Action::\"a1\"",  "Action::\"a2\"",
                                "Action::\"ag0\"", "Action::\"ag1\"", "Action::\"a9\""};
const char* const kConditions[] = {
    "",
    " when { context.n > 2 }",
    " when { principal.level >= resource.level }",
    " unless { principal == resource.owner }",
    " when { resource.missing }",  // errors: no such attribute
    " when { 5 }",                 // errors: not a bool
    " when { context.flag } unless { context.n == 4 }",
    " when { principal has level && principal.level > 1 }",
};

std::string scope(std::mt19937& rng, const char* var, const char* const* uids, size_t n,
                  const char* type) {
  std::string v = var;
  std::string uid = uids[rng() % n];
  switch (rng() % 5) {
    case 0:
      return v;
    case 1:
      return v + " == " + uid;
    case 2:
      return v + " in " + uid;
    case 3:
      return v + " is " + type;
    default:
      return v + " is " + type + " in " + uid;
  }
}

std::string action_scope(std::mt19937& rng) {
  auto pick = [&] { return std::string(kActions[rng() % std::size(kActions)]); };
  switch (rng() % 5) {
    case 0:
      return "action";
    case 1:
      return "action == " + pick();
    case 2:
      return "action in " + pick();
    case 3:
      return "action in [" + pick() + "]";
    default:
      return "action in [" + pick() + ", " + pick() + "]";
  }
}

PolicySet random_policies(std::mt19937& rng, size_t n) {
  std::string text;
  for (size_t i = 0; i < n; ++i) {
    text += rng() % 3 == 0 ? "forbid(" : "permit(";
    text += scope(rng, "principal", kPrincipals, std::size(kPrincipals), "User") + ", ";
    text += action_scope(rng) + ", ";
    text += scope(rng, "resource", kResources, std::size(kResources), "Doc") + ")";
    text += kConditions[rng() % std::size(kConditions)];
    text += ";\n";
  }
  auto set = parse_policy_set(text);
  EXPECT_TRUE(set.ok()) << (set ? "" : set.error().describe()) << "\n" << text;
  return set ? std::move(*set) : PolicySet{};
}

struct Answer {
  Decision decision = Decision::Deny;
  std::set<std::string> reason;
  std::map<std::string, std::string> errors;  // policy id -> message
  bool operator==(const Answer&) const = default;
};

Answer answer_of(const Response& r) {
  Answer a{r.decision, {r.reason.begin(), r.reason.end()}, {}};
  for (const PolicyError& e : r.errors) a.errors[e.policy_id] = e.message;
  EXPECT_EQ(a.reason.size(), r.reason.size()) << "a policy is listed twice";
  EXPECT_EQ(a.errors.size(), r.errors.size()) << "a policy errored twice";
  return a;
}

// Cedar's rule applied to every policy's whole condition.
Answer reference(const PolicySet& set, const Request& req, const Entities& es) {
  Answer a;
  std::set<std::string> permits, forbids;
  for (const Policy& p : set.policies()) {
    auto v = evaluate_policy(p, req, es);
    if (!v) {
      a.errors[p.id] = v.error().message;
    } else if (*v) {
      (p.effect == Effect::Forbid ? forbids : permits).insert(p.id);
    }
  }
  if (!forbids.empty()) {
    a.reason = forbids;
  } else if (!permits.empty()) {
    a.decision = Decision::Allow;
    a.reason = permits;
  }
  return a;
}

class AuthorizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto es = parse_entities_json(kEntities, nullptr);
    ASSERT_TRUE(es.ok()) << es.error().message;
    entities_ = std::move(*es);
  }

  Request request(std::mt19937& rng) {
    auto uid = [](const char* text) { return *parse_entity_uid(text); };
    Record ctx = {{"flag", Value::boolean(rng() % 2 == 0)},
                  {"n", Value::integer(static_cast<int64_t>(rng() % 6))}};
    return {uid(kPrincipals[rng() % std::size(kPrincipals)]),
            uid(kActions[rng() % std::size(kActions)]),
            uid(kResources[rng() % std::size(kResources)]), Value::record(std::move(ctx))};
  }

  Entities entities_;
};

TEST_F(AuthorizerTest, ForbidOverridesPermitAndErrorsAreListed) {
  auto set = parse_policy_set(R"(
    permit(principal, action, resource);
    forbid(principal == User::"u1", action, resource);
    permit(principal, action, resource) when { resource.missing };
  )");
  ASSERT_TRUE(set.ok());
  Authorizer authz(*set);
  Request req{{"User", "u0"}, {"Action", "a0"}, {"Doc", "d0"}, Value::record({})};
  Response r = authz.authorize(req, entities_);
  EXPECT_EQ(r.decision, Decision::Allow);
  EXPECT_EQ(r.reason, std::vector<std::string>{"policy0"});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].policy_id, "policy2");
  req.principal = {"User", "u1"};
  r = authz.authorize(req, entities_);
  EXPECT_EQ(r.decision, Decision::Deny);
  EXPECT_EQ(r.reason, std::vector<std::string>{"policy1"});
  EXPECT_EQ(r.errors.size(), 1u);
}

TEST_F(AuthorizerTest, LinkedTemplatesAreIndexed) {
  auto set = parse_policy_set(R"(
    permit(principal == ?principal, action == Action::"a0", resource in ?resource);
  )");
  ASSERT_TRUE(set.ok());
  for (int i = 0; i < 12; ++i) {
    std::string id = "link" + std::to_string(i);
    ASSERT_TRUE(set->link("policy0", id,
                          {{SlotId::Principal, {"User", "u" + std::to_string(i)}},
                           {SlotId::Resource, {"Folder", "f0"}}}));
  }
  Authorizer authz(*set);  // 12 policies: indexed
  Request req{{"User", "u1"}, {"Action", "a0"}, {"Doc", "d1"}, Value::record({})};
  Response r = authz.authorize(req, entities_);
  EXPECT_EQ(r.decision, Decision::Allow);
  EXPECT_EQ(r.reason, std::vector<std::string>{"link1"});
}

TEST_F(AuthorizerTest, AgreesWithEveryPolicyEvaluated) {
  std::mt19937 rng(20251123);
  for (size_t size : {1u, 5u, 8u, 9u, 40u, 250u}) {
    for (int round = 0; round < 6; ++round) {
      PolicySet set = random_policies(rng, size);
      Authorizer authz(set);
      Response reused;
      for (int i = 0; i < 150; ++i) {
        Request req = request(rng);
        Answer want = reference(set, req, entities_);
        ASSERT_EQ(answer_of(authz.authorize(req, entities_)), want)
            << size << " policies, request " << req.principal.to_string() << " "
            << req.action.to_string() << " " << req.resource.to_string();
        authz.authorize_into(req, entities_, reused);
        ASSERT_EQ(answer_of(reused), want) << "authorize_into, " << size << " policies";
      }
    }
  }
}

TEST_F(AuthorizerTest, ScopeMatchesUsesTheHierarchy) {
  auto set = parse_policy_set(R"(
    permit(principal in Group::"g2", action in Action::"ag1", resource is Doc in Folder::"f0");
  )");
  ASSERT_TRUE(set.ok());
  const Policy& p = set->policies()[0];
  Request req{{"User", "u1"}, {"Action", "a0"}, {"Doc", "d1"}, Value::record({})};
  EXPECT_TRUE(scope_matches(p, RequestEntities(req, entities_)));  // g1 -> g2, ag0 -> ag1, f1 -> f0
  req.principal = {"User", "u0"};
  EXPECT_FALSE(scope_matches(p, RequestEntities(req, entities_)));
  req = {{"Group", "g2"}, {"Action", "ag1"}, {"Folder", "f0"}, Value::record({})};
  EXPECT_FALSE(scope_matches(p, RequestEntities(req, entities_)));  // a Folder is no Doc
}

}  // namespace
}  // namespace cedar
