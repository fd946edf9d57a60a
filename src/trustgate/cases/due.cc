#include "trustgate/cases/due.h"

#include <algorithm>

namespace trustgate::cases {

std::vector<OpenDeadline> open_deadlines(std::span<const Case> cases, int64_t now,
                                         bool only_overdue) {
  std::vector<OpenDeadline> out;
  for (const Case& c : cases) {
    if (c.state == CaseState::Closed || c.deadlines.empty()) continue;
    for (const DeadlineStatus& s : deadline_statuses(c)) {
      if (s.state != DeadlineState::Open) continue;
      const bool late = overdue(s, now);
      if (only_overdue && !late) continue;
      out.push_back(OpenDeadline{&c, s, late});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const OpenDeadline& x, const OpenDeadline& y) {
    return x.status.due.unix < y.status.due.unix;
  });
  return out;
}

common::Json open_deadline_json(const OpenDeadline& d) {
  common::Json j = common::Json::object();
  j.set("case", d.c->id);
  j.set("state", state_name(d.c->state));
  j.set("jurisdiction", d.c->jurisdiction);
  j.set("receiving_agency", d.c->receiving_agency);
  j.set("obligation", d.status.deadline->obligation);
  j.set("starts_at", format_instant(d.status.starts));
  j.set("due_at", format_instant(d.status.due));
  j.set("overdue", d.overdue);
  return j;
}

DeadlineCounts count_open_deadlines(std::span<const Case> cases, int64_t now) {
  DeadlineCounts counts;
  for (const OpenDeadline& d : open_deadlines(cases, now)) {
    ++counts.open[d.status.deadline->obligation];
    if (d.overdue) ++counts.overdue[d.status.deadline->obligation];
  }
  return counts;
}

}  // namespace trustgate::cases
