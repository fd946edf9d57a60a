#include "trustgate/report/suppress.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace trustgate::report {

namespace {

using Shown = Cell::Shown;
constexpr int64_t kUnbounded = std::numeric_limits<int64_t>::max() / 4;

// The count region of a cross-tabulation, totals included: R x C cells.
struct Grid {
  const Table& t;
  size_t R, C;
  explicit Grid(const Table& table)
      : t(table), R(table.rows.size()), C(table.columns.size() - table.labels) {}
  const Cell& at(size_t r, size_t c) const { return t.rows[r][t.labels + c]; }
  // Totals stand negated, so that every row and every column sums to zero.
  bool margin(size_t r, size_t c) const { return (r == R - 1) != (c == C - 1); }
  int64_t f(size_t r, size_t c) const { return margin(r, c) ? -at(r, c).count : at(r, c).count; }
  // The range a reader knows for the signed value.
  void range(size_t r, size_t c, int64_t& lo, int64_t& hi) const {
    const Cell& cell = at(r, c);
    int64_t elo = cell.count, ehi = cell.count;
    if (cell.shown == Shown::Under5) elo = 0, ehi = 4;
    if (cell.shown == Shown::AtLeast5) elo = 5, ehi = kUnbounded;
    lo = margin(r, c) ? -ehi : elo;
    hi = margin(r, c) ? -elo : ehi;
  }
};

// Is there a path from node `from` to node `to` (rows 0..R-1, columns
// R..R+C-1) along arcs that move suppressed cells within range, not using
// the cell (skip_r, skip_c)?
bool path(const Grid& g, size_t from, size_t to, size_t skip_r, size_t skip_c) {
  const size_t n = g.R + g.C;
  std::vector<bool> seen(n, false);
  std::deque<size_t> queue{from};
  seen[from] = true;
  while (!queue.empty()) {
    const size_t node = queue.front();
    queue.pop_front();
    if (node == to) return true;
    const bool is_row = node < g.R;
    const size_t count = is_row ? g.C : g.R;
    for (size_t k = 0; k < count; ++k) {
      const size_t r = is_row ? node : k, c = is_row ? k : node - g.R;
      if ((r == skip_r && c == skip_c) || g.at(r, c).shown == Shown::Value) continue;
      int64_t lo = 0, hi = 0;
      g.range(r, c, lo, hi);
      const int64_t v = g.f(r, c);
      // Row -> column raises the signed value; column -> row lowers it.
      const bool ok = is_row ? v + 1 <= hi : v - 1 >= lo;
      const size_t next = is_row ? g.R + c : r;
      if (ok && !seen[next]) {
        seen[next] = true;
        queue.push_back(next);
      }
    }
  }
  return false;
}

bool primary(const Cell& c) { return c.is_count && c.count >= 1 && c.count <= 4; }

void hide(Cell& c) { c.shown = c.count <= 4 ? Shown::Under5 : Shown::AtLeast5; }

// What suppressing a shown cell costs the reader: a zero costs least (it
// still reads "<5"), then small counts; totals cost most.
double cost(const Grid& g, size_t r, size_t c) {
  const int64_t v = g.at(r, c).count;
  const bool total = r == g.R - 1 || c == g.C - 1;
  return (v == 0 ? 0.5 : static_cast<double>(v)) + (total ? 1e6 : 0);
}

// Suppresses the cheapest shown cells that make the count at (r, c)
// unrecoverable: one cell of its row or column, else the other three
// corners of a rectangle through it; when neither does, the cheapest cell
// of its row or column (or of the table) and the caller tries again.
// Returns false when no shown cell is left.
bool add_partners(Table& t, size_t r, size_t c) {
  Grid g(t);
  auto shown = [&](size_t rr, size_t cc) { return g.at(rr, cc).shown == Shown::Value; };
  auto cell = [&](size_t rr, size_t cc) -> Cell& { return t.rows[rr][t.labels + cc]; };
  double best = -1;
  std::vector<std::pair<size_t, size_t>> chosen;
  auto consider = [&](std::vector<std::pair<size_t, size_t>> cells) {
    std::erase_if(cells, [&](auto rc) { return !shown(rc.first, rc.second); });
    if (cells.empty()) return;
    double total = 0;
    for (auto [rr, cc] : cells) total += cost(g, rr, cc);
    if (best >= 0 && total >= best) return;
    for (auto [rr, cc] : cells) hide(cell(rr, cc));
    const bool works = !recoverable(t, r, c);
    for (auto [rr, cc] : cells) cell(rr, cc).shown = Shown::Value;
    if (works) best = total, chosen = std::move(cells);
  };
  for (size_t k = 0; k < g.C; ++k) consider({{r, k}});
  for (size_t k = 0; k < g.R; ++k) consider({{k, c}});
  for (size_t r2 = 0; r2 < g.R; ++r2) {
    for (size_t c2 = 0; c2 < g.C; ++c2) {
      if (r2 != r && c2 != c) consider({{r, c2}, {r2, c}, {r2, c2}});
    }
  }
  if (chosen.empty()) {
    std::vector<std::pair<size_t, size_t>> fallback;
    for (size_t k = 0; k < g.C; ++k) fallback.emplace_back(r, k);
    for (size_t k = 0; k < g.R; ++k) fallback.emplace_back(k, c);
    std::erase_if(fallback, [&](auto rc) { return !shown(rc.first, rc.second); });
    if (fallback.empty()) {
      for (size_t rr = 0; rr < g.R; ++rr) {
        for (size_t cc = 0; cc < g.C; ++cc) {
          if (shown(rr, cc)) fallback.emplace_back(rr, cc);
        }
      }
    }
    if (fallback.empty()) return false;
    chosen.push_back(*std::min_element(fallback.begin(), fallback.end(), [&](auto a, auto b) {
      return cost(g, a.first, a.second) < cost(g, b.first, b.second);
    }));
  }
  for (auto [rr, cc] : chosen) hide(cell(rr, cc));
  return true;
}

// Suppresses further cells of `t` until its counts of 1 to 4 are safe.
// Returns true when anything changed.
bool protect(Table& t) {
  bool changed = false;
  Grid g(t);
  for (size_t r = 0; r < g.R; ++r) {
    for (size_t c = 0; c < g.C; ++c) {
      Cell& cell = t.rows[r][t.labels + c];
      if (!primary(cell)) continue;
      if (cell.shown == Shown::Value) {
        hide(cell);
        changed = true;
      }
      while (recoverable(t, r, c)) {
        if (!add_partners(t, r, c)) break;  // everything is suppressed already
        changed = true;
      }
    }
  }
  return changed;
}

std::string margin_name(const Table& t, size_t r, size_t c, const Grid& g) {
  const bool last_row = r == g.R - 1, last_col = c == g.C - 1;
  if (last_row && last_col) return t.row_margin_key + "/*" + "|" + t.column_margin_key + "/*";
  if (last_col && !t.row_margin_key.empty()) {
    std::string label;
    for (size_t k = 0; k < t.labels; ++k) label += t.rows[r][k].text + "\x1f";
    return t.row_margin_key + "/" + label;
  }
  if (last_row && !t.column_margin_key.empty())
    return t.column_margin_key + "/" + t.columns[t.labels + c];
  return "";
}

}  // namespace

