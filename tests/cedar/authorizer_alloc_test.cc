// The authorization hot path allocates nothing in the common case: a
// preloaded, indexed policy set, a request whose conditions read attributes
// and context, and a Response reused from call to call.
//
// This file replaces the global operator new of the test binary with one
// that counts calls (and otherwise just calls malloc).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "cedar/authorizer.h"
#include "cedar/json.h"
#include "cedar/parser.h"

namespace {
std::atomic<long> g_news{0};
}  // namespace

void* operator new(std::size_t n) {
  g_news.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace cedar {
namespace {

TEST(AuthorizerAllocationTest, CommonCaseAllocatesNothing) {
  std::string text;
  for (int i = 0; i < 30; ++i) {  // more than PolicyIndex::kFlatMax: indexed
    text += "permit(principal == User::\"other" + std::to_string(i) +
            "\", action == Action::\"view\", resource);\n";
  }
  text += R"(
    permit(principal in Group::"staff", action == Action::"view", resource in Folder::"f")
    when { resource.owner == principal && context.mfa && principal.level >= resource.level };
    forbid(principal, action == Action::"view", resource) when { resource.level > 5 };
    permit(principal is User, action, resource) unless { context.hour < 8 };
  )";
  auto set = parse_policy_set(text);
  ASSERT_TRUE(set.ok()) << set.error().describe();
  auto es = parse_entities_json(R"([
    {"uid": {"type": "User", "id": "alice"}, "attrs": {"level": 3},
     "parents": [{"type": "Group", "id": "staff"}]},
    {"uid": {"type": "Doc", "id": "d"},
     "attrs": {"level": 2, "owner": {"__entity": {"type": "User", "id": "alice"}}},
     "parents": [{"type": "Folder", "id": "f"}]}
  ])",
                                nullptr);
  ASSERT_TRUE(es.ok()) << es.error().message;
  Record ctx = {{"hour", Value::integer(10)}, {"mfa", Value::boolean(true)}};
  Request req{{"User", "alice"}, {"Action", "view"}, {"Doc", "d"}, Value::record(std::move(ctx))};
  Authorizer authz(*set);
  Response resp;
  authz.authorize_into(req, *es, resp);  // grows the response's vectors
  ASSERT_EQ(resp.decision, Decision::Allow);
  ASSERT_EQ(resp.reason.size(), 2u);
  ASSERT_TRUE(resp.errors.empty());
  long before = g_news.load();
  for (int i = 0; i < 100; ++i) authz.authorize_into(req, *es, resp);
  EXPECT_EQ(g_news.load() - before, 0) << "allocations in 100 authorizations";
  EXPECT_EQ(resp.decision, Decision::Allow);
  before = g_news.load();
  Response fresh = authz.authorize(req, *es);  // a new Response grows its vectors
  EXPECT_GT(g_news.load() - before, 0) << "the counter does not count";
}

}  // namespace
}  // namespace cedar
