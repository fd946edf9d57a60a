#include "trustgate/cases/deadline.h"

#include <algorithm>
#include <cstdio>

#include "base/clock.h"
#include "trustgate/policy/date.h"

namespace trustgate::cases {

namespace {

constexpr int64_t kDay = 86400;

int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// 0 = Sunday ... 6 = Saturday, for a day number counted from 1970-01-01 (a Thursday).
int weekday(int64_t day) { return static_cast<int>(((day + 4) % 7 + 7) % 7); }

// The instant of the case's first `from` event, if it happened.
bool start_of(const Case& c, const Deadline& d, Instant& out) {
  if (d.from == "received") {
    auto t = parse_instant(c.received_at);
    if (t) out = *t;
    return t.ok();
  }
  for (const Disposition& e : c.dispositions) {
    if (disposition_name(e.kind) != d.from) continue;
    auto t = parse_instant(e.happened_at);
    if (t) out = *t;
    return t.ok();
  }
  return false;
}

bool met_at(const Case& c, const Deadline& d, const Instant& start, Instant& out) {
  for (const Disposition& e : c.dispositions) {
    bool meets = false;
    for (const std::string& m : d.met_by) meets |= disposition_name(e.kind) == m;
    if (!meets) continue;
    auto t = parse_instant(e.happened_at);
    if (t && t->unix >= start.unix) {
      out = *t;
      return true;
    }
  }
  return false;
}

}  // namespace

base::Result<Instant> parse_instant(std::string_view text) {
  auto unix = policy::parse_timestamp_unix(text);
  if (!unix) return base::Error{unix.error().message};
  Instant t{*unix, 0};
  char last = text.back();
  if (last != 'Z' && last != 'z') {
    std::string_view zone = text.substr(text.size() - 6);
    int hours = (zone[1] - '0') * 10 + (zone[2] - '0');
    int minutes = (zone[4] - '0') * 10 + (zone[5] - '0');
    t.offset = (zone[0] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
  }
  return t;
}

std::string format_instant(const Instant& t) {
  std::string out = base::utc_rfc3339(t.unix + t.offset);
  if (t.offset == 0) return out;
  out.pop_back();  // the "Z"
  const int32_t a = t.offset < 0 ? -t.offset : t.offset;
  char zone[16];
  std::snprintf(zone, sizeof zone, "%c%02d:%02d", t.offset < 0 ? '-' : '+', a / 3600,
                a % 3600 / 60);
  return out + zone;
}

Instant due_time(const Instant& start, int64_t hours, bool skip_weekends) {
  int64_t local = start.unix + start.offset;
  int64_t remaining = hours * 3600;
  if (!skip_weekends) return Instant{start.unix + remaining, start.offset};
  while (remaining > 0) {
    const int64_t day = floor_div(local, kDay);
    const int wd = weekday(day);
    if (wd == 6 || wd == 0) {  // Saturday or Sunday: on to Monday, 00:00
      local = (day + (wd == 6 ? 2 : 1)) * kDay;
      continue;
    }
    const int64_t saturday = (day + (6 - wd)) * kDay;
    const int64_t step = std::min(remaining, saturday - local);
    local += step;
    remaining -= step;
  }
  return Instant{local - start.offset, start.offset};
}

std::string_view deadline_state_name(DeadlineState s) {
  switch (s) {
    case DeadlineState::NotStarted:
      return "not_started";
    case DeadlineState::Open:
      return "open";
    case DeadlineState::Met:
      return "met";
    case DeadlineState::MetLate:
      return "met_late";
  }
  return "open";
}

std::vector<DeadlineStatus> deadline_statuses(const Case& c) {
  std::vector<DeadlineStatus> out;
  for (const Deadline& d : c.deadlines) {
    DeadlineStatus s;
    s.deadline = &d;
    if (start_of(c, d, s.starts)) {
      s.due = due_time(s.starts, d.hours, d.skip_weekends);
      s.state = DeadlineState::Open;
      if (met_at(c, d, s.starts, s.met)) {
        s.state = s.met.unix <= s.due.unix ? DeadlineState::Met : DeadlineState::MetLate;
      }
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace trustgate::cases
