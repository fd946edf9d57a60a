// The intake accepts and refuses the same texts with the same errors whether
// the caller keeps the record (a case) or only the request (a decision).
#include "trustgate/intake/intake.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../policy/test_library.h"

namespace trustgate::intake {
namespace {

constexpr int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

const std::string kGood =
    R"({"id":"r1","received_at":"2025-01-27T14:03:00-06:00","jurisdiction":"us-il-chicago",)"
    R"("receiving_agency":"chicago-police","requester":{"agency":"ice-ero"},)"
    R"("instrument":{"type":"detainer","form":"I-247A","signed_by":"immigration_officer"},)"
    R"("actions":["hold_beyond_release","notify_release"],"purpose":"civil_immigration_enforcement",)"
    R"("subject":{"in_custody":true},"facts":{"supervisor_on_site":false}})";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

// "k0":0,"k1":0,... n members, each followed by a comma.
std::string many_keys(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += "\"k" + std::to_string(i) + "\":0,";
  return out;
}

std::string outcome(const base::Result<Intake>& r) {
  return r ? "ok " + r->request.id : r.error().field + ": " + r.error().message;
}

TEST(IntakeTest, KeepingTheRecordOrNotChangesNoAnswer) {
  const auto& lib = policy::testing::shipped_library();
  std::vector<std::string> texts = {
      kGood,
      "",
      "[1]",
      "{",
      R"({"id":"a","id":"b"})",
      replaced(kGood, R"("facts":{)", R"("facts":{"x":1.5,)"),
      replaced(kGood, R"("subject":{"in_custody":true})",
               R"("subject":{"in_custody":true,"in_custody":false})"),
      replaced(kGood, R"("subject":{)", R"("subject":{"n":[0,{"a":1,"a":2}],)"),
      replaced(kGood, R"("id":"r1")", R"("id":18446744073709551615)"),
      replaced(kGood, R"("jurisdiction":"us-il-chicago")", R"("jurisdiction":"us-co-denver")"),
      replaced(
          replaced(kGood, R"("jurisdiction":"us-il-chicago")", R"("jurisdiction":"us-co-denver")"),
          R"("subject":{)", R"("subject":{"citizenship":"x",)"),
      replaced(kGood, R"("subject":{)", R"("subject":{"citizenship":"x",)"),
      replaced(kGood, "2025-01-27", "2027-01-27"),
      replaced(kGood, R"("purpose":"civil_immigration_enforcement")", R"("purpose":"x")"),
      // More keys than the check compares one by one before it uses a set.
      replaced(kGood, R"("subject":{)", R"("subject":{)" + many_keys(40) + R"("k33":0,)"),
  };
  size_t accepted = 0;
  for (const std::string& text : texts) {
    auto kept = parse_request(text, lib, kNow, Keep::Record);
    auto alone = parse_request(text, lib, kNow, Keep::RequestOnly);
    EXPECT_EQ(outcome(kept), outcome(alone)) << text;
    if (kept && alone) {
      ++accepted;
      EXPECT_TRUE(kept->record.is_object());
      EXPECT_TRUE(alone->record.is_null());
      EXPECT_EQ(policy::request_to_json(kept->request, lib.vocabulary()),
                policy::request_to_json(alone->request, lib.vocabulary()));
    }
  }
  // The good request, and Denver's without a forbidden field, pass.
  EXPECT_EQ(accepted, 2u);
  EXPECT_EQ(outcome(parse_request(texts[4], lib, kNow, Keep::RequestOnly)),
            "/id: repeated key (each key may appear once)");
  EXPECT_EQ(outcome(parse_request(texts[7], lib, kNow, Keep::RequestOnly)),
            "/subject/n/1/a: repeated key (each key may appear once)");
  EXPECT_EQ(outcome(parse_request(texts.back(), lib, kNow, Keep::RequestOnly)),
            "/subject/k33: repeated key (each key may appear once)");
  EXPECT_EQ(outcome(parse_request(texts[10], lib, kNow, Keep::RequestOnly)).substr(0, 42),
            "/subject/citizenship: must not be recorded");
}

}  // namespace
}  // namespace trustgate::intake
