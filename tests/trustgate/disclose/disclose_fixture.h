// Helpers for the disclosure guard's tests: the shipped law and record
// schemas, requests, and a release run into strings.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "trustgate/disclose/release.h"
#include "trustgate/policy/test_library.h"

namespace trustgate::disclose::testing {

inline const RecordSchemas& shipped_schemas() {
  static RecordSchemas schemas = [] {
    auto s = load_record_schemas(policy::testing::shipped_policies() / "records",
                                 policy::testing::shipped_library().vocabulary().release);
    if (!s) ADD_FAILURE() << s.error().describe();
    return s ? *s : RecordSchemas{};
  }();
  return schemas;
}

inline DisclosureRequest request(const std::string& json) {
  auto r = parse_disclosure_request(json, policy::testing::shipped_library().vocabulary(),
                                    1738000000);  // 2025-01-27: the law of that day
  EXPECT_TRUE(r) << (r ? "" : r.error().describe());
  return r ? *r : DisclosureRequest{};
}

inline std::string chicago(const std::string& recipient, const std::string& purpose,
                           const std::string& instrument = "none",
                           const std::string& agency = "chicago-police") {
  return "{\"jurisdiction\":\"us-il-chicago\",\"receiving_agency\":\"" + agency +
         "\",\"recipient\":\"" + recipient + "\",\"purpose\":\"" + purpose +
         "\",\"instrument\":\"" + instrument + "\",\"received_at\":\"2025-02-03T09:00:00-06:00\"}";
}

struct RunResult {
  std::string out, log;
  ReleaseTally tally;
};

// Releases `input` in pieces of `piece` bytes.
inline RunResult run(const DisclosureRequest& req, const std::string& input, RecordFormat format,
                     size_t piece = 7) {
  const auto& lib = policy::testing::shipped_library();
  auto plan = plan_release(lib, req);
  EXPECT_TRUE(plan) << (plan ? "" : plan.error().describe());
  RunResult r;
  if (!plan) return r;
  Release release(
      *plan, shipped_schemas(), lib.vocabulary(), req, format,
      [&](std::string_view b) {
        r.out.append(b);
        return base::Status::Ok();
      },
      [&](std::string_view b) {
        r.log.append(b);
        return base::Status::Ok();
      });
  for (size_t i = 0; i < input.size(); i += piece) {
    EXPECT_TRUE(release.feed(std::string_view(input).substr(i, piece)));
  }
  auto tally = release.finish();
  EXPECT_TRUE(tally);
  if (tally) r.tally = *tally;
  return r;
}

}  // namespace trustgate::disclose::testing
