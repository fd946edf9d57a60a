// The CSV reader of a Release (RFC 4180: comma-separated, fields optionally
// in double quotes with "" for a quote, rows ended by LF or CRLF, a quoted
// field may span lines). The first row names the columns: a top-level field
// name, or a JSON Pointer ("/address/street") for a nested field. A column
// named record_type gives each row's type; otherwise the request's
// record_type does. Released cells are copied as written; withheld cells
// become their quoted marker; the header row is copied as it is.

#include <optional>

#include "base/json_string.h"
#include "trustgate/disclose/json_scan.h"
#include "trustgate/disclose/release_impl.h"

namespace trustgate::disclose {

namespace {

struct Cell {
  const char* begin;  // raw bytes, quotes included
  const char* end;
};

enum class RowStatus { Complete, Incomplete };

// Splits the row at `p` into cells; `next` is where the following row
// starts. Incomplete when the row does not end before `end` and more input
// may come.
RowStatus split_row(const char* p, const char* end, bool eof, std::vector<Cell>& cells,
                    const char*& next) {
  cells.clear();
  for (;;) {
    const char* start = p;
    if (p < end && *p == '"') {
      ++p;
      for (;;) {
        if (p >= end) {
          if (!eof) return RowStatus::Incomplete;
          break;  // an unterminated quote runs to the end of the input
        }
        if (*p == '"') {
          if (p + 1 < end && p[1] == '"') {
            p += 2;
            continue;
          }
          if (p + 1 >= end && !eof) return RowStatus::Incomplete;
          ++p;
          break;
        }
        ++p;
      }
    }
    // Unquoted bytes (or bytes after a closing quote) run to the separator.
    while (p < end && *p != ',' && *p != '\n') ++p;
    if (p >= end && !eof) return RowStatus::Incomplete;
    const char* cell_end = p;
    if (p < end && *p == '\n' && cell_end > start && cell_end[-1] == '\r') --cell_end;
    if (p >= end && cell_end > start && cell_end[-1] == '\r') --cell_end;
    cells.push_back({start, cell_end});
    if (p >= end) {
      next = end;
      return RowStatus::Complete;
    }
    if (*p == '\n') {
      next = p + 1;
      return RowStatus::Complete;
    }
    ++p;  // ','
  }
}

std::string unquote(const Cell& c) {
  std::string_view raw(c.begin, static_cast<size_t>(c.end - c.begin));
  if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') return std::string(raw);
  std::string out;
  for (size_t i = 1; i + 1 < raw.size(); ++i) {
    out += raw[i];
    if (raw[i] == '"' && i + 2 < raw.size() && raw[i + 1] == '"') ++i;
  }
  return out;
}

void append_csv_quoted(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

bool blank_row(const std::vector<Cell>& cells) {
  return cells.size() == 1 && cells[0].begin == cells[0].end;
}

}  // namespace

size_t Release::Impl::csv_rows(std::string_view buf, bool eof) {
  thread_local std::vector<Cell> cells;
  const char* p = buf.data();
  const char* end = p + buf.size();
  const char* next = p;
  if (split_row(p, end, eof, cells, next) == RowStatus::Incomplete) return 0;
  const size_t used = static_cast<size_t>(next - p);
  if (!csv.have_header) {
    csv.have_header = true;
    csv.by_type.resize(vocab.release.record_types.values.size());
    for (size_t i = 0; i < cells.size(); ++i) {
      std::string name = unquote(cells[i]);
      std::string path;
      if (name.starts_with("/")) {
        std::string quoted;
        base::append_json_string(quoted, name);
        path = quoted.substr(1, quoted.size() - 2);
      } else {
        json_scan::append_pointer_token(path, name);
      }
      if (name == "record_type") csv.type_column = static_cast<int32_t>(i);
      csv.names.push_back(std::move(name));
      csv.paths_json.push_back(std::move(path));
    }
    out.append(p, used);
    if (used == 0 || next[-1] != '\n') out += '\n';
    return used == 0 ? buf.size() : used;
  }
  if (blank_row(cells)) return used;
  begin_record();
  std::optional<std::string> type_name;
  if (csv.type_column >= 0 && static_cast<size_t>(csv.type_column) < cells.size()) {
    std::string t = unquote(cells[static_cast<size_t>(csv.type_column)]);
    if (!t.empty()) type_name = std::move(t);
  }
  const RecordSchema* schema =
      schema_for(type_name ? std::optional<std::string_view>(*type_name) : std::nullopt);
  if (schema == nullptr) {
    drop_record(kGroundNoSchema);
    return used;
  }
  std::vector<CsvColumn>& columns = csv.by_type[schema->type_index];
  if (columns.empty()) {
    for (const std::string& name : csv.names) {
      CsvColumn col;
      col.node = schema->node_at(name);
      if (col.node >= 0) {
        const FieldNode& n = schema->nodes[static_cast<size_t>(col.node)];
        col.field_class = n.field_class;
        if (n.field_class != kNoClass) {
          const ClassDecision& d = plan.at(schema->type_index, n.field_class);
          col.released = d.released;
          col.ground = d.ground;
        }
      }
      columns.push_back(col);
    }
  }
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    const Cell& c = cells[i];
    if (i < columns.size() && columns[i].released) {
      out.append(c.begin, static_cast<size_t>(c.end - c.begin));
      if (static_cast<int32_t>(i) == csv.type_column) {
        released_type(columns[i].field_class);
      } else {
        released(columns[i].field_class);
      }
      continue;
    }
    const CsvColumn none;
    const CsvColumn& col = i < columns.size() ? columns[i] : none;
    append_csv_quoted(out, plan.grounds[col.ground].marker);
    if (i < columns.size()) {
      withheld(csv.paths_json[i], col.field_class, col.ground);
    } else {
      withheld("/(column " + std::to_string(i + 1) + ")", kNoClass, kGroundNotInSchema);
    }
  }
  out += '\n';
  commit_record();
  return used;
}

}  // namespace trustgate::disclose
