#include "trustgate/report/report.h"

#include <array>
#include <charconv>

#include "base/digest.h"
#include "base/encoding.h"
#include "base/json_string.h"
#include "build_util.h"
#include "trustgate/ledger/hash.h"
#include "trustgate/report/suppress.h"

namespace trustgate::report {

namespace {

using common::Json;

constexpr std::string_view kReportFormat = "trustgate-report/1";

constexpr std::array<KindInfo, 5> kKinds = {{
    {"summary",
     "Requests and decisions by month, instrument, requester, action, compliance and "
     "response; overrides and sign-offs",
     "", "outcomes"},
    {"il-805-25", "Illinois TRUST Act annual report to the Attorney General", "5 ILCS 805/25",
     "detainers_and_warrants"},
    {"chicago-2-173-069", "Chicago Welcoming City Ordinance quarterly report",
     "Chicago Mun. Code 2-173-069", "detainers_and_warrants"},
    {"nyc-detainers", "New York City civil immigration detainers",
     "N.Y.C. Admin. Code 9-131, 14-154", "figures"},
    {"ca-truth-act", "California TRUTH Act: ICE access", "Cal. Gov't Code 7283.1(d)", "ice_access"},
}};

Json parameters_json(const ReportParameters& p) {
  Json j = Json::object();
  j.set("agency", p.agency);
  j.set("from", p.from ? Json(p.from->to_string()) : Json());
  j.set("jurisdiction", p.jurisdiction);
  j.set("public", p.is_public);
  j.set("to", p.to ? Json(p.to->to_string()) : Json());
  return j;
}

base::Result<std::optional<policy::Date>> date_member(const Json& j, std::string_view key) {
  const Json* v = j.find(key);
  if (!v || v->is_null()) return std::optional<policy::Date>{};
  if (!v->is_string())
    return base::invalid_field(std::string("/parameters/") + std::string(key), "expected a date");
  auto d = policy::parse_date(v->as_string());
  if (!d)
    return base::invalid_field(std::string("/parameters/") + std::string(key), d.error().message);
  return std::optional<policy::Date>{*d};
}

base::Result<ReportParameters> read_parameters(const Json& j, std::string kind) {
  ReportParameters p;
  p.kind = std::move(kind);
  if (!j.is_object()) return base::invalid_field("/parameters", "expected an object");
  auto from = date_member(j, "from");
  auto to = date_member(j, "to");
  if (!from || !to) return !from ? from.error() : to.error();
  p.from = *from;
  p.to = *to;
  p.jurisdiction = j.string_or_empty("jurisdiction");
  p.agency = j.string_or_empty("agency");
  const Json* pub = j.find("public");
  p.is_public = pub && pub->is_bool() && pub->as_bool();
  return p;
}

// The provenance object every rendering carries (docs/reports.md).
Json provenance_json(const Report& r, const RenderOptions& o) {
  Json j = Json::object();
  j.set("format", kReportFormat);
  j.set("kind", r.kind);
  j.set("parameters", parameters_json(r.parameters));
  j.set("checkpoint", r.checkpoint.note.to_string());
  j.set("rendering", format_name(o.format));
  j.set("table", o.table);
  j.set("sha256", r.sha256);
  return j;
}

constexpr std::string_view kProvenanceMarker = "trustgate-report-provenance ";

// The line offset where `a` and `b` first differ, for people.
std::string first_difference(std::string_view a, std::string_view b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  size_t line = 1;
  for (size_t k = 0; k < i && k < a.size(); ++k) line += a[k] == '\n';
  if (i == a.size() && i == b.size()) return "";
  return "the file differs from the report recomputed from the ledger at byte " +
         std::to_string(i) + " (line " + std::to_string(line) + ")";
}

}  // namespace

std::string render_provenance_line(const Report& r, const RenderOptions& o) {
  const std::string text = provenance_json(r, o).canonical();
  return std::string(kProvenanceMarker) + base::base64_encode(text);
}

namespace {

void append_key(std::string& out, std::string_view key) {
  base::append_json_string(out, key);
  out += ':';
}

void append_int(std::string& out, int64_t n) {
  char buf[24];
  out.append(buf, static_cast<size_t>(std::to_chars(buf, buf + sizeof buf, n).ptr - buf));
}

void append_strings(std::string& out, const std::vector<std::string>& list) {
  out += '[';
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) out += ',';
    base::append_json_string(out, list[i]);
  }
  out += ']';
}

void append_cell(std::string& out, const Cell& c) {
  if (c.is_count && c.shown == Cell::Shown::Value) {
    append_int(out, c.count);
  } else {
    base::append_json_string(out, c.is_count ? c.display() : c.text);
  }
}

// Rows [0, rows) as JSON arrays, after earlier ones when !first: row r has
// width(r) cells, each written by cell(out, r, i); a chunk may go after each.
template <typename Width, typename AppendCell>
void append_row_arrays(ChunkedText& chunks, bool& first, size_t rows, Width width,
                       AppendCell cell) {
  std::string& out = chunks.text();
  for (size_t r = 0; r < rows; ++r) {
    out += first ? "[" : ",[";
    first = false;
    for (size_t i = 0, n = width(r); i < n; ++i) {
      if (i) out += ',';
      cell(out, r, i);
    }
    out += ']';
    chunks.maybe_flush();
  }
}

