// Field guides are derived from the law, never hand-written:
//  - agreement: every statement of a guide is what `decide` answers for the
//    request built from it (compliance, determining policies, obligations),
//    its sentences are decide's text sentences, and every answer any cell of
//    a row has is stated in that row;
//  - amendment: guides for dates either side of an amendment differ in
//    exactly the rows where `policy diff` finds changed cells;
//  - every shipped agency's guide renders in English and Spanish, with the
//    disclaimer and the law's date, and nothing left untranslated.
#include "trustgate/guide/guide.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "base/storage.h"
#include "trustgate/guide/guide_text.h"
#include "trustgate/policy/analysis.h"
#include "trustgate/policy/request.h"
#include "trustgate/policy/test_library.h"

namespace trustgate::guide {
namespace {

using policy::Compliance;
using policy::testing::shipped_library;

policy::Date date(const char* text) { return *policy::parse_date(text); }

std::vector<std::string> ids(const std::vector<const policy::Provision*>& ps) {
  std::vector<std::string> out;
  for (const auto* p : ps) out.push_back(p->id);
  return out;
}

std::vector<std::string> strings(const std::vector<std::string_view>& v) {
  return {v.begin(), v.end()};
}

// Checks every statement of `g` against decide() on the request built from it.
void expect_agreement(const Guide& g) {
  const policy::Library& lib = shipped_library();
  const policy::Vocabulary& v = lib.vocabulary();
  const policy::Wording english;
  text::PageText page = text::page_text(g, v, english);
  size_t statements = 0;
  for (size_t r = 0; r < g.rows.size(); ++r) {
    const Row& row = g.rows[r];
    std::vector<const Statement*> all;
    for (const Statement& s : row.usual) all.push_back(&s);
    for (const Statement& s : row.exceptions) all.push_back(&s);
    std::vector<const text::Item*> items;
    for (const text::Item& it : page.rows[r].usual) items.push_back(&it);
    for (const text::Item& it : page.rows[r].exceptions) items.push_back(&it);
    ASSERT_EQ(items.size(), all.size());
    for (size_t i = 0; i < all.size(); ++i) {
      const Statement& s = *all[i];
      std::string json = request_for_statement(g, s, v);
      SCOPED_TRACE(page.rows[r].document + " / " + page.rows[r].ask + ": " + json);
      auto request = policy::parse_request(json, v);
      ASSERT_TRUE(request) << request.error().describe();
      auto d = policy::decide(lib, *request, policy::DecideOptions{g.date});
      ASSERT_TRUE(d) << d.error().describe();
      ASSERT_EQ(d->outcomes.size(), 1u);
      const policy::Outcome& o = d->outcomes[0];
      EXPECT_EQ(o.compliance, s.outcome.compliance);
      EXPECT_EQ(ids(o.because), ids(s.outcome.because));
      EXPECT_EQ(strings(o.obligations), strings(s.outcome.obligations));
      EXPECT_EQ(d->policy_version, g.law->policy_version);
      // The guide's sentences are decide --format text's.
      std::string text = policy::decision_to_text(*d, v);
      EXPECT_NE(text.find(v.actions[s.action] + ": " + items[i]->sentences.headline + "\n"),
                std::string::npos)
          << text;
      for (const std::string& why : items[i]->sentences.why) {
        EXPECT_NE(text.find("  Why: " + why + "\n"), std::string::npos) << why;
      }
      for (const std::string& then : items[i]->sentences.then) {
        EXPECT_NE(text.find(then), std::string::npos) << then;
      }
      ++statements;
    }
    // Every answer the row's cells have is stated.
    for (size_t c = 0; c < 4; ++c) {
      if (row.cells[c] == 0) continue;
      EXPECT_TRUE(std::any_of(
          all.begin(), all.end(),
          [&](const Statement* s) { return static_cast<size_t>(s->outcome.compliance) == c; }))
          << page.rows[r].document << " / " << page.rows[r].ask << ": answer " << c << " unstated";
    }
  }
  EXPECT_GE(statements, kDocuments * kAsks);
}

TEST(GuideTest, EveryStatementAgreesWithDecide) {
  for (const char* day : {"2020-06-01", "2025-06-01"}) {
    SCOPED_TRACE(day);
    auto g = build_guide(shipped_library(), "us-il-chicago", "chicago-police", date(day));
    ASSERT_TRUE(g) << g.error().describe();
    expect_agreement(*g);
  }
}

TEST(GuideTest, AgreesWithDecideForASheriffInConflictWithTheState) {
  auto g =
      build_guide(shipped_library(), "us-tx-travis", "travis-county-sheriff", date("2025-06-01"));
  ASSERT_TRUE(g) << g.error().describe();
  expect_agreement(*g);
  // The detainer hold is the real conflict: CALL COUNSEL in the usual case.
  EXPECT_EQ(g->row(Document::Detainer, Ask::Hold).usual[0].outcome.compliance,
            Compliance::Conflict);
}

TEST(GuideTest, ChicagoPoliceDeclineADetainer) {
  auto g = build_guide(shipped_library(), "us-il-chicago", "chicago-police", date("2025-06-01"));
  ASSERT_TRUE(g);
  const Row& hold = g->row(Document::Detainer, Ask::Hold);
  ASSERT_FALSE(hold.usual.empty());
  for (const Statement& s : hold.usual) EXPECT_EQ(s.outcome.compliance, Compliance::Prohibited);
  // A judge's order addressed to the police changes some answer.
  bool compelled = false;
  for (const Statement& s :
       g->row(Document::JudicialWarrantOrOrder, Ask::ShareRecords).exceptions) {
    compelled = compelled || s.outcome.compliance == Compliance::Required;
  }
  EXPECT_TRUE(compelled);
}

TEST(GuideTest, ErrorsNameTheBadArgument) {
  auto j = build_guide(shipped_library(), "us-il-nowhere", "chicago-police", date("2025-06-01"));
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().field, "/jurisdiction");
  EXPECT_NE(j.error().message.find("us-il-chicago"), std::string::npos);
  auto a = build_guide(shipped_library(), "us-il-chicago", "chicago-fire", date("2025-06-01"));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().field, "/agency");
  EXPECT_NE(a.error().message.find("chicago-police"), std::string::npos);
}

