// Renderings of a report: JSON, CSV and HTML with SVG charts (report.h).
// HTML needs no script and no other file: charts are inline SVG, styles are
// inline, and the page prints on its own.
#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "base/text.h"
#include "build_util.h"
#include "trustgate/ledger/hash.h"

namespace trustgate::report {

namespace {

using Shown = Cell::Shown;

// Okabe-Ito, distinguishable with the common colour-vision deficiencies.
constexpr std::array<const char*, 8> kColours = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                                 "#CC79A7", "#56B4E9", "#F0E442", "#000000"};

void append_csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string html(std::string_view s) { return base::html_escape(s); }

const Table* csv_table(const Report& r, const RenderOptions& o, std::string& error) {
  if (!o.table.empty()) {
    if (const Table* t = r.table(o.table)) return t;
    std::string ids;
    for (const Table& t : r.tables) ids += (ids.empty() ? "" : ", ") + t.id;
    error = "no table \"" + o.table + "\" in this report (one of: " + ids + ")";
    return nullptr;
  }
  const KindInfo* kind = find_kind(r.kind);
  if (kind) {
    if (const Table* t = r.table(kind->default_table)) return t;
  }
  if (r.tables.empty()) {
    error = "the report has no table";
    return nullptr;
  }
  return &r.tables.front();
}

void render_csv(ChunkedText& chunks, const Report& r, const RenderOptions& o, const Table& t) {
  std::string& out = chunks.text();
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i) out += ',';
    append_csv_field(out, t.columns[i]);
  }
  out += '\n';
  for (const auto& row : t.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      append_csv_field(out, row[i].display());
    }
    out += '\n';
    chunks.maybe_flush();
  }
  const TextRows& text = t.text_rows;
  for (size_t r = 0; r < text.size(); ++r) {
    for (size_t i = 0; i < text.width(); ++i) {
      if (i) out += ',';
      append_csv_field(out, text.cell(r, i));
    }
    out += '\n';
    chunks.maybe_flush();
  }
  const auto& cp = r.checkpoint.checkpoint;
  out += "# trustgate report " + r.kind + ", table " + t.id + ": " + t.title + "\n";
  out += "# sha256 " + r.sha256 + " (of the whole report, docs/reports.md); checkpoint " +
         cp.origin + " size " + std::to_string(cp.size) + " root " + ledger::hash_base64(cp.root) +
         "\n";
  out += "# " + render_provenance_line(r, o) + "\n";
}

// A chart's numbers: per row (the table's rows but its total), the shown
// count of each series (its count columns but the total), and the row's
// total when shown.
struct Bars {
  std::vector<std::string> labels, series;
  std::vector<std::vector<const Cell*>> cells;
  std::vector<const Cell*> totals;
  int64_t max = 1;
};

Bars bars_of(const Table& t) {
  Bars b;
  const size_t first = t.labels, last = t.columns.size() - 1;  // last: the total column
  for (size_t c = first; c < last; ++c) b.series.push_back(t.columns[c]);
  for (size_t r = 0; r + 1 < t.rows.size(); ++r) {
    b.labels.push_back(t.rows[r][0].text);
    std::vector<const Cell*> row;
    int64_t known = 0;
    for (size_t c = first; c < last; ++c) {
      row.push_back(&t.rows[r][c]);
      if (t.rows[r][c].shown == Shown::Value) known += t.rows[r][c].count;
    }
    const Cell* total = &t.rows[r][last];
    b.max =
        std::max(b.max, total->shown == Shown::Value ? total->count : std::max<int64_t>(known, 4));
    b.cells.push_back(std::move(row));
    b.totals.push_back(total);
  }
  return b;
}

std::string rect(double x, double y, double w, double h, const std::string& fill,
                 const std::string& title) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" ", x,
                y, w, h);
  return std::string(buf) + "fill=\"" + fill + "\"><title>" + html(title) + "</title></rect>";
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string legend(const Bars& b, double x, double y) {
  std::string out;
  for (size_t s = 0; s < b.series.size(); ++s) {
    const double ly = y + 16.0 * static_cast<double>(s);
    out += rect(x, ly, 10, 10, kColours[s % kColours.size()], b.series[s]);
    out += "<text x=\"" + num(x + 14) + "\" y=\"" + num(ly + 9) + "\">" + html(b.series[s]) +
           "</text>";
  }
  return out;
}

