// Every report kind on a small history whose expected figures were worked
// out by hand (the comments give each case), and report verification.
// GCC 12 at -O1 with the sanitizers warns of an uninitialised std::function
// inside <regex> (a false positive in the library's own code, not ours).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "trustgate/report/report.h"

#include <gtest/gtest.h>

#include <regex>

#include "base/digest.h"
#include "report_fixture.h"
#include "trustgate/common/json.h"
#include "trustgate/ledger/reader.h"

namespace trustgate::report {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows rows_of(const Table& t) {
  Rows out;
  for (const auto& row : t.rows) {
    std::vector<std::string> r;
    for (const Cell& c : row) r.push_back(c.display());
    out.push_back(std::move(r));
  }
  for (size_t i = 0; i < t.text_rows.size(); ++i) {
    std::vector<std::string> r;
    for (size_t c = 0; c < t.text_rows.width(); ++c) r.emplace_back(t.text_rows.cell(i, c));
    out.push_back(std::move(r));
  }
  return out;
}

class ReportTest : public testing::HandHistory {
 protected:
  Report build(const std::string& kind, bool is_public = false,
               std::optional<policy::Date> from = {}, std::optional<policy::Date> to = {}) {
    ReportParameters p;
    p.kind = kind;
    p.is_public = is_public;
    p.from = from;
    p.to = to;
    auto r = build_report(history(), p, checkpoint());
    EXPECT_TRUE(r) << r.error().describe();
    return r ? *r : Report{};
  }
  Rows table(const Report& r, const std::string& id) {
    const Table* t = r.table(id);
    EXPECT_NE(t, nullptr) << "no table " << id;
    return t ? rows_of(*t) : Rows{};
  }
  std::string id(int n) { return ids_[n - 1]; }
};

TEST_P(ReportTest, Summary) {
  Report r = build("summary");
  EXPECT_EQ(r.cases, 9u);
  EXPECT_EQ(r.table("requests_by_month")->columns,
            (std::vector<std::string>{"month", "detainer", "admin_arrest_warrant",
                                      "judicial_warrant", "admin_subpoena", "informal", "total"}));
  EXPECT_EQ(table(r, "requests_by_month"), (Rows{{"2025-01", "2", "0", "0", "0", "0", "2"},
                                                 {"2025-02", "0", "1", "0", "0", "1", "2"},
                                                 {"2025-03", "1", "0", "0", "0", "1", "2"},
                                                 {"2025-04", "1", "0", "1", "1", "0", "3"},
                                                 {"total", "4", "1", "1", "1", "2", "9"}}));
  EXPECT_EQ(table(r, "outcomes_by_instrument"), (Rows{{"detainer", "2", "3", "1", "6"},
                                                      {"admin_arrest_warrant", "0", "0", "1", "1"},
                                                      {"judicial_warrant", "0", "0", "1", "1"},
                                                      {"admin_subpoena", "1", "0", "0", "1"},
                                                      {"informal", "0", "1", "1", "2"},
                                                      {"total", "3", "4", "4", "11"}}));
  EXPECT_EQ(table(r, "outcomes_by_action"), (Rows{{"hold_beyond_release", "0", "3", "0", "3"},
                                                  {"notify_release", "2", "0", "0", "2"},
                                                  {"transfer_custody", "0", "0", "3", "3"},
                                                  {"interview_access", "1", "0", "0", "1"},
                                                  {"share_records", "0", "0", "1", "1"},
                                                  {"on_scene_assistance", "0", "1", "0", "1"},
                                                  {"total", "3", "4", "4", "11"}}));
  EXPECT_EQ(table(r, "requests_by_requester"), (Rows{{"2025-01", "2", "0", "0", "0", "2"},
                                                     {"2025-02", "2", "0", "0", "0", "2"},
                                                     {"2025-03", "1", "0", "1", "0", "2"},
                                                     {"2025-04", "1", "1", "0", "1", "3"},
                                                     {"total", "6", "1", "1", "1", "9"}}));
  EXPECT_EQ(r.table("requests_by_requester")->columns,
            (std::vector<std::string>{"month", "ice-ero", "ice-hsi", "cbp", "usms", "total"}));
  EXPECT_EQ(table(r, "overrides"), (Rows{{"2025-01", "0", "0", "0"},
                                         {"2025-02", "1", "0", "1"},
                                         {"2025-03", "1", "0", "1"},
                                         {"2025-04", "0", "0", "0"},
                                         {"total", "2", "0", "2"}}));
  EXPECT_EQ(table(r, "sign_offs"), (Rows{{"2025-01", "1", "0", "1"},
                                         {"2025-02", "0", "0", "0"},
                                         {"2025-03", "1", "0", "1"},
                                         {"2025-04", "1", "0", "1"},
                                         {"total", "3", "0", "3"}}));
  const Rows overridden = table(r, "overridden_cases");
  ASSERT_EQ(overridden.size(), 2u);
  EXPECT_EQ(overridden[0],
            (std::vector<std::string>{id(3), "2025-02-05", "t-city", "t-jail", "supervisor"}));
  EXPECT_EQ(overridden[1][0], id(6));
  // The cube: one row per distinct combination, 11 outcomes in all.
  int64_t outcomes = 0;
  for (const auto& row : r.table("outcomes")->rows) outcomes += row.back().count;
  EXPECT_EQ(outcomes, 11);
  EXPECT_EQ(table(r, "outcomes")[0],
            (std::vector<std::string>{"2025-01", "detainer", "ice-ero", "hold_beyond_release",
                                      "prohibited", "decline", "2"}));
}

TEST_P(ReportTest, SummaryOfAPeriod) {
  Report r =
      build("summary", false, *policy::parse_date("2025-02-01"), *policy::parse_date("2025-03-31"));
  EXPECT_EQ(r.cases, 4u);  // C3 to C6
  EXPECT_EQ(table(r, "requests_by_month").back(),
            (std::vector<std::string>{"total", "1", "1", "2", "4"}));
}

TEST_P(ReportTest, Illinois805_25) {
  Report r = build("il-805-25");
  EXPECT_EQ(table(r, "detainers_and_warrants"),
            (Rows{{id(1), "t-jail", "detainer", "2025-01-10", "2025-01-11T09:00:00-06:00",
                   "released", "2025-01-11T12:00:00-06:00", ""},
                  {id(2), "t-jail", "detainer", "2025-01-20", "", "transferred",
                   "2025-01-22T08:00:00-06:00", "ice-ero"},
                  {id(3), "t-jail", "admin_arrest_warrant", "2025-02-05", "", "released",
                   "2025-02-06T15:00:00-06:00", ""},
                  {id(6), "t-jail", "detainer", "2025-03-20", "", "transferred",
                   "2025-03-22T09:00:00-06:00", "ice-ero"},
                  {id(9), "t-jail", "detainer", "2025-04-30", "", "", "", ""}}));
  const Rows support = table(r, "support_requests");
  ASSERT_EQ(support.size(), 3u);  // C4, C5, C8: DHS, civil, neither detainer nor warrant
  EXPECT_EQ(support[0],
            (std::vector<std::string>{id(4), "2025-02-14", "t-police", "ice-ero", "informal",
                                      "on_scene_assistance",
                                      "on_scene_assistance: decline (prohibited)", ""}));
  EXPECT_EQ(support[1][6], "share_records: refer_supervisor (discretionary)");
  EXPECT_EQ(support[1][7], "signed off by a supervisor");
  EXPECT_EQ(support[2][0], id(8));
  EXPECT_EQ(table(r, "detainers_by_month"), (Rows{{"2025-01", "1", "1", "0", "2"},
                                                  {"2025-02", "1", "0", "0", "1"},
                                                  {"2025-03", "0", "1", "0", "1"},
                                                  {"2025-04", "0", "0", "1", "1"},
                                                  {"total", "2", "2", "1", "5"}}));
  for (const std::string& s : r.statements) EXPECT_EQ(s.find("certifies"), std::string::npos);
}

TEST_P(ReportTest, IllinoisCertifiesWhenNothingWasReceived) {
  Report r = build("il-805-25", false, *policy::parse_date("2026-01-01"),
                   *policy::parse_date("2026-12-31"));
  int certified = 0;
  for (const std::string& s : r.statements) certified += s.find("certifies") != std::string::npos;
  EXPECT_EQ(certified, 2);
  EXPECT_EQ(r.table("detainers_and_warrants")->row_count(), 0u);
}

TEST_P(ReportTest, Chicago2_173_069) {
  Report r = build("chicago-2-173-069");
  EXPECT_EQ(table(r, "detainers_and_warrants"),
            (Rows{{id(1), "2025-Q1", "2025-01-10", "detainer", "no", ""},
                  {id(2), "2025-Q1", "2025-01-20", "detainer", "yes", "ice-ero"},
                  {id(3), "2025-Q1", "2025-02-05", "admin_arrest_warrant", "no", ""},
                  {id(6), "2025-Q1", "2025-03-20", "detainer", "yes", "ice-ero"},
                  {id(9), "2025-Q2", "2025-04-30", "detainer", "no", ""}}));
  EXPECT_EQ(table(r, "notifications"), (Rows{{id(4), "2025-Q1", "2025-02-14T10:30:00-06:00",
                                              "2025-02-14", "ice-ero", "on_scene_assistance"}}));
  EXPECT_EQ(
      table(r, "detainers_by_quarter"),
      (Rows{{"2025-Q1", "2", "2", "4"}, {"2025-Q2", "0", "1", "1"}, {"total", "2", "3", "5"}}));
}

TEST_P(ReportTest, NewYorkCityDetainers) {
  Report r = build("nyc-detainers");
  // C1 released without a hold (not honored), C2 transferred to ICE without a
  // hold, C6 held then transferred, C9 still in custody.
  EXPECT_EQ(table(r, "detainer_outcomes"), (Rows{{"t-jail", "1", "0", "1", "1", "1", "4"},
                                                 {"total", "1", "0", "1", "1", "1", "4"}}));
  EXPECT_EQ(table(r, "figures"),
            (Rows{{"t-jail", "4", "1", "2", "1"}, {"total", "4", "1", "2", "1"}}));
}

TEST_P(ReportTest, CaliforniaTruthAct) {
  Report r = build("ca-truth-act");
  // Jan: C1 notified ICE, C2 transferred to ICE; Mar: C6 held and
  // transferred; Apr: C8's interview decided `comply` (other).
  EXPECT_EQ(table(r, "ice_access_by_month"), (Rows{{"2025-01", "0", "1", "1", "0", "2"},
                                                   {"2025-02", "0", "0", "0", "0", "0"},
                                                   {"2025-03", "1", "1", "0", "0", "2"},
                                                   {"2025-04", "0", "0", "0", "1", "1"},
                                                   {"total", "1", "2", "1", "1", "5"}}));
  EXPECT_EQ(table(r, "individuals_by_month"), (Rows{{"2025-01", "2", "2"},
                                                    {"2025-02", "0", "0"},
                                                    {"2025-03", "1", "1"},
                                                    {"2025-04", "1", "1"},
                                                    {"total", "4", "4"}}));
}

TEST_P(ReportTest, PublicReportsListNoCaseAndSuppressSmallCounts) {
  for (const KindInfo& kind : report_kinds()) {
    Report r = build(std::string(kind.id), true);
    const std::string text = *render(r, RenderOptions{Format::Json, ""});
    for (int n = 1; n <= 9; ++n) {
      EXPECT_EQ(text.find(id(n)), std::string::npos) << kind.id << " lists " << id(n);
    }
    for (const Table& t : r.tables) {
      // Cross-tabulations only; nyc-detainers' figures are sums of one.
      EXPECT_TRUE(t.crosstab || t.id == "figures") << kind.id << ": " << t.id << " is a listing";
      EXPECT_TRUE(t.text_rows.empty()) << kind.id << ": " << t.id;
      for (const auto& row : t.rows) {
        for (const Cell& c : row) {
          if (c.is_count && c.count >= 1 && c.count <= 4) {
            EXPECT_EQ(c.display(), "<5") << kind.id << ": " << t.id;
          }
        }
      }
    }
  }
}

TEST_P(ReportTest, AReportNamesItsCheckpointAndDigest) {
  for (const KindInfo& kind : report_kinds()) {
    for (bool is_public : {false, true}) {
      Report r = build(std::string(kind.id), is_public);
      EXPECT_EQ(r.checkpoint.checkpoint.size, checkpoint().checkpoint.size);
      ASSERT_EQ(r.sha256.size(), 64u);
      auto text = render(r, RenderOptions{Format::Json, ""});
      ASSERT_TRUE(text);
      // Canonical JSON on one line: parsed and written again, the same bytes.
      auto doc = common::parse_json(*text);
      ASSERT_TRUE(doc) << kind.id;
      EXPECT_EQ(doc->canonical() + "\n", *text) << kind.id << (is_public ? " public" : "");
      EXPECT_EQ(doc->string_or_empty("sha256"), r.sha256);
      EXPECT_EQ(doc->find("checkpoint")->find("size")->as_int(),
                static_cast<int64_t>(checkpoint().checkpoint.size));
      // The digest is of that JSON without its "sha256" member.
      std::string content = text->substr(0, text->size() - 1);
      const std::string member = "\"sha256\":\"" + r.sha256 + "\",";
      const size_t at = content.find(member);
      ASSERT_NE(at, std::string::npos);
      content.erase(at, member.size());
      EXPECT_EQ(r.sha256, base::sha256_hex(content)) << kind.id;
      // A pure function of the ledger prefix: the same again.
      EXPECT_EQ(*render(build(std::string(kind.id), is_public), RenderOptions{Format::Json, ""}),
                *text);
    }
  }
}

TEST_P(ReportTest, VerifyAcceptsEveryRenderingAndRejectsAnyChangedNumber) {
  const std::pair<Format, const char*> formats[] = {
      {Format::Json, "json"}, {Format::Csv, "csv"}, {Format::Html, "html"}};
  for (const KindInfo& kind : report_kinds()) {
    for (auto [format, name] : formats) {
      Report r = build(std::string(kind.id));
      auto text = render(r, RenderOptions{format, ""});
      ASSERT_TRUE(text) << text.error().describe();
      auto ok = verify_report(*text, log(), key());
      ASSERT_TRUE(ok) << kind.id << " " << name << ": " << ok.error().describe();
      EXPECT_TRUE(ok->matches) << kind.id << " " << name << ": " << ok->detail;
      // Numbers of the body (counts, dates, times), one at a time, one more.
      const std::string body = text->substr(0, text->find("trustgate-report-provenance"));
      const std::regex number(R"(\d+)");
      std::vector<std::pair<size_t, std::string>> numbers;
      for (auto it = std::sregex_iterator(body.begin(), body.end(), number);
           it != std::sregex_iterator(); ++it) {
        numbers.emplace_back(static_cast<size_t>(it->position(0)), it->str(0));
      }
      size_t tried = 0;
      const size_t step = std::max<size_t>(1, numbers.size() / 30);
      for (size_t i = 0; i < numbers.size(); i += step, ++tried) {
        const auto& [at, digits] = numbers[i];
        std::string altered = *text;
        altered[at + digits.size() - 1] = digits.back() == '9' ? '0' : digits.back() + 1;
        auto bad = verify_report(altered, log(), key());
        EXPECT_TRUE(!bad || !bad->matches) << kind.id << " " << name << ": the number " << digits
                                           << " at " << at << " changed, still verifies";
      }
      EXPECT_GT(tried, 0u) << kind.id << " " << name;
    }
  }
}

TEST_P(ReportTest, VerifyRejectsAForgedCheckpointAndAnAlteredLog) {
  Report r = build("summary");
  auto text = render(r, RenderOptions{Format::Json, ""});
  ASSERT_TRUE(text);
  // One letter of the checkpoint's signature.
  const std::string line = "\xE2\x80\x94 trustgate/test ";
  const size_t at = text->find(line);
  ASSERT_NE(at, std::string::npos);
  std::string forged = *text;
  char& c = forged[at + line.size() + 10];
  c = c == 'A' ? 'B' : 'A';
  auto bad = verify_report(forged, log(), key());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, base::ErrorKind::Corruption);
  // The log the report was computed from, altered afterwards.
  tamper("\"2025-01-11T12:00:00-06:00\"", "\"2025-01-11T13:00:00-06:00\"");
  auto altered = verify_report(*text, log(), key());
  ASSERT_FALSE(altered);
  EXPECT_EQ(altered.error().kind, base::ErrorKind::Corruption) << altered.error().describe();
}

TEST_P(ReportTest, EitherBackendsLedgerInterfaceReadsTheSameHistory) {
  // Through the ledger (for files: Ledger::read_run's entry-by-entry default;
  // PostgreSQL: its range query, what log() is already), the same history.
  auto h = read_history(ledger::LogSource(ledger()), checkpoint().checkpoint);
  ASSERT_TRUE(h) << h.error().describe();
  EXPECT_EQ(h->entries, history().entries);
  ASSERT_EQ(h->cases.size(), 9u);
  ReportParameters p;
  p.kind = "summary";
  auto a = build_report(*h, p, checkpoint());
  ASSERT_TRUE(a);
  EXPECT_EQ(*render(*a, RenderOptions{}), *render(build("summary"), RenderOptions{}));
  // A checkpoint beyond what the ledger holds is refused.
  ledger::Checkpoint beyond = checkpoint().checkpoint;
  beyond.size += 1;
  auto short_log = read_history(ledger::LogSource(ledger()), beyond);
  ASSERT_FALSE(short_log);
  EXPECT_EQ(short_log.error().kind, base::ErrorKind::Corruption);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportTest, trustgate::testing::kAllBackends,
                         trustgate::testing::backend_name);

}  // namespace
}  // namespace trustgate::report