// A table's members in canonical (byte) order; its rows in chunks.
void write_table(ChunkedText& chunks, const Table& t) {
  std::string& out = chunks.text();
  out += '{';
  append_key(out, "chart");
  base::append_json_string(out, t.chart);
  out += ',';
  append_key(out, "cite");
  base::append_json_string(out, t.cite);
  out += ',';
  append_key(out, "columns");
  append_strings(out, t.columns);
  out += ',';
  append_key(out, "crosstab");
  out += t.crosstab ? "true" : "false";
  out += ',';
  append_key(out, "id");
  base::append_json_string(out, t.id);
  out += ',';
  append_key(out, "notes");
  append_strings(out, t.notes);
  out += ',';
  append_key(out, "rows");
  out += '[';
  bool first = true;
  append_row_arrays(
      chunks, first, t.rows.size(), [&](size_t r) { return t.rows[r].size(); },
      [&](std::string& o, size_t r, size_t i) { append_cell(o, t.rows[r][i]); });
  const TextRows& text = t.text_rows;
  append_row_arrays(
      chunks, first, text.size(), [&](size_t) { return text.width(); },
      [&](std::string& o, size_t r, size_t i) { base::append_json_string(o, text.cell(r, i)); });
  out += "],";
  append_key(out, "title");
  base::append_json_string(out, t.title);
  out += ',';
  append_key(out, "unit");
  base::append_json_string(out, t.unit);
  out += '}';
}

}  // namespace

// Members in canonical order (docs/ledger.md: by their bytes), written out
// rather than built as a Json tree: a listing's million rows stream through.
void write_report_json(ChunkedText& chunks, const Report& r, const std::string* sha256) {
  std::string& out = chunks.text();
  const ledger::Checkpoint& cp = r.checkpoint.checkpoint;
  out += '{';
  append_key(out, "cases");
  append_int(out, static_cast<int64_t>(r.cases));
  out += ',';
  append_key(out, "checkpoint");
  out += '{';
  append_key(out, "note");
  base::append_json_string(out, r.checkpoint.note.to_string());
  out += ',';
  append_key(out, "origin");
  base::append_json_string(out, cp.origin);
  out += ',';
  append_key(out, "root");
  base::append_json_string(out, ledger::hash_base64(cp.root));
  out += ',';
  append_key(out, "size");
  append_int(out, static_cast<int64_t>(cp.size));
  out += "},";
  append_key(out, "format");
  base::append_json_string(out, kReportFormat);
  out += ',';
  append_key(out, "kind");
  base::append_json_string(out, r.kind);
  out += ',';
  append_key(out, "parameters");
  parameters_json(r.parameters).append_canonical(out);
  out += ',';
  if (sha256) {
    append_key(out, "sha256");
    base::append_json_string(out, *sha256);
    out += ',';
  }
  append_key(out, "statements");
  append_strings(out, r.statements);
  out += ',';
  append_key(out, "tables");
  out += '[';
  for (size_t i = 0; i < r.tables.size(); ++i) {
    if (i) out += ',';
    write_table(chunks, r.tables[i]);
  }
  out += "],";
  append_key(out, "title");
  base::append_json_string(out, r.title);
  out += '}';
}

Cell Cell::of(std::string text) {
  Cell c;
  c.text = std::move(text);
  return c;
}

Cell Cell::of_count(int64_t n) {
  Cell c;
  c.is_count = true;
  c.count = n;
  return c;
}

std::string Cell::display() const {
  if (!is_count) return text;
  switch (shown) {
    case Shown::Under5:
      return "<5";
    case Shown::AtLeast5:
      return "5+";
    case Shown::Value:
      break;
  }
  return std::to_string(count);
}