bool recoverable(const Table& t, size_t row, size_t column) {
  Grid g(t);
  int64_t lo = 0, hi = 0;
  g.range(row, column, lo, hi);
  const int64_t v = g.f(row, column);
  const size_t r = row, c = g.R + column;
  const bool up = v + 1 <= hi && path(g, c, r, row, column);
  const bool down = v - 1 >= lo && path(g, r, c, row, column);
  return !up && !down;
}

void suppress_small_counts(std::span<Table* const> tables) {
  bool changed = true;
  while (changed) {
    changed = false;
    for (Table* t : tables) {
      if (t->crosstab && !t->rows.empty()) changed |= protect(*t);
    }
    // Shared margins: suppressed in one table, suppressed in all.
    std::map<std::string, bool> hidden;
    for (Table* t : tables) {
      if (!t->crosstab || t->rows.empty()) continue;
      Grid g(*t);
      for (size_t r = 0; r < g.R; ++r) {
        for (size_t c = 0; c < g.C; ++c) {
          std::string name = margin_name(*t, r, c, g);
          if (!name.empty()) hidden[name] |= g.at(r, c).shown != Shown::Value;
        }
      }
    }
    for (Table* t : tables) {
      if (!t->crosstab || t->rows.empty()) continue;
      Grid g(*t);
      for (size_t r = 0; r < g.R; ++r) {
        for (size_t c = 0; c < g.C; ++c) {
          Cell& cell = t->rows[r][t->labels + c];
          std::string name = margin_name(*t, r, c, g);
          if (!name.empty() && hidden[name] && cell.shown == Shown::Value) {
            hide(cell);
            changed = true;
          }
        }
      }
    }
  }
}

}  // namespace trustgate::report
