// Analysis of a jurisdiction's law over the whole finite request space:
// every instrument x signer x purpose x requester x custody x facts
// situation, for every action (a "cell").
//
// `check` reports the cells in conflict, the discretionary cells, the cells
// the packs cannot decide (a question denied by default because no policy
// covers it, or a policy whose evaluation errors), and the policies that
// decide no cell at all. `diff` reports the cells whose compliance differs
// between two laws: what an amendment would change.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "trustgate/policy/decision.h"
#include "trustgate/policy/library.h"

namespace trustgate::policy {

// Cells sharing an action, instrument, signer and purpose, summarised by the
// values the other dimensions take among them.
struct CellGroup {
  uint8_t action = 0, instrument = 0, signed_by = 0, purpose = 0;
  Compliance before = Compliance::Conflict;  // diff only
  Compliance after = Compliance::Conflict;   // the group's compliance (check) or new one (diff)
  uint64_t cells = 0;
  uint32_t requesters = 0;     // bit per requester seen
  uint8_t custody = 0;         // bit 0: not in custody seen, bit 1: in custody seen
  std::vector<uint8_t> facts;  // per fact: bit 0 false seen, bit 1 true seen

  // "requester ice-ero|cbp, in custody, serious_conviction" — the conditions
  // every cell of the group shares (empty when none).
  std::string conditions(const Vocabulary& vocab) const;
};

struct CheckReport {
  std::string jurisdiction;
  Date date;
  std::string policy_version;
  uint64_t cells = 0;
  std::vector<std::array<uint64_t, 4>> by_action;  // cells per Compliance, by action
  std::vector<CellGroup> conflicts;
  std::vector<CellGroup> discretionary;
  std::vector<CellGroup> undecided;
  std::vector<std::string> errors;             // distinct evaluation errors
  std::vector<const Provision*> never_decide;  // in force but in no cell's `because`
  double seconds = 0;
};

CheckReport check(const Chain& chain, Date date, const Vocabulary& vocab);
// Readable report; `verbose` also lists the discretionary groups.
std::string check_to_text(const CheckReport& r, const Vocabulary& vocab, bool verbose);

struct DiffReport {
  std::string before_name, after_name;
  std::string before_version, after_version;
  uint64_t cells = 0;
  uint64_t changed = 0;
  std::vector<CellGroup> changes;
  double seconds = 0;
};

DiffReport diff(const Law& before, const Law& after, const Vocabulary& vocab);
std::string diff_to_text(const DiffReport& r, const Vocabulary& vocab);

}  // namespace trustgate::policy
