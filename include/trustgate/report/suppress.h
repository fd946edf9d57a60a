// Small-count suppression for published cross-tabulations (report.h,
// Table::crosstab), so that nobody learns how many of a handful of people a
// count holds, neither from the cell nor from the totals around it.
//
//  1. primary: every count of 1 to 4, totals included, shows "<5";
//  2. complementary: while some count of 1 to 4 could be recovered exactly
//     from what its table shows, another cell of its row or column is
//     suppressed too: a zero ("<5": fewer than five, possibly none) when
//     that protects it, else the smallest count of 5 or more ("5+");
//  3. a margin shared by several tables (the same margin key and label) is
//     suppressed in all of them when it is in one.
//
// "Recovered" is exact: a reader knows every shown count, that each row and
// column of counts adds up to its total, that "<5" is 0 to 4 and "5+" is 5 or
// more. A suppressed count is recoverable when no other assignment of values
// within those ranges satisfies every sum — that is, when no cycle of
// +1/-1 changes through suppressed cells keeps them all within range (a
// residual-graph search on the table's rows and columns; the sums form a
// network matrix, so this decides the integer question exactly).
#pragma once

#include <cstddef>
#include <span>

#include "trustgate/report/report.h"

namespace trustgate::report {

void suppress_small_counts(std::span<Table* const> tables);

// Whether the count at rows[row][labels + column] of a cross-tabulation
// could be recovered (see above). For tests and for the suppression itself.
bool recoverable(const Table& table, size_t row, size_t column);

}  // namespace trustgate::report