// One bar: stacked shown segments, then what suppression hides (hatched).
// `along` is the bar's extent per count; returns SVG elements.
std::string bar(const Bars& b, size_t r, double base, double across, double thickness, double per,
                bool vertical, const std::string& hatch) {
  std::string out;
  double at = 0;
  int64_t known = 0;
  bool hidden = false;
  for (size_t s = 0; s < b.series.size(); ++s) {
    const Cell& c = *b.cells[r][s];
    if (c.shown != Shown::Value) {
      hidden = true;
      continue;
    }
    if (c.count == 0) continue;
    const double len = per * static_cast<double>(c.count);
    const std::string title = b.labels[r] + ", " + b.series[s] + ": " + std::to_string(c.count);
    out += vertical
               ? rect(across, base - at - len, thickness, len, kColours[s % kColours.size()], title)
               : rect(base + at, across, len, thickness, kColours[s % kColours.size()], title);
    at += len;
    known += c.count;
  }
  const Cell& total = *b.totals[r];
  if (hidden || total.shown != Shown::Value) {
    const int64_t rest = total.shown == Shown::Value ? total.count - known : 4;
    const double len = per * static_cast<double>(std::max<int64_t>(rest, 1));
    const std::string title = b.labels[r] + ": " + total.display() + " in all, some suppressed";
    out += vertical ? rect(across, base - at - len, thickness, len, "url(#" + hatch + ")", title)
                    : rect(base + at, across, len, thickness, "url(#" + hatch + ")", title);
  }
  return out;
}

std::string svg_open(const Table& t, double width, double height, const std::string& hatch) {
  const std::string id = "chart-" + t.id;
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"" + id +
         "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" width=\"" + num(width) +
         "\" height=\"" + num(height) + "\"><title id=\"" + id + "\">" + html(t.title) + " (" +
         html(t.unit) + ")</title><defs><pattern id=\"" + hatch +
         "\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
         "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
         "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#555\" stroke-width=\"2\"/>"
         "</pattern></defs>";
}

// Counts over time: a vertical stacked bar per row.
std::string time_chart(const Table& t) {
  const Bars b = bars_of(t);
  if (b.labels.empty()) return "";
  const std::string hatch = "hatch-" + t.id;
  const double left = 48, top = 12, plot_h = 200,
               slot = std::max(14.0, 520.0 / static_cast<double>(b.labels.size()));
  const double plot_w = slot * static_cast<double>(b.labels.size());
  const double legend_x = left + plot_w + 16;
  const double width = legend_x + 190, height = top + plot_h + 64;
  const double per = plot_h / static_cast<double>(b.max);
  std::string out = svg_open(
      t, width, std::max(height, top + 16.0 * static_cast<double>(b.series.size()) + 24), hatch);
  const double base = top + plot_h;
  out += "<line x1=\"" + num(left) + "\" y1=\"" + num(base) + "\" x2=\"" + num(left + plot_w) +
         "\" y2=\"" + num(base) + "\" stroke=\"#333\"/>";
  for (int k = 0; k <= 2; ++k) {
    const int64_t v = b.max * k / 2;
    const double y = base - per * static_cast<double>(v);
    out += "<text x=\"" + num(left - 6) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\">" +
           std::to_string(v) + "</text>";
  }
  const size_t every = std::max<size_t>(1, b.labels.size() / 12);
  for (size_t r = 0; r < b.labels.size(); ++r) {
    const double x = left + slot * static_cast<double>(r);
    out += bar(b, r, base, x + slot * 0.1, slot * 0.8, per, true, hatch);
    if (r % every == 0) {
      out += "<text x=\"" + num(x + slot / 2) + "\" y=\"" + num(base + 14) +
             "\" text-anchor=\"end\" transform=\"rotate(-45 " + num(x + slot / 2) + " " +
             num(base + 14) + ")\">" + html(b.labels[r]) + "</text>";
    }
  }
  out += legend(b, legend_x, top);
  return out + "</svg>";
}

// Outcomes by category: a horizontal stacked bar per row.
std::string bar_chart(const Table& t) {
  const Bars b = bars_of(t);
  if (b.labels.empty()) return "";
  const std::string hatch = "hatch-" + t.id;
  const double left = 170, top = 8, slot = 22, plot_w = 360;
  const double plot_h = slot * static_cast<double>(b.labels.size());
  const double legend_x = left + plot_w + 20;
  const double width = legend_x + 170;
  const double height =
      std::max(top + plot_h + 12, top + 16.0 * static_cast<double>(b.series.size()) + 12);
  const double per = plot_w / static_cast<double>(b.max);
  std::string out = svg_open(t, width, height, hatch);
  for (size_t r = 0; r < b.labels.size(); ++r) {
    const double y = top + slot * static_cast<double>(r);
    out += "<text x=\"" + num(left - 6) + "\" y=\"" + num(y + slot * 0.65) +
           "\" text-anchor=\"end\">" + html(b.labels[r]) + "</text>";
    out += bar(b, r, left, y + slot * 0.15, slot * 0.7, per, false, hatch);
  }
  out += legend(b, legend_x, top);
  return out + "</svg>";
}

// `s` as HTML text, copied as it is when nothing in it needs a reference.
void append_html(std::string& out, std::string_view s) {
  if (s.find_first_of("&<>\"'") == std::string_view::npos) {
    out += s;
  } else {
    out += html(s);
  }
}

