// What the report kinds share: the cases in a report's scope, calendar
// labels, cross-tabulations and listings.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "trustgate/report/history.h"
#include "trustgate/report/report.h"

namespace trustgate::report {

// The line every CSV and HTML rendering carries: "trustgate-report-provenance"
// and the base64 of the provenance object's canonical JSON (docs/reports.md).
std::string render_provenance_line(const Report& report, const RenderOptions& options);

// Text on its way to a TextSink: written to text(), handed on whenever a
// chunk's worth has gathered (maybe_flush) and at the end (flush).
class ChunkedText {
 public:
  explicit ChunkedText(TextSink sink) : sink_(std::move(sink)) { text_.reserve(kChunk + 4096); }
  std::string& text() { return text_; }
  void maybe_flush() {
    if (text_.size() >= kChunk) flush();
  }
  void flush() {
    if (!text_.empty()) sink_(text_);
    text_.clear();
  }

 private:
  static constexpr size_t kChunk = 64 * 1024;
  TextSink sink_;
  std::string text_;
};

// The report's canonical JSON (report.h): with its "sha256" member when
// `sha256` is given, the JSON rendering; without, what the digest is of.
void write_report_json(ChunkedText& out, const Report& report, const std::string* sha256);

}  // namespace trustgate::report

namespace trustgate::report::build {

// The cases a report counts: of its jurisdiction and agency, received
// within its dates.
class Scope {
 public:
  Scope(const History& h, const ReportParameters& p);
  bool in(const CaseRecord& c) const;
  const History& history() const { return h_; }
  const ReportParameters& parameters() const { return p_; }
  // The first and last calendar day the report spans: its dates, else
  // those of the cases in scope; false when neither exists.
  bool span(int32_t& first, int32_t& last) const;
  const std::string& name(uint32_t id) const { return h_.name(id); }
  std::span<const RecordedOutcome> outcomes(const CaseRecord& c) const {
    return std::span(h_.outcomes).subspan(c.first_outcome, c.outcome_count);
  }

 private:
  const History& h_;
  const ReportParameters& p_;
  uint32_t jurisdiction_ = kNoName, agency_ = kNoName;
  bool none_ = false;  // a named jurisdiction or agency the log never saw
};

std::string day_text(int32_t day);    // "2025-01-27"
std::string month_of(int32_t day);    // "2025-01"
std::string quarter_of(int32_t day);  // "2025-Q1"
// Every month (or quarter) from `first` to `last`, in order.
std::vector<std::string> months(int32_t first, int32_t last);
std::vector<std::string> quarters(int32_t first, int32_t last);
std::string time_text(const When& w);  // RFC 3339 as the agency wrote it; "" when not

bool is_dhs(std::string_view agency);  // ice-ero, ice-hsi, cbp, uscis
bool is_ice(std::string_view agency);  // ice-ero, ice-hsi

// The names in `found` ordered as `preferred` lists them, then the others by name.
std::vector<std::string> ordered(const std::vector<std::string>& preferred,
                                 const std::vector<std::string>& found);

// A cross-tabulation of counts with totals (report.h, Table::crosstab).
class CrossTab {
 public:
  CrossTab(std::string row_label, std::vector<std::string> rows, std::vector<std::string> cols);
  // Adds to the cell of row `row` and column `col` (both must be known).
  void add(std::string_view row, std::string_view col, int64_t n = 1);
  Table table(std::string id, std::string title, std::string cite, std::string unit) const;

 private:
  std::string row_label_;
  std::vector<std::string> rows_, cols_;
  std::map<std::string, size_t, std::less<>> row_index_, col_index_;
  std::vector<int64_t> counts_;
};

// A listing: text cells under named columns (Table::text_rows).
Table listing(std::string id, std::string title, std::string cite,
              std::vector<std::string> columns);

// The kinds.
Report summary(const Scope& s);
Report il_805_25(const Scope& s);
Report chicago_2_173_069(const Scope& s);
Report nyc_detainers(const Scope& s);
Report ca_truth_act(const Scope& s);
// nyc-detainers' derived figures, once its counts are final (suppressed or not).
void nyc_figures(Report& r);

}  // namespace trustgate::report::build
