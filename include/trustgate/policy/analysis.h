// Analysis of a jurisdiction's law over the whole finite request space:
// for every receiving agency of the registry, every instrument x signer x
// purpose x requester x custody x facts x convictions x interview mode
// situation, for every action (a "cell").
//
// The space is large (billions of cells), so it is decided by classes: a
// dimension no policy in force reads is decided once for all its values, and
// values of an enumerated dimension that every policy compares alike (only
// `==`, `!=` or `in [...]` against the same literals) form one class. The
// counts are those of the whole space; instrument, signer and purpose are
// always enumerated value by value.
//
// `check` reports the cells in conflict, the discretionary cells, the cells
// the packs cannot decide (a question denied by default because no policy
// covers it, or a policy whose evaluation errors), and the policies that
// decide no cell at all. `diff` reports the cells whose compliance differs
// between two laws: what an amendment would change.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
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
  uint32_t requesters = 0;            // bit per requester seen
  uint8_t custody = 0;                // bit 0: not in custody seen, bit 1: in custody seen
  std::vector<uint8_t> facts;         // per fact: bit 0 false seen, bit 1 true seen
  uint32_t agencies = 0;              // bit per index of the agencies analysed
  std::vector<uint32_t> convictions;  // per conviction class: bit per age seen
  uint32_t interview_modes = 0;       // bit per mode seen

  // "requester ice-ero|cbp, in custody, serious_conviction" — the conditions
  // every cell of the group shares (empty when none). `agency_names` are the
  // analysed agencies, by bit.
  std::string conditions(const Vocabulary& vocab,
                         const std::vector<std::string>& agency_names = {}) const;
};

struct CheckReport {
  std::string jurisdiction;
  std::vector<std::string> agencies;  // analysed agency ids (empty: a chain with no registry)
  Date date;
  std::string policy_version;
  uint64_t cells = 0;
  std::vector<std::array<uint64_t, 4>> by_action;  // cells per Compliance, by action
  std::vector<CellGroup> conflicts;
  std::vector<CellGroup> discretionary;
  std::vector<CellGroup> undecided;
  std::vector<std::string> errors;             // distinct evaluation errors
  std::vector<const Provision*> never_decide;  // in force but in no cell's `because`
  uint64_t evaluated = 0;  // class representatives decided (cells / their weights)
  double seconds = 0;
};

// The context paths the policies in force in `law` read, sorted
// ("facts.supervisor_on_site", "purpose", "subject.convictions.misdemeanor",
// "subject.in_custody", ...): what an answer under that law can turn on. A
// form asks only for these; "*" alone when some policy reads the context
// whole.
std::vector<std::string> context_paths_read(const Law& law, const Vocabulary& vocab);

// Every agency of the chain's registry (or the whole chain when it has none).
CheckReport check(const Chain& chain, Date date, const Vocabulary& vocab);
// Readable report; `verbose` also lists the discretionary groups.
std::string check_to_text(const CheckReport& r, const Vocabulary& vocab, bool verbose);

// Decides every cell of `action` for an agency of kind `agency_kind` under
// `law`, by the classes `check` decides, and calls f once per class with its
// representative situation, the values it stands for (a group of that class
// alone: its instrument, signer and purpose, the other dimensions' values
// and its cell count) and the outcome every cell of the class has.
void survey(const Law& law, uint8_t action, uint8_t agency_kind, const Vocabulary& vocab,
            const std::function<void(const Situation&, const CellGroup&, const Outcome&)>& f);

struct DiffReport {
  std::string before_name, after_name;
  std::string before_version, after_version;  // of the first agency's laws
  std::vector<std::string> agencies;
  uint64_t cells = 0;
  uint64_t changed = 0;
  std::array<std::array<uint64_t, 4>, 4> transitions{};  // [before][after] cell counts
  std::vector<CellGroup> changes;
  double seconds = 0;
};

// For every agency of `after`'s registry (else of `before`'s, else the whole
// chains): the law binding it in `before` on `before_date` (the whole chain
// there when `before` does not know the agency) against the law binding it in
// `after` on `after_date`.
DiffReport diff(const Chain& before, Date before_date, const Chain& after, Date after_date,
                const Vocabulary& vocab);
std::string diff_to_text(const DiffReport& r, const Vocabulary& vocab);

}  // namespace trustgate::policy