void html_table(ChunkedText& chunks, const Table& t) {
  std::string& out = chunks.text();
  out += "<table><thead><tr>";
  for (const std::string& c : t.columns) out += "<th scope=\"col\">" + html(c) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (size_t i = 0; i < row.size(); ++i) {
      const Cell& c = row[i];
      const bool header = t.crosstab && i < t.labels;
      out += std::string(header ? "<th scope=\"row\"" : "<td") +
             (c.is_count ? " class=\"n\"" : "") + ">" + html(c.display()) +
             (header ? "</th>" : "</td>");
    }
    out += "</tr>";
    chunks.maybe_flush();
  }
  // A listing's text cells: data cells, none a count.
  const TextRows& text = t.text_rows;
  for (size_t r = 0; r < text.size(); ++r) {
    out += "<tr>";
    for (size_t i = 0; i < text.width(); ++i) {
      out += "<td>";
      append_html(out, text.cell(r, i));
      out += "</td>";
    }
    out += "</tr>";
    chunks.maybe_flush();
  }
  out += "</tbody></table>";
}

constexpr const char* kStyle =
    "body{font:15px/1.45 system-ui,sans-serif;color:#111;margin:2rem auto;max-width:64rem;"
    "padding:0 1rem}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}"
    "table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}"
    "th,td{border:1px solid #999;padding:.2rem .45rem;text-align:left;vertical-align:top}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}thead th{background:#eee}"
    ".cite{color:#444;font-style:italic}svg{max-width:100%;height:auto;display:block;"
    "margin:.5rem 0}svg text{font:11px system-ui,sans-serif;fill:#111}"
    "pre{white-space:pre-wrap;word-break:break-all;background:#f6f6f6;padding:.5rem}"
    "@media print{body{margin:0;max-width:none;font-size:11pt}section{break-inside:avoid}"
    "thead{display:table-header-group}a{color:inherit}}";

void render_html(ChunkedText& chunks, const Report& r, const RenderOptions& o) {
  const ReportParameters& p = r.parameters;
  const auto& cp = r.checkpoint.checkpoint;
  std::string& out = chunks.text();
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      html(r.title) + "</title><style>" + kStyle + "</style></head><body><main><h1>" +
      html(r.title) + "</h1>";
  const KindInfo* kind = find_kind(r.kind);
  if (kind && !kind->cite.empty()) out += "<p class=\"cite\">" + html(kind->cite) + "</p>";
  out += "<dl><dt>Jurisdiction</dt><dd>" + html(p.jurisdiction.empty() ? "all" : p.jurisdiction) +
         "</dd><dt>Receiving agency</dt><dd>" + html(p.agency.empty() ? "all" : p.agency) +
         "</dd><dt>Received</dt><dd>" + html(p.from ? p.from->to_string() : "any date") + " to " +
         html(p.to ? p.to->to_string() : "any date") + "</dd><dt>Requests in scope</dt><dd>" +
         std::to_string(r.cases) + "</dd><dt>Edition</dt><dd>" +
         (p.is_public ? "for publication" : "internal: lists cases") + "</dd></dl>";
  for (const std::string& s : r.statements) out += "<p>" + html(s) + "</p>";
  for (const Table& t : r.tables) {
    out += "<section id=\"" + html(t.id) + "\"><h2>" + html(t.title) + "</h2>";
    if (!t.cite.empty()) out += "<p class=\"cite\">" + html(t.cite) + "</p>";
    if (t.crosstab && t.chart == "time") out += time_chart(t);
    if (t.crosstab && t.chart == "bars") out += bar_chart(t);
    if (t.row_count() == 0) {
      out += "<p>None.</p>";
    } else {
      html_table(chunks, t);
    }
    if (t.crosstab) out += "<p>Counts of " + html(t.unit) + ".</p>";
    for (const std::string& n : t.notes) out += "<p>" + html(n) + "</p>";
    out += "</section>";
  }
  out += "<section id=\"provenance\"><h2>Provenance</h2><p>Computed from the first " +
         std::to_string(cp.size) + " entries of the ledger " + html(cp.origin) +
         ", as this signed checkpoint covers them. The report's SHA-256 is <code>" + r.sha256 +
         "</code>. Check it with <code>trustgate report verify FILE</code>, which recomputes this "
         "page from the ledger.</p><pre>" +
         html(r.checkpoint.note.to_string()) + "</pre></section></main>\n<!-- " +
         render_provenance_line(r, o) + " -->\n</body></html>\n";
}

}  // namespace

base::Status render_to(const Report& report, const RenderOptions& options, const TextSink& sink) {
  ChunkedText out(sink);
  switch (options.format) {
    case Format::Json:
      write_report_json(out, report, &report.sha256);
      out.text() += '\n';
      break;
    case Format::Csv: {
      std::string error;
      const Table* t = csv_table(report, options, error);
      if (!t) return base::invalid_field("--table", error);
      RenderOptions resolved = options;
      resolved.table = t->id;
      render_csv(out, report, resolved, *t);
      break;
    }
    case Format::Html:
      render_html(out, report, options);
      break;
  }
  out.flush();
  return base::Status::Ok();
}

base::Result<std::string> render(const Report& report, const RenderOptions& options) {
  std::string text;
  auto s = render_to(report, options, [&text](std::string_view chunk) { text += chunk; });
  if (!s) return s.error();
  return text;
}

}  // namespace trustgate::report
