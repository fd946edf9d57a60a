// Times of what happened to a case, and the deadlines of its obligations.
//
// A recorded time is RFC 3339 with the UTC offset the agency wrote it in
// ("2025-01-27T14:03:00-06:00"); an Instant keeps both, so that a due time
// prints in the offset of the time it counts from, and "Saturday" means the
// agency's Saturday.
//
// A deadline (case.h, Deadline) starts at the first `from` event: the
// request's received_at for "received", else the happened_at of the case's
// first disposition of that kind. It is met by the first `met_by`
// disposition whose happened_at is not before the start. Its due time is
// start + hours, not counting (with skip_weekends) the hours of Saturdays
// and Sundays in the start's offset. Holidays are not modelled.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "trustgate/cases/case.h"

namespace trustgate::cases {

struct Instant {
  int64_t unix = 0;    // seconds since 1970-01-01T00:00:00Z
  int32_t offset = 0;  // seconds east of UTC, as written
  friend bool operator==(const Instant&, const Instant&) = default;
};

// Parses an RFC 3339 timestamp with a UTC offset (or "Z"); fractions of a
// second are dropped. InvalidArgument otherwise.
base::Result<Instant> parse_instant(std::string_view text);

// "YYYY-MM-DDTHH:MM:SS" and the offset ("Z" when 0, else "+hh:mm"/"-hh:mm").
std::string format_instant(const Instant& t);

// start + hours, skipping Saturdays and Sundays (in start's offset) when
// skip_weekends.
Instant due_time(const Instant& start, int64_t hours, bool skip_weekends);

enum class DeadlineState : uint8_t {
  NotStarted,  // the `from` event has not happened (e.g. no hold yet)
  Open,        // started, not met
  Met,         // met by the due time
  MetLate,     // met after the due time
};
std::string_view deadline_state_name(DeadlineState s);  // "not_started", "open", "met", "met_late"

struct DeadlineStatus {
  const Deadline* deadline = nullptr;  // points into the case
  DeadlineState state = DeadlineState::NotStarted;
  Instant starts{}, due{}, met{};  // meaningful once started / met
};

// The status of each of the case's deadlines, in order. Times the case holds
// were checked when recorded; one that does not parse counts as not there.
std::vector<DeadlineStatus> deadline_statuses(const Case& c);

// Open and past due at `now` (Unix seconds).
inline bool overdue(const DeadlineStatus& s, int64_t now) {
  return s.state == DeadlineState::Open && now > s.due.unix;
}

}  // namespace trustgate::cases
