#include "build_util.h"

#include <algorithm>
#include <set>

#include "trustgate/cases/deadline.h"
#include "trustgate/policy/date.h"

namespace trustgate::report::build {

Scope::Scope(const History& h, const ReportParameters& p) : h_(h), p_(p) {
  if (!p.jurisdiction.empty()) {
    jurisdiction_ = h.names.find(p.jurisdiction);
    none_ |= jurisdiction_ == kNoName;
  }
  if (!p.agency.empty()) {
    agency_ = h.names.find(p.agency);
    none_ |= agency_ == kNoName;
  }
}

bool Scope::in(const CaseRecord& c) const {
  if (none_ || !c.decided) return false;
  if (jurisdiction_ != kNoName && c.jurisdiction != jurisdiction_) return false;
  if (agency_ != kNoName && c.agency != agency_) return false;
  const int32_t day = c.received.day();
  if (p_.from && day < p_.from->days) return false;
  if (p_.to && day > p_.to->days) return false;
  return true;
}

bool Scope::span(int32_t& first, int32_t& last) const {
  bool any = false;
  first = std::numeric_limits<int32_t>::max();
  last = std::numeric_limits<int32_t>::min();
  for (const CaseRecord& c : h_.cases) {
    if (!in(c)) continue;
    any = true;
    first = std::min(first, c.received.day());
    last = std::max(last, c.received.day());
  }
  if (p_.from) first = p_.from->days;
  if (p_.to) last = p_.to->days;
  any = any || (p_.from && p_.to);
  return any && first <= last;
}

std::string day_text(int32_t day) { return policy::Date{day}.to_string(); }
std::string month_of(int32_t day) { return day_text(day).substr(0, 7); }

std::string quarter_of(int32_t day) {
  const std::string d = day_text(day);
  const int month = std::stoi(d.substr(5, 2));
  return d.substr(0, 4) + "-Q" + std::to_string((month - 1) / 3 + 1);
}

namespace {

std::vector<std::string> labels(int32_t first, int32_t last, std::string (*label)(int32_t)) {
  std::vector<std::string> out;
  for (int32_t day = first; day <= last; ++day) {
    std::string l = label(day);
    if (out.empty() || out.back() != l) out.push_back(std::move(l));
  }
  return out;
}

}  // namespace

std::vector<std::string> months(int32_t first, int32_t last) {
  return labels(first, last, month_of);
}
std::vector<std::string> quarters(int32_t first, int32_t last) {
  return labels(first, last, quarter_of);
}

std::string time_text(const When& w) {
  return w.happened() ? cases::format_instant(w.instant()) : "";
}

bool is_dhs(std::string_view a) {
  return a == "ice-ero" || a == "ice-hsi" || a == "cbp" || a == "uscis";
}
bool is_ice(std::string_view a) { return a == "ice-ero" || a == "ice-hsi"; }

std::vector<std::string> ordered(const std::vector<std::string>& preferred,
                                 const std::vector<std::string>& found) {
  std::set<std::string> rest(found.begin(), found.end());
  std::vector<std::string> out;
  for (const std::string& p : preferred) {
    if (rest.erase(p)) out.push_back(p);
  }
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

CrossTab::CrossTab(std::string row_label, std::vector<std::string> rows,
                   std::vector<std::string> cols)
    : row_label_(std::move(row_label)), rows_(std::move(rows)), cols_(std::move(cols)) {
  for (size_t i = 0; i < rows_.size(); ++i) row_index_.emplace(rows_[i], i);
  for (size_t i = 0; i < cols_.size(); ++i) col_index_.emplace(cols_[i], i);
  counts_.assign(rows_.size() * cols_.size(), 0);
}

void CrossTab::add(std::string_view row, std::string_view col, int64_t n) {
  auto r = row_index_.find(row);
  auto c = col_index_.find(col);
  if (r == row_index_.end() || c == col_index_.end()) return;
  counts_[r->second * cols_.size() + c->second] += n;
}

Table CrossTab::table(std::string id, std::string title, std::string cite, std::string unit) const {
  Table t;
  t.id = std::move(id);
  t.title = std::move(title);
  t.cite = std::move(cite);
  t.unit = std::move(unit);
  t.crosstab = true;
  t.labels = 1;
  t.columns.push_back(row_label_);
  t.columns.insert(t.columns.end(), cols_.begin(), cols_.end());
  t.columns.push_back("total");
  std::vector<int64_t> col_totals(cols_.size(), 0);
  int64_t grand = 0;
  for (size_t r = 0; r < rows_.size(); ++r) {
    std::vector<Cell> row{Cell::of(rows_[r])};
    int64_t total = 0;
    for (size_t c = 0; c < cols_.size(); ++c) {
      const int64_t n = counts_[r * cols_.size() + c];
      row.push_back(Cell::of_count(n));
      total += n;
      col_totals[c] += n;
    }
    row.push_back(Cell::of_count(total));
    grand += total;
    t.rows.push_back(std::move(row));
  }
  std::vector<Cell> last{Cell::of("total")};
  for (int64_t n : col_totals) last.push_back(Cell::of_count(n));
  last.push_back(Cell::of_count(grand));
  t.rows.push_back(std::move(last));
  return t;
}

Table listing(std::string id, std::string title, std::string cite,
              std::vector<std::string> columns) {
  Table t;
  t.id = std::move(id);
  t.title = std::move(title);
  t.cite = std::move(cite);
  t.text_rows = TextRows(columns.size());
  t.columns = std::move(columns);
  return t;
}

}  // namespace trustgate::report::build