// The answer of `s` (a statement of `from`) under the law of `to`'s date.
Compliance answer_under(const Guide& from, const Statement& s, const Guide& to) {
  const policy::Library& lib = shipped_library();
  auto request =
      policy::parse_request(request_for_statement(from, s, lib.vocabulary()), lib.vocabulary());
  auto d = policy::decide(lib, *request, policy::DecideOptions{to.date});
  return d->outcomes[0].compliance;
}

// Whether row r's answers differ between two guides: its cells by
// compliance, or the answer to any statement of either guide under the
// other's law. (Citations are not compared: a re-enacted rule cites a new
// section for the same answer, and diff compares answers.)
bool answers_differ(const Guide& a, const Guide& b, size_t r) {
  if (a.rows[r].cells != b.rows[r].cells) return true;
  for (auto [from, to] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
    for (const auto* list : {&from->rows[r].usual, &from->rows[r].exceptions}) {
      for (const Statement& s : *list) {
        if (answer_under(*from, s, *to) != s.outcome.compliance) return true;
      }
    }
  }
  return false;
}

TEST(GuideTest, AnAmendmentChangesExactlyTheRowsPolicyDiffFinds) {
  const policy::Library& lib = shipped_library();
  const policy::Vocabulary& v = lib.vocabulary();
  const policy::Date before = date("2020-06-01"), after = date("2022-06-01");
  auto chain = lib.chain("us-il-chicago");
  ASSERT_TRUE(chain);
  policy::DiffReport diff = policy::diff(*chain, before, *chain, after, v);
  auto police = std::find(diff.agencies.begin(), diff.agencies.end(), "chicago-police");
  ASSERT_NE(police, diff.agencies.end());
  const uint32_t police_bit = uint32_t{1} << (police - diff.agencies.begin());
  auto g1 = build_guide(lib, "us-il-chicago", "chicago-police", before);
  auto g2 = build_guide(lib, "us-il-chicago", "chicago-police", after);
  ASSERT_TRUE(g1 && g2);
  size_t changed_rows = 0;
  for (size_t r = 0; r < g1->rows.size(); ++r) {
    const Row& row = g1->rows[r];
    auto instruments = document_instruments(row.document);
    auto actions = ask_actions(row.ask);
    bool in_diff = std::any_of(diff.changes.begin(), diff.changes.end(), [&](const auto& c) {
      return (c.agencies & police_bit) &&
             std::find(instruments.begin(), instruments.end(),
                       v.instruments.values[c.instrument]) != instruments.end() &&
             std::find(actions.begin(), actions.end(), v.actions[c.action]) != actions.end();
    });
    EXPECT_EQ(answers_differ(*g1, *g2, r), in_diff)
        << "document " << static_cast<int>(row.document) << ", ask " << static_cast<int>(row.ask);
    changed_rows += in_diff;
  }
  // Not vacuous: the amendment changes some rows and leaves others alone.
  EXPECT_GT(changed_rows, 0u);
  EXPECT_LT(changed_rows, g1->rows.size());
}

// What each language's disclaimer must say.
const char* disclaimer_words(policy::Language lang) {
  return lang == policy::Language::Spanish ? "un modelo de la ley, no asesoría legal"
                                           : "a model of the law, not legal advice";
}

