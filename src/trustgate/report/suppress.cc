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
        // Candidates: shown cells of the same row or column; zeros first,
        // then the smallest counts; inner cells before totals.
        std::vector<std::pair<size_t, size_t>> candidates;
        for (size_t k = 0; k < g.C; ++k) candidates.emplace_back(r, k);
        for (size_t k = 0; k < g.R; ++k) candidates.emplace_back(k, c);
        std::erase_if(candidates, [&](auto rc) { return g.at(rc.first, rc.second).shown != Shown::Value; });
        if (candidates.empty()) {
          for (size_t rr = 0; rr < g.R; ++rr) {
            for (size_t cc = 0; cc < g.C; ++cc) {
              if (g.at(rr, cc).shown == Shown::Value) candidates.emplace_back(rr, cc);
            }
          }
        }
        if (candidates.empty()) break;  // everything is suppressed already
        std::stable_sort(candidates.begin(), candidates.end(), [&](auto a, auto b) {
          auto key = [&](auto rc) {
            const int64_t v = g.at(rc.first, rc.second).count;
            const bool total = rc.first == g.R - 1 || rc.second == g.C - 1;
            return std::tuple(v != 0, total, v);
          };
          return key(a) < key(b);
        });
        bool done = false;
        for (auto [cr, cc] : candidates) {
          Cell& other = t.rows[cr][t.labels + cc];
          hide(other);
          if (!recoverable(t, r, c)) {
            done = true;
            break;
          }
          other.shown = Shown::Value;
        }
        if (!done) hide(t.rows[candidates.front().first][t.labels + candidates.front().second]);
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
  if (last_row && !t.column_margin_key.empty()) return t.column_margin_key + "/" + t.columns[t.labels + c];
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
