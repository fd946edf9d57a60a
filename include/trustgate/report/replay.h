// Replay: every recorded request decided again, from the ledger.
//
// Exact replay decides each request under the law that decided it (the
// data directory's law archive, by policy_version) and requires the same
// outcome: the same policy version and, per action, the same compliance,
// response, determining policies, obligations and evaluation errors. Any
// difference means history is not reproducible, and each is listed.
//
// What-if replay decides each request under other law — a draft (a
// policies folder, or one amended pack folder in place of the pack of the
// same id), or the data directory's law in force on another date — and
// reports which cases would change: counted by action and (recorded ->
// replayed) compliance, and listed; cases whose outcome stays but whose
// grounds (policies, obligations) change are counted apart.
//
// Requests are read from the ledger's entries (received, decided), never
// from the case store; the work is spread over every core.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "base/result.h"
#include "trustgate/cases/law_archive.h"
#include "trustgate/common/json.h"
#include "trustgate/ledger/checkpoint.h"
#include "trustgate/ledger/reader.h"
#include "trustgate/policy/date.h"
#include "trustgate/policy/library.h"

namespace trustgate::report {

struct ReplayOptions {
  std::optional<policy::Date> from, to;  // received dates, inclusive
  std::string jurisdiction;              // "" for all
  // What-if: decide under this law instead of each case's own; with `at`,
  // under its law in force on that date (and only cases of `jurisdiction`).
  std::shared_ptr<const policy::Library> with;
  std::string with_name;  // how the other law was named, for the report
  std::optional<policy::Date> at;
  size_t max_listed = 10000;  // differences kept for listing (all are counted)
  unsigned threads = 0;       // 0: one per core
  // Decide each distinct (law, receiving agency, situation, actions) once
  // and compare every case recorded with it against that decision: the
  // outcomes are a function of these (policy::decide_under), and of the
  // request's id when the law reads the Cedar resource (then the id is part
  // of what is distinct). Off: every case is decided afresh.
  bool reuse_decisions = true;
  std::function<void(uint64_t done, uint64_t total)> progress;
};

// One recorded outcome as replay compares it.
struct ComparedOutcome {
  std::string action, compliance, response;
  std::string grounds;  // determining policies, obligations, errors
  friend bool operator==(const ComparedOutcome&, const ComparedOutcome&) = default;
};

struct ReplayDifference {
  std::string case_id, jurisdiction, received_at;
  std::string recorded_version, replayed_version;
  std::vector<ComparedOutcome> recorded, replayed;
  std::string problem;  // when the request could not be decided again
};

struct ReplayResult {
  bool what_if = false;
  std::string law;  // "the law that decided each case", or the other law's name
  ledger::SignedCheckpoint checkpoint;
  uint64_t cases = 0;         // replayed
  uint64_t outcomes = 0;      // decided actions replayed
  uint64_t identical = 0;     // cases whose every outcome is identical
  uint64_t changed = 0;       // cases with an outcome (compliance or response) that differs
  uint64_t grounds_only = 0;  // what-if: same outcomes, other grounds
  uint64_t skipped = 0;       // what-if: cases of a jurisdiction the other law does not know
  uint64_t versions = 0;      // distinct laws used
  uint64_t decisions = 0;     // decisions made (the other cases reused one: reuse_decisions)
  // (action, recorded compliance, replayed compliance) -> outcomes
  std::map<std::tuple<std::string, std::string, std::string>, uint64_t> by_change;
  std::vector<ReplayDifference> differences;  // at most max_listed, in case order
  double seconds = 0;

  bool reproducible() const { return !what_if && changed == 0 && differences.empty(); }
};

// Replays the cases recorded in the first checkpoint.size entries of the
// ledger `log` (a file ledger's folder or an open ledger; their root must be
// the checkpoint's).
base::Result<ReplayResult> replay(const ledger::LogSource& log,
                                  const ledger::SignedCheckpoint& checkpoint,
                                  const cases::LawArchive& archive, const ReplayOptions& options);

// The result for people (counts, then every listed difference) and programs.
std::string replay_to_text(const ReplayResult& r);
common::Json replay_to_json(const ReplayResult& r);

// Other law for what-if replay (other_law.cc).
//
// A draft of the law: `draft` is a policies folder (it holds
// schema.cedarschema) or one pack folder (pack.json; folder named as its
// id), which replaces the pack of that id in a copy of `policies` made
// under `scratch` (a new folder).
base::Result<std::shared_ptr<const policy::Library>> open_draft_law(
    const std::filesystem::path& policies, const std::filesystem::path& draft,
    const std::filesystem::path& scratch);

// A draft pack held in memory (the API's): its id and its files by name
// (pack.json and *.cedar; no folders). Written under `scratch` (a new
// folder), then opened as open_draft_law() opens a pack folder. Errors name
// the member: /draft/pack, /draft/files/NAME.
struct DraftPack {
  std::string pack;
  std::map<std::string, std::string> files;
};
base::Result<std::shared_ptr<const policy::Library>> open_draft_pack(
    const std::filesystem::path& policies, const DraftPack& draft,
    const std::filesystem::path& scratch);

// Sets `options` to replay under `law` as in force on another date, from
// "JURISDICTION@YYYY-MM-DD": with, at, jurisdiction and with_name. Fails
// (InvalidArgument, field `field`) for another form, an unknown
// jurisdiction, or options.jurisdiction naming another one.
base::Status use_law_of_date(std::shared_ptr<const policy::Library> law, std::string_view name,
                             ReplayOptions& options, const std::string& field = "--with");

}  // namespace trustgate::report
