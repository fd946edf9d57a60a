// Checking ledger entries as an auditor would: each line is canonical JSON
// (sorted keys, no insignificant whitespace) whose "seq" is its line number.
// The lines of a large log are checked and leaf-hashed on several threads;
// the caller folds the leaf hashes into the tree in order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "trustgate/ledger/hash.h"

namespace trustgate::ledger {

// The result of checking a run of consecutive complete lines.
struct CheckedRun {
  std::vector<Hash> leaves;  // leaf hashes of the good lines, in order
  uint64_t first_seq = 0;    // the "seq" of the run's first line (when it has one)
  // When a line is bad: its position in the run (== leaves.size()) and why.
  bool bad = false;
  std::string problem;
};

// Checks `lines` (complete lines, each ending in '\n', no NUL bytes) split
// into up to `threads` runs at line boundaries. Within a run, line i must
// carry "seq" first_seq + i; the caller checks each run's first_seq against
// the number of lines before it. `readable`: how many bytes from
// lines.data() on may be read (lines.size() or more); lines followed by
// enough readable bytes are parsed in place, the others copied.
std::vector<CheckedRun> check_lines(std::string_view lines, unsigned threads, size_t readable = 0);

// Checks one line (without its '\n'); an empty string when good. `expected`
// is the seq it must carry; `scratch` is reused between calls.
std::string check_line(std::string_view line, uint64_t expected, std::string& scratch);

}  // namespace trustgate::ledger
