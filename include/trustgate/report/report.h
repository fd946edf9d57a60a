// Transparency and statutory reports: pure functions of a ledger prefix.
//
// A report is computed from History (history.h) read from the first `size`
// entries of the ledger, where `size` is that of a signed checkpoint the
// report names. Its content — kind, title, parameters, the checkpoint, the
// number of cases in scope, statements and tables — has one canonical JSON
// form (the ledger's, docs/ledger.md); the report's SHA-256 is the digest of
// that form without the "sha256" member. Every rendering (JSON, CSV, HTML)
// carries the digest and what is needed to recompute it (its provenance),
// and verify_report() recomputes the rendering from the ledger and compares
// it byte for byte. docs/reports.md specifies the kinds, their fields and
// the statutes that ask for them.
//
// Public reports hold no row-level listing and no personal data; their
// counts go through suppress.h: a count of 1 to 4 shows "<5", and further
// cells are suppressed ("<5" for 0 to 4, "5+" for 5 or more) until no
// suppressed count can be recovered from the totals.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "trustgate/common/json.h"
#include "trustgate/ledger/checkpoint.h"
#include "trustgate/ledger/reader.h"
#include "trustgate/policy/date.h"
#include "trustgate/report/history.h"

namespace trustgate::report {

struct ReportParameters {
  std::string kind;
  std::optional<policy::Date> from, to;  // received dates, inclusive (the agency's calendar)
  std::string jurisdiction;              // "" for all
  std::string agency;                    // receiving agency; "" for all
  bool is_public = false;                // for publication: no listing, small counts suppressed
};

// One cell: a text, or a count that publication may suppress.
struct Cell {
  enum class Shown : uint8_t { Value, Under5, AtLeast5 };
  bool is_count = false;
  std::string text;
  int64_t count = 0;
  Shown shown = Shown::Value;

  static Cell of(std::string text);
  static Cell of_count(int64_t n);
  // The count, "<5" or "5+" for a count; the text otherwise.
  std::string display() const;
};

// The rows of a listing, all text: one buffer and the end of each cell in
// it, where a million rows of cells would be a million vectors of strings.
class TextRows {
 public:
  explicit TextRows(size_t width = 0) : width_(width) {}
  size_t width() const { return width_; }
  size_t size() const { return width_ ? ends_.size() / width_ : 0; }
  bool empty() const { return ends_.empty(); }
  std::string_view cell(size_t row, size_t column) const {
    const size_t i = row * width_ + column;
    const size_t begin = i ? ends_[i - 1] : 0;
    return std::string_view(text_).substr(begin, ends_[i] - begin);
  }
  // A row is written a cell at a time: append the cell's text to text(),
  // then end_cell(); a row has width() cells.
  std::string& text() { return text_; }
  void end_cell() { ends_.push_back(text_.size()); }
  void add(std::initializer_list<std::string_view> cells) {
    for (std::string_view c : cells) {
      text_ += c;
      end_cell();
    }
  }
  void reserve(size_t rows, size_t bytes) {
    ends_.reserve(rows * width_);
    text_.reserve(bytes);
  }

 private:
  size_t width_;
  std::string text_;
  std::vector<uint64_t> ends_;
};

struct Table {
  std::string id;     // e.g. "detainers_and_warrants"
  std::string title;  // for people
  std::string cite;   // the provision that asks for it; "" for none
  std::string unit;   // what a count counts ("requests", "outcomes", ...)
  std::vector<std::string> columns;
  // The rows: cells, or for a listing of text (build::listing) text_rows;
  // a table has one or the other, and row_count() of them.
  std::vector<std::vector<Cell>> rows;
  TextRows text_rows;
  std::vector<std::string> notes;
  // A cross-tabulation: `labels` text columns, then counts whose last column
  // and last row are the totals. Cells of the same margin in several tables
  // share a name (margin_key + "/" + label) so suppression treats them alike.
  bool crosstab = false;
  size_t labels = 0;
  std::string row_margin_key, column_margin_key;
  std::string chart;  // "" none, "time" (bars over the rows), "bars" (a bar per row)

  size_t row_count() const { return rows.size() + text_rows.size(); }
};

struct Report {
  std::string kind;
  std::string title;
  ReportParameters parameters;
  ledger::SignedCheckpoint checkpoint;
  uint64_t cases = 0;  // cases in scope
  std::vector<std::string> statements;
  std::vector<Table> tables;
  // Hex, of the canonical JSON of everything else: the JSON rendering
  // without its "sha256" member.
  std::string sha256;

  const Table* table(std::string_view id) const;
};

struct KindInfo {
  std::string_view id;
  std::string_view title;
  std::string_view cite;           // what asks for it
  std::string_view default_table;  // the table a CSV holds by default
};
std::span<const KindInfo> report_kinds();
const KindInfo* find_kind(std::string_view id);
std::string kind_choices();  // "summary, il-805-25, ..."

// Computes a report from the history read at `checkpoint`.
base::Result<Report> build_report(const History& history, const ReportParameters& parameters,
                                  const ledger::SignedCheckpoint& checkpoint);

enum class Format : uint8_t { Json, Csv, Html };
std::string_view format_name(Format f);  // "json", "csv", "html"
std::optional<Format> parse_format(std::string_view name);

struct RenderOptions {
  Format format = Format::Json;
  std::string table;  // CSV: the table to write; "" for the kind's default
};

// Where a rendering goes, a chunk at a time (a listing is rendered in
// chunks of about 64 KiB, never as one string).
using TextSink = std::function<void(std::string_view chunk)>;

// The report as a file: JSON (canonical, one line), CSV (one table, header
// row first, provenance in trailing "#" lines) or HTML (tables, SVG charts,
// provenance; no script). render_to() hands it to `sink` in chunks; nothing
// is written when it fails.
base::Status render_to(const Report& report, const RenderOptions& options, const TextSink& sink);
base::Result<std::string> render(const Report& report, const RenderOptions& options);

// What a rendered report says about itself: enough to recompute it.
struct Provenance {
  ReportParameters parameters;
  RenderOptions render;
  std::string checkpoint_note;  // the signed note, as in the report
  std::string sha256;
};
base::Result<Provenance> read_provenance(std::string_view text);

struct VerifyOutcome {
  bool matches = false;
  std::string detail;  // what differs, when it does not match
  Report recomputed;
};

// Recomputes a rendered report from the ledger `log`: its
// checkpoint must be signed by `key` and cover the log's first entries; the
// recomputed rendering must equal `text` byte for byte. An unreadable
// provenance, a bad signature or a log that does not hold the checkpoint's
// entries is an error; a difference is a VerifyOutcome that does not match.
base::Result<VerifyOutcome> verify_report(std::string_view text, const ledger::LogSource& log,
                                          const ledger::NoteKey& key,
                                          const HistoryOptions& options = {});

}  // namespace trustgate::report
