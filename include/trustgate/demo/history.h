// A plausible year of requests for one jurisdiction, recorded through the
// workflow like real ones, so that reports, replay and the UI can be tried
// at once and benchmarked (`trustgate demo`).
//
// Volume: ICE published its daily counts of detainers lodged nationwide in
// late January 2025 (853 on the 27th, 869 on the 28th; fewer at the
// weekend: 421 on Saturday the 25th, 554 on Sunday the 26th). The demo
// takes 860 requests a day nationwide, scaled to the jurisdiction by its
// share of the U.S. population, with that weekday/weekend ratio, unless a
// number of cases is given. Mix: mostly I-247A detainers, then I-247N
// notification requests, administrative warrants, informal requests for
// help on scene or for records, subpoenas and judge-signed warrants; each
// decided under the data directory's law and followed by what an agency
// would plausibly do (sign-offs, releases, bail, holds, transfers,
// notifications, notices, the odd override, closing). Deterministic for a
// seed. The people are fictional; nothing about them is recorded.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "trustgate/cases/workflow.h"
#include "trustgate/policy/library.h"

namespace trustgate::demo {

struct DemoOptions {
  std::string jurisdiction = "us-il-chicago";
  uint64_t cases = 0;  // 0: scaled from the published figures
  uint64_t seed = 1;
  int year = 2025;        // requests received in this calendar year
  size_t batch = 512;     // cases per ledger unit
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct DemoResult {
  uint64_t cases = 0;
  uint64_t entries = 0;  // ledger entries written
  double seconds = 0;
};

// The default number of cases for a jurisdiction and year.
uint64_t default_cases(const std::string& jurisdiction, int year);

// Generates one case: the request and the steps that follow its decision
// (decided here with `library`, as the workflow will decide it).
class DemoGenerator {
 public:
  DemoGenerator(std::shared_ptr<const policy::Library> library, DemoOptions options);
  base::Status check() const;  // the jurisdiction is known
  uint64_t total() const { return total_; }
  // The next case, in order of received_at; false when all were made.
  base::Result<bool> next(cases::RecordedCase& out);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
  uint64_t total_ = 0;
};

// Records the generated history through `workflow`, `options.batch` cases
// per ledger unit.
base::Result<DemoResult> record_demo(cases::CaseWorkflow& workflow,
                                     std::shared_ptr<const policy::Library> library,
                                     const DemoOptions& options, const cases::Actor& actor);

}  // namespace trustgate::demo
