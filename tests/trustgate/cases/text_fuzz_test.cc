// Random bytes through every text field a command records: the request's
// id, agency, jurisdiction and form (raw in the JSON text, and as \u
// escapes), a signer's name, an override's reason, the actor. Whatever is
// accepted must be recordable; whatever is refused must leave nothing
// behind; the log must always verify and the store always match it.
//
// TRUSTGATE_TEXT_FUZZ sets the number of attempts (default 600).
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "trustgate/cases/data_dir.h"
#include "trustgate/cases/store_check.h"
#include "trustgate/cases/workflow.h"
#include "trustgate/ledger/ledger_test_util.h"
#include "trustgate/ledger/verify.h"
#include "trustgate/policy/test_library.h"

namespace trustgate::cases {
namespace {

std::string random_text(std::mt19937_64& rng) {
  static const std::vector<std::string> kPieces = {"a",
                                                   "Z",
                                                   " ",
                                                   "\n",
                                                   "\r",
                                                   "\t",
                                                   "\x1b[2J",
                                                   "\x7f",
                                                   "\xc2\x85",
                                                   "\xe2\x80\xae",
                                                   "\xff",
                                                   "\xc3",
                                                   "\xed\xa0\x80",
                                                   "\xf0\x9f\x98\x80",
                                                   "\"",
                                                   "\\",
                                                   "/",
                                                   "~",
                                                   "-",
                                                   "\xc3\xbc",
                                                   "\0"};
  std::string out;
  size_t n = rng() % 12;
  if (rng() % 20 == 0) n = 150 + rng() % 300;  // sometimes past the limits
  for (size_t i = 0; i < n; ++i) {
    if (rng() % 3 == 0) {
      out += static_cast<char>(rng() % 256);
    } else {
      out += kPieces[rng() % kPieces.size()];
    }
  }
  return out;
}

// `s` as the inside of a JSON string: raw bytes, or \u escapes for some.
std::string json_inside(const std::string& s, std::mt19937_64& rng) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\' || (c < 0x20 && rng() % 2)) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string request_with(const std::string& field, const std::string& value, int n) {
  std::string id = field == "id" ? value : "fuzz-" + std::to_string(n);
  std::string agency = field == "receiving_agency" ? value : "t-police";
  std::string jurisdiction = field == "jurisdiction" ? value : "t-city";
  std::string form = field == "form" ? value : "I-247A";
  return "{\"id\": \"" + id + "\", \"received_at\": \"2025-01-27T14:03:00-06:00\", " +
         "\"jurisdiction\": \"" + jurisdiction + "\", \"receiving_agency\": \"" + agency +
         "\", \"requester\": {\"agency\": \"ice-ero\"}, \"instrument\": {\"type\": \"detainer\", " +
         "\"form\": \"" + form + "\"}, \"actions\": [\"on_scene_assistance\"], " +
         "\"purpose\": \"civil_immigration_enforcement\", \"subject\": {\"in_custody\": true}}";
}

TEST(TextFuzzTest, RandomTextNeverBricksTheDataDirectory) {
  const char* env = std::getenv("TRUSTGATE_TEXT_FUZZ");
  const int attempts = env ? std::atoi(env) : 600;
  trustgate::testing::TempDir tmp;
  policy::testing::TempPolicies packs;
  packs.pack("t", "",
             R"(@id("t/base") @cite("c") @explain("e") permit (principal, action, resource);)");
  packs.pack("t-city", "t", R"(@id("t-city/x") @cite("c") @explain("e")
    permit (principal, action == Action::"on_scene_assistance", resource);)");
  ASSERT_TRUE(init_data_dir(tmp.path() / "d", {"trustgate/fuzz", packs.root()}));
  auto data = open_data_dir(tmp.path() / "d", Access::Write);
  ASSERT_TRUE(data) << data.error().describe();
  auto lib = policy::Library::open(data->policies());
  ASSERT_TRUE(lib);
  CaseWorkflow w(*data->store, *data->ledger, *lib, data->archive.get());
  ASSERT_TRUE(w.open());
  std::mt19937_64 rng(7);
  std::vector<std::string> open_cases;
  int accepted = 0, refused = 0;
  const char* kFields[] = {"id", "receiving_agency", "jurisdiction", "form",
                           "by", "reason",           "actor"};
  for (int i = 0; i < attempts; ++i) {
    const std::string field = kFields[rng() % std::size(kFields)];
    const std::string text = random_text(rng);
    const uint64_t before = data->ledger->size();
    bool ok = false;
    if (field == "by" || field == "reason" || field == "actor") {
      if (open_cases.empty()) continue;
      const std::string id = open_cases[rng() % open_cases.size()];
      Actor actor{field == "actor" ? text : "fuzzer", "cli"};
      auto r = field == "reason"
                   ? w.override_decision(id, Role::Supervisor, "Sgt", text, actor)
                   : w.sign_off(id, Role::Supervisor, field == "by" ? text : "Sgt", false, actor);
      ok = r.ok();
      if (ok) std::erase(open_cases, id);
    } else {
      auto r = w.submit(request_with(field, json_inside(text, rng), i), Actor{"fuzzer", "cli"});
      ok = r.ok();
      if (ok && r->created && r->case_.state == CaseState::AwaitingSupervisor) {
        open_cases.push_back(r->case_.id);
      }
    }
    (ok ? accepted : refused)++;
    if (!ok) {
      ASSERT_EQ(data->ledger->size(), before) << field << " " << text;
    }
    if (i % 50 == 49 || i + 1 == attempts) {
      auto store = check_store(*data->store, *data->ledger);
      ASSERT_TRUE(store) << store.error().describe();
      ledger::VerifyOptions o;
      o.key = data->ledger->note_key();
      auto v = ledger::verify_ledger(tmp.path() / "d" / "ledger", o);
      ASSERT_TRUE(v) << v.error().describe();
    }
  }
  EXPECT_GT(accepted, 0);
  EXPECT_GT(refused, 0);
  std::printf("text fuzz: %d accepted, %d refused, log and store checked\n", accepted, refused);
}

}  // namespace
}  // namespace trustgate::cases