const Table* Report::table(std::string_view id) const {
  for (const Table& t : tables) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

std::span<const KindInfo> report_kinds() { return kKinds; }

const KindInfo* find_kind(std::string_view id) {
  for (const KindInfo& k : kKinds) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

std::string kind_choices() {
  std::string out;
  for (const KindInfo& k : kKinds) out += (out.empty() ? "" : ", ") + std::string(k.id);
  return out;
}

base::Result<Report> build_report(const History& history, const ReportParameters& parameters,
                                  const ledger::SignedCheckpoint& checkpoint) {
  if (!find_kind(parameters.kind)) {
    return base::invalid_field(
        "KIND", "unknown report \"" + parameters.kind + "\" (one of: " + kind_choices() + ")");
  }
  if (parameters.from && parameters.to && *parameters.to < *parameters.from) {
    return base::invalid_field("--to", "is before --from");
  }
  const build::Scope scope(history, parameters);
  Report r;
  if (parameters.kind == "summary") r = build::summary(scope);
  if (parameters.kind == "il-805-25") r = build::il_805_25(scope);
  if (parameters.kind == "chicago-2-173-069") r = build::chicago_2_173_069(scope);
  if (parameters.kind == "nyc-detainers") r = build::nyc_detainers(scope);
  if (parameters.kind == "ca-truth-act") r = build::ca_truth_act(scope);
  r.kind = parameters.kind;
  r.parameters = parameters;
  r.checkpoint = checkpoint;
  if (parameters.is_public) {
    std::vector<Table*> tables;
    for (Table& t : r.tables) tables.push_back(&t);
    suppress_small_counts(tables);
    r.statements.push_back(
        "For publication: no case is listed, and counts of 1 to 4 show \"<5\"; so that totals "
        "cannot reveal them, other counts may show \"<5\" (0 to 4) or \"5+\" (5 or more).");
  }
  if (parameters.kind == "nyc-detainers") build::nyc_figures(r);
  base::Sha256Stream digest;
  ChunkedText content([&digest](std::string_view chunk) { digest.update(chunk); });
  write_report_json(content, r, nullptr);
  content.flush();
  r.sha256 = base::to_hex(digest.finish());
  return r;
}

std::string_view format_name(Format f) {
  switch (f) {
    case Format::Json:
      return "json";
    case Format::Csv:
      return "csv";
    case Format::Html:
      return "html";
  }
  return "json";
}

std::optional<Format> parse_format(std::string_view name) {
  for (Format f : {Format::Json, Format::Csv, Format::Html}) {
    if (format_name(f) == name) return f;
  }
  return std::nullopt;
}

base::Result<Provenance> read_provenance(std::string_view text) {
  Json j;
  Provenance p;
  if (!text.empty() && text.front() == '{') {
    auto doc = common::parse_json(text);
    if (!doc) return base::invalid_field("", "not a trustgate report: " + doc.error().message);
    j = std::move(*doc);
    p.render.format = Format::Json;
    const Json* cp = j.find("checkpoint");
    p.checkpoint_note = cp ? std::string(cp->string_or_empty("note")) : "";
  } else {
    const size_t at = text.rfind(kProvenanceMarker);
    if (at == std::string_view::npos) {
      return base::invalid_field("",
                                 "not a trustgate report: no \"trustgate-report-provenance\" "
                                 "line");
    }
    std::string_view b64 = text.substr(at + kProvenanceMarker.size());
    b64 = b64.substr(0, b64.find_first_of(" \n\r-"));
    auto bytes = base::base64_decode(b64);
    if (!bytes) return base::invalid_field("", "the report's provenance is damaged");
    auto doc = common::parse_json(*bytes);
    if (!doc) return base::invalid_field("", "the report's provenance is damaged");
    j = std::move(*doc);
    auto f = parse_format(j.string_or_empty("rendering"));
    if (!f) return base::invalid_field("", "the report's provenance names no rendering");
    p.render.format = *f;
    p.render.table = j.string_or_empty("table");
    p.checkpoint_note = j.string_or_empty("checkpoint");
  }
  if (j.string_or_empty("format") != kReportFormat) {
    return base::invalid_field("/format", "not a " + std::string(kReportFormat) + " report");
  }
  const Json* params = j.find("parameters");
  auto parameters =
      read_parameters(params ? *params : Json(), std::string(j.string_or_empty("kind")));
  if (!parameters) return parameters.error();
  p.parameters = std::move(*parameters);
  p.sha256 = j.string_or_empty("sha256");
  if (p.checkpoint_note.empty()) return base::invalid_field("/checkpoint", "missing");
  return p;
}

base::Result<VerifyOutcome> verify_report(std::string_view text, const ledger::LogSource& log,
                                          const ledger::NoteKey& key,
                                          const HistoryOptions& options) {
  auto p = read_provenance(text);
  if (!p) return p.error();
  auto cp = ledger::open_checkpoint(p->checkpoint_note, key);
  if (!cp) {
    return base::corruption("the report's checkpoint is not signed by " + key.name() + ": " +
                            cp.error().message);
  }
  auto history = read_history(log, cp->checkpoint, options);
  if (!history) return history.error();
  auto report = build_report(*history, p->parameters, *cp);
  if (!report) return report.error();
  // Compared as it is rendered, a chunk at a time; rendered whole again
  // only to say where it differs.
  size_t at = 0;
  bool same = true;
  auto compared = render_to(*report, p->render, [&](std::string_view chunk) {
    same = same && text.substr(std::min(at, text.size()), chunk.size()) == chunk;
    at += chunk.size();
  });
  if (!compared) return compared.error();
  VerifyOutcome out;
  out.matches = same && at == text.size();
  if (!out.matches) {
    auto rendered = render(*report, p->render);
    if (!rendered) return rendered.error();
    out.detail = first_difference(text, *rendered);
    if (p->sha256 != report->sha256) {
      out.detail += "; its SHA-256 is " + (p->sha256.empty() ? "missing" : p->sha256) +
                    ", the recomputed report's " + report->sha256;
    }
  }
  out.recomputed = std::move(*report);
  return out;
}

}  // namespace trustgate::report
