// The open deadlines of many cases: what `trustgate case due`, the
// supervisor queue and /metrics show.
//
// A deadline is open when it has started and is not met (deadline.h); it is
// overdue at `now` when now is past its due time. Only cases that are not
// closed count: a closed case takes no more dispositions, so its deadlines
// can no longer be met (closing is refused while the person is held).
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "trustgate/cases/case.h"
#include "trustgate/cases/deadline.h"
#include "trustgate/common/json.h"

namespace trustgate::cases {

struct OpenDeadline {
  const Case* c = nullptr;  // points into the cases given
  DeadlineStatus status;
  bool overdue = false;
};

// The open deadlines of `cases` (with only_overdue, those past due at
// `now`, Unix seconds), soonest due first; ties keep the cases' order.
std::vector<OpenDeadline> open_deadlines(std::span<const Case> cases, int64_t now,
                                         bool only_overdue = false);

// {"case", "state", "jurisdiction", "receiving_agency", "obligation",
//  "starts_at", "due_at", "overdue"}
common::Json open_deadline_json(const OpenDeadline& d);

// Open and overdue deadlines counted by obligation id.
struct DeadlineCounts {
  std::map<std::string, uint64_t> open, overdue;
};
DeadlineCounts count_open_deadlines(std::span<const Case> cases, int64_t now);

}  // namespace trustgate::cases
