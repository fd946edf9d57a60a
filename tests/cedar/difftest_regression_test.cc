// The minimized disagreements that the differential test against Cedar's
// reference implementation found (tools/difftest), with the reference's
// answers checked in (tests/cedar/difftest/regressions.jsonl), so that they
// run without node. Each line is an item of cedar_conformance/items.h.
#include <gtest/gtest.h>

#include "cedar_conformance/items.h"

namespace cedar::conformance {
namespace {

TEST(DifftestRegressions, AgreeWithTheReference) {
  auto report =
      run_items_file(std::string(TRUSTGATE_SOURCE_DIR) + "/tests/cedar/difftest/regressions.jsonl");
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_GE(report->total(), 8u);
  for (const auto& d : report->disagreements) ADD_FAILURE() << d.id << ": " << d.detail;
}

// The item runner itself: an item whose recorded answer trustgate does not
// give is a disagreement, and a malformed line is an error.
TEST(DifftestRegressions, ItemRunnerReportsDisagreements) {
  auto report = run_items(
      R"({"id": "p", "kind": "parse", "policies": "permit(principal, action, resource);", "expect": {"ok": false}})"
      "\n"
      R"({"id": "q", "kind": "parse", "policies": "permit(", "expect": {"ok": false}})"
      "\n",
      ".");
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_EQ(report->total(), 2u);
  ASSERT_EQ(report->disagreements.size(), 1u);
  EXPECT_EQ(report->disagreements[0].id, "p");
  EXPECT_FALSE(run_items(R"({"kind": "parse"})", ".").ok());
  EXPECT_FALSE(run_items(R"({"kind": "nope", "expect": {"ok": true}})", ".").ok());
}

}  // namespace
}  // namespace cedar::conformance
