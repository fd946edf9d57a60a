// GET /v1/cases pages with an opaque cursor: every page but the last holds
// exactly `limit` cases and a next_cursor that gives the rest; the last page
// has cases and no cursor. Checked over the store's own read size (500),
// where a page fills up exactly at the end of a read: 499, 500, 501 and 1000
// cases, with limit-sized pages, and with a date filter that skips cases.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "trustgate/accounts/accounts.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/cases/workflow.h"
#include "trustgate/common/json.h"
#include "trustgate/demo/history.h"
#include "trustgate/policy/test_library.h"
#include "trustgate/server/service.h"

namespace trustgate::server {
namespace {

namespace fs = std::filesystem;

struct Listed {
  std::string id;
  std::string day;  // received_at's date
};

class ListPagingTest : public ::testing::TestWithParam<uint64_t> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("trustgate-list-paging-" + std::to_string(GetParam()) + "-" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    fs::remove_all(dir_);
    cases::InitOptions init;
    init.policies_from = policy::testing::shipped_policies();
    init.also = [this](const fs::path& dir) -> base::Status {
      auto store = accounts::AccountStore::open(dir / "accounts.db", true);
      if (!store) return store.error();
      if (auto u = (*store)->add_user("admin", "admin", "", ""); !u) return u.error();
      auto t = (*store)->issue_token("admin", "test");
      if (!t) return t.error();
      token_ = *t;
      return base::Status::Ok();
    };
    auto config = cases::init_data_dir(dir_, init);
    ASSERT_TRUE(config) << config.error().describe();
    RecordCases(GetParam());
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

  // `n` cases recorded in the data directory (before the service opens it).
  void RecordCases(uint64_t n) {
    auto data = cases::open_data_dir(dir_, cases::Access::Write);
    ASSERT_TRUE(data) << data.error().describe();
    auto library = policy::Library::open(data->policies());
    ASSERT_TRUE(library) << library.error().describe();
    cases::CaseWorkflow workflow(*data->store, *data->ledger, *library, data->archive.get());
    ASSERT_TRUE(workflow.open());
    demo::DemoOptions options;
    options.cases = n;
    auto recorded = demo::record_demo(workflow, *library, options, {"test", "admin"});
    ASSERT_TRUE(recorded) << recorded.error().describe();
    ASSERT_EQ(recorded->cases, n);
  }

  HttpResponse Get(const std::string& target) {
    HttpRequest request;
    request.method = "GET";
    request.target = target;
    request.headers["authorization"] = "Bearer " + token_;
    HttpResponse out;
    service_->handle(std::move(request), [&](HttpResponse r) { out = std::move(r); });
    service_->drain();
    return out;
  }

  // Every page of `query` (plus limit and cursor), checked as it comes.
  std::vector<Listed> ListAll(const std::string& query, size_t limit) {
    std::vector<Listed> all;
    std::string cursor;
    for (int page = 0; page < 10000; ++page) {
      std::string target = "/v1/cases?limit=" + std::to_string(limit) + query;
      if (!cursor.empty()) target += "&cursor=" + cursor;
      HttpResponse r = Get(target);
      EXPECT_EQ(r.status, 200) << target << ": " << r.body;
      if (r.status != 200) return all;
      auto body = common::parse_json(r.body);
      EXPECT_TRUE(body) << r.body;
      if (!body) return all;
      const auto& cases = body->find("cases")->as_array();
      for (const common::Json& c : cases) {
        all.push_back({std::string(c.string_or_empty("id")),
                       std::string(c.string_or_empty("received_at")).substr(0, 10)});
      }
      const common::Json* next = body->find("next_cursor");
      const bool last = !next || next->is_null();
      if (last) {
        // The last page: no cursor, and cases unless there are none at all.
        EXPECT_TRUE(!cases.empty() || page == 0)
            << target << ": page " << page << " is empty (the previous page's cursor led nowhere)";
        return all;
      }
      EXPECT_EQ(cases.size(), limit) << target << ": page " << page << " is short but has a cursor";
      cursor = std::string(next->as_string());
    }
    ADD_FAILURE() << "paging did not end";
    return all;
  }

  fs::path dir_;
  std::string token_;
  std::unique_ptr<Service> service_;
};

std::vector<std::string> Ids(const std::vector<Listed>& cases) {
  std::vector<std::string> out;
  for (const Listed& c : cases) out.push_back(c.id);
  return out;
}

TEST_P(ListPagingTest, PagesOfTheLimitGiveEveryCaseOnceAndTheLastPageNoCursor) {
  const uint64_t n = GetParam();
  // One page of everything (at most the largest limit), the reference.
  std::vector<Listed> reference = ListAll("", 500);
  ASSERT_EQ(reference.size(), n);
  for (size_t limit : {size_t{500}, size_t{499}, size_t{250}, size_t{100}}) {
    EXPECT_EQ(Ids(ListAll("", limit)), Ids(reference)) << "limit " << limit;
  }
}

TEST_P(ListPagingTest, AFilterThatSkipsCasesPagesTheSameWay) {
  std::vector<Listed> reference = ListAll("", 500);
  ASSERT_FALSE(reference.empty());
  // From the date of the case at a third of the history: the cases before
  // it are read and skipped.
  const std::string from = reference[reference.size() / 3].day;
  std::vector<std::string> expected;
  for (const Listed& c : reference) {
    if (c.day >= from) expected.push_back(c.id);
  }
  for (size_t limit : {size_t{500}, expected.size(), size_t{100}}) {
    if (limit == 0 || limit > 500) continue;
    EXPECT_EQ(Ids(ListAll("&from=" + from, limit)), expected) << "limit " << limit;
  }
}

INSTANTIATE_TEST_SUITE_P(AroundTheStoreReadSize, ListPagingTest,
                         ::testing::Values(499, 500, 501, 1000),
                         [](const auto& info) { return std::to_string(info.param) + "_cases"; });

}  // namespace
}  // namespace trustgate::server