TEST(GuideTest, EveryShippedAgencyHasAGuideInBothLanguages) {
  const policy::Library& lib = shipped_library();
  const policy::Date day = date("2025-06-01");
  size_t guides = 0;
  for (const std::string& j : lib.jurisdictions()) {
    auto chain = lib.chain(j);
    for (const policy::ChainAgency& a : chain->agencies) {
      // Each agency once: in the jurisdiction whose pack declares it.
      if (a.entry->pack != j) continue;
      auto g = build_guide(lib, j, a.entry->id, day);
      ASSERT_TRUE(g) << g.error().describe();
      for (policy::Language lang : {policy::Language::English, policy::Language::Spanish}) {
        SCOPED_TRACE(j + " " + a.entry->id + " " + std::string(policy::language_code(lang)));
        auto w = policy::Wording::load(*chain, lang);
        ASSERT_TRUE(w) << w.error().describe();
        std::string missing;
        for (const std::string& m : w->missing()) missing += " " + m;
        EXPECT_TRUE(w->missing().empty()) << "untranslated:" << missing;
        std::string html = guide_to_html(*g, lib.vocabulary(), *w);
        std::string md = guide_to_markdown(*g, lib.vocabulary(), *w);
        // The disclaimer and the date head and foot every printed page.
        size_t pages = 0;
        for (size_t pos = 0; (pos = html.find("<table class=\"page", pos)) != std::string::npos;
             ++pos) {
          ++pages;
        }
        EXPECT_EQ(pages, 1 + kDocuments);
        EXPECT_NE(html.find(disclaimer_words(lang)), std::string::npos);
        EXPECT_NE(html.find(day.to_string()), std::string::npos);
        EXPECT_NE(md.find(disclaimer_words(lang)), std::string::npos);
        EXPECT_NE(md.find(text::document_name(Document::Detainer, lang)), std::string::npos);
        ++guides;
      }
    }
  }
  EXPECT_GE(guides, 2u * 10);
}

TEST(GuideTest, SpanishHasTheSameContentAsEnglish) {
  const policy::Library& lib = shipped_library();
  auto g = build_guide(lib, "us-il-chicago", "chicago-police", date("2025-06-01"));
  ASSERT_TRUE(g);
  auto es = policy::Wording::load(*g->chain, policy::Language::Spanish);
  ASSERT_TRUE(es);
  text::PageText en_page = text::page_text(*g, lib.vocabulary(), policy::Wording());
  text::PageText es_page = text::page_text(*g, lib.vocabulary(), *es);
  ASSERT_EQ(en_page.rows.size(), es_page.rows.size());
  for (size_t r = 0; r < en_page.rows.size(); ++r) {
    const auto& a = en_page.rows[r];
    const auto& b = es_page.rows[r];
    ASSERT_EQ(a.usual.size(), b.usual.size());
    ASSERT_EQ(a.exceptions.size(), b.exceptions.size());
    for (size_t i = 0; i < a.exceptions.size(); ++i) {
      EXPECT_EQ(a.exceptions[i].compliance, b.exceptions[i].compliance);
      EXPECT_EQ(a.exceptions[i].sentences.why.size(), b.exceptions[i].sentences.why.size());
      EXPECT_NE(a.exceptions[i].sentences.headline, b.exceptions[i].sentences.headline);
    }
    // Citations are kept verbatim.
    for (size_t i = 0; i < a.usual.size(); ++i) {
      for (const policy::Provision* p : g->rows[r].usual[i].outcome.because) {
        bool cited = false;
        for (const std::string& why : b.usual[i].sentences.why)
          cited = cited || why.find("(" + p->cite + ";") != std::string::npos;
        EXPECT_TRUE(cited) << p->cite;
      }
    }
  }
}

// The lines of a Markdown table ("| ... |").
std::vector<std::string> table_lines(const std::string& md) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < md.size()) {
    size_t end = md.find('\n', pos);
    if (end == std::string::npos) end = md.size();
    if (md.compare(pos, 2, "| ") == 0) out.push_back(md.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

TEST(GuideTest, TheDocsShowTheSummaryTheLawGives) {
  const policy::Library& lib = shipped_library();
  auto g = build_guide(lib, "us-il-chicago", "chicago-police", date("2025-06-01"));
  ASSERT_TRUE(g);
  auto generated = table_lines(guide_to_markdown(*g, lib.vocabulary(), policy::Wording()));
  auto docs = base::read_file(std::filesystem::path(TRUSTGATE_SOURCE_DIR) / "docs" / "guides.md");
  ASSERT_TRUE(docs);
  auto shown = table_lines(*docs);
  // docs/guides.md has its own tables (documents, things asked) before the example.
  ASSERT_GE(shown.size(), generated.size());
  shown.erase(shown.begin(), shown.end() - static_cast<std::ptrdiff_t>(generated.size()));
  EXPECT_EQ(shown, generated) << "regenerate the example in docs/guides.md";
}

}  // namespace
}  // namespace trustgate::guide
