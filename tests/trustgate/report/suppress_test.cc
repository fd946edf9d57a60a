// Small-count suppression: an attacker who knows every shown count, every
// total and the meaning of "<5" (0 to 4) and "5+" (5 or more) must not be
// able to recover any count of 1 to 4.
#include "trustgate/report/suppress.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <set>

namespace trustgate::report {
namespace {

using Shown = Cell::Shown;

// A cross-tabulation of `m` (inner counts) with its totals.
Table crosstab(const std::vector<std::vector<int64_t>>& m) {
  Table t;
  t.id = "t";
  t.crosstab = true;
  t.labels = 1;
  t.columns.push_back("row");
  const size_t cols = m.empty() ? 0 : m[0].size();
  for (size_t c = 0; c < cols; ++c) t.columns.push_back("c" + std::to_string(c));
  t.columns.push_back("total");
  std::vector<int64_t> col_totals(cols, 0);
  for (size_t r = 0; r < m.size(); ++r) {
    std::vector<Cell> row{Cell::of("r" + std::to_string(r))};
    int64_t total = 0;
    for (size_t c = 0; c < cols; ++c) {
      row.push_back(Cell::of_count(m[r][c]));
      total += m[r][c];
      col_totals[c] += m[r][c];
    }
    row.push_back(Cell::of_count(total));
    t.rows.push_back(std::move(row));
  }
  std::vector<Cell> last{Cell::of("total")};
  int64_t grand = 0;
  for (int64_t n : col_totals) last.push_back(Cell::of_count(n)), grand += n;
  last.push_back(Cell::of_count(grand));
  t.rows.push_back(std::move(last));
  return t;
}

struct Slot {
  size_t r, c;
  int64_t lo, hi;
};

// What the attacker knows: the count region's shown values (or -1) and,
// per suppressed cell, its range; totals bound the "5+" cells above.
struct Knowledge {
  size_t R = 0, C = 0;
  std::vector<int64_t> shown;  // R x C, -1 when suppressed
  std::vector<Slot> hidden;
};

Knowledge knowledge(const Table& t) {
  Knowledge k;
  k.R = t.rows.size();
  k.C = t.columns.size() - t.labels;
  // "5+" is unbounded; one more than the largest count is enough for the
  // exhaustive search to see every assignment a single +1/-1 cycle reaches.
  int64_t cap = 0;
  for (size_t r = 0; r < k.R; ++r) {
    for (size_t c = 0; c < k.C; ++c) cap = std::max(cap, t.rows[r][t.labels + c].count + 1);
  }
  for (size_t r = 0; r < k.R; ++r) {
    for (size_t c = 0; c < k.C; ++c) {
      const Cell& cell = t.rows[r][t.labels + c];
      if (cell.shown == Shown::Value) {
        k.shown.push_back(cell.count);
        continue;
      }
      k.shown.push_back(-1);
      k.hidden.push_back(cell.shown == Shown::Under5 ? Slot{r, c, 0, 4} : Slot{r, c, 5, cap});
    }
  }
  return k;
}

// Every assignment of the hidden cells that satisfies every row and column
// sum (inner cells add up to the last column and the last row); the values
// each hidden cell takes. Exhaustive: for small tables only.
std::vector<std::set<int64_t>> brute_force(const Knowledge& k) {
  std::vector<std::set<int64_t>> seen(k.hidden.size());
  std::vector<int64_t> v = k.shown;
  std::function<void(size_t)> go = [&](size_t i) {
    if (i == k.hidden.size()) {
      for (size_t r = 0; r < k.R; ++r) {
        int64_t sum = 0;
        for (size_t c = 0; c + 1 < k.C; ++c) sum += v[r * k.C + c];
        if (sum != v[r * k.C + k.C - 1]) return;
      }
      for (size_t c = 0; c < k.C; ++c) {
        int64_t sum = 0;
        for (size_t r = 0; r + 1 < k.R; ++r) sum += v[r * k.C + c];
        if (sum != v[(k.R - 1) * k.C + c]) return;
      }
      for (size_t j = 0; j < k.hidden.size(); ++j) {
        seen[j].insert(v[k.hidden[j].r * k.C + k.hidden[j].c]);
      }
      return;
    }
    for (int64_t x = k.hidden[i].lo; x <= k.hidden[i].hi; ++x) {
      v[k.hidden[i].r * k.C + k.hidden[i].c] = x;
      go(i + 1);
    }
  };
  go(0);
  return seen;
}

// The attack spreadsheet users make: tighten each hidden cell's bounds from
// its row's and its column's sums until nothing changes.
std::vector<std::pair<int64_t, int64_t>> propagate(const Knowledge& k) {
  std::vector<std::pair<int64_t, int64_t>> b;
  std::vector<int> index(k.R * k.C, -1);
  for (size_t j = 0; j < k.hidden.size(); ++j) {
    b.emplace_back(k.hidden[j].lo, k.hidden[j].hi);
    index[k.hidden[j].r * k.C + k.hidden[j].c] = static_cast<int>(j);
  }
  auto lo = [&](size_t r, size_t c) {
    int i = index[r * k.C + c];
    return i < 0 ? k.shown[r * k.C + c] : b[i].first;
  };
  auto hi = [&](size_t r, size_t c) {
    int i = index[r * k.C + c];
    return i < 0 ? k.shown[r * k.C + c] : b[i].second;
  };
  // One line: cells[0..n-2] add up to cells[n-1].
  auto tighten = [&](const std::vector<std::pair<size_t, size_t>>& cells) {
    bool changed = false;
    const size_t n = cells.size();
    for (size_t x = 0; x < n; ++x) {
      const int i = index[cells[x].first * k.C + cells[x].second];
      if (i < 0) continue;
      int64_t new_lo, new_hi;
      if (x == n - 1) {
        new_lo = 0, new_hi = 0;
        for (size_t y = 0; y + 1 < n; ++y) {
          new_lo += lo(cells[y].first, cells[y].second);
          new_hi += hi(cells[y].first, cells[y].second);
        }
      } else {
        const auto& total = cells[n - 1];
        int64_t others_lo = 0, others_hi = 0;
        for (size_t y = 0; y + 1 < n; ++y) {
          if (y == x) continue;
          others_lo += lo(cells[y].first, cells[y].second);
          others_hi += hi(cells[y].first, cells[y].second);
        }
        new_lo = lo(total.first, total.second) - others_hi;
        new_hi = hi(total.first, total.second) - others_lo;
      }
      if (new_lo > b[i].first) b[i].first = new_lo, changed = true;
      if (new_hi < b[i].second) b[i].second = new_hi, changed = true;
    }
    return changed;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t r = 0; r < k.R; ++r) {
      std::vector<std::pair<size_t, size_t>> line;
      for (size_t c = 0; c < k.C; ++c) line.emplace_back(r, c);
      changed |= tighten(line);
    }
    for (size_t c = 0; c < k.C; ++c) {
      std::vector<std::pair<size_t, size_t>> line;
      for (size_t r = 0; r < k.R; ++r) line.emplace_back(r, c);
      changed |= tighten(line);
    }
  }
  return b;
}

bool primary(const Cell& c) { return c.is_count && c.count >= 1 && c.count <= 4; }

TEST(Suppression, EveryCountOf1To4ShowsUnder5AndTheTotalsDoNotGiveItAway) {
  Table t = crosstab({{10, 2, 30}, {12, 15, 9}, {7, 8, 20}});
  std::vector<Table*> tables{&t};
  suppress_small_counts(tables);
  const Cell& two = t.rows[0][2];
  EXPECT_EQ(two.display(), "<5");
  EXPECT_FALSE(recoverable(t, 0, 1));
  // Its row and its column each hold another suppressed cell (it cannot be alone).
  int in_row = 0, in_col = 0;
  for (size_t c = 1; c < t.columns.size(); ++c) in_row += t.rows[0][c].shown != Shown::Value;
  for (size_t r = 0; r < t.rows.size(); ++r) in_col += t.rows[r][2].shown != Shown::Value;
  EXPECT_GE(in_row, 2);
  EXPECT_GE(in_col, 2);
  // Nothing else: the 2 needs three partners at most (a rectangle).
  int hidden = 0;
  for (const auto& row : t.rows) {
    for (const Cell& c : row) hidden += c.is_count && c.shown != Shown::Value;
  }
  EXPECT_LE(hidden, 4);
  auto seen = brute_force(knowledge(t));
  for (const auto& s : seen) EXPECT_GE(s.size(), 2u);
}

TEST(Suppression, ATotalOf1To4IsSuppressedToo) {
  Table t = crosstab({{3, 0}, {0, 0}});  // row total 3, column total 3, grand total 3
  std::vector<Table*> tables{&t};
  suppress_small_counts(tables);
  for (size_t r = 0; r < t.rows.size(); ++r) {
    for (size_t c = 0; c + 1 < t.columns.size(); ++c) {
      const Cell& cell = t.rows[r][1 + c];
      if (primary(cell)) {
        EXPECT_EQ(cell.display(), "<5");
        EXPECT_FALSE(recoverable(t, r, c)) << r << "," << c;
      }
    }
  }
}

TEST(Suppression, SharedMarginsAreSuppressedInEveryTable) {
  Table a = crosstab({{2, 40}, {30, 30}});
  Table b = crosstab({{21, 21}, {30, 30}});  // the same row totals (42, 60)
  a.row_margin_key = b.row_margin_key = "requests/month";
  std::vector<Table*> tables{&a, &b};
  suppress_small_counts(tables);
  for (size_t r = 0; r < a.rows.size(); ++r) {
    EXPECT_EQ(a.rows[r].back().shown, b.rows[r].back().shown) << "row " << r;
  }
}

// The residual search agrees with an exhaustive search, and no attack recovers
// a suppressed count, on many random tables.
TEST(Suppression, NoAttackRecoversASuppressedCount) {
  std::mt19937 rng(20251201);
  int primaries = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    const size_t rows = 1 + rng() % 5, cols = 1 + rng() % 5;
    std::vector<std::vector<int64_t>> m(rows, std::vector<int64_t>(cols));
    for (auto& row : m) {
      for (int64_t& v : row) {
        const unsigned pick = rng() % 10;
        v = pick < 3 ? 0 : pick < 7 ? 1 + rng() % 4 : 5 + rng() % 20;
      }
    }
    Table t = crosstab(m);
    Table original = t;
    std::vector<Table*> tables{&t};
    suppress_small_counts(tables);
    const Knowledge k = knowledge(t);
    // Suppression never lies: every shown count is the count.
    for (size_t r = 0; r < t.rows.size(); ++r) {
      for (size_t c = 1; c < t.columns.size(); ++c) {
        const Cell& cell = t.rows[r][c];
        ASSERT_EQ(cell.count, original.rows[r][c].count);
        ASSERT_TRUE(cell.shown != Shown::Under5 || cell.count <= 4);
        ASSERT_TRUE(cell.shown != Shown::AtLeast5 || cell.count >= 5);
        ASSERT_TRUE(!primary(cell) || cell.shown != Shown::Value);
      }
    }
    const auto bounds = propagate(k);
    double space = 1;
    for (const Slot& h : k.hidden) space *= static_cast<double>(h.hi - h.lo + 1);
    const bool small = space <= 5e4;
    const auto seen = small ? brute_force(k) : std::vector<std::set<int64_t>>{};
    for (size_t j = 0; j < k.hidden.size(); ++j) {
      const Cell& cell = t.rows[k.hidden[j].r][1 + k.hidden[j].c];
      if (!primary(cell)) continue;
      ++primaries;
      EXPECT_LT(bounds[j].first, bounds[j].second)
          << "trial " << trial << ": propagation pins (" << k.hidden[j].r << ","
          << k.hidden[j].c << ") to " << bounds[j].first;
      EXPECT_FALSE(recoverable(t, k.hidden[j].r, k.hidden[j].c)) << "trial " << trial;
      if (small) {
        EXPECT_GE(seen[j].size(), 2u) << "trial " << trial << ": exhaustive search pins ("
                                      << k.hidden[j].r << "," << k.hidden[j].c << ")";
      }
    }
    // recoverable() is exact: wherever the exhaustive search finds one value, it says so.
    if (small) {
      for (size_t j = 0; j < k.hidden.size(); ++j) {
        EXPECT_EQ(seen[j].size() == 1, recoverable(t, k.hidden[j].r, k.hidden[j].c))
            << "trial " << trial << " cell " << k.hidden[j].r << "," << k.hidden[j].c;
      }
    }
  }
  EXPECT_GT(primaries, 2000);  // the tables did hold small counts
}

}  // namespace
}  // namespace trustgate::report
