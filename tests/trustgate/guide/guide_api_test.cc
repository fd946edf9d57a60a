// GET /v1/guides/{jurisdiction}: public, the same guide as the CLI's, and
// errors as problem+json naming the bad query parameter.
#include <gtest/gtest.h>

#include <filesystem>

#include "trustgate/accounts/accounts.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/policy/test_library.h"
#include "trustgate/server/service.h"

namespace trustgate::server {
namespace {

namespace fs = std::filesystem;

class GuideApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("trustgate-guide-api-" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    fs::remove_all(dir_);
    cases::InitOptions init;
    init.policies_from = policy::testing::shipped_policies();
    // The service opens the account store `init` makes (with no account:
    // every call here is anonymous).
    init.also = [](const fs::path& dir) -> base::Status {
      auto store = accounts::AccountStore::open(dir / "accounts.db", true);
      if (!store) return store.error();
      return base::Status::Ok();
    };
    auto config = cases::init_data_dir(dir_, init);
    ASSERT_TRUE(config) << config.error().describe();
    ServiceOptions options;
    options.data = dir_;
    options.workers = 2;
    auto service = Service::open(options);
    ASSERT_TRUE(service) << service.error().describe();
    service_ = std::move(*service);
  }
  void TearDown() override {
    service_.reset();
    fs::remove_all(dir_);
  }

  // An anonymous GET.
  HttpResponse get(const std::string& target) {
    HttpRequest request;
    request.method = "GET";
    request.target = target;
    HttpResponse out;
    service_->handle(std::move(request), [&](HttpResponse r) { out = std::move(r); });
    service_->drain();
    return out;
  }

  fs::path dir_;
  std::unique_ptr<Service> service_;
};

TEST_F(GuideApiTest, AnyoneGetsTheGuideInEitherLanguage) {
  HttpResponse en = get("/v1/guides/us-il-chicago?agency=chicago-police&at=2025-06-01&format=md");
  ASSERT_EQ(en.status, 200) << en.body;
  EXPECT_EQ(en.operation, "get_guide");
  EXPECT_EQ(en.content_type, "text/markdown; charset=utf-8");
  EXPECT_NE(en.body.find("DECLINE"), std::string::npos);
  EXPECT_NE(en.body.find("not legal advice"), std::string::npos);
  HttpResponse es = get("/v1/guides/us-il-chicago?agency=chicago-police&at=2025-06-01&lang=es");
  ASSERT_EQ(es.status, 200) << es.body;
  EXPECT_EQ(es.content_type, "text/html; charset=utf-8");
  EXPECT_NE(es.body.find("<html lang=\"es\">"), std::string::npos);
  EXPECT_NE(es.body.find("NIÉGUESE"), std::string::npos);
  EXPECT_NE(es.body.find("no asesoría legal"), std::string::npos);
}

TEST_F(GuideApiTest, ErrorsNameTheBadParameter) {
  struct Case {
    const char* target;
    int status;
    const char* pointer;
  } cases[] = {
      {"/v1/guides/us-il-chicago", 400, "/agency"},
      {"/v1/guides/us-il-chicago?agency=chicago-fire", 400, "/agency"},
      {"/v1/guides/us-il-chicago?agency=chicago-police&lang=fr", 400, "/lang"},
      {"/v1/guides/us-il-chicago?agency=chicago-police&format=doc", 400, "/format"},
      {"/v1/guides/us-il-chicago?agency=chicago-police&at=2025-13-01", 400, "/at"},
      {"/v1/guides/us-il-nowhere?agency=chicago-police", 404, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.target);
    HttpResponse r = get(c.target);
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(r.content_type, "application/problem+json");
    if (*c.pointer) {
      EXPECT_NE(r.body.find("\"pointer\":\"" + std::string(c.pointer) + "\""), std::string::npos)
          << r.body;
    }
  }
}

}  // namespace
}  // namespace trustgate::server
