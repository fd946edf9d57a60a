// History: what the ledger records about every case, in the compact form
// reports count from — read from the ledger's entries only (never the case
// store), so that a report is a function of a ledger prefix.
//
// Per case: the request's particulars that reports group by (received_at,
// jurisdiction, receiving agency, requester, instrument, purpose), the
// decided outcomes (action, compliance, response), sign-offs, an override,
// closing, and the first time of each disposition (case.h). Nothing about
// the person (the request's subject and facts) and no free text (names,
// reasons) is read. Every name is interned in History::names.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "trustgate/cases/deadline.h"
#include "trustgate/ledger/checkpoint.h"
#include "trustgate/ledger/reader.h"

namespace trustgate::report {

inline constexpr uint32_t kNoName = std::numeric_limits<uint32_t>::max();
inline constexpr int64_t kNever = std::numeric_limits<int64_t>::min();

// Interned names: id(name) is stable for the life of the table.
class Names {
 public:
  uint32_t id(std::string_view name);
  // kNoName when absent.
  uint32_t find(std::string_view name) const;
  const std::string& name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
};

// A recorded time; unix == kNever when it did not happen.
struct When {
  int64_t unix = kNever;
  int32_t offset = 0;
  bool happened() const { return unix != kNever; }
  cases::Instant instant() const { return cases::Instant{unix, offset}; }
  // The calendar day as written (days since 1970-01-01).
  int32_t day() const;
};

struct RecordedOutcome {
  uint32_t action = kNoName, compliance = kNoName, response = kNoName;
};

struct CaseRecord {
  uint64_t seq = 0;  // of the received entry: the case id's number
  When received;
  uint32_t jurisdiction = kNoName, agency = kNoName, requester = kNoName, instrument = kNoName,
           purpose = kNoName, policy_version = kNoName;
  uint32_t first_outcome = 0, outcome_count = 0;  // into History::outcomes
  bool decided = false, closed = false;
  uint8_t sign_offs = 0;      // bit 0: a supervisor signed off; bit 1: counsel
  uint8_t overridden_by = 0;  // 0 not overridden, 1 a supervisor, 2 counsel
  When bail_posted, released, held, held_until, transferred, notice_given;
  uint32_t transferred_to = kNoName;
};

// Each `notified` disposition (a case may have several).
struct Notification {
  uint32_t case_index = 0;
  uint32_t to = kNoName;
  When at;
};

struct History {
  Names names;
  std::vector<CaseRecord> cases;  // in seq order
  std::vector<RecordedOutcome> outcomes;
  std::vector<Notification> notifications;
  uint64_t entries = 0;  // ledger entries read

  std::string case_id(const CaseRecord& c) const;
  const std::string& name(uint32_t id) const;  // "" for kNoName
};

struct HistoryOptions {
  unsigned threads = 0;  // 0: one per core
  std::function<void(uint64_t done, uint64_t total)> progress;
};

// Reads the first checkpoint.size entries of the ledger `log` (a file
// ledger's folder or an open ledger of either backend; ledger/reader.h:
// their root must be the checkpoint's). Fails (Corruption) naming the first
// entry that is not what its event says.
base::Result<History> read_history(const ledger::LogSource& log,
                                   const ledger::Checkpoint& checkpoint,
                                   const HistoryOptions& options = {});

}  // namespace trustgate::report
