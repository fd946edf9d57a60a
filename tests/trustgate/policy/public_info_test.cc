// Public information in packs (policy/public_info.h): the shipped packs'
// contacts load and carry their sources; a bad member is refused with its
// JSON Pointer; and context_paths_read lists what a law reads.
#include "trustgate/policy/public_info.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "test_library.h"
#include "trustgate/policy/analysis.h"

namespace trustgate::policy {
namespace {

namespace fs = std::filesystem;

fs::path pack_dir(const std::string& id) {
  return fs::path(TRUSTGATE_SOURCE_DIR) / "policies" / id;
}

TEST(PublicInfoTest, ChicagoPublishesLegalAidWithItsSource) {
  auto info = load_public_info(pack_dir("us-il-chicago"));
  ASSERT_TRUE(info) << info.error().message;
  const common::Json* contacts = info->find("contacts");
  ASSERT_TRUE(contacts);
  bool nijc = false;
  for (const common::Json& c : contacts->as_array()) {
    if (c.string_or_empty("name").find("National Immigrant Justice Center") !=
        std::string_view::npos) {
      nijc = true;
      EXPECT_EQ(c.string_or_empty("phone"), "+1-312-660-1370");
      EXPECT_FALSE(c.find("description")->string_or_empty("es").empty());
      EXPECT_EQ(c.find("source")->string_or_empty("seen"), "2026-12-01");
    }
  }
  EXPECT_TRUE(nijc);
}

TEST(PublicInfoTest, TheFederalLayerLinksTheDetaineeLocator) {
  auto info = load_public_info(pack_dir("us"));
  ASSERT_TRUE(info) << info.error().message;
  const common::Json& locator = info->find("contacts")->as_array().at(0);
  EXPECT_EQ(locator.string_or_empty("kind"), "locator");
  EXPECT_EQ(locator.string_or_empty("url"), "https://locator.ice.gov/odls/");
}

TEST(PublicInfoTest, ChicagoTranslatesEveryPolicyIntoSpanish) {
  const Library& lib = testing::shipped_library();
  for (const char* id : {"us", "us-il", "us-il-cook", "us-il-chicago"}) {
    auto info = load_public_info(pack_dir(id));
    ASSERT_TRUE(info) << info.error().message;
    const common::Json* es = info->find("translations")->find("es");
    ASSERT_TRUE(es) << id;
    for (const auto& pack : lib.chain("us-il-chicago")->packs) {
      if (pack->id != id) continue;
      for (const Provision& p : pack->provisions) EXPECT_TRUE(es->find(p.id)) << p.id;
      EXPECT_EQ(es->as_object().size(), pack->provisions.size()) << id;
    }
  }
}

TEST(PublicInfoTest, APackWithoutItIsNull) {
  auto info = load_public_info(pack_dir("us-tx"));
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_TRUE(info->is_null());
}

class BadPublicInfoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tg-public-info-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  base::Error load(const std::string& public_member) {
    std::ofstream(dir_ / "pack.json") << R"({"id": "x", "public": )" << public_member << "}";
    auto r = load_public_info(dir_);
    EXPECT_FALSE(r);
    return r ? base::Error{} : r.error();
  }
  fs::path dir_;
};

constexpr const char* kContact = R"({"name": "N", "kind": "legal_aid",
  "description": {"en": "e", "es": "s"}, "phone": "+1 (312) 555-0100",
  "source": {"url": "https://example.org/", "seen": "2026-12-01"}})";

TEST_F(BadPublicInfoTest, AGoodContactLoads) {
  std::ofstream(dir_ / "pack.json") << R"({"public": {"contacts": [)" << kContact << "]}}";
  EXPECT_TRUE(load_public_info(dir_));
}

TEST_F(BadPublicInfoTest, EachProblemNamesItsMember) {
  auto with = [](const std::string& from, const std::string& to) {
    std::string c = kContact;
    c.replace(c.find(from), from.size(), to);
    return R"({"contacts": [)" + c + "]}";
  };
  EXPECT_EQ(load(R"({"other": []})").field, "/public/other");
  EXPECT_EQ(load(with(R"("phone": "+1 (312) 555-0100")", R"("phone": "call us")")).field,
            "/public/contacts/0/phone");
  EXPECT_EQ(load(with(R"("es": "s")", R"("fr": "s")")).field, "/public/contacts/0/description/es");
  EXPECT_EQ(load(with("https://example.org/", "http://example.org/")).field,
            "/public/contacts/0/source/url");
  EXPECT_EQ(load(with("2026-12-01", "yesterday")).field, "/public/contacts/0/source/seen");
  EXPECT_EQ(load(with(R"("kind": "legal_aid")", R"("kind": "lawyer")")).field,
            "/public/contacts/0/kind");
  EXPECT_EQ(load(R"({"rights": [{"en": "e"}]})").field, "/public/rights/0/es");
  EXPECT_EQ(load(R"({"translations": {"fr": {}}})").field, "/public/translations/fr");
  EXPECT_EQ(load(R"({"translations": {"es": {"x/p": ""}}})").field, "/public/translations/es/x~1p");
}

TEST(ContextPathsReadTest, ChicagoReadsWhatItsPoliciesTestAndNothingItForbidsRecording) {
  const Library& lib = testing::shipped_library();
  auto chain = lib.chain("us-il-chicago");
  ASSERT_TRUE(chain);
  auto paths = context_paths_read(chain->at(*parse_date("2025-01-27")), lib.vocabulary());
  auto has = [&](const std::string& p) {
    return std::find(paths.begin(), paths.end(), p) != paths.end();
  };
  EXPECT_TRUE(has("instrument"));
  EXPECT_TRUE(has("purpose"));
  EXPECT_FALSE(has("*"));
  // What the law forbids recording is never something it reads.
  for (const auto& pack : chain->packs) {
    for (const std::string& field : pack->unrecordable_fields) EXPECT_FALSE(has(field)) << field;
  }
}

}  // namespace
}  // namespace trustgate::policy
